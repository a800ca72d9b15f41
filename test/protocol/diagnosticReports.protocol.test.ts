import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { type ServerSession, startServer } from '../support/lspClient';

type Report = WorkspaceDiagnosticReport['items'][number] & { items?: Diagnostic[] };

/**
 * Workspace pulls as VS Code makes them, with the resultIds of the previous answer: nothing
 * changed gives `unchanged` for every document, and a changed definition changes the
 * reports of exactly the documents that depend on it.
 */
describe('diagnostics reports and their dependencies over stdio', () => {
  let server: ServerSession;
  let root: string;
  const uri = (name: string) => URI.file(join(root, name)).toString();
  const write = (name: string, text: string) => writeFileSync(join(root, name), text);
  const pull = async (previous: Map<string, string>) => {
    const answer = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', {
      previousResultIds: [...previous].map(([u, value]) => ({ uri: u, value })),
    });
    const byName = new Map<string, Report>();
    for (const item of answer.items as Report[]) {
      byName.set(item.uri.slice(item.uri.lastIndexOf('/') + 1), item);
      if (item.resultId) previous.set(item.uri, item.resultId);
    }
    return byName;
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'agreement-reports-'));
    // ZQXC is in no registry: b.agr's finding names the expansion a.agr gives it.
    write('a.agr', '第一条 ゼット研究所（ZQXC）と協力する。\n');
    write('b.agr', '第一条 ZQXCは、観測データを提供する。\n');
    write('c.agr', '第一条 両国は、協力する。\n会談は2021年11月23日(水)に行われた。\n');
    server = await startServer({ rootUri: URI.file(root).toString() });
    await server.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
  });
  after(async () => server.stop());

  const previous = new Map<string, string>();

  test('the first pull gives every document in full, with a resultId', async () => {
    const reports = await pull(previous);
    assert.deepEqual([...reports.keys()].sort(), ['a.agr', 'b.agr', 'c.agr']);
    for (const report of reports.values()) {
      assert.equal(report.kind, 'full');
      assert.ok(report.resultId);
    }
    const b = reports.get('b.agr')!.items!;
    assert.equal(b[0]?.code, 'undefined-acronym');
    assert.match(b[0]!.message, /a\.agr spells it out as [^:]*ゼット研究所:/);
    assert.equal(reports.get('c.agr')!.items![0]?.code, 'weekday-mismatch');
  });

  test('a second pull with nothing changed is unchanged for every document', async () => {
    const reports = await pull(previous);
    assert.deepEqual([...reports].map(([name, r]) => [name, r.kind]).sort(), [
      ['a.agr', 'unchanged'],
      ['b.agr', 'unchanged'],
      ['c.agr', 'unchanged'],
    ]);
    for (const [name, report] of reports) assert.equal(report.resultId, previous.get(uri(name)));
  });

  test('a changed definition changes exactly the report of the document that uses it', async () => {
    write('a.agr', '第一条 ゼット総合研究所（ZQXC）と協力する。\n');
    await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('a.agr'), type: 2 }] });
    await server.request('agreement/entityMentions', { id: 'none' });
    const reports = await pull(previous);
    // a.agr itself has no finding before or after; c.agr does not read ZQXC.
    assert.equal(reports.get('a.agr')?.kind, 'unchanged');
    assert.equal(reports.get('c.agr')?.kind, 'unchanged');
    const b = reports.get('b.agr')!;
    assert.equal(b.kind, 'full');
    assert.match(b.items![0]!.message, /a\.agr spells it out as [^:]*ゼット総合研究所:/);
    // And the next pull is quiet again.
    const again = await pull(previous);
    assert.ok([...again.values()].every((r) => r.kind === 'unchanged'));
  });

  test('a change a document does not depend on leaves its report alone', async () => {
    write('c.agr', '第一条 両国は、協力する。\n会談は2021年11月24日(水)に行われた。\n');
    await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('c.agr'), type: 2 }] });
    await server.request('agreement/entityMentions', { id: 'none' });
    const reports = await pull(previous);
    assert.equal(reports.get('c.agr')?.kind, 'full');
    assert.deepEqual(reports.get('c.agr')!.items, [], 'the weekday is right now');
    assert.equal(reports.get('a.agr')?.kind, 'unchanged');
    assert.equal(reports.get('b.agr')?.kind, 'unchanged');
  });

  test('a document pull with the current resultId is unchanged; an edit makes it full again', async () => {
    const name = 'b.agr';
    await server.notify('textDocument/didOpen', {
      textDocument: {
        uri: uri(name),
        languageId: 'agreement',
        version: 1,
        text: '第一条 ZQXCは、観測データを提供する。\n',
      },
    });
    type DocumentReport = { kind: string; resultId?: string; items?: Diagnostic[] };
    const first = await server.request<DocumentReport>('textDocument/diagnostic', { textDocument: { uri: uri(name) } });
    assert.equal(first.kind, 'full');
    const second = await server.request<DocumentReport>('textDocument/diagnostic', {
      textDocument: { uri: uri(name) },
      previousResultId: first.resultId,
    });
    assert.deepEqual(second, { kind: 'unchanged', resultId: first.resultId });
    await server.notify('textDocument/didChange', {
      textDocument: { uri: uri(name), version: 2 },
      contentChanges: [
        {
          range: { start: { line: 0, character: 4 }, end: { line: 0, character: 8 } },
          text: 'ゼット総合研究所（ZQXC）',
        },
      ],
    });
    const third = await server.request<DocumentReport>('textDocument/diagnostic', {
      textDocument: { uri: uri(name) },
      previousResultId: first.resultId,
    });
    assert.equal(third.kind, 'full');
    assert.deepEqual(third.items, [], 'the acronym is spelled out now');
  });
});

