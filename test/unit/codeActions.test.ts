import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { codeActionsFor, fixAllAction, withNumber, type TextEdit } from '../../server/src/core/features/codeActions';
import type { Diagnostic, FixData, RuleCode } from '../../server/src/core/rules/ruleTypes';
import { parseFixture } from '../support/fixture';

/** A diagnostic as a rule would report it, on the fixture's `[[…]]` range. */
const diagnostic = (code: RuleCode, range: { start: number; end: number }, fix: FixData): Diagnostic => ({
  code,
  range,
  fix,
  about: '',
  message: { en: code, ja: code },
  severity: 'warning',
  text: code,
});

const apply = (text: string, edits: readonly TextEdit[]) =>
  [...edits].reverse().reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);

/** Applies the first action offered for the diagnostic on `[[…]]` and compares the result. */
function check(fixture: string, code: RuleCode, fix: FixData, expected: string, locale: 'en' | 'ja' = 'en'): string {
  const { text, ranges } = parseFixture(fixture);
  const document = analyseDocument('file:///a.agr', text);
  const d = diagnostic(code, ranges[0]!, fix);
  const [action] = codeActionsFor(document, [d], [d], locale);
  assert.ok(action, 'an action is offered');
  assert.equal(apply(text, action.edits), expected);
  return action.title;
}

describe('quick fixes', () => {
  test('spell out an acronym at its first use, Japanese and English', () => {
    const title = check(
      '[[AZEC]]の枠組み',
      'undefined-acronym',
      { kind: 'spell-out', acronym: 'AZEC', expansion: 'アジア・ゼロエミッション共同体' },
      'アジア・ゼロエミッション共同体(AZEC)の枠組み',
    );
    assert.match(title, /Spell out AZEC/);
    check(
      'the [[AZEC]] initiative',
      'undefined-acronym',
      { kind: 'spell-out', acronym: 'AZEC', expansion: 'Asia Zero Emission Community' },
      'the Asia Zero Emission Community (AZEC) initiative',
    );
  });
  test('replace an undefined term with the defined one; Japanese title', () => {
    const title = check(
      '𠮷[[両当事者]]は',
      'undefined-term',
      { kind: 'replace', replacement: '両者' },
      '𠮷両者は',
      'ja',
    );
    assert.match(title, /両当事者 を 両者 に置き換える/);
  });
  test('correct a weekday', () =>
    void check(
      '2021年11月23日([[水]])',
      'weekday-mismatch',
      { kind: 'replace', replacement: '火' },
      '2021年11月23日(火)',
    ));
  test('close a bracket', () =>
    void check(
      '「[[衛星]]データ\n',
      'unbalanced-bracket',
      { kind: 'insert', offset: 6, text: '」' },
      '「衛星データ」\n',
    ));
  test('renumber a sequence and the absolute references to it', () => {
    const text = '第一条　目的\n第二条　範囲\n第四条　第四条の規定は、前条を準用する。\n';
    const document = analyseDocument('file:///a.agr', text);
    const clauses = document.structure.clauses.map((c) => c.index);
    const d = diagnostic('numbering-gap', document.structure.clauses[2]!.labelRange, { kind: 'renumber', clauses });
    const [action] = codeActionsFor(document, [d], [d], 'en');
    assert.equal(apply(text, action!.edits), '第一条　目的\n第二条　範囲\n第三条　第三条の規定は、前条を準用する。\n');
  });
});

describe('fix all', () => {
  test('of one kind in the file, and of every kind', () => {
    const { text, ranges } = parseFixture('[[両当事者]]は、[[両当事者]]の([[水]])');
    const document = analyseDocument('file:///a.agr', text);
    const all = [
      diagnostic('undefined-term', ranges[0]!, { kind: 'replace', replacement: '両者' }),
      diagnostic('undefined-term', ranges[1]!, { kind: 'replace', replacement: '両者' }),
      diagnostic('weekday-mismatch', ranges[2]!, { kind: 'replace', replacement: '火' }),
    ];
    const actions = codeActionsFor(document, all, [all[0]!], 'en');
    const ofKind = actions.find((a) => a.title.startsWith('Fix all 2 undefined-term'));
    assert.ok(ofKind);
    assert.equal(apply(text, ofKind.edits), '両者は、両者の(水)');
    const everything = fixAllAction(document, all, 'en');
    assert.equal(apply(text, everything!.edits), '両者は、両者の(火)');
    assert.equal(everything!.kind, 'source.fixAll');
  });
});

test('numbers keep their script when renumbered', () => {
  assert.equal(withNumber('第四条', 4, 3), '第三条');
  assert.equal(withNumber('４．', 4, 3), '３．');
  assert.equal(withNumber('(14)', 14, 13), '(13)');
  assert.equal(withNumber('第十四条', 4, 3), '第十四条');
});
