import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type AnalysedDocument, analyseDocument } from '../../server/src/core/analysis';
import { definitionAt } from '../../server/src/core/features/definition';
import type { DocumentLocation, FeatureContext, Locale } from '../../server/src/core/features/featureContext';
import { documentHighlightsAt, referencesAt } from '../../server/src/core/features/references';
import { prepareRenameAt, renameAt } from '../../server/src/core/features/rename';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { dedent, parseFixture } from '../support/fixture';
import { SEEDS_DIR } from '../support/paths';

const seed = (name: string) => readFileSync(join(SEEDS_DIR, `${name}.txt`), 'utf8');
const SEED_000 = '000_4fcd428554b688c6';
const SEED_002 = '002_39ea2386c1d7ada1';

/** One document of a multi-document fixture; its text may hold `$0` and `[[…]]`. */
interface FixtureDocument {
  readonly uri: string;
  readonly text: string;
}

interface Setup {
  readonly context: FeatureContext;
  readonly cursor: number;
  /** The `[[…]]` ranges of every document, as locations, in URI and position order. */
  readonly expected: DocumentLocation[];
  readonly documents: ReadonlyMap<string, AnalysedDocument>;
}

/**
 * Builds a workspace from fixture documents: a single fixture string is the document
 * `file:///a.agr`. Exactly one document holds the cursor; it is the context's document.
 */
function setup(fixture: string | readonly FixtureDocument[], locale: Locale = 'en'): Setup {
  const sources = typeof fixture === 'string' ? [{ uri: 'file:///a.agr', text: fixture }] : fixture;
  const workspace = new WorkspaceIndex();
  const documents = new Map<string, AnalysedDocument>();
  const expected: DocumentLocation[] = [];
  let current: { document: AnalysedDocument; cursor: number } | undefined;
  for (const source of sources) {
    const parsed = parseFixture(typeof fixture === 'string' ? dedent(source.text) : source.text);
    const document = analyseDocument(source.uri, parsed.text);
    documents.set(source.uri, document);
    workspace.set(indexEntryOf(document));
    for (const r of parsed.ranges)
      expected.push({
        uri: source.uri,
        range: { start: document.lines.positionAt(r.start), end: document.lines.positionAt(r.end) },
      });
    if (parsed.cursor !== undefined) {
      assert.equal(current, undefined, 'only one document may hold the cursor');
      current = { document, cursor: parsed.cursor };
    }
  }
  assert.ok(current, 'one document must hold the cursor $0');
  return {
    context: { document: current.document, workspace, registry: builtInRegistry(), locale },
    cursor: current.cursor,
    expected: sortLocations(expected),
    documents,
  };
}

function sortLocations(locations: readonly DocumentLocation[]): DocumentLocation[] {
  const key = (l: DocumentLocation) =>
    [l.uri, l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character] as const;
  return [...locations].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let k = 0; k < ka.length; k++) if (ka[k] !== kb[k]) return ka[k]! < kb[k]! ? -1 : 1;
    return 0;
  });
}

/** Puts `$0` before the `occurrence`-th (from 0) `needle` of a text, `delta` characters in. */
function withCursor(text: string, needle: string, occurrence = 0, delta = 0): string {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} #${occurrence} is not in the text`);
  }
  return `${text.slice(0, at + delta)}$0${text.slice(at + delta)}`;
}

function checkDefinition(fixture: string | readonly FixtureDocument[]): void {
  const { context, cursor, expected } = setup(fixture);
  assert.deepEqual(sortLocations(definitionAt(context, cursor)), expected);
}

function checkReferences(fixture: string | readonly FixtureDocument[], includeDeclaration: boolean): void {
  const { context, cursor, expected } = setup(fixture);
  assert.deepEqual(sortLocations(referencesAt(context, cursor, includeDeclaration)), expected);
}

/** `kinds` lists the kind of each `[[…]]` range, in text order. */
function checkHighlights(fixture: string, kinds: ReadonlyArray<'read' | 'write'>): void {
  const parsed = parseFixture(dedent(fixture));
  const { context, cursor } = setup(fixture);
  const actual = documentHighlightsAt(context, cursor).sort(
    (a, b) => a.range.start - b.range.start || a.range.end - b.range.end,
  );
  assert.deepEqual(
    actual,
    parsed.ranges.map((range, k) => ({ range, kind: kinds[k] })),
  );
}

