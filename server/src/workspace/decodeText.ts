/**
 * Decodes the bytes of an agreement file into the text the editor would show, in every
 * encoding Japanese government files come in: UTF-8 (with or without a byte-order mark),
 * UTF-16 with a byte-order mark, Shift_JIS (as Windows writes it, CP932) and EUC-JP.
 *
 * Pure and total: any bytes give either the text and the encoding found, or a one-line
 * reason why they are not text. The byte-order mark is never part of the text, so offsets
 * agree with the editor's.
 *
 * The order of the checks:
 * 1. a byte-order mark decides the encoding (UTF-8, UTF-16LE, UTF-16BE);
 * 2. a NUL byte without a UTF-16 byte-order mark means a binary file;
 * 3. valid UTF-8 (strictly validated) is UTF-8 — plain ASCII included — unless it holds the
 *    escape sequences of ISO-2022-JP, which is refused (not decoded: rare in files today);
 * 4. invalid UTF-8 that is nonetheless mostly well-formed UTF-8 is a damaged or truncated
 *    UTF-8 file, refused: read as Shift_JIS it would be mojibake;
 * 5. otherwise Shift_JIS and EUC-JP are both tried; only a decoding without replacement
 *    characters counts, and of two such the one that looks more like Japanese text wins;
 * 6. whatever was decoded is refused when too many of its characters are control characters.
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'euc-jp';

export type DecodeResult =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName }
  | { readonly ok: false; readonly error: string };

/** The prefix every "this is not text" reason starts with (the CLI's users know it). */
const BINARY = 'looks like a binary file';

/**
 * Invalid UTF-8 of which at least this share of the non-ASCII bytes still forms well-formed
 * UTF-8 sequences is taken for damaged UTF-8 rather than tried as Shift_JIS or EUC-JP. Real
 * Shift_JIS text forms a well-formed UTF-8 sequence only now and then.
 */
const MIN_UTF8_COVERAGE = 0.9;

/** A decoded text whose share of odd control characters is above this is refused. */
const MAX_CONTROL_SHARE = 0.05;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(bytes: Uint8Array): DecodeResult {
  try {
    return decode(bytes);
  } catch (error) {
    // Nothing above is expected to throw; the promise is that this function never does.
    return { ok: false, error: `cannot decode: ${(error as Error)?.message ?? String(error)}` };
  }
}

function decode(bytes: Uint8Array): DecodeResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length === 0) return { ok: true, text: '', encoding: 'utf-8' };

  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    const text = tryUtf8(buffer.subarray(3));
    if (text === undefined) {
      return {
        ok: false,
        error: `cannot decode: it starts with a UTF-8 byte-order mark but is not valid UTF-8 (${utf8Defect(buffer, 3)})`,
      };
    }
    return checked(text, 'utf-8-bom');
  }
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return checked(iconv.decode(buffer.subarray(2), 'utf-16le', { stripBOM: false }), 'utf-16le');
  }
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    return checked(iconv.decode(buffer.subarray(2), 'utf-16be', { stripBOM: false }), 'utf-16be');
  }

  if (buffer.indexOf(0) !== -1) return { ok: false, error: `${BINARY}: it contains NUL bytes` };

  const utf8 = tryUtf8(buffer);
  if (utf8 !== undefined) {
    if (isIso2022Jp(buffer)) {
      return { ok: false, error: 'cannot decode: ISO-2022-JP (JIS) is not supported; save the file as UTF-8' };
    }
    return checked(utf8, 'utf-8');
  }

  // Bytes that are nearly all well-formed UTF-8 are a damaged or truncated UTF-8 file: read
  // as Shift_JIS they would give mojibake (縺ｮ…), not the text.
  // A large file is judged on a sample (see sampleOf).
  const sample = sampleOf(buffer);
  if (utf8Coverage(sample) >= MIN_UTF8_COVERAGE) {
    return { ok: false, error: `cannot decode: not valid UTF-8 (${utf8Defect(buffer, 0)})` };
  }
  const best = bestJapaneseDecoding(buffer, sample);
  if (best === undefined) {
    return { ok: false, error: `cannot decode: not valid UTF-8 (${utf8Defect(buffer, 0)}), Shift_JIS or EUC-JP` };
  }
  return checked(best.text, best.encoding);
}

