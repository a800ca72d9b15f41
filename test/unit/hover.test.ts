import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import type { FeatureContext, Locale } from '../../server/src/core/features/featureContext';
import { hoverAt } from '../../server/src/core/features/hover';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { dedent, parseFixture } from '../support/fixture';

const URI = 'file:///workspace/a.txt';

interface Options {
  readonly locale?: Locale;
  /** Other documents of the workspace, by URI. */
  readonly others?: Readonly<Record<string, string>>;
}

function contextFor(text: string, options: Options = {}): FeatureContext {
  const document = analyseDocument(URI, text);
  const workspace = new WorkspaceIndex();
  workspace.set(indexEntryOf(document));
  for (const [uri, other] of Object.entries(options.others ?? {}))
    workspace.set(indexEntryOf(analyseDocument(uri, dedent(other))));
  return { document, workspace, registry: builtInRegistry(), locale: options.locale ?? 'en' };
}

/**
 * Hovers at the fixture's `$0` and checks the hovered range against its `[[…]]` and the
 * Markdown against each expected substring (or pattern). No expectations: no hover.
 */
function check(fixture: string, expected: ReadonlyArray<string | RegExp>, options: Options = {}): void {
  const { text, cursor, ranges } = parseFixture(fixture.startsWith('\n') ? dedent(fixture) : fixture);
  assert.ok(cursor !== undefined, 'the fixture needs a $0 cursor');
  const hover = hoverAt(contextFor(text, options), cursor);
  if (expected.length === 0) {
    assert.equal(hover, undefined);
    return;
  }
  assert.ok(hover, 'expected a hover');
  assert.deepEqual(hover.range, ranges[0], 'hovered range');
  for (const e of expected) {
    if (typeof e === 'string')
      assert.ok(hover.markdown.includes(e), `expected ${JSON.stringify(e)} in:\n${hover.markdown}`);
    else assert.match(hover.markdown, e);
  }
}

const JAXA_TEXT = `
  日本国政府とベトナム社会主義共和国政府は、次のとおり合意した。
  宇宙航空研究開発機構(JAXA)とベトナム宇宙センター(VNSC)との協力を歓迎する。
  [[JA$0XA]]は衛星データを提供する。
`;
const JAXA_ELSEWHERE = { 'file:///workspace/b.txt': '1. 宇宙\n- JAXAの打上げ\n- JAXAとVNSCの協力\n' };

