/**
 * `agreement-lint` for CI: options, exit codes, configuration, the stylish/json/sarif
 * formats (SARIF validated against the SARIF 2.1.0 schema), globs and default discovery.
 *
 * The fixtures are written to temporary directories. They rely on two rules that any
 * reasonable rule set reports the same way — an impossible date (`invalid-date`, an error by
 * default) and a skipped clause number (`numbering-gap`, a warning by default) — and make the
 * severities explicit with --rule where a test is about something else.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import Ajv07 from 'ajv';
import addFormats from 'ajv-formats';
import { colorEnabled, parseArguments, runAgreementLint, type CliOptions } from '../../server/src/cli/agreementLint';
import { displayWidth } from '../../server/src/cli/formats/stylish';
import { mergeRuleConfig, parseRuleConfig, RULE_DESCRIPTIONS } from '../../server/src/core/rules/ruleConfig';
import { DEFAULT_RULE_CONFIG } from '../../server/src/core/rules/runRules';
import { RULE_CODES } from '../../server/src/core/rules/ruleTypes';
import { DIST_DIR, REPO_ROOT, SEEDS_DIR } from '../support/paths';

const CLEAN = '協力に関する覚書\n\n1. 目的\n2. 範囲\n';
const WITH_ERROR = '協力に関する覚書\n2026年2月30日\n\n1. 目的\n3. 範囲\n';
const WITH_WARNING = '協力に関する覚書\n\n1. 目的\n3. 範囲\n';

/** A temporary project directory with the given files (paths relative to it). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agreement-lint-ci-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const noTTY = { env: {}, stdoutIsTTY: false };
const lint = (argv: string[], dir: string, environment = noTTY) => runAgreementLint(argv, dir, environment);

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  about: string;
}
interface JsonOutput {
  files: Array<{ path: string; diagnostics: JsonDiagnostic[] }>;
}
const json = (argv: string[], dir: string) => JSON.parse(lint(['--format', 'json', ...argv], dir).stdout) as JsonOutput;
const codes = (out: JsonOutput) => out.files.flatMap((f) => f.diagnostics.map((d) => `${d.severity} ${d.code}`));
const ESC = '\u001b';
const stripAnsi = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');

describe('agreement-lint options', () => {
  test('defaults and every option', () => {
    const defaults = parseArguments(['a.agr']) as CliOptions;
    assert.equal(defaults.format, 'stylish');
    assert.equal(defaults.maxWarnings, undefined);
    assert.equal(defaults.quiet, false);
    assert.equal(defaults.color, undefined);
    assert.deepEqual(defaults.paths, ['a.agr']);
    const all = parseArguments([
      '--format=sarif',
      '--max-warnings',
      '3',
      '--rule',
      'invalid-date=off',
      '--rule=numbering-gap=error',
      '--quiet',
      '--no-color',
      '--config',
      'ci.json',
      '--locale',
      'ja',
      '--',
      '--odd-name.agr',
    ]) as CliOptions;
    assert.equal(all.format, 'sarif');
    assert.equal(all.maxWarnings, 3);
    assert.deepEqual(all.rules, { 'invalid-date': 'off', 'numbering-gap': 'error' });
    assert.equal(all.quiet, true);
    assert.equal(all.color, false);
    assert.equal(all.config, 'ci.json');
    assert.equal(all.locale, 'ja');
    assert.deepEqual(all.paths, ['--odd-name.agr']);
    assert.equal((parseArguments(['--color']) as CliOptions).color, true);
    assert.equal(parseArguments(['-h']), 'help');
  });

  test('bad values are usage errors: exit 2, one clear line, nothing on stdout', () => {
    const dir = project({ 'a.agr': CLEAN });
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'xml'], /--format takes stylish, json, sarif, text, not 'xml'/],
      [['--format'], /--format needs a value/],
      [['--max-warnings', 'many'], /--max-warnings takes a number of warnings \(0 or more\), not 'many'/],
      [['--max-warnings', '-1'], /--max-warnings takes a number/],
      [['--rule', 'invalid-date'], /--rule takes CODE=SEVERITY \(e\.g\. invalid-date=error\), not 'invalid-date'/],
      [['--rule', 'no-such-rule=error'], /--rule: unknown rule 'no-such-rule' \(rules: undefined-acronym, /],
      [
        ['--rule', 'invalid-date=fatal'],
        /--rule invalid-date: 'fatal' is not a severity \(error, warning, info, hint or off\)/,
      ],
      [['--locale', 'fr'], /--locale takes en or ja, not 'fr'/],
      [['--quiet=yes'], /--quiet takes no value/],
      [['--bogus'], /unknown option '--bogus'/],
    ];
    for (const [argv, message] of cases) {
      const result = lint(['a.agr', ...argv], dir);
      assert.equal(result.exitCode, 2, argv.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr.split('\n')[0]!, message);
      assert.match(result.stderr, /agreement-lint --help/);
    }
  });

  test('--help lists every option and the exit codes', () => {
    const help = lint(['--help'], tmpdir());
    assert.equal(help.exitCode, 0);
    for (const option of ['--format', '--max-warnings', '--rule', '--quiet', '--no-color', '--config'])
      assert.ok(help.stdout.includes(option), option);
    assert.match(help.stdout, /Exit status: 0 .* 1 .*\n?.*2 /s);
  });

  test('colours: a flag wins, then NO_COLOR, then whether stdout is a terminal', () => {
    assert.equal(colorEnabled(undefined, { env: {}, stdoutIsTTY: true }), true);
    assert.equal(colorEnabled(undefined, { env: {}, stdoutIsTTY: false }), false);
    assert.equal(colorEnabled(undefined, { env: { NO_COLOR: '1' }, stdoutIsTTY: true }), false);
    assert.equal(colorEnabled(undefined, { env: { NO_COLOR: '' }, stdoutIsTTY: true }), true);
    assert.equal(colorEnabled(false, { env: {}, stdoutIsTTY: true }), false);
    assert.equal(colorEnabled(true, { env: { NO_COLOR: '1' }, stdoutIsTTY: false }), true);
  });
});

describe('agreement-lint exit codes and severities', () => {
  const dir = project({ 'clean.agr': CLEAN, 'error.agr': WITH_ERROR, 'warning.agr': WITH_WARNING });

  test('the fixtures find what they are meant to', () => {
    assert.deepEqual(codes(json(['clean.agr'], dir)), []);
    assert.deepEqual(codes(json(['error.agr'], dir)), ['error invalid-date', 'warning numbering-gap']);
    assert.deepEqual(codes(json(['warning.agr'], dir)), ['warning numbering-gap']);
  });

  test('0 when clean, and a clean run prints nothing', () => {
    const result = lint(['clean.agr'], dir);
    assert.deepEqual(result, { exitCode: 0, stdout: '', stderr: '' });
  });

  test('0 with warnings only, 1 with an error-level finding, 2 for a file that cannot be read', () => {
    assert.equal(lint(['warning.agr'], dir).exitCode, 0);
    assert.equal(lint(['error.agr'], dir).exitCode, 1);
    assert.equal(lint(['clean.agr', 'error.agr'], dir).exitCode, 1);
    const missing = lint(['missing.agr', 'error.agr'], dir);
    assert.equal(missing.exitCode, 2);
    assert.equal(missing.stderr, "agreement-lint: cannot read 'missing.agr': no such file\n");
    assert.match(missing.stdout, /invalid-date/);
  });

  test('--max-warnings N: 1 when the warnings exceed N, with a line saying so', () => {
    assert.equal(lint(['--max-warnings', '1', 'warning.agr'], dir).exitCode, 0);
    const over = lint(['--max-warnings', '0', 'warning.agr'], dir);
    assert.equal(over.exitCode, 1);
    assert.equal(over.stderr, 'agreement-lint: too many warnings (1, at most 0 allowed)\n');
    assert.equal(lint(['--max-warnings=2', 'warning.agr', 'error.agr'], dir).exitCode, 1);
  });

  test('--quiet reports errors only (and warnings no longer count against --max-warnings)', () => {
    const quiet = lint(['--quiet', 'error.agr', 'warning.agr'], dir);
    assert.equal(quiet.exitCode, 1);
    assert.doesNotMatch(quiet.stdout, /numbering-gap|warning\.agr/);
    assert.match(stripAnsi(quiet.stdout), /✖ 1 problem \(1 error, 0 warnings\)/);
    assert.deepEqual(codes(json(['--quiet', 'error.agr'], dir)), ['error invalid-date']);
    assert.deepEqual(lint(['--quiet', '--max-warnings', '0', 'warning.agr'], dir), {
      exitCode: 0,
      stdout: '',
      stderr: '',
    });
  });

  test('--rule code=severity switches a rule off or changes its level; later ones win', () => {
    assert.equal(lint(['--rule', 'invalid-date=off', 'error.agr'], dir).exitCode, 0);
    assert.deepEqual(codes(json(['--rule', 'invalid-date=off', 'error.agr'], dir)), ['warning numbering-gap']);
    assert.equal(lint(['--rule', 'numbering-gap=error', 'warning.agr'], dir).exitCode, 1);
    assert.deepEqual(codes(json(['--rule', 'numbering-gap=info', 'warning.agr'], dir)), ['info numbering-gap']);
    const last = ['--rule', 'numbering-gap=error', '--rule', 'numbering-gap=warning', 'warning.agr'];
    assert.equal(lint(last, dir).exitCode, 0);
  });
});

describe('agreement-lint configuration', () => {
  test('.agreement/config.json of the project directory applies; --rule overrides it', () => {
    const dir = project({
      'warning.agr': WITH_WARNING,
      'error.agr': WITH_ERROR,
      '.agreement/config.json': JSON.stringify({ rules: { 'numbering-gap': 'error', 'invalid-date': 'off' } }),
    });
    assert.deepEqual(codes(json(['warning.agr', 'error.agr'], dir)), ['error numbering-gap', 'error numbering-gap']);
    assert.equal(lint(['warning.agr'], dir).exitCode, 1);
    assert.equal(lint(['--rule', 'numbering-gap=warning', 'warning.agr'], dir).exitCode, 0);
    assert.equal(lint(['warning.agr'], dir).stderr, '');
  });

  test('an unparsable config file is one warning line, and the defaults stay in force', () => {
    const dir = project({ 'error.agr': WITH_ERROR, '.agreement/config.json': '{ "rules": { "invalid-date": "off", }' });
    const result = lint(['error.agr'], dir);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^agreement-lint: \.agreement\/config\.json:1: not valid JSON \(.*\); using the default rule settings$/,
    );
    assert.equal(result.exitCode, 1);
    assert.deepEqual(codes(json(['error.agr'], dir)), ['error invalid-date', 'warning numbering-gap']);
  });

  test('invalid parts of a config file are a warning each, naming the key and its line; the valid parts apply', () => {
    const dir = project({
      'error.agr': WITH_ERROR,
      '.agreement/config.json': JSON.stringify(
        {
          rules: { 'invalid-date': 'off', 'no-such-rule': 'error', 'numbering-gap': 'fatal' },
          colour: true,
        },
        null,
        2,
      ),
    });
    const result = lint(['error.agr'], dir);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.stderr.trimEnd().split('\n'), [
      "agreement-lint: .agreement/config.json:4: rules: unknown rule 'no-such-rule' (rules: " +
        RULE_CODES.join(', ') +
        ')',
      "agreement-lint: .agreement/config.json:5: rules.numbering-gap: 'fatal' is not a severity (error, warning, info, hint or off)",
      "agreement-lint: .agreement/config.json:7: unknown key 'colour' (known keys: rules, knownAcronyms, knownAcronymsReplaceDefaults, files, ignore)",
    ]);
  });

  test('--config PATH is used instead; a missing one is an error (exit 2)', () => {
    const dir = project({ 'error.agr': WITH_ERROR, 'ci.json': JSON.stringify({ rules: { 'invalid-date': 'off' } }) });
    assert.equal(lint(['--config', 'ci.json', 'error.agr'], dir).exitCode, 0);
    const missing = lint(['--config', 'nope.json', 'error.agr'], dir);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /cannot read 'nope\.json': no such file/);
  });

  test('knownAcronyms of the config file are passed to the rules', () => {
    const text = '協力に関する覚書\n\n1. 目的\nXYZQ と協力する。\n';
    const dir = project({ 'a.agr': text });
    assert.deepEqual(codes(json(['a.agr'], dir)), ['warning undefined-acronym']);
    assert.deepEqual(codes(json(['--rule', 'undefined-acronym=off', 'a.agr'], dir)), []);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ knownAcronyms: ['XYZQ'] }));
    assert.deepEqual(codes(json(['--config', 'config.json', 'a.agr'], dir)), []);
  });

  test('ignore entries of the config file drop findings by text and by file glob', () => {
    const text = '1. The DCM project.\n2. The ABC programme.\n';
    const dir = project({
      'texts/a.agr': text,
      'archive/b.agr': text,
      '.agreement/config.json': JSON.stringify({
        ignore: [
          { rule: 'undefined-acronym', text: 'DCM' },
          { rule: 'undefined-acronym', files: ['archive/**'] },
        ],
      }),
    });
    const output = JSON.parse(lint(['--format', 'json', 'texts/a.agr', 'archive/b.agr'], dir).stdout) as {
      files: Array<{ path: string; diagnostics: Array<{ code: string; message: string }> }>;
    };
    const byFile = Object.fromEntries(
      output.files.map((f) => [f.path.split('\\').join('/'), f.diagnostics.map((d) => d.message)]),
    );
    assert.equal(byFile['texts/a.agr']!.length, 1, JSON.stringify(byFile));
    assert.match(byFile['texts/a.agr']![0]!, /ABC/);
    assert.deepEqual(byFile['archive/b.agr'], []);
  });
});

describe('parseRuleConfig and mergeRuleConfig', () => {
  test('a valid file', () => {
    const parsed = parseRuleConfig(
      {
        $schema: './schema.json',
        rules: { 'invalid-date': 'error', 'undefined-acronym': 'off' },
        knownAcronyms: ['JICA'],
        files: ['texts/**/*.txt'],
      },
      'config.json',
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.config, {
      severities: { 'invalid-date': 'error', 'undefined-acronym': 'off' },
      knownAcronyms: ['JICA'],
      files: ['texts/**/*.txt'],
    });
  });

  test('every problem once, each naming the key', () => {
    assert.deepEqual(parseRuleConfig([], 'c').problems, ['c: the configuration must be a JSON object, not a list']);
    const parsed = parseRuleConfig(
      { rules: 'strict', knownAcronyms: ['JICA', 3, ''], files: 'x', knownAcronymsReplaceDefaults: 'yes' },
      'c',
    );
    assert.deepEqual(parsed.problems, [
      "c: 'rules' must be an object of rule code → severity, not 'strict'",
      'c: knownAcronyms[1]: number 3 is not a non-empty string; ignored',
      "c: knownAcronyms[2]: '' is not a non-empty string; ignored",
      "c: 'files' must be a list of strings, not 'x'",
      "c: 'knownAcronymsReplaceDefaults' must be true or false, not 'yes'",
    ]);
    assert.deepEqual(parsed.config.knownAcronyms, ['JICA']);
  });

  test('later layers win per rule; acronyms add to the defaults unless told to replace them', () => {
    const merged = mergeRuleConfig(
      DEFAULT_RULE_CONFIG,
      { severities: { 'invalid-date': 'off', 'numbering-gap': 'error' }, knownAcronyms: ['JICA'], files: ['a/*.agr'] },
      { severities: { 'invalid-date': 'warning' } },
    );
    assert.deepEqual(merged.severities, { 'invalid-date': 'warning', 'numbering-gap': 'error' });
    assert.ok(merged.knownAcronyms.includes('AI') && merged.knownAcronyms.includes('JICA'));
    assert.deepEqual(merged.files, ['a/*.agr']);
    const replaced = mergeRuleConfig(DEFAULT_RULE_CONFIG, {
      knownAcronyms: ['JICA'],
      knownAcronymsReplaceDefaults: true,
    });
    assert.deepEqual(replaced.knownAcronyms, ['JICA']);
    assert.equal(mergeRuleConfig(DEFAULT_RULE_CONFIG).files, undefined);
  });
});

