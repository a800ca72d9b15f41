/**
 * The project's settings files (server/src/workspace/projectSettings.ts): values and problems
 * with file and line, bounded reads, and the lines of JSON values (jsonLocations.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { jsonValueLines, lineOfJsonError, lineOfPath } from '../../server/src/workspace/jsonLocations';
import {
  extendRegistry,
  formatSettingsProblem,
  ProblemNotifier,
  readProjectSettings,
  readRuleConfigLayer,
  readWorkspaceRegistries,
} from '../../server/src/workspace/projectSettings';
import { MAX_YAML_ALIASES, parseWorkspaceRegistry } from '../../server/src/workspace/workspaceRegistry';

function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'project-settings-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const entry = (id: string, name: string) =>
  `  - id: ${id}\n    kind: agency\n    names: { ja: [${name}], en: [] }\n    country: JP\n    description: { en: x, ja: y }\n`;

describe('jsonValueLines', () => {
  test('the line of every key and array item, at any nesting', () => {
    const text = '{\n  "a": 1,\n  "b": {\n    "c": [\n      "x",\n      {"d": null}\n    ]\n  },\n  "e\\"f": true\n}\n';
    const lines = jsonValueLines(text);
    assert.equal(lineOfPath(lines, ['a']), 1);
    assert.equal(lineOfPath(lines, ['b']), 2);
    assert.equal(lineOfPath(lines, ['b', 'c']), 3);
    assert.equal(lineOfPath(lines, ['b', 'c', 0]), 4);
    assert.equal(lineOfPath(lines, ['b', 'c', 1, 'd']), 5);
    assert.equal(lineOfPath(lines, ['e"f']), 8);
    // A path that is not there takes its nearest ancestor's line.
    assert.equal(lineOfPath(lines, ['b', 'c', 9]), 3);
    assert.equal(lineOfPath(lines, []), 0);
  });

  test('nesting 200,000 deep is read in linear time without recursion', () => {
    const text = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    assert.ok(jsonValueLines(text).size > 0);
  });

  test('the line of a JSON.parse error', () => {
    const text = '{\n  "rules": {\n    "a": "off",\n  }\n}\n';
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    assert.equal(lineOfJsonError(text, error), 3);
  });
});

describe('readRuleConfigLayer', () => {
  test('no file: an empty layer and no problem', () => {
    assert.deepEqual(readRuleConfigLayer([project({})]), { layer: {}, file: undefined, problems: [] });
  });

  test('the first root with a file wins; its problems carry file and line', () => {
    const a = project({});
    const b = project({ '.agreement/config.json': '{\n  "rules": { "invalid-date": "off" },\n  "colour": 1\n}\n' });
    const c = project({ '.agreement/config.json': '{ "rules": { "numbering-gap": "off" } }' });
    const read = readRuleConfigLayer([a, b, c]);
    assert.equal(read.file, join(b, '.agreement', 'config.json'));
    assert.deepEqual(read.layer.severities, { 'invalid-date': 'off' });
    assert.deepEqual(
      read.problems.map((p) => formatSettingsProblem(p, 'config.json')),
      [
        "config.json:3: unknown key 'colour' (known keys: rules, knownAcronyms, knownAcronymsReplaceDefaults, files, ignore)",
      ],
    );
  });

  test('an explicit file that cannot be read is an error; a found one is a warning', () => {
    const dir = project({});
    const explicit = readRuleConfigLayer([dir], { explicit: 'missing.json' });
    assert.equal(explicit.problems[0]!.severity, 'error');
    assert.equal(explicit.problems[0]!.readError, 'no such file');
    symlinkSync(join(dir, 'nowhere.json'), join(mkdirP(join(dir, '.agreement')), 'config.json'));
    const dangling = readRuleConfigLayer([dir]);
    assert.equal(dangling.problems.length, 1);
    assert.equal(dangling.problems[0]!.severity, 'warning');
    assert.match(dangling.problems[0]!.message, /cannot read the rule settings: no such file/);
  });

  test('a file over the size limit is one problem and is not parsed', () => {
    const dir = project({ '.agreement/config.json': `{ "knownAcronyms": [${'"X",'.repeat(100)} "Y"] }` });
    const read = readRuleConfigLayer([dir], { maxBytes: 100 });
    assert.deepEqual(read.layer, {});
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]!.message, /larger than the limit of 100 bytes/);
  });
});

describe('readWorkspaceRegistries', () => {
  test('every registry file of every root, in order; a later id replaces an earlier one', () => {
    const a = project({ '.agreement/registry.yaml': `entries:\n${entry('test.one', 'イチ機構')}` });
    const b = project({ '.agreement/registry.json': JSON.stringify({ entries: [] }) });
    writeFileSync(join(b, '.agreement', 'registry.yml'), `entries:\n${entry('test.one', 'ニ機構')}`);
    const read = readWorkspaceRegistries([a, b]);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.files.map((f) => f.file),
      [
        join(a, '.agreement', 'registry.yaml'),
        join(b, '.agreement', 'registry.yml'),
        join(b, '.agreement', 'registry.json'),
      ],
    );
    const registry = extendRegistry(builtInRegistry(), read);
    assert.deepEqual(registry.get('test.one')?.names.ja, ['ニ機構']);
  });

  test('a problem of a registry file is one warning with its line', () => {
    const dir = project({ '.agreement/registry.yaml': `entries:\n${entry('test.ok', 'ヨイ機構')}  - id: Bad Id\n` });
    const read = readProjectSettings([dir]);
    assert.equal(read.problems.length, 1);
    assert.equal(read.problems[0]!.line, 6);
    assert.equal(read.registry.files[0]!.entries.length, 1);
  });
});

describe('the guards of parseWorkspaceRegistry', () => {
  test(`up to ${MAX_YAML_ALIASES} aliases are fine; more is one problem`, () => {
    const anchor = 'shared: &d { en: x, ja: y }\n';
    const uses = (n: number) =>
      `${anchor}entries:\n${Array.from({ length: n }, (_, i) => `  - id: test.a${i}\n    kind: agency\n    names: { ja: [名${i}機構], en: [] }\n    country: JP\n    description: *d\n`).join('')}`;
    const fine = parseWorkspaceRegistry(uses(MAX_YAML_ALIASES - 1));
    assert.deepEqual(fine.problems, []);
    assert.equal(fine.entries.length, MAX_YAML_ALIASES - 1);
    const tooMany = parseWorkspaceRegistry(uses(MAX_YAML_ALIASES + 1));
    assert.equal(tooMany.entries.length, 0);
    assert.equal(tooMany.problems.length, 1);
    assert.match(tooMany.problems[0]!.message, /more than 1,000 YAML aliases/);
  });

  test('aliases that multiply a large list are stopped by the expanded size', () => {
    const big = `big: &b [${Array.from({ length: 2000 }, (_, i) => `n${i}`).join(', ')}]\n`;
    const text = `${big}entries:\n${Array.from({ length: 300 }, (_, i) => `  - id: test.b${i}\n    kind: agency\n    names: { ja: *b, en: [] }\n    country: JP\n    description: { en: x, ja: y }\n`).join('')}`;
    const parsed = parseWorkspaceRegistry(text);
    assert.equal(parsed.entries.length, 0);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0]!.message, /expand to more than 500,000 values/);
    assert.equal(parsed.problems[0]!.line, 4, 'the line (0-based) of the first alias');
  });
});

describe('ProblemNotifier', () => {
  test('messages without a file are shown once per appearance too, per scope', () => {
    const shown: string[] = [];
    const notifier = new ProblemNotifier((message) => shown.push(message));
    notifier.reportMessages('settings', ['a', 'b', 'a']);
    notifier.reportMessages('settings', ['a', 'b']);
    notifier.reportMessages('other', ['a']);
    notifier.reportMessages('settings', ['b']);
    notifier.reportMessages('settings', ['a', 'b']);
    assert.deepEqual(shown, ['a', 'b', 'a', 'a']);
  });
});

function mkdirP(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
