import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_AGREEMENT_GLOBS,
  findAgreementFiles,
  findAgreementFilesSync,
  matchesAgreementGlobs,
} from '../../server/src/workspace/fileDiscovery';

/** Creates the files (paths with `/`) under a new temporary directory; returns its real path. */
function tree(files: readonly string[]): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'file-discovery-')));
  for (const file of files) {
    const path = join(root, ...file.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'Article 1.\n');
  }
  return root;
}

const rel = (root: string, files: readonly string[]): string[] =>
  files.map((file) => relative(root, file).split(sep).join('/'));

const WORKSPACE = [
  'a.agr',
  'b.agreement',
  'c.agreement.txt',
  'notes.txt',
  'README.md',
  'UPPER.AGR',
  '.hidden.agr',
  'a-b/x.agr',
  'a/z.agr',
  'a/deep/er/still/y.agreement',
  'node_modules/pkg/n.agr',
  'sub/node_modules/n.agr',
  '.git/objects/g.agr',
  '.vscode/v.agr',
  'drafts/d.agr',
  'drafts/old/e.agr',
];

describe('findAgreementFiles', () => {
  test('finds agreement files by the default globs, sorted, skipping node_modules and dot-directories', async () => {
    const root = tree(WORKSPACE);
    const result = await findAgreementFiles(root);
    assert.equal(result.truncated, false);
    assert.deepEqual(result.unreadable, []);
    assert.ok(result.files.every((file) => file.startsWith(root + sep)));
    // Code-unit order, segment by segment: upper case first, `a/…` before `a-b/…` before `a.agr`.
    assert.deepEqual(rel(root, result.files), [
      'UPPER.AGR',
      'a/deep/er/still/y.agreement',
      'a/z.agr',
      'a-b/x.agr',
      'a.agr',
      'b.agreement',
      'c.agreement.txt',
      'drafts/d.agr',
      'drafts/old/e.agr',
    ]);
  });

  test('the synchronous walk gives the same answer', async () => {
    const root = tree(WORKSPACE);
    const options = { include: ['**/*.agr', '**/*.txt'], exclude: ['**/old'] };
    assert.deepEqual(findAgreementFilesSync(root, options), await findAgreementFiles(root, options));
  });

  test('include and exclude globs; an excluded directory is not entered', async () => {
    const root = tree(WORKSPACE);
    const result = await findAgreementFiles(root, { include: ['**/*.agr', '**/*.txt'], exclude: ['drafts/**'] });
    assert.deepEqual(rel(root, result.files), [
      'UPPER.AGR',
      'a/z.agr',
      'a-b/x.agr',
      'a.agr',
      'c.agreement.txt',
      'notes.txt',
    ]);
    const noOld = await findAgreementFiles(root, { include: ['drafts/**/*.agr'], exclude: ['**/old'] });
    assert.deepEqual(rel(root, noOld.files), ['drafts/d.agr']);
  });

  test('an empty include list means the default globs', async () => {
    const root = tree(['a.agr', 'b.txt']);
    assert.deepEqual(rel(root, (await findAgreementFiles(root, { include: [] })).files), ['a.agr']);
  });

  test('does not follow symlinked directories (no cycles), but does take symlinked files', async () => {
    const root = tree(['docs/a.agr', 'other/b.agr']);
    symlinkSync(root, join(root, 'docs', 'loop'), 'dir'); // docs/loop → root: a cycle
    symlinkSync(join(root, 'other'), join(root, 'linked-other'), 'dir');
    symlinkSync(join(root, 'docs', 'a.agr'), join(root, 'alias.agr'), 'file');
    symlinkSync(join(root, 'missing.agr'), join(root, 'broken.agr'), 'file');
    symlinkSync('self.agr', join(root, 'self.agr'), 'file'); // a link to itself
    const result = await findAgreementFiles(root);
    assert.equal(result.truncated, false);
    assert.deepEqual(rel(root, result.files), ['alias.agr', 'docs/a.agr', 'other/b.agr']);
    assert.deepEqual(findAgreementFilesSync(root), result);
  });

  test('stops at maxFiles and says so', async () => {
    const files = Array.from({ length: 30 }, (_, i) => `d${String(i % 3)}/f${String(i).padStart(2, '0')}.agr`);
    const root = tree(files);
    const result = await findAgreementFiles(root, { maxFiles: 10 });
    assert.equal(result.truncated, true);
    assert.equal(result.truncatedBy, 'maxFiles');
    assert.equal(result.files.length, 10);
    // The same part every time: the walk is in name order.
    assert.deepEqual(result, await findAgreementFiles(root, { maxFiles: 10 }));
    assert.deepEqual(rel(root, result.files).slice(0, 2), ['d0/f00.agr', 'd0/f03.agr']);
    // Exactly at the limit is not truncated.
    const exact = await findAgreementFiles(root, { maxFiles: 30 });
    assert.equal(exact.truncated, false);
    assert.equal(exact.files.length, 30);
  });

  test('stops at maxEntries, counting files that do not match too', async () => {
    const root = tree(Array.from({ length: 20 }, (_, i) => `n${String(i).padStart(2, '0')}.md`).concat(['z.agr']));
    const result = await findAgreementFiles(root, { maxEntries: 10 });
    assert.equal(result.truncated, true);
    assert.equal(result.truncatedBy, 'maxEntries');
    assert.deepEqual(result.files, []);
  });

  test('does not descend past maxDepth', async () => {
    const root = tree(['a.agr', 'l1/b.agr', 'l1/l2/c.agr', 'l1/l2/l3/d.agr']);
    const result = await findAgreementFiles(root, { maxDepth: 2 });
    assert.deepEqual(rel(root, result.files), ['a.agr', 'l1/b.agr', 'l1/l2/c.agr']);
    assert.equal(result.truncated, true);
    assert.equal(result.truncatedBy, 'maxDepth');
  });

  test('a missing root is reported, not thrown', async () => {
    const root = join(tree([]), 'missing');
    const result = await findAgreementFiles(root);
    assert.deepEqual(result.files, []);
    assert.equal(result.truncated, false);
    assert.deepEqual(result.unreadable, [`${root}: no such directory`]);
  });

  test('a relative root gives absolute paths', async () => {
    const root = tree(['a.agr']);
    const result = await findAgreementFiles(relative(process.cwd(), root));
    assert.deepEqual(result.files, [join(root, 'a.agr')]);
  });
});

