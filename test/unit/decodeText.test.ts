import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeText, type DecodeResult, type TextEncodingName } from '../../server/src/workspace/decodeText';
import { readTextFile } from '../../server/src/workspace/readTextFile';

/** Plain JIS X 0208 text: every character exists in Shift_JIS and EUC-JP. */
const JIS_TEXT =
  '第一条　日本国政府及びベトナム社会主義共和国政府は、協力する。\r\n２　前項の協力は、①技術協力及び②資金協力とする。\n';
/** With 𠮷, outside the BMP (a surrogate pair in UTF-16) and outside JIS X 0208. */
const UNICODE_TEXT = `${JIS_TEXT}𠮷野家の件（Article 1.）\n`;

const BOM = '\ufeff';

function ok(result: DecodeResult): { text: string; encoding: TextEncodingName } {
  if (!result.ok) assert.fail(`expected text, got error: ${result.error}`);
  return result;
}

function error(result: DecodeResult): string {
  if (result.ok)
    assert.fail(`expected an error, got ${result.encoding} text ${JSON.stringify(result.text.slice(0, 40))}`);
  return result.error;
}

function roundTrips(text: string, iconvName: string, expected: TextEncodingName, withBom = false): void {
  const bytes = iconv.encode(text, iconvName, { addBOM: withBom });
  const decoded = ok(decodeText(bytes));
  assert.equal(decoded.encoding, expected);
  assert.equal(decoded.text, text);
}