describe('diagnostics after the server restarts', () => {
  test('a new server given the old one’s resultIds answers in full, open documents at their version', async () => {
    const root = mkdtempSync(join(tmpdir(), 'agreement-restart-'));
    writeFileSync(join(root, 'a.agr'), '第一条 ZQXCは、観測データを提供する。\n');
    writeFileSync(join(root, 'b.agr'), '第一条 QQZXは、協力する。\n');
    const a = URI.file(join(root, 'a.agr')).toString();
    const b = URI.file(join(root, 'b.agr')).toString();
    const pullAll = async (server: ServerSession, previous: { uri: string; value: string }[]) =>
      (await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: previous }))
        .items as Report[];

    const first = await startServer({ rootUri: URI.file(root).toString() });
    await first.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
    const before = await pullAll(first, []);
    await first.stop();
    assert.equal(before.length, 2);

    // VS Code's client keeps the resultIds it had and sends them to the restarted server.
    const second = await startServer({ rootUri: URI.file(root).toString() });
    try {
      await second.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
      await second.notify('textDocument/didOpen', {
        textDocument: { uri: b, languageId: 'agreement', version: 7, text: '第一条 QQZXは、協力する。\n' },
      });
      const after = await pullAll(
        second,
        before.map((r) => ({ uri: r.uri, value: r.resultId! })),
      );
      const byUri = new Map(after.map((r) => [r.uri, r]));
      assert.equal(byUri.get(a)?.kind, 'full', 'a resultId of the old process is not one of this process');
      assert.equal(byUri.get(a)?.items?.[0]?.code, 'undefined-acronym');
      assert.equal(byUri.get(b)?.kind, 'full');
      assert.equal(byUri.get(b)?.version, 7, 'an open document is reported at its version');
      // A document pull for a file the client has not opened again yet is answered from the file.
      const pulled = await second.request<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', {
        textDocument: { uri: a },
      });
      assert.equal(pulled.kind, 'full');
      assert.equal(pulled.items?.[0]?.code, 'undefined-acronym');
    } finally {
      await second.stop();
    }
  });
});

describe('an open document across a re-index', () => {
  test('it is in the index again after the registry changes, with its report', async () => {
    const root = mkdtempSync(join(tmpdir(), 'agreement-reindex-'));
    writeFileSync(join(root, 'a.agr'), '第一条 両国は、協力する。\n');
    writeFileSync(join(root, 'b.agr'), '第一条 ZQXCは、観測データを提供する。\n');
    const b = URI.file(join(root, 'b.agr')).toString();
    const server = await startServer({ rootUri: URI.file(root).toString() });
    try {
      await server.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
      await server.notify('textDocument/didOpen', {
        textDocument: { uri: b, languageId: 'agreement', version: 1, text: '第一条 ZQXCは、観測データを提供する。\n' },
      });
      const before = await server.request<{ items?: Diagnostic[] }>('textDocument/diagnostic', {
        textDocument: { uri: b },
      });
      assert.equal(before.items?.[0]?.code, 'undefined-acronym');
      // A new registry file: everything is indexed again, the open document from its buffer.
      mkdirSync(join(root, '.agreement'));
      writeFileSync(join(root, '.agreement', 'registry.yaml'), 'entries: []\n');
      await server.notify('workspace/didChangeWatchedFiles', {
        changes: [{ uri: URI.file(join(root, '.agreement', 'registry.yaml')).toString(), type: 1 }],
      });
      await server.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
      const status = await server.request<{ documents: string[] }>('agreement/indexStatus', {});
      assert.ok(status.documents.includes(b), JSON.stringify(status.documents));
      const after = await server.request<{ items?: Diagnostic[] }>('textDocument/diagnostic', {
        textDocument: { uri: b },
      });
      assert.equal(after.items?.[0]?.code, 'undefined-acronym');
    } finally {
      await server.stop();
    }
  });
});
