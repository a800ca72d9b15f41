import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/paths';

/**
 * The layering invariants of ARCHITECTURE.md, checked on the sources: the analysis core
 * imports nothing outside itself but Node's pure modules and the data it ships, and no
 * editor, protocol or file-system package.
 */
const CORE = join(REPO_ROOT, 'server', 'src', 'core');
const ALLOWED_PACKAGES = new Set<string>([]);
const FORBIDDEN_NODE = new Set([
  'node:fs',
  'fs',
  'node:child_process',
  'child_process',
  'node:net',
  'net',
  'node:http',
  'http',
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

test('the analysis core imports only itself', () => {
  const problems: string[] = [];
  for (const file of sources(CORE)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
      const specifier = match[1]!;
      const where = relative(REPO_ROOT, file);
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(CORE)) problems.push(`${where} imports ${specifier}, outside the core`);
      } else if (FORBIDDEN_NODE.has(specifier)) {
        problems.push(`${where} imports ${specifier}: the core does no I/O`);
      } else if (!specifier.startsWith('node:') && !ALLOWED_PACKAGES.has(specifier)) {
        problems.push(`${where} imports the package ${specifier}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
