/**
 * Installs what the end-to-end test needs, once, into a cache folder reused between runs:
 * the Debian packages (Chromium, ripgrep, the CJK fonts, the headers code-server's native
 * modules build against) and code-server itself from npm.
 *
 * code-server's own install script downloads prebuilt binaries from outside the npm registry,
 * which these machines cannot reach, so it is installed with `--ignore-scripts` and its
 * native modules are built here instead — the recipe of issue 12, step by step. A marker
 * file written at the end says the cache is complete; a half-finished install is redone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/** The Debian packages of the recipe: build headers, ripgrep, Chromium and fonts for Japanese. */
export const DEBIAN_PACKAGES = [
  'libkrb5-dev',
  'libsecret-1-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'ripgrep',
  'chromium',
  'build-essential',
  'python3',
  'fonts-noto-cjk',
] as const;

export const CHROMIUM = '/usr/bin/chromium';

/** Where code-server is kept between runs: `AGREEMENT_E2E_CACHE`, else ~/.cache. */
export function cacheRoot(): string {
  return process.env.AGREEMENT_E2E_CACHE ?? join(homedir(), '.cache', 'agreement-annotator-e2e');
}

function log(message: string): void {
  process.stdout.write(`e2e setup: ${message}\n`);
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with ${result.status ?? result.signal}`);
  log(`${command} ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function isInstalled(pkg: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs the Debian packages that are missing: one `apt-get update`, one `apt-get install`. */
export function ensureDebianPackages(): void {
  const missing = DEBIAN_PACKAGES.filter((p) => !isInstalled(p));
  if (missing.length === 0) {
    log('Debian packages present');
    return;
  }
  log(`installing ${missing.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], '/', env);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], '/', env);
}

/** The code-server entry point, installing code-server into the cache first when it is not there. */
export function ensureCodeServer(): string {
  const dir = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = join(dir, '.complete');
  if (existsSync(marker) && existsSync(entry)) {
    log(`code-server ${CODE_SERVER_VERSION} from the cache (${dir})`);
    return entry;
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'e2e-code-server', private: true }));
  const npmEnv = { npm_config_unsafe_perm: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  run('npm', ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], dir, npmEnv);
  const vscodeDir = join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, npmEnv);
  // @vscode/ripgrep's install script downloads its binary; Debian's ripgrep stands in.
  const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync(execFileSync('which', ['rg'], { encoding: 'utf8' }).trim(), join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);
  run('npm', ['rebuild'], vscodeDir, { ...npmEnv, npm_config_yes: 'true' });
  // code-server's server looks for node_modules.asar, which only the packaged releases have.
  if (!existsSync(join(vscodeDir, 'node_modules.asar')))
    symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
  // argon2 (password hashing, loaded even with --auth none) is hoisted to the cache folder.
  run('npm', ['rebuild', 'argon2'], dir, npmEnv);
  writeFileSync(marker, new Date().toISOString());
  return entry;
}

if (process.argv[1]?.endsWith('codeServerSetup.ts')) {
  const started = Date.now();
  ensureDebianPackages();
  const afterApt = Date.now();
  ensureCodeServer();
  log(
    `done: Debian packages ${((afterApt - started) / 1000).toFixed(1)} s, code-server ${((Date.now() - afterApt) / 1000).toFixed(1)} s`,
  );
}
