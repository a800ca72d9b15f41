import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { REPO_ROOT } from '../support/paths';

/**
 * Tokenises lines with the real TextMate engine VS Code uses, and checks which text gets
 * which scope. `[[…]]` in a line marks the text expected to carry `scope`.
 */
let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      textmate.parseRawGrammar(
        readFileSync(join(REPO_ROOT, 'syntaxes', 'agreement.tmLanguage.json'), 'utf8'),
        'agreement.tmLanguage.json',
      ),
  });
  const loaded = await registry.loadGrammar('text.agreement');
  assert.ok(loaded);
  grammar = loaded;
});

function check(marked: string, scope: string): void {
  const line = marked.replace(/\[\[|\]\]/g, '');
  const expected: string[] = [];
  for (const m of marked.matchAll(/\[\[(.*?)\]\]/g)) expected.push(m[1]!);
  const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
  const found: string[] = [];
  let current = '';
  for (const token of tokens) {
    const text = line.slice(token.startIndex, token.endIndex);
    if (token.scopes.some((s) => s.startsWith(scope))) current += text;
    else if (current) {
      found.push(current);
      current = '';
    }
  }
  if (current) found.push(current);
  assert.deepEqual(found, expected, `scopes of ${line}`);
}

describe('TextMate grammar', () => {
  const LABEL = 'entity.name.section.clause-label';
  test('clause labels', () => {
    check('[[第五条の二]]　この法律は…', LABEL);
    check('[[1.]] 科学技術', LABEL);
    check('  [[1.]]  総論', LABEL);
    check('[[IV.]] 修正及び中止', LABEL);
    check('[[（１）]]第一', LABEL);
    check('[[２]]　前項の規定は', LABEL);
    check('[[Article 5]] Scope', LABEL);
    check('2023年11月の声明', LABEL);
    check('1.5倍', LABEL);
  });
  test('dates', () => {
    check('[[令和3(2021)年11月23日(火)]]15時00分', 'constant.numeric.date');
    check('[[2026年5月2日]]、首脳会談', 'constant.numeric.date');
    check('signed on [[April 28, 2025]] and [[2025/04/30]]', 'constant.numeric.date');
    check('[[本年9月]]の会談', 'constant.numeric.date');
  });
  test('quoted titles and clause references', () => {
    check('の[[「衛星データ交換に関する協定」]]の推進', 'string.quoted');
    check('[[前条]]の規定により[[第三条第一項]]を', 'markup.underline.link.clause-reference');
  });
});
