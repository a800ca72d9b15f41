import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { codeActionsFor, fixAllAction, withNumber, type TextEdit } from '../../server/src/core/features/codeActions';
import type { Diagnostic, FixData, RuleCode } from '../../server/src/core/rules/ruleTypes';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { DEFAULT_RULE_CONFIG, runRules } from '../../server/src/core/rules/runRules';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { parseFixture } from '../support/fixture';
import { REPO_ROOT } from '../support/paths';

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

describe('every use of an undefined term', () => {
  /** The first action for an undefined-term finding on the first `[[…]]`; the other ranges are the uses it must replace. */
  function checkEveryUse(fixture: string, replacement: string, expected: string, title?: RegExp): void {
    const { text, ranges } = parseFixture(fixture);
    const document = analyseDocument('file:///a.agr', text);
    const d = diagnostic('undefined-term', ranges[0]!, { kind: 'replace', replacement });
    const [action] = codeActionsFor(document, [d], [d], 'en');
    assert.ok(action);
    assert.deepEqual(
      action.edits.map((e) => e.range),
      ranges,
    );
    assert.equal(apply(text, action.edits), expected);
    if (title) assert.match(action.title, title);
  }
  test('one fix replaces the word everywhere after its first use', () =>
    checkEveryUse(
      '両当事者は、[[両当事者]]が協力し、[[両当事者]]間の𠮷[[両当事者]]に',
      '両者',
      '両当事者は、両者が協力し、両者間の𠮷両者に',
      /Replace all 3 uses of 両当事者 with 両者/,
    ));
  test('not the end of a longer word', () => checkEveryUse('[[両当事者]]と各両当事者', '両者', '両者と各両当事者'));
  test('English: whole words, the capitalised form too', () =>
    checkEveryUse(
      '[[the Parties]] agree. [[The Parties]] meet; the Partiesx not.',
      'the Participants',
      'the Participants agree. The Participants meet; the Partiesx not.',
    ));
  test("the document's name for itself, not the start of a longer word", () =>
    checkEveryUse('[[本協定]]は、本協定書と[[本協定]]の', '本覚書', '本覚書は、本協定書と本覚書の'));
  test('a single use keeps the plain title', () =>
    checkEveryUse('[[両当事者]]は', '両者', '両者は', /^Replace 両当事者 with 両者$/));
  test('a weekday is replaced where it is, not everywhere', () => {
    const { text, ranges } = parseFixture('([[水]])と(水)');
    const d = diagnostic('weekday-mismatch', ranges[0]!, { kind: 'replace', replacement: '火' });
    const [action] = codeActionsFor(analyseDocument('file:///a.agr', text), [d], [d], 'en');
    assert.equal(apply(text, action!.edits), '(火)と(水)');
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
    // The first finding's fix already replaces the second use: both count as fixed, once.
    const ofKind = actions.find((a) => a.title.startsWith('Fix all 2 undefined-term'));
    assert.ok(ofKind);
    assert.equal(apply(text, ofKind.edits), '両者は、両者の(水)');
    const everything = fixAllAction(document, all, 'en');
    assert.equal(apply(text, everything!.edits), '両者は、両者の(火)');
    assert.equal(everything!.kind, 'source.fixAll');
    assert.equal(everything!.fixes.length, 3);
  });
  test('fix all replaces all 25 uses of 両当事者 in seed 004, not one', () => {
    const text = readFileSync(join(REPO_ROOT, 'seeds', '004_1c12d9f6ba6291dd.txt'), 'utf8');
    const document = analyseDocument('file:///004.txt', text);
    const diagnostics = runRules(
      { document, workspace: new WorkspaceIndex(), registry: builtInRegistry(), config: DEFAULT_RULE_CONFIG },
      'en',
    );
    const fixAll = fixAllAction(document, diagnostics, 'en');
    assert.ok(fixAll);
    const fixed = apply(text, fixAll.edits);
    const definition = text.indexOf('以下「両者」という');
    assert.equal(
      fixed.slice(definition).includes('両当事者'),
      false,
      'no use of 両当事者 is left after the definition',
    );
    assert.equal(
      fixAll.edits.filter((e) => e.newText === '両者').length,
      text.slice(definition).split('両当事者').length - 1,
    );
  });
});

test('numbers keep their script when renumbered', () => {
  assert.equal(withNumber('第四条', 4, 3), '第三条');
  assert.equal(withNumber('４．', 4, 3), '３．');
  assert.equal(withNumber('(14)', 14, 13), '(13)');
  assert.equal(withNumber('第十四条', 4, 3), '第十四条');
});
