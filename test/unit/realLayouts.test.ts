import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { parseClauseStructure } from '../../server/src/core/structure/clauseStructure';
import { readLayout } from '../../server/src/core/structure/textLayout';
import { dedent } from '../support/fixture';

/**
 * The layouts of real agreements (../shared/corpus/real/), each fixture cut down from a real
 * text to the lines that matter. The tree is written one clause a line, indented by level:
 * `label=number «heading»`, `[style] «heading»` for unnumbered divisions, and `@part` after an
 * attachment's own number when it opens a part.
 */
function check(fixture: string, expectedTree: string): void {
  const text = dedent(fixture);
  const structure = parseClauseStructure(text);
  const tree = structure.clauses
    .map((c) => {
      const label = c.label ? `${c.label}=${c.normalizedNumber}` : `[${c.style}]`;
      const heading = c.heading !== undefined ? ` «${c.heading}»` : '';
      return `${'  '.repeat(c.level)}${label}${heading}`;
    })
    .join('\n');
  assert.equal(tree, dedent(expectedTree));
  for (const c of structure.clauses) {
    assert.equal(text.slice(c.labelRange.start, c.labelRange.end), c.label, 'label ranges are offsets into the text');
    assert.ok(c.range.start <= c.labelRange.start && c.labelRange.end <= c.range.end, 'the range holds the label');
  }
}

/** The blocks of the layout, one a line: `firstLine-lastLine: text` (1-based lines, as an editor shows them). */
function blocksOf(text: string): string[] {
  return readLayout(text).blocks.map((b) => `${b.firstLine + 1}-${b.lastLine + 1}: ${b.text}`);
}

/** The preamble of en02 (Australia–Russia, 2007), wrapped at about 65 characters. */
const EN02_PREAMBLE = `
  THE GOVERNMENT OF AUSTRALIA AND THE GOVERNMENT OF THE RUSSIAN
  FEDERATION, (HEREINAFTER REFERRED TO AS "THE
    PARTIES"),

  DESIRING to promote their cooperation in the use of nuclear
  energy for peaceful purposes;

  REAFFIRMING their commitment to ensure that the international
  development and the use of nuclear energy for peaceful purposes
  further the objective of the non-proliferation of nuclear
  weapons;

  MINDFUL that Australia, as a non-nuclear-weapon State, has,
  under the Treaty on the Non-Proliferation of Nuclear Weapons,
  undertaken not to manufacture or otherwise acquire nuclear weapons
  or other nuclear explosive devices and that it is party to the
  Agreement between Australia and the International Atomic Energy
  Agency for the application of safeguards in connection with the
  Treaty on the Non-Proliferation of Nuclear Weapons, concluded on 10
  July 1974 (hereinafter referred to as "the 1974 Safeguards
    Agreement");

  REAFFIRMING their support for the International Atomic
  Energy Agency safeguards system and their desire to work together to ensure its
  continued effectiveness;
`;

