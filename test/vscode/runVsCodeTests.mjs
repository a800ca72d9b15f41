#!/usr/bin/env node
// Runs the VS Code smoke tests (test/vscode/suite) inside a real VS Code through @vscode/test-electron.
//
// This script never downloads VS Code. Many machines that build this project (including the one it
// was written on) have no route to the VS Code update service, and @vscode/test-electron's own
// `downloadAndUnzipVSCode()` asks that service which version is "stable" before it looks at its cache.
// So the executable is found in one of two offline ways, in this order:
//   1. the VSCODE_EXECUTABLE environment variable (the Electron binary of an installed VS Code,
//      e.g. /usr/share/code/code on Linux, not the /usr/bin/code shell wrapper);
//   2. a complete earlier download in the repository's .vscode-test/ folder, the folder that
//      @vscode/test-electron itself downloads into.
// If neither exists the run is skipped with one line and exit code 0, so `npm run test:vscode`
// stays usable everywhere; a broken VSCODE_EXECUTABLE, by contrast, is an error (exit code 1),
// because someone asked for a specific VS Code and should learn that it is not there.
//
// Environment variables:
//   VSCODE_EXECUTABLE       path of the VS Code executable to test with.
//   VSCODE_TEST_BUILD_ONLY  when "1", only bundles the suite into out/vscode-tests/ and exits; CI can
//                           use this to prove that the suite compiles without having VS Code.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = path.join(repoRoot, 'test', 'vscode', 'suite');
const suiteOutDir = path.join(repoRoot, 'out', 'vscode-tests');
const cacheDir = path.join(repoRoot, '.vscode-test');

// The same platform names that @vscode/test-electron uses for its download folders
// (`vscode-<platform>-<version>`); its `systemDefaultPlatform` is not exported from the package root.
function downloadPlatform() {
  if (process.platform === 'darwin') return process.arch === 'arm64' ? 'darwin-arm64' : 'darwin';
  if (process.platform === 'win32') return process.arch === 'arm64' ? 'win32-arm64-archive' : 'win32-x64-archive';
  return process.arch === 'arm64' ? 'linux-arm64' : process.arch === 'arm' ? 'linux-armhf' : 'linux-x64';
}

