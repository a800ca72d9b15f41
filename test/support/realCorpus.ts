/**
 * The real-corpus harness: runs the analysis and every rule over a folder of real agreements
 * (`../shared/corpus/real/`, `test/corpus/real-extra/`) in one workspace index, as
 * `agreement-lint` does, and sets what the outline shows beside what a reader sees.
 *
 * What a reader sees comes from the corpus' README, read by hand and kept there as data: the
 * table under "What a reader sees at the top level" (`| en04 | 13: Articles I–XI, … |`) and
 * the findings named under "Findings that are real" (`` `BOD7` in en03 (line 43) ``). This
 * module only measures; it asserts nothing, so that the figures of today's parser can be
 * printed by `bench/realCorpus.ts` and bounded by the lead's tests once the parser is rewritten.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { analyseDocument, type AnalysedDocument } from '../../server/src/core/analysis';
import { documentOutline } from '../../server/src/core/features/documentSymbols';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { DEFAULT_RULE_CONFIG, runRules } from '../../server/src/core/rules/runRules';
import type { Diagnostic } from '../../server/src/core/rules/ruleTypes';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { decodeText } from '../../server/src/workspace/decodeText';
import { REPO_ROOT, SHARED_DIR } from './paths';

/** The corpora the harness knows, by the folder that holds their README. */
export const REAL_CORPUS_DIR = join(SHARED_DIR, 'corpus', 'real');
export const REAL_EXTRA_CORPUS_DIR = join(REPO_ROOT, 'test', 'corpus', 'real-extra');
export const STATUTES_CORPUS_DIR = join(SHARED_DIR, 'corpus', 'egov-statutes');

/** A row of the README's table: a file's short id (`en04`) and what a reader counts at the top. */
export interface ExpectedTopLevel {
  readonly id: string;
  readonly count: number;
  /** The row's text after the count (`Articles I–XI, Appendix I, Appendix II`), possibly empty. */
  readonly description: string;
}

/** A finding the README says is right: its text as quoted there, and its one-based line. */
export interface KnownRealFinding {
  readonly id: string;
  readonly text: string;
  readonly line: number;
}

export interface CorpusReadme {
  readonly expected: readonly ExpectedTopLevel[];
  readonly knownReal: readonly KnownRealFinding[];
}

export interface OutlineUnit {
  readonly name: string;
  /** A folded table of contents (目次): shown in the outline, but not a unit a reader counts. */
  readonly tableOfContents: boolean;
  /** One-based line of the unit's label (or heading), as an editor shows it. */
  readonly line: number;
}

export interface HarnessFinding {
  readonly code: string;
  /** One-based line. */
  readonly line: number;
  /** What the finding is about (the acronym, the reference as written). */
  readonly about: string;
  /** The finding's message, in English. */
  readonly message: string;
  /** `info` for a finding the rule is not sure of (the structure around it was not understood). */
  readonly severity: Diagnostic['severity'];
}

export interface FileReport {
  readonly id: string;
  /** The file's path relative to the corpus folder (`en/en04_….txt`). */
  readonly path: string;
  readonly bytes: number;
  /** What the README says a reader sees; undefined when the README has no row for the file. */
  readonly expected: ExpectedTopLevel | undefined;
  /** The outline's top-level symbols, a folded table of contents included. */
  readonly topLevel: readonly OutlineUnit[];
  /** How many of them a reader would count: the top level without a folded table of contents. */
  readonly topLevelCount: number;
  readonly knownRealFound: readonly HarnessFinding[];
  /** Known-real findings of the README that the rules did not report. */
  readonly knownRealMissed: readonly KnownRealFinding[];
  readonly otherFindings: readonly HarnessFinding[];
  /** Stages of the analysis that failed, and rules that threw: each is a bug in the core. */
  readonly internalErrors: readonly string[];
  /** Why `agreement-lint` would refuse to read the file (it is measured all the same). */
  readonly refused?: string;
}

export interface CorpusReport {
  readonly dir: string;
  readonly files: readonly FileReport[];
}

