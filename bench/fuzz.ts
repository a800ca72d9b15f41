/**
 * The structure-aware fuzzer at scale (figures, never pass/fail): 100,000 cases of
 * `test/support/structuredFuzz.ts`, up to 120 lines each before wrapping. Prints the count,
 * each distinct failure with its reproducer (seed and case number) and a shrunk text, and the
 * slowest case with its size and time.
 *
 * `node --import tsx bench/fuzz.ts [cases] [seed]` runs another count or seed.
 */
import { describeFailure, loadFuzzSources, runFuzz } from '../test/support/structuredFuzz';

export function fuzzFigures(cases = 100_000, seed = 1): void {
  const sources = loadFuzzSources();
  const run = runFuzz({
    seed,
    cases,
    sources,
    maxLines: 120,
    progressEvery: 25_000,
    onProgress: (done) => console.log(`  … ${done} cases`),
  });
  const mb = run.characters / 1024 / 1024;
  console.log(
    `fuzz: ${run.cases} cases, seed ${seed} (sources: ${sources.found.join(', ')}), ` +
      `${mb.toFixed(1)} M characters in ${(run.totalMs / 1000).toFixed(1)} s; a case here is ` +
      `generateCase(seed, n, loadFuzzSources(), { maxLines: 120 })`,
  );
  console.log(
    `  ${run.failingCases} failing cases, ${run.distinct.length} distinct failures` + (run.distinct.length ? ':' : ''),
  );
  for (const failure of run.distinct)
    console.log(
      describeFailure(failure, run.counts.get(failure.signature))
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  const s = run.slowest;
  console.log(
    `  slowest: case ${s.caseNumber} (${s.layout}), ${s.length} characters in ${s.ms.toFixed(1)} ms (best of 3)` +
      ` (${((s.ms / Math.max(1, s.length)) * 1024 * 1024).toFixed(0)} ms/M characters)`,
  );
}

if (require.main === module) {
  const [cases, seed] = process.argv.slice(2).map(Number);
  fuzzFigures(cases || undefined, seed || undefined);
}