describe('agreement-lint stylish output', () => {
  const dir = project({ 'clean.agr': CLEAN, 'error.agr': WITH_ERROR, 'warning.agr': WITH_WARNING });

  test('a header per file with findings, aligned rows, a blank line, a summary', () => {
    const result = lint(['clean.agr', 'error.agr', 'warning.agr'], dir);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'error.agr');
    assert.match(lines[1]!, /^ {2}2:1 {2}error {4}'2026年2月30日' .* {2}invalid-date$/);
    assert.match(lines[2]!, /^ {2}5:1 {2}warning {2}.* {2}numbering-gap$/);
    // Columns aligned by display width: the codes start in the same terminal cell.
    assert.equal(displayWidth(lines[1]!) - 'invalid-date'.length, displayWidth(lines[2]!) - 'numbering-gap'.length);
    assert.equal(lines[3], '');
    assert.equal(lines[4], 'warning.agr');
    assert.match(lines[5]!, /^ {2}4:1 {2}warning {2}.* {2}numbering-gap$/);
    assert.equal(lines[6], '');
    assert.equal(lines[7], '✖ 3 problems (1 error, 2 warnings)');
    assert.equal(lines[8], '');
    assert.equal(lines.length, 9);
    assert.doesNotMatch(result.stdout, /clean\.agr/);
    assert.ok(!result.stdout.includes(ESC));
  });

  test('the problem matcher of package.json reads the rows', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { problemMatchers: Array<{ name: string; pattern: Array<{ regexp: string; loop?: boolean }> }> };
    };
    const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'agreement-lint')!;
    const [fileLine, row] = matcher.pattern.map((p) => new RegExp(p.regexp));
    assert.equal(matcher.pattern[1]!.loop, true);
    const lines = lint(['error.agr'], dir).stdout.split('\n');
    assert.equal(fileLine!.exec(lines[0]!)?.[1], 'error.agr');
    const first = row!.exec(lines[1]!);
    assert.deepEqual(first?.slice(1, 4), ['2', '1', 'error']);
    assert.equal(first?.[5], 'invalid-date');
    assert.ok(first?.[4]?.startsWith("'2026年2月30日'") && !first[4].endsWith(' '));
    assert.equal(row!.exec(lines[2]!)?.[5], 'numbering-gap');
    assert.equal(row!.exec(lines[4]!), null); // the summary ends the loop
  });

  test('colours only when enabled: --color, a terminal; never with --no-color or NO_COLOR', () => {
    const plain = lint(['error.agr'], dir).stdout;
    const coloured = lint(['--color', 'error.agr'], dir).stdout;
    assert.ok(coloured.includes(`${ESC}[31merror`));
    assert.equal(stripAnsi(coloured), plain);
    assert.ok(lint(['error.agr'], dir, { env: {}, stdoutIsTTY: true }).stdout.includes(`${ESC}[`));
    assert.equal(lint(['--no-color', 'error.agr'], dir, { env: {}, stdoutIsTTY: true }).stdout, plain);
    assert.equal(lint(['error.agr'], dir, { env: { NO_COLOR: '1' }, stdoutIsTTY: true }).stdout, plain);
  });

  test('the bundled binary: exit codes, NO_COLOR, stylish on a pipe', () => {
    const cli = join(DIST_DIR, 'cli.js');
    const run = (argv: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [cli, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
    const error = run(['error.agr'], { NO_COLOR: '1' });
    assert.equal(error.status, 1);
    assert.equal(error.stdout.split('\n')[0], 'error.agr');
    assert.ok(!error.stdout.includes(ESC));
    assert.equal(run(['clean.agr']).status, 0);
    assert.equal(run(['--max-warnings', '0', 'warning.agr']).status, 1);
    assert.equal(run(['--rule', 'bogus=error']).status, 2);
  });
});

