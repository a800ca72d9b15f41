/**
 * The structure-aware fuzzer over the analysis core (issue 8, "Never crash"): 2,000 cases of
 * real lines spliced with labels, references, document numbers, dates, definitions, odd
 * characters and line ends; each must analyse without a failed stage, run every rule without
 * an error, keep every range inside the text and whole code points, give outline symbols whose
 * ranges contain their selections, and build an index entry. `bench/fuzz.ts` runs 100,000.
 *
 * Failures already reported to the lead are listed in KNOWN_FAILURES: each is a `todo` test
 * on its minimal text that fails (visibly, without failing the run) until the core is fixed,
 * and then moves to FIXED_FAILURES, an ordinary test. Any other failure fails the suite, with
 * the seed, the case and a shrunk text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkEnvironment,
  checkText,
  createRandom,
  describeFailure,
  type FuzzFailure,
  type FuzzProblem,
  generateCase,
  loadFuzzSources,
  rangeProblem,
  runFuzz,
  shrinkText,
} from '../support/structuredFuzz';

const SEED = 20260508;
const CASES = 2000;

/**
 * Failures found on 2026-12-01 and reported to the lead, each with its minimal text; move an
 * entry to FIXED_FAILURES once it is fixed. `matches` recognises it among the fuzz run's failures.
 */
const KNOWN_FAILURES: ReadonlyArray<{
  readonly name: string;
  readonly text: string;
  readonly matches: (p: FuzzProblem) => boolean;
}> = [];

/** Minimal texts of failures that the core has since fixed: they stay fixed. */
const FIXED_FAILURES: ReadonlyArray<{ readonly name: string; readonly text: string }> = [
  // A parenthesised Roman label on the line above an article, taken as its caption (fixed in cbea83d).
  { name: 'structure stage: finish read end of undefined', text: '(x) \r第3条' },
  { name: 'structure stage, CRLF', text: '(ii) \r\n第114条' },
  // The same caption, whose range ended before it started (fixed in cbea83d).
  { name: 'a clause range that ended before it started', text: '\n(ix) \n第７条' },
  { name: 'and its outline symbol', text: '\n（４）\t\n第九条の三' },
  // The resolver's membersOf had no container for a paragraph outside an article (fixed in d5a69b5).
  { name: 'clause references stage: membersOf read index of undefined', text: '２　前項各号' },
  { name: 'the same, with an item', text: '３　前項第三号に' },
  // The expansion's left edge stopped after 200 code units, between the halves of 𠮷 (fixed in d5a69b5).
  {
    name: 'a definition expansion that started inside a surrogate pair',
    text: `𠮷${'the Parties '.repeat(20).slice(0, 197)}機構（以下「構」という）`,
  },
  // A "means" definition cut at 400 code units between the halves of 😀 (seed 1, case 17303 of bench/fuzz.ts).
  { name: 'a means definition that ended inside a surrogate pair', text: `"IAEA" means ${'x'.repeat(398)}😀 more` },
];

describe('structure-aware fuzzing of the analysis', () => {
  const sources = loadFuzzSources();
  const run = runFuzz({ seed: SEED, cases: CASES, sources });
  const known = (failure: FuzzFailure) => KNOWN_FAILURES.find((k) => k.matches(failure.problem));
  const environment = checkEnvironment(sources);

  test(`${CASES} cases (sources: ${sources.found.join(', ')}) fail in no way not yet reported`, () => {
    const unknown = run.distinct.filter((f) => !known(f));
    assert.equal(
      unknown.length,
      0,
      `${unknown.length} distinct new failures:\n${unknown.map((f) => describeFailure(f, run.counts.get(f.signature))).join('\n')}`,
    );
  });

  for (const entry of FIXED_FAILURES)
    test(`once a failure (issue 8), now passes every check: ${entry.name}`, () => {
      assert.deepEqual(checkText(entry.text, environment), []);
    });

  for (const entry of KNOWN_FAILURES)
    test(
      `known failure (issue 8): ${entry.name}: ${JSON.stringify(entry.text.slice(0, 40))}`,
      { todo: 'reported to the lead; fixed in the core' },
      () => {
        const problems = checkText(entry.text, environment);
        assert.deepEqual(problems, []);
        const hits = run.distinct.filter((f) => entry.matches(f.problem));
        assert.equal(hits.length, 0, hits.map((f) => describeFailure(f, run.counts.get(f.signature))).join('\n'));
      },
    );
});

