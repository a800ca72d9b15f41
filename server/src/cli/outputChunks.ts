/**
 * Output of any size: formats produce their text as a sequence of chunks rather than one
 * string (a string cannot exceed about 512 MB, and one that large is built at twice the cost),
 * and `writeChunks` writes them to a stream in buffers, waiting for the stream to drain
 * (backpressure), and stops quietly when the reader has gone away (`| head -1`: EPIPE).
 */
import type { Writable } from 'node:stream';

/**
 * The text of `JSON.stringify(value, null, indent)`, in pieces: containers less than
 * `streamDepth` levels deep are written member by member, deeper values one string each.
 * Iterative, so the depth of `value` is no concern beyond what JSON.stringify itself allows
 * for the deep parts. Data only: `toJSON` methods are honoured by the deep parts alone.
 * `baseDepth` indents the whole as if it were nested that deep in a larger document.
 */
export function* jsonChunks(
  value: unknown,
  indent = 1,
  streamDepth = 3,
  baseDepth = 0,
): Generator<string, void, undefined> {
  const newline = (depth: number) => `\n${' '.repeat(indent * (depth + baseDepth))}`;
  interface Frame {
    readonly entries: ReadonlyArray<readonly [string | undefined, unknown]>;
    next: number;
    readonly depth: number;
    readonly close: string;
  }
  const frames: Frame[] = [];
  /** The start of a value at `depth`: a container to stream becomes a frame, anything else is whole. */
  const begin = (item: unknown, depth: number): string => {
    if (depth < streamDepth && typeof item === 'object' && item !== null) {
      const isArray = Array.isArray(item);
      const entries: Array<readonly [string | undefined, unknown]> = [];
      if (isArray) for (const element of item as unknown[]) entries.push([undefined, element]);
      else
        for (const [key, member] of Object.entries(item))
          if (member !== undefined && typeof member !== 'function' && typeof member !== 'symbol')
            entries.push([key, member]);
      if (entries.length === 0) return isArray ? '[]' : '{}';
      frames.push({ entries, next: 0, depth, close: isArray ? ']' : '}' });
      return isArray ? '[' : '{';
    }
    const text = JSON.stringify(item, null, indent) ?? 'null';
    return depth + baseDepth === 0 ? text : text.replace(/\n/g, newline(depth));
  };
  yield begin(value, 0);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next === frame.entries.length) {
      frames.pop();
      yield `${newline(frame.depth)}${frame.close}`;
      continue;
    }
    const [key, item] = frame.entries[frame.next]!;
    const separator = frame.next > 0 ? ',' : '';
    frame.next++;
    const name = key === undefined ? '' : `${JSON.stringify(key)}: `;
    // In an array, what JSON.stringify writes as null.
    const member = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item;
    yield `${separator}${newline(frame.depth + 1)}${name}${begin(member, frame.depth + 1)}`;
  }
}

/** All chunks as one string, for tests and small outputs. */
export function joinChunks(chunks: Iterable<string>): string {
  let text = '';
  for (const chunk of chunks) text += chunk;
  return text;
}

export type WriteOutcome = { readonly complete: true } | { readonly complete: false; readonly error: Error };

/** Buffers of about this many UTF-16 code units are handed to the stream. */
const BUFFER_LENGTH = 1 << 16;

/**
 * Writes the chunks to the stream in buffers, waiting for 'drain' whenever the stream asks
 * to. Resolves `{ complete: true }` when everything was handed over, or `{ complete: false }`
 * as soon as the stream fails (EPIPE when the reader closed the pipe); never rejects. The
 * caller decides what a failed write means — for a closed pipe, nothing: the reader has read
 * what it wanted.
 */
export function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<WriteOutcome> {
  return new Promise((resolve) => {
    const iterator = chunks[Symbol.iterator]();
    let settled = false;
    const settle = (outcome: WriteOutcome) => {
      if (settled) return;
      settled = true;
      stream.off('error', onError);
      stream.off('drain', pump);
      resolve(outcome);
    };
    function onError(error: Error): void {
      settle({ complete: false, error });
    }
    function pump(): void {
      while (!settled) {
        let buffer = '';
        let done = false;
        while (buffer.length < BUFFER_LENGTH) {
          const next = iterator.next();
          if (next.done) {
            done = true;
            break;
          }
          buffer += next.value;
        }
        if (buffer.length > 0 && !stream.write(buffer)) {
          if (done) break;
          stream.once('drain', pump);
          return;
        }
        if (done) break;
      }
      if (settled) return;
      // Everything is handed over; the stream flushes it before the process exits.
      stream.off('drain', pump);
      settle({ complete: true });
    }
    stream.on('error', onError);
    try {
      pump();
    } catch (error) {
      settle({ complete: false, error: error instanceof Error ? error : new Error(String(error)) });
    }
  });
}

/** True for the errors of a stream whose reader has gone: EPIPE, or a stream already destroyed. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}
