/**
 * The semantic rules: undefined-acronym, conflicting-definition, undefined-term and
 * unresolved-document-reference. Each case is a fixture whose `[[…]]` mark the expected
 * findings' ranges and a list of `code about`, one per finding in document order.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { type AnalysedDocument, analyseDocument } from '../../server/src/core/analysis';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { conflictingDefinitionRule } from '../../server/src/core/rules/conflictingDefinition';
import type { Finding, Rule, RuleConfig, RuleContext } from '../../server/src/core/rules/ruleTypes';
import { DEFAULT_RULE_CONFIG, runRules } from '../../server/src/core/rules/runRules';
import { undefinedAcronymRule } from '../../server/src/core/rules/undefinedAcronym';
import { undefinedTermRule } from '../../server/src/core/rules/undefinedTerm';
import { unresolvedDocumentReferenceRule } from '../../server/src/core/rules/unresolvedDocumentReference';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { dedent, parseFixture } from '../support/fixture';
import { SEEDS_DIR, seedFiles, SHARED_DIR, sharedAvailable } from '../support/paths';

const MY_RULES: readonly Rule[] = [
  undefinedAcronymRule,
  conflictingDefinitionRule,
  undefinedTermRule,
  unresolvedDocumentReferenceRule,
];
const MY_CODES = new Set<string>(MY_RULES.map((r) => r.code));
const URI = 'file:///workspace/a.txt';

interface Options {
  /** Other documents of the workspace, by URI. */
  readonly others?: Readonly<Record<string, string>>;
  readonly config?: RuleConfig;
}

function contextFor(text: string, options: Options = {}): RuleContext {
  const document = analyseDocument(URI, text);
  const workspace = new WorkspaceIndex();
  workspace.set(indexEntryOf(document));
  for (const [uri, other] of Object.entries(options.others ?? {}))
    workspace.set(indexEntryOf(analyseDocument(uri, dedent(other))));
  return { document, workspace, registry: builtInRegistry(), config: options.config ?? DEFAULT_RULE_CONFIG };
}

function findingsOf(context: RuleContext): Finding[] {
  return MY_RULES.flatMap((rule) => rule.check(context)).sort((a, b) => a.range.start - b.range.start);
}

/** Runs the four rules and compares each finding's range with the fixture's `[[…]]`, in order. */
function check(fixture: string, expected: readonly string[], options: Options = {}): void {
  checkFindings(fixture, expected, options);
}

/** `check`, returning the findings for further assertions (fix data, related places). */
function checkFindings(fixture: string, expected: readonly string[], options: Options = {}): Finding[] {
  const { text, ranges } = parseFixture(fixture.startsWith('\n') ? dedent(fixture) : fixture);
  const findings = findingsOf(contextFor(text, options));
  assert.deepEqual(
    findings.map((f) => `${f.code} ${f.about}`),
    expected,
    findings.map((f) => f.message.en).join('\n'),
  );
  assert.deepEqual(
    findings.map((f) => f.range),
    ranges,
    'finding ranges',
  );
  for (const f of findings) {
    assert.ok(f.message.en.length > 0 && f.message.ja.length > 0, 'messages in both languages');
    assert.ok(f.message.en.includes(f.about), `the English message names ${f.about}`);
    assert.ok(f.message.ja.includes(f.about), `the Japanese message names ${f.about}`);
  }
  return findings;
}

