import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseClauseStructure } from '../../server/src/core/structure/clauseStructure';
import { dedent, parseFixture } from '../support/fixture';

/**
 * Parses the fixture and compares the clause tree, written one clause a line as
 * `label=number «heading»` indented by level. Every `[[…]]` in the fixture must be exactly
 * the label range of a numbered clause, in order.
 */
function check(fixture: string, expectedTree: string): void {
  const { text, ranges } = parseFixture(dedent(fixture));
  const structure = parseClauseStructure(text);
  const tree = structure.clauses
    .map((c) => {
      const label = c.label ? `${c.label}=${c.normalizedNumber}` : `[${c.style}]`;
      const heading = c.heading !== undefined ? ` «${c.heading}»` : '';
      return `${'  '.repeat(c.level)}${label}${heading}${c.deleted ? ' (deleted)' : ''}`;
    })
    .join('\n');
  assert.equal(tree, dedent(expectedTree));
  if (ranges.length > 0) {
    const labels = structure.clauses.filter((c) => c.label.length > 0).map((c) => c.labelRange);
    assert.deepEqual(labels, ranges);
  }
}

describe('clause numbering styles', () => {
  test('decimal headings with bullets under them', () =>
    check(
      `
      [[1.]] 科学技術

      - 2026年中に開催する。
      - 協力を推進する。

      [[2.]] 半導体
      `,
      `
      1.=1 «科学技術»
      2.=2 «半導体»
      `,
    ));

  test('full-width and ideographic full stops', () =>
    check('[[１．]]目的\n[[2．]]範囲\n[[３.]]定義', '１．=1 «目的»\n2．=2 «範囲»\n３.=3 «定義»'));

  test('bracketed and circled numbers', () =>
    check(
      '[[(1)]] 第一\n[[(2)]] 第二\n[[（３）]] 第三\n[[①]] 丸一\n[[②]] 丸二',
      '(1)=1 «第一»\n(2)=2 «第二»\n（３）=3 «第三»\n  ①=1 «丸一»\n  ②=2 «丸二»',
    ));

  test('Roman numerals with a heading each', () =>
    check(
      '[[I.]] 目的\n本文。\n[[II.]] 協力分野\n[[III.]] 法的性質\n[[IV.]] 修正及び中止',
      'I.=1 «目的»\nII.=2 «協力分野»\nIII.=3 «法的性質»\nIV.=4 «修正及び中止»',
    ));

  test('statute articles, paragraphs and items', () =>
    check(
      `
      [[第一条]]　この法律は、目的を定める。
      [[第二条]]　次に掲げる用語の意義は、当該各号に定めるところによる。
      [[一]]　国内　この法律の施行地をいう。
      [[二]]　国外　この法律の施行地外の地域をいう。
      [[２]]　前項の規定は、適用しない。
      [[第五条の二]]　枝番号の条。
      [[第5条の3]]　アラビア数字の枝番号。
      `,
      `
      第一条=1
      第二条=2
        一=1
        二=2
        ２=2
      第五条の二=5-2
      第5条の3=5-3
      `,
    ));

  test('a statute caption on the line above becomes the heading', () =>
    check(
      '（定義）\n[[第二条]]　この法律において…\n（目的）\n[[第三条]]　目的は…',
      '第二条=2 «定義»\n第三条=3 «目的»',
    ));

  test('an agreement-style caption right after the article number', () =>
    check('[[第1条]]（目的）本協定は、協力を定める。\n[[第2条]]（定義）', '第1条=1 «目的»\n第2条=2 «定義»'));

  test('chapters contain articles and close them', () =>
    check(
      '[[第一章]]　総則\n[[第一条]]　目的。\n[[第二章]]　雑則\n[[第二条]]　雑。\n[[第一節]]　細目\n[[第三条]]　細。',
      '第一章=1 «総則»\n  第一条=1\n第二章=2 «雑則»\n  第二条=2\n  第一節=1 «細目»\n    第三条=3',
    ));

  test('deleted articles and deleted spans keep their numbers', () =>
    check(
      '[[第二十八条]]　削除\n[[第四十条から第四十二条まで]]　削除\n[[第十一条ノ二]]　旧仮名の枝番号。',
      '第二十八条=28 (deleted)\n第四十条から第四十二条まで=40 (deleted)\n第十一条ノ二=11-2',
    ));

  test('English articles, sections and lettered items', () =>
    check(
      `
      [[Article 1]] Purpose
      [[(a)]] first;
      [[(b)]] second;
      [[ARTICLE 1.1]] Definitions
      [[Section 2]] Scope
      [[(i)]] roman one
      [[(ii)]] roman two
      `,
      `
      Article 1=1 «Purpose»
        (a)=1
        (b)=2
      ARTICLE 1.1=1.1 «Definitions»
      Section 2=2 «Scope»
        (i)=1 «roman one»
        (ii)=2 «roman two»
      `,
    ));

  test('multi-level decimal numbers nest under their parent number', () =>
    check(
      '[[1.]] 総則\n[[1.1]] 目的\n[[1.2]] 定義\n[[2.]] 協力',
      '1.=1 «総則»\n  1.1=1.1 «目的»\n  1.2=1.2 «定義»\n2.=2 «協力»',
    ));
});