describe('hard-wrapped lines (text extracted from PDFs)', () => {
  // en07, the migratory sharks MOU: wrapped at about 95 characters.
  const en07 = `
    ARE AWARE that the 8th meeting to the Conference of the Parties to the Convention on the
    Conservation of Migratory Species of Wild Animals (the Convention) adopted Recommendation
    8.16 calling upon Range States of migratory sharks listed on Appendix I or II of the Convention to
    develop a global migratory sharks conservation instrument;
    RECALL that some species of migratory sharks have priority for conservation actions through
    listing on the appendices of both the Convention as well as the Convention on International Trade in
    Endangered Species of Wild Fauna and Flora (CITES);
    RECOGNIZE the critical role that migratory sharks play in marine ecosystems and local
    economies, and are concerned about the significant mortality of sharks, including those listed on
    Appendices I and II of the Convention from a range of impacts and threats including target
    fisheries, fisheries by-catch, illegal, unreported and unregulated (IUU) fishing, trophy hunting,
    marine debris, ecosystem modifications, anthropogenic disturbances, and increasing pressures on
    the marine environment due to climate change;
    HAVE REACHED THE FOLLOWING UNDERSTANDING:
    Section 1 Scope, definitions and interpretation
    1. This Memorandum of Understanding is a non-legally binding instrument under Article IV,
    paragraph 4, of the Convention, as defined by Resolution 2.6 adopted at the Second Meeting of the
    Conference of the Parties to the Convention (Geneva, 11-14 October 1988).
    2. This Memorandum of Understanding is intended to apply to all migratory species of sharks
    included in Annex 1 of this Memorandum of Understanding.
    3. For the purpose of this Memorandum of Understanding:
    d) The conservation status is considered "favourable" when all the following conditions are
    met:
    i) population dynamics data relative to appropriate biological reference points indicate
    that migratory sharks are sustainable on a long term basis as a viable component of
    their ecosystems;
    ii) the distributional range and habitats of migratory sharks are not currently being
    reduced, nor are they likely to be reduced in the future to levels that affect the
    viability of their populations in the long term; and
    iii) the abundance and structure of populations of migratory sharks remains at levels
    adequate to maintain ecosystem integrity;
    e) Conservation status will be taken as "unfavourable" if any of the conditions set out in sub
    paragraph 3. d) above are not met;
    Nothing in sub-paragraphs d) and e) will affect the obligations under the Convention for Signatories
    that are also Convention Parties with respect to species listed under Appendix II of the Convention.
    p) "Shark" means any of the migratory species, subspecies or populations in the Class
    Chondrichthyes (which includes sharks, rays, skates and chimaeras) that are included in
    Annex 1 of this Memorandum of Understanding;
    q) "Shark finning" means the practice of removing any of the fins of a shark (including the tail)
    while at sea and discarding the remainder of the shark at sea;
    Section 2 Objective
    5. The objective of this Memorandum of Understanding is to achieve and maintain a
    favourable conservation status for migratory sharks based on the best available scientific
    information, taking into account the socio-economic and other values of these species for the people
    of the Signatories.
    Annex 1: Species covered by this Memorandum of Understanding and their ranges
    Rhincodontidae Rhincodon typus
    Annex 2
    MoU regions and Advisory Committee representation
    Africa: 2
  `;

  test('a line that continues the sentence above is not a new unit, wherever it begins', () =>
    check(
      en07,
      `
      Section 1=1 «Scope, definitions and interpretation»
        1.=1
        2.=2
        3.=3
          d)=4
            i)=1
            ii)=2
            iii)=3
          e)=5
          p)=16
          q)=17
      Section 2=2 «Objective»
        5.=5
      Annex 1=1 «Species covered by this Memorandum of Understanding and their ranges»
      Annex 2=2 «MoU regions and Advisory Committee representation»
      `,
    ));

  test('the blocks a reader sees: wrapped lines joined, a unit of its own for each preamble paragraph', () => {
    const blocks = blocksOf(dedent(en07));
    assert.match(blocks[0]!, /^1-4: ARE AWARE .* adopted Recommendation 8\.16 calling upon .* instrument;$/);
    assert.match(blocks[1]!, /^5-7: RECALL /);
    assert.match(blocks[2]!, /^8-13: RECOGNIZE /);
    assert.ok(blocks.includes('14-14: HAVE REACHED THE FOLLOWING UNDERSTANDING:'));
    assert.ok(
      blocks.some((b) => /^36-38: p\) "Shark" .* included in Annex 1 of this Memorandum of Understanding;$/.test(b)),
    );
    assert.ok(
      blocks.includes('47-47: Rhincodontidae Rhincodon typus'),
      'a long heading line does not swallow the line below',
    );
  });

  test('an item that forgot its semicolon still starts the next item of its list (en04)', () =>
    check(
      `
      1.2 The functions and responsibilities of the On-Scene Coordinator will be:
      (a) To coordinate and direct measures related to the detection of polluting incidents;
      (d) To determine the facts concerning the polluting incident, including the nature, quantity and location of the pollutant, the direction and probable time of travel of the pollutant, the available resources and those required, and the potential impacts on public health an welfare and on the environment,
      (e) To determine priorities and to decide when to initiate a joint response in accordance with this Agreement;
      `,
      `
      1.2=1.2
        (a)=1
        (d)=4
        (e)=5
      `,
    ));

  test('an open quotation joins the line below (en02: (HEREINAFTER REFERRED TO AS "THE ⏎ PARTIES"))', () =>
    assert.deepEqual(blocksOf(dedent(EN02_PREAMBLE)).slice(0, 3), [
      '1-3: THE GOVERNMENT OF AUSTRALIA AND THE GOVERNMENT OF THE RUSSIAN FEDERATION, (HEREINAFTER REFERRED TO AS "THE   PARTIES"),',
      '5-6: DESIRING to promote their cooperation in the use of nuclear energy for peaceful purposes;',
      '8-11: REAFFIRMING their commitment to ensure that the international development and the use of nuclear energy for peaceful purposes further the objective of the non-proliferation of nuclear weapons;',
    ]));

  test('short lines that stop without a full stop are headings and signatures, not wrapped lines', () =>
    assert.deepEqual(
      blocksOf(
        dedent(`
        Done at San Diego on this 18 day of July, 1985 duplicate, in the English and Spanish languages, both texts being equally authentic.
        For the United States of America
        For the United Mexican States
        JOINT CONTINGENCY PLAN
        APPENDIX I
        1. On-Scene Coordinator
        `),
      ).map((b) => b.replace(/:.*/, '')),
      ['1-1', '2-2', '3-3', '4-4', '5-5', '6-6'],
    ));

  test('names and dates that run across a line break are found whole, at the offsets of the text', () => {
    const text = dedent(EN02_PREAMBLE).replace(/\n/g, '\r\n');
    const analysis = analyseDocument('en02.txt', text);
    const agencies = analysis.entities.filter((e) => e.id === 'int.iaea');
    assert.deepEqual(
      agencies.map((e) => [e.text, text.slice(e.range.start, e.range.end)]),
      [
        ['International Atomic Energy Agency', 'International Atomic Energy\r\nAgency'],
        ['International Atomic Energy Agency', 'International Atomic\r\nEnergy Agency'],
      ],
    );
    const date = analysis.dates.find((d) => d.value === '1974-07-10');
    assert.ok(date, 'the date is recognised across the line break');
    assert.equal(text.slice(date.range.start, date.range.end), '10\r\nJuly 1974');
    assert.equal(analysis.readingText.length, text.length);
  });
});