describe('hover: agencies, programs and instruments', () => {
  test('a registry agency, in English', () =>
    check(
      JAXA_TEXT,
      [
        '**Japan Aerospace Exploration Agency (JAXA)**',
        '宇宙航空研究開発機構',
        '*agency* · Japan · under Ministry of Education',
        "Japan's national space and aeronautics agency.",
        'Defined at line 2: 宇宙航空研究開発機構(JAXA)',
        'Mentions: 3 in this document · 5 in 2 documents of the workspace',
      ],
      { others: JAXA_ELSEWHERE },
    ));

  test('a registry agency, in Japanese', () =>
    check(
      JAXA_TEXT,
      [
        '**宇宙航空研究開発機構（JAXA）**',
        'Japan Aerospace Exploration Agency',
        '*機関* · 日本 · 上部組織: 文部科学省',
        '宇宙開発と航空技術の研究開発を担う日本の国立研究開発法人。',
        '2行目で定義: 宇宙航空研究開発機構(JAXA)',
        '言及: この文書で3回 · ワークスペースの2文書で5回',
      ],
      { locale: 'ja', others: JAXA_ELSEWHERE },
    ));

  test('an agency of a country the registry names through data/countries.json', () => {
    const text = '日本国外務省と[[豪州外務$0貿易省]]は協議を行う。';
    check(text, [
      '**Department of Foreign Affairs and Trade (DFAT)**',
      '*agency* · Australia · under Government of Australia',
    ]);
    check(text, ['**豪州外務貿易省（DFAT）**', '*機関* · オーストラリア · 上部組織: オーストラリア政府'], {
      locale: 'ja',
    });
  });

  test('an office: the agency followed by its units, under that agency (issue 9)', () => {
    const text = '[[国税庁徴収部徴$0収課長]]が行う。';
    check(text, [
      '**国税庁徴収部徴収課長**',
      '*agency* · not in the registry · under National Tax Agency',
      'Recognised as an office of National Tax Agency',
    ]);
    check(text, ['*機関* · レジストリ未登録 · 上部組織: 国税庁', '国税庁の内部組織・職として認識'], { locale: 'ja' });
  });

  test('units the registry knows are that body, with its own parent (issue 9)', () =>
    check('[[経済産業省資源エネ$0ルギー庁]]は', [
      '**Agency for Natural Resources and Energy (ANRE)**',
      'under Ministry of Economy, Trade and Industry',
    ]));

  test('a name in capitals is its registry entry (issue 9)', () =>
    check('For the [[GOVERNMENT OF $0JAPAN]]:', ['**Government of Japan**', '日本国政府']));

  test('the cursor just after the name still hovers it', () =>
    check('宇宙航空研究開発機構(JAXA)と[[JAXA$0]]が協力する。', ['Japan Aerospace Exploration Agency']));

  test('an expansion that is itself the mention', () =>
    check('[[宇宙航$0空研究開発機構]](JAXA)と協力する。', ['Defined at line 1: 宇宙航空研究開発機構(JAXA)']));

  test('a name the registry does not know, defined in another document', () =>
    check(
      'We welcome the [[Mekong Digital $0Initiative]].',
      [
        '**Mekong Digital Initiative**',
        'not in the registry',
        'Defined in `b.txt`, line 2: Mekong Digital Initiative (MDI)',
      ],
      {
        others: { 'file:///workspace/b.txt': 'Joint Statement\nthe Mekong Digital Initiative (MDI) will continue.\n' },
      },
    ));

  test('an acronym defined only in another document of the workspace', () =>
    check(
      '両国は[[M$0DI]]の下で協力する。',
      [
        '**MDI**',
        'Stands for: Mekong Digital Initiative',
        'Defined in `b.txt`, line 2: Mekong Digital Initiative (MDI)',
      ],
      {
        others: { 'file:///workspace/b.txt': 'Joint Statement\nthe Mekong Digital Initiative (MDI) will continue.\n' },
      },
    ));

  test('an acronym defined only in another document, in Japanese', () =>
    check('両国は[[MDI$0]]の下で協力する。', ['意味: Mekong Digital Initiative', '`b.txt` の2行目で定義'], {
      locale: 'ja',
      others: { 'file:///workspace/b.txt': 'Joint Statement\nthe Mekong Digital Initiative (MDI) will continue.\n' },
    }));

  test('an acronym defined in this document and not in the registry', () =>
    check('Quantum Research Institute (QRI) and [[Q$0RI]] will cooperate.', [
      '**QRI**',
      '*agency* · not in the registry',
      'Defined at line 1: Quantum Research Institute (QRI)',
    ]));

  test('a name recognised by its form', () =>
    check('両国は[[日越宇宙協$0力協定]]に署名した。', [
      '**日越宇宙協力協定**',
      '*instrument*',
      'Recognised by its form (…ends in 協定)',
      'Mentions: 1 in this document',
    ]));

  test('a name recognised by its form, in Japanese', () =>
    check(
      '両国は[[日越宇宙協$0力協定]]に署名した。',
      ['*文書* · レジストリ未登録', '名称の形から認識（「協定」で終わる）'],
      {
        locale: 'ja',
      },
    ));

  test('the seed: AZEC in one statement, spelled out in another', () => {
    const seed = (name: string) => readFileSync(join(__dirname, '../../seeds', name), 'utf8');
    const text = seed('000_4fcd428554b688c6.txt');
    const offset = text.indexOf('AZEC');
    assert.ok(offset >= 0);
    const document = analyseDocument('file:///seeds/000.txt', text);
    const other = analyseDocument('file:///seeds/002_39ea2386c1d7ada1.txt', seed('002_39ea2386c1d7ada1.txt'));
    const workspace = new WorkspaceIndex();
    workspace.set(indexEntryOf(document));
    workspace.set(indexEntryOf(other));
    for (const locale of ['en', 'ja'] as const) {
      const hover = hoverAt({ document, workspace, registry: builtInRegistry(), locale }, offset + 2);
      assert.ok(hover);
      assert.deepEqual(hover.range, { start: offset, end: offset + 4 });
      assert.match(hover.markdown, /Asia Zero Emission Community/);
      assert.match(hover.markdown, /`002_39ea2386c1d7ada1\.txt`(, line | の)12/);
    }
  });
});

