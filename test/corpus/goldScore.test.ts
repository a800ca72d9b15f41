import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAgreementLint } from '../../server/src/cli/agreementLint';
import { type GoldFile, type PredictedFile, SCORED_KINDS, scoreAgainstGold } from '../support/goldScoring';
import { REPO_ROOT, SEEDS_DIR, seedFiles } from '../support/paths';

/**
 * Recognition measured against the gold of the seeds (test/gold, copied from ../shared/gold),
 * through the linter's JSON exactly as CI would score it. The floors are the product's.
 */
test('recognition on the seeds meets the floors', (t) => {
  const goldDir = join(REPO_ROOT, 'test', 'gold');
  const golds = readdirSync(goldDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as GoldFile);
  const result = runAgreementLint(['--format', 'json', ...seedFiles().map((f) => join(SEEDS_DIR, f))]);
  assert.equal(result.exitCode, 0, result.stderr);
  const predictions = (JSON.parse(result.stdout) as { files: PredictedFile[] }).files;
  const scores = scoreAgainstGold(golds, predictions);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  for (const kind of SCORED_KINDS) {
    const f = scores.kinds[kind]!;
    t.diagnostic(
      `${kind}: P ${pct(f.precision)} R ${pct(f.recall)} F1 ${pct(f.f1)} (tp ${f.tp} fp ${f.fp} fn ${f.fn})`,
    );
  }
  t.diagnostic(
    `entities F1 ${pct(scores.entities.f1)}, definitions F1 ${pct(scores.definitions.f1)}, linking F1 ${pct(scores.linking.f1)}, date values ${pct(scores.dateValues.accuracy)}`,
  );
  const misses = `\n${scores.misses.join('\n')}`;
  assert.ok(scores.entities.f1 >= 0.9, `entities F1 ${pct(scores.entities.f1)} < 90%${misses}`);
  for (const kind of SCORED_KINDS)
    assert.ok(scores.kinds[kind]!.f1 >= 0.85, `${kind} F1 ${pct(scores.kinds[kind]!.f1)} < 85%${misses}`);
  assert.ok(scores.dateValues.accuracy >= 0.95, `date values ${pct(scores.dateValues.accuracy)} < 95%${misses}`);
  assert.ok(scores.definitions.f1 >= 0.95, `definitions F1 ${pct(scores.definitions.f1)} < 95%${misses}`);
  assert.ok(scores.linking.f1 >= 0.9, `linking F1 ${pct(scores.linking.f1)} < 90%${misses}`);
  t.diagnostic(`diagnostics: P ${pct(scores.diagnostics.precision)} R ${pct(scores.diagnostics.recall)}`);
  // Issue 9: the seeds' diagnostics stay at precision and recall 100.
  assert.equal(scores.diagnostics.recall, 1, `diagnostics recall ${pct(scores.diagnostics.recall)} < 100%${misses}`);
  assert.equal(
    scores.diagnostics.precision,
    1,
    `diagnostics precision ${pct(scores.diagnostics.precision)} < 100%${misses}`,
  );
});
