/**
 * Issue 11, rows 1, 3 and 13: the project's settings files — `.agreement/registry.yaml|json`
 * and `.agreement/config.json` — are read through the bounded read and parsed inside a guard.
 * Whatever they hold, a run gets the valid part and one warning per problem, with the file
 * and the line; never an exception, a hang or unbounded memory.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { URI } from 'vscode-uri';
import { ProblemNotifier, readRuleConfigLayer } from '../../server/src/workspace/projectSettings';
import { parseWorkspaceRegistry } from '../../server/src/workspace/workspaceRegistry';
import { EDITOR_CAPABILITIES, indexedStatus, warnings, withServer } from './serverSupport';
import { aliasHeavyRegistry, hasStackTrace, makeFifo, makeSymlink, runCli, workspace } from './support';

/** A registry of `count + 1` entries that all share one description through a YAML alias. */

/** Nine levels of nine aliases each: 9^9 values if expanded — the "billion laughs". */
function billionLaughs(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('entries: []');
  return `${lines.join('\n')}\n`;
}

describe('row 1: a registry file that uses one YAML alias 100 times', () => {
  test('row 1: parseWorkspaceRegistry reads all 101 entries and never throws', () => {
    const parsed = parseWorkspaceRegistry(aliasHeavyRegistry(100));
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.entries.length, 101);
    assert.equal(parsed.entries[100]!.description.en, 'A shared description.');
  });

  test('row 1: agreement-lint uses the entries instead of dying with a stack trace', () => {
    const root = workspace({
      '.agreement/registry.yaml': aliasHeavyRegistry(100),
      'a.agr': '協力に関する覚書\n\n1. テスト第57機構は協力する。\n',
    });
    const run = runCli(['--format', 'json', 'a.agr'], root);
    assert.equal(hasStackTrace(run.stderr), false, run.stderr);
    assert.equal(run.status, 0, run.stderr);
    const ids = (
      JSON.parse(run.stdout) as { files: Array<{ entities: Array<{ id?: string }> }> }
    ).files[0]!.entities.map((e) => e.id);
    assert.ok(ids.includes('test.x57'), `the entity of the alias-sharing entry is recognised: ${ids.join(', ')}`);
  });

  test('row 1: an exponential alias expansion is one warning with the file and line, not a crash', () => {
    const parsed = parseWorkspaceRegistry(billionLaughs());
    assert.equal(parsed.entries.length, 0);
    assert.equal(parsed.problems.length, 1, JSON.stringify(parsed.problems));
    assert.match(parsed.problems[0]!.message, /alias/i);

    const root = workspace({ '.agreement/registry.yaml': billionLaughs(), 'a.agr': '協力に関する覚書\n\n1. 目的\n' });
    const run = runCli(['a.agr'], root);
    assert.equal(hasStackTrace(run.stderr), false, run.stderr);
    assert.equal(run.status, 0, run.stderr);
    const warnings = run.stderr.trim().split('\n');
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0]!, /\.agreement\/registry\.yaml:\d+: .*alias/i);
  });
});

describe('row 3: .agreement/config.json that is a symlink to /dev/zero, or a FIFO', () => {
  test('row 3: config.json -> /dev/zero: one warning naming the file, the run finishes with the defaults', () => {
    const root = workspace({ 'a.agr': '協力に関する覚書\n\n1. 目的\n' });
    makeSymlink('/dev/zero', join(root, '.agreement', 'config.json'));
    const run = runCli(['a.agr'], root);
    assert.equal(run.timedOut, false, 'the run hung');
    assert.equal(hasStackTrace(run.stderr), false, run.stderr);
    assert.equal(run.status, 0, `status ${run.status} signal ${run.signal}: ${run.stderr}`);
    assert.match(run.stderr, /config\.json.*not a regular file/);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  });

  test('row 3: config.json as a FIFO: one warning, no hang', () => {
    const root = workspace({ 'a.agr': '協力に関する覚書\n\n1. 目的\n' });
    makeFifo(join(root, '.agreement', 'config.json'));
    const run = runCli(['a.agr'], root);
    assert.equal(run.timedOut, false, 'the run hung on the FIFO');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /config\.json.*not a regular file \(a FIFO\)/);
  });

  test('row 3: registry.yaml -> /dev/zero and registry.json as a FIFO: a warning each, no hang', () => {
    const root = workspace({ 'a.agr': '協力に関する覚書\n\n1. 目的\n' });
    makeFifo(join(root, '.agreement', 'registry.json'));
    makeSymlink('/dev/zero', join(root, '.agreement', 'registry.yaml'));
    const run = runCli(['a.agr'], root);
    assert.equal(run.timedOut, false, 'the run hung');
    assert.equal(run.status, 0, `status ${run.status} signal ${run.signal}: ${run.stderr}`);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 2, run.stderr);
    assert.ok(
      lines.every((line) => /registry\.(yaml|json).*not a regular file/.test(line)),
      run.stderr,
    );
  });
});

