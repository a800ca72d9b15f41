import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';

const index = (docs: Record<string, string>) => {
  const workspace = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(docs)) workspace.set(indexEntryOf(analyseDocument(uri, text)));
  return workspace;
};

test('mentions of one entity are found in every document, with positions', () => {
  const workspace = index({
    'file:///a.agr': '宇宙航空研究開発機構(JAXA)と協力する。',
    'file:///b.agr': '𠮷\nJAXAは、',
  });
  const jaxa = workspace.mentionsOf(workspace.get('file:///a.agr')!.mentions[0]!.id);
  assert.deepEqual(
    jaxa.map((m) => [m.uri, m.text, m.range.start.line, m.range.start.character]),
    [
      ['file:///a.agr', '宇宙航空研究開発機構', 0, 0],
      ['file:///a.agr', 'JAXA', 0, 11],
      ['file:///b.agr', 'JAXA', 1, 0],
    ],
  );
  assert.equal(workspace.documentCountOf(jaxa[0]!.id), 2);
});

test('a definition in one document is found from another, widths ignored', () => {
  const workspace = index({
    'file:///a.agr': 'ベトナム宇宙センター（ＶＮＳＣ）',
    'file:///b.agr': 'Asia Zero Emission Community (AZEC)',
  });
  assert.deepEqual(
    workspace.definitionsOf('VNSC').map((d) => [d.uri, d.expansion]),
    [['file:///a.agr', 'ベトナム宇宙センター']],
  );
  assert.equal(workspace.definitionsOf('AZEC')[0]!.uri, 'file:///b.agr');
  assert.deepEqual(workspace.definitionsOf('NONE'), []);
});

test('replacing and deleting a document updates every answer', () => {
  const workspace = index({ 'file:///a.agr': '人工知能(AI)\n1. 目的', 'file:///b.agr': '人工知能(AI)' });
  assert.equal(workspace.definitionsOf('AI').length, 2);
  assert.equal(workspace.clausesOf('file:///a.agr').length, 1);
  workspace.set(indexEntryOf(analyseDocument('file:///a.agr', '1. 目的\n2. 範囲', 2)));
  assert.equal(workspace.definitionsOf('AI').length, 1);
  assert.deepEqual(
    workspace.clausesOf('file:///a.agr').map((c) => c.label),
    ['1.', '2.'],
  );
  assert.equal(workspace.delete('file:///b.agr'), true);
  assert.equal(workspace.definitionsOf('AI').length, 0);
  assert.deepEqual(workspace.uris(), ['file:///a.agr']);
  assert.equal(workspace.delete('file:///b.agr'), false);
});