describe('nesting as a reader sees it', () => {
  test('numbers in brackets nest under a decimal heading and end with it', () =>
    check(
      '[[1.]] 科学\n[[(1)]] 宇宙\n[[(2)]] 海洋\n[[2.]] 農業\n[[(1)]] 稲作',
      '1.=1 «科学»\n  (1)=1 «宇宙»\n  (2)=2 «海洋»\n2.=2 «農業»\n  (1)=1 «稲作»',
    ));

  test('a list restarting at 1 under an unnumbered heading belongs to that heading', () =>
    check(
      `
      [[1.]] 科学技術
      - 協力する。
      [[2.]] 農業

      訪越に際して署名・交換された文書

      [[1.]] 総務省と科学技術省の「協力覚書」
      [[2.]] 農林水産省と農業環境省の「協力覚書」
      `,
      `
      1.=1 «科学技術»
      2.=2 «農業»
      [heading] «訪越に際して署名・交換された文書»
        1.=1 «総務省と科学技術省の「協力覚書」»
        2.=2 «農林水産省と農業環境省の「協力覚書」»
      `,
    ));

  test('supplementary provisions restart the article numbering', () =>
    check(
      '[[第一条]]　本則。\n[[第二条]]　本則。\n附　則　（令和三年法律第一号）　抄\n[[第一条]]　施行期日。\n附則\n[[１]]　この法律は、公布の日から施行する。',
      '第一条=1\n第二条=2\n[heading] «附　則　（令和三年法律第一号）　抄»\n  第一条=1\n[heading] «附則»\n  １=1',
    ));

  test('a table of contents is one block, its entries are not clauses', () =>
    check(
      '目次\n第一章　総則（第一条）\n第二章　雑則（第二条）\n附則\n[[第一章]]　総則\n[[第一条]]　目的。\n[[第二章]]　雑則\n[[第二条]]　雑。',
      '[toc] «目次»\n第一章=1 «総則»\n  第一条=1\n第二章=2 «雑則»\n  第二条=2',
    ));

  test('a table of contents without its heading is recognised by its repetition', () =>
    check(
      '砂防法\n第一章　総則\n第二章　雑則\n[[第一章]]　総則\n[[第一条]]　目的。\n[[第二章]]　雑則\n[[第二条]]　雑。',
      '[toc] «目次»\n第一章=1 «総則»\n  第一条=1\n第二章=2 «雑則»\n  第二条=2',
    ));
});