describe('hover: dates', () => {
  test('an era date with its weekday, and the Western form', () =>
    check('[[令和3年11$0月23日(火)]]に署名された。', [
      '**Date 2021-11-23** · Tuesday',
      '令和3年11月23日(火) ↔ 2021-11-23, Tuesday',
    ]));

  test('a Western date, and the era form', () =>
    check('[[2021年11月$023日]]に署名された。', ['Tuesday', '令和3年11月23日(火) ↔ 2021-11-23, Tuesday']));

  test('a Western date in Japanese', () =>
    check(
      '[[2021年11月$023日]]に署名された。',
      ['**日付 2021-11-23** · 火曜日', '令和3年11月23日(火) ↔ 2021年11月23日(火)'],
      {
        locale: 'ja',
      },
    ));

  test('an English date', () =>
    check('Signed on [[November $023, 2021]].', ['2021-11-23', '令和3年11月23日(火) ↔ 2021-11-23, Tuesday']));

  test('the first day of an era, and a year spanning two eras', () => {
    check('[[2019年5月$01日]]', ['令和元年5月1日(水) ↔ 2019-05-01, Wednesday']);
    check('[[2019$0年]]', ['平成31年・令和元年 ↔ 2019']);
    check('[[1912$0年7月]]', ['明治45年7月・大正元年7月 ↔ July 1912']);
  });

  test('a relative date resolved against the document date', () =>
    check(
      `
      共同声明
      2026年5月2日
      [[本年$09月]]に会合を開く。
      `,
      [
        '**Date 2026-09**',
        '令和8年9月 ↔ September 2026',
        'Relative (本年): resolved against 2026-05-02 (the document date, line 2)',
      ],
    ));

  test('a relative date in Japanese', () =>
    check(
      '共同声明\n2026年5月2日\n[[本年9$0月]]に会合を開く。',
      ['相対表現（本年）: 2026-05-02（文書の日付、2行目）を基準に解決'],
      {
        locale: 'ja',
      },
    ));

  test('a relative date with nothing to resolve it against', () => {
    check('[[本年$09月]]に会合を開く。', ['Could not be resolved: there is no document date to resolve 本年 against']);
    check('[[本年$09月]]に会合を開く。', ['解決できません: 本年の基準となる文書の日付がありません'], { locale: 'ja' });
  });

  test('an impossible date says why, not which problem, and gives the value as written', () =>
    check('[[2025年2月$030日]]', ['Could not be resolved: the date does not exist', 'As written: 2025-02-30']));

  test('a Japanese fiscal year runs April to March', () => {
    check('[[2027年$0度]]予算', ['**Date 2027**', "Japan's fiscal year 2027: 1 April 2027 – 31 March 2028"]);
    check('[[2027年$0度]]予算', ['2027年度（日本の会計年度）: 2027年4月1日～2028年3月31日'], { locale: 'ja' });
    check('[[2025年度～2026年$0度]]', ['**Date 2025/2026**', "Japan's fiscal year 2026: 1 April 2026"]);
  });

  test('an English fiscal year does not say whose', () =>
    check('in [[fiscal $0year 2027]]', ['**Date 2027**', 'the text does not say whose']));

  test('a date range gives both ends', () =>
    check('[[2025年4月1日から同年4月$030日]]まで実施する。', [
      '**Date range 2025-04-01 – 2025-04-30**',
      'From: 令和7年4月1日(火) ↔ 2025-04-01, Tuesday',
      'To: 令和7年4月30日(水) ↔ 2025-04-30, Wednesday',
    ]));

  test('a date range in Japanese', () =>
    check('[[2025年～2030$0年]]', ['**期間 2025 – 2030**', '開始: 令和7年 ↔ 2025年', '終了: 令和12年 ↔ 2030年'], {
      locale: 'ja',
    }));
});

const STATUTE = `
  第一章　総則
  第一条　宇宙航空研究開発機構(JAXA)は、衛星データを提供する。
  ２　前項の規定は、災害時に適用する。
  第二条　前条の規定により、JAXAは報告する。
  第三条　自衛隊法第九条第二項の規定は、第十条に定める場合に適用する。
`;

describe('hover: clause references', () => {
  test('a resolved reference shows the target and its first lines', () =>
    check(STATUTE.replace('前条の', '[[前$0条]]の'), [
      '**第一条**',
      'Clause reference → line 2',
      '> 第一条　宇宙航空研究開発機構(JAXA)は、衛星データを提供する。',
      '> ２　前項の規定は、災害時に適用する。',
    ]));

  test('a resolved reference in Japanese', () =>
    check(STATUTE.replace('前条の', '[[前条$0]]の'), ['条項参照 → 2行目'], { locale: 'ja' }));

  test('the first, unnumbered paragraph of an article', () =>
    check(STATUTE.replace('前項の', '[[前$0項]]の'), [
      'The first (unnumbered) paragraph of 第一条',
      '> 第一条　宇宙航空研究開発機構(JAXA)は、衛星データを提供する。',
    ]));

  test('a reference into another instrument', () => {
    check(STATUTE.replace('第九条第二項', '[[第九条$0第二項]]'), [
      '**第九条第二項**',
      'Refers to a provision of another instrument: 自衛隊法',
    ]);
    check(STATUTE.replace('第九条第二項', '[[第九条$0第二項]]'), ['他の文書（自衛隊法）の条項を参照しています'], {
      locale: 'ja',
    });
  });

  test('an unresolved reference gives the reason', () => {
    check(STATUTE.replace('第十条', '[[第十$0条]]'), ['Not found in this document: There is no 第十条']);
    check(STATUTE.replace('第十条', '[[第十$0条]]'), ['この文書内に参照先が見つかりません。', 'There is no 第十条'], {
      locale: 'ja',
    });
  });

  test('CRLF line ends', () =>
    check('第一条　目的を定める。\r\n第二条　[[前$0条]]の規定を適用する。\r\n', [
      'Clause reference → line 1',
      /> 第一条　目的を定める。$/,
    ]));
});