/** The short id of a corpus file: `en04_mex-usa_border-pollution_1985.txt` → `en04`. */
export function fileIdOf(path: string): string {
  return basename(path).split(/[_.]/)[0] ?? basename(path);
}

/**
 * Reads the two hand-kept parts of a corpus README. The table's rows are
 * `| id | N: what | …` (or `| id | N |`); a known-real finding is written
 * `` `TEXT` in ID (line N) `` anywhere in the section "Findings that are real".
 */
export function parseCorpusReadme(markdown: string): CorpusReadme {
  const sections = splitSections(markdown);
  const expected: ExpectedTopLevel[] = [];
  for (const line of (sectionNamed(sections, 'what a reader sees at the top level') ?? '').split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 2) continue;
    const id = cells[0]!.replace(/`/g, '');
    const count = /^(\d+)\s*(?::\s*(.*))?$/s.exec(cells[1]!);
    if (!/^[a-z]+\d+$/i.test(id) || !count) continue;
    expected.push({ id, count: Number(count[1]), description: (count[2] ?? '').trim() });
  }
  const knownReal: KnownRealFinding[] = [];
  const real = sectionNamed(sections, 'findings that are real') ?? '';
  for (const match of real.matchAll(/`([^`]+)`\s+in\s+([a-z]+\d+)\s*\(line\s+(\d+)\)/gi))
    knownReal.push({ text: match[1]!, id: match[2]!, line: Number(match[3]) });
  return { expected, knownReal };
}

function splitSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name = '';
  let body: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      sections.set(name, body.join('\n'));
      name = heading[1]!.trim().toLowerCase();
      body = [];
    } else body.push(line);
  }
  sections.set(name, body.join('\n'));
  return sections;
}

function sectionNamed(sections: Map<string, string>, prefix: string): string | undefined {
  for (const [name, body] of sections) if (name.startsWith(prefix)) return body;
  return undefined;
}

/** Every `.txt` file below `dir`, sorted by path, README excluded. */
export function corpusFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.txt')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * A text as the editor holds it, decoded as `agreement-lint` decodes it. A file the linter
 * refuses (x28 of real-extra is Mac Roman) is still read, byte for byte as Latin-1, so that
 * its structure can be measured; `refused` says why the linter would not read it.
 */
export function readCorpusText(path: string): { text: string; refused?: string } {
  const bytes = readFileSync(path);
  const decoded = decodeText(bytes);
  if (decoded.ok) return { text: decoded.text };
  return { text: bytes.toString('latin1'), refused: decoded.error };
}

export interface AnalysedCorpusFile {
  readonly path: string;
  readonly text: string;
  readonly analysis: AnalysedDocument;
  readonly diagnostics: readonly Diagnostic[];
  readonly internalErrors: readonly string[];
  /** Why `agreement-lint` would refuse the file, when it would. */
  readonly refused?: string;
}

/**
 * Analyses the files in one workspace index and runs every rule with the default settings,
 * as `agreement-lint` does: all files are indexed before any rule runs, because some rules
 * read the other documents.
 */
