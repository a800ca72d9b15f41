/**
 * The VSIX ships what the extension runs and nothing else: the bundled client and server, the
 * grammar and language configuration, the two schemas VS Code validates project files with,
 * the rule pages diagnostics link to, the translations, the icon, licence, changelog and the
 * user-facing readme — no sources, tests, seeds, source maps or node_modules. The test packages
 * the extension from the current dist/ (`npm run build` first) into a temporary folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/paths';
import { zipEntries } from '../support/zipEntries';

test('the VSIX holds only the bundled extension and what it needs', () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'server.js')), 'run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'agreement-vsix-'));
  try {
    const vsix = join(dir, 'test.vsix');
    const run = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const entries = zipEntries(vsix);
    const rules = entries.filter((e) => e.startsWith('extension/docs/rules/'));
    assert.equal(rules.length, 12, 'one page per rule');
    assert.deepEqual(
      entries.filter((e) => !e.startsWith('extension/docs/rules/')),
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/LICENSE.txt',
        'extension/changelog.md',
        'extension/dist/extension.js',
        'extension/dist/server.js',
        'extension/images/icon.png',
        'extension/l10n/bundle.l10n.ja.json',
        'extension/language-configuration.json',
        'extension/package.json',
        'extension/package.nls.ja.json',
        'extension/package.nls.json',
        'extension/readme.md',
        'extension/server/src/core/registry/registry.schema.json',
        'extension/server/src/core/rules/config.schema.json',
        'extension/syntaxes/agreement.tmLanguage.json',
      ],
    );
    for (const entry of entries) {
      assert.doesNotMatch(entry, /\.map$|\.ts$|node_modules|\/seeds\/|\/test\//, entry);
    }
    assert.ok(statSync(vsix).size < 2_000_000, `the VSIX is ${statSync(vsix).size} bytes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every file package.json points to is shipped', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    main: string;
    icon: string;
    contributes: {
      grammars: { path: string }[];
      languages: { configuration: string }[];
      jsonValidation: { url: string }[];
      yamlValidation: { url: string }[];
    };
  };
  const ignore = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8');
  const shipped = new Set([...ignore.matchAll(/^!(.+)$/gm)].map((m) => m[1]!.trim()));
  const referenced = [
    pkg.main,
    pkg.icon,
    ...pkg.contributes.grammars.map((g) => g.path),
    ...pkg.contributes.languages.map((l) => l.configuration),
    ...pkg.contributes.jsonValidation.map((v) => v.url),
    ...pkg.contributes.yamlValidation.map((v) => v.url),
  ].map((p) => p.replace(/^\.\//, ''));
  for (const path of referenced) {
    assert.ok(existsSync(join(REPO_ROOT, path)), `${path} does not exist`);
    assert.ok(shipped.has(path), `${path} is not named in .vscodeignore`);
  }
});