describe('undefined-acronym', () => {
  test('an acronym never spelled out: one finding, at its first use', () => {
    const [f] = checkFindings(
      `
      宇宙航空研究開発機構(JAXA)と協力する。
      [[QZRT]]の枠組みで協力する。QZRTは重要である。JAXAは衛星を提供する。
      `,
      ['undefined-acronym QZRT'],
    );
    assert.equal(f?.fix, undefined, 'no expansion is known');
    assert.match(f!.message.en, /never spelled out/);
  });

  test('spelled out later in the document: no finding', () =>
    check(
      `
      QZRTを推進する。
      両国は、国際宇宙協力枠組み(QZRT)の下で協力する。
      `,
      [],
    ));

  test('the registry knows it: the message and the fix give the expansion in the document language', () => {
    const [ja] = checkFindings('両国は[[AZEC]]の枠組みにおける協力を推進する。', ['undefined-acronym AZEC']);
    assert.deepEqual(ja?.fix, { kind: 'spell-out', acronym: 'AZEC', expansion: 'アジア・ゼロエミッション共同体' });
    assert.match(ja!.message.en, /registry knows it as アジア・ゼロエミッション共同体/);
    const [en] = checkFindings('Both sides support the [[AZEC]] initiative.', ['undefined-acronym AZEC']);
    assert.deepEqual(en?.fix, { kind: 'spell-out', acronym: 'AZEC', expansion: 'Asia Zero Emission Community' });
  });

  test('another document spells it out: the message names the file and points to it', () => {
    const [f] = checkFindings('We support the [[FBBQ]] programme.', ['undefined-acronym FBBQ'], {
      others: { 'file:///workspace/b.txt': 'The Foo Bar Baz Quux (FBBQ) began in 2020.\n' },
    });
    assert.match(f!.message.en, /b\.txt spells it out as Foo Bar Baz Quux/);
    assert.deepEqual(f?.fix, { kind: 'spell-out', acronym: 'FBBQ', expansion: 'Foo Bar Baz Quux' });
    assert.equal(f?.related?.[0]?.location.uri, 'file:///workspace/b.txt');
  });

  test('known acronyms are exempt, and the list is configurable', () => {
    check('AIとASEANとの協力、及びODAとAPECとNGOsの役割。', []);
    check('ZZTOPとの協力。', [], { config: { ...DEFAULT_RULE_CONFIG, knownAcronyms: ['ZZTOP'] } });
    check('[[AI]]との協力。', ['undefined-acronym AI'], { config: { severities: {}, knownAcronyms: [] } });
  });

  test('what is not an acronym: numerals, generations, formulas, words in capitals, URLs, parts of words', () =>
    check(
      `
      I. 目的
      II. 範囲
      IV. 終了
      Beyond 5G/6G、CO2 と CH4 の削減、LOTUSat-1 衛星、AFoCO、https://example.org/ABCD/EFG
      AGREEMENT BETWEEN THE GOVERNMENT OF JAPAN AND THE GOVERNMENT OF VIET NAM
      ARTICLE 5
      PMs met the PM. The US$20 billion fund and the UN Charter.
      `,
      [],
    ));

  test('a word in capitals against Japanese script is an acronym, not English (STEM of seed 001)', () => {
    check('AIや[[STEM]]などのハイテク分野。', ['undefined-acronym STEM']);
    check('[[ＳＴＥＭ]]教育の推進。', ['undefined-acronym STEM']);
    // The same word in an English sentence is the English word written in capitals.
    check('THE PARTIES SHALL STEM THE FLOW OF ARMS.', []);
  });

  test('compounds are judged part by part; acronyms with digits and + count', () =>
    check(
      `
      ASEAN+3の協力、Open [[XRAN]]及びAI-XRAN、並びに[[P7Q]]と[[REDX+]]。
      `,
      ['undefined-acronym XRAN', 'undefined-acronym P7Q', 'undefined-acronym REDX+'],
    ));

  test('a word of a defined term is defined (UNCLOS of UNCLOS 1982)', () =>
    check('国連海洋法条約(UNCLOS 1982)に基づき、特にUNCLOSに準拠する。', []));
});

test('undefined-acronym: the letters of a fiscal year (FY2027, JFY2030) are part of a date', () =>
  check('The budget for FY2027 and JFY2030 is agreed. The [[XQZ]] will report.', ['undefined-acronym XQZ']));

