/**
 * Issue 11, the rows that live in the server's handlers, lifecycle and workspace — 6, 7, 8,
 * 9, 14 and the watcher path of 10 — each over the bundled server as an editor talks to it,
 * with its inputs made on the fly in a temporary folder. Row 5 (no document starves the
 * others) is in serverResponsiveness.test.ts, the random-edit property test in
 * randomEdits.test.ts, the server side of row 13 in settingsFiles.test.ts, and that of rows
 * 1, 3, 4 and the start-up walk of 10 in serverSettings.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic, DocumentSymbol, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { ErrorCodes, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { ServerSession } from '../support/lspClient';
import { SEEDS_DIR, SHARED_DIR } from '../support/paths';
import { EDITOR_CAPABILITIES, indexedStatus, type IndexStatus, withServer } from './serverSupport';
import { makeSymlink, workspace } from './support';

const open = (server: ServerSession, uri: string, text: string, version = 1) =>
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'agreement', version, text } });

/** The position of the first `needle` in `text` (plus `delta` characters), in UTF-16 code units. */
function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in the text`);
  return { line, character: lines[line]!.indexOf(needle) + delta };
}

/** Before `b`, or the same. */
const notAfter = (a: Range['start'], b: Range['start']) =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Every symbol, with its path, whose range does not contain its selection range (or ends before it starts). */
function badSymbols(symbols: readonly DocumentSymbol[], path = ''): string[] {
  const bad: string[] = [];
  for (const symbol of symbols) {
    const here = `${path}/${symbol.name}`;
    const { range, selectionRange } = symbol;
    if (
      !notAfter(range.start, range.end) ||
      !notAfter(selectionRange.start, selectionRange.end) ||
      !notAfter(range.start, selectionRange.start) ||
      !notAfter(selectionRange.end, range.end)
    )
      bad.push(`${here}: range ${JSON.stringify(range)}, selection ${JSON.stringify(selectionRange)}`);
    bad.push(...badSymbols(symbol.children ?? [], here));
  }
  return bad;
}

/** The texts of a folder of `.txt` files, below it at any depth (none when it is absent). */
function textsBelow(dir: string): Array<{ name: string; text: string }> {
  if (!existsSync(dir)) return [];
  const found: Array<{ name: string; text: string }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...textsBelow(path));
    else if (entry.name.endsWith('.txt')) found.push({ name: path, text: readFileSync(path, 'utf8') });
  }
  return found;
}

/** The one spelling of a URI (what `vscode-uri` prints). */
const normal = (uri: string) => URI.parse(uri).toString();

/** The error a request was refused with. */
async function refusal(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    const answer = await request;
    return { code: 0, message: `answered: ${JSON.stringify(answer)}` };
  } catch (error) {
    return error as { code: number; message: string };
  }
}

const ZOP_RIGHT = 'Article 1\nThe Zeta Omega Program ("ZOP") is set up.\nArticle 2\nThe ZOP shall meet yearly.\n';
const ZOP_WRONG = 'Article 1\nThe Zeta Other Plan ("ZOP") is set up.\nArticle 2\nThe ZOP shall meet yearly.\n';

describe('issue 11: rows of the server', () => {
  test('row 6: `x⏎(1)⏎Article 5`: every document symbol range contains its selection range', async () => {
    await withServer(undefined, async (server) => {
      const texts = ['x\n(1)\nArticle 5', 'x\r\n(1)\r\nArticle 5', 'x\r(1)\rArticle 5\n', '\uFEFFx\n(1)\nArticle 5 𠮷'];
      for (const [i, text] of texts.entries()) {
        const uri = `file:///row6-${i}.agr`;
        await open(server, uri, text);
        const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', {
          textDocument: { uri },
        });
        assert.ok(symbols.length > 0, JSON.stringify(text));
        assert.deepEqual(badSymbols(symbols), [], JSON.stringify(text));
      }
    });
  });

  test('row 6: the same over every seed and real agreement of ../shared/corpus/real', async () => {
    const texts = [...textsBelow(SEEDS_DIR), ...textsBelow(join(SHARED_DIR, 'corpus', 'real'))];
    assert.ok(texts.length > 0);
    await withServer(undefined, async (server) => {
      const bad: string[] = [];
      let symbolCount = 0;
      for (const [i, { name, text }] of texts.entries()) {
        const uri = `file:///row6-corpus-${i}.agr`;
        await open(server, uri, text);
        const symbols = await server.request<DocumentSymbol[]>(
          'textDocument/documentSymbol',
          { textDocument: { uri } },
          60_000,
        );
        symbolCount += symbols.length;
        for (const problem of badSymbols(symbols)) bad.push(`${name}: ${problem}`);
        await server.notify('textDocument/didClose', { textDocument: { uri } });
      }
      assert.ok(symbolCount > texts.length, `${symbolCount} symbols in ${texts.length} texts`);
      assert.deepEqual(bad, []);
    });
  });

  /**
   * On disk, a.agr gives ZOP another expansion than b.agr; in the editor, a.agr's unsaved
   * buffer agrees with b.agr. The only conflict is then with a file that is not what the
   * user sees: none may be reported, and the index holds the buffer's expansion.
   */
  test('row 7: after start and after a change of agreement.files, open documents are indexed from the buffer', async () => {
    const root = workspace({ 'a.agr': ZOP_WRONG, 'b.agr': ZOP_RIGHT });
    const a = URI.file(join(root, 'a.agr')).toString();
    const b = URI.file(join(root, 'b.agr')).toString();
    let files = ['**/*.agr'];
    await withServer(
      root,
      async (server) => {
        // At once after `initialized`, as VS Code does when it restores its editors.
        await open(server, a, ZOP_RIGHT);
        await open(server, b, ZOP_RIGHT);
        const check = async (when: string) => {
          const expansions = await server.request<Array<{ uri: string; expansion: string }>>(
            'agreement/termDefinitions',
            { term: 'ZOP', waitForIndex: true },
          );
          assert.deepEqual(
            expansions.map((d) => [d.uri, d.expansion]).sort(),
            [
              [a, 'Zeta Omega Program'],
              [b, 'Zeta Omega Program'],
            ],
            when,
          );
          for (const uri of [a, b]) {
            const report = await server.request<{ items: Diagnostic[] }>('textDocument/diagnostic', {
              textDocument: { uri },
            });
            assert.deepEqual(
              report.items.filter((d) => d.code === 'conflicting-definition').map((d) => d.message),
              [],
              `${when}: ${uri}`,
            );
          }
        };
        await check('after start');
        files = ['**/*.agr', '**/*.agreement'];
        const asked = server.serverRequests.filter((m) => m === 'workspace/configuration').length;
        await server.notify('workspace/didChangeConfiguration', { settings: null });
        // The re-index starts once the server has read the new settings: wait until it asked for them.
        const deadline = Date.now() + 10_000;
        while (server.serverRequests.filter((m) => m === 'workspace/configuration').length === asked) {
          assert.ok(Date.now() < deadline, 'the settings were not read again');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await indexedStatus(server, 2);
        await check('after a change of agreement.files');
      },
      { capabilities: EDITOR_CAPABILITIES, configuration: () => ({ files }) },
    );
  });

  /**
   * The editor spells the file `a(1).agr`, the walk of the workspace `a%281%29.agr`: the
   * same file, one document — one entry in the index, every reference, symbol and rename
   * edit once.
   */
  test('row 8: `a(1).agr` and `a%281%29.agr` are one document', async () => {
    const root = workspace({ 'a(1).agr': ZOP_RIGHT, 'b.agr': 'Article 1\nThe ZOP meets in Tokyo.\n' });
    const discovered = URI.file(join(root, 'a(1).agr')).toString();
    assert.match(discovered, /a%281%29\.agr$/);
    const spelled = `file://${join(root, 'a(1).agr')}`;
    assert.notEqual(spelled, discovered);
    await withServer(root, async (server) => {
      await indexedStatus(server, 2);
      await open(server, spelled, ZOP_RIGHT);
      // A watcher event in the editor's spelling too.
      await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: spelled, type: 2 }] });
      const status = await server.request<IndexStatus>('agreement/indexStatus', {});
      assert.deepEqual(status.documents.map(normal).sort(), status.documents.slice().sort(), 'one spelling');
      assert.equal(status.documents.length, 2, JSON.stringify(status.documents));

      const position = positionOf(ZOP_RIGHT, 'ZOP', 1);
      const references = await server.request<Location[]>('textDocument/references', {
        textDocument: { uri: spelled },
        position,
        context: { includeDeclaration: true },
      });
      const keys = references.map((l) => `${normal(l.uri)} ${JSON.stringify(l.range)}`);
      assert.ok(keys.length >= 2, JSON.stringify(references));
      assert.equal(new Set(keys).size, keys.length, `a reference twice:\n${keys.join('\n')}`);

      const symbols = await server.request<Array<{ name: string; location: Location }>>('workspace/symbol', {
        query: 'ZOP',
      });
      const symbolKeys = symbols.map((s) => `${s.name} ${normal(s.location.uri)} ${JSON.stringify(s.location.range)}`);
      assert.ok(symbolKeys.length > 0);
      assert.equal(new Set(symbolKeys).size, symbolKeys.length, `a symbol twice:\n${symbolKeys.join('\n')}`);

      const rename = await server.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: spelled },
        position,
        newName: 'ZOQ',
      });
      const changed = Object.keys(rename.changes ?? {});
      assert.equal(new Set(changed.map(normal)).size, changed.length, `a file edited twice: ${changed.join(', ')}`);
      const edits = Object.values(rename.changes ?? {}).flat().length;
      assert.equal(edits, keys.length, JSON.stringify(rename));

      // Closed in the other spelling, it is closed: the file's entry comes back from disk, once.
      await server.notify('textDocument/didClose', { textDocument: { uri: discovered } });
      const after = await server.request<IndexStatus>('agreement/indexStatus', {});
      assert.equal(after.documents.length, 2, JSON.stringify(after.documents));
    });
  });

  test('row 9: a change that repeats the version number is still applied', async () => {
    await withServer(undefined, async (server) => {
      const uri = 'file:///row9.agr';
      await open(server, uri, 'Article 1\nText.\n', 3);
      const names = async () =>
        (await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } })).map(
          (s) => s.name,
        );
      assert.deepEqual(await names(), ['Article 1']);
      const longer = 'Article 1\nText.\nArticle 2\nMore.\nArticle 3\nEnd 𠮷.\n';
      await server.notify('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ text: longer }],
      });
      assert.deepEqual(await names(), ['Article 1', 'Article 2', 'Article 3']);
      // An incremental change at the same version again: Article 3 and its text removed.
      await server.notify('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 6, character: 0 } }, text: '' }],
      });
      assert.deepEqual(await names(), ['Article 1', 'Article 2']);
      const hover = await server.request<unknown>('textDocument/hover', {
        textDocument: { uri },
        position: { line: 4, character: 0 },
      });
      assert.equal(hover, null, 'nothing past the end of the new text');
      const tokens = await server.request<{ data: number[] }>('textDocument/semanticTokens/full', {
        textDocument: { uri },
      });
      let line = 0;
      for (let i = 0; i < tokens.data.length; i += 5) {
        line += tokens.data[i]!;
        assert.ok(line < 4, `a token on line ${line}, past the end of the text`);
      }
    });
  });

  test('row 14: ServerNotInitialized before initialize, InvalidRequest after shutdown, RequestFailed for a refused rename, InvalidParams for bad parameters', async () => {
    await withServer(
      undefined,
      async (server) => {
        const uri = 'file:///row14.agr';
        const before = await refusal(
          server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }),
        );
        assert.equal(before.code, ErrorCodes.ServerNotInitialized, before.message);
        const custom = await refusal(server.request('agreement/indexStatus', {}));
        assert.equal(custom.code, ErrorCodes.ServerNotInitialized, custom.message);

        await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
        await server.notify('initialized', {});
        const text = 'Article 1\nThe Zeta Omega Program ("ZOP") is set up.\n';
        await open(server, uri, text);

        const plain = { textDocument: { uri }, position: positionOf(text, 'set up', 1) };
        const prepare = await refusal(server.request('textDocument/prepareRename', plain));
        assert.equal(prepare.code, LSPErrorCodes.RequestFailed, prepare.message);
        const rename = await refusal(server.request('textDocument/rename', { ...plain, newName: 'X' }));
        assert.equal(rename.code, LSPErrorCodes.RequestFailed, rename.message);
        const badName = await refusal(
          server.request('textDocument/rename', {
            textDocument: { uri },
            position: positionOf(text, 'ZOP', 1),
            newName: '',
          }),
        );
        assert.equal(badName.code, LSPErrorCodes.RequestFailed, badName.message);

        const badParams: Array<[string, unknown]> = [
          ['textDocument/hover', {}],
          ['textDocument/hover', { textDocument: { uri } }],
          ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 0 } }],
          ['textDocument/definition', { textDocument: {}, position: { line: 0, character: 0 } }],
          ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 0 } }],
          ['textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 0 } }],
          ['textDocument/documentSymbol', null],
          ['textDocument/codeAction', { textDocument: { uri }, context: { diagnostics: [] } }],
          ['textDocument/diagnostic', { textDocument: { uri: 3 } }],
          ['agreement/entityMentions', {}],
          ['agreement/termDefinitions', { term: 5 }],
        ];
        for (const [method, params] of badParams) {
          const answer = await refusal(server.request(method, params));
          assert.equal(answer.code, ErrorCodes.InvalidParams, `${method} ${JSON.stringify(params)}: ${answer.message}`);
        }
        // A method named like a property of every object is an unknown method, nothing more.
        const unknown = await refusal(server.request('toString', {}));
        assert.equal(unknown.code, ErrorCodes.MethodNotFound, unknown.message);
        assert.doesNotMatch(server.stderr(), /TypeError|Cannot read properties/, 'no handler failed on them');
        // Good parameters are still answered.
        const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', {
          textDocument: { uri },
        });
        assert.deepEqual(
          symbols.map((s) => s.name),
          ['Article 1'],
        );

        await server.request('shutdown', null);
        const after = await refusal(
          server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }),
        );
        assert.equal(after.code, ErrorCodes.InvalidRequest, after.message);
      },
      { initialize: false },
    );
  });

  test('row 10 (server, watcher): a watcher event for link.agr -> /etc/passwd is not indexed, nor diagnosed', async () => {
    const outside = workspace({ 'elsewhere.agr': ZOP_WRONG });
    const root = workspace({ 'a.agr': ZOP_RIGHT });
    const a = URI.file(join(root, 'a.agr')).toString();
    await withServer(root, async (server) => {
      await indexedStatus(server);
      makeSymlink('/etc/passwd', join(root, 'link.agr'));
      makeSymlink(join(outside, 'elsewhere.agr'), join(root, 'elsewhere.agr'));
      const links = ['link.agr', 'elsewhere.agr'].map((name) => URI.file(join(root, name)).toString());
      await server.notify('workspace/didChangeWatchedFiles', {
        changes: links.map((uri) => ({ uri, type: 1 })),
      });
      const status = await server.request<IndexStatus>('agreement/indexStatus', {});
      assert.deepEqual(status.documents, [a]);
      const definitions = await server.request<Array<{ expansion: string }>>('agreement/termDefinitions', {
        term: 'ZOP',
      });
      assert.deepEqual(
        definitions.map((d) => d.expansion),
        ['Zeta Omega Program'],
      );
      // A pull for the link, as VS Code's client makes for a document it had open, reads nothing either.
      for (const uri of links) {
        const report = await server.request<{ items: Diagnostic[] }>('textDocument/diagnostic', {
          textDocument: { uri },
        });
        assert.deepEqual(report.items, [], uri);
      }
      const after = await server.request<IndexStatus>('agreement/indexStatus', {});
      assert.deepEqual(after.documents, [a]);
      assert.match(server.stderr() + JSON.stringify(server.notifications), /outside the workspace/);
    });
  });
});
