/**
 * Issue 11, rows 4 and 10 (and the size limit of the "Build" list): every file read is
 * bounded and typed. `readTextFile` reads only regular files — never a FIFO, a device or a
 * socket, never through a symlink that leaves the workspace root — and at most `maxBytes`;
 * the walk of `fileDiscovery` skips what the read would refuse. Reads that could block run in
 * a child process: a synchronous read of a FIFO cannot be interrupted from inside.
 */
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findAgreementFilesSync } from '../../server/src/workspace/fileDiscovery';
import { DEFAULT_MAX_FILE_BYTES, readTextFile } from '../../server/src/workspace/readTextFile';
import { makeFifo, makeSymlink, runCli, runSnippet, workspace } from './support';

type Read = { ok: true; text: string } | { ok: false; error: string };

/** readTextFile(path, options) in a child process under the hang and memory guards. */
function readInChild(path: string, options: { root?: string; maxBytes?: number } = {}): Read {
  return runSnippet<Read>(`
    import { readTextFile } from '@repo/server/src/workspace/readTextFile';
    const read = readTextFile(${JSON.stringify(path)}, ${JSON.stringify(options)});
    process.stdout.write(JSON.stringify(read.ok ? { ok: true, text: read.text.slice(0, 200) } : read));
  `);
}

describe('row 4: a FIFO or a link to /dev/zero where an agreement file is expected', () => {
  test('row 4: readTextFile refuses a FIFO at once instead of blocking', () => {
    const root = workspace();
    makeFifo(join(root, 'x.agr'));
    const read = readInChild(join(root, 'x.agr'), { root });
    assert.equal(read.ok, false);
    assert.match((read as { error: string }).error, /not a regular file \(a FIFO\)/);
  });

  test('row 4: readTextFile refuses zero.agr -> /dev/zero, and /dev/zero itself, without reading', () => {
    const root = workspace();
    makeSymlink('/dev/zero', join(root, 'zero.agr'));
    for (const [path, options] of [
      [join(root, 'zero.agr'), { root }],
      [join(root, 'zero.agr'), {}],
      ['/dev/zero', {}],
    ] as const) {
      const read = readInChild(path, options);
      assert.equal(read.ok, false, path);
      assert.match((read as { error: string }).error, /not a regular file \(a character device\)/, path);
    }
  });
});

describe('row 10: link.agr -> /etc/passwd in the workspace', () => {
  test('row 10: readTextFile with a root refuses a symlink whose target is outside it, not one inside', () => {
    const root = workspace({ 'texts/a.agr': 'Article 1.\n' });
    makeSymlink('/etc/passwd', join(root, 'link.agr'));
    const read = readTextFile(join(root, 'link.agr'), { root });
    assert.equal(read.ok, false);
    assert.match((read as { error: string }).error, /outside the workspace/);
    makeSymlink(join(root, 'texts', 'a.agr'), join(root, 'alias.agr'));
    const inside = readTextFile(join(root, 'alias.agr'), { root });
    assert.equal(inside.ok && inside.text, 'Article 1.\n');
  });

  test('row 10: a symlinked folder that leads outside does not let a file through either', () => {
    const outside = workspace({ 'secret.agr': 'Article 1.\n' });
    const root = workspace();
    makeSymlink(outside, join(root, 'elsewhere'));
    const read = readTextFile(join(root, 'elsewhere', 'secret.agr'), { root });
    assert.equal(read.ok, false);
    assert.match((read as { error: string }).error, /outside the workspace/);
  });

  test('rows 4 and 10: the walk lists regular files inside the root only, links to them included', () => {
    const root = workspace({ 'a.agr': 'Article 1.\n', 'texts/b.agr': 'Article 1.\n' });
    makeSymlink('/etc/passwd', join(root, 'link.agr'));
    makeSymlink('/dev/zero', join(root, 'zero.agr'));
    makeFifo(join(root, 'x.agr'));
    makeSymlink(join(root, 'texts', 'b.agr'), join(root, 'alias.agr'));
    assert.deepEqual(findAgreementFilesSync(root).files, [
      join(root, 'a.agr'),
      join(root, 'alias.agr'),
      join(root, 'texts', 'b.agr'),
    ]);
  });

  test('row 10: agreement-lint on the folder neither reads nor reports /etc/passwd', () => {
    const root = workspace({ 'a.agr': '協力に関する覚書\n\n1. 目的\n' });
    makeSymlink('/etc/passwd', join(root, 'link.agr'));
    const run = runCli(['--format', 'json', '.'], root);
    assert.equal(run.status, 0, run.stderr);
    const paths = (JSON.parse(run.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path);
    assert.deepEqual(paths, ['a.agr']);
  });
});

describe('the size limit of a read', () => {
  test('a file over the limit is one clear error, and nothing of it is read', () => {
    const root = workspace();
    const big = join(root, 'big.agr');
    // A sparse file: 1 byte over the default limit, without writing 32 MB.
    const fd = openSync(big, 'w');
    ftruncateSync(fd, DEFAULT_MAX_FILE_BYTES + 1);
    closeSync(fd);
    const read = readTextFile(big);
    assert.equal(read.ok, false);
    assert.match((read as { error: string }).error, /larger than the limit of 32 MB/);
    writeFileSync(join(root, 'small.agr'), 'Article 1.\nArticle 2.\n');
    const limited = readTextFile(join(root, 'small.agr'), { maxBytes: 10 });
    assert.equal(limited.ok, false);
    assert.match((limited as { error: string }).error, /larger than the limit of 10 bytes/);
  });

  test('a regular file that claims size 0 but has more (a /proc file) is still cut at the limit', () => {
    const read = readTextFile('/proc/self/status', { maxBytes: 16 });
    assert.equal(read.ok, false);
    assert.match((read as { error: string }).error, /larger than the limit/);
  });

  test('agreement-lint: a file over --max-file-size is an error naming it; the others are checked', () => {
    const root = workspace({ 'a.agr': '協力に関する覚書\n\n1. 目的\n', 'b.agr': 'x'.repeat(2000) });
    const run = runCli(['--max-file-size', '1kB', 'a.agr', 'b.agr'], root);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /cannot read 'b\.agr': larger than the limit of 1 kB/);
    assert.doesNotMatch(run.stderr, /'a\.agr'/);
  });
});