describe('conflicting-definition', () => {
  test('one acronym, two expansions: at the later definition, pointing to the first', () => {
    const [f] = checkFindings(
      `
      宇宙航空研究開発機構(JAXA)とベトナム宇宙センター(VNSC)との協力。
      署名文書: 宇宙航空研究開発機構(JAXA)とベトナム国家宇宙センター([[VNSC]])間の協定
      `,
      ['conflicting-definition VNSC'],
    );
    assert.equal(f?.severity, undefined);
    assert.equal(f?.related?.[0]?.location.range.start.line, 0);
    assert.match(f!.message.en, /ベトナム国家宇宙センター.*ベトナム宇宙センター/);
    assert.match(f!.message.ja, /ベトナム国家宇宙センター/);
  });

  test('the same expansion again, in other widths: no conflict', () =>
    check('情報通信技術(ICT)の協力。\n情報通信技術（ＩＣＴ）分野の覚書。', []));

  test('acronyms naming a kind of document (L/A) are redefined for each document', () =>
    check('1. 農村開発計画に関する借款契約(L/A)\n2. インフラ整備計画に関する借款契約(L/A)\n', []));

  test('across the workspace: a hint at the first definition, naming the other file', () => {
    const [f] = checkFindings(
      '両国は北方海洋研究所([[QZX]])と協力する。QZXは重要である。',
      ['conflicting-definition QZX'],
      {
        others: { 'file:///workspace/b.txt': '両国は南方海洋研究所(QZX)と協力する。\n' },
      },
    );
    assert.equal(f?.severity, 'hint');
    assert.match(f!.message.en, /b\.txt defines it as 南方海洋研究所/);
    assert.equal(f?.related?.[0]?.location.uri, 'file:///workspace/b.txt');
  });

  test('across the workspace: an English and a Japanese expansion are translations, not conflicts', () =>
    check('両国は北方海洋研究所(QZX)と協力する。', [], {
      others: { 'file:///workspace/b.txt': 'Both sides work with the Northern Ocean Institute (QZX).\n' },
    }));

  test('in one bilingual document too: an English and a Japanese expansion are translations', () =>
    check('アジア・ゼロエミッション共同体(AZEC)の枠組み。\nthe Asia Zero Emission Community (AZEC) framework.\n', []));

  test('8,000 definitions of one acronym: one finding per different expansion, in linear time', () => {
    const text = Array.from({ length: 8000 }, (_, i) => `Institute Number ${i} Of Oceans (QZX) works.`).join('\n');
    const document = analyseDocument('file:///a.txt', text);
    const workspace = new WorkspaceIndex();
    workspace.set(indexEntryOf(document));
    const found = conflictingDefinitionRule.check({
      document,
      workspace,
      registry: builtInRegistry(),
      config: DEFAULT_RULE_CONFIG,
    });
    assert.equal(found.length, document.definitions.filter((d) => d.term === 'QZX').length - 1);
  });

  test('a statute: each 附則 is its own scope', () => {
    check(
      `
      第一条　この法律による改正前の森林法（以下「旧法」という。）の規定は、なお効力を有する。
      第二条　この法律による改正前の漁業法（以下「[[旧法]]」という。）の規定は、なおその効力を有する。
      `,
      ['conflicting-definition 旧法'],
    );
    check(
      `
      第一条　この法律による改正前の森林法（以下「旧法」という。）の規定は、なお効力を有する。
      附　則
      第一条　この法律による改正前の漁業法（以下「旧法」という。）の規定は、なおその効力を有する。
      `,
      [],
    );
  });
});

describe('undefined-term', () => {
  test('another word for the parties than the defined one: first use of each word', () => {
    const [f] = checkFindings(
      `
      日本国政府及びアメリカ合衆国政府(以下「両者」という。)は、次のとおり協力する。
      [[両当事者]]は、情報を交換する。両当事者は、[[両政府]]の間の協定に留意する。両者は協力する。
      `,
      ['undefined-term 両当事者', 'undefined-term 両政府'],
    );
    assert.deepEqual(f?.fix, { kind: 'replace', replacement: '両者' });
    assert.equal(f?.related?.[0]?.location.range.start.line, 0);
  });

  test('in English: "the Parties" where "the Participants" is defined', () => {
    const [f] = checkFindings(
      `
      The Government of Japan and the Government of the Republic of Korea (hereinafter referred to as "the Participants") have reached the following understanding.
      [[The Parties]] will exchange information. The Participants will meet annually.
      `,
      ['undefined-term The Parties'],
    );
    assert.deepEqual(f?.fix, { kind: 'replace', replacement: 'the Participants' });
  });

  test('no term defined for the parties: nothing to compare with', () =>
    check('両者は多くの意見交換を行った。両当事者は合意した。', []));

  test('the document calls itself by another instrument word', () => {
    const [f] = checkFindings(
      `
      協力に関する覚書

      この協力に関する覚書(以下「MOC」という)は、協力を強化することを目的とする。
      本MOCは署名の時に運用が開始される。[[本協定]]は法的拘束力を有しない。基本計画を策定する。
      `,
      ['undefined-term 本協定'],
    );
    assert.deepEqual(f?.fix, { kind: 'replace', replacement: '本MOC' });
  });

  test('a document whose kind is unknown may say 本協定', () =>
    check('両国首脳は会談した。\n本協定は重要である。\n', []));
});

