import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runAgreementLint } from '../../server/src/cli/agreementLint';
import { analyseDocument } from '../../server/src/core/analysis';
import { builtInRegistry, Registry } from '../../server/src/core/registry/registry';
import { SEEDS_DIR, seedFiles } from '../support/paths';

/** A registry whose name matcher throws: a stand-in for a bug inside one recogniser. */
function brokenRegistry(): Registry {
  const registry = new Registry(builtInRegistry().entries);
  Object.defineProperty(registry, 'matcher', {
    value: {
      findAll: () => {
        throw new Error('matcher exploded');
      },
      findAllFolded: () => {
        throw new Error('matcher exploded');
      },
      find: () => {
        throw new Error('matcher exploded');
      },
    },
  });
  return registry;
}

describe('the analysis contains each stage', () => {
  test('a stage that throws becomes an internal-error problem and the other stages still arrive', () => {
    const text = '第１条　宇宙航空研究開発機構(JAXA)は、2026年5月2日に協力する。\n第２条　前条の規定は、適用しない。\n';
    const analysis = analyseDocument('x.agr', text, 0, { registry: brokenRegistry() });
    assert.deepEqual(
      analysis.failures.map((f) => f.stage),
      ['named entities'],
    );
    const problem = analysis.problems.find((p) => p.code === 'internal-error');
    assert.ok(problem, 'the failure is a problem');
    assert.match(problem.message, /named entities/);
    assert.match(problem.message, /matcher exploded/);
    assert.equal(analysis.entities.length, 0);
    // Everything else is there: clauses, the definition, the date and the resolved reference.
    assert.deepEqual(
      analysis.structure.clauses.map((c) => c.label),
      ['第１条', '第２条'],
    );
    assert.deepEqual(
      analysis.definitions.map((d) => d.term),
      ['JAXA'],
    );
    assert.deepEqual(
      analysis.dates.map((d) => d.value),
      ['2026-05-02'],
    );
    assert.deepEqual(
      analysis.clauseReferences.map((r) => [r.reference.text, r.resolution.status]),
      [['前条', 'resolved']],
    );
  });

  test('a healthy analysis has no failures', () => {
    const analysis = analyseDocument('x.agr', '第１条　本協定は、締結の日から効力を生ずる。\n');
    assert.deepEqual(analysis.failures, []);
    assert.ok(!analysis.problems.some((p) => p.code === 'internal-error'));
  });

  test('an item reference in a text of paragraphs without articles (第1号 then ２　…) resolves or says why', () => {
    // The two-line text that used to crash the resolver (membersOf had no container).
    const analysis = analyseDocument('x.agr', '第1号\n２　その他\n');
    assert.deepEqual(analysis.failures, []);
    assert.deepEqual(
      analysis.clauseReferences.map((r) => r.resolution.status),
      ['unresolved'],
    );
  });
});

describe('agreement-lint survives a failing analysis', () => {
  const seeds = seedFiles().map((f) => join(SEEDS_DIR, f));
  const failingOn =
    (name: string): typeof analyseDocument =>
    (uri, text, version, options) => {
      if (uri.endsWith(name)) throw new Error('analysis exploded');
      return analyseDocument(uri, text, version, options);
    };

  test('the file is named on standard error, the others are printed, and the exit code is 2', () => {
    const broken = seedFiles()[1]!;
    const result = runAgreementLint(['--format', 'json', ...seeds], process.cwd(), { analyse: failingOn(broken) });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, new RegExp(`internal error while analysing '[^']*${broken}': analysis exploded`));
    const json = JSON.parse(result.stdout) as { files: Array<{ path: string }> };
    assert.equal(json.files.length, seeds.length - 1);
    assert.ok(!json.files.some((f) => f.path.endsWith(broken)));
  });

  test('a stage failure keeps the file in the output with what the other stages found', () => {
    const analyse: typeof analyseDocument = (uri, text, version, options) =>
      analyseDocument(uri, text, version, { ...options, registry: brokenRegistry() });
    const result = runAgreementLint(['--format', 'json', seeds[0]!], process.cwd(), { analyse });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /internal error while analysing .*\(named entities\): matcher exploded/);
    const json = JSON.parse(result.stdout) as { files: Array<{ entities: Array<{ kind: string }> }> };
    assert.ok(json.files[0]!.entities.some((e) => e.kind === 'clause'));
    assert.ok(json.files[0]!.entities.some((e) => e.kind === 'date'));
  });
});

describe('inputs the fuzzer found', () => {
  test('前項各号 in a text of paragraphs without articles: the items of the first paragraph', () => {
    for (const text of ['２　前項各号', '２　前項め同項第一号']) {
      const analysis = analyseDocument('x.agr', text);
      assert.deepEqual(analysis.failures, [], text);
    }
  });

  test('a label on the line above an article is not its caption: (x) and （４） keep their own ranges', () => {
    for (const text of ['(x) \r第3条', '\n(ix) \n第７条', '\n（４）\t\n第九条の三']) {
      const { clauses } = analyseDocument('x.agr', text).structure;
      for (const c of clauses) assert.ok(c.range.start <= c.labelRange.start && c.labelRange.end <= c.range.end, text);
      const article = clauses.find((c) => c.unit === 'article')!;
      assert.equal(article.heading, undefined, text);
    }
  });

  test('a definition’s expansion never starts between the halves of an astral kanji', () => {
    for (let n = 190; n <= 200; n++) {
      const text = `𠮷${'x'.repeat(n)}機構（以下「構」という）`;
      for (const d of analyseDocument('x.agr', text).definitions) {
        const c = text.charCodeAt(d.expansionRange.start);
        assert.ok(!(c >= 0xdc00 && c <= 0xdfff), `${n}: starts inside 𠮷`);
      }
    }
  });
});
