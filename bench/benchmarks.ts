/**
 * Benchmarks that print figures (never pass/fail): `npm run bench` (`--quick` for a short
 * run, `--against <dist>` to measure another build beside this one, `--only <word>` for the
 * parts whose name contains it).
 *
 * 1. Analysis throughput on the statute corpus (../shared/corpus), per stage, and the
 *    largest file's time, against the design budget of well under 50 ms per MB.
 * 2. Recognition on the seeds with every registry entry that names a gold entity removed:
 *    how the recogniser does on names it has never been told about, the best proxy we have
 *    for texts it has not seen.
 * 3. Decoding a 2 MB file in each encoding.
 * 4. Every figure of issue 10's table (serverBenchmarks.ts, wholeProcessBenchmarks.ts), written
 *    to bench/results.json and BENCHMARKS.md.
 * 5. Issue 11's random-edit property at scale (`--only edits`): 100,000 random incremental
 *    edits through the bundled server, each batch compared with a fresh analysis of the text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { analyseDocument } from '../server/src/core/analysis';
import { recogniseDates } from '../server/src/core/recognise/dates';
import { recogniseDefinitions } from '../server/src/core/recognise/definitions';
import { recogniseNamedEntities } from '../server/src/core/recognise/namedEntities';
import { builtInRegistry } from '../server/src/core/registry/registry';
import { parseClauseStructure } from '../server/src/core/structure/clauseStructure';
import { decodeText } from '../server/src/workspace/decodeText';
import { SCORED_KINDS } from '../test/support/goldScoring';
import { recognitionWithoutSeedNames } from '../test/support/heldOutRecognition';
import { type BenchRun, machine, printTable, writeResults } from './benchReport';
import { runRandomEdits } from '../test/support/randomEdits';
import { fuzzFigures } from './fuzz';
import { realCorpusFigures } from './realCorpus';
import { serverBenchmarks } from './serverBenchmarks';
import type { Figure } from './stats';
import { againstTextlint, cliOnCorpus, corpusInProcess } from './wholeProcessBenchmarks';

const ROOT = join(__dirname, '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'egov-statutes');

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

function corpusThroughput(): void {
  if (!existsSync(CORPUS)) return console.log('corpus: skipped (../shared/corpus not found)');
  const files = readdirSync(CORPUS).map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') }));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const registry = builtInRegistry();
  const stages: Array<[string, (text: string) => unknown]> = [
    ['clause structure', parseClauseStructure],
    ['definitions', (t) => recogniseDefinitions(t)],
    ['named entities', (t) => recogniseNamedEntities(t, recogniseDefinitions(t), registry)],
    ['dates', (t) => recogniseDates(t)],
    ['whole analysis', (t) => analyseDocument('bench', t)],
  ];
  console.log(`corpus: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  for (const [name, fn] of stages) {
    const [, ms] = time(() => files.forEach((f) => fn(f.text)));
    console.log(
      `  ${name.padEnd(18)} ${ms.toFixed(0).padStart(6)} ms  ${((ms / bytes) * 1024 * 1024).toFixed(1).padStart(6)} ms/MB`,
    );
  }
  const largest = files.reduce((a, b) => (a.text.length > b.text.length ? a : b));
  const [, ms] = time(() => analyseDocument('bench', largest.text));
  console.log(
    `  largest file ${largest.name}: ${(Buffer.byteLength(largest.text) / 1024 / 1024).toFixed(2)} MB in ${ms.toFixed(0)} ms`,
  );
}

function heldOutRecognition(): void {
  const { kept, total, scores } = recognitionWithoutSeedNames();
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  console.log(`recognition without the seeds' names (registry ${kept} of ${total} entries):`);
  for (const kind of SCORED_KINDS) {
    const f = scores.kinds[kind]!;
    console.log(`  ${kind.padEnd(11)} P ${pct(f.precision)} R ${pct(f.recall)} F1 ${pct(f.f1)}`);
  }
  console.log(
    `  entities    F1 ${pct(scores.entities.f1)}; linking F1 ${pct(scores.linking.f1)}; definitions F1 ${pct(scores.definitions.f1)}`,
  );
}

function decoding(): void {
  const chunk =
    '第一条　日本国政府及びベトナム社会主義共和国政府は、協力する。Article 2. This Agreement enters into force.\n';
  console.log('decoding 2 MB (best of 5):');
  for (const encoding of ['utf-8', 'utf-16le', 'shift_jis', 'euc-jp']) {
    const text = chunk.repeat(Math.ceil((2 * 1024 * 1024) / Buffer.byteLength(chunk)));
    const bytes = iconv.encode(text, encoding, { addBOM: encoding === 'utf-16le' });
    let best = Infinity;
    for (let i = 0; i < 5; i++) best = Math.min(best, time(() => decodeText(bytes))[1]);
    console.log(`  ${encoding.padEnd(10)} ${best.toFixed(1)} ms`);
  }
}

/** Issue 11's random-edit property, 100,000 steps (10,000 with --quick): figures, and every failure it found. */
async function randomEditFigures(quick: boolean): Promise<void> {
  const steps = quick ? 10_000 : 100_000;
  const run = await runRandomEdits({ seed: 1, steps, batch: 200, log: (line) => console.log(line) });
  console.log(
    `random edits: ${run.steps} steps (${run.changes} changes), ${run.batches} comparisons with a fresh analysis, ` +
      `texts up to ${run.largestText} characters, in ${(run.milliseconds / 1000).toFixed(1)} s: ` +
      `${run.failures.length} failures${run.failures.length ? ':' : ''}`,
  );
  for (const failure of run.failures.slice(0, 20)) console.log(`  ${failure}`);
}

