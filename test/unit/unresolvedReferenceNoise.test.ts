import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { parseClauseStructure } from '../../server/src/core/structure/clauseStructure';
import { recogniseClauseReferences } from '../../server/src/core/recognise/clauseReferences';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { DEFAULT_RULE_CONFIG } from '../../server/src/core/rules/runRules';
import { unresolvedClauseReferenceRule } from '../../server/src/core/rules/unresolvedClauseReference';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';

/**
 * The statute patterns that made unresolved-clause-reference noisy on enacted laws, each
 * with a real unresolved reference beside it so that the rule is seen to still work.
 */
const findings = (text: string) =>
  unresolvedClauseReferenceRule
    .check({
      document: analyseDocument('t', text),
      workspace: new WorkspaceIndex(),
      registry: builtInRegistry(),
      config: DEFAULT_RULE_CONFIG,
    })
    .map((f) => f.about || text.slice(f.range.start, f.range.end));

const ARTICLES = '第一条　目的\n第二条　範囲\n第三条　雑則\n';

test('a law named with a definition bracket before the reference makes it external', () => {
  const text = '第一条　道路整備特別措置法（以下「旧特別措置法」という。）第四条の規定による。';
  const [reference] = recogniseClauseReferences(text, parseClauseStructure(text));
  assert.equal(reference?.external?.instrument, '道路整備特別措置法');
});

test('list members after another law’s article are not reported', () => {
  const text = `${ARTICLES}第四条　会社法第八百七十一条本文（理由の付記）、第八百七十二条（第一号に係る部分に限る。）及び第八百七十五条の規定は、適用しない。`;
  // Known gap: 第一号 inside the bracket of 第八百七十二条 is still taken for this law's item.
  assert.deepEqual(
    findings(text).filter((f) => f.startsWith('第八百')),
    [],
  );
});

test('an amending provision that consolidation has dropped is not reported', () => {
  assert.deepEqual(findings(`${ARTICLES}第四条　第十条の規定による改正前の都市計画法の規定による。`), []);
});

test('a reference to an article the text lacks is still reported', () => {
  assert.equal(findings(`${ARTICLES}第四条　第九条の規定を準用する。`).length, 1);
});

test('a reading-in (中「X」とあるのは) names the provisions of the instrument it reads', () => {
  const text = `${ARTICLES}第四条　土地収用法の規定の適用については、同法第四十七条第一項中「土地」とあるのは「特定土地」と、第四十八条第二項中「事業」とあるのは「特定事業」とする。`;
  assert.deepEqual(findings(text), []);
});

test('the bracket after a law’s name and number lists that law’s provisions', () => {
  const text = `${ARTICLES}第四条　労働組合法（昭和二十四年法律第百七十四号。第五条第二項第八号、第七条第一号ただし書及び第二十四条の二第一項を除く。）の規定は、適用する。`;
  assert.deepEqual(findings(text), []);
});

test('the members of a table’s list and the subitems of a list of subitems', () => {
  const table = `${ARTICLES}備考\n一　別表第一備考第一号及び第一号の二並びに別表第三備考第六号及び第十一号の規定は、この表の場合について準用する。`;
  assert.deepEqual(findings(table), []);
  const subitems = `第一条　目的\n一　甲\n二　乙\nイ　丙\nロ　丁\nハ　戊\n第二条　第一条第二号イ、ロ若しくはハ又は第一号の規定による。`;
  assert.deepEqual(findings(subitems), []);
});

test('同法同条 refers into the law named before it', () =>
  assert.deepEqual(
    findings(`${ARTICLES}第四条　旧増産法第十七条ノ二十二第二項、同法同条第三項において準用する。`),
    [],
  ));

test('an excerpt (its title ends in 抄) does not hold every article it cites', () => {
  assert.deepEqual(
    findings(`土地区画整理法施行法　抄\n${ARTICLES}第四条　第十二条の規定にかかわらず、なお従前の例による。`),
    [],
  );
  assert.equal(
    findings(`土地区画整理法施行法\n${ARTICLES}第四条　第十二条の規定にかかわらず、なお従前の例による。`).length,
    1,
  );
});

test('a law of circled paragraphs without articles: ② 前項 is ①', () =>
  assert.deepEqual(
    findings(
      '判事検察官俸給令\n①　年額ハ百分ノ三十ヲ加ヘタルモノトス\n②　前項ノ規定ノ適用ニ付テハ転任シタル場合ハ在職シタルモノト看做ス\n附　則\nこの法律は、公布の日から施行する。',
    ),
    [],
  ));