describe('agreement-lint json output', () => {
  test('diagnostics in the evaluation format, with about', () => {
    const dir = project({ 'error.agr': WITH_ERROR });
    const out = json(['error.agr'], dir);
    assert.equal(out.files[0]!.path, 'error.agr');
    const date = out.files[0]!.diagnostics[0]!;
    assert.deepEqual(Object.keys(date), [
      'code',
      'severity',
      'message',
      'line',
      'character',
      'endLine',
      'endCharacter',
      'about',
    ]);
    assert.equal(date.code, 'invalid-date');
    assert.equal(date.severity, 'error');
    assert.deepEqual([date.line, date.character, date.endLine, date.endCharacter], [1, 0, 1, 10]);
    assert.equal(typeof date.message, 'string');
    assert.equal(date.about, '2026年2月30日');
  });

  test('cross-document rules see every file of the run (one workspace index)', () => {
    const seed = (name: string) => join(SEEDS_DIR, name);
    const alone = json([seed('000_4fcd428554b688c6.txt')], REPO_ROOT).files[0]!.diagnostics;
    const together = json([seed('000_4fcd428554b688c6.txt'), seed('002_39ea2386c1d7ada1.txt')], REPO_ROOT).files[0]!
      .diagnostics;
    assert.notDeepEqual(
      alone.map((d) => d.message),
      together.map((d) => d.message),
    );
  });
});

