import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { DocumentSymbol, FoldingRange, SemanticTokens } from 'vscode-languageserver-protocol';
import { SEEDS_DIR } from '../support/paths';
import { type ServerSession, startServer } from '../support/lspClient';

describe('the bundled server over stdio', () => {
  let server: ServerSession;
  const seed = join(SEEDS_DIR, '000_4fcd428554b688c6.txt');
  const uri = pathToFileURL(seed).href;

  before(async () => {
    server = await startServer();
    await server.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'agreement', version: 1, text: readFileSync(seed, 'utf8') },
    });
  });
  after(async () => server.stop());

  test('document symbols are the clause tree of the seed', async () => {
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      [
        '1. 科学技術',
        '2. 半導体',
        '3. 人工知能 (AI)',
        '4. エネルギー・重要鉱物',
        '5. 農業・食料安全保障',
        '訪越に際して署名・交換された文書',
      ],
    );
    assert.equal(symbols[5]!.children!.length, 6);
    assert.deepEqual(symbols[0]!.selectionRange, { start: { line: 8, character: 0 }, end: { line: 8, character: 2 } });
  });

  test('folding ranges and semantic tokens answer for the same document', async () => {
    const folds = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f) => f.startLine === 8 && f.endLine === 15));
    const tokens = await server.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.equal(tokens.data.length % 5, 0, 'five integers per token');
    // The legend: 0 clauseLabel, 1 agency, 2 program, 3 instrument, 4 definedTerm, 5 date, 6 clauseReference.
    const types = tokens.data.filter((_, i) => i % 5 === 3);
    assert.equal(types.filter((t) => t === 0).length, 11, 'eleven clause labels');
    for (const type of [1, 2, 3, 5]) assert.ok(types.includes(type), `a token of type ${type}`);
  });

  test('edits are seen: an incremental change adds a clause', async () => {
    await server.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '𠮷\n0. 序\n' },
      ],
    });
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0]!.name, '0. 序');
    assert.deepEqual(symbols[0]!.selectionRange.start, { line: 1, character: 0 });
  });

  test('a request for a document that is not open answers empty instead of failing', async () => {
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: 'file:///nowhere.agr' },
    });
    assert.deepEqual(symbols, []);
  });
});
