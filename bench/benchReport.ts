/**
 * The benchmark's output: the table of figures printed to the terminal, `bench/results.json`
 * and `BENCHMARKS.md` (the latest table, with how to reproduce it).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { type Figure, format, met } from './stats';

export interface BenchRun {
  readonly date: string;
  readonly quick: boolean;
  readonly seconds: number;
  readonly machine: {
    readonly cpus: number;
    readonly model: string;
    readonly memoryGB: number;
    readonly loadAverage: number[];
  };
  readonly node: string;
  readonly server: string;
  readonly baseline: string | undefined;
  readonly figures: readonly Figure[];
}

export function machine(): BenchRun['machine'] {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
  };
}

const target = (f: Figure) =>
  f.target ? `${f.target.op === '<=' ? '≤' : '≥'} ${f.target.value} ${f.unit}`.trim() : '';
const verdict = (f: Figure) => {
  const ok = met(f);
  return ok === undefined ? '' : ok ? 'met' : 'not met';
};

export function printTable(figures: readonly Figure[], withBefore: boolean, log: (line: string) => void): void {
  let row = '';
  for (const f of figures) {
    if (f.row !== row) {
      row = f.row;
      log(`\n${row}`);
    }
    const before = withBefore ? `  (before: ${format(f.before, f.unit)})` : '';
    const goal = f.target ? `  target ${target(f)}: ${verdict(f)}` : '';
    log(`  ${f.label}: ${format(f.value, f.unit)}${before}${goal}${f.note ? `  — ${f.note}` : ''}`);
  }
}

export function writeResults(root: string, run: BenchRun): void {
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(root, 'BENCHMARKS.md'), markdown(run));
}

function markdown(run: BenchRun): string {
  const withBefore = run.baseline !== undefined;
  const lines = [
    '# Benchmarks',
    '',
    'The figures of issue 10 ("Instant at any size"), measured from outside: a benchmark client',
    'spawns the bundled server (`dist/server.js`) over stdio and sends what VS Code sends',
    '(didOpen, didChange with incremental edits, hover, definition, references, documentHighlight,',
    'documentSymbol, `textDocument/diagnostic` and `workspace/diagnostic` pulls with',
    '`previousResultIds` and a partial-result token) on workspaces generated from',
    '`../shared/corpus/egov-statutes/` and the seeds; `agreement-lint`, the regex baseline and',
    'textlint run as whole processes, alternately, and their medians are compared. Latencies are',
    'medians and 95th percentiles over the requests of one run. Speeds are given beside a baseline',
    'measured in the same run (one regex pass over the same bytes), so that the machine cancels out.',
    '',
    '## How to reproduce',
    '',
    '```sh',
    'npm run build',
    'npm run bench                 # everything (20 and 100 MB workspaces, textlint): several minutes',
    'npm run bench -- --quick      # a short run (20 MB only, fewer rounds); writes nothing here',
    'npm run bench -- --against /path/to/other/dist   # the same figures for another build, side by side',
    'BENCH_DIST=/path/to/dist npm run bench            # measure another build only',
    '```',
    '',
    'Workspaces and documents are generated once under the system temporary folder',
    '(`agreement-bench/`); textlint and its Japanese technical-writing preset are installed from',
    'npm into `~/.cache/agreement-bench/textlint` the first time (never as a dependency of the',
    'project). The raw figures are in `bench/results.json`.',
    '',
    `## Latest run`,
    '',
    `${run.date}, ${run.quick ? 'quick run, ' : ''}${run.seconds.toFixed(0)} s; ${run.machine.cpus} × ${run.machine.model}, ${run.machine.memoryGB} GB; load average ${run.machine.loadAverage.join(' ')}; Node ${run.node}.`,
    withBefore ? `"Before" is ${run.baseline}, measured in the same run.` : '',
    '',
    withBefore ? '| figure | before | now | target | |' : '| figure | now | target | |',
    withBefore ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |',
  ];
  let row = '';
  for (const f of run.figures) {
    if (f.row !== row) {
      row = f.row;
      lines.push(withBefore ? `| **${row}** | | | | |` : `| **${row}** | | | |`);
    }
    const label = f.note ? `${f.label} (${f.note})` : f.label;
    const cells = withBefore
      ? [label, format(f.before, f.unit), format(f.value, f.unit), target(f), verdict(f)]
      : [label, format(f.value, f.unit), target(f), verdict(f)];
    lines.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}
