/**
 * Figures of whole runs, each beside a baseline measured in the same run so that the
 * machine's speed cancels out:
 *
 * - the analysis core on the statute corpus, in this process: ms per MB of analysis, and what
 *   the rules and the index entries add — beside one regex pass over the same texts;
 * - `agreement-lint` as a whole process on the corpus, beside a process that reads the same
 *   files and runs one regex pass over them;
 * - textlint with the Japanese technical-writing preset on the seeds and on a 2.35 MB sample,
 *   beside `agreement-lint` on the same files. textlint is installed by the benchmark into a
 *   cache folder from npm the first time; it is never a dependency of the project.
 *
 * Whole-process runs alternate (A, B, A, B…) and the medians are compared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseDocument } from '../server/src/core/analysis';
import { builtInRegistry } from '../server/src/core/registry/registry';
import { DEFAULT_RULE_CONFIG, runRules } from '../server/src/core/rules/runRules';
import { indexEntryOf, WorkspaceIndex } from '../server/src/core/workspace/workspaceIndex';
import { CORPUS, corpusFiles, MB, sampleOf, seedFiles } from './benchWorkspace';
import { type Figure, median } from './stats';

export interface WholeProcessOptions {
  readonly quick: boolean;
  /** The folder of the `cli.js` to run. */
  readonly dist: string;
  readonly log: (line: string) => void;
}

/** The regex of the baseline: clause labels, quoted terms and capitalised acronyms, in one alternation. */
const BASELINE_PATTERN =
  /第[一二三四五六七八九十百千〇0-9０-９]+条|「[^」\n]{1,40}」|[A-Z][A-Z0-9]{1,9}|[0-9０-９]{1,4}年/g;

function regexPass(texts: readonly string[]): number {
  let matches = 0;
  for (const text of texts) for (const _ of text.matchAll(BASELINE_PATTERN)) matches++;
  return matches;
}

function time<T>(fn: () => T): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Analysis, rules and index entries on the corpus, in this process, beside a regex pass. */
export function corpusInProcess(options: WholeProcessOptions): Figure[] {
  const files = corpusFiles();
  if (files.length === 0) return [];
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const registry = builtInRegistry();
  const rounds = options.quick ? 1 : 3;
  const analysisMs: number[] = [];
  const rulesMs: number[] = [];
  const indexMs: number[] = [];
  const regexMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    regexMs.push(time(() => regexPass(texts)));
    const analyses = [] as ReturnType<typeof analyseDocument>[];
    analysisMs.push(time(() => texts.forEach((t, i) => analyses.push(analyseDocument(files[i]!, t, 0, { registry })))));
    const index = new WorkspaceIndex();
    indexMs.push(time(() => analyses.forEach((a) => index.set(indexEntryOf(a)))));
    rulesMs.push(
      time(() =>
        analyses.forEach((a) => runRules({ document: a, workspace: index, registry, config: DEFAULT_RULE_CONFIG })),
      ),
    );
  }
  const perMB = (ms: number) => ms / (bytes / MB);
  const analysis = median(analysisMs);
  const regex = median(regexMs);
  const row = 'statute corpus: analysis, rules, CLI';
  return [
    {
      id: 'corpus.analysis',
      row,
      label: `analysis of the statute corpus (${(bytes / MB).toFixed(1)} MB, in process)`,
      value: perMB(analysis),
      unit: 'ms/MB',
      target: { op: '<=', value: 50 },
      note: `${(analysis / regex).toFixed(0)}× one regex pass (${perMB(regex).toFixed(1)} ms/MB)`,
    },
    {
      id: 'corpus.rulesAndIndex',
      row,
      label: 'rules and index entries, added to the analysis',
      value: (100 * (median(rulesMs) + median(indexMs))) / analysis,
      unit: '%',
      note: `rules ${perMB(median(rulesMs)).toFixed(0)} ms/MB, index ${perMB(median(indexMs)).toFixed(1)} ms/MB`,
    },
  ];
}

/** Runs a process and returns its wall time in ms (output discarded); `timedOut` when it was stopped at `timeoutMs`. */
function wall(
  command: string,
  args: readonly string[],
  cwd?: string,
  timeoutMs = 30 * 60_000,
): { ms: number; status: number | null; stderr: string; timedOut: boolean } {
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * MB,
    timeout: timeoutMs,
  });
  const timedOut = result.status === null && result.signal !== null;
  return { ms: performance.now() - start, status: result.status, stderr: result.stderr?.toString() ?? '', timedOut };
}

/** A process that reads the files and makes one regex pass over them: the baseline of whole-process runs. */
function regexProcess(paths: readonly string[]): { ms: number } {
  const script = `
    const { readFileSync } = require('node:fs');
    const pattern = ${BASELINE_PATTERN.toString()};
    let n = 0;
    for (const path of JSON.parse(process.argv[1])) for (const _ of readFileSync(path, 'utf8').matchAll(pattern)) n++;
    process.stdout.write(String(n));`;
  return wall(process.execPath, ['-e', script, JSON.stringify(paths)]);
}