describe('decodeText', () => {
  test('UTF-8 without a byte-order mark, with a character outside the BMP', () => {
    roundTrips(UNICODE_TEXT, 'utf-8', 'utf-8');
  });

  test('a byte-order mark decides the encoding and is removed from the text', () => {
    roundTrips(UNICODE_TEXT, 'utf-8', 'utf-8-bom', true);
    roundTrips(UNICODE_TEXT, 'utf-16le', 'utf-16le', true);
    roundTrips(UNICODE_TEXT, 'utf-16be', 'utf-16be', true);
    // The mark written by hand, as other tools do.
    assert.deepEqual(decodeText(Buffer.from(`${BOM}abc`, 'utf8')), { ok: true, text: 'abc', encoding: 'utf-8-bom' });
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00])), { ok: true, text: 'A', encoding: 'utf-16le' });
    assert.deepEqual(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x41])), { ok: true, text: 'A', encoding: 'utf-16be' });
  });

  test('only the first byte-order mark is removed', () => {
    const decoded = ok(decodeText(Buffer.from(`${BOM}${BOM}x`, 'utf8')));
    assert.equal(decoded.text, `${BOM}x`);
    const utf16 = ok(decodeText(iconv.encode(`${BOM}x`, 'utf-16le', { addBOM: true })));
    assert.equal(utf16.text, `${BOM}x`);
  });

  test('a byte-order mark alone is an empty text', () => {
    assert.deepEqual(decodeText(Buffer.from([0xef, 0xbb, 0xbf])), { ok: true, text: '', encoding: 'utf-8-bom' });
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe])), { ok: true, text: '', encoding: 'utf-16le' });
    assert.deepEqual(decodeText(Buffer.from([0xfe, 0xff])), { ok: true, text: '', encoding: 'utf-16be' });
  });

  test('Shift_JIS (CP932) and EUC-JP are recognised and round-trip', () => {
    roundTrips(JIS_TEXT, 'shift_jis', 'shift_jis');
    roundTrips(JIS_TEXT, 'euc-jp', 'euc-jp');
  });

  test('short Japanese texts are told apart too', () => {
    for (const text of ['第一条', '協力する。', 'ベトナム', 'あ', '日本国政府\n', '（定義）', 'Article 1 第一条']) {
      roundTrips(text, 'shift_jis', 'shift_jis');
      roundTrips(text, 'euc-jp', 'euc-jp');
    }
  });

  test('Shift_JIS with half-width katakana and CP932 extensions', () => {
    roundTrips('ｶﾀｶﾅの第１条　①②③　髙橋', 'cp932', 'shift_jis');
  });

  test('empty input is an empty UTF-8 text', () => {
    assert.deepEqual(decodeText(new Uint8Array(0)), { ok: true, text: '', encoding: 'utf-8' });
  });

  test('a short ASCII file is UTF-8', () => {
    assert.deepEqual(decodeText(Buffer.from('Article 1\n', 'ascii')), {
      ok: true,
      text: 'Article 1\n',
      encoding: 'utf-8',
    });
    assert.deepEqual(decodeText(Buffer.from('x')), { ok: true, text: 'x', encoding: 'utf-8' });
  });

  test('accepts a Uint8Array view into a larger buffer', () => {
    const backing = Buffer.from(`garbage${JIS_TEXT}garbage`, 'utf8');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 7, Buffer.byteLength(JIS_TEXT));
    assert.equal(ok(decodeText(view)).text, JIS_TEXT);
  });

  test('NUL bytes without a UTF-16 byte-order mark: a binary file', () => {
    assert.equal(
      error(decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]))),
      'looks like a binary file: it contains NUL bytes',
    );
    // UTF-16 without a mark is refused the same way.
    assert.match(error(decodeText(iconv.encode('Article 1', 'utf-16le'))), /NUL bytes/);
  });

  test('a UTF-16 file holding NUL characters is a binary file', () => {
    assert.match(error(decodeText(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00]))), /NUL characters/);
  });

  test('many control characters: a binary file', () => {
    const bytes = Buffer.from('text\x01\x02\x03\x04\x05\x06\x07\x08 more text', 'latin1');
    assert.equal(error(decodeText(bytes)), 'looks like a binary file: too many control characters');
  });

  test('tabs, form feeds, escape and the DOS end-of-file mark are text', () => {
    const text = 'Article\t1\f\n\x1b[0m end\x1a';
    assert.deepEqual(decodeText(Buffer.from(text, 'latin1')), { ok: true, text, encoding: 'utf-8' });
  });

  test('ISO-2022-JP is refused with a clear reason, not shown as escape sequences', () => {
    // 「協力」 in ISO-2022-JP: ESC $ B, the JIS X 0208 bytes, ESC ( B.
    const bytes = Buffer.from('Article 1 \x1b$B6(NO\x1b(B\n', 'latin1');
    assert.equal(error(decodeText(bytes)), 'cannot decode: ISO-2022-JP (JIS) is not supported; save the file as UTF-8');
  });

  test('truncated UTF-8 is refused with a clear error, not read as Shift_JIS mojibake', () => {
    // 「…する。」 cut inside 。 (E3 80 82): as Shift_JIS these bytes would read 蜊泌鴨縺吶ｋ縲.
    const bytes = Buffer.from('協力する。', 'utf8').subarray(0, -1);
    assert.equal(
      error(decodeText(bytes)),
      'cannot decode: not valid UTF-8 (the file ends inside a character at offset 12: truncated?)',
    );
  });

  test('UTF-8 damaged in the middle is refused, not read as Shift_JIS', () => {
    const bytes = Buffer.from(JIS_TEXT, 'utf8');
    bytes[10] = 0xff;
    assert.equal(error(decodeText(bytes)), 'cannot decode: not valid UTF-8 (bad byte sequence 0xE3 0xFF at offset 9)');
  });

  test('invalid bytes that are not Shift_JIS or EUC-JP either: a clear error', () => {
    assert.equal(
      error(decodeText(Buffer.from([0x41, 0x80, 0x42, 0xfd, 0x0a]))),
      'cannot decode: not valid UTF-8 (bad byte sequence 0x80 at offset 1), Shift_JIS or EUC-JP',
    );
  });

  test('Latin-1 text is neither UTF-8, Shift_JIS nor EUC-JP', () => {
    const reason = error(decodeText(Buffer.from('Accord de coopération entre …\n', 'latin1')));
    assert.equal(
      reason,
      'cannot decode: not valid UTF-8 (bad byte sequence 0xE9 0x72 at offset 14), Shift_JIS or EUC-JP',
    );
  });

  test('a UTF-8 byte-order mark before invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('abc'), Buffer.from([0xff])]);
    assert.equal(
      error(decodeText(bytes)),
      'cannot decode: it starts with a UTF-8 byte-order mark but is not valid UTF-8 (bad byte sequence 0xFF at offset 6)',
    );
  });

  test('never throws, and answers every input with text or a one-line reason', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 500; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 64));
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
      const result = decodeText(bytes);
      if (!result.ok) assert.doesNotMatch(result.error, /\n/);
    }
  });

  test('a large file is judged from its first non-ASCII bytes', () => {
    const text = `${'Article 1. ASCII preamble.\n'.repeat(10_000)}${JIS_TEXT.repeat(2_000)}`;
    roundTrips(text, 'shift_jis', 'shift_jis');
    roundTrips(text, 'euc-jp', 'euc-jp');
  });

  test('a large file that goes bad after the sample is refused', () => {
    const bytes = iconv.encode(JIS_TEXT.repeat(5_000), 'euc-jp');
    bytes[bytes.length - 3] = 0xff;
    bytes[bytes.length - 4] = 0x80;
    assert.match(error(decodeText(bytes)), /^cannot decode: not valid UTF-8 \(.*\), Shift_JIS or EUC-JP$/);
  });

  // Speed is measured by bench/benchmarks.ts, which prints the figures; this checks only that
  // a large file in each encoding decodes whole, past the sample the encoding is judged on.
  test('a 2 MB file in each encoding decodes whole', () => {
    const chunk = `${JIS_TEXT}Article 2. This Agreement shall enter into force on the date of signature.\n`;
    for (const [iconvName, expected] of [
      ['utf-8', 'utf-8'],
      ['utf-16le', 'utf-16le'],
      ['shift_jis', 'shift_jis'],
      ['euc-jp', 'euc-jp'],
    ] as const) {
      const unit = iconv.encode(chunk, iconvName);
      const text = chunk.repeat(Math.ceil((2 * 1024 * 1024) / unit.length));
      const bytes = iconv.encode(text, iconvName, { addBOM: iconvName === 'utf-16le' });
      const decoded = ok(decodeText(bytes));
      assert.equal(decoded.encoding, expected);
      assert.equal(decoded.text, text);
    }
  });
});

