import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recogniseDefinitions } from '../../server/src/core/recognise/definitions';
import { parseFixture } from '../support/fixture';

/**
 * The fixture marks the expansion and then the term of each definition with `[[…]]`, in
 * text order (for `JAXA(宇宙航空研究開発機構)` the term comes first); `forms` lists each
 * definition's form.
 */
function check(fixture: string, forms: string[]): void {
  const { text, ranges } = parseFixture(fixture);
  const definitions = recogniseDefinitions(text);
  assert.deepEqual(
    definitions.map((d) => d.form),
    forms,
  );
  const actual = definitions.flatMap((d) =>
    d.expansionRange.start < d.termRange.start ? [d.expansionRange, d.termRange] : [d.termRange, d.expansionRange],
  );
  assert.deepEqual(
    actual.map((r) => text.slice(r.start, r.end)),
    ranges.map((r) => text.slice(r.start, r.end)),
  );
  assert.deepEqual(actual, ranges);
}

describe('definitions', () => {
  test('a Japanese name with its acronym in half- and full-width brackets', () => {
    check('両者は、[[宇宙航空研究開発機構]]([[JAXA]])と[[ベトナム国家宇宙センター]]（[[VNSC]]）間の協定', [
      'acronym-after',
      'acronym-after',
    ]);
  });

  test('an acronym before its name', () => check('[[JAXA]]（[[宇宙航空研究開発機構]]）は', ['acronym-before']));

  test('an English name whose initials spell the acronym', () =>
    check('as part of the [[Asia Zero Emission Community]] ([[AZEC]]) initiative', ['acronym-after']));

  test('an English name that the initials do not spell: the capitalised run', () =>
    check('under the [[Japan-ASEAN Science, Technology, and Innovation Cooperation Project]] ([[NEXUS]]).', [
      'acronym-after',
    ]));

  test('lower-case English expansions', () =>
    check('new-generation [[official development assistance]] ([[ODA]]) for', ['acronym-after']));

  test('以下「…」という, with and without the closing full stop', () => {
    check('[[科学技術政策局により代表されるアメリカ合衆国政府]](以下「[[両者]]」という。)は', ['hereinafter']);
    check('この[[協力に関する覚書]](以下「[[MOC]]」という)は', ['hereinafter']);
    check('改正後の法人税法、[[改正後の法人税法]]（以下「[[新法]]」という。）の規定', ['hereinafter']);
  });

  test('English hereinafter and quoted terms', () => {
    check('The [[Government of Japan]] (hereinafter referred to as "[[Japan]]")', ['hereinafter']);
    check('the [[Republic of Korea]] (“[[Korea]]”) and', ['quoted-term']);
  });

  test('names crossing に関する, okurigana and spaces between scripts', () => {
    check('「[[インド太平洋に関するASEANアウトルック]]([[AOIP]])」', ['acronym-after']);
    check('[[インド太平洋経済枠組み]]([[IPEF]])など', ['acronym-after']);
    check('「[[日 ASEAN 科学技術・イノベーション協働連携事業]] ([[NEXUS]])」', ['acronym-after']);
  });

  test('terms with symbols, digits and a space', () => {
    check('[[輸出入安全管理に関する相互承認協定]]([[AEO MRA]])', ['acronym-after']);
    check('[[国連海洋法条約]]([[UNCLOS 1982]])', ['acronym-after']);
    check('[[借款契約]]（[[L/A]]）', ['acronym-after']);
    check('[[年次韓国交流プログラム]]([[Meet Korea]])', ['acronym-after']);
  });

  test('brackets that define nothing', () => {
    check(
      '会談(概要)、令和3(2021)年11月23日(火)、(約1時間50分)、(2025/04/30-11:39)、Tokyo (Japan), New York (NY City)',
      [],
    );
    check('meeting in Manhattan (New York) today', []);
  });

  test('astral kanji and CRLF before a definition keep offsets exact', () =>
    check('𠮷野\r\n[[𠮷田研究開発機構]]([[YRDA]])', ['acronym-after']));

  test('line numbers are zero-based and count CRLF once', () => {
    const [definition] = recogniseDefinitions('前文\r\n\r\n人工知能(AI)');
    assert.equal(definition?.line, 2);
  });
});
