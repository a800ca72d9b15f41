/**
 * What a user does in VS Code, as playwright-core calls on code-server's workbench: run a
 * command from the palette, open a file with Ctrl+P, go to a line, point at a word, read
 * the status bar. Selectors are VS Code's own class names and ARIA labels.
 */
import type { Locator, Page } from 'playwright-core';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value that is not undefined/false, or fails with `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await pause(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message.split('\n')[0]})` : ''}`);
}

const quickInput = (page: Page) => page.locator('.quick-input-widget');

/** Opens the command palette (F1), types the command's title and runs the first match. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = quickInput(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: title }) })
    .first();
  await row.waitFor({ state: 'visible' });
  await pause(150);
  await page.keyboard.press('Enter');
  await quickInput(page)
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}

/** Opens a file of the workspace by (part of) its name with Ctrl+P. */
export async function openFile(page: Page, name: string): Promise<void> {
  await focusEditorArea(page);
  await page.keyboard.press('Control+P');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await quickInput(page)
    .locator('.monaco-list-row .label-name', { hasText: name })
    .first()
    .waitFor({ state: 'visible' });
  await pause(150);
  await page.keyboard.press('Enter');
  await until(`the tab of ${name}`, async () => (await activeTab(page))?.includes(name));
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Clicks into the active editor's text so that keys go to it. */
export async function focusEditorArea(page: Page): Promise<void> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  // At the left edge of the text, below any sticky heading; `force` because VS Code's
  // overlays (code lenses, hovers) may lie over the text without taking the click.
  if (await editor.isVisible().catch(() => false))
    await editor.locator('.view-lines').click({ position: { x: 3, y: 40 }, force: true });
}

/** Ctrl+G to a one-based line and column. */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await pause(150);
  await page.keyboard.press('Enter');
  await until(`the cursor at ${line}:${column}`, async () => {
    const at = await cursor(page);
    return at?.line === line && at.column === column;
  });
}

export async function activeTab(page: Page): Promise<string | undefined> {
  const tab = page.locator('.tabs-container .tab.active').first();
  return (await tab.getAttribute('aria-label').catch(() => null)) ?? undefined;
}

/** The cursor position from the status bar ("Ln 12, Col 5"). */
export async function cursor(page: Page): Promise<{ line: number; column: number } | undefined> {
  const text = await statusBarText(page, 'status.editor.selection');
  const m = /Ln (\d+), Col (\d+)/.exec(text ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

export async function statusBarText(page: Page, id: string): Promise<string | undefined> {
  const item = page.locator(`[id="${id}"]`);
  if ((await item.count()) === 0) return undefined;
  return (await item.first().innerText()).trim();
}

/**
 * The span of the visible editor text that is exactly `text` (a semantic token of its own),
 * or with `prefix` the first span starting with it (a token the grammar splits further, such
 * as a date whose brackets are punctuation).
 */
export function tokenSpan(page: Page, text: string, prefix = false): Locator {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .locator('.editor-instance .monaco-editor .view-lines .view-line span > span')
    .filter({ hasText: new RegExp(prefix ? `^${escaped}` : `^${escaped}$`) });
}

/** Moves the mouse onto an element and waits for the hover card; returns its text. */
export async function hoverOver(page: Page, target: Locator, expected?: RegExp): Promise<string> {
  // Code lenses and semantic tokens arrive after the text and move it; a card for the word
  // that slid under the pointer is not the card asked for, so point again, up to three times.
  let text = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.mouse.move(5, 5);
    await pause(200);
    const box = await stableBox(target);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await until('hover content', async () => ((await hover.innerText()).trim().length > 10 ? true : undefined));
    text = await hover.innerText();
    if (!expected || expected.test(text)) return text;
  }
  return text;
}

/** The element's box once it has stopped moving (two equal readings in a row). */
async function stableBox(target: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = await target.boundingBox();
  for (let i = 0; i < 20; i++) {
    await pause(150);
    const now = await target.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y) return now;
    last = now;
  }
  if (!last) throw new Error('the word to hover is not on screen');
  return last;
}

/** The text of the visible lines of the active editor. */
export async function visibleText(page: Page): Promise<string> {
  return page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
}

/** The computed colour of an element. */
export async function colourOf(target: Locator): Promise<string> {
  // Runs in the page, where the DOM's getComputedStyle exists; Node's types do not declare it.
  return target.evaluate(
    (el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color,
  );
}
