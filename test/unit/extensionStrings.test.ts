/**
 * The extension's translations: every string the client passes to `vscode.l10n.t` has a
 * Japanese entry in l10n/bundle.l10n.ja.json (and no entry is left over), and every `%key%`
 * of package.json has an English and a Japanese text in package.nls*.json.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/paths';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The first argument of every `l10n.t(…)` call, a string literal in single quotes. */
function runtimeStrings(): Set<string> {
  const strings = new Set<string>();
  for (const name of readdirSync(join(REPO_ROOT, 'client', 'src'))) {
    const source = read(join('client', 'src', name));
    for (const m of source.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) strings.add(m[1]!.replace(/\\'/g, "'"));
    // A call whose first argument is not a literal could not be translated.
    for (const m of source.matchAll(/l10n\.t\(\s*([^'\s])/g)) assert.fail(`${name}: l10n.t(${m[1]}… is not a literal`);
  }
  return strings;
}

test('every runtime string of the client has a Japanese translation, and nothing more', () => {
  const used = runtimeStrings();
  assert.ok(used.size > 20);
  const bundle = JSON.parse(read('l10n/bundle.l10n.ja.json')) as Record<string, string>;
  assert.deepEqual(
    [...used].filter((s) => !(s in bundle)),
    [],
    'strings without a translation',
  );
  assert.deepEqual(
    Object.keys(bundle).filter((s) => !used.has(s)),
    [],
    'translations of strings no longer used',
  );
  for (const [en, ja] of Object.entries(bundle)) {
    const placeholders = (s: string) => [...s.matchAll(/\{\d\}/g)].map((m) => m[0]).sort();
    assert.deepEqual(placeholders(ja), placeholders(en), `the placeholders of “${en}”`);
  }
});

test('every %key% of package.json is in package.nls.json and package.nls.ja.json', () => {
  const keys = new Set([...read('package.json').matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!));
  assert.ok(keys.size > 20);
  for (const file of ['package.nls.json', 'package.nls.ja.json']) {
    const nls = JSON.parse(read(file)) as Record<string, string>;
    assert.deepEqual(
      [...keys].filter((k) => !(k in nls)),
      [],
      `keys missing from ${file}`,
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !keys.has(k)),
      [],
      `keys of ${file} that package.json does not use`,
    );
  }
});

test('every command is in the Agreement category and every setting has a markdownDescription', () => {
  const pkg = JSON.parse(read('package.json')) as {
    contributes: {
      commands: { command: string; category?: string }[];
      configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
    };
  };
  for (const command of pkg.contributes.commands)
    assert.equal(command.category, '%command.category%', `${command.command} has no category`);
  for (const [key, setting] of Object.entries(pkg.contributes.configuration.properties)) {
    assert.ok(setting.markdownDescription, `${key} has no markdownDescription`);
    assert.equal(setting.description, undefined, `${key} has a plain description`);
  }
});
