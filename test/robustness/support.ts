/**
 * Helpers for the robustness suite: temporary workspaces made on the fly, and runs of the
 * bundled `dist/cli.js` (or of a TypeScript snippet) in a child process under a time limit
 * and an address-space limit. A hostile input that makes the code hang or grow without bound
 * then fails its test — killed after `timeoutMs`, or stopped by the memory limit — instead of
 * hanging the suite or the machine. These are guards, not timing assertions: the limits are
 * far above what a correct run needs.
 */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DIST_DIR, REPO_ROOT } from '../support/paths';

export const CLI = join(DIST_DIR, 'cli.js');

/** How long a child may run before it counts as hung. */
export const HANG_GUARD_MS = 60_000;
/** The address space a child may use (`ulimit -v`, in KiB): 2 GiB, ten times a normal run. */
export const MEMORY_GUARD_KB = 2_000_000;
/**
 * The address space the language server may use: 8 GiB. Its analysis workers are isolates of
 * their own, each reserving address space for its heap and code, so that an idle server with
 * two workers already maps 2.3 GiB (of which it uses under 200 MB); the guard still stops a
 * server that floods its memory long before the machine's 24 GB.
 */
export const SERVER_MEMORY_GUARD_KB = 8_000_000;

/** A new temporary directory (its real path) holding `files` (paths with `/`, relative to it). */
export function workspace(files: Readonly<Record<string, string | Buffer>> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'agreement-robustness-')));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export interface ChildRun {
  /** The exit status, or null when the child was killed (by the hang guard or a signal). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the hang guard killed the child. */
  readonly timedOut: boolean;
}

/** Quotes one word for `sh`. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a shell command line under the guards. `ulimit -v` is applied by the shell before the
 * command starts, so a child that tries to read `/dev/zero` into memory dies instead of
 * taking the machine's memory.
 */
export function runGuarded(
  commandLine: string,
  options: { cwd: string; timeoutMs?: number } = { cwd: REPO_ROOT },
): ChildRun {
  const result = spawnSync('sh', ['-c', `ulimit -v ${MEMORY_GUARD_KB}; ${commandLine}`], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? HANG_GUARD_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const error = result.error as NodeJS.ErrnoException | undefined;
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    timedOut: error?.code === 'ETIMEDOUT',
  };
}

/** `node dist/cli.js ARGS…` in `cwd`, under the guards. */
export function runCli(args: readonly string[], cwd: string, timeoutMs?: number): ChildRun {
  return runGuarded(`exec ${shellQuote(process.execPath)} ${shellQuote(CLI)} ${args.map(shellQuote).join(' ')}`, {
    cwd,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}

/**
 * Runs a TypeScript snippet (ES module syntax, `@repo/` for the repository root) in a child
 * Node under the guards, for calls that would block the test process itself if they hung (a
 * synchronous read of a FIFO cannot be interrupted). The snippet is bundled with esbuild
 * first and run as plain JavaScript: tsx's WebAssembly reserves more address space than the
 * memory guard allows. It prints its answer as JSON on stdout; this returns it parsed, or
 * throws with what the child said.
 */
export function runSnippet<T>(source: string, cwd = REPO_ROOT, timeoutMs?: number): T {
  const dir = workspace();
  const file = join(dir, 'snippet.ts');
  const bundle = join(dir, 'snippet.cjs');
  writeFileSync(file, source.replace(/from '@repo\//g, `from '${REPO_ROOT}/`));
  buildSync({ entryPoints: [file], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  const run = runGuarded(
    `exec ${shellQuote(process.execPath)} ${shellQuote(bundle)}`,
    timeoutMs !== undefined ? { cwd, timeoutMs } : { cwd },
  );
  if (run.timedOut) throw new Error(`the snippet hung (killed after ${timeoutMs ?? HANG_GUARD_MS} ms)`);
  if (run.status !== 0)
    throw new Error(`the snippet failed (status ${run.status}, signal ${run.signal}): ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(run.stdout) as T;
}

/** Makes a FIFO (named pipe) at `path` with mkfifo(1); its parent directory is created. */
export function makeFifo(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const made = spawnSync('mkfifo', [path], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr}`);
}

/** Makes a symlink at `path` (its parent directory created) pointing at `target`. */
export function makeSymlink(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

/** True when a child's stderr holds a JavaScript stack trace (`    at f (file:1:2)`). */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at .+[:(]/m.test(stderr);
}

/** A registry file of `count + 1` entries that all share one description through a YAML alias (row 1). */
export function aliasHeavyRegistry(count: number): string {
  const lines = ['entries:'];
  for (let i = 0; i <= count; i++)
    lines.push(
      `  - id: test.x${i}`,
      '    kind: agency',
      `    names: { ja: [テスト第${i}機構], en: [] }`,
      '    country: JP',
      i === 0 ? '    description: &d { en: A shared description., ja: 共通の説明。 }' : '    description: *d',
    );
  return `${lines.join('\n')}\n`;
}
