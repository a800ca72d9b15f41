import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recogniseDefinitions } from '../../server/src/core/recognise/definitions';
import { isProperName, kindBySuffix, recogniseNamedEntities } from '../../server/src/core/recognise/namedEntities';
import { Registry, type RegistryEntry } from '../../server/src/core/registry/registry';
import { parseFixture } from '../support/fixture';

/** A small registry of our own, so that these tests do not move when the built-in data grows. */
const entry = (
  id: string,
  kind: RegistryEntry['kind'],
  ja: string[],
  en: string[],
  acronyms: string[] = [],
): RegistryEntry => ({
  id,
  kind,
  names: { ja, en },
  acronyms,
  country: 'JP',
  description: { en: 'test', ja: 'テスト' },
});
const registry = new Registry([
  entry('jp.jaxa', 'agency', ['宇宙航空研究開発機構'], ['Japan Aerospace Exploration Agency'], ['JAXA']),
  entry('int.un', 'agency', ['国際連合', '国連'], ['United Nations'], ['UN']),
  entry('jp-asean.nexus', 'program', ['日ASEAN科学技術・イノベーション協働連携事業'], [], ['NEXUS']),
  entry('int.artemis', 'program', ['アルテミス'], ['Artemis'], []),
]);

/**
 * Marks each expected entity with `[[…]]`; `expected` gives `kind id` for each, in order
 * (`agency jp.jaxa`, `instrument name:…`, `program acronym:AZEC`).
 */
function check(fixture: string, expected: string[], itemBodyStart?: number): void {
  const { text, ranges } = parseFixture(fixture);
  const itemBodies = itemBodyStart === undefined ? [] : [{ start: itemBodyStart, end: text.length }];
  const entities = recogniseNamedEntities(text, recogniseDefinitions(text), registry, { itemBodies });
  assert.deepEqual(
    entities.map((e) => e.text),
    ranges.map((r) => text.slice(r.start, r.end)),
  );
  assert.deepEqual(
    entities.map((e) => e.range),
    ranges,
  );
  assert.deepEqual(
    entities.map((e) => `${e.kind} ${e.id}`),
    expected,
  );
}

describe('names from the registry', () => {
  test('full names and acronyms share the entry id', () =>
    check('[[宇宙航空研究開発機構]]([[JAXA]])と[[Japan Aerospace Exploration Agency]]、[[ＪＡＸＡ]]', [
      'agency jp.jaxa',
      'agency jp.jaxa',
      'agency jp.jaxa',
      'agency jp.jaxa',
    ]));
  test('spaces between scripts do not prevent a match', () =>
    check('「[[日 ASEAN 科学技術・イノベーション協働連携事業]] ([[NEXUS]])」と[[NEXUS]] プログラム', [
      'program jp-asean.nexus',
      'program jp-asean.nexus',
      'program jp-asean.nexus',
    ]));
  test('an acronym inside a longer Latin word is not a mention', () =>
    check('UNESCO, FUND, [[UN]]; [[国連]]の', ['agency int.un', 'agency int.un']));
  test('a known program followed by generic words is the program', () =>
    check('[[アルテミス]]月面探査ミッション', ['program int.artemis']));
});

describe('names from definitions', () => {
  test('an acronym the registry does not know links to its expansion', () =>
    check('[[ベトナム宇宙センター]]([[VNSC]])と協力し、[[VNSC]]は', [
      'agency acronym:VNSC',
      'agency acronym:VNSC',
      'agency acronym:VNSC',
    ]));
  test('an acronym of a common noun names no entity', () => check('開発業務受託機関 (CRO) や研究機関', []));
});

