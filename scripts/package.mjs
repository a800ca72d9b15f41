#!/usr/bin/env node
// Packages the extension as agreement-annotator-<version>.vsix with @vscode/vsce, from the
// bundles in dist/ (run `npm run build` first; `npm run package` does both).
//
// Everything the extension runs is bundled by esbuild, so no node_modules go in
// (--no-dependencies); .vscodeignore names the few files that do. The marketplace page is
// docs/marketplace/README.md, a user's introduction, because the repository's README.md opens
// with developer commands. `--out PATH` writes the VSIX elsewhere (the file-list test does).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outAt = process.argv.indexOf('--out');
const out = outAt >= 0 ? process.argv[outAt + 1] : join(root, `agreement-annotator-${version}.vsix`);
// The readme's links are relative to docs/marketplace/ (so that they work on the repository's
// web pages too); vsce makes them absolute against these bases.
const base = 'https://github.com/agreement-annotator/agreement-annotator/raw/HEAD/docs/marketplace';
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const result = spawnSync(
  process.execPath,
  [
    vsce,
    'package',
    '--no-dependencies',
    '--readme-path',
    'docs/marketplace/README.md',
    '--baseImagesUrl',
    base,
    '--baseContentUrl',
    base.replace('/raw/', '/blob/'),
    '--out',
    out,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
