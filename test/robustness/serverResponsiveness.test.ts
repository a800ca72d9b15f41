/**
 * Issue 11, row 5: no document starves the others. While a 20 MB document, or one with 8,000
 * definitions of one acronym with different expansions, is being analysed, hovers in another
 * (small) open document keep being answered, correctly, before the big analysis is done.
 *
 * Asserted by order and content only — never by timing: the hovers' latencies are printed
 * (the issue's target is 100 ms; `npm run bench` measures it too), so that a slow machine
 * does not fail the test, but a server that makes the small document wait for the big one
 * does: its first hover would come after the big document's answer.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import type { ServerSession } from '../support/lspClient';
import { SEEDS_DIR } from '../support/paths';
import { withServer } from './serverSupport';

const SEED = readFileSync(join(SEEDS_DIR, '000_4fcd428554b688c6.txt'), 'utf8');
/**
 * What the big document is made of: another seed, which does not mention what the hover is
 * about, so that the hover's answer (which counts the mentions of the workspace) is the same
 * before and after the big document is indexed.
 */
const OTHER = readFileSync(join(SEEDS_DIR, '004_1c12d9f6ba6291dd.txt'), 'utf8');
/** Where seed 000 mentions AZEC: its hover names it. */
const AZEC = { line: 34, character: 3 };
const SMALL = 'file:///small.agr';

const open = (server: ServerSession, uri: string, text: string) =>
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'agreement', version: 1, text } });

interface Latencies {
  readonly count: number;
  readonly beforeBig: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

/**
 * Sends a hover on the small document every `intervalMs` until `big` settles, checking each
 * answer against `expected`; how many came back before `big`, and how long they took.
 */
async function hoversWhile(
  server: ServerSession,
  big: Promise<unknown>,
  expected: Hover | null,
  intervalMs = 100,
): Promise<Latencies> {
  let settled = false;
  const done = big.finally(() => (settled = true));
  const latencies: number[] = [];
  let beforeBig = 0;
  const hovers: Array<Promise<void>> = [];
  while (!settled) {
    const sent = performance.now();
    hovers.push(
      server
        .request<Hover | null>('textDocument/hover', { textDocument: { uri: SMALL }, position: AZEC }, 120_000)
        .then((answer) => {
          latencies.push(performance.now() - sent);
          if (!settled) beforeBig++;
          assert.deepEqual(answer, expected, 'the hover in the small document changed');
        }),
    );
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, intervalMs))]);
  }
  await done;
  await Promise.all(hovers);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    beforeBig,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    maxMs: sorted[sorted.length - 1] ?? NaN,
  };
}

const figures = (l: Latencies) =>
  `${l.count} hovers, ${l.beforeBig} answered before it: median ${l.medianMs.toFixed(1)} ms, max ${l.maxMs.toFixed(1)} ms`;

describe('issue 11, row 5: no document starves the others', () => {
  test('row 5: a hover in a small document is answered, correctly, while a 20 MB document is analysed', async () => {
    await withServer(undefined, async (server) => {
      await open(server, SMALL, SEED);
      const warm = await server.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: SMALL },
        position: AZEC,
      });
      assert.match(JSON.stringify(warm), /AZEC/);
      const big = `${OTHER}\n`.repeat(Math.ceil((20 * 1024 * 1024) / Buffer.byteLength(`${OTHER}\n`)));
      assert.doesNotMatch(OTHER, /AZEC/);
      const started = performance.now();
      await open(server, 'file:///big.agr', big);
      const outline = server.request<unknown[]>(
        'textDocument/documentSymbol',
        { textDocument: { uri: 'file:///big.agr' } },
        300_000,
      );
      const latencies = await hoversWhile(server, outline, warm);
      const symbols = await outline;
      console.log(
        `row 5: ${(Buffer.byteLength(big) / 1024 / 1024).toFixed(1)} MB document analysed in ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s; meanwhile ${figures(latencies)}`,
      );
      assert.ok(symbols.length > 0);
      assert.ok(latencies.beforeBig > 0, `no hover was answered before the big outline: ${figures(latencies)}`);
    });
  });

  test('row 5: … and while a document with 8,000 definitions of one acronym with different expansions is analysed', async () => {
    await withServer(undefined, async (server) => {
      await open(server, SMALL, SEED);
      const warm = await server.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: SMALL },
        position: AZEC,
      });
      const lines: string[] = [];
      for (let i = 1; i <= 8000; i++) lines.push(`Article ${i}`, `The Zeta Body Number ${i} ("ZQX") meets.`);
      const uri = 'file:///definitions.agr';
      const started = performance.now();
      await open(server, uri, `${lines.join('\n')}\n`);
      const report = server.request<{ items: Diagnostic[] }>(
        'textDocument/diagnostic',
        { textDocument: { uri } },
        300_000,
      );
      const latencies = await hoversWhile(server, report, warm);
      const diagnosticsMs = performance.now() - started;
      const conflicts = (await report).items.filter((d) => d.code === 'conflicting-definition');
      // A hover in the big document itself, now analysed: the definition in force there.
      const hoverStarted = performance.now();
      const own = await server.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: { line: 2 * 4000 - 1, character: 'The Zeta Body Number 4000 ("'.length + 1 },
      });
      const hoverMs = performance.now() - hoverStarted;
      console.log(
        `row 5: 8,000 definitions of ZQX: diagnostics in ${(diagnosticsMs / 1000).toFixed(1)} s ` +
          `(${conflicts.length} conflicting-definition), a hover in it ${hoverMs.toFixed(0)} ms; ` +
          `meanwhile in the small document ${figures(latencies)}`,
      );
      assert.ok(conflicts.length > 0);
      assert.match(JSON.stringify(own), /Zeta Body Number 4000/);
      assert.ok(latencies.beforeBig > 0, `no hover was answered before the big report: ${figures(latencies)}`);
    });
  });
});
