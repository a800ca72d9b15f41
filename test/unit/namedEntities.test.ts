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
  parent?: string,
): RegistryEntry => ({
  id,
  kind,
  names: { ja, en },
  acronyms,
  country: 'JP',
  ...(parent ? { parent } : {}),
  description: { en: 'test', ja: 'テスト' },
});
const registry = new Registry([
  entry('jp.jaxa', 'agency', ['宇宙航空研究開発機構'], ['Japan Aerospace Exploration Agency'], ['JAXA']),
  entry('int.un', 'agency', ['国際連合', '国連'], ['United Nations'], ['UN']),
  entry('jp-asean.nexus', 'program', ['日ASEAN科学技術・イノベーション協働連携事業'], [], ['NEXUS']),
  entry('int.artemis', 'program', ['アルテミス'], ['Artemis'], []),
  // Bodies and their parents, for offices and names in capitals. JICA is known here without its
  // legal form, so that the tests of legal forms do not rest on the registry spelling it out.
  entry('jp.gov', 'agency', ['日本国政府'], ['Government of Japan']),
  entry('in.gov', 'agency', ['インド政府'], ['Government of the Republic of India', 'Government of India']),
  entry('jp.mofa', 'agency', ['外務省'], ['Ministry of Foreign Affairs of Japan'], ['MOFA'], 'jp.gov'),
  entry('jp.jica', 'agency', ['国際協力機構'], ['Japan International Cooperation Agency'], ['JICA'], 'jp.mofa'),
  entry('jp.mof', 'agency', ['財務省'], ['Ministry of Finance'], [], 'jp.gov'),
  entry('jp.nta', 'agency', ['国税庁'], ['National Tax Agency'], ['NTA'], 'jp.mof'),
  entry('jp.ntc', 'agency', ['税務大学校', '国税庁税務大学校'], ['National Tax College'], [], 'jp.nta'),
  entry('jp.meti', 'agency', ['経済産業省'], ['Ministry of Economy, Trade and Industry'], ['METI'], 'jp.gov'),
  entry('jp.anre', 'agency', ['資源エネルギー庁'], ['Agency for Natural Resources and Energy'], [], 'jp.meti'),
  entry('us.usaid', 'agency', [], ['United States Agency for International Development'], ['USAID']),
  entry('jp.mhlw', 'agency', ['厚生労働省'], ['Ministry of Health, Labour and Welfare'], ['MHLW'], 'jp.gov'),
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
        'agency name:jointcommitteeonscienceandtechnology',
        'instrument name:vietnam-japansocialinsuranceagreement',
        'program name:employmentforskilldevelopmentprogram',
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
    check('第6回[[日ASEAN防衛担当大臣会合]]において', ['agency name:日asean防衛担当大臣会合']));
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

/** The texts of the agencies of `text` with what each is under, `text id ⊂ parent id (parent text)`. */
function offices(text: string): string[] {
  return recogniseNamedEntities(text, recogniseDefinitions(text), registry).map(
    (e) => `${e.text} ${e.id}${e.parent ? ` ⊂ ${e.parent.id} (${e.parent.text})` : ''}`,
  );
}

describe('offices: an agency followed by its units (issue 9)', () => {
  test('units and a post make one office, under the agency', () =>
    check('[[国税庁徴収部徴収課長]]が行う。[[外務省国際協力局]]の[[JICA緒方研究所]]と[[外務省大臣官房総務課長]]', [
      'agency jp.nta/徴収部徴収課長',
      'agency jp.mofa/国際協力局',
      'agency jp.jica/緒方研究所',
      'agency jp.mofa/大臣官房総務課長',
    ]));
  test('the office knows what it is under', () =>
    assert.deepEqual(offices('国税庁徴収部徴収課長が行う。'), [
      '国税庁徴収部徴収課長 jp.nta/徴収部徴収課長 ⊂ jp.nta (国税庁)',
    ]));
  test('units the registry knows are that body, and the deepest one known is the parent', () => {
    check('[[国税庁税務大学校]]と[[経済産業省資源エネルギー庁]]', ['agency jp.ntc', 'agency jp.anre']);
    assert.deepEqual(offices('経済産業省資源エネルギー庁長官官房総務課長'), [
      '経済産業省資源エネルギー庁長官官房総務課長 jp.anre/長官官房総務課長 ⊂ jp.anre (資源エネルギー庁)',
    ]);
    // The same office written from its own agency has the same id.
    check('[[資源エネルギー庁長官官房総務課長]]', ['agency jp.anre/長官官房総務課長']);
  });
  test('posts right after the agency, and posts that begin a unit', () =>
    check('[[国税庁長官]]、[[国税庁次長]]高　嶋、[[国税庁長官官房企画課長]]　田島', [
      'agency jp.nta/長官',
      'agency jp.nta/次長',
      'agency jp.nta/長官官房企画課長',
    ]));
  test('a post after a word that qualifies it (ja01)', () =>
    check('[[厚生労働省大臣官房年金管理審議官]]を丙とし、[[厚生労働省大臣官房]]　年金管理審議官', [
      'agency jp.mhlw/大臣官房年金管理審議官',
      'agency jp.mhlw/大臣官房',
    ]));
  test('a post ends the office: the signer after it is not a unit', () =>
    check('[[国税庁課税部長]]田所', ['agency jp.nta/課税部長']));
  test('ordinary words after an agency stay out', () =>
    check(
      '[[国税庁]]が、[[国税庁]]の職員、[[国税庁]]訓令第３号、[[国税庁]]関係部局、[[国税庁]]所管、[[JICA]]研修員、[[国税庁]]署名',
      [
        'agency jp.nta',
        'agency jp.nta',
        'agency jp.nta',
        'agency jp.nta',
        'agency jp.nta',
        'agency jp.jica',
        'agency jp.nta',
      ],
    ));
  test('the okurigana of an older statute end the units', () =>
    check('[[国税庁]]ノ事務所、[[経済産業省]]令ノ定ムル所', ['agency jp.nta', 'agency jp.meti']));
  test('astral kanji, full-width letters and a line break', () => {
    check('[[国税庁𠮷野税務署長]]', ['agency jp.nta/𠮷野税務署長']);
    check('[[ＪＩＣＡ緒方研究所]]', ['agency jp.jica/緒方研究所']);
    check('[[国税庁]]\n徴収部', ['agency jp.nta']);
  });
});

describe('legal forms before a name (issue 9)', () => {
  test('the legal form is in the span, not in the identity', () =>
    check('[[独立行政法人国際協力機構]]（[[JICA]]）と[[国際協力機構]]、[[国立研究開発法人宇宙航空研究開発機構]]', [
      'agency jp.jica',
      'agency jp.jica',
      'agency jp.jica',
      'agency jp.jaxa',
    ]));
  test('a name the registry does not know is one entity with and without its legal form', () =>
    check('[[公益財団法人日本国際交流センター]]と[[日本国際交流センター]]', [
      'agency name:日本国際交流センター',
      'agency name:日本国際交流センター',
    ]));
  test('an office of a body written with its legal form', () =>
    check('[[独立行政法人国際協力機構東京センター]]', ['agency jp.jica/東京センター']));
  test('a legal form alone or before a law is no name', () => check('独立行政法人等、独立行政法人通則法', []));
});

describe('names in capitals and signature blocks (issue 9)', () => {
  test('names in capitals have the ids of their usual spelling', () =>
    check(
      'THE [[MINISTRY OF FOREIGN AFFAIRS OF JAPAN]] AND [[UNITED STATES AGENCY FOR INTERNATIONAL DEVELOPMENT]], [[Ministry of Foreign Affairs of Japan]]',
      ['agency jp.mofa', 'agency us.usaid', 'agency jp.mofa'],
    ));
  test('a preamble in capitals: the parties, not the formulas', () =>
    check(
      'THE [[GOVERNMENT OF JAPAN]] AND THE [[GOVERNMENT OF THE REPUBLIC OF INDIA]],\nDESIRING to strengthen their cooperation,\nHAVE AGREED AS FOLLOWS:\nIN WITNESS WHEREOF the undersigned',
      ['agency jp.gov', 'agency in.gov'],
    ));
  test('a name the registry does not know has one id in capitals and in lower case', () =>
    check('THE [[GOVERNMENT OF THE KINGDOM OF THAILAND]] and the [[Government of the Kingdom of Thailand]]', [
      'agency name:governmentofthekingdomofthailand',
      'agency name:governmentofthekingdomofthailand',
    ]));
  test('formulas, headings and signers in capitals are not names', () =>
    check(
      'HAVE AGREED AS FOLLOWS:\nDESIRING\nIN WITNESS WHEREOF\nPURPOSE OF THE AGREEMENT\nSESSIONS OF THE COUNCIL\n(sd.) JUKIHIKO IKEDA\nPHILIPPE DOUSTE-BLAZY',
      [],
    ));
  test('a heading names what follows `of the` (COMPOSITION OF THE …)', () =>
    check('COMPOSITION OF THE [[INTERNATIONAL TROPICAL TIMBER COUNCIL]]', [
      'agency name:internationaltropicaltimbercouncil',
    ]));
  test('a title in capitals wrapped over lines, with its parties (en03)', () => {
    const en03 =
      'AGREEMENT BETWEEN THE GOVERNMENT OF THE REPUBLIC\nOF FINLAND AND THE GOVERNMENT OF THE REPUBLIC OF\nESTONIA ON COOPERATION IN THE AREA OF WATER PROTECTION\nThe Government of the Republic of Finland and';
    assert.deepEqual(
      recogniseNamedEntities(en03, [], registry).map((e) => `${e.kind} ${e.text}`),
      [
        'instrument AGREEMENT BETWEEN THE GOVERNMENT OF THE REPUBLIC OF FINLAND AND THE GOVERNMENT OF THE REPUBLIC OF ESTONIA ON COOPERATION IN THE AREA OF WATER PROTECTION',
        'agency GOVERNMENT OF THE REPUBLIC OF FINLAND',
        'agency GOVERNMENT OF THE REPUBLIC OF ESTONIA',
        'agency Government of the Republic of Finland',
      ],
    );
  });
  test('a line that begins with an article after a whole name begins a new phrase (en07)', () =>
    check('[[MEMORANDUM OF UNDERSTANDING ON THE CONSERVATION OF MIGRATORY SHARKS]]\nTHE SIGNATORIES,', [
      'instrument name:memorandumofunderstandingontheconservationofmigratorysharks',
    ]));
  test('a run of capitals ends before a capitalised word (x13, one line)', () => {
    const x13 =
      'TRADE AGREEMENT BETWEEN THE GOVERNMENT OF JAPAN AND THE GOVERNMENT OF THE REPUBLIC OF INDIA The Government of Japan and';
    assert.deepEqual(
      recogniseNamedEntities(x13, [], registry).map((e) => `${e.kind} ${e.text} ${e.id}`),
      [
        'instrument AGREEMENT BETWEEN THE GOVERNMENT OF JAPAN AND THE GOVERNMENT OF THE REPUBLIC OF INDIA name:agreementbetweenthegovernmentofjapanandthegovernmentoftherepublicofindia',
        'agency GOVERNMENT OF JAPAN jp.gov',
        'agency GOVERNMENT OF THE REPUBLIC OF INDIA in.gov',
        'agency Government of Japan jp.gov',
      ],
    );
  });
  test('signature blocks: the agency without `For the`', () =>
    check(
      'For the [[Government of Japan]]:\n(sd.) TARO ASO\nFor the [[Government of the Republic of India]]:\nFor the [[GOVERNMENT OF DENMARK]]:\nBy the [[International Atomic Energy Agency]]:',
      [
        'agency jp.gov',
        'agency in.gov',
        'agency name:governmentofdenmark',
        'agency name:internationalatomicenergyagency',
      ],
    ));
  test('two signatures side by side are two names', () =>
    check('For the [[Government of Finland]] For the [[Government of Sweden]]', [
      'agency name:governmentoffinland',
      'agency name:governmentofsweden',
    ]));
  test('`and` between two names, and inside one', () =>
    check(
      'the [[Ministry of Foreign Affairs of Japan]] and the [[United States Agency for International Development]], the [[Ministry of Economy, Trade and Industry]], the [[Department of Science and Technology]] and the [[Food and Agriculture Organization]]',
      [
        'agency jp.mofa',
        'agency us.usaid',
        'agency jp.meti',
        'agency name:departmentofscienceandtechnology',
        'agency name:foodandagricultureorganization',
      ],
    ));
  test('a head word alone, after an article or a determiner, is no name', () =>
    check('The Council shall meet. Each Government shall notify. This Agreement enters into force.', []));
});

test('kind by suffix and the proper-name test', () => {
  assert.equal(kindBySuffix('日越大学'), 'agency');
  assert.equal(kindBySuffix('UN Convention against Cybercrime'), 'instrument');
  assert.equal(kindBySuffix('両国'), undefined);
  assert.equal(isProperName('インド太平洋経済枠組み'), true);
  assert.equal(isProperName('共同研究プロジェクト'), false);
});
