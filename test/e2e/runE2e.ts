/**
 * `npm run test:e2e`: Agreement Annotator in a real VS Code, driven like a user would.
 *
 * Installs what it needs (Debian packages, code-server from npm into a cache folder reused
 * between runs — `codeServerSetup.ts`), packages the extension (`npm run package`), installs
 * the VSIX into a fresh code-server profile, opens a copy of this repository's seeds as the
 * workspace, and drives it with playwright-core and Debian's Chromium, by mouse and keyboard.
 * Every step leaves a screenshot in test/e2e/screenshots/ (not committed); a failed step says
 * which screenshot shows it. All steps run even when one fails, and the run fails if any did.
 *
 * Environment: AGREEMENT_E2E_CACHE (the cache folder), E2E_KEEP=1 (keep the temporary
 * profile and workspace), E2E_ONLY=substring (run only the steps whose name contains it, plus
 * their set-up).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, ensureCodeServer, ensureDebianPackages } from './codeServerSetup';
import { steps, type E2eContext } from './steps';

const REPO = join(__dirname, '..', '..');
const SCREENSHOTS = join(REPO, 'test', 'e2e', 'screenshots');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function log(message: string): void {
  process.stdout.write(`e2e: ${message}\n`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** The temporary workspace: a copy of seeds/ and of the settings that map them to `agreement`. */
function createWorkspace(root: string): string {
  const workspace = join(root, 'workspace');
  cpSync(join(REPO, 'seeds'), join(workspace, 'seeds'), { recursive: true });
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  cpSync(join(REPO, '.vscode', 'settings.json'), join(workspace, '.vscode', 'settings.json'));
  return workspace;
}

/** User settings of the fresh profile: nothing in the way of the steps, nothing phoning home. */
function writeUserSettings(userData: string): void {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'chat.commandCenter.enabled': false,
        'workbench.colorTheme': 'Default Light Modern',
        'editor.minimap.enabled': false,
        'editor.stickyScroll.enabled': false,
        'window.commandCenter': false,
        'files.autoSave': 'off',
      },
      null,
      2,
    ),
  );
}

