import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NUMBERING_STYLES, startsUnitByForm, startsWithLabel } from '../../server/src/core/structure/numberingStyles';
import { firstCodeUnits, PatternsByFirstUnit } from '../../server/src/core/text/firstCodeUnits';

const units = (pattern: RegExp): string | undefined => {
  const found = firstCodeUnits(pattern);
  return found && String.fromCharCode(...[...found].sort((a, b) => a - b));
};

const cases: Array<[RegExp, string | undefined]> = [
  [/^第[一二]条/, '第'],
  [/^([(（][a-z][)）])/, '(（'],
  [/^((?:PART|Part)[ \t]+[0-9])/, 'P'],
  [/^([IV]{1,8}[.]|[Ⅰ-Ⅲ][.]?)/, 'IVⅠⅡⅢ'],
  [/^(?:ab|\u3000|\(x)/, '(a\u3000'],
  [/^[-‐*o。][ \t]/, '*-o‐。'],
  [/^\d+/, undefined], // a class escape is not read
  [/^[^a]/, undefined], // a negated class
  [/^a?b/, undefined], // an optional first element
  [/^(?:a){0,2}b/, undefined],
  [/^(?=a)a/, undefined], // a lookaround first
  [/^a/i, undefined], // the other case would match too
  [/^a/m, undefined], // `^` after a line break
  [/a/, undefined], // not anchored
  [/^a|b/, undefined], // `^` binds only the first alternative
  [/^(?:a|b)c/, 'ab'],
];

test('the first code units of anchored patterns, and undefined where they cannot be told', () => {
  for (const [pattern, expected] of cases) assert.equal(units(pattern), expected, pattern.source);
});

test('a top-level alternative without `^` is not taken for anchored', () => {
  // /^a|b/ matches `xb`: its first unit is not the text's first. The reading must not narrow it.
  const narrowed = new PatternsByFirstUnit([/^a|b/], (p) => p).candidates('xb');
  assert.equal(narrowed.length, 1);
});

test('narrowing keeps the order of the list and every pattern that matches', () => {
  const texts = [
    '第一条　目的',
    '１　前項',
    '一　次に',
    'イ　その',
    '(a) text',
    'Article 5',
    'ARTICLE IV',
    '§ 12 Scope',
    '①　前',
    '（イ）　x',
    'iv. x',
    'A. Title',
    '二、',
    '附則',
    '',
    ' ',
    'x',
  ];
  for (const text of texts) {
    const all = NUMBERING_STYLES.filter((s) => s.pattern.test(text)).map((s) => s.id);
    const narrowed = new PatternsByFirstUnit(NUMBERING_STYLES, (s) => s.pattern)
      .candidates(text)
      .filter((s) => s.pattern.test(text))
      .map((s) => s.id);
    assert.deepEqual(narrowed, all, text);
  }
  assert.equal(startsWithLabel('第三条　x'), true);
  assert.equal(startsWithLabel('この法律'), false);
  assert.equal(startsUnitByForm('附　則'), true);
});