export function analyseCorpus(paths: readonly string[]): AnalysedCorpusFile[] {
  const registry = builtInRegistry();
  const workspace = new WorkspaceIndex();
  const analysed = paths.map((path) => {
    const { text, refused } = readCorpusText(path);
    const analysis = analyseDocument(`file://${path}`, text, 0, { registry });
    workspace.set(indexEntryOf(analysis));
    return { path, text, analysis, refused };
  });
  return analysed.map(({ path, text, analysis, refused }) => {
    const internalErrors = analysis.failures.map((f) => `${f.stage}: ${reasonOf(f.error)}`);
    const diagnostics = runRules(
      { document: analysis, workspace, registry, config: DEFAULT_RULE_CONFIG },
      'en',
      (code, error) => internalErrors.push(`rule ${code}: ${reasonOf(error)}`),
    );
    return { path, text, analysis, diagnostics, internalErrors, ...(refused ? { refused } : {}) };
  });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The outline's top-level units of an analysed document, with their one-based lines. */
export function topLevelUnits(analysis: AnalysedDocument): OutlineUnit[] {
  return documentOutline(analysis).map((symbol) => ({
    name: symbol.name,
    tableOfContents: symbol.detail === 'table of contents',
    line: analysis.lines.positionAt(symbol.selectionRange.start).line + 1,
  }));
}

/**
 * Whether a finding is the known-real one: same file and line, and the README's quoted text
 * contains what the finding is about (`DCM project` for a finding about `DCM`).
 */
function isKnownReal(finding: HarnessFinding, known: KnownRealFinding): boolean {
  return finding.line === known.line && finding.about.length > 0 && known.text.includes(finding.about);
}

/** Runs the harness over a corpus folder with a README; undefined when the folder is absent. */
export function runRealCorpus(dir: string): CorpusReport | undefined {
  const readmePath = join(dir, 'README.md');
  if (!existsSync(readmePath)) return undefined;
  const readme = parseCorpusReadme(readFileSync(readmePath, 'utf8'));
  const analysed = analyseCorpus(corpusFiles(dir));
  const files = analysed.map((file): FileReport => {
    const id = fileIdOf(file.path);
    const known = readme.knownReal.filter((k) => k.id === id);
    const findings: HarnessFinding[] = file.diagnostics.map((d) => ({
      code: d.code,
      line: file.analysis.lines.positionAt(d.range.start).line + 1,
      about: d.about,
      message: d.message.en,
      severity: d.severity,
    }));
    const knownRealFound = findings.filter((f) => known.some((k) => isKnownReal(f, k)));
    const topLevel = topLevelUnits(file.analysis);
    return {
      id,
      path: relative(dir, file.path),
      bytes: Buffer.byteLength(file.text),
      expected: readme.expected.find((e) => e.id === id),
      topLevel,
      topLevelCount: topLevel.filter((u) => !u.tableOfContents).length,
      knownRealFound,
      knownRealMissed: known.filter((k) => !findings.some((f) => isKnownReal(f, k))),
      otherFindings: findings.filter((f) => !knownRealFound.includes(f)),
      internalErrors: file.internalErrors,
      ...(file.refused ? { refused: file.refused } : {}),
    };
  });
  return { dir, files };
}

/** The codes whose findings rest on the structure or on dates: the statutes' noise figure. */
export const STRUCTURAL_AND_DATE_CODES = [
  'unresolved-clause-reference',
  'numbering-gap',
  'numbering-duplicate',
  'invalid-date',
  'era-mismatch',
  'weekday-mismatch',
  'reversed-range',
] as const;

export interface StatutesFigures {
  readonly files: number;
  readonly bytes: number;
  readonly byCode: ReadonlyMap<string, number>;
  readonly total: number;
  readonly perMB: number;
  /** Files with the most structural and date findings, most first. */
  readonly worst: ReadonlyArray<{ readonly file: string; readonly count: number }>;
  readonly internalErrors: number;
}

/** Structural and date findings on the statutes corpus, per MB; undefined when it is absent. */
export function statutesFindings(dir = STATUTES_CORPUS_DIR): StatutesFigures | undefined {
  if (!existsSync(dir)) return undefined;
  const analysed = analyseCorpus(corpusFiles(dir));
  const codes = new Set<string>(STRUCTURAL_AND_DATE_CODES);
  const byCode = new Map<string, number>(STRUCTURAL_AND_DATE_CODES.map((c) => [c, 0]));
  const perFile: Array<{ file: string; count: number }> = [];
  let bytes = 0;
  let internalErrors = 0;
  for (const file of analysed) {
    bytes += Buffer.byteLength(file.text);
    internalErrors += file.internalErrors.length;
    const relevant = file.diagnostics.filter((d) => codes.has(d.code));
    for (const d of relevant) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
    if (relevant.length > 0) perFile.push({ file: basename(file.path), count: relevant.length });
  }
  const total = [...byCode.values()].reduce((a, b) => a + b, 0);
  return {
    files: analysed.length,
    bytes,
    byCode,
    total,
    perMB: total / (bytes / 1024 / 1024),
    worst: perFile.sort((a, b) => b.count - a.count).slice(0, 5),
    internalErrors,
  };
}