describe('the fuzzer itself', () => {
  const sources = loadFuzzSources({ withoutShared: true });

  test('a case is the same text for the same seed and case number, and another for another', () => {
    const a = generateCase(5, 17, sources).text;
    assert.equal(generateCase(5, 17, sources).text, a);
    assert.notEqual(generateCase(5, 18, sources).text, a);
    assert.notEqual(generateCase(6, 17, sources).text, a);
  });

  test('without ../shared it still has the seeds to splice', () => {
    assert.deepEqual(
      sources.found.map((f) => f.split(' ')[0]),
      sources.found.some((f) => f.startsWith('real-extra')) ? ['seeds', 'real-extra'] : ['seeds'],
    );
    assert.ok(sources.jaLines.length > 100);
    assert.ok(generateCase(1, 1, sources).text.length > 0 || generateCase(1, 2, sources).text.length > 0);
  });

  test('the cases reach every layout and transform the brief names', () => {
    const seen = new Set<string>();
    let text = '';
    for (let n = 0; n < 600; n++) {
      const c = generateCase(1, n, sources);
      seen.add(c.layout);
      c.transforms.forEach((t) => seen.add(t));
      text += c.text;
    }
    for (const expected of ['spliced', 'excerpt', 'synthetic', 'hard-wrap', 'one line', 'BOM', '"\\r\\n"', '"\\r"'])
      assert.ok(seen.has(expected), `no case with ${expected}`);
    for (const piece of ['第', '条', '(c)', 'ARTICLE', '§', '別紙', '健発', '𠮷', '「', 'hereinafter', '号'])
      assert.ok(text.includes(piece), `no case contains ${piece}`);
  });

  test('a range check sees a range outside the text, reversed, or splitting a surrogate pair', () => {
    assert.equal(rangeProblem('a𠮷b', { start: 0, end: 4 }), undefined);
    assert.equal(rangeProblem('a𠮷b', { start: 1, end: 3 }), undefined);
    assert.match(rangeProblem('a𠮷b', { start: 2, end: 3 })!, /start 2 splits a surrogate pair/);
    assert.match(rangeProblem('a𠮷b', { start: 0, end: 2 })!, /end 2 splits a surrogate pair/);
    assert.match(rangeProblem('ab', { start: 2, end: 1 })!, /start after end/);
    assert.match(rangeProblem('ab', { start: 0, end: 3 })!, /outside the text/);
    assert.match(rangeProblem('ab', { start: -1, end: 1 })!, /outside the text/);
  });

  test('a healthy text passes every check, and a stage that throws is caught', () => {
    const environment = checkEnvironment();
    // A healthy text has no problems.
    assert.deepEqual(checkText('第１条　𠮷野家は、2026年5月2日に協力する。\n', environment), []);
    // A broken analysis is caught by the same checks: a fake registry whose matcher throws.
    const registry = environment.registry;
    const broken = Object.create(registry) as typeof registry;
    Object.defineProperty(broken, 'matcher', {
      value: {
        findAll: () => {
          throw new Error('boom');
        },
        findAllFolded: () => {
          throw new Error('boom');
        },
        find: () => {
          throw new Error('boom');
        },
      },
    });
    const problems = checkText('宇宙航空研究開発機構(JAXA)は協力する。', { ...environment, registry: broken });
    assert.ok(problems.some((p) => p.check === 'analysis failure' && p.where === 'named entities'));
  });

  test('shrinking keeps the failure and removes what it does not need', () => {
    const text = 'a\nb\nBAD line\nc\nd\n';
    const shrunk = shrinkText(text, (t) => t.includes('BAD'));
    assert.equal(shrunk, 'BAD');
    const random = createRandom(3);
    assert.ok(random() >= 0 && random() < 1);
  });
});