async function main(): Promise<number> {
  const total = Date.now();
  let t = Date.now();
  ensureDebianPackages();
  const entry = ensureCodeServer();
  log(`set-up ${seconds(t)}`);

  t = Date.now();
  const pkg = spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO, encoding: 'utf8' });
  if (pkg.status !== 0) {
    process.stderr.write(pkg.stdout + pkg.stderr);
    throw new Error('npm run package failed');
  }
  const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const vsix = join(REPO, `agreement-annotator-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`npm run package did not make ${vsix}`);
  log(`packaged ${vsix} in ${seconds(t)}`);

  const root = mkdtempSync(join(tmpdir(), 'agreement-e2e-'));
  const userData = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = createWorkspace(root);
  writeUserSettings(userData);
  t = Date.now();
  const install = spawnSync(
    process.execPath,
    [entry, '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`--install-extension failed: ${install.stdout}${install.stderr}`);
  log(`installed the VSIX in ${seconds(t)}: ${install.stdout.trim().split('\n').at(-1)}`);

  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });

  const port = await freePort();
  t = Date.now();
  const server = spawn(
    process.execPath,
    [
      entry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensionsDir,
      workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: false },
  );
  const serverLog: string[] = [];
  server.stdout?.on('data', (d: Buffer) => serverLog.push(d.toString()));
  server.stderr?.on('data', (d: Buffer) => serverLog.push(d.toString()));

  let context: BrowserContext | undefined;
  const failures: string[] = [];
  const known: string[] = [];
  let ran = 0;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server);
    log(`code-server listening on 127.0.0.1:${port} after ${seconds(t)}`);
    context = await chromium.launchPersistentContext(join(root, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1500, height: 940 },
      locale: 'en-US',
    });
    const page: Page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    t = Date.now();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log(`workbench loaded in ${seconds(t)}`);

    let shot = '';
    const e2e: E2eContext = {
      page,
      workspace,
      extensionsDir,
      userData,
      log,
      notes: [],
      shot: async (name) => void (await page.screenshot({ path: shot.replace(/\.png$/, `-${name}.png`) })),
    };
    const only = process.env.E2E_ONLY;
    let n = 0;
    for (const step of steps) {
      n++;
      if (only && !step.name.includes(only) && !step.setup) continue;
      ran++;
      shot = join(SCREENSHOTS, `${String(n).padStart(2, '0')}-${step.slug}.png`);
      const began = Date.now();
      try {
        await step.run(e2e);
        await page.screenshot({ path: shot });
        log(`✔ ${step.name} (${seconds(began)}) — ${relative(shot)}`);
        if (step.knownFailure) {
          failures.push(`${step.name}: passes now although marked as a known failure — remove its knownFailure`);
          log(`✖ ${step.name} passes: remove its knownFailure mark (${step.knownFailure})`);
        }
      } catch (error) {
        const failedShot = shot.replace(/\.png$/, '-FAILED.png');
        await page.screenshot({ path: failedShot }).catch(() => undefined);
        const message = (error as Error).message.split('\n')[0];
        if (step.knownFailure) {
          known.push(`${step.name}: ${message} — known: ${step.knownFailure} — see ${relative(failedShot)}`);
          log(
            `⚠ ${step.name} (${seconds(began)}): known failure (${step.knownFailure}): ${message} — see ${relative(failedShot)}`,
          );
        } else {
          failures.push(`${step.name}: ${message} — see ${relative(failedShot)}`);
          log(`✖ ${step.name} (${seconds(began)}): ${message} — see ${relative(failedShot)}`);
        }
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
    for (const note of e2e.notes) log(note);
  } finally {
    await context?.close().catch(() => undefined);
    server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (server.exitCode === null) server.kill('SIGKILL');
    if (failures.length > 0 || process.env.E2E_KEEP === '1') {
      writeFileSync(join(SCREENSHOTS, 'code-server.log'), serverLog.join(''));
      log(`code-server's log: ${relative(join(SCREENSHOTS, 'code-server.log'))}`);
    }
    if (process.env.E2E_KEEP === '1') log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  const passed = ran - failures.length - known.length;
  if (process.env.E2E_DOCS === '1') copyToDocs();
  log(`screenshots in ${relative(SCREENSHOTS)}: ${readdirSync(SCREENSHOTS).filter((f) => f.endsWith('.png')).length}`);
  log(`total ${seconds(total)}`);
  if (failures.length > 0) {
    process.stdout.write(`\nfailed steps:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  }
  if (known.length > 0)
    process.stdout.write(`\nknown failures (not counted):\n${known.map((f) => `  ${f}`).join('\n')}\n`);
  process.stdout.write(
    `e2e: ${passed} passed, ${failures.length} failed${known.length ? `, ${known.length} skipped` : ''}\n`,
  );
  return failures.length === 0 ? 0 : 1;
}

/** The screenshots the READMEs show, refreshed from a run with E2E_DOCS=1. */
const DOCS_IMAGES: Readonly<Record<string, string>> = {
  '02-coloured.png': 'annotated.png',
  '03-hover-jaxa.png': 'hover-agency.png',
  '04-hover-date.png': 'hover-date.png',
  '06-problems.png': 'problems.png',
  '11-related-clause-pick.png': 'related-clauses.png',
  '12-agreements-view.png': 'agreements-view.png',
  '15-outline-004.png': 'outline.png',
};

function copyToDocs(): void {
  const docs = join(REPO, 'docs', 'images');
  mkdirSync(docs, { recursive: true });
  for (const [from, to] of Object.entries(DOCS_IMAGES))
    if (existsSync(join(SCREENSHOTS, from))) cpSync(join(SCREENSHOTS, from), join(docs, to));
  log(`copied ${Object.keys(DOCS_IMAGES).length} screenshots to docs/images/`);
}

function relative(path: string): string {
  return path.startsWith(REPO) ? path.slice(REPO.length + 1) : path;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`e2e: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
