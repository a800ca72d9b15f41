import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWorkspaceRegistry } from '../../server/src/workspace/workspaceRegistry';

const ENTRY_YAML = `entries:
  - id: test.zeta
    kind: agency
    names:
      ja: [ゼータ研究機構]
      en: [Zeta Research Organisation]
    acronyms: [ZRO]
    country: JP
    description:
      en: A test body.
      ja: テスト用の機関。
`;

test('a valid YAML file gives its entries and no problems', () => {
  const parsed = parseWorkspaceRegistry(ENTRY_YAML);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.entries.length, 1);
  assert.equal(parsed.entries[0]!.id, 'test.zeta');
  assert.deepEqual(parsed.entries[0]!.acronyms, ['ZRO']);
});

test('JSON is read by the same parser', () => {
  const json = JSON.stringify({
    entries: [
      {
        id: 'test.j',
        kind: 'program',
        names: { ja: [], en: ['J Programme'] },
        country: 'JP',
        description: { en: 'x', ja: 'x' },
      },
    ],
  });
  const parsed = parseWorkspaceRegistry(json);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.entries[0]!.kind, 'program');
});

test('an invalid entry is reported on its line and the valid ones are kept', () => {
  const text = `${ENTRY_YAML}  - id: Bad Id
    kind: agency
    names: { ja: [悪い名前] }
    country: JP
    description: { en: x, ja: x }
  - id: test.nokind
    kind: person
    names: { en: [Someone] }
    country: JP
    description: { en: x, ja: x }
`;
  const parsed = parseWorkspaceRegistry(text);
  assert.equal(parsed.entries.length, 1);
  assert.deepEqual(
    parsed.problems.map((p) => p.line),
    [11, 16],
  );
  assert.match(parsed.problems[0]!.message, /entries\[1\].*"id" must match/);
  assert.match(
    parsed.problems[1]!.message,
    /entries\[2\] \(test.nokind\): "kind" must be one of agency, program, instrument/,
  );
});

test('a syntax error is one problem with its line, and no entries', () => {
  const parsed = parseWorkspaceRegistry('entries:\n  - id: a\n    names: [unclosed\n');
  assert.equal(parsed.entries.length, 0);
  assert.equal(parsed.problems.length >= 1, true);
  assert.ok(parsed.problems[0]!.line >= 2, `line ${parsed.problems[0]!.line}`);
});

test('a file that is not a registry at all says so', () => {
  const parsed = parseWorkspaceRegistry('- just\n- a list\n');
  assert.equal(parsed.entries.length, 0);
  assert.match(parsed.problems[0]!.message, /expected an object with an "entries" array/);
});
