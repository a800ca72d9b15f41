/**
 * Entity highlighting: which spans become which semantic tokens, with which modifiers, and
 * that tokens never overlap. Fixtures mark the expected tokens with `[[…]]`; each expected
 * token is written `type` or `type.modifier.modifier`, in document order.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { semanticTokens } from '../../server/src/core/features/semanticTokens';
import { parseFixture } from '../support/fixture';

function check(fixture: string, expected: readonly string[], only?: readonly string[]): void {
  const { text, ranges } = parseFixture(fixture);
  const tokens = semanticTokens(analyseDocument('file:///t.agr', text)).filter((t) => !only || only.includes(t.type));
  assert.deepEqual(
    tokens.map((t) => [t.type, ...t.modifiers].join('.')),
    expected,
  );
  assert.deepEqual(
    tokens.map((t) => t.range),
    ranges,
  );
}

describe('semantic tokens of what was recognised', () => {
  test('an agency at its definition, its acronym, a date and a label', () =>
    check('[[1.]] [[2026年5月2日]]、[[宇宙航空研究開発機構]]([[JAXA]])と協力する。', [
      'clauseLabel',
      'date',
      'agency',
      'agency.definition',
    ]));
  test('a defined term at its definition and at a use', () =>
    check(
      '日本国政府及びアメリカ合衆国政府(以下「[[両者]]」という。)は、[[両者]]の協力を確認した。',
      ['definedTerm.definition', 'definedTerm'],
      ['definedTerm'],
    ));
  test('a clause reference that resolves, one that does not, and one relative', () =>
    check(
      '第一条　目的\n第二条　[[第一条]]及び[[第九条]]の規定は、[[前条]]による。',
      ['clauseReference', 'clauseReference.unresolved', 'clauseReference.relative'],
      ['clauseReference'],
    ));
  test('a relative date', () => check('[[2021年11月23日]]\n[[本年9月]]の会談', ['date', 'date.relative'], ['date']));
  test('an English program and instrument', () =>
    check(
      'under the [[Japan-ASEAN Science, Technology, and Innovation Cooperation Project]] ([[NEXUS]]) and the [[Paris Agreement]].',
      ['program', 'program.definition', 'instrument'],
      ['program', 'instrument'],
    ));
  test('astral characters before a token do not shift it', () => check('𠮷𠮷 [[JAXA]]', ['agency'], ['agency']));
});

describe('semantic tokens never overlap', () => {
  test('on every seed-like line, each token starts after the previous one ends', () => {
    const text =
      '1. 宇宙航空研究開発機構(JAXA)とベトナム宇宙センター(VNSC)との間の「衛星データ交換に関する協定」を2026年5月2日に署名。\n' +
      '（以下「両者」という。）両者は前条及び第三条第一項に従う。令和3(2021)年11月23日(火)\n';
    const tokens = semanticTokens(analyseDocument('file:///t.agr', text));
    assert.ok(tokens.length >= 6);
    for (let i = 1; i < tokens.length; i++)
      assert.ok(tokens[i]!.range.start >= tokens[i - 1]!.range.end, `token ${i} overlaps the one before`);
  });
  test('a clause label wins over anything recognised inside it', () => {
    const text = '第一条　目的\n';
    const tokens = semanticTokens(analyseDocument('file:///t.agr', text));
    assert.equal(tokens[0]?.type, 'clauseLabel');
  });
});