function compareVersionsDescending(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Looks for a complete, released VS Code download in .vscode-test/ without touching the network.
 *
 * @vscode/test-electron marks a finished extraction with an `is-complete` file. Only such folders
 * with a plain version number are considered: for them, `download({ version })` skips the version
 * check against the update service (the folder exists) and returns the executable path straight
 * away (the marker exists). Insiders folders are ignored on purpose, because for those
 * test-electron always asks the update service whether a newer build exists.
 * The returned path is checked for existence, because test-electron guesses the layout from the
 * version string and we would rather skip than launch a path that is not there.
 */
async function findCachedVsCode() {
  if (!existsSync(cacheDir)) return undefined;
  const platform = downloadPlatform();
  const pattern = /^vscode-(?<platform>[a-z0-9-]+)-(?<version>\d+\.\d+\.\d+)$/;
  const versions = readdirSync(cacheDir)
    .map((name) => pattern.exec(name))
    .filter((match) => match && match.groups.platform === platform)
    .filter((match) => existsSync(path.join(cacheDir, match[0], 'is-complete')))
    .map((match) => match.groups.version)
    .sort(compareVersionsDescending);
  if (versions.length === 0) return undefined;

  const { download, SilentReporter } = (await import('@vscode/test-electron')).default;
  for (const version of versions) {
    const executable = await download({ version, platform, cachePath: cacheDir, reporter: new SilentReporter() });
    if (existsSync(executable)) return executable;
  }
  return undefined;
}

/** Returns the VS Code executable to use, or undefined when none is available; exits on a bad VSCODE_EXECUTABLE. */
async function locateVsCode() {
  const fromEnv = process.env.VSCODE_EXECUTABLE;
  if (fromEnv) {
    const executable = path.resolve(fromEnv);
    if (!existsSync(executable) || !statSync(executable).isFile()) {
      console.error(`test:vscode: VSCODE_EXECUTABLE is set to "${fromEnv}", but no executable file exists there.`);
      process.exit(1);
    }
    return executable;
  }
  return findCachedVsCode();
}

/**
 * Bundles every suite file into out/vscode-tests/ as CommonJS, which is what the VS Code extension
 * host loads. `vscode` is provided by the extension host and `mocha` is loaded from node_modules at
 * run time (Mocha must be one shared instance so that the test files register with the runner).
 */
async function buildSuite() {
  const entryPoints = readdirSync(suiteDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(suiteDir, name));
  rmSync(suiteOutDir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: suiteOutDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(suiteOutDir, 'index.js');
}

/**
 * Creates a throw-away workspace holding a copy of seeds/ and of the repository's
 * .vscode/settings.json (whose files.associations maps seeds/*.txt to the `agreement` language).
 * A copy keeps the tests from writing into the repository and keeps the developer's own
 * workspace state out of the test run.
 */
function createWorkspace(tempRoot) {
  const workspace = path.join(tempRoot, 'workspace');
  cpSync(path.join(repoRoot, 'seeds'), path.join(workspace, 'seeds'), { recursive: true });
  const settings = path.join(repoRoot, '.vscode', 'settings.json');
  if (existsSync(settings)) {
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    cpSync(settings, path.join(workspace, '.vscode', 'settings.json'));
  }
  return workspace;
}

async function main() {
  if (process.env.VSCODE_TEST_BUILD_ONLY === '1') {
    const index = await buildSuite();
    console.log(
      `test:vscode: bundled the suite into ${path.relative(repoRoot, path.dirname(index))}/ (VSCODE_TEST_BUILD_ONLY=1, not running it)`,
    );
    return 0;
  }

  const vscodeExecutablePath = await locateVsCode();
  if (!vscodeExecutablePath) {
    console.log(
      'test:vscode: skipped — no VS Code available (set VSCODE_EXECUTABLE or cache a download in .vscode-test/); this machine cannot download it',
    );
    return 0;
  }

  const extensionTestsPath = await buildSuite();
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    // VS Code is an Electron GUI application and cannot start without a display server.
    console.warn('test:vscode: no DISPLAY is set; if VS Code fails to start, run this under `xvfb-run -a`.');
  }

  const tempRoot = mkdtempSync(path.join(tmpdir(), 'agreement-vscode-test-'));
  const workspace = createWorkspace(tempRoot);
  const launchArgs = [
    workspace,
    // Other installed extensions could interfere with the `agreement` language or slow start-up.
    '--disable-extensions',
    '--disable-gpu',
    // A fresh profile per run, so no state from earlier runs or from the developer's VS Code leaks in.
    '--user-data-dir',
    path.join(tempRoot, 'user-data'),
    '--extensions-dir',
    path.join(tempRoot, 'extensions'),
  ];
  // Chromium refuses to start as root with its sandbox on. @vscode/test-electron 3.x already adds
  // --no-sandbox itself; it is repeated here so a future version dropping it does not break CI containers.
  if (process.getuid?.() === 0) launchArgs.push('--no-sandbox');

  // Inside VS Code's integrated terminal ELECTRON_RUN_AS_NODE may be set, which would make the
  // VS Code binary start as plain Node.js instead of as the editor.
  delete process.env.ELECTRON_RUN_AS_NODE;

  const { runTests, TestRunFailedError } = (await import('@vscode/test-electron')).default;
  try {
    return await runTests({ vscodeExecutablePath, extensionDevelopmentPath: repoRoot, extensionTestsPath, launchArgs });
  } catch (error) {
    // runTests rejects (rather than resolving with the code) when VS Code exits non-zero.
    if (error instanceof TestRunFailedError) {
      console.error(`test:vscode: ${error.message}`);
      return typeof error.code === 'number' && error.code !== 0 ? error.code : 1;
    }
    console.error('test:vscode: could not run VS Code:', error);
    return 1;
  } finally {
    rmSync(tempRoot, { recursive: true, force: true });
  }
}

process.exit(await main());
