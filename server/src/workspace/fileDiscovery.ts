/**
 * Finds the agreement files of a workspace by glob, and decides for a single path (a file
 * watcher's event) whether it is one.
 *
 * Globs are matched by picomatch: small, no dependencies, pure JavaScript, maintained with
 * micromatch and used under most of the npm ecosystem's globbing (tinyglobby, fast-glob,
 * chokidar). The directory walk is our own rather than tinyglobby's so that its rules are
 * exactly ours: it never follows a symlinked directory (no cycles), lists a symlinked file
 * only when its target is a regular file inside the root (`link.agr -> /etc/passwd` is not
 * part of the workspace), never lists FIFOs, devices or sockets, skips `node_modules`,
 * `.git` and every dot-directory below the root, stops at fixed limits and says so, and
 * visits directories in a stable order so that a truncated result is the same every time.
 *
 * Paths are matched relative to the root with `/` separators and case-insensitively
 * (government files often come from Windows as `.TXT`). A glob without a `/` matches at the
 * root only, as in VS Code's settings: write `**\/*.agr` for any depth. A directory matched
 * by an exclude glob (`**\/drafts`, `**\/drafts/**`) is not entered.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isInside } from './readTextFile';

export const DEFAULT_AGREEMENT_GLOBS: readonly string[] = ['**/*.agr', '**/*.agreement', '**/*.agreement.txt'];

/** Stop after this many matching files. */
export const DEFAULT_MAX_FILES = 20_000;
/** Stop after looking at this many directory entries, matching or not. */
export const DEFAULT_MAX_ENTRIES = 200_000;
/** Do not descend deeper than this below the root. */
export const DEFAULT_MAX_DEPTH = 64;

export interface DiscoveryOptions {
  /** Globs relative to the root; DEFAULT_AGREEMENT_GLOBS when absent or empty. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly maxFiles?: number;
  readonly maxEntries?: number;
  readonly maxDepth?: number;
}

export interface DiscoveryResult {
  /** Absolute paths, in the order of a walk that visits each directory's names sorted. */
  readonly files: string[];
  /** True when a limit stopped the walk: `files` is then only part of the answer. */
  readonly truncated: boolean;
  /** Which limit, for the log, when truncated. */
  readonly truncatedBy?: 'maxFiles' | 'maxEntries' | 'maxDepth';
  /** Directories that could not be read, each with a one-line reason. */
  readonly unreadable: readonly string[];
  /** Matching names that were not listed: links leading outside the root, each with the reason. */
  readonly skipped: readonly string[];
}

/** Names never entered below the root. Every other dot-directory is skipped too. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

const PICOMATCH_OPTIONS = { dot: false, nocase: true } as const;

/** Walks `root` asynchronously. Never throws: an unreadable root is reported in `unreadable`. */
export async function findAgreementFiles(root: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const walk = walker(root, options);
  let step = walk.next();
  while (!step.done) {
    const request = step.value;
    step = walk.next(await answerAsync(request));
  }
  return step.value;
}

/** The same walk, synchronously: for the command-line linter. */
export function findAgreementFilesSync(root: string, options: DiscoveryOptions = {}): DiscoveryResult {
  const walk = walker(root, options);
  let step = walk.next();
  while (!step.done) step = walk.next(answerSync(step.value));
  return step.value;
}

/**
 * Whether one file is an agreement file of the workspace at `root` by the same rules as the
 * walk: inside the root, under no skipped or excluded directory, matched by an include glob
 * and by no exclude glob.
 */
export function matchesAgreementGlobs(
  path: string,
  root: string,
  include: readonly string[] = DEFAULT_AGREEMENT_GLOBS,
  exclude: readonly string[] = [],
): boolean {
  const rel = relativePosix(root, path);
  if (rel === undefined || rel === '') return false;
  const matcher = createMatcher(include, exclude);
  const segments = rel.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    if (isSkippedDirectoryName(segments[i]!)) return false;
    if (matcher.excludesDirectory(segments.slice(0, i + 1).join('/'))) return false;
  }
  return matcher.matchesFile(rel);
}