/** Runs each process in turn, `rounds` times; the median of each, and how many runs were stopped at their time limit. */
function alternate(
  rounds: number,
  runs: Record<string, () => { ms: number; timedOut?: boolean }>,
): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  let timedOut = 0;
  for (let round = 0; round < rounds; round++)
    for (const [name, run] of Object.entries(runs)) {
      const result = run();
      if (result.timedOut) timedOut++;
      samples[name]!.push(result.ms);
    }
  return { ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])), timedOut };
}

/** `agreement-lint` on the corpus as a whole process, beside the regex process. */
export function cliOnCorpus(options: WholeProcessOptions): Figure[] {
  const files = corpusFiles();
  if (files.length === 0) return [];
  const cli = join(options.dist, 'cli.js');
  const medians = alternate(options.quick ? 1 : 3, {
    cli: () => wall(process.execPath, [cli, CORPUS]),
    regex: () => regexProcess(files),
  });
  return [
    {
      id: 'cli.corpus',
      row: 'statute corpus: analysis, rules, CLI',
      label: 'agreement-lint on the corpus / one regex pass over the same files (whole processes)',
      value: medians.cli! / medians.regex!,
      unit: '×',
      target: { op: '<=', value: 10 },
      note: `agreement-lint ${(medians.cli! / 1000).toFixed(1)} s, regex ${(medians.regex! / 1000).toFixed(2)} s`,
    },
  ];
}

const TEXTLINT_PACKAGES = ['textlint@14', 'textlint-rule-preset-ja-technical-writing@12'];

/** textlint, installed once into a cache folder; undefined (and why) when it cannot be installed. */
function textlint(log: (line: string) => void): { bin: string; config: string } | { error: string } {
  const folder = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agreement-bench', 'textlint');
  const bin = join(folder, 'node_modules', 'textlint', 'bin', 'textlint.js');
  const config = join(folder, '.textlintrc.json');
  if (!existsSync(bin)) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'agreement-bench-textlint', private: true }));
    log(`  installing ${TEXTLINT_PACKAGES.join(' ')} into ${folder}…`);
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', folder, ...TEXTLINT_PACKAGES], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (npm.status !== 0 || !existsSync(bin))
      return { error: `npm install failed: ${npm.stderr?.toString().slice(-300)}` };
  }
  writeFileSync(config, JSON.stringify({ rules: { 'preset-ja-technical-writing': true } }));
  return { bin, config };
}

/** textlint and agreement-lint on the same files: the seeds, and a 2.35 MB sample. */
export function againstTextlint(options: WholeProcessOptions): Figure[] {
  const installed = textlint(options.log);
  const row = 'against textlint (ja-technical-writing)';
  if ('error' in installed)
    return [{ id: 'textlint', row, label: 'textlint comparison', value: null, unit: '×', note: installed.error }];
  const cli = join(options.dist, 'cli.js');
  const figures: Figure[] = [];
  const sample = sampleOf(2.35);
  const cases = [
    { id: 'textlint.seeds', name: `the seeds (${seedFiles().length} files)`, files: seedFiles(), target: undefined },
    {
      id: 'textlint.sample',
      name: `a ${(sample.bytes / MB).toFixed(2)} MB sample (${sample.files.length} files)`,
      files: sample.files,
      target: 100,
    },
  ];
  for (const c of cases) {
    // Both read the files from a scratch copy, so neither finds project settings of the other.
    const scratch = join(tmpdir(), 'agreement-bench', `lint-${c.id}`);
    mkdirSync(scratch, { recursive: true });
    const paths = c.files.map((f, i) => {
      const to = join(scratch, `${String(i).padStart(4, '0')}.txt`);
      if (!existsSync(to) || statSync(to).size !== statSync(f).size) writeFileSync(to, readFileSync(f));
      return to;
    });
    const medians = alternate(options.quick ? 1 : 3, {
      textlint: () => wall(process.execPath, [installed.bin, '--config', installed.config, ...paths], scratch),
      agreementLint: () => wall(process.execPath, [cli, ...paths], scratch),
    });
    figures.push({
      id: c.id,
      row,
      label: `textlint / agreement-lint on ${c.name}`,
      value: medians.textlint! / medians.agreementLint!,
      unit: '×',
      ...(c.target ? { target: { op: '>=' as const, value: c.target } } : {}),
      note: `textlint ${(medians.textlint! / 1000).toFixed(1)} s, agreement-lint ${(medians.agreementLint! / 1000).toFixed(2)} s${medians.timedOut ? '; textlint was stopped at the time limit, so this is a lower bound' : ''}`,
    });
  }
  return figures;
}