describe('readTextFile', () => {
  test('reads a file in any encoding and reports the encoding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-text-file-'));
    const cases: Array<[string, Buffer, TextEncodingName, string]> = [
      ['utf8.agr', iconv.encode(UNICODE_TEXT, 'utf-8'), 'utf-8', UNICODE_TEXT],
      ['bom.agr', iconv.encode(UNICODE_TEXT, 'utf-8', { addBOM: true }), 'utf-8-bom', UNICODE_TEXT],
      ['le.agr', iconv.encode(UNICODE_TEXT, 'utf-16le', { addBOM: true }), 'utf-16le', UNICODE_TEXT],
      ['be.agr', iconv.encode(UNICODE_TEXT, 'utf-16be', { addBOM: true }), 'utf-16be', UNICODE_TEXT],
      ['sjis.agr', iconv.encode(JIS_TEXT, 'shift_jis'), 'shift_jis', JIS_TEXT],
      ['euc.agr', iconv.encode(JIS_TEXT, 'euc-jp'), 'euc-jp', JIS_TEXT],
    ];
    for (const [name, bytes, encoding, text] of cases) {
      writeFileSync(join(dir, name), bytes);
      assert.deepEqual(readTextFile(join(dir, name)), { ok: true, text, encoding }, name);
    }
  });

  test('file-system failures are one-line reasons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-text-file-'));
    assert.deepEqual(readTextFile(join(dir, 'missing.agr')), { ok: false, error: 'no such file' });
    assert.deepEqual(readTextFile(dir), { ok: false, error: 'is a directory' });
  });
});