/** Allowed: the `[[…]]` range and its text as the placeholder. Refused: a message matching `error`. */
function checkPrepareRename(fixture: string, error?: RegExp, locale: Locale = 'en'): void {
  const parsed = parseFixture(dedent(fixture));
  const { context, cursor } = setup(fixture, locale);
  const result = prepareRenameAt(context, cursor);
  if (error) {
    assert.ok('error' in result, `expected a refusal, got ${JSON.stringify(result)}`);
    assert.match(result.error, error);
    return;
  }
  const range = parsed.ranges[0]!;
  assert.deepEqual(result, { range, placeholder: parsed.text.slice(range.start, range.end) });
}

/** Every `[[…]]` range of every document is replaced by `newName`, and nothing else. */
function checkRename(fixture: string | readonly FixtureDocument[], newName: string): void {
  const { context, cursor, expected, documents } = setup(fixture);
  const result = renameAt(context, cursor, newName, (uri) => documents.get(uri)?.text);
  assert.ok('changes' in result, JSON.stringify(result));
  const actual = Object.entries(result.changes).flatMap(([uri, edits]) =>
    edits.map((edit) => {
      assert.equal(edit.newText, newName);
      return { uri, range: edit.range };
    }),
  );
  assert.deepEqual(sortLocations(actual), expected);
}

describe('go to definition', () => {
  test('an acronym goes to its definition in the same document', () =>
    checkDefinition(`
      [[大規模言語モデル(LLM]])を用いる。
      $0LLMは有用である。
    `));

  test('the definition in force is the latest before the use', () =>
    checkDefinition(`
      人工知能(AI)を用いる。
      [[人工知能(AI]])の活用。
      AI$0 分野。
    `));

  test('an acronym defined in another document goes there', () =>
    checkDefinition([
      { uri: 'file:///a.agr', text: '$0AZEC の枠組みの下で協力する。' },
      { uri: 'file:///b.agr', text: 'We welcome the [[Asia Zero Emission Community (AZEC]]).' },
    ]));

  test('full-width and half-width acronyms match', () => {
    checkDefinition('[[情報通信技術（ＩＣＴ]]）の分野。I$0CT の活用。');
    checkDefinition([
      { uri: 'file:///a.agr', text: 'ＩＣ$0Ｔ の活用。' },
      { uri: 'file:///b.agr', text: '[[情報通信技術(ICT]])の分野。' },
    ]);
  });

  test('a hereinafter term goes to its definition', () =>
    checkDefinition(`
      [[日本国政府及びベトナム社会主義共和国政府（以下「両者]]」という。）は、
      両$0者は協力する。
    `));

  test('an English hereinafter term', () =>
    checkDefinition(`
      the [[Memorandum of Cooperation (hereinafter referred to as "MOC]]")
      The MOC$0 is good.
    `));

  test('an acronym before its name', () =>
    checkDefinition(`
      [[VNSC(ベトナム宇宙センター]])と協力する。
      VN$0SC は、
    `));

  test('a later use of an expansion goes to its definition', () =>
    checkDefinition(`
      [[宇宙航空研究開発機構(JAXA]])と協力する。
      宇宙航空$0研究開発機構は、
    `));

  test('a registry name without a definition goes nowhere', () => checkDefinition('$0JAXA と協力する。'));

  test('前条 goes to the previous article', () =>
    checkDefinition(`
      第一条　目的
      [[第二条]]　範囲
      第三条　前$0条の規定による。
    `));

  test('an absolute reference goes to the article', () =>
    checkDefinition(`
      第一条　目的
      [[第二条]]　範囲
      第三条　第二条$0の規定による。
    `));

  test('同項第二号 goes to the item', () =>
    checkDefinition(`
      第一条　本文。
      一　甲
      [[二]]　乙
      第二条　第一条第一項の規定は、同項$0第二号の場合に適用する。
    `));

  test('an implicit first paragraph goes to its article', () =>
    checkDefinition(`
      第一条　目的
      [[第二条]]　範囲
      ２　前$0項の規定
    `));

  test('an external reference goes nowhere', () =>
    checkDefinition(`
      第一条　目的
      第二条　範囲
      第三条　自衛隊法第二$0条の規定による。
    `));

  test('an unresolved reference and plain text go nowhere', () => {
    checkDefinition('第一条　第九$0条の規定による。');
    checkDefinition('両者は$0協力する。');
  });

  test('a quoted title goes to the item of the signed-documents list, and to a document with that title', () => {
    const text = seed(SEED_000);
    const item = text.indexOf('6. 宇宙航空研究開発機構（JAXA）');
    const itemEnd = text.indexOf('\n', item) < 0 ? text.length : text.indexOf('\n', item);
    const marked = `${text.slice(0, item)}[[${text.slice(item, itemEnd)}]]${text.slice(itemEnd)}`;
    checkDefinition([
      { uri: 'file:///000.agr', text: withCursor(marked, '「衛星データ交換に関する協定」', 0, 3) },
      { uri: 'file:///satellite.agr', text: '[[衛星データ交換に関する協定]]\n第一条　目的' },
      { uri: 'file:///other.agr', text: '別の協定\n第一条　目的' },
    ]);
  });

  test('a quoted title in the list item itself goes only to the document with that title', () => {
    const text = seed(SEED_000);
    checkDefinition([
      { uri: 'file:///000.agr', text: withCursor(text, '「衛星データ交換に関する協定」', 1, 3) },
      { uri: 'file:///satellite.agr', text: '[[日本国とベトナムの衛星データ交換に関する協定]]' },
    ]);
  });

  test('astral kanji before the cursor and CRLF line ends', () => {
    checkDefinition('𠮷田(ABC)\r\n[[大規模言語モデル(LLM]])\r\n𠮷𠮷 LLM$0 を用いる。');
    checkDefinition('第一条　目的\r\n[[第二条]]　範囲\r\n第三条　𠮷前条$0の規定');
  });
});