describe('an agreement on one line (en08)', () => {
  const en08 = [
    'MainText:',
    'Agreement between the Government of the United States of America and the Government of the Republic of Korea on Environmental Cooperation The Government of the United States of America and the Government of the Republic of Korea (hereinafter referred to as the "Parties"): Desiring to promote cooperation between their two countries on environmental matters, Have agreed as follows: ARTICLE 1. Objectives 1. The Parties, on the basis of equality and mutual benefit, shall promote cooperation on environmental protection. 2. The objective of this Agreement is to establish a framework for such cooperation between the Parties. ARTICLE 2. Areas of Focus 1. To advance the objective of this Agreement, the Parties shall engage in cooperative bilateral and regional activities. 2. The areas of cooperation under this Agreement may include any or all of the following, as well as additional areas that the Parties may mutually identify: a. Environmental protection and the sustainable management of natural resources through such mechanisms as: incentives; and the sharing of information on best practices; b. Development, implementation, and enforcement of laws, as described in section 2. The Parties shall cooperate; c. Implementation and enforcement of multilateral environmental agreements. ARTICLE 3 Entry Into Force This Agreement shall enter into force upon signature.',
    '',
    'AppendixText:',
    'NA',
    '',
    'AnnexText:',
    'ANNEX between the government of the united states of america ANNEX and the government of the republic of korea have agreed as follows: ANNEX 2 article 1. objectives1. the parties, on the basis of equality and mutual benefit. 2. the objective of this agreement.',
  ].join('\n');

  test('its articles and their paragraphs and items are units; the lower-case copy in its annex field is not', () =>
    check(
      en08,
      `
      ARTICLE 1=1 «Objectives»
        1.=1
        2.=2
      ARTICLE 2=2 «Areas of Focus»
        1.=1
        2.=2
          a.=1
          b.=2
          c.=3
      ARTICLE 3=3
      `,
    ));

  test('a run-in clause starts at its label, inside the line', () => {
    const structure = parseClauseStructure(en08);
    const second = structure.clauses.find((c) => c.label === '2.' && c.parent === 0)!;
    assert.equal(second.range.start, second.labelRange.start);
    assert.equal(second.startLine, 1);
    assert.ok(en08.slice(second.range.start, second.range.end).endsWith('between the Parties.'));
  });
});

