/**
 * Figures on real agreements (never pass/fail): for each file of `../shared/corpus/real/` and
 * of `test/corpus/real-extra/`, the top-level units a reader sees (from the corpus README)
 * against those of the outline, and the findings, split into the known-real ones and the
 * others; then the statutes corpus' structural and date findings per MB.
 *
 * `node --import tsx bench/realCorpus.ts` prints the tables; `--verbose` adds, per file, the
 * outline's top-level units and every finding, which is what the lead reads when a row is off.
 */
import { existsSync } from 'node:fs';
import {
  type CorpusReport,
  REAL_CORPUS_DIR,
  REAL_EXTRA_CORPUS_DIR,
  runRealCorpus,
  statutesFindings,
} from '../test/support/realCorpus';

function printCorpus(title: string, dir: string, verbose: boolean): void {
  if (!existsSync(dir)) return console.log(`${title}: skipped (${dir} not found)`);
  const started = performance.now();
  const report = runRealCorpus(dir);
  if (!report) return console.log(`${title}: skipped (no README.md in ${dir})`);
  const ms = performance.now() - started;
  console.log(`${title}: ${report.files.length} files in one workspace (${ms.toFixed(0)} ms)`);
  printTable(report);
  if (verbose) printDetails(report);
}

/** Findings the rules were not sure of: shown at info level, after the warnings. */
function infoCount(file: CorpusReport['files'][number]): number {
  return [...file.otherFindings, ...file.knownRealFound].filter((f) => f.severity === 'info').length;
}

function printTable(report: CorpusReport): void {
  const rows = report.files.map((f) => {
    const expected = f.expected?.count;
    const got = f.topLevelCount;
    const known = f.knownRealFound.length + f.knownRealMissed.length;
    return [
      f.id,
      expected === undefined ? '?' : String(expected),
      String(got),
      expected === undefined ? '' : expected === got ? '' : `${got - expected > 0 ? '+' : ''}${got - expected}`,
      `${f.otherFindings.length + f.knownRealFound.length}${infoCount(f) > 0 ? ` (${infoCount(f)} info)` : ''}`,
      known === 0 ? '' : `${f.knownRealFound.length}/${known}`,
      [
        f.internalErrors.length > 0 ? `${f.internalErrors.length} internal` : '',
        f.refused ? 'refused by the linter' : '',
      ]
        .filter(Boolean)
        .join(', '),
    ];
  });
  const mismatched = report.files.filter((f) => f.expected && f.expected.count !== f.topLevelCount).length;
  const findings = report.files.reduce((n, f) => n + f.otherFindings.length + f.knownRealFound.length, 0);
  const others = report.files.reduce((n, f) => n + f.otherFindings.length, 0);
  const found = report.files.reduce((n, f) => n + f.knownRealFound.length, 0);
  const known = report.files.reduce((n, f) => n + f.knownRealFound.length + f.knownRealMissed.length, 0);
  const internal = report.files.reduce((n, f) => n + f.internalErrors.length, 0);
  const info = report.files.reduce((n, f) => n + infoCount(f), 0);
  rows.push([
    'total',
    '',
    '',
    `${mismatched} of ${report.files.length} off`,
    `${findings} (${others} not known-real, ${info} info)`,
    `${found}/${known}`,
    internal > 0 ? `${internal} internal` : '',
  ]);
  const header = ['file', 'expected', 'got', 'mismatch', 'findings', 'known-real found', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function printDetails(report: CorpusReport): void {
  for (const f of report.files) {
    const expected = f.expected ? `${f.expected.count}: ${f.expected.description}` : '?';
    console.log(`\n  ${f.path}  (expected ${expected})`);
    const units = f.topLevel.map((u) => `${u.line}:${u.tableOfContents ? '(toc) ' : ''}${u.name}`);
    console.log(`    outline top level (${f.topLevelCount}): ${units.join(' | ')}`);
    for (const e of f.internalErrors) console.log(`    INTERNAL ${e}`);
    if (f.refused) console.log(`    REFUSED by agreement-lint: ${f.refused} (measured as Latin-1)`);
    for (const d of f.knownRealFound) console.log(`    known-real ${d.line} ${d.code} ${d.about}`);
    for (const k of f.knownRealMissed) console.log(`    known-real MISSED ${k.line} ${k.text}`);
    for (const d of f.otherFindings) console.log(`    ${d.line} ${d.code} ${d.about} — ${d.message.slice(0, 140)}`);
  }
}

function printStatutes(): void {
  const started = performance.now();
  const figures = statutesFindings();
  if (!figures) return console.log('statutes: skipped (../shared/corpus/egov-statutes not found)');
  const ms = performance.now() - started;
  const mb = figures.bytes / 1024 / 1024;
  console.log(
    `statutes: ${figures.files} files, ${mb.toFixed(1)} MB (${(ms / 1000).toFixed(1)} s): ` +
      `${figures.total} structural and date findings, ${figures.perMB.toFixed(2)} per MB` +
      (figures.internalErrors > 0 ? `, ${figures.internalErrors} internal errors` : ''),
  );
  console.log(`  ${[...figures.byCode].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  console.log(`  most: ${figures.worst.map((w) => `${w.file} ${w.count}`).join(', ')}`);
}

export function realCorpusFigures(verbose = false): void {
  printCorpus('real corpus (../shared/corpus/real)', REAL_CORPUS_DIR, verbose);
  printCorpus('real-extra corpus (test/corpus/real-extra)', REAL_EXTRA_CORPUS_DIR, verbose);
  printStatutes();
}

if (require.main === module) realCorpusFigures(process.argv.includes('--verbose'));