describe('agreement-lint sarif output', () => {
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  // The schema is draft-04 (it is the 2.1.0-rtm.5 schema, the same as the OASIS standard's
  // but for the patterns of GUIDs and language tags); Ajv reads draft-04 through ajv-draft-04.
  // One of its patterns is not valid with the `u` flag (`…{2}]?$`), hence unicodeRegExp off.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  interface SarifLog {
    runs: Array<{
      tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string }> } };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: Array<{
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: Array<{
          physicalLocation: {
            artifactLocation: { uri: string; uriBaseId?: string };
            region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
          };
        }>;
        relatedLocations?: unknown[];
      }>;
    }>;
  }

  test('a run over the seeds and fixtures with findings of every level validates against SARIF 2.1.0', () => {
    const dir = project({ 'texts/error.agr': WITH_ERROR, 'texts/warning.agr': WITH_WARNING, 'texts/清潔.agr': CLEAN });
    const argv = [
      '--format',
      'sarif',
      '--rule',
      'numbering-gap=info',
      'texts',
      ...['000_4fcd428554b688c6.txt', '002_39ea2386c1d7ada1.txt', '004_1c12d9f6ba6291dd.txt'].map((f) =>
        join(SEEDS_DIR, f),
      ),
    ];
    const result = lint(argv, dir);
    assert.equal(result.exitCode, 1);
    const log = JSON.parse(result.stdout) as SarifLog;
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 1));
    // The validator does reject what SARIF does not allow.
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(
      validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: { text: 'x' }, level: 'info' }] }] }),
      false,
    );
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, 'agreement-lint');
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      [...RULE_CODES],
    );
    for (const rule of run.tool.driver.rules)
      assert.equal(
        rule.helpUri,
        `https://github.com/agreement-annotator/agreement-annotator/blob/main/docs/rules/${rule.id}.md`,
      );
    const levels = new Set(run.results.map((r) => r.level));
    assert.ok(levels.has('error') && levels.has('warning') && levels.has('note'), [...levels].join());
    const date = run.results.find((r) => r.ruleId === 'invalid-date')!;
    assert.equal(run.tool.driver.rules[date.ruleIndex]!.id, 'invalid-date');
    assert.deepEqual(date.locations[0]!.physicalLocation, {
      artifactLocation: { uri: 'texts/error.agr', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 11 },
    });
    assert.ok(run.originalUriBaseIds['%SRCROOT%']!.uri.startsWith('file:///'));
    assert.ok(run.originalUriBaseIds['%SRCROOT%']!.uri.endsWith('/'));
    // The seeds are outside the project directory: absolute file URIs.
    assert.ok(run.results.some((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('file:///')));
  });

  test('relative to the project directory, related locations included, and valid over all seeds', () => {
    const result = lint(['--format', 'sarif', 'seeds/'], REPO_ROOT);
    const log = JSON.parse(result.stdout) as SarifLog;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.ok(
      [...uris].every((uri) => /^seeds\/\d{3}_[0-9a-f]+\.txt$/.test(uri)),
      [...uris].join(),
    );
    if (log.runs[0]!.results.some((r) => r.relatedLocations)) assert.ok(validate(log));
  });

  test('an empty run is valid too, and records a file that could not be read', () => {
    const dir = project({ 'clean.agr': CLEAN });
    const result = lint(['--format', 'sarif', 'clean.agr', 'missing.agr'], dir);
    assert.equal(result.exitCode, 2);
    const log = JSON.parse(result.stdout) as SarifLog & {
      runs: Array<{ invocations: Array<{ executionSuccessful: boolean }> }>;
    };
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    assert.deepEqual(log.runs[0]!.results, []);
    assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, false);
  });
});

