import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { completionsAt, wordBefore } from '../../server/src/core/features/completion';
import type { FeatureContext } from '../../server/src/core/features/featureContext';
import { inlayHints } from '../../server/src/core/features/inlayHints';
import { workspaceSymbols } from '../../server/src/core/features/workspaceSymbols';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { dedent, parseFixture } from '../support/fixture';

/** A workspace of documents keyed by file name (`file:///ws/<name>`). */
function indexOf(documents: Record<string, string>): WorkspaceIndex {
  const workspace = new WorkspaceIndex();
  for (const [name, text] of Object.entries(documents))
    workspace.set(indexEntryOf(analyseDocument(`file:///ws/${name}`, dedent(text))));
  return workspace;
}

/** The context of a fixture (with `$0`) in a workspace of other documents; the fixture's text is used as is. */
function contextOf(source: string, others: Record<string, string> = {}) {
  const { text, cursor, ranges } = parseFixture(source);
  const document = analyseDocument('file:///ws/current.agr', text);
  const workspace = indexOf(others);
  workspace.set(indexEntryOf(document));
  const context: FeatureContext = { document, workspace, registry: builtInRegistry(), locale: 'en' };
  return { context, cursor, ranges, text };
}

const SPACE = {
  'a.agr': `
    協力覚書

    1. 宇宙協力
    宇宙航空研究開発機構は、ベトナム宇宙センター（VNSC）と協力する。
    `,
  'b.agr': `
    Joint Statement

    1. Space
    JAXA will share satellite data.
    `,
};

describe('workspace symbols', () => {
  /** Compares `kind name @file:line` lines, best first. */
  function check(documents: Record<string, string>, query: string, expected: string[], limit?: number): void {
    const symbols = workspaceSymbols(indexOf(documents), builtInRegistry(), query, limit);
    assert.deepEqual(
      symbols.map(
        (s) => `${s.kind} ${s.name} @${s.location.uri.replace('file:///ws/', '')}:${s.location.range.start.line}`,
      ),
      expected,
    );
  }

  test('an acronym finds the Japanese name', () =>
    check(SPACE, 'JAXA', ['agency JAXA @b.agr:3', 'agency 宇宙航空研究開発機構 @a.agr:3']));

  test('lower case and full width find it too', () =>
    check(SPACE, 'ｊａｘａ', ['agency JAXA @b.agr:3', 'agency 宇宙航空研究開発機構 @a.agr:3']));

  test('a Japanese prefix finds the acronym', () =>
    check(SPACE, '宇宙航空', ['agency 宇宙航空研究開発機構 @a.agr:3', 'agency JAXA @b.agr:3']));

  test('an English word inside the name finds both', () =>
    check(SPACE, 'Aerospace', ['agency JAXA @b.agr:3', 'agency 宇宙航空研究開発機構 @a.agr:3']));

  test('clauses by label and heading', () => check(SPACE, '宇宙協力', ['clause 1. 宇宙協力 @a.agr:2']));

  test('a defined term beside the entity it names', () =>
    check(SPACE, 'VNSC', ['term VNSC @a.agr:3', 'agency ベトナム宇宙センター @a.agr:3']));

  test('a fuzzy Latin subsequence', () =>
    check(SPACE, 'jxa', ['agency JAXA @b.agr:3', 'agency 宇宙航空研究開発機構 @a.agr:3']));

  test('an empty query lists the first symbols, in document order', () =>
    check(
      SPACE,
      '',
      ['agency 宇宙航空研究開発機構 @a.agr:3', 'agency ベトナム宇宙センター @a.agr:3', 'term VNSC @a.agr:3'],
      3,
    ));

  test('exact matches before prefixes before substrings', () =>
    check({ 'a.agr': '1. 協力\n2. 協力事項\n3. 技術協力\n' }, '協力', [
      'clause 1. 協力 @a.agr:0',
      'clause 2. 協力事項 @a.agr:1',
      'clause 3. 技術協力 @a.agr:2',
    ]));

  test('the detail gives the other-language name, the file and the line', () => {
    const [symbol] = workspaceSymbols(indexOf(SPACE), builtInRegistry(), '宇宙航空研究開発機構');
    assert.equal(symbol?.name, '宇宙航空研究開発機構');
    assert.equal(symbol?.detail, 'Japan Aerospace Exploration Agency — a.agr:4');
  });
  test('two mentions of one name in two documents differ by their detail', () => {
    const symbols = workspaceSymbols(
      indexOf({ 'a.agr': '宇宙航空研究開発機構(JAXA)と協力する。', 'b.agr': '覚書\n\nJAXAは協力する。' }),
      builtInRegistry(),
      'JAXA',
    ).filter((s) => s.name === 'JAXA');
    assert.deepEqual(symbols.map((s) => s.detail).sort(), [
      '宇宙航空研究開発機構 — a.agr:1',
      '宇宙航空研究開発機構 — b.agr:3',
    ]);
  });
});