describe('find references', () => {
  test('NEXUS in seeds 000 and 002: every mention in both files', () => {
    const docs = [
      { uri: 'file:///000.agr', text: seed(SEED_000) },
      { uri: 'file:///002.agr', text: seed(SEED_002) },
    ];
    const entries = docs.map((d) => indexEntryOf(analyseDocument(d.uri, d.text)));
    const id = 'jp-asean.nexus';
    const mentions = entries.flatMap((e) => e.mentions.filter((m) => m.id === id));
    assert.ok(mentions.some((m) => m.uri === 'file:///000.agr'));
    assert.ok(mentions.some((m) => m.uri === 'file:///002.agr'));
    const { context, cursor } = setup([
      { uri: 'file:///000.agr', text: withCursor(docs[0]!.text, 'NEXUS プログラム', 0, 2) },
      docs[1]!,
    ]);
    const all = mentions.map((m) => ({ uri: m.uri, range: m.range }));
    assert.deepEqual(sortLocations(referencesAt(context, cursor, true)), sortLocations(all));
    const declarations = entries.flatMap((e) =>
      e.definitions.flatMap((d) => [d.termRange, d.expansionRange].map((range) => ({ uri: e.uri, range }))),
    );
    const uses = all.filter((m) => !declarations.some((d) => d.uri === m.uri && sameRange(d.range, m.range)));
    assert.ok(uses.length < all.length && uses.length > 0);
    assert.deepEqual(sortLocations(referencesAt(context, cursor, false)), sortLocations(uses));
  });

  test('an acronym entity across documents, with and without its declaration', () => {
    const docs = (mark: boolean) => [
      { uri: 'file:///a.agr', text: 'The [[AZEC]] meeting. $0[[AZEC]] again.' },
      {
        uri: 'file:///b.agr',
        text: mark ? 'The [[Asia Zero Emission Community]] ([[AZEC]]).' : 'The Asia Zero Emission Community (AZEC).',
      },
    ];
    checkReferences(docs(true), true);
    checkReferences(docs(false), false);
  });

  test('a defined term: its uses here and its definitions elsewhere', () => {
    checkReferences(
      [
        {
          uri: 'file:///a.agr',
          text: '日本国政府及びベトナム社会主義共和国政府（以下「[[両者]]」という。）は、\n[[両$0者]]は協力する。[[両者]]の間で',
        },
        { uri: 'file:///b.agr', text: '甲及び乙（以下「[[両者]]」という。）は、両者の間で' },
      ],
      true,
    );
    checkReferences(
      [
        {
          uri: 'file:///a.agr',
          text: '日本国政府及びベトナム社会主義共和国政府（以下「両者」という。）は、\n[[両$0者]]は協力する。[[両者]]の間で',
        },
        { uri: 'file:///b.agr', text: '甲及び乙（以下「両者」という。）は、両者の間で' },
      ],
      false,
    );
  });

  test('references to an article from its label and from a reference', () => {
    const fixture = (cursorOnLabel: boolean) => `
      第一条　目的
      ${cursorOnLabel ? '[[第$0二条]]' : '[[第二条]]'}　範囲
      第三条　[[前条]]の規定により、[[第二条]]に定める。
      第四条　前条の規定${cursorOnLabel ? '' : '、[[第二$0条]]の規定'}
    `;
    checkReferences(fixture(true), true);
    checkReferences(fixture(false), true);
    checkReferences(
      `
      第一条　目的
      第$0二条　範囲
      第三条　[[前条]]の規定により、[[第二条]]に定める。
      `,
      false,
    );
  });

  test('nothing at the cursor, or an unresolved reference, has no references', () => {
    checkReferences('ただの$0文章。', true);
    checkReferences('第一条　第九$0条の規定', true);
  });
});