describe('agreement-lint paths, globs and default discovery', () => {
  const dir = project({
    'a.agr': WITH_WARNING,
    'sub/b.agreement.txt': WITH_WARNING,
    'texts/c.txt': WITH_WARNING,
    'texts/deep/d.txt': WITH_WARNING,
    'notes.txt': WITH_WARNING,
    'node_modules/x/e.agr': WITH_WARNING,
  });
  const paths = (argv: string[], cwd = dir) => json(argv, cwd).files.map((f) => f.path);

  test('no paths: the default globs under the project directory, relative paths, in order', () => {
    assert.deepEqual(paths([]), ['a.agr', join('sub', 'b.agreement.txt')]);
    assert.equal(lint([], dir).stdout.split('\n')[0], 'a.agr');
  });

  test('no paths: the "files" globs of .agreement/config.json', () => {
    const configured = project({
      'texts/c.txt': WITH_WARNING,
      'a.agr': WITH_WARNING,
      '.agreement/config.json': JSON.stringify({ files: ['texts/**/*.txt'] }),
    });
    assert.deepEqual(paths([], configured), [join('texts', 'c.txt')]);
  });

  test('a glob argument is expanded relative to the current directory', () => {
    assert.deepEqual(paths(['texts/**/*.txt']), [join('texts', 'c.txt'), join('texts', 'deep', 'd.txt')]);
    assert.deepEqual(paths(['*.txt']), ['notes.txt']);
    assert.deepEqual(paths(['**/*.agr', 'a.agr']), ['a.agr']);
    assert.deepEqual(paths([join(dir, 'texts', '*.txt')]), [join(dir, 'texts', 'c.txt')]);
  });

  test('a glob that matches nothing is an error (exit 2); so is a project without agreement files', () => {
    const none = lint(['drafts/**/*.agr'], dir);
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /no files match 'drafts\/\*\*\/\*\.agr'/);
    const empty = lint([], project({ 'readme.md': '#' }));
    assert.equal(empty.exitCode, 2);
    assert.match(empty.stderr, /no agreement files found \(looked for \*\*\/\*\.agr, /);
  });

  test('a directory stands for its agreement and .txt files', () => {
    assert.deepEqual(paths(['texts']), [join('texts', 'c.txt'), join('texts', 'deep', 'd.txt')]);
  });
});

