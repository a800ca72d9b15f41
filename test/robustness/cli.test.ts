/**
 * Issue 11, row 11: `agreement-lint` with odd paths and outputs of any size. An explicit
 * path with no agreement files is exit 2 with a message; a FIFO or `/dev/zero` as a path or
 * as `--config` is exit 2 with a message, at once and in bounded memory; 150,000 findings
 * are printed; a reader that stops reading (`| head -1`, EPIPE) ends the run quietly.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CLI, hasStackTrace, makeFifo, makeSymlink, runCli, runGuarded, shellQuote, workspace } from './support';

const CLEAN = '協力に関する覚書\n\n1. 目的\n';

describe('row 11: paths that hold no agreement text', () => {
  test('row 11: an explicit empty directory is exit 2 with a message', () => {
    const root = workspace({ 'empty/.keep': '' });
    const run = runCli(['empty'], root);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /agreement-lint: no agreement files in 'empty'/);
  });

  test('row 11: a directory with only other files, next to one with texts, is still exit 2', () => {
    const root = workspace({ 'texts/a.agr': CLEAN, 'images/logo.svg': '<svg/>' });
    const run = runCli(['texts', 'images'], root);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /no agreement files in 'images'/);
  });

  test('row 11: a FIFO as a path is exit 2 with a message, at once', () => {
    const root = workspace({ 'a.agr': CLEAN });
    makeFifo(join(root, 'pipe.agr'));
    const run = runCli(['a.agr', 'pipe.agr'], root);
    assert.equal(run.timedOut, false, 'the run hung on the FIFO');
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /cannot read 'pipe\.agr': not a regular file \(a FIFO\)/);
  });

  test('row 11: /dev/zero (or a link to it) as a path is exit 2, in bounded memory', () => {
    const root = workspace({ 'a.agr': CLEAN });
    makeSymlink('/dev/zero', join(root, 'zero.agr'));
    for (const path of ['/dev/zero', 'zero.agr']) {
      const run = runCli(['a.agr', path], root);
      assert.equal(run.timedOut, false, `the run hung on ${path}`);
      assert.equal(run.status, 2, `${path}: status ${run.status} signal ${run.signal} ${run.stderr}`);
      assert.match(run.stderr, /not a regular file \(a character device\)/);
    }
  });

  test('row 11: a FIFO or /dev/zero as --config is exit 2 with a message', () => {
    const root = workspace({ 'a.agr': CLEAN });
    makeFifo(join(root, 'config.fifo'));
    for (const config of ['config.fifo', '/dev/zero']) {
      const run = runCli(['--config', config, 'a.agr'], root);
      assert.equal(run.timedOut, false, `the run hung on --config ${config}`);
      assert.equal(run.status, 2, `${config}: status ${run.status} signal ${run.signal} ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`cannot read '${config}': not a regular file`));
    }
  });
});

describe('row 11: 150,000 findings', () => {
  let root: string;
  before(() => {
    // One impossible date per line: 150,000 invalid-date findings.
    root = workspace();
    writeFileSync(join(root, 'many.agr'), '2026年2月30日\n'.repeat(150_000));
  });

  test('row 11: the stylish output prints every finding and the summary', () => {
    const run = runCli(['many.agr'], root);
    assert.equal(hasStackTrace(run.stderr), false, run.stderr.slice(0, 2000));
    assert.equal(run.status, 1, run.stderr.slice(0, 2000));
    const rows = run.stdout.split('\n').filter((line) => /^\s+\d+:\d+\s+error\s/.test(line));
    assert.equal(rows.length, 150_000);
    assert.match(run.stdout, /✖ 150000 problems \(150000 errors, 0 warnings\)\n$/);
  });

  test('row 11: piping into `head -1` ends the run quietly (EPIPE), with the lint status', () => {
    for (const format of ['stylish', 'json', 'sarif', 'text']) {
      const command =
        `{ ${shellQuote(process.execPath)} ${shellQuote(CLI)} --format ${format} --rule invalid-date=warning many.agr` +
        ` 2>stderr.txt; echo $? > status.txt; } | head -1 > /dev/null; cat stderr.txt; echo "status $(cat status.txt)"`;
      const run = runGuarded(command, { cwd: root });
      assert.equal(run.timedOut, false, `${format}: the run hung`);
      assert.equal(run.stdout, 'status 0\n', `${format}: ${run.stdout.slice(0, 2000)}`);
    }
  });
});
