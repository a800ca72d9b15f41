/**
 * Reads an agreement file from disk as text, the way the editor would show it: decoded from
 * whichever encoding it is in (see decodeText), the byte-order mark removed, so that offsets
 * agree with the editor's.
 *
 * Every read is bounded and typed, because a workspace is not trusted: a committed symlink to
 * `/dev/zero` or a FIFO named `x.agr` must neither hang the reader nor fill its memory.
 *
 * - Only regular files are read. The type is checked before opening (so a device is never
 *   opened) and again on the open descriptor (so a file swapped for a FIFO in between is
 *   still refused); the open is non-blocking, so even that FIFO cannot block it.
 * - With `root`, the file's real path (every symlink on the way resolved) must lie inside
 *   the root's real path: `link.agr -> /etc/passwd` is not part of the workspace.
 * - At most `maxBytes` are read, whatever size the file claims: files of /proc say 0.
 *
 * Every failure is a one-line reason, never an exception.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { decodeText, type TextEncodingName } from './decodeText';

export type { TextEncodingName } from './decodeText';

/** The default limit of one file: 32 MiB, about 10 million Japanese characters. */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface ReadOptions {
  /** When given, the file must resolve (symlinks followed) to a path inside this folder. */
  readonly root?: string;
  /** Files larger than this are refused, unread. DEFAULT_MAX_FILE_BYTES when absent. */
  readonly maxBytes?: number;
}

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName }
  | { readonly ok: false; readonly error: string };

export type ReadBytesResult =
  { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly error: string };

/** Reads a file as text; every failure comes back as a one-line reason, never as an exception. */
export function readTextFile(path: string, options: ReadOptions = {}): ReadResult {
  const read = readFileBytes(path, options);
  return read.ok ? decodeText(read.bytes) : read;
}

// O_NONBLOCK and O_NOCTTY do not exist on Windows, where FIFOs and terminals are not files.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK_BYTES = 1 << 20;

/** The bytes of a regular file, read under the rules of the file comment. */
export function readFileBytes(path: string, options: ReadOptions = {}): ReadBytesResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let fd: number | undefined;
  try {
    const before = statSync(path);
    if (before.isDirectory()) return { ok: false, error: 'is a directory' };
    if (!before.isFile()) return { ok: false, error: `not a regular file (${fileTypeOf(before)})` };
    if (options.root !== undefined) {
      const outside = outsideRoot(path, options.root);
      if (outside !== undefined) return { ok: false, error: outside };
    }
    if (before.size > maxBytes) return { ok: false, error: tooLarge(maxBytes, before.size) };
    fd = openSync(path, OPEN_FLAGS);
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { ok: false, error: `not a regular file (${fileTypeOf(opened)})` };
    // Read in chunks up to one byte past the limit: the size the file claims may be wrong.
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (total > maxBytes) return { ok: false, error: tooLarge(maxBytes) };
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (error) {
    return { ok: false, error: describeFileError(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why `path` is not inside `root` once symlinks are resolved, or undefined when it is. */
function outsideRoot(path: string, root: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    // A root that cannot be resolved contains nothing.
    return `outside the workspace (its folder ${root} cannot be resolved)`;
  }
  const realPath = realpathSync(path);
  if (isInside(realPath, realRoot)) return undefined;
  return `a link to ${realPath}, outside the workspace`;
}

/** True when `path` is `root` or below it (both absolute and resolved). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** What kind of thing a non-regular file is, for messages. */
function fileTypeOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a file';
}

/** `larger than the limit of 32 MB (40.2 MB)`; the size only when it is known. */
function tooLarge(maxBytes: number, size?: number): string {
  return `larger than the limit of ${formatBytes(maxBytes)}${size !== undefined ? ` (${formatBytes(size)})` : ''}; skipped`;
}

/** Bytes for people: `10 bytes`, `1 kB`, `32 MB`, `40.2 MB` (powers of 1024, as the limits are set). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

const BYTE_UNITS = new Map([
  ['k', 1024],
  ['m', 1024 ** 2],
  ['g', 1024 ** 3],
]);

/** `32MB`, `500kB`, `1000` (bytes) → bytes; undefined when it is not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(|b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib)$/i.exec(text.trim());
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * (BYTE_UNITS.get(m[2]!.charAt(0).toLowerCase()) ?? 1));
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a loop of symlinks';
    case 'EAGAIN':
    case 'EWOULDBLOCK':
      return 'not a regular file (it would block)';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}