describe('configuration schema and editor settings', () => {
  const configSchema = JSON.parse(
    readFileSync(join(REPO_ROOT, 'server', 'src', 'core', 'rules', 'config.schema.json'), 'utf8'),
  ) as { properties: { rules: { propertyNames: { enum: string[] }; properties: Record<string, unknown> } } };
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { properties?: Record<string, unknown> }> };
      jsonValidation: Array<{ fileMatch: string[]; url: string }>;
    };
  };

  test('the schema, the settings and the descriptions list every rule code', () => {
    assert.deepEqual(configSchema.properties.rules.propertyNames.enum, [...RULE_CODES]);
    assert.deepEqual(Object.keys(configSchema.properties.rules.properties), [...RULE_CODES]);
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties['agreement.rules']!.properties!), [
      ...RULE_CODES,
    ]);
    assert.deepEqual(Object.keys(RULE_DESCRIPTIONS), [...RULE_CODES]);
    assert.ok(pkg.contributes.configuration.properties['agreement.knownAcronyms']);
    const validation = pkg.contributes.jsonValidation.find((v) => v.fileMatch.includes('**/.agreement/config.json'));
    assert.equal(validation?.url, './server/src/core/rules/config.schema.json');
    assert.ok(pkg.contributes.jsonValidation.some((v) => v.fileMatch.includes('**/.agreement/registry.json')));
  });

  test('the schema accepts a valid file and rejects what parseRuleConfig rejects', () => {
    const ajv = new Ajv07({ allErrors: true });
    ajv.addKeyword('markdownDescription'); // VS Code's extension of JSON Schema
    const validate = ajv.compile(configSchema);
    assert.ok(
      validate({
        $schema: '../config.schema.json',
        rules: { 'invalid-date': 'error', 'undefined-acronym': 'off' },
        knownAcronyms: ['JICA'],
        knownAcronymsReplaceDefaults: false,
        files: ['texts/**/*.txt'],
      }),
      JSON.stringify(validate.errors),
    );
    for (const bad of [{ rules: { 'no-such-rule': 'error' } }, { rules: { 'invalid-date': 'fatal' } }, { colour: 1 }])
      assert.equal(validate(bad), false, JSON.stringify(bad));
  });
});
