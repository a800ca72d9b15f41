import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { codeActionsFor, type TextEdit } from '../../server/src/core/features/codeActions';
import { addIgnoreEdit, addKnownAcronymEdit, configChangeEdit } from '../../server/src/workspace/projectConfigEdits';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { mergeRuleConfig, parseRuleConfig, ruleConfigForFile } from '../../server/src/core/rules/ruleConfig';
import { DEFAULT_RULE_CONFIG, runRules } from '../../server/src/core/rules/runRules';
import type { RuleConfig } from '../../server/src/core/rules/ruleTypes';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { matchesGlobs } from '../../server/src/workspace/fileDiscovery';

/**
 * Issue 9, "a way out for the reviewer": an `ignore` list in `.agreement/config.json` (rule +
 * text, rule + file globs) honoured by the engine, and quick fixes that edit that file.
 */

const TEXT = '1. The DCM project and the ABC programme.\n2. See paragraph 9.\n';

function codes(config: RuleConfig, text = TEXT): string[] {
  const document = analyseDocument('file:///p/texts/a.txt', text);
  const workspace = new WorkspaceIndex();
  workspace.set(indexEntryOf(document));
  return runRules({ document, workspace, registry: builtInRegistry(), config }).map((d) => `${d.code}:${d.about}`);
}

const apply = (text: string, edits: readonly TextEdit[]) =>
  [...edits].reverse().reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);

describe('the ignore list', () => {
  test('is validated entry by entry: a bad entry is reported and the good ones kept', () => {
    const parsed = parseRuleConfig(
      {
        ignore: [
          { rule: 'undefined-acronym', text: 'DCM' },
          { rule: 'unresolved-clause-reference', files: 'archive/**' },
          { rule: 'no-such-rule', text: 'X' },
          { rule: 'numbering-gap' },
          { rule: 'undefined-acronym', text: 'X', because: 'reasons' },
          'DCM',
        ],
      },
      'config.json',
    );
    assert.deepEqual(parsed.config.ignore, [
      { rule: 'undefined-acronym', text: 'DCM' },
      { rule: 'unresolved-clause-reference', files: ['archive/**'] },
    ]);
    assert.deepEqual(
      parsed.located.map((p) => p.path),
      [
        ['ignore', 2, 'rule'],
        ['ignore', 3],
        ['ignore', 4, 'because'],
        ['ignore', 5],
      ],
    );
    assert.match(parsed.problems[1]!, /neither a text nor files.*"rules": \{ "numbering-gap": "off" \}/);
  });

  test('rule + text drops that finding and no other', () => {
    const before = codes(DEFAULT_RULE_CONFIG);
    assert.ok(before.includes('undefined-acronym:DCM') && before.includes('undefined-acronym:ABC'), before.join());
    const merged = mergeRuleConfig(DEFAULT_RULE_CONFIG, { ignore: [{ rule: 'undefined-acronym', text: 'DCM' }] });
    const after = codes(ruleConfigForFile(merged, 'texts/a.txt', matchesGlobs));
    assert.deepEqual(
      after,
      before.filter((c) => c !== 'undefined-acronym:DCM'),
    );
  });

  test('rule + files switches the rule off in the matching files only', () => {
    const merged = mergeRuleConfig(DEFAULT_RULE_CONFIG, {
      ignore: [{ rule: 'undefined-acronym', files: ['texts/**'] }],
    });
    assert.ok(
      !codes(ruleConfigForFile(merged, 'texts/a.txt', matchesGlobs)).some((c) => c.startsWith('undefined-acronym')),
    );
    assert.ok(
      codes(ruleConfigForFile(merged, 'other/a.txt', matchesGlobs)).some((c) => c.startsWith('undefined-acronym')),
    );
    // Windows paths match the same globs.
    assert.ok(
      !codes(ruleConfigForFile(merged, 'texts\\a.txt', matchesGlobs)).some((c) => c.startsWith('undefined-acronym')),
    );
  });

  test('rule + text + files drops the text in the matching files only', () => {
    const merged = mergeRuleConfig(DEFAULT_RULE_CONFIG, {
      ignore: [{ rule: 'undefined-acronym', text: 'ABC', files: ['texts/*.txt'] }],
    });
    assert.ok(!codes(ruleConfigForFile(merged, 'texts/a.txt', matchesGlobs)).includes('undefined-acronym:ABC'));
    assert.ok(codes(ruleConfigForFile(merged, 'elsewhere/a.txt', matchesGlobs)).includes('undefined-acronym:ABC'));
  });

  test('entries of every layer add up', () => {
    const merged = mergeRuleConfig(
      DEFAULT_RULE_CONFIG,
      { ignore: [{ rule: 'undefined-acronym', text: 'DCM' }] },
      { ignore: [{ rule: 'undefined-acronym', text: 'ABC' }] },
    );
    assert.equal(merged.ignoreEntries.length, 2);
  });
});

