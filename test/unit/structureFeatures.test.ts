import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { documentOutline, type OutlineSymbol } from '../../server/src/core/features/documentSymbols';
import { clauseFoldingRanges } from '../../server/src/core/features/foldingRanges';
import { semanticTokens } from '../../server/src/core/features/semanticTokens';
import { dedent, parseFixture } from '../support/fixture';

describe('document outline', () => {
  /** Compares the outline as `name [detail]` lines indented by depth, and the `[[…]]` selection ranges. */
  function check(fixture: string, expected: string): void {
    const { text, ranges } = parseFixture(dedent(fixture));
    const outline = documentOutline(analyseDocument('test.agr', text));
    const lines: string[] = [];
    const selections: Array<{ start: number; end: number }> = [];
    const walk = (symbols: readonly OutlineSymbol[], depth: number) => {
      for (const s of symbols) {
        lines.push(`${'  '.repeat(depth)}${s.name} [${s.detail}]`);
        selections.push(s.selectionRange);
        walk(s.children, depth + 1);
      }
    };
    walk(outline, 0);
    assert.equal(lines.join('\n'), dedent(expected));
    if (ranges.length > 0) assert.deepEqual(selections, ranges);
  }

  test('numbered headings with an unnumbered list heading', () =>
    check(
      `
      [[1.]] 科学技術
      - 協力する。
      [[2.]] 半導体

      [[署名された文書]]

      [[1.]] 協力覚書
      `,
      `
      1. 科学技術 [numbered]
      2. 半導体 [numbered]
      署名された文書 [heading]
        1. 協力覚書 [numbered]
      `,
    ));

  test('long first sentences are shortened in the outline', () =>
    check(
      '[[1.]] 両国は、二国間訪問、フォーラム、多国間会議での会合、オンライン会談、電話会談、書簡交換など、柔軟で多様な形式を通じて合意しました。',
      '1. 両国は、二国間訪問、フォーラム、多国間会議での会合、オンライン会談、電話会談、書… [numbered]',
    ));

  test('statute articles show their captions and deleted articles say so', () =>
    check(
      '[[第一章]]　総則\n（目的）\n[[第一条]]　この法律は…\n[[第二条]]　削除',
      '第一章 総則 [chapter]\n  第一条 目的 [article]\n  第二条 削除 [article (deleted)]',
    ));
});

describe('folding ranges', () => {
  function check(text: string, expected: Array<[number, number]>): void {
    const folds = clauseFoldingRanges(analyseDocument('test.agr', text));
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine]),
      expected,
    );
  }
  test('one range per multi-line clause, trailing blank lines excluded', () =>
    check('1. 目的\n本文。\n\n2. 範囲\n(1) 一行\n(2) 二行\n続き\n\n', [
      [0, 1],
      [3, 6],
      [5, 6],
    ]));
  test('a single-line clause does not fold', () => check('1. 目的\n2. 範囲', []));
  test('a statute caption folds with its article', () => check('（目的）\n第一条　目的\n２　第二項', [[0, 2]]));
});

describe('semantic tokens', () => {
  function check(fixture: string): void {
    const { text, ranges } = parseFixture(fixture);
    const tokens = semanticTokens(analyseDocument('test.agr', text), { entities: false });
    assert.deepEqual(
      tokens.map((t) => t.range),
      ranges,
    );
    assert.ok(tokens.every((t) => t.type === 'clauseLabel'));
  }
  test('with entities switched off: every clause label and nothing else', () =>
    check('前文。\n[[第一条]]　目的。\n[[２]]　第二項\n- 箇条\n𠮷\n[[(1)]] 細目'));
  test('unnumbered headings have no label token', () => check('[[1.]] a\n[[2.]] b\n文書一覧\n[[1.]] c'));
});