describe('hover: clause labels and list items', () => {
  const others = { 'file:///workspace/b.txt': '1. 宇宙\n- JAXAの打上げ\n' };

  test('an article: its path, references to it and clauses sharing its entities', () =>
    check(
      STATUTE.replace('第一条', '[[第一$0条]]'),
      [
        '**第一章 総則 › 第一条**',
        'Referred to 1 time in this document (line 4)',
        'Shares entities with 2 other clauses in 2 documents',
      ],
      { others },
    ));

  test('an article in Japanese', () =>
    check(
      STATUTE.replace('第一条', '[[第一条$0]]'),
      ['この文書内で1回参照（4行目）', 'エンティティを共有する他の条項: 2件（2文書）'],
      {
        locale: 'ja',
        others,
      },
    ));

  test('a paragraph under an article', () =>
    check(STATUTE.replace('２　', '[[$0２]]　'), [
      '**第一章 総則 › 第一条 › ２**',
      'Not referred to in this document',
    ]));

  test('a bullet item: its ordinal in its list', () => {
    const fixture = `
      1. 科学技術
      - 宇宙航空研究開発機構(JAXA)との協力
      2. 半導体
      - 人材育成
      - 研究開発
      次の一覧のとおり。
      - 別の一覧
      [[$0-]] JAXAの衛星
    `;
    check(fixture, ['**2. 半導体 › 2nd item**', 'Shares entities with 1 other clause in 1 document']);
    check(fixture, ['**2. 半導体 › 2番目の項目**'], { locale: 'ja' });
  });
});

describe('hover: defined terms', () => {
  const fixture = `
    日本国政府及びベトナム社会主義共和国政府(以下「両者」という。)は、次のとおり合意した。
    [[両$0者]]は協力する。両者は毎年会合を開く。
  `;

  test('a defined term that names no entity', () =>
    check(fixture, [
      '**両者** · defined term',
      'Stands for: 日本国政府及びベトナム社会主義共和国政府',
      'Defined at line 1: 日本国政府及びベトナム社会主義共和国政府(以下「両者」という。)',
      'Used 2 times in this document',
    ]));

  test('a defined term in Japanese', () =>
    check(
      fixture,
      ['**両者** · 定義語', '意味: 日本国政府及びベトナム社会主義共和国政府', '1行目で定義', 'この文書で2回使用'],
      {
        locale: 'ja',
      },
    ));

  test('a defined term that is also an agency shows the agency', () =>
    check('宇宙航空研究開発機構(JAXA)と[[JA$0XA]]。', ['*agency*', 'Defined at line 1']));
});

describe('hover: offsets', () => {
  test('astral kanji before the cursor count as two code units', () =>
    check('𠮷𠮷の宇宙航空研究開発機構(JAXA)と𠮷[[JA$0XA]]。', ['Japan Aerospace Exploration Agency']));

  test('astral kanji in a date line', () => check('𠮷野家にて[[2021年11月$023日]]', ['2021-11-23']));

  test('nothing at the offset', () => check('両国は協力$0する。', []));

  test('offsets outside the text, odd offsets and an empty document', () => {
    const context = contextFor('宇宙航空研究開発機構(JAXA)');
    for (const offset of [-1, -100, 17, 1000, Number.NaN, Number.POSITIVE_INFINITY, 1.5])
      assert.equal(hoverAt(context, offset), undefined, `offset ${offset}`);
    assert.ok(hoverAt(context, 15));
    assert.equal(hoverAt(context, 16), undefined);
    const empty = contextFor('');
    for (const offset of [-1, 0, 1]) assert.equal(hoverAt(empty, offset), undefined);
  });

  test('every offset of a seed: no throw, and the range holds the cursor', () => {
    const text = readFileSync(join(__dirname, '../../seeds/000_4fcd428554b688c6.txt'), 'utf8');
    for (const locale of ['en', 'ja'] as const) {
      const context = { ...contextFor(text), locale };
      let hovers = 0;
      for (let offset = 0; offset <= text.length; offset++) {
        const hover = hoverAt(context, offset);
        if (!hover) continue;
        hovers++;
        assert.ok(hover.range.start <= offset && offset <= hover.range.end, `offset ${offset}`);
        assert.ok(hover.markdown.length > 0);
      }
      assert.ok(hovers > text.length / 10);
    }
  });
});
