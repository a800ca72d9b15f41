/**
 * Reads an agreement file from disk as text, the way the editor would show it: the
 * byte-order mark removed, so that offsets agree with the editor's.
 */
import { readFileSync } from 'node:fs';
import { stripByteOrderMark } from '../core/text/lineIndex';

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

/** Reads a file; every failure comes back as a one-line reason, never as an exception. */
export function readTextFile(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, error: describeFileError(error) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: stripByteOrderMark(bytes.subarray(2).toString('utf16le')) };
  }
  if (bytes.includes(0)) return { ok: false, error: 'looks like a binary file (it contains NUL bytes)' };
  return { ok: true, text: stripByteOrderMark(bytes.toString('utf8')) };
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (error as Error).message ?? String(error);
  }
}
