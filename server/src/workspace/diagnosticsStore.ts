/**
 * The diagnostics of every document, as last reported, each with a `resultId` and what it
 * depends on in other documents. A pull that finds nothing changed answers `unchanged`
 * from here without running anything; a change of the index marks stale only the reports
 * whose dependencies no longer hold (see `dependencyRecorder.ts`).
 *
 * A report keeps its `resultId` when it is computed again and comes out the same, so the
 * client is told `unchanged` then too.
 */
import { randomBytes } from 'node:crypto';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../core/rules/ruleTypes';
import type { WorkspaceView } from '../core/workspace/workspaceIndex';
import { type Dependency, fingerprintOf } from './dependencyRecorder';

/**
 * The fingerprints of the answers to the questions reports asked, computed once per state of
 * the index: an answer changes only when the index does, and every change of the index says
 * which questions it may have answered differently (`questionsOf`), so a fingerprint is kept
 * until one of those names its question. Many reports ask the same questions; each is
 * answered once.
 */
class FingerprintCache {
  /** Question key → how many times a change may have changed its answer. */
  private readonly versions = new Map<string, number>();
  /** Changes of any document's entry: what `all:<field>` questions depend on. */
  private anyDocument = 0;
  private readonly fingerprints = new Map<string, { readonly version: number; readonly fingerprint: string }>();

  changed(questions: readonly string[]): void {
    for (const key of questions) {
      this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
      if (key.startsWith('get:') || key === 'uris') this.anyDocument++;
    }
  }

  fingerprint(view: WorkspaceView, dependency: Dependency): string {
    const version = dependency.key.startsWith('all:') ? this.anyDocument : (this.versions.get(dependency.key) ?? 0);
    const id = `${dependency.key}\u0000${dependency.argument}\u0000${dependency.fields?.join(',') ?? '*'}`;
    const known = this.fingerprints.get(id);
    if (known && known.version === version) return known.fingerprint;
    const fingerprint = fingerprintOf(view, dependency.key, dependency.argument, dependency.fields);
    this.fingerprints.set(id, { version, fingerprint });
    return fingerprint;
  }

  clear(): void {
    this.versions.clear();
    this.fingerprints.clear();
    this.anyDocument = 0;
  }
}

export interface StoredReport {
  readonly resultId: string;
  readonly items: readonly LspDiagnostic[];
  /** The rules' findings with their fix data, for quick fixes (open documents only). */
  readonly diagnostics: readonly Diagnostic[] | undefined;
  readonly dependencies: readonly Dependency[];
  /** For an open document, the revision of the text the report is about. */
  readonly revision: number | undefined;
  /** True once something it depends on changed, or the settings did: compute it again before using it. */
  readonly stale: boolean;
}

/**
 * Unique to this server process: a client that restarted the server still holds the old
 * process's resultIds and sends them back, and a counter starting again at 1 would take
 * them for this process's reports and answer `unchanged` for findings it never sent.
 */
const PROCESS_TAG = randomBytes(4).toString('hex');

export class DiagnosticsStore {
  private readonly reports = new Map<string, StoredReport & { json: string }>();
  /** Question key → the documents whose report depends on it. */
  private readonly dependents = new Map<string, Set<string>>();
  private nextId = 0;
  private readonly fingerprints = new FingerprintCache();

  /** True when every dependency still sees the answer it saw (the index as `view` is now). */
  holds(dependencies: readonly Dependency[], view: WorkspaceView): boolean {
    return dependencies.every((d) => this.fingerprints.fingerprint(view, d) === d.fingerprint);
  }

  get(uri: string): StoredReport | undefined {
    return this.reports.get(uri);
  }

  /** A fresh report of a document; its resultId is the previous one's when nothing in it changed. */
  set(uri: string, report: Omit<StoredReport, 'resultId' | 'stale'>): StoredReport {
    const json = JSON.stringify(report.items);
    const before = this.reports.get(uri);
    this.forgetDependencies(uri, before);
    const resultId = before && before.json === json ? before.resultId : `${PROCESS_TAG}.${++this.nextId}`;
    const stored = { ...report, resultId, stale: false, json };
    this.reports.set(uri, stored);
    for (const dependency of report.dependencies) {
      let set = this.dependents.get(dependency.key);
      if (!set) this.dependents.set(dependency.key, (set = new Set()));
      set.add(uri);
    }
    return stored;
  }

  delete(uri: string): void {
    const before = this.reports.get(uri);
    this.forgetDependencies(uri, before);
    this.reports.delete(uri);
  }

  /** Marks one report stale (its own text changed). */
  markStale(uri: string): void {
    const report = this.reports.get(uri);
    if (report && !report.stale) this.reports.set(uri, { ...report, stale: true });
  }

  /** Marks every report stale (the settings or the registry changed). */
  markAllStale(): void {
    for (const uri of this.reports.keys()) this.markStale(uri);
  }

  /** Forgets everything, resultIds excepted (they keep growing, so an old one is never taken for a new one). */
  clear(): void {
    this.reports.clear();
    this.dependents.clear();
    this.fingerprints.clear();
  }

  uris(): string[] {
    return [...this.reports.keys()];
  }

  /**
   * The index changed: `questions` may have new answers (`questionsOf`). Every change of the
   * index must be told here, or kept fingerprints would outlive it. Checks the reports
   * that asked one of them, against `view` as it is now, and marks stale those whose answer
   * changed; returns them. `except` (the document that changed) is left alone.
   */
  questionsChanged(questions: readonly string[], view: WorkspaceView, except?: string): string[] {
    this.fingerprints.changed(questions);
    const keys = new Set(questions);
    const candidates = new Set<string>();
    for (const key of keys) for (const uri of this.dependents.get(key) ?? []) candidates.add(uri);
    // A change of any document may change one field of every document.
    if (questions.some((q) => q.startsWith('get:') || q === 'uris'))
      for (const [key, uris] of this.dependents)
        if (key.startsWith('all:')) for (const uri of uris) candidates.add(uri);
    const stale: string[] = [];
    for (const uri of candidates) {
      if (uri === except) continue;
      const report = this.reports.get(uri);
      if (!report || report.stale) continue;
      const broken = report.dependencies.some((dependency) => {
        if (!keys.has(dependency.key) && !dependency.key.startsWith('all:')) return false;
        return this.fingerprints.fingerprint(view, dependency) !== dependency.fingerprint;
      });
      if (broken) {
        this.markStale(uri);
        stale.push(uri);
      }
    }
    return stale;
  }

  private forgetDependencies(uri: string, report: StoredReport | undefined): void {
    if (!report) return;
    for (const dependency of report.dependencies) {
      const set = this.dependents.get(dependency.key);
      if (!set) continue;
      set.delete(uri);
      if (set.size === 0) this.dependents.delete(dependency.key);
    }
  }
}