describe('English treaty divisions', () => {
  test('ARTICLE I, the first paragraph on the heading line, sections, appendices, annexes and schedules', () =>
    check(
      `
      ARTICLE I
      For the purpose of this Agreement:
      (a) A 'polluting incident' means a discharge.
      Article 2. 1. The Parties shall cooperate.
      2. The Parties shall consult.
      Section 3 Scope of cooperation
      1. This section applies to all activities.
      APPENDIX I
      1. On-Scene Coordinator
      1.1 Each party will designate officials.
      Annex A - Rules of procedure
      SCHEDULE
      Tariff lines.
      `,
      `
      ARTICLE I=1
        (a)=1
      Article 2=2
        1.=1
        2.=2
      Section 3=3 «Scope of cooperation»
        1.=1
      APPENDIX I=1
        1.=1 «On-Scene Coordinator»
          1.1=1.1
      Annex A=1 «Rules of procedure»
      SCHEDULE=
      `,
    ));

  test('the statutes of a body have their own article numbering, in a part of their own', () => {
    const text = dedent(`
      Article 1
      The Parties establish the Centre.
      Article 2
      The Statutes annexed hereto form an integral part of this Agreement.
      STATUTES OF THE INTERNATIONAL CENTRE
      Article 1
      The Centre shall have legal personality.
      Article 2
      The seat of the Centre shall be in Trieste.
    `);
    check(
      text,
      `
      Article 1=1
      Article 2=2
      [attachment] «STATUTES OF THE INTERNATIONAL CENTRE»
        Article 1=1
        Article 2=2
      `,
    );
    const structure = parseClauseStructure(text);
    assert.deepEqual(
      structure.clauses.map((c) => c.part),
      [0, 0, 1, 1, 1],
    );
    assert.equal(structure.parts[1]!.kind, 'attachment');
  });

  test('a preamble ends at the first article; an appendix to an annex is part of it (x07)', () =>
    check(
      `
      PREAMBLE
      The States Parties to this Protocol,
      ARTICLE 1
      Definitions
      ANNEX II
      Conservation of Antarctic Fauna and Flora
      APPENDIX A
      Specially Protected Species
      ANNEX IV
      Prevention of Marine Pollution
      `,
      `
      [heading] «PREAMBLE»
      ARTICLE 1=1 «Definitions»
      ANNEX II=2 «Conservation of Antarctic Fauna and Flora»
        APPENDIX A=1 «Specially Protected Species»
      ANNEX IV=4 «Prevention of Marine Pollution»
      `,
    ));

  test('§ sections, and a label with no space after it (A.A new General Ruling)', () =>
    check(
      `
      § 511.205b Scope of this section.
      (a) This section applies to imports.
      § 511.206 Definitions.
      A.A new General Ruling shall be issued.
      B. The Ruling shall be published.
      `,
      `
      § 511.205b=511.205.2 «Scope of this section.»
        (a)=1
      § 511.206=511.206 «Definitions.»
        A.=1
        B.=2
      `,
    ));

  test('a division word followed by a lower-case word is running text (Annex 1 of this Memorandum)', () =>
    check(
      `
      1. The Parties agree.
      Annex 1 of this Memorandum of Understanding lists the species.
      Article 5 of the Convention applies.
      2. The Parties consult.
      `,
      `
      1.=1
      2.=2
      `,
    ));
});