describe('document highlights', () => {
  test('a defined term: the definition writes, the uses read', () =>
    checkHighlights(
      `
      甲及び乙（以下「[[両者]]」という。）は、
      [[両$0者]]は協力する。[[両者]]の間で
      `,
      ['write', 'read', 'read'],
    ));

  test('an entity: the definition term and expansion write, the mentions read', () =>
    checkHighlights(
      `
      the [[Memorandum of Cooperation]] (hereinafter referred to as "[[MOC]]")
      The [[MOC]]$0 is good.
      `,
      ['write', 'write', 'read'],
    ));

  test('a clause: its label writes, references to it read', () =>
    checkHighlights(
      `
      第一条　目的
      [[第二条]]　範囲
      第三条　[[前条]]の規定により、[[第二$0条]]に定める。
      `,
      ['write', 'read', 'read'],
    ));

  test('nothing at the cursor', () => checkHighlights('ただの$0文章。', []));
});

describe('rename', () => {
  test('prepare: a hereinafter term may be renamed', () =>
    checkPrepareRename(`
      甲及び乙（以下「両者」という。）は、
      [[両$0者]]は協力する。
    `));

  test('prepare: an acronym the document defines may be renamed', () =>
    checkPrepareRename(`
      大規模言語モデル([[LL$0M]])を用いる。
    `));

  test('prepare: a registry name, a date, a clause label, a clause reference or nothing is refused', () => {
    checkPrepareRename('宇宙航空研究開発機構(JAXA)と協力する。JA$0XA は', /JAXA is a registry name/);
    checkPrepareRename('JA$0XA と協力する。', /JAXA is a registry name/);
    checkPrepareRename('JA$0XA と協力する。', /JAXA はレジストリ/, 'ja');
    checkPrepareRename('2025年4月$01日に署名した。', /date/);
    checkPrepareRename('第一条　目的\n第$0二条　範囲', /clause label/);
    checkPrepareRename('第一条　目的\n第二条　前$0条の規定', /clause reference/);
    checkPrepareRename('ただの$0文章。', /Only a defined term/);
    checkPrepareRename('ただの$0文章。', /定義語/, 'ja');
  });

  test('a defined term is renamed in this document', () =>
    checkRename(
      `
      甲及び乙（以下「[[両者]]」という。）は、
      [[両$0者]]は協力する。[[両者]]の間で
      `,
      '当事者',
    ));

  test('a defined term is renamed across documents that define it or mention the acronym', () => {
    checkRename(
      [
        { uri: 'file:///a.agr', text: '大規模言語モデル([[LLM]])を用いる。\n𠮷 [[LL$0M]] は有用である。' },
        { uri: 'file:///b.agr', text: '𠮷大規模言語モデル（[[LLM]]）\r\n[[ＬＬＭ]]の活用' },
        // A document that neither defines LLM nor mentions it as an entity is not the same LLM.
        { uri: 'file:///c.agr', text: 'LLM を用いる研究。' },
      ],
      'LM',
    );
  });

  test('the new name is checked', () => {
    const { context, cursor } = setup('甲及び乙（以下「両者」という。）は、両$0者は');
    for (const bad of ['', '  ', 'a\nb', '「x」', 'x(y)', '（x）'])
      assert.ok('error' in renameAt(context, cursor, bad), bad);
    assert.ok('changes' in renameAt(context, cursor, '当事者'));
  });

  test('a refused rename answers with the refusal', () => {
    const { context, cursor } = setup('JA$0XA と協力する。');
    assert.match((renameAt(context, cursor, 'X') as { error: string }).error, /registry/);
  });
});

describe('never throws', () => {
  test('every feature answers at every offset of every seed and of odd texts', () => {
    const texts = [
      seed(SEED_000),
      seed(SEED_002),
      '',
      '\r\n\r',
      '𠮷(𠮷)（以下「」という。）',
      '第一条　前条\r\n２　前項(AB)\rAB「協定」',
    ];
    for (const text of texts) {
      const document = analyseDocument('file:///x.agr', text);
      const workspace = new WorkspaceIndex();
      workspace.set(indexEntryOf(document));
      const context: FeatureContext = { document, workspace, registry: builtInRegistry(), locale: 'en' };
      for (const offset of [-1, NaN, text.length + 5, ...Array.from({ length: text.length + 1 }, (_, k) => k)]) {
        definitionAt(context, offset);
        referencesAt(context, offset, true);
        documentHighlightsAt(context, offset);
        prepareRenameAt(context, offset);
        renameAt(context, offset, 'X', () => text);
      }
    }
  });
});

function sameRange(a: DocumentLocation['range'], b: DocumentLocation['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
