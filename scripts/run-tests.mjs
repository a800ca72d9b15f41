#!/usr/bin/env node
// Runs every `*.test.ts` under test/ (except the VS Code suite, which needs an editor) with
// Node's built-in test runner, loading TypeScript through tsx. Node 20's `--test` does not
// expand globs itself, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const skipDirs = new Set(['vscode', 'fixtures', 'snapshots', 'node_modules']);

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skipDirs.has(name)) found.push(...collect(path));
    } else if (name.endsWith('.test.ts')) {
      found.push(relative(root, path));
    }
  }
  return found;
}

const files = collect(join(root, 'test')).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