/** A configuration file with six problems on lines 2–6 (1-based): two in `rules`, one on each other line. */
const SIX_PROBLEMS = `{
  "rules": { "no-such-rule": "error", "numbering-gap": "loud" },
  "knownAcronyms": ["JICA", 3],
  "knownAcronymsReplaceDefaults": "yes",
  "files": "texts/*.txt",
  "colour": true
}
`;

describe('row 13: a configuration file with six problems', () => {
  test('row 13: readRuleConfigLayer returns each problem once, with its line', () => {
    const root = workspace({ '.agreement/config.json': SIX_PROBLEMS });
    const read = readRuleConfigLayer([root]);
    const shown = read.problems.map((p) => `${p.line + 1} ${p.message}`);
    assert.equal(shown.length, 6, shown.join('\n'));
    assert.equal(new Set(shown).size, shown.length, 'no problem twice');
    assert.deepEqual(
      read.problems.map((p) => p.line + 1),
      [2, 2, 3, 4, 5, 6],
      shown.join('\n'),
    );
    assert.ok(read.problems.every((p) => p.file === join(root, '.agreement', 'config.json')));
    // The valid parts still apply.
    assert.deepEqual(read.layer.knownAcronyms, ['JICA']);
  });

  test('row 13: reading the settings three times (start, settings, re-index) shows each warning once', () => {
    const root = workspace({ '.agreement/config.json': SIX_PROBLEMS });
    const shown: string[] = [];
    const notifier = new ProblemNotifier((message) => shown.push(message));
    for (let i = 0; i < 3; i++) notifier.report('config', readRuleConfigLayer([root]).problems);
    assert.equal(shown.length, 6, shown.join('\n'));
    assert.ok(
      shown.every((line) => line.startsWith(`${join(root, '.agreement', 'config.json')}:`)),
      shown.join('\n'),
    );
    // A problem fixed and made again is shown again; one that stays is not.
    const onlyColour =
      '{\n  "rules": {},\n  "knownAcronyms": [],\n  "knownAcronymsReplaceDefaults": false,\n  "files": [],\n  "colour": true\n}\n';
    writeFileSync(join(root, '.agreement', 'config.json'), onlyColour);
    notifier.report('config', readRuleConfigLayer([root]).problems);
    writeFileSync(join(root, '.agreement', 'config.json'), SIX_PROBLEMS);
    notifier.report('config', readRuleConfigLayer([root]).problems);
    assert.equal(shown.length, 6 + 5, shown.join('\n'));
  });

  test('row 13: agreement-lint prints each of the problems once, with file and line', () => {
    const root = workspace({ '.agreement/config.json': SIX_PROBLEMS, 'a.agr': '協力に関する覚書\n\n1. 目的\n' });
    const run = runCli(['a.agr'], root);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 6, run.stderr);
    assert.ok(
      lines.every((line) => /^agreement-lint: \.agreement\/config\.json:[2-6]: /.test(line)),
      run.stderr,
    );
  });

  test('row 13 (server): six problems give six warnings at start, and none again when the settings are read again', async () => {
    const root = workspace({
      '.agreement/config.json': SIX_PROBLEMS,
      '.agreement/registry.yaml': 'entries:\n  - id: x\n',
      'a.agr': '協力に関する覚書\n\n1. 目的\n',
    });
    let files = ['**/*.agr'];
    await withServer(
      root,
      async (server) => {
        await indexedStatus(server);
        const ofFile = (name: string) => warnings(server).filter((m) => m.includes(join(root, '.agreement', name)));
        const atStart = ofFile('config.json');
        assert.equal(atStart.length, 6, atStart.join('\n'));
        assert.deepEqual(
          atStart.map((m) => /config\.json:(\d+):/.exec(m)?.[1]),
          ['2', '2', '3', '4', '5', '6'],
          atStart.join('\n'),
        );
        const registry = ofFile('registry.yaml');
        assert.ok(registry.length > 0, warnings(server).join('\n'));
        // Settings read again without a change of files, then with one (a re-index), then the file touched.
        for (const next of [files, ['**/*.agr', '**/*.agreement']]) {
          files = next;
          const asked = server.serverRequests.length;
          await server.notify('workspace/didChangeConfiguration', { settings: null });
          while (server.serverRequests.length === asked) await new Promise((resolve) => setTimeout(resolve, 20));
          await indexedStatus(server);
        }
        await server.notify('workspace/didChangeWatchedFiles', {
          changes: [{ uri: URI.file(join(root, '.agreement', 'config.json')).toString(), type: 2 }],
        });
        await indexedStatus(server);
        assert.deepEqual(ofFile('config.json'), atStart, 'no warning shown twice');
        assert.deepEqual(ofFile('registry.yaml'), registry, 'no warning shown twice');
      },
      { capabilities: EDITOR_CAPABILITIES, configuration: () => ({ files }) },
    );
  });
});
