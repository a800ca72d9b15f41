/**
 * The steps of the end-to-end test, in order, each what a user does and sees. A step throws
 * to fail; the runner takes its screenshot either way. Steps after a failed one still run,
 * from a state they set up themselves (each opens the files it needs).
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import {
  activeTab,
  colourOf,
  cursor,
  focusEditorArea,
  goToLine,
  hoverOver,
  openFile,
  pause,
  runCommand,
  statusBarText,
  tokenSpan,
  until,
  visibleText,
} from './workbench';

export interface E2eContext {
  readonly page: Page;
  readonly workspace: string;
  readonly extensionsDir: string;
  readonly userData: string;
  readonly log: (message: string) => void;
  /** Figures printed at the end (activation time). */
  readonly notes: string[];
  /** Takes an extra screenshot in the middle of a step, named after the step and `name`. */
  readonly shot: (name: string) => Promise<void>;
}

export interface Step {
  readonly name: string;
  /** The screenshot's file name. */
  readonly slug: string;
  /** Set-up steps run even when E2E_ONLY selects others. */
  readonly setup?: boolean;
  /**
   * A step that is known to fail for a reason outside this test, named here. Its failure is
   * reported as known and does not fail the run; once it passes, the run says to remove the mark.
   */
  readonly knownFailure?: string;
  run(context: E2eContext): Promise<void>;
}

const SEED = {
  s000: '000_4fcd428554b688c6.txt',
  s001: '001_59bd3036bfdfea0d.txt',
  s002: '002_39ea2386c1d7ada1.txt',
  s003: '003_c5127e84668161b7.txt',
  s004: '004_1c12d9f6ba6291dd.txt',
};

function expect(condition: unknown, message: string): void {
  if (!condition) throw new Error(message);
}

