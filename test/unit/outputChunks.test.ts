/**
 * Output in pieces (server/src/cli/outputChunks.ts): the JSON writer gives exactly the text of
 * JSON.stringify, the formats give the same text in pieces as whole, and writeChunks respects
 * backpressure and stops quietly on a closed pipe.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { runAgreementLint } from '../../server/src/cli/agreementLint';
import { isClosedPipe, joinChunks, jsonChunks, writeChunks } from '../../server/src/cli/outputChunks';
import { SEEDS_DIR, seedFiles } from '../support/paths';

const VALUES: unknown[] = [
  null,
  0,
  'a "quoted"\nline',
  [],
  {},
  [[], {}, [[]], { a: [] }],
  { a: 1, b: undefined, c: () => 1, d: [undefined, () => 2, 3], e: { f: { g: { h: [1, { i: 'j' }] } } } },
  { '': 'empty key', 'Ünïcödé 𠮷': ['日本語', '\u2028'], nested: [[[[['deep']]]]] },
  Array.from({ length: 50 }, (_, i) => ({ i, s: `${i}`, l: [i, [i]] })),
];

describe('jsonChunks', () => {
  test('gives exactly JSON.stringify(value, null, indent) for every stream depth', () => {
    for (const value of VALUES)
      for (const indent of [1, 2])
        for (const streamDepth of [0, 1, 2, 3, 8]) {
          const expected = JSON.stringify(value, null, indent);
          assert.equal(joinChunks(jsonChunks(value, indent, streamDepth)), expected, `${expected} @${streamDepth}`);
        }
  });

  test('baseDepth indents the whole as nested in a larger document', () => {
    const value = { a: [1, { b: 2 }] };
    const inner = joinChunks(jsonChunks(value, 1, 2, 2));
    const outer = JSON.stringify({ x: [value] }, null, 1);
    assert.ok(outer.includes(inner), `${inner}\nin\n${outer}`);
  });

  test('a list of 200,000 items is written in pieces, not one string', () => {
    const list = Array.from({ length: 200_000 }, (_, i) => ({ i }));
    let pieces = 0;
    let longest = 0;
    for (const chunk of jsonChunks({ list }, 1, 2)) {
      pieces++;
      longest = Math.max(longest, chunk.length);
    }
    assert.ok(pieces > 200_000);
    assert.ok(longest < 100, `longest piece ${longest}`);
  });
});

describe('the formats in pieces', () => {
  test('the json, sarif and text output of the seeds is what the one-string formats wrote', () => {
    const seeds = seedFiles().map((f) => join(SEEDS_DIR, f));
    const json = runAgreementLint(['--format', 'json', ...seeds], SEEDS_DIR, { env: {}, stdoutIsTTY: false });
    assert.equal(json.stdout, `${JSON.stringify(JSON.parse(json.stdout), null, 1)}\n`);
    const sarif = runAgreementLint(['--format', 'sarif', ...seeds], SEEDS_DIR, { env: {}, stdoutIsTTY: false });
    assert.equal(sarif.stdout, `${JSON.stringify(JSON.parse(sarif.stdout), null, 2)}\n`);
    const text = runAgreementLint(['--format', 'text', ...seeds], SEEDS_DIR, { env: {}, stdoutIsTTY: false });
    assert.ok(text.stdout.endsWith('\n') && !text.stdout.endsWith('\n\n'));
    assert.equal(text.stdout.split('\n\n').length, seeds.length);
    // No file of the seeds is empty of text, so the check is not vacuous.
    assert.ok(seeds.every((seed) => readFileSync(seed, 'utf8').length > 0));
  });
});

/** A writable that accepts `highWaterMark` bytes, then waits a tick before taking more. */
function slowSink(highWaterMark: number): { stream: Writable; received: () => string; waits: () => number } {
  let text = '';
  let waits = 0;
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      text += chunk;
      waits++;
      setImmediate(callback);
    },
  });
  return { stream, received: () => text, waits: () => waits };
}

describe('writeChunks', () => {
  test('writes every piece in order, waiting for the stream to drain', async () => {
    const pieces = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
    const sink = slowSink(1024);
    let drains = 0;
    sink.stream.on('drain', () => drains++);
    const outcome = await writeChunks(sink.stream, pieces);
    await new Promise<void>((resolve) => sink.stream.end(resolve));
    assert.deepEqual(outcome, { complete: true });
    assert.equal(sink.received(), pieces.join(''));
    assert.ok(drains > 0, 'the writer waited for drain');
  });

  test('a stream that fails (a closed pipe) ends the writing without an exception', async () => {
    let calls = 0;
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        calls++;
        const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        callback(error);
      },
    });
    let produced = 0;
    function* endless(): Generator<string> {
      for (;;) {
        produced++;
        yield 'x'.repeat(1000);
      }
    }
    const outcome = await writeChunks(stream, endless());
    assert.equal(outcome.complete, false);
    assert.ok(!outcome.complete && isClosedPipe(outcome.error));
    assert.ok(calls >= 1);
    assert.ok(produced < 1_000, `stopped producing (${produced} pieces)`);
  });
});
