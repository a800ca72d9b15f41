import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { CancellationTokenSource, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { type ServerSession, startServer } from '../support/lspClient';
import { SEEDS_DIR } from '../support/paths';

/**
 * How the server behaves while analyses are under way, asserted by the order and content of
 * the answers (never by their timing): typing is coalesced into diagnostics of the final
 * text, a large document being analysed does not hold up requests about another one, and a
 * request the client cancels is answered with the LSP cancellation error.
 */
describe('a server that stays responsive', () => {
  let server: ServerSession;
  const seed = readFileSync(join(SEEDS_DIR, '000_4fcd428554b688c6.txt'), 'utf8');
  /** About 4 MB of agreement text: seconds of analysis. */
  const large = `${seed}\n`.repeat(Math.ceil((4 * 1024 * 1024) / Buffer.byteLength(seed)));
  const open = (uri: string, text: string) =>
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'agreement', version: 1, text } });

  before(async () => {
    server = await startServer();
  });
  after(async () => server.stop());

  test('a burst of edits yields the diagnostics of the final text', async () => {
    const uri = 'file:///burst.agr';
    await open(uri, '');
    const typed = '会談は2021年11月23日(水)に行われた。';
    // One character at a time, as fast as the client sends them, the way a user types.
    for (let i = 0; i < typed.length; i++)
      await server.notify('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [
          { range: { start: { line: 0, character: i }, end: { line: 0, character: i } }, text: typed[i] },
        ],
      });
    const report = await server.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.equal(report.kind, 'full');
    assert.deepEqual(
      report.items.map((d) => [d.code, d.range.start.character, d.range.end.character]),
      [['weekday-mismatch', typed.indexOf('2021'), typed.indexOf(')') + 1]],
    );
    const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols, []);
  });

  test('a request about one document is answered while a large one is being analysed', async () => {
    const small = 'file:///small.agr';
    await open(small, seed);
    const position = { line: 34, character: 3 };
    const warm = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position });
    assert.match(JSON.stringify(warm), /AZEC/);

    const big = 'file:///large.agr';
    const order: string[] = [];
    await open(big, large);
    const outline = server
      .request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: big } }, 120_000)
      .then((symbols) => {
        order.push('large outline');
        return symbols;
      });
    const hover = server
      .request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position })
      .then((answer) => {
        order.push('small hover');
        return answer;
      });
    const [symbols, answer] = await Promise.all([outline, hover]);
    assert.deepEqual(order, ['small hover', 'large outline']);
    assert.deepEqual(answer, warm, 'the same hover as before the large document was opened');
    assert.ok(symbols.length > 0);
  });

  test('a cancelled request is answered with the LSP cancellation error', async () => {
    const uri = 'file:///cancelled.agr';
    await open(uri, large);
    // The outline waits for the analysis of the document; the client gives up meanwhile.
    const source = new CancellationTokenSource();
    const request = server.connection.sendRequest(
      'textDocument/documentSymbol',
      { textDocument: { uri } },
      source.token,
    );
    source.cancel();
    await assert.rejects(
      request,
      (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled,
      'the outline request was answered although it was cancelled',
    );
    // The analysis goes on for the requests that still want it.
    const ranges = await server.request<unknown[]>('textDocument/foldingRange', { textDocument: { uri } }, 120_000);
    assert.ok(Array.isArray(ranges));
  });
});