describe('letters against Roman numerals', () => {
  test('(c) after (b) is the letter; (i) under it starts a Roman list; (d) closes it; (i) after (h) is the letter (en04)', () =>
    check(
      `
      (a) To coordinate;
      (b) To direct;
      (c) To authorize the use of dispersants, provided that such use:
      (i) prevents the risk of fire;
      (ii) prevents a threat to the environment; or
      (iii) appears to be the most effective method.
      (d) To determine the facts;
      (e) To determine priorities;
      (f) To notify;
      (g) To recommend;
      (h) To report;
      (i) To keep a journal;
      (j) To recommend the termination;
      `,
      `
      (a)=1
      (b)=2
      (c)=3
        (i)=1
        (ii)=2
        (iii)=3
      (d)=4
      (e)=5
      (f)=6
      (g)=7
      (h)=8
      (i)=9
      (j)=10
      `,
    ));

  test('(c) with no space before its text is still the letter', () =>
    check('(a)books;\n(b)records;\n(c)films, tapes and discs.', '(a)=1\n(b)=2\n(c)=3'));

  test('capitals with a full stop: Roman or letter by the list, and a name’s initials are no label', () =>
    check(
      `
      I. Purpose
      II. Scope
      For the Union of Soviet Socialist Republics:
      L. I. Brezhnev
      C. Other matters
      A. First
      B. Second
      C. Third
      `,
      `
      I.=1 «Purpose»
      II.=2 «Scope»
        A.=1 «First»
        B.=2 «Second»
        C.=3 «Third»
      `,
    ));
});

describe('Japanese lists and attachments', () => {
  test('katakana items in gojūon order, nested 一 › １ › (1) › ア as a 通達 nests them', () =>
    check(
      `
      一　総則
      １　目的
      (1)　対象
      ア　申請者
      イ　代理人
      ウ　相続人
      (2)　範囲
      ２　定義
      二　手続
      `,
      `
      一=1 «総則»
        １=1 «目的»
          (1)=1 «対象»
            ア=1 «申請者»
            イ=2 «代理人»
            ウ=3 «相続人»
          (2)=2 «範囲»
        ２=2 «定義»
      二=2 «手続»
      `,
    ));

  test('statutes keep iroha order and fixed ranks', () =>
    check(
      `
      第一条　この法律は、次に掲げる日から施行する。
      一　次に掲げる規定
      イ　第二条の規定
      ロ　第三条の規定
      ２　前項の規定は、適用しない。
      `,
      `
      第一条=1
        一=1 «次に掲げる規定»
          イ=1 «第二条の規定»
          ロ=2 «第三条の規定»
        ２=2
      `,
    ));

  test('記 and 以上 mark a list; 第一 and 第二 are divisions; 別紙 and 様式 are attachments', () =>
    check(
      `
      下記のとおり確認する。
      記
      第一　基本方針
      １　本情報提供は、次のとおり行う。
      第二　機密保持
      以上
      【別紙１】
      法令一覧
      - 厚生年金保険法
      様式第１号
      `,
      `
      第一=1 «基本方針»
        １=1
      第二=2 «機密保持»
      別紙１=1 «法令一覧»
      様式第１号=1
      `,
    ));

  test('a 要領 attached after the signatures has its own chapters and articles, in a part of its own (ja01)', () => {
    const text = dedent(`
      第１条　本協定は、目的を定める。
      第２条　本協定の有効期間は、一年とする。
      ２　前項の規定は、適用しない。
      平成29年12月１日
      甲　日本年金機構　理事長
      【別紙１】
      法令一覧
      【別添】
      国税委任業務に係る社会保険オンラインシステム窓口装置使用要領
      目次
      第１章　総則（第１条）
      第２章　その他（第２条）
      第１章　総則
      （目的）
      第１条　この要領は、協定の実施の細目について定める。
      第２章　その他
      第２条　前条の規定は、準用する。
      （別表１）
      国税局対応表
    `);
    check(
      text,
      `
      第１条=1
      第２条=2
        ２=2
      別紙１=1 «法令一覧»
      別添= «国税委任業務に係る社会保険オンラインシステム窓口装置使用要領»
        [toc] «目次»
        第１章=1 «総則»
          第１条=1 «目的»
        第２章=2 «その他»
          第２条=2
      別表１=1 «国税局対応表»
      `,
    );
    const structure = parseClauseStructure(text);
    const parts = structure.clauses.filter((c) => c.label === '第１条').map((c) => c.part);
    assert.deepEqual(parts, [0, 2], 'the two 第１条 are in different parts');
  });

  test('official document numbers and file notes are not clauses', () =>
    check(
      `
      健発0622第８号
      入管庁管第2590号
      カ管委第104号
      - 様式１　窓口装置等貸与申請書(PDF/45KB)
      １　基本方針
      `,
      `
      １=1 «基本方針»
      `,
    ));
});
