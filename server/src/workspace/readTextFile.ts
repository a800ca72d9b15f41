/**
 * Reads an agreement file from disk as text, the way the editor would show it: decoded from
 * whichever encoding it is in (see decodeText), the byte-order mark removed, so that offsets
 * agree with the editor's.
 */
import { readFileSync } from 'node:fs';
import { decodeText, type TextEncodingName } from './decodeText';

export type { TextEncodingName } from './decodeText';

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName }
  | { readonly ok: false; readonly error: string };

/** Reads a file; every failure comes back as a one-line reason, never as an exception. */
export function readTextFile(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, error: describeFileError(error) };
  }
  return decodeText(bytes);
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
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}