/** Whether the bytes switch to JIS X 0208 the ISO-2022-JP way: ESC $ @ or ESC $ B. */
function isIso2022Jp(buffer: Buffer): boolean {
  for (let i = buffer.indexOf(0x1b); i !== -1 && i + 2 < buffer.length; i = buffer.indexOf(0x1b, i + 1)) {
    if (buffer[i + 1] === 0x24 && (buffer[i + 2] === 0x40 || buffer[i + 2] === 0x42)) return true;
  }
  return false;
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Refuses a decoded text that is mostly control characters: a binary file after all. */
function checked(text: string, encoding: TextEncodingName): DecodeResult {
  const stats = characterStats(text);
  if (stats.nul > 0) return { ok: false, error: `${BINARY}: it contains NUL characters` };
  if (stats.control > text.length * MAX_CONTROL_SHARE) {
    return { ok: false, error: `${BINARY}: too many control characters` };
  }
  return { ok: true, text, encoding };
}

interface Candidate {
  readonly encoding: 'shift_jis' | 'euc-jp';
  readonly text: string;
  readonly score: number;
}

/** Files larger than twice this are judged on a sample of this many bytes. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Decodes with Shift_JIS and EUC-JP; keeps those without a replacement character (iconv-lite
 * puts U+FFFD where a byte sequence is invalid or unmapped) that look like Japanese, and
 * returns the more Japanese-looking one. On a tie Shift_JIS wins: it is by far the commoner.
 *
 * A large file is judged on a sample starting at its first non-ASCII byte, and only the
 * winner decodes it whole (the runner-up when the winner fails further on): decoding is the
 * expensive step, and a 2 MB file must take well under 50 ms.
 */
function bestJapaneseDecoding(buffer: Buffer, sample: Buffer): Candidate | undefined {
  const ranked: Candidate[] = [];
  for (const encoding of ['shift_jis', 'euc-jp'] as const) {
    let text = decodeAs(sample, encoding);
    // A sample cut inside a character ends in a replacement character: not held against it.
    if (sample !== buffer && text.endsWith('\ufffd')) text = text.slice(0, -1);
    if (text.includes('\ufffd')) continue;
    const score = japaneseScore(text);
    if (score >= 0) ranked.push({ encoding, text, score });
  }
  ranked.sort((a, b) => b.score - a.score); // stable: Shift_JIS first on a tie
  for (const candidate of ranked) {
    if (sample === buffer) return candidate;
    const text = decodeAs(buffer, candidate.encoding);
    if (!text.includes('\ufffd')) return { ...candidate, text };
  }
  return undefined;
}

function decodeAs(bytes: Buffer, encoding: 'shift_jis' | 'euc-jp'): string {
  return iconv.decode(bytes, encoding === 'shift_jis' ? 'cp932' : 'euc-jp', { stripBOM: false });
}

/**
 * The whole buffer when it is small; otherwise SAMPLE_BYTES from the first non-ASCII byte
 * (always the start of a character), cut after the last line feed in it (never part of a
 * two-byte character in either encoding) when there is one.
 */
function sampleOf(buffer: Buffer): Buffer {
  if (buffer.length <= 2 * SAMPLE_BYTES) return buffer;
  let start = 0;
  while (start < buffer.length && buffer[start]! < 0x80) start++;
  const end = Math.min(buffer.length, start + SAMPLE_BYTES);
  if (end === buffer.length) return buffer.subarray(start);
  const lastLineFeed = buffer.lastIndexOf(0x0a, end - 1);
  return buffer.subarray(start, lastLineFeed > start ? lastLineFeed + 1 : end);
}

/**
 * How much a decoded text looks like Japanese: among its non-ASCII characters, the share of
 * kana, kanji and full-width punctuation, less the odd ones (control characters, private
 * use, a character alone between two Latin letters, as in Latin-1 `coopération` read as
 * Shift_JIS `coop駻ation`). Half-width katakana count neither way: a wrong guess between
 * Shift_JIS and EUC-JP typically turns into a run of them, which lowers the share.
 */
function japaneseScore(text: string): number {
  let nonAscii = 0;
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) score -= 2;
      continue;
    }
    nonAscii++;
    if (
      (c >= 0x3000 && c <= 0x30ff) || // CJK punctuation, hiragana, katakana
      (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
      (c >= 0xff01 && c <= 0xff5e) // full-width ASCII forms
    ) {
      score += 1;
      if (isLatinLetter(text.charCodeAt(i - 1)) && isLatinLetter(text.charCodeAt(i + 1))) score -= 3;
    } else if (c >= 0xff61 && c <= 0xff9f) {
      // half-width katakana
    } else if (c < 0xa0 || (c >= 0xe000 && c <= 0xf8ff)) {
      score -= 2; // C1 controls, private use (CP932's user-defined area)
    } else if (c >= 0x2460 && c <= 0x24ff) {
      score += 0.5; // circled numbers ①, common in Japanese documents
    }
  }
  return nonAscii === 0 ? 0 : score / nonAscii;
}

function isLatinLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * The share of the non-ASCII bytes that belong to well-formed UTF-8 sequences; an incomplete
 * but so far well-formed sequence at the very end (a truncated file) counts as well-formed.
 */
function utf8Coverage(bytes: Uint8Array): number {
  const n = bytes.length;
  let covered = 0;
  let bad = 0;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      covered += length;
      i += length;
    } else {
      bad++;
      i++;
    }
  }
  return covered + bad === 0 ? 1 : covered / (covered + bad);
}

/**
 * The length of the well-formed UTF-8 sequence starting at `i` (a truncated one at the end
 * included); when there is none, 0 for a bad first byte or -k when the byte at `i + k` is the
 * bad one (RFC 3629, section 4).
 */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let length = 0;
  let min = 0x80;
  let max = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) min = 0xa0;
    if (b === 0xed) max = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) min = 0x90;
    if (b === 0xf4) max = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    const t = bytes[i + k];
    if (t === undefined) return k; // truncated at the end of the file
    if (t < (k === 1 ? min : 0x80) || t > (k === 1 ? max : 0xbf)) return -k;
  }
  return length;
}

function characterStats(text: string): { nul: number; control: number } {
  let nul = 0;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && (c < 0x7f || c > 0x9f)) continue;
    if (c === 0) nul++;
    // Tab, line feed, vertical tab, form feed, carriage return, escape and the DOS end-of-file
    // mark (^Z) all occur in real text files.
    else if (c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1a && c !== 0x1b) {
      control++;
    }
  }
  return { nul, control };
}

/** Says where UTF-8 validation first fails, for the error message. */
function utf8Defect(bytes: Uint8Array, start: number): string {
  const n = bytes.length;
  let i = start;
  while (i < n) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length <= 0) {
      const sequence = Array.from(bytes.subarray(i, i - length + 1), (byte) => `0x${hex(byte)}`).join(' ');
      return `bad byte sequence ${sequence} at offset ${i}`;
    }
    if (i + length === n && !isComplete(bytes, i)) {
      return `the file ends inside a character at offset ${i}: truncated?`;
    }
    i += length;
  }
  return 'no defect found';
}

function isComplete(bytes: Uint8Array, i: number): boolean {
  const b = bytes[i]!;
  const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
  return i + length <= bytes.length;
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