/** The language server's process: a node process running our dist/server.js from this profile's extensions. */
function serverPids(extensionsDir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(extensionsDir) && line.includes('dist/server.js'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  // A modified buffer asks whether to save: do not save, the workspace is a throw-away copy.
  const dontSave = page.getByRole('button', { name: /Don't Save/ });
  for (let i = 0; i < 3 && (await dontSave.isVisible().catch(() => false)); i++) {
    await dontSave.click();
    await pause(300);
  }
}

/** The number of findings the status bar counts for the five seeds. */
async function findingsOf(page: Page): Promise<string | undefined> {
  return /5 files · (\d+) findings/.exec(await page.locator('.statusbar').innerText())?.[1];
}

/** The count once it has settled: every file's findings in, none pending. */
async function settledFindings(page: Page): Promise<string> {
  return until('the findings of the seeds to settle', async () => {
    const first = await findingsOf(page);
    await pause(1500);
    return first !== undefined && first !== '0' && first === (await findingsOf(page)) ? first : undefined;
  });
}

/** Hides the bottom panel (Problems) when it is open, to give the side bar's views room. */
async function hidePanel(page: Page): Promise<void> {
  if (
    await page
      .locator('.part.panel')
      .isVisible()
      .catch(() => false)
  )
    await runCommand(page, 'View: Hide Panel');
}

async function hoverJaxa(page: Page): Promise<string> {
  await openFile(page, SEED.s000);
  await goToLine(page, 12, 1);
  const jaxa = tokenSpan(page, 'JAXA').first();
  await jaxa.waitFor({ state: 'visible', timeout: 30_000 });
  return hoverOver(page, jaxa, /Japan Aerospace Exploration Agency/);
}

export const steps: readonly Step[] = [
  {
    name: 'the workbench is ready and the extension active',
    slug: 'workbench',
    setup: true,
    async run({ page }) {
      // The status-bar item appears once the extension has activated and the server answered.
      await openFile(page, SEED.s000);
      await until(
        'the Agreement status-bar item to count files',
        async () => /\d+ files? ·/.test(await page.locator('.statusbar').innerText()),
        60_000,
      );
    },
  },
  {
    name: 'open seed 000: language mode Agreement; labels, dates and entities coloured',
    slug: 'coloured',
    async run({ page }) {
      await openFile(page, SEED.s000);
      const mode = await statusBarText(page, 'status.editor.mode');
      expect(mode === 'Agreement', `the language mode is ${mode}, not Agreement`);
      const jaxa = tokenSpan(page, 'JAXA').first();
      await jaxa.waitFor({ state: 'visible', timeout: 30_000 });
      const plain = await colourOf(page.locator('.editor-instance .view-lines span.mtk1').first());
      const label = await colourOf(tokenSpan(page, '1.').first());
      const date = await colourOf(tokenSpan(page, '2026年5月2日').first());
      const agency = await colourOf(jaxa);
      const program = await colourOf(tokenSpan(page, 'NEXUS').first());
      expect(label !== plain, `the clause label is plain text (${label})`);
      expect(date !== plain, `the date is plain text (${date})`);
      expect(agency !== plain, `JAXA is plain text (${agency})`);
      expect(agency !== date, `JAXA and the date have the same colour (${agency})`);
      expect(program !== plain && program !== agency, `NEXUS is not coloured as a program (${program})`);
    },
  },
  {
    name: 'hover JAXA: the agency card',
    slug: 'hover-jaxa',
    async run({ page }) {
      const text = await hoverJaxa(page);
      expect(/Japan Aerospace Exploration Agency/.test(text), `the hover says: ${text.slice(0, 200)}`);
      expect(/宇宙航空研究開発機構/.test(text), 'the hover lacks the Japanese name');
    },
  },
  {
    name: 'hover 令和3(2021)年11月23日(火) in 003: 2021-11-23, Tuesday',
    slug: 'hover-date',
    async run({ page }) {
      await openFile(page, SEED.s003);
      const date = tokenSpan(page, '令和3', true).first();
      await date.waitFor({ state: 'visible', timeout: 30_000 });
      const text = await hoverOver(page, date, /2021-11-23/);
      expect(text.includes('2021-11-23'), `the hover says: ${text.slice(0, 200)}`);
      expect(/Tuesday/.test(text), `the hover lacks the weekday: ${text.slice(0, 200)}`);
    },
  },
  {
    name: 'F12 on AZEC in 000 with 002 closed lands on its definition in 002',
    slug: 'f12-azec',
    async run({ page }) {
      await closeAllEditors(page);
      await openFile(page, SEED.s000);
      await goToLine(page, 35, 3);
      await page.keyboard.press('F12');
      await until('002 to open', async () => (await activeTab(page))?.includes(SEED.s002));
      const at = await until('the cursor in 002', async () => {
        const c = await cursor(page);
        return c && c.line === 12 ? c : undefined;
      });
      expect(at.line === 12, `F12 landed on line ${at.line} of 002`);
    },
  },
  {
    name: "the Problems panel lists the seeds' findings",
    slug: 'problems',
    async run({ page }) {
      await closeAllEditors(page);
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ state: 'visible' });
      const text = await until(
        'findings of closed files',
        async () => {
          const t = await panel.innerText();
          return ['VNSC', 'STEM', '両当事者', 'AZEC'].every((w) => t.includes(w)) ? t : undefined;
        },
        40_000,
      );
      for (const file of [SEED.s000, SEED.s001, SEED.s004])
        expect(text.includes(file), `no findings listed for ${file}`);
    },
  },
  {
    name: 'the status bar counts files and findings',
    slug: 'status-bar',
    async run({ page }) {
      const text = await until('the status item', async () => {
        const t = await page.locator('.statusbar').innerText();
        return /5 files · \d+ findings/.test(t) ? t : undefined;
      });
      const m = /5 files · (\d+) findings/.exec(text)!;
      expect(Number(m[1]) >= 7, `the status bar counts ${m[1]} findings`);
    },
  },
  {
    name: "the server's output: one indexing pass, the five seeds",
    slug: 'server-output',
    async run({ page, notes }) {
      await runCommand(page, 'Agreement: Show Server Output');
      const output = page.locator('.part.panel');
      const text = await until('the indexing line', async () => {
        // The editor renders spaces as no-break spaces.
        const t = (await output.innerText()).replace(/\u00a0/g, ' ');
        return /indexed \d+ agreement files/.test(t) ? t : undefined;
      });
      const lines = text.split('\n').filter((l) => /indexed \d+ agreement files/.test(l));
      expect(lines.length === 1, `the server indexed ${lines.length} times: ${lines.join(' | ')}`);
      expect(/indexed 5 agreement files/.test(lines[0]!), `the log says: ${lines[0]}`);
      const activated = /activated in (\d+) ms/.exec(text);
      if (activated)
        notes.push(`activation of Agreement Annotator with its server started (its own log): ${activated[1]} ms`);
    },
  },
  {
    name: 'a quick fix applies: spell out AZEC in 000',
    slug: 'quick-fix',
    async run({ page }) {
      await closeAllEditors(page);
      await openFile(page, SEED.s000);
      await goToLine(page, 35, 3);
      await until('the squiggle under AZEC', async () =>
        (await page.locator('.editor-instance .squiggly-warning').count()) > 0 ? true : undefined,
      );
      await page.keyboard.press('Control+.');
      const widget = page.locator('.action-widget', { hasText: 'Spell out AZEC' });
      await widget.waitFor({ state: 'visible' });
      // The preferred fix is the one selected; Enter applies it, as a user would.
      await page.keyboard.press('Enter');
      await until('the spelled-out name', async () =>
        (await visibleText(page)).includes('アジア・ゼロエミッション共同体(AZEC)') ? true : undefined,
      );
    },
  },
  {
    name: 'fix all replaces every use of 両当事者 in 004',
    slug: 'fix-all',
    async run({ page }) {
      await openFile(page, SEED.s004);
      const count = async () => {
        await page.keyboard.press('Control+F');
        const input = page.locator('.find-widget textarea, .find-widget input').first();
        await input.waitFor({ state: 'visible' });
        await input.fill('両当事者');
        await pause(400);
        const matches = (await page.locator('.find-widget .matchesCount').innerText()).trim();
        await page.keyboard.press('Escape');
        return matches;
      };
      const before = await count();
      const total = Number(/of (\d+)/.exec(before)?.[1] ?? 0);
      expect(total >= 20, `before the fix, find says "${before}"`);
      await focusEditorArea(page);
      await until('the squiggles of 004', async () =>
        (await page.locator('.editor-instance .squiggly-warning').count()) > 0 ? true : undefined,
      );
      await runCommand(page, 'Fix All');
      const after = await until('every use replaced', async () => {
        const c = await count();
        return /No results/.test(c) ? c : undefined;
      });
      expect(/No results/.test(after), `after fix all, find says "${after}"`);
    },
  },
  {
    name: '"Agreement: Go to Related Clause" on the NEXUS clause opens a clause of another file',
    slug: 'related-clause',
    async run({ page, shot }) {
      await closeAllEditors(page);
      await openFile(page, SEED.s000);
      await goToLine(page, 22, 3);
      await runCommand(page, 'Agreement: Go to Related Clause');
      const rows = page.locator('.quick-input-widget .monaco-list-row');
      await rows.first().waitFor({ state: 'visible' });
      await pause(300);
      await shot('pick');
      const other = rows.filter({ hasNot: page.locator('.label-description', { hasText: SEED.s000 }) }).first();
      await other.waitFor({ state: 'visible' });
      await other.click();
      await until('another file', async () => {
        const tab = await activeTab(page);
        return tab !== undefined && !tab.includes(SEED.s000) ? tab : undefined;
      });
    },
  },
  {
    name: 'the Agreements view lists JAXA; a mention reveals it',
    slug: 'agreements-view',
    async run({ page }) {
      await hidePanel(page);
      // Fold the file tree away, as a user would, to give the view room.
      const files = page.locator('.pane-header[aria-expanded="true"]', { hasText: 'workspace' }).first();
      if (await files.isVisible().catch(() => false)) await files.click();
      await runCommand(page, 'Explorer: Focus on Agreements View');
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Agreements' }) });
      const agencies = pane.locator('.monaco-list-row', { hasText: 'Agencies' }).first();
      await agencies.waitFor({ state: 'visible' });
      if ((await agencies.getAttribute('aria-expanded')) !== 'true') await agencies.click();
      const jaxa = pane.locator('.monaco-list-row', { hasText: 'JAXA' }).first();
      await jaxa.waitFor({ state: 'visible' });
      await jaxa.click();
      const mention = pane.locator('.monaco-list-row', { hasText: `${SEED.s000}:12` }).first();
      await mention.waitFor({ state: 'visible' });
      await mention.click();
      await until('000 at line 12', async () => {
        const c = await cursor(page);
        return (await activeTab(page))?.includes(SEED.s000) && c?.line === 12 ? true : undefined;
      });
    },
  },
  {
    name: 'the Agreements view filters',
    slug: 'agreements-filter',
    async run({ page }) {
      await hidePanel(page);
      await runCommand(page, 'Explorer: Focus on Agreements View');
      await runCommand(page, 'Agreement: Filter the Agreements View');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('宇宙');
      await page.keyboard.press('Enter');
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Agreements' }) });
      const agencies = pane.locator('.monaco-list-row[aria-level="1"]', { hasText: 'Agencies' }).first();
      const count = async () => Number(/Agencies\s*(\d+)/.exec(await agencies.innerText())?.[1] ?? NaN);
      await until('the filter message', async () =>
        (await pane.innerText()).includes('Filtered by') ? true : undefined,
      );
      const filtered = await until('fewer agencies', async () => {
        const n = await count();
        return n > 0 && n < 10 ? n : undefined;
      });
      expect((await pane.innerText()).includes('JAXA'), 'JAXA is not among the filtered agencies');
      await runCommand(page, 'Agreement: Clear the Filter of the Agreements View');
      await until('every agency again', async () => ((await count()) > filtered ? true : undefined));
    },
  },
  {
    name: 'Ctrl+T tells the two JAXA apart by document and line',
    slug: 'workspace-symbols',
    async run({ page }) {
      await focusEditorArea(page);
      await page.keyboard.press('Control+T');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('#JAXA');
      const rows = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'JAXA' });
      await until('two JAXA rows', async () => ((await rows.count()) >= 2 ? true : undefined));
      const descriptions = await rows.allInnerTexts();
      expect(new Set(descriptions).size === descriptions.length, `rows look alike: ${descriptions.join(' | ')}`);
      expect(
        descriptions.some((d) => /:\d+/.test(d)),
        `no row says its line: ${descriptions.join(' | ')}`,
      );
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'the outline of 004 shows I–IV with their sub-headings',
    slug: 'outline-004',
    async run({ page }) {
      await closeAllEditors(page);
      await openFile(page, SEED.s004);
      // Fold the other views of the side bar away, to give the outline room.
      for (const view of ['Agreements', 'Timeline', 'workspace']) {
        const header = page.locator('.pane-header[aria-expanded="true"]', { hasText: view }).first();
        if (await header.isVisible().catch(() => false)) await header.click();
      }
      await runCommand(page, 'Explorer: Focus on Outline View');
      const outline = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Outline' }) });
      const rows = outline.locator('.monaco-list-row');
      await until('I. 目的 in the outline', async () =>
        (await outline.innerText()).includes('目的') ? true : undefined,
      );
      const labels = await rows.allInnerTexts();
      for (const heading of ['I.', 'II.', 'III.', 'IV.'])
        expect(
          labels.some((l) => l.startsWith(heading)),
          `the outline lacks ${heading}: ${labels.join(' | ')}`,
        );
      const sub = outline.locator('.monaco-list-row[aria-level="2"]', { hasText: 'AI の導入とイノベーションの加速' });
      await until(
        'the sub-heading "AI の導入とイノベーションの加速" under II.',
        async () => ((await sub.count()) > 0 ? true : undefined),
        10_000,
      );
    },
  },
  {
    name: 'kill the server process: it comes back and hovers work',
    slug: 'server-killed',
    async run({ page, extensionsDir }) {
      await closeAllEditors(page);
      const findings = () => findingsOf(page);
      const before = await settledFindings(page);
      const [pid] = serverPids(extensionsDir);
      expect(pid, 'no language server process found');
      process.kill(pid!, 'SIGKILL');
      const next = await until(
        'a new server process',
        async () => {
          const pids = serverPids(extensionsDir).filter((p) => p !== pid);
          return pids[0];
        },
        30_000,
      );
      expect(next !== pid, 'the server did not come back');
      const text = await hoverJaxa(page);
      expect(/Japan Aerospace Exploration Agency/.test(text), `after the crash the hover says: ${text.slice(0, 200)}`);
      // The Problems panel gets the findings of every file back, not only of the open one.
      await until(`the status bar to count ${before} findings again`, async () =>
        (await findings()) === before ? true : undefined,
      );
    },
  },
  {
    name: '"Agreement: Restart Server" restarts it and hovers work',
    slug: 'restart-server',
    async run({ page, extensionsDir }) {
      const findings = () => findingsOf(page);
      const count = await settledFindings(page);
      const before = serverPids(extensionsDir);
      await runCommand(page, 'Agreement: Restart Server');
      await until(
        'a new server process',
        async () => {
          const pids = serverPids(extensionsDir);
          return pids.length > 0 && pids.every((p) => !before.includes(p)) ? true : undefined;
        },
        30_000,
      );
      const text = await hoverJaxa(page);
      expect(
        /Japan Aerospace Exploration Agency/.test(text),
        `after the restart the hover says: ${text.slice(0, 200)}`,
      );
      await until(`${count} findings again`, async () => ((await findings()) === count ? true : undefined));
    },
  },
  {
    name: 'after five crashes the server stays down; the status bar restarts it',
    slug: 'five-crashes',
    async run({ page, extensionsDir }) {
      for (let crash = 1; crash <= 5; crash++) {
        const [pid] = await until(
          `the server before crash ${crash}`,
          async () => {
            const pids = serverPids(extensionsDir);
            return pids.length > 0 ? pids : undefined;
          },
          30_000,
        );
        process.kill(pid!, 'SIGKILL');
        if (crash < 5)
          await until(
            `the server back after crash ${crash}`,
            async () => {
              const pids = serverPids(extensionsDir);
              return pids.length > 0 && !pids.includes(pid!) ? true : undefined;
            },
            30_000,
          );
      }
      const stopped = page.locator('.statusbar-item', { hasText: 'Agreement: server stopped' }).first();
      await stopped.waitFor({ state: 'visible', timeout: 30_000 });
      // The error is a toast, or in the notification centre once the toast has gone.
      const crashMessage = async () =>
        (await page.locator('.notifications-toasts, .notifications-center').allInnerTexts()).join('\n');
      if (!(await crashMessage()).includes('crashed 5 times'))
        await runCommand(page, 'Notifications: Show Notifications');
      await until('the crash message', async () =>
        (await crashMessage()).includes('crashed 5 times') ? true : undefined,
      );
      await page.keyboard.press('Escape');
      await pause(2000);
      expect(serverPids(extensionsDir).length === 0, 'the server was restarted after the fifth crash');
      await stopped.click();
      await until('a server again', async () => (serverPids(extensionsDir).length > 0 ? true : undefined), 30_000);
      const text = await hoverJaxa(page);
      expect(
        /Japan Aerospace Exploration Agency/.test(text),
        `after the restart the hover says: ${text.slice(0, 200)}`,
      );
    },
  },
  {
    name: "the extension's activation time",
    slug: 'activation-time',
    async run({ page, notes }) {
      await runCommand(page, 'Developer: Show Running Extensions');
      const row = page
        .locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Agreement Annotator' })
        .first();
      await row.waitFor({ state: 'visible' });
      const text = await until('the activation time', async () => {
        const t = await row.innerText();
        return /\d+\s*ms/.test(t) ? t : undefined;
      });
      const ms = /(\d+)\s*ms/.exec(text)![1];
      notes.push(`activation time of Agreement Annotator (Running Extensions): ${ms} ms`);
    },
  },
];