describe('completion', () => {
  /**
   * The labels offered at `$0`, in order (the first `expected.length` of them); `[[…]]` marks
   * the range they replace, and `inserts` the insert texts when given.
   */
  function check(
    source: string,
    expected: string[],
    options: { others?: Record<string, string>; inserts?: string[]; details?: string[] } = {},
  ): void {
    const { context, cursor, ranges } = contextOf(source, options.others);
    const items = completionsAt(context, cursor!);
    const head = items.slice(0, expected.length);
    assert.deepEqual(
      head.map((i) => i.label),
      expected,
    );
    if (ranges[0]) for (const item of items) assert.deepEqual(item.replaceRange, ranges[0]);
    if (options.inserts)
      assert.deepEqual(
        head.map((i) => i.insertText),
        options.inserts,
      );
    if (options.details)
      assert.deepEqual(
        head.map((i) => i.detail),
        options.details,
      );
  }

  const STATUTE = '第一条　目的\n第二条　定義\n２　この法律において\n第五条の二　雑則\n前条及び第';

  test('article numbers after 第', () =>
    check(`${STATUTE}[[$0]]`, ['第一条', '第二条', '第五条の二', '第二条第二項'], {
      inserts: ['一条', '二条', '五条の二', '二条第二項'],
      details: ['目的', '定義', '雑則', 'この法律において'],
    }));

  test('after 第 and a numeral, kanji or digits', () => {
    check(`${STATUTE}[[二$0]]`, ['第二条', '第二条第二項'], { inserts: ['二条', '二条第二項'] });
    check(`${STATUTE}[[2$0]]`, ['第二条', '第二条第二項'], { inserts: ['二条', '二条第二項'] });
    check(`${STATUTE}[[五条の$0]]`, []);
  });

  test('a partial Japanese name', () =>
    check('[[宇宙航空$0]]', ['宇宙航空研究開発機構', '宇宙航空庁'], {
      others: SPACE,
      details: ['Japan Aerospace Exploration Agency — agency', 'Korea AeroSpace Administration — agency'],
    }));

  test('a partial acronym, what the workspace uses first', () =>
    check('日本の[[JA$0]]', ['JAXA'], {
      others: SPACE,
      details: ['宇宙航空研究開発機構 / Japan Aerospace Exploration Agency — agency'],
    }));

  test('a word inside a name is offered after the names that start with it', () => {
    const { context, cursor } = contextOf('研究開発機構$0', SPACE);
    const items = completionsAt(context, cursor!);
    const jaxa = items.find((i) => i.label === '宇宙航空研究開発機構');
    assert.ok(jaxa);
    assert.equal(jaxa.filterText, '研究開発機構');
    assert.ok(items.findIndex((i) => !i.filterText) <= items.indexOf(jaxa));
  });

  test('a defined acronym the registry knows is offered once', () =>
    check('[[VN$0]]', ['VNSC'], {
      others: SPACE,
      details: ['ベトナム国家宇宙センター / Vietnam National Space Center — agency'],
    }));

  test('a term the registry does not know', () =>
    check('宇宙探査計画（ＳＥＰ）を実施する。[[ＳＥ$0]]', ['ＳＥＰ'], { details: ['宇宙探査計画 — defined term'] }));

  test('an astral kanji before the cursor is one character of the word', () => {
    assert.deepEqual(wordBefore('は𠮷野', 4), { start: 1, end: 4 });
    assert.deepEqual(wordBefore('𠮷', 2), { start: 0, end: 2 });
    assert.equal(wordBefore('は', 1), undefined);
    assert.equal(wordBefore('', 0), undefined);
    check('𠮷野事業団（以下「𠮷野」という。）は、[[𠮷$0]]', ['𠮷野']);
  });

  test('CRLF lines', () => {
    check('第一条　目的\r\n第二条　範囲\r\n前条及び[[JA$0]]\r\n', ['JAXA'], { others: SPACE });
    check('第一条　目的\r\n第二条　範囲\r\n第[[$0]]\r\n', ['第一条', '第二条']);
  });

  test('nothing where nothing is being typed, and never out of range', () => {
    const { context } = contextOf('協力する。$0');
    assert.deepEqual(completionsAt(context, context.document.text.length), []);
    assert.deepEqual(completionsAt(context, -1), []);
    assert.deepEqual(completionsAt(context, 10_000), []);
  });
});

