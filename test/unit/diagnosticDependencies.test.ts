import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { DEFAULT_RULE_CONFIG, runRules } from '../../server/src/core/rules/runRules';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { RecordingWorkspaceView, stillHolds } from '../../server/src/workspace/dependencyRecorder';
import { DiagnosticsStore } from '../../server/src/workspace/diagnosticsStore';

/** Runs the rules on each document as a worker does, and stores the reports with their dependencies. */
function workspaceOf(docs: Record<string, string>) {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(docs)) index.set(indexEntryOf(analyseDocument(uri, text)));
  const store = new DiagnosticsStore();
  const diagnose = (uri: string, text: string) => {
    const view = new RecordingWorkspaceView(index);
    const diagnostics = runRules({
      document: analyseDocument(uri, text),
      workspace: view,
      registry: builtInRegistry(),
      config: DEFAULT_RULE_CONFIG,
    });
    return store.set(uri, {
      items: diagnostics.map((d) => ({
        range: { start: { line: 0, character: d.range.start }, end: { line: 0, character: d.range.end } },
        message: d.text,
      })),
      diagnostics,
      dependencies: view.dependencies(),
      revision: undefined,
    });
  };
  for (const [uri, text] of Object.entries(docs)) diagnose(uri, text);
  const change = (uri: string, text: string) =>
    store.questionsChanged(index.set(indexEntryOf(analyseDocument(uri, text))), index, uri);
  return { index, store, diagnose, change };
}

describe('what a report depends on in other documents', () => {
  const docs = {
    'file:///a.agr': '第一条 ゼット研究所（ZQXC）と協力する。\n',
    'file:///b.agr': '第一条 ZQXCは、観測データを提供する。\n',
    'file:///c.agr': '第一条 両国は、協力する。\n',
  };

  test('a report depends on the definitions its rules asked for, and on nothing of unrelated documents', () => {
    const { store, index } = workspaceOf(docs);
    const b = store.get('file:///b.agr')!;
    const keys = b.dependencies.map((d) => d.key);
    assert.ok(keys.includes('defs:ZQXC'), keys.join(' '));
    assert.ok(!keys.some((k) => k.includes('c.agr')), keys.join(' '));
    assert.ok(b.dependencies.every((d) => stillHolds(index, d)));
  });

  test('a new expansion makes exactly the dependent report stale', () => {
    const { store, change } = workspaceOf(docs);
    assert.deepEqual(change('file:///a.agr', '第一条 ゼット総合研究所（ZQXC）と協力する。\n'), ['file:///b.agr']);
    assert.equal(store.get('file:///b.agr')!.stale, true);
    assert.equal(store.get('file:///c.agr')!.stale, false);
  });

  test('text added after the definition changes nothing the rules read; moving it does (a related place points at it)', () => {
    const { change, diagnose } = workspaceOf(docs);
    assert.deepEqual(
      change('file:///a.agr', '第一条 ゼット研究所（ZQXC）と協力する。\n第二条 期間は五年とする。\n'),
      [],
    );
    diagnose('file:///a.agr', '第一条 ゼット研究所（ZQXC）と協力する。\n第二条 期間は五年とする。\n');
    assert.deepEqual(change('file:///a.agr', '前文。\n\n第一条 ゼット研究所（ZQXC）と協力する。\n'), ['file:///b.agr']);
  });

  test('a document that stops defining the term, or a new one that defines it, is seen', () => {
    const { change, diagnose } = workspaceOf(docs);
    assert.deepEqual(change('file:///a.agr', '第一条 協力する。\n'), ['file:///b.agr']);
    // As the server does: the changed document and the stale one are diagnosed again.
    diagnose('file:///a.agr', '第一条 協力する。\n');
    diagnose('file:///b.agr', docs['file:///b.agr']);
    assert.deepEqual(change('file:///d.agr', '第一条 ゼット機構（ZQXC）を設ける。\n'), ['file:///b.agr']);
  });

  test('the titles of many documents are one dependency on every title', () => {
    const many: Record<string, string> = {
      'file:///cite.agr': '第一条 「宇宙協力に関する未知の取決め」に基づき協力する。\n',
    };
    for (let i = 0; i < 40; i++) many[`file:///t${i}.agr`] = `取決め第${i}号\n第一条 協力する。\n`;
    const { store, change } = workspaceOf(many);
    const report = store.get('file:///cite.agr')!;
    assert.ok(report.diagnostics!.some((d) => d.code === 'unresolved-document-reference'));
    const keys = report.dependencies.map((d) => d.key);
    assert.ok(keys.includes('uris'), keys.join(' '));
    assert.ok(!keys.some((k) => k.startsWith('get:')), 'no dependency per document');
    assert.ok(keys.includes('all:title'), keys.join(' '));
    // A title that now names the cited instrument changes the report; a body change does not.
    assert.deepEqual(change('file:///t3.agr', '取決め第3号\n第一条 協力を深める。\n'), []);
    assert.deepEqual(change('file:///t3.agr', '宇宙協力に関する未知の取決め\n第一条 協力する。\n'), [
      'file:///cite.agr',
    ]);
  });
});
