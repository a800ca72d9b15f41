/**
 * Issue 11, row 12: words of the text are never looked up in plain objects, whose prototype
 * answers for `toString`, `constructor`, `__proto__` and the rest. Today `toString year`
 * is a date of value `2021function toString() { [native code] }`, and
 * `5 May 2021 (constructor)` warns that "the text says undefined".
 *
 * The analysis, the rules and the hovers are run on every name of `Object.prototype` in the
 * places words of the text are looked up (month and weekday names, relative years, units of
 * clause references, kanji numerals, acronyms, country codes); no value or message may show a
 * prototype's member. `sourceInvariants.test.ts` keeps the code from indexing a plain object
 * with a text key again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { hoverAt } from '../../server/src/core/features/hover';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { DEFAULT_RULE_CONFIG, runRules } from '../../server/src/core/rules/runRules';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';

const PROTOTYPE_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  // Names of Function and Array members a table might inherit through a different prototype.
  'prototype',
  'length',
  'name',
];

/** Sentences that put a word where the recognisers look words up in a table. */
const TEMPLATES = [
  (w: string) => `${w} year the parties met.`,
  (w: string) => `5 May 2021 (${w})`,
  (w: string) => `5 ${w} 2021`,
  (w: string) => `${w} 5, 2021`,
  (w: string) => `2021年5月5日(${w})`,
  (w: string) => `第${w}条`,
  (w: string) => `前${w}`,
  (w: string) => `${w}年4月1日から施行する。`,
  (w: string) => `Article ${w} of this Agreement`,
  (w: string) => `${w}(${w}) cooperates with JICA.`,
  (w: string) => `the ${w} (“${w}”)`,
];

/** What a prototype member looks like when it leaks into a string. */
const LEAK = /undefined|\[native code\]|function |\[object |NaN/;

describe('row 12: lookups of words of the text', () => {
  test('row 12: `toString year the parties met.` has no date whose value is a function', () => {
    // The document's own date is what `this year`, `last year` are read against.
    const text = 'Joint Statement\nTokyo, 5 May 2021\n\ntoString year the parties met.\n';
    const analysis = analyseDocument('file:///t.agr', text, 0, {});
    assert.equal(analysis.documentDate?.value, '2021-05-05');
    for (const date of analysis.dates) assert.doesNotMatch(String(date.value ?? ''), LEAK, JSON.stringify(date));
  });

  test('row 12: `5 May 2021 (constructor)` does not warn that "the text says undefined"', () => {
    const analysis = analyseDocument('file:///t.agr', '5 May 2021 (constructor)\n', 0, {});
    const index = new WorkspaceIndex();
    index.set(indexEntryOf(analysis));
    const registry = builtInRegistry();
    for (const locale of ['en', 'ja'] as const) {
      const diagnostics = runRules(
        { document: analysis, workspace: index, registry, config: DEFAULT_RULE_CONFIG },
        locale,
      );
      for (const d of diagnostics) assert.doesNotMatch(d.text, LEAK, d.text);
    }
  });

  test('row 12: no prototype member leaks into a date value, a finding or a hover, for any template', () => {
    const registry = builtInRegistry();
    const leaks: string[] = [];
    for (const word of PROTOTYPE_NAMES) {
      for (const template of TEMPLATES) {
        const text = `Joint Statement\nTokyo, 5 May 2021\n\n${template(word)}\n`;
        const analysis = analyseDocument('file:///t.agr', text, 0, { registry });
        if (analysis.failures.length > 0) leaks.push(`${text.trim()}: failure ${String(analysis.failures[0]!.error)}`);
        for (const date of analysis.dates)
          if (LEAK.test(String(date.value ?? ''))) leaks.push(`${text.trim()}: date value ${String(date.value)}`);
        const index = new WorkspaceIndex();
        index.set(indexEntryOf(analysis));
        for (const locale of ['en', 'ja'] as const) {
          const diagnostics = runRules(
            { document: analysis, workspace: index, registry, config: DEFAULT_RULE_CONFIG },
            locale,
          );
          for (const d of diagnostics) if (LEAK.test(d.text)) leaks.push(`${text.trim()}: ${d.code} ${d.text}`);
          for (let offset = 0; offset < text.length; offset++) {
            const hover = hoverAt({ document: analysis, workspace: index, registry, locale }, offset);
            if (hover && LEAK.test(hover.markdown)) {
              leaks.push(`${text.trim()} @${offset} (${locale}): hover ${hover.markdown.slice(0, 120)}`);
              break;
            }
          }
        }
      }
    }
    assert.deepEqual(leaks, []);
  });
});
