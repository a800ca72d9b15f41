import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runAgreementLint } from '../../server/src/cli/agreementLint';
import { DIST_DIR, SEEDS_DIR, seedFiles } from '../support/paths';

const seeds = seedFiles().map((f) => join(SEEDS_DIR, f));

describe('agreement-lint', () => {
  test('json output follows the evaluation format: clauses, names with ids, dates with values, definitions', () => {
    const result = runAgreementLint(['--format', 'json', ...seeds]);
    assert.equal(result.exitCode, 0);
    assert.equal(result.stderr, '');
    const json = JSON.parse(result.stdout) as {
      version: number;
      files: Array<{
        path: string;
        entities: Array<Record<string, unknown>>;
        definitions: unknown[];
        diagnostics: unknown[];
      }>;
    };
    assert.equal(json.version, 1);
    assert.equal(json.files.length, 5);
    const first = json.files[0]!;
    assert.ok(first.path.endsWith('000_4fcd428554b688c6.txt'));
    const find = (text: string) => first.entities.find((e) => e.text === text);
    assert.deepEqual(find('1.'), { kind: 'clause', text: '1.', start: 441, end: 443, line: 8, character: 0 });
    assert.deepEqual(find('2026年5月2日'), {
      kind: 'date',
      text: '2026年5月2日',
      start: 64,
      end: 73,
      line: 4,
      character: 0,
      value: '2026-05-02',
    });
    const jaxa = first.entities.filter((e) => e.text === 'JAXA' || e.text === '宇宙航空研究開発機構');
    assert.equal(jaxa.length, 4);
    assert.ok(jaxa.every((e) => e.kind === 'agency' && e.id === jaxa[0]!.id && typeof e.id === 'string'));
    assert.deepEqual(first.definitions[1], { term: 'AI', expansion: '人工知能', line: 6, form: 'acronym-after' });
    assert.ok(Array.isArray(first.diagnostics));
  });

  test('json offsets skip a byte-order mark and count UTF-16 code units', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agreement-lint-'));
    const path = join(dir, 'bom.agr');
    writeFileSync(path, '\ufeff𠮷\r\n1. 目的\r\n');
    const json = JSON.parse(runAgreementLint(['--format=json', path]).stdout);
    assert.deepEqual(json.files[0].entities[0], {
      kind: 'clause',
      text: '1.',
      start: 4,
      end: 6,
      line: 1,
      character: 0,
    });
  });

  test('text output prints the clause tree of every file', () => {
    const result = runAgreementLint(['--format', 'text', seeds[4]!]);
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /004_1c12d9f6ba6291dd\.txt: 12 clauses/);
    assert.match(result.stdout, /21:1 {2}I\. 目的\n/);
  });

  test('a missing file is a one-line error and exit code 2; other files are still printed', () => {
    const result = runAgreementLint(['--format', 'text', 'missing.agr', seeds[3]!]);
    assert.equal(result.exitCode, 2);
    assert.equal(result.stderr, "agreement-lint: cannot read 'missing.agr': no such file\n");
    assert.match(result.stdout, /003_c5127e84668161b7\.txt: 5 clauses/);
  });

  test('a binary file is refused with a clear reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agreement-lint-'));
    const path = join(dir, 'image.agr');
    writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    const result = runAgreementLint([path]);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /looks like a binary file/);
  });

  test('usage errors exit 2 and say what is wrong', () => {
    const empty = mkdtempSync(join(tmpdir(), 'agreement-lint-'));
    assert.equal(runAgreementLint([], empty).exitCode, 2);
    assert.match(runAgreementLint([], empty).stderr, /no agreement files found/);
    assert.match(
      runAgreementLint(['--format', 'xml', 'a']).stderr,
      /--format takes stylish, json, sarif, text, not 'xml'/,
    );
    assert.match(runAgreementLint(['--bogus', 'a']).stderr, /unknown option '--bogus'/);
    assert.equal(runAgreementLint(['--help']).exitCode, 0);
  });

  test('a directory stands for the agreement files in it', () => {
    const result = runAgreementLint(['--format', 'json', SEEDS_DIR]);
    assert.equal(JSON.parse(result.stdout).files.length, 5);
  });

  test('the bundled binary behaves the same', () => {
    const ok = spawnSync(process.execPath, [join(DIST_DIR, 'cli.js'), '--format', 'json', seeds[0]!], {
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0);
    const entities = JSON.parse(ok.stdout).files[0].entities as Array<{ kind: string }>;
    assert.equal(entities.filter((e) => e.kind === 'clause').length, 11);
    const missing = spawnSync(process.execPath, [join(DIST_DIR, 'cli.js'), 'nope.agr'], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
  });
});
