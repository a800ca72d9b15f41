import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseDocument } from '../../server/src/core/analysis';
import type { OffsetEdit } from '../../server/src/workspace/analysisService';
import { StaleAnalysisMap } from '../../server/src/workspace/staleAnalysis';

/** The text before, the edits (applied in order, each in offsets of the text before it), the text after. */
function mapOf(before: string, edits: OffsetEdit[]): { map: StaleAnalysisMap; after: TextDocument } {
  let text = before;
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  const after = TextDocument.create('file:///a.agr', 'agreement', 2, text);
  return { map: new StaleAnalysisMap(analyseDocument('file:///a.agr', before), edits, after), after };
}

const word = (text: string, w: string) => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length });

describe('answers from the analysis before the edits', () => {
  const before = '第一条 JAXAと協力する。\n第二条 ASEANと協力する。\n第三条 終わり。';

  test('ranges before, after and across an edit', () => {
    const edit = { start: before.indexOf('ASEAN') + 5, end: before.indexOf('ASEAN') + 5, text: '(東南アジア)' };
    const { map, after } = mapOf(before, [edit]);
    const text = after.getText();
    const now = (w: string) => {
      const range = map.rangeNow(word(before, w));
      return range && text.slice(after.offsetAt(range.start), after.offsetAt(range.end));
    };
    assert.equal(now('JAXA'), 'JAXA');
    assert.equal(now('ASEAN'), 'ASEAN', 'text inserted right after a range leaves it as it was');
    assert.equal(now('終わり'), '終わり');
    assert.equal(map.rangeNow({ start: before.indexOf('ASEAN'), end: before.lastIndexOf('と協力') + 1 }), undefined);
  });

  test('a position in unchanged text maps back; one inside new text does not', () => {
    const edit = { start: before.indexOf('協力'), end: before.indexOf('協力') + 2, text: '連携・協働' };
    const { map, after } = mapOf(before, [edit]);
    const text = after.getText();
    const at = (offset: number) => map.offsetOf(after.positionAt(offset));
    assert.equal(at(text.indexOf('JAXA')), before.indexOf('JAXA'));
    assert.equal(at(text.indexOf('ASEAN')), before.indexOf('ASEAN'));
    assert.equal(at(text.indexOf('連携') + 1), undefined);
    assert.equal(at(text.indexOf('連携')), before.indexOf('協力'), 'just before the new text');
  });

  test('several edits in a row, deletions and a line break, astral characters', () => {
    const edits: OffsetEdit[] = [
      { start: 0, end: 0, text: '𠮷\n' },
      { start: 3 + before.indexOf('JAXA'), end: 3 + before.indexOf('JAXA') + 4, text: '' },
      { start: 3, end: 3, text: '前文。\r\n' },
    ];
    const { map, after } = mapOf(before, edits);
    const text = after.getText();
    const range = map.rangeNow(word(before, '終わり'))!;
    assert.equal(text.slice(after.offsetAt(range.start), after.offsetAt(range.end)), '終わり');
    assert.equal(map.rangeNow(word(before, 'JAXA')), undefined, 'deleted');
    assert.equal(map.offsetOf(after.positionAt(text.indexOf('ASEAN'))), before.indexOf('ASEAN'));
    // Positions as features give them, line/character in the analysed text.
    const lines = map.analysis.lines;
    const asPositions = {
      start: lines.positionAt(word(before, 'ASEAN').start),
      end: lines.positionAt(word(before, 'ASEAN').end),
    };
    const moved = map.positionsNow(asPositions)!;
    assert.equal(text.slice(after.offsetAt(moved.start), after.offsetAt(moved.end)), 'ASEAN');
  });

  test('with no edits the analysis is current and maps to itself', () => {
    const { map } = mapOf(before, []);
    assert.equal(map.isCurrent, true);
    assert.equal(map.offsetOf({ line: 1, character: 4 }), before.indexOf('ASEAN'));
  });
});