// ---------------------------------------------------------------------------------------

interface Matcher {
  matchesFile(rel: string): boolean;
  excludesDirectory(rel: string): boolean;
}

function createMatcher(include: readonly string[], exclude: readonly string[]): Matcher {
  const includes = picomatch(include.length > 0 ? [...include] : [...DEFAULT_AGREEMENT_GLOBS], PICOMATCH_OPTIONS);
  const excludes = exclude.length > 0 ? picomatch([...exclude], PICOMATCH_OPTIONS) : undefined;
  return {
    matchesFile: (rel) => includes(rel) && !(excludes?.(rel) ?? false),
    excludesDirectory: (rel) => excludes?.(rel) ?? false,
  };
}

function isSkippedDirectoryName(name: string): boolean {
  return ALWAYS_SKIPPED.has(name) || name.startsWith('.');
}

/** `path` relative to `root` with `/` separators, or undefined when it is not inside it. */
function relativePosix(root: string, path: string): string | undefined {
  const rel = relative(resolve(root), resolve(path));
  if (rel.startsWith('..') && (rel.length === 2 || rel[2] === sep)) return undefined;
  if (isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** Code-unit order, the same on every machine (unlike localeCompare). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The walk is written once as a generator that asks for directory listings and stats, and
// is driven either synchronously or asynchronously.

type Request = { kind: 'list'; dir: string } | { kind: 'stat'; path: string } | { kind: 'realpath'; path: string };

interface Entry {
  readonly name: string;
  /** 'other' for sockets, devices and the like; 'symlink' before it is resolved. */
  readonly type: 'file' | 'directory' | 'symlink' | 'other' | 'unknown';
}

/**
 * What a `stat` request finds: the type behind the name, whether a symlink led there and, if
 * so, the real path it leads to.
 */
type StatAnswer = { type: 'file' | 'directory' | 'other'; viaLink: boolean; target?: string };

type Answer = { entries: Entry[] } | StatAnswer | { realPath: string } | { error: string };

function* walker(root: string, options: DiscoveryOptions): Generator<Request, DiscoveryResult, Answer> {
  const matcher = createMatcher(options.include ?? [], options.exclude ?? []);
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const files: string[] = [];
  const unreadable: string[] = [];
  const skipped: string[] = [];
  let entriesSeen = 0;
  let truncatedBy: DiscoveryResult['truncatedBy'];
  // Symlinked files are listed only when they lead inside the root, compared as real paths.
  const resolvedRoot = yield { kind: 'realpath', path: resolve(root) };
  const realRoot = 'realPath' in resolvedRoot ? resolvedRoot.realPath : resolve(root);

  // Depth-first, names sorted: a stack of directories still to visit, pushed in reverse.
  const stack: Array<{ dir: string; rel: string; depth: number }> = [{ dir: resolve(root), rel: '', depth: 0 }];
  walk: while (stack.length > 0) {
    const { dir, rel, depth } = stack.pop()!;
    const listing = yield { kind: 'list', dir };
    if ('error' in listing) {
      unreadable.push(`${dir}: ${listing.error}`);
      continue;
    }
    if (!('entries' in listing)) continue;
    const entries = listing.entries.sort((a, b) => compareNames(a.name, b.name));
    const subdirectories: Array<{ dir: string; rel: string; depth: number }> = [];
    for (const entry of entries) {
      if (++entriesSeen > maxEntries) {
        truncatedBy = 'maxEntries';
        break walk;
      }
      const childPath = join(dir, entry.name);
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      let type = entry.type;
      if (type === 'symlink' || type === 'unknown') {
        const answer = yield { kind: 'stat', path: childPath };
        // A symlink to a directory is never followed; a symlink to a file inside the root is that file.
        if (!('type' in answer)) type = 'other';
        else type = answer.viaLink && answer.type === 'directory' ? 'other' : answer.type;
        if (type === 'file' && 'type' in answer && answer.viaLink && !isInside(answer.target ?? '', realRoot)) {
          if (matcher.matchesFile(childRel))
            skipped.push(`${childPath}: a link to ${answer.target}, outside the workspace`);
          continue;
        }
      }
      if (type === 'directory') {
        if (isSkippedDirectoryName(entry.name) || matcher.excludesDirectory(childRel)) continue;
        if (depth + 1 > maxDepth) {
          truncatedBy ??= 'maxDepth';
          continue;
        }
        subdirectories.push({ dir: childPath, rel: childRel, depth: depth + 1 });
      } else if (type === 'file' && matcher.matchesFile(childRel)) {
        if (files.length >= maxFiles) {
          truncatedBy = 'maxFiles';
          break walk;
        }
        files.push(childPath);
      }
    }
    for (let i = subdirectories.length - 1; i >= 0; i--) stack.push(subdirectories[i]!);
  }
  // Files of a directory come in name order interleaved with its subdirectories' files, as a
  // reader listing the tree would see them: sort by path segments.
  files.sort(compareBySegments);
  return truncatedBy === undefined
    ? { files, truncated: false, unreadable, skipped }
    : { files, truncated: true, truncatedBy, unreadable, skipped };
}

function compareBySegments(a: string, b: string): number {
  const as = a.split(sep);
  const bs = b.split(sep);
  const n = Math.min(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const order = compareNames(as[i]!, bs[i]!);
    if (order !== 0) return order;
  }
  return as.length - bs.length;
}

function entryOf(dirent: Dirent): Entry {
  const type = dirent.isFile()
    ? 'file'
    : dirent.isDirectory()
      ? 'directory'
      : dirent.isSymbolicLink()
        ? 'symlink'
        : dirent.isBlockDevice() || dirent.isCharacterDevice() || dirent.isFIFO() || dirent.isSocket()
          ? 'other'
          : 'unknown';
  return { name: dirent.name, type };
}

/** A broken symlink (no stats) is 'other'. */
function typeOf(stats: Stats | undefined): 'file' | 'directory' | 'other' {
  if (stats === undefined) return 'other';
  return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such directory';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error | undefined)?.message ?? String(error);
}

async function answerAsync(request: Request): Promise<Answer> {
  try {
    if (request.kind === 'list') return { entries: (await readdir(request.dir, { withFileTypes: true })).map(entryOf) };
    if (request.kind === 'realpath') return { realPath: await realpath(request.path) };
    const own = await lstat(request.path);
    if (!own.isSymbolicLink()) return { type: typeOf(own), viaLink: false };
    const type = typeOf(await stat(request.path).catch(() => undefined));
    return type === 'other' ? { type, viaLink: true } : { type, viaLink: true, target: await realpath(request.path) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function answerSync(request: Request): Answer {
  try {
    if (request.kind === 'list') return { entries: readdirSync(request.dir, { withFileTypes: true }).map(entryOf) };
    if (request.kind === 'realpath') return { realPath: realpathSync(request.path) };
    const own = lstatSync(request.path);
    if (!own.isSymbolicLink()) return { type: typeOf(own), viaLink: false };
    const type = typeOf(statSync(request.path, { throwIfNoEntry: false }));
    return type === 'other' ? { type, viaLink: true } : { type, viaLink: true, target: realpathSync(request.path) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

const globMatchers = new Map<string, (path: string) => boolean>();

/**
 * Whether a path relative to the project directory (`/`-separated or not) matches any of the
 * globs, as `files` and `ignore` globs of `.agreement/config.json` are matched.
 */
export function matchesGlobs(globs: readonly string[], relativePath: string): boolean {
  const key = globs.join('\u0000');
  let matcher = globMatchers.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], PICOMATCH_OPTIONS);
    if (globMatchers.size > 256) globMatchers.clear();
    globMatchers.set(key, matcher);
  }
  return matcher(relativePath.split('\\').join('/'));
}