describe('what is not a clause', () => {
  test('bullets are list items, not clauses', () => {
    const structure = parseClauseStructure('- 一つ目\n・二つ目\n○ 三つ目\n。 四つ目\no five');
    assert.equal(structure.clauses.length, 0);
    assert.equal(structure.items.length, 5);
  });

  test('numbers that begin sentences are not labels', () =>
    check(
      '1.5倍に増加した。\n2023年11月の声明\n(2025/04/30-11:39)\nI think so.\n10,500-drone show\n第三条第一項の規定により',
      '',
    ));

  test('indented labels keep exact ranges', () =>
    check('  [[1.]]  総論\n  [[2.]]  地域情勢', '1.=1 «総論»\n2.=2 «地域情勢»'));
});

describe('positions in Japanese text', () => {
  test('astral kanji before a label count as two code units', () =>
    check('𠮷野家の𠮷\n[[1.]] 𠮷田\n𠮷𠮷𠮷\n[[2.]] 次', '1.=1 «𠮷田»\n2.=2 «次»'));

  test('CRLF line ends', () => {
    const { text, ranges } = parseFixture('序\r\n[[1.]] 目的\r\n本文。\r\n\r\n[[2.]] 範囲\r\n');
    const structure = parseClauseStructure(text);
    assert.deepEqual(
      structure.clauses.map((c) => c.labelRange),
      ranges,
    );
    const first = structure.clauses[0]!;
    assert.equal(text.slice(first.range.start, first.range.end), '1. 目的\r\n本文。');
    assert.equal(first.endLine, 2);
  });

  test('a byte-order mark before the first label is skipped', () =>
    check('\ufeff[[1.]] 目的\n[[2.]] 範囲', '1.=1 «目的»\n2.=2 «範囲»'));
});

describe('ranges', () => {
  test('a clause runs to its last non-blank line before the next clause at its level', () => {
    const text = '1. 目的\n本文。\n(1) 細目\n細目本文。\n\n\n2. 範囲\n末尾';
    const { clauses } = parseClauseStructure(text);
    const show = (i: number) => text.slice(clauses[i]!.range.start, clauses[i]!.range.end);
    assert.equal(show(0), '1. 目的\n本文。\n(1) 細目\n細目本文。');
    assert.equal(show(1), '(1) 細目\n細目本文。');
    assert.equal(show(2), '2. 範囲\n末尾');
    assert.deepEqual(
      clauses.map((c) => [c.startLine, c.endLine]),
      [
        [0, 3],
        [2, 3],
        [6, 7],
      ],
    );
  });
});

describe('the parser never throws', () => {
  const alphabet = [
    '第',
    '一',
    '条',
    'の',
    '二',
    '1',
    '.',
    '．',
    '(',
    ')',
    '（',
    '）',
    '①',
    'I',
    'V',
    '\n',
    '\r\n',
    '\r',
    ' ',
    '\u3000',
    '附則',
    '目次',
    '章',
    '削除',
    '-',
    '・',
    '𠮷',
    '\ufeff',
    'a',
    '２',
    'から',
    'まで',
  ];
  // A small deterministic generator, so that a failure can be reproduced from its seed.
  const random = (seed: number) => () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let seed = 1; seed <= 300; seed++) {
    test(`random input #${seed}`, () => {
      const next = random(seed);
      let text = '';
      const length = Math.floor(next() * 80);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      const { clauses, roots } = parseClauseStructure(text);
      for (const c of clauses) {
        assert.ok(
          0 <= c.range.start && c.range.start <= c.labelRange.start && c.labelRange.end <= text.length,
          'label inside text',
        );
        assert.ok(c.range.end <= text.length && c.range.start <= c.range.end, 'range inside text');
        assert.equal(text.slice(c.labelRange.start, c.labelRange.end), c.label);
        if (c.parent !== undefined) {
          assert.ok(clauses[c.parent]!.children.includes(c.index));
          assert.equal(c.level, clauses[c.parent]!.level + 1);
        } else assert.ok(roots.includes(c.index));
      }
    });
  }
});