interface BenchOptions {
  readonly quick: boolean;
  readonly only: string | undefined;
  readonly dist: string;
  readonly against: string | undefined;
}

function optionsOf(argv: readonly string[]): BenchOptions {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return {
    quick: argv.includes('--quick') || process.env.BENCH_QUICK === '1',
    only: value('--only'),
    dist: process.env.BENCH_DIST ?? join(ROOT, 'dist'),
    against: value('--against'),
  };
}

/** The figures of issue 10: the server over stdio, and whole-process runs, each for this build (and `--against`'s). */
async function issueFigures(options: BenchOptions): Promise<void> {
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const wanted = (name: string) => !options.only || name.includes(options.only);
  const measure = async (dist: string): Promise<Figure[]> => {
    const figures: Figure[] = [];
    if (wanted('server')) figures.push(...(await serverBenchmarks({ quick: options.quick, dist, log })));
    if (wanted('cli')) figures.push(...cliOnCorpus({ quick: options.quick, dist, log }));
    // textlint does not depend on the build: it is measured once, beside this build's agreement-lint.
    if (wanted('textlint') && dist === options.dist)
      figures.push(...againstTextlint({ quick: options.quick, dist, log }));
    return figures;
  };
  console.log(`issue 10 figures${options.quick ? ' (quick run)' : ''}: server ${options.dist}`);
  const figures: Figure[] = wanted('corpus') ? corpusInProcess({ quick: options.quick, dist: options.dist, log }) : [];
  figures.push(...(await measure(options.dist)));
  if (options.against) {
    console.log(`the same figures for ${options.against}:`);
    const before = new Map((await measure(options.against)).map((f) => [f.id, f.value]));
    for (const [i, f] of figures.entries())
      if (before.has(f.id)) figures[i] = { ...f, before: before.get(f.id) ?? null };
  }
  printTable(figures, options.against !== undefined, log);
  const run: BenchRun = {
    date: new Date().toISOString(),
    quick: options.quick,
    seconds: (performance.now() - started) / 1000,
    machine: machine(),
    node: process.version,
    server: options.dist,
    baseline: options.against,
    figures,
  };
  if (!options.quick && !options.only) {
    writeResults(ROOT, run);
    console.log('\nwritten: bench/results.json, BENCHMARKS.md');
  }
}

async function main(): Promise<void> {
  const options = optionsOf(process.argv.slice(2));
  const wanted = (name: string) => !options.only || name.includes(options.only);
  if (wanted('throughput')) corpusThroughput();
  if (wanted('recognition')) heldOutRecognition();
  if (wanted('decoding')) decoding();
  if (wanted('real')) realCorpusFigures();
  if (wanted('fuzz')) fuzzFigures();
  if (wanted('edits')) await randomEditFigures(options.quick);
  await issueFigures(options);
}

void main();