describe('quick fixes that edit .agreement/config.json', () => {
  const CONFIG_URI = 'file:///p/.agreement/config.json';

  test('add an acronym to knownAcronyms: a new file, an existing list, a file without the key', () => {
    const created = addKnownAcronymEdit({ uri: CONFIG_URI, text: undefined }, 'DCM')!;
    assert.equal(created.create, true);
    assert.deepEqual(JSON.parse(apply('', created.edits)), { knownAcronyms: ['DCM'] });
    const existing = '{\n  "rules": { "numbering-gap": "off" },\n  "knownAcronyms": ["JICA"]\n}\n';
    const added = apply(existing, addKnownAcronymEdit({ uri: CONFIG_URI, text: existing }, 'DCM')!.edits);
    assert.deepEqual(JSON.parse(added), { rules: { 'numbering-gap': 'off' }, knownAcronyms: ['JICA', 'DCM'] });
    assert.ok(added.startsWith('{\n  "rules": { "numbering-gap": "off" },'), 'the other keys keep their layout');
    assert.equal(addKnownAcronymEdit({ uri: CONFIG_URI, text: added }, 'DCM'), undefined, 'already known');
  });

  test('a broken file is never rewritten', () => {
    assert.equal(addKnownAcronymEdit({ uri: CONFIG_URI, text: '{ "knownAcronyms": [' }, 'DCM'), undefined);
    assert.equal(addIgnoreEdit({ uri: CONFIG_URI, text: '[1, 2]' }, 'undefined-acronym', 'DCM'), undefined);
  });

  test('the actions are offered for the finding under the cursor, and ignoring one really drops it', () => {
    const document = analyseDocument('file:///p/texts/a.txt', TEXT);
    const workspace = new WorkspaceIndex();
    workspace.set(indexEntryOf(document));
    const all = runRules({ document, workspace, registry: builtInRegistry(), config: DEFAULT_RULE_CONFIG });
    const dcm = all.filter((d) => d.about === 'DCM');
    const actions = codeActionsFor(document, all, dcm, 'en', true);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Add DCM to the project's known acronyms (.agreement/config.json)"), titles.join('\n'));
    const ignore = actions.find((a) => a.title.startsWith('Ignore undefined-acronym for “DCM”'))!;
    const edit = configChangeEdit({ uri: CONFIG_URI, text: '{}\n' }, ignore.configChange!)!;
    assert.equal(edit.uri, CONFIG_URI);
    const config = JSON.parse(apply('{}\n', edit.edits)) as unknown;
    const layer = parseRuleConfig(config, 'config.json').config;
    const merged = mergeRuleConfig(DEFAULT_RULE_CONFIG, layer);
    assert.ok(!codes(ruleConfigForFile(merged, 'texts/a.txt', matchesGlobs)).includes('undefined-acronym:DCM'));
    // Unless the caller can edit the project's configuration, nothing of the kind is offered.
    assert.ok(!codeActionsFor(document, all, dcm, 'en').some((a) => a.configChange));
  });
});