describe('matchesAgreementGlobs', () => {
  const root = join(sep, 'work', 'ws');
  const at = (...segments: string[]): string => join(root, ...segments);

  test('the default globs at any depth, case-insensitively', () => {
    assert.ok(matchesAgreementGlobs(at('a.agr'), root));
    assert.ok(matchesAgreementGlobs(at('x', 'y', 'b.agreement'), root));
    assert.ok(matchesAgreementGlobs(at('x', 'c.agreement.txt'), root, [...DEFAULT_AGREEMENT_GLOBS]));
    assert.ok(matchesAgreementGlobs(at('UPPER.AGR'), root));
    assert.ok(!matchesAgreementGlobs(at('notes.txt'), root));
    assert.ok(!matchesAgreementGlobs(at('a.agr.bak'), root));
  });

  test('skipped and excluded directories, dot-files, paths outside the root', () => {
    assert.ok(!matchesAgreementGlobs(at('node_modules', 'p', 'a.agr'), root));
    assert.ok(!matchesAgreementGlobs(at('x', 'node_modules', 'a.agr'), root));
    assert.ok(!matchesAgreementGlobs(at('.git', 'a.agr'), root));
    assert.ok(!matchesAgreementGlobs(at('.vscode', 'a.agr'), root));
    assert.ok(!matchesAgreementGlobs(at('.hidden.agr'), root));
    assert.ok(!matchesAgreementGlobs(join(sep, 'work', 'other', 'a.agr'), root));
    assert.ok(!matchesAgreementGlobs(join(sep, 'work', 'ws-2', 'a.agr'), root));
    assert.ok(!matchesAgreementGlobs(root, root));
    // A directory whose name starts with two dots is inside the root, and a dot-directory.
    assert.ok(!matchesAgreementGlobs(at('..drafts', 'a.agr'), root));
    assert.ok(!matchesAgreementGlobs(at('..drafts', 'a.agr'), root, ['**/*.agr', '..drafts/*.agr']));
  });

  test('include and exclude globs, as the walk applies them', () => {
    const include = ['**/*.agr', '**/*.txt'];
    assert.ok(matchesAgreementGlobs(at('notes.txt'), root, include));
    assert.ok(!matchesAgreementGlobs(at('drafts', 'd.agr'), root, include, ['drafts/**']));
    assert.ok(!matchesAgreementGlobs(at('drafts', 'old', 'e.agr'), root, include, ['**/old']));
    assert.ok(matchesAgreementGlobs(at('drafts', 'd.agr'), root, include, ['**/old']));
    assert.ok(!matchesAgreementGlobs(at('x', 'a.agr'), root, ['*.agr']), 'a glob without / matches at the root only');
    assert.ok(matchesAgreementGlobs(at('a.agr'), root, ['*.agr']));
  });

  test('agrees with the walk on a real tree', async () => {
    const workspace = tree(WORKSPACE);
    const options = { include: ['**/*.agr', '**/*.txt'], exclude: ['**/old', 'README.md'] };
    const found = new Set((await findAgreementFiles(workspace, options)).files);
    for (const file of WORKSPACE) {
      const path = join(workspace, ...file.split('/'));
      assert.equal(matchesAgreementGlobs(path, workspace, options.include, options.exclude), found.has(path), file);
    }
  });
});