describe('inlay hints', () => {
  /** The text with each hint written in ⟨…⟩ where it goes. */
  function check(source: string, expected: string, range?: { start: number; end: number }): void {
    const text = dedent(source);
    const document = analyseDocument('file:///ws/current.agr', text);
    const workspace = new WorkspaceIndex();
    workspace.set(indexEntryOf(document));
    const hints = inlayHints({ document, workspace, registry: builtInRegistry(), locale: 'en' }, range);
    let out = '';
    let at = 0;
    for (const hint of hints) {
      out += `${text.slice(at, hint.offset)}⟨${hint.label}⟩`;
      at = hint.offset;
    }
    assert.equal(out + text.slice(at), dedent(expected));
  }

  test('era dates and relative dates, not plain Western dates', () =>
    check(
      `
      2021年11月23日
      令和3年11月23日に会談した。本年9月に開始する。令和3(2021)年の計画。
      `,
      `
      2021年11月23日
      令和3年11月23日⟨ 2021-11-23⟩に会談した。本年9月⟨ 2021-09⟩に開始する。令和3(2021)年の計画。
      `,
    ));

  test('relative clause references with their targets', () =>
    check(
      `
      第一条　目的
      第二条　前条の規定により協力する。
      ２　前項の協力は、第一条の目的による。
      第三条　前条第二項の協力
      一　計画
      二　前号の計画
      `,
      `
      第一条　目的
      第二条　前条⟨ → 第一条⟩の規定により協力する。
      ２　前項⟨ → 第二条第一項⟩の協力は、第一条の目的による。
      第三条　前条第二項⟨ → 第二条第二項⟩の協力
      一　計画
      二　前号⟨ → 第三条第一号⟩の計画
      `,
    ));

  test('none for an unresolved reference', () => check('第一条　前条の規定', '第一条　前条の規定'));

  test('only within the range asked for', () =>
    check(
      '第一条　目的\n第二条　前条の規定\n第三条　前条の規定',
      '第一条　目的\n第二条　前条の規定\n第三条　前条⟨ → 第二条⟩の規定',
      {
        start: 20,
        end: 40,
      },
    ));

  test('CRLF offsets', () =>
    check(
      '2021年11月23日\r\n第一条　目的\r\n第二条　前条及び本年9月\r\n',
      '2021年11月23日\r\n第一条　目的\r\n第二条　前条⟨ → 第一条⟩及び本年9月⟨ 2021-09⟩\r\n',
    ));

  test('tooltips say what the hint means', () => {
    const document = analyseDocument('x', '2021年11月23日\n令和3年11月23日');
    const context = { document, workspace: new WorkspaceIndex(), registry: builtInRegistry(), locale: 'ja' as const };
    const [hint] = inlayHints(context);
    assert.equal(hint?.tooltip, '令和3年は2021年');
  });
});
