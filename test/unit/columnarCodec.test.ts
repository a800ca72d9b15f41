import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { serialize, deserialize } from 'node:v8';
import { analyseDocument } from '../../server/src/core/analysis';
import {
  decode,
  decodePieces,
  encode,
  encodeInPieces,
  NotTransferable,
  transferables,
} from '../../server/src/workspace/columnarCodec';
import { SEEDS_DIR, SHARED_DIR } from '../support/paths';

/** Across a thread boundary: encoded, structured-cloned, decoded. */
const roundTrip = (value: unknown) => decode(deserialize(serialize(encode(value))) as ReturnType<typeof encode>);

/** An analysis as it crosses to the main thread: without its text and line index. */
function movable(text: string): Record<string, unknown> {
  const { text: _text, lines: _lines, ...rest } = analyseDocument('file:///a.agr', text);
  return rest;
}

describe('columnar codec', () => {
  test('plain values of every kind come back deeply equal', () => {
    const cases: unknown[] = [
      0,
      -0,
      NaN,
      Infinity,
      2 ** 40,
      'text 𠮷',
      '',
      true,
      null,
      undefined,
      [],
      {},
      [1, 2.5, -3],
      [{ a: 1 }, { a: 2, b: 'x' }, { b: 'y', a: 3 }, {}],
      [{ range: { start: 1, end: 2 } }, { range: { start: 3, end: 4 }, extra: undefined }],
      [[], [1], [1, [2, [3]]]],
      ['a', 'a', 'a', 'b'],
      [1, 'one', null, undefined, true, { x: [1] }],
      { nested: { deeper: { deepest: [{ k: -0 }, { k: 0 }] } } },
      [new Error('kept'), new Map([['k', 1]]), new Set(['v']), new Uint8Array([1, 2])],
      Array.from({ length: 300 }, (_, i) => ({ i, s: `s${i % 7}`, o: i % 3 === 0 ? undefined : { n: i } })),
    ];
    for (const value of cases) {
      const back = roundTrip(value);
      if (value instanceof Array && value[0] instanceof Error) {
        assert.equal((back as unknown[]).length, 4);
        continue;
      }
      assert.deepStrictEqual(back, value, JSON.stringify(value));
    }
    assert.ok(Object.is(roundTrip(-0), -0));
  });

  test('what the structured clone would distort is refused, not silently changed', () => {
    class Thing {
      x = 1;
    }
    assert.throws(() => encode([new Thing()]), NotTransferable);
    assert.throws(() => encode({ f: () => 1 }), NotTransferable);
    assert.throws(() => encode([1, 'a', { inner: new Thing() }]), NotTransferable);
    // eslint-disable-next-line no-sparse-arrays
    assert.throws(() => encode([[1, , 3]]), NotTransferable);
  });

  test('the analysis of every seed comes back deeply equal', () => {
    for (const name of readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt'))) {
      const value = movable(readFileSync(join(SEEDS_DIR, name), 'utf8'));
      assert.deepStrictEqual(roundTrip(value), value, name);
    }
  });

  const corpus = join(SHARED_DIR, 'corpus', 'egov-statutes');
  test('the analyses of statutes come back deeply equal, in pieces too', { skip: !existsSync(corpus) }, async () => {
    const files = readdirSync(corpus)
      .sort()
      .filter((_, i) => i % 40 === 0);
    for (const name of files) {
      const value = movable(readFileSync(join(corpus, name), 'utf8'));
      const pieces = encodeInPieces(value, 500);
      const cloned = deserialize(serialize(pieces)) as typeof pieces;
      let pauses = 0;
      const back = await decodePieces(cloned, async () => {
        pauses++;
      });
      assert.deepStrictEqual(back, value, name);
      assert.equal(pauses, pieces.pieces.length);
    }
  });

  test('a few buffers cross the boundary, whatever the number of objects', () => {
    const value = movable(readFileSync(join(SEEDS_DIR, '000_4fcd428554b688c6.txt'), 'utf8'));
    const encoded = encode(value);
    assert.ok(transferables(encoded).length <= 4);
    assert.equal(typeof encoded.text, 'string');
  });
});