describe('unresolved-document-reference', () => {
  test('a quoted instrument title that matches nothing', () =>
    check('両国は「[[宇宙ごみ対策に関する協定]]」の締結を目指す。', [
      'unresolved-document-reference 宇宙ごみ対策に関する協定',
    ]));

  test('in the list of signed documents: found', () =>
    check(
      `
      両国は「宇宙ごみ対策に関する協定」の署名を歓迎した。

      署名された文書
      1. 宇宙航空研究開発機構と国家宇宙センターの「宇宙ごみ対策に関する協定」
      `,
      [],
    ));

  test('the title of a workspace document: found', () =>
    check('両国は「宇宙ごみ対策に関する協定」の締結を目指す。', [], {
      others: { 'file:///workspace/b.txt': '宇宙ごみ対策に関する協定\n\n第一条　目的\n' },
    }));

  test('known to the registry: found', () => check('「衛星データ交換に関する協定」の推進を歓迎する。', []));

  test('quoted wording of a statute is not a title', () =>
    check('第二条中「宇宙ごみ対策に関する協定」を「宇宙活動に関する協定」に改める。', []));
});

describe('severities from the configuration', () => {
  test("one rule 'off', one raised to 'error', cross-document conflicts stay hints", () => {
    const text =
      'ベトナム宇宙センター(VNSC)とQZRTの協力。\nベトナム国家宇宙センター(VNSC)の衛星。\n北方海洋研究所(QZX)と協力する。\n';
    const context = contextFor(text, {
      config: { ...DEFAULT_RULE_CONFIG, severities: { 'undefined-acronym': 'off', 'conflicting-definition': 'error' } },
      others: { 'file:///workspace/b.txt': '両国は南方海洋研究所(QZX)と協力する。\n' },
    });
    const diagnostics = runRules(context, 'ja').filter((d) => MY_CODES.has(d.code));
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.about} ${d.severity}`),
      ['conflicting-definition VNSC error', 'conflicting-definition QZX hint'],
    );
    assert.ok(diagnostics.every((d) => d.text === d.message.ja));
    const defaults = runRules(contextFor(text)).filter((d) => MY_CODES.has(d.code));
    assert.ok(defaults.some((d) => d.code === 'undefined-acronym' && d.severity === 'warning'));
  });
});

describe('the seeds', () => {
  test('the gold diagnostics are found, and nothing else but optional ones', () => {
    const documents = seedFiles().map((f) => analyseDocument(f, readFileSync(join(SEEDS_DIR, f), 'utf8')));
    const workspace = new WorkspaceIndex();
    for (const d of documents) workspace.set(indexEntryOf(d));
    const found: string[] = [];
    for (const document of documents)
      for (const f of findingsOf({ document, workspace, registry: builtInRegistry(), config: DEFAULT_RULE_CONFIG })) {
        const line = document.lines.positionAt(f.range.start).line;
        const seed = basename(document.uri).slice(0, 3);
        found.push(`${f.code} ${seed} ${line} ${f.about}`);
        console.log(`${f.code}\t${document.uri}\t${line}\t${f.about}\t${f.severity ?? ''}`);
      }
    const required = [
      'undefined-acronym 000 34 AZEC',
      'conflicting-definition 000 55 VNSC',
      'conflicting-definition 001 55 REDD+',
      'conflicting-definition 001 76 P4G',
      'undefined-term 004 26 両当事者',
    ];
    const optional = ['undefined-acronym 001 50 STEM', 'undefined-acronym 002 24 APEC', 'undefined-acronym 004 52 RAN'];
    for (const r of required) assert.ok(found.includes(r), `expected ${r}`);
    const extra = found.filter((f) => !required.includes(f) && !optional.includes(f));
    assert.deepEqual(extra, [], 'findings not in the gold');
  });
});

const CORPUS = join(SHARED_DIR, 'corpus', 'egov-statutes');

describe('the statutes corpus', { skip: !sharedAvailable(join('corpus', 'egov-statutes')) }, () => {
  test('counts per code (each statute its own workspace)', () => {
    const counts: Record<string, number> = {};
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));
    for (const file of files) {
      const document: AnalysedDocument = analyseDocument(file, readFileSync(join(CORPUS, file), 'utf8'));
      const workspace = new WorkspaceIndex();
      workspace.set(indexEntryOf(document));
      for (const f of findingsOf({ document, workspace, registry: builtInRegistry(), config: DEFAULT_RULE_CONFIG })) {
        counts[f.code] = (counts[f.code] ?? 0) + 1;
        console.log(`  ${f.code}\t${file}:${document.lines.positionAt(f.range.start).line}\t${f.about}`);
      }
    }
    console.log(`statutes: ${files.length}`, counts);
    // Enacted statutes are correct texts: the rules should stay nearly silent on them.
    for (const code of MY_CODES) assert.ok((counts[code] ?? 0) <= 5, `${code}: ${counts[code]} findings`);
  });
});

describe('findings a reviewer can trust on real agreements', () => {
  test('capitals that are words: preamble verbs, headings and title blocks (en02, en03, en07)', () =>
    check(
      `
      THE GOVERNMENT OF AUSTRALIA AND THE GOVERNMENT OF THE RUSSIAN FEDERATION,
      DESIRING to promote their cooperation in the use of nuclear energy;
      TAKING ACCOUNT of their support for the principles of openness;
      ARE AWARE that the meeting adopted a recommendation;
      HAVE AGREED as follows:
      Article 3
      COMMUNITIES
      The [[BOD7]] load shall be reduced.
      `,
      ['undefined-acronym BOD7'],
    ));

  test('names in capitals under a signature, with a hyphen or a (sd.) mark (en06)', () =>
    check(
      `
      Done at Paris, on 15 July 2005, in two copies.
      For the Government of the French Republic:
      PHILIPPE DOUSTE-BLAZY
      For the Government of Japan:
      (sd.) JUKIHIKO IKEDA
      `,
      [],
    ));

  test('an acronym spelled out as a name whose initials it is, or by its registry name (en05, ja02)', () => {
    check(
      `
      Agreement between the United States of America and the Union of Soviet Socialist Republics
      the USSR State Committee and the [[CPSU]].
      `,
      ['undefined-acronym CPSU'],
    );
    check('独立行政法人国際協力機構との覚書\nJICA研修員の研修履修に支障を来さないよう努める。', []);
  });

  test('media, file formats and an empty field are no findings; a typo still is (ja07, en08, en06)', () => {
    check('CSV形式等の電磁的記録媒体（CD－R等）により提供する。', []);
    check('AppendixText:\nNA\n', []);
    check('is officially registered as a [[DCM]] project under the clean development mechanism (CDM).', [
      'undefined-acronym DCM',
    ]);
  });

  test('an acronym split by a space in extraction is still spelled out (en08: (ME As))', () =>
    check('implementation of multilateral environmental agreements (ME As) to which both are parties', []));

  test('the parties and the instrument itself are defined anew in every document (ja03, ja09)', () => {
    check('法務省民事局商事課（以下「甲」という。）及び国税庁長官官房企画課（以下「乙」という。）は、合意した。', [], {
      others: {
        'file:///workspace/b.txt':
          '厚生労働省健康局（以下「甲」という。）と国税庁税務大学校（以下「乙」という。）は、本覚書を締結する。',
      },
    });
    // A term that names a thing still conflicts across documents.
    check('宇宙航空研究開発機構([[JAXA]])と協力する。', ['conflicting-definition JAXA'], {
      others: { 'file:///workspace/b.txt': '日本宇宙機関(JAXA)と協力する。' },
    });
  });
});