describe('names by their form', () => {
  test('Japanese suffixes give the kind', () =>
    check(
      '[[ハノイ工科大学]]と[[ベトナム・韓国合同貿易委員会]]、[[ヤング・リーダーズ・プログラム]]、[[日越防衛装備品・技術移転協定]]',
      [
        'agency name:ハノイ工科大学',
        'agency name:ベトナム・韓国合同貿易委員会',
        'program name:ヤング・リーダーズ・プログラム',
        'instrument name:日越防衛装備品・技術移転協定',
      ],
    ));
  test('ministries have three-character names', () =>
    check('[[総務省]]と[[防衛省]]の省令', ['agency name:総務省', 'agency name:防衛省']));
  test('a quoted title is an instrument whatever precedes it', () =>
    check('両国の「[[衛星データ交換に関する協定]]」の推進', ['instrument name:衛星データ交換に関する協定']));
  test('a subject joined by に関する belongs to a committee or instrument name', () =>
    check('[[国防産業・後方支援産業に関する合同委員会]]を再開', [
      'agency name:国防産業・後方支援産業に関する合同委員会',
    ]));
  test('treaty titles include their parties, which are agencies of their own inside them', () => {
    const text = '日本国政府とベトナム社会主義共和国政府との間の社会保障に関する協定の';
    assert.deepEqual(
      recogniseNamedEntities(text, [], registry).map((e) => `${e.kind} ${e.text}`),
      [
        'instrument 日本国政府とベトナム社会主義共和国政府との間の社会保障に関する協定',
        'agency 日本国政府',
        'agency ベトナム社会主義共和国政府',
      ],
    );
  });
  test('an English title names its parties and its topic (en02, en04)', () => {
    const en02 =
      'Agreement between the Government of Australia and the Government of the Russian Federation on Cooperation in the Use of Nuclear Energy for Peaceful Purposes\n';
    assert.deepEqual(
      recogniseNamedEntities(en02, [], registry).map((e) => `${e.kind} ${e.text}`),
      [
        'instrument Agreement between the Government of Australia and the Government of the Russian Federation on Cooperation in the Use of Nuclear Energy for Peaceful Purposes',
        'agency Government of Australia',
        'agency Government of the Russian Federation',
      ],
    );
    const en04 =
      'Agreement Of Cooperation Between The United States Of America And The United Mexican States Regarding Pollution Of The Environment\n';
    assert.deepEqual(
      recogniseNamedEntities(en04, [], registry).map((e) => `${e.kind} ${e.text}`),
      [
        'instrument Agreement Of Cooperation Between The United States Of America And The United Mexican States Regarding Pollution Of The Environment',
      ],
    );
  });
  test('English forms', () =>
    check(
      'the [[Joint Committee on Science and Technology]] and the [[Vietnam-Japan Social Insurance Agreement]] under [[Employment for Skill Development Program]]',
      [
        'agency name:JointCommitteeonScienceandTechnology',
        'instrument name:Vietnam-JapanSocialInsuranceAgreement',
        'program name:EmploymentforSkillDevelopmentProgram',
      ],
    ));
  test('generic nouns and particles are not names', () =>
    check(
      '研究機関、関係機関、大規模プロジェクト、本協定、同委員会、行政庁、都道府県、省令、防衛当局、国土交通省令',
      [],
    ));
  test('statute labels and katakana particles end a name', () =>
    check('２　[[国土交通省]]ハ土砂ノ崩壊ニ対処スル事業', ['agency name:国土交通省']));
  test('an ordinal before a meeting is not part of its name', () =>
    check('第6回[[日ASEAN防衛担当大臣会合]]において', ['agency name:日ASEAN防衛担当大臣会合']));
  test('the title that makes up a whole list item', () =>
    check(
      '3. [[災害に対して強靱な農村開発計画に関する借款契約]]（[[L/A]]）',
      [
        'instrument name:災害に対して強靱な農村開発計画に関する借款契約',
        'instrument name:災害に対して強靱な農村開発計画に関する借款契約',
      ],
      3,
    ));
});

test('kind by suffix and the proper-name test', () => {
  assert.equal(kindBySuffix('日越大学'), 'agency');
  assert.equal(kindBySuffix('UN Convention against Cybercrime'), 'instrument');
  assert.equal(kindBySuffix('両国'), undefined);
  assert.equal(isProperName('インド太平洋経済枠組み'), true);
  assert.equal(isProperName('共同研究プロジェクト'), false);
});
