/**
 * Everything the server knows about the workspace, and every cache it keeps: the registry
 * in force (built-in plus `.agreement/registry.*`), the rule settings, the analysis of each
 * open document, the index of every agreement document, open or not, and the diagnostics
 * of each document with what they depend on. It talks to the editor only through the small
 * `Host` interface, so that it can be tested without a connection.
 *
 * Nothing here analyses text on the main thread: analyses are made by the analysis workers
 * (`workerPool.ts`, `analysisService.ts`), and the main thread only merges their results,
 * so that it always answers within a few milliseconds.
 *
 * - Open documents are analysed from the editor's buffer: at once when opened, and after
 *   each burst of edits (`ANALYSIS_DEBOUNCE_MS` without an edit). One analysis of a document
 *   runs at a time; edits that arrive meanwhile make one more, of the text as it is then, so
 *   a burst of typing costs one or two analyses, not one per keystroke. Requests wait for the
 *   analysis of the text they were asked about, or are answered from the previous one where
 *   they concern text the edits did not touch (`StaleAnalysisMap`).
 * - Other files are read, analysed and indexed by the workers at start (with progress) and
 *   when they change on disk; they are read again only when their diagnostics must be
 *   computed again: when something they depend on changed (`DiagnosticsStore`).
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { AnalysedDocument } from '../core/analysis';
import { type DefinedTermUse, rememberDefinedTermUses } from '../core/features/definedTerms';
import type { WorkspaceSymbol } from '../core/features/workspaceSymbols';
import type { Locale } from '../core/features/featureContext';
import { builtInRegistry, type Registry, type RegistryEntry } from '../core/registry/registry';
import { mergeRuleConfig, parseSeverities, type RuleConfigLayer } from '../core/rules/ruleConfig';
import type { RuleConfig } from '../core/rules/ruleTypes';
import { DEFAULT_RULE_CONFIG } from '../core/rules/runRules';
import { LineIndex } from '../core/text/lineIndex';
import {
  type IndexEntryData,
  IndexedDocumentEntry,
  questionsOf,
  WorkspaceIndex,
} from '../core/workspace/workspaceIndex';
import {
  type AnalyseRequest,
  type AnalyseResult,
  AnalysisService,
  decodeFindings,
  type EncodedRulesResult,
  type FileDiagnosticsResult,
  type IndexResult,
  type OffsetEdit,
  type RulesResult,
  type ServiceConfiguration,
  type ServiceLog,
  type ServiceRequest,
} from './analysisService';
import { decodePieces, NOT_TRANSFERABLE, NotTransferable } from './columnarCodec';
import { DiagnosticsStore, type StoredReport } from './diagnosticsStore';
import { DEFAULT_AGREEMENT_GLOBS, findAgreementFiles, matchesAgreementGlobs } from './fileDiscovery';
import { isInside, readTextFile } from './readTextFile';
import { traced } from './slowTrace';
import { StaleAnalysisMap } from './staleAnalysis';
import { type CancellationLike, JobCancelled, type Priority, WorkerPool } from './workerPool';
import {
  extendRegistry,
  ProblemNotifier,
  readRuleConfigLayer,
  readWorkspaceRegistries,
  RULE_CONFIG_FILE,
} from './projectSettings';
import { WORKSPACE_REGISTRY_FILES } from './workspaceRegistry';

export interface ProgressReporter {
  report(percentage: number, message: string): void;
  done(): void;
}

export interface Host {
  log(message: string): void;
  /** Tells the user something is wrong with a file of theirs (once per problem). */
  warn(message: string): void;
  startProgress(title: string): Promise<ProgressReporter>;
  /** Diagnostics of some documents changed without a request: the client should pull them again. */
  refreshDiagnostics?(): void;
}

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  offsetAt(position: { line: number; character: number }): number;
  positionAt(offset: number): { line: number; character: number };
}

export interface IndexingSummary {
  readonly files: number;
  readonly skipped: number;
  readonly truncated: boolean;
  readonly milliseconds: number;
}

export interface WorkspaceOptions {
  /** The bundled analysis worker; without it, analyses run on the main thread. */
  readonly workerFile?: string;
  /** How many analysis workers (default: `AGREEMENT_ANALYSIS_WORKERS`, else 2). */
  readonly workers?: number;
}

/** One document's report in a workspace pull. */
export type WorkspaceReportItem =
  | { kind: 'full'; uri: string; version: number | null; resultId: string; items: LspDiagnostic[] }
  | { kind: 'unchanged'; uri: string; version: number | null; resultId: string };

export interface WorkspaceStats {
  readonly heapUsed: number;
  readonly workerHeapUsed: readonly number[];
  readonly rss: number;
  readonly indexDocuments: number;
  /** The bytes of the index's data (typed arrays, strings at two bytes a character). */
  readonly indexBytes: number;
  /** The UTF-16 length of the texts indexed. */
  readonly indexTextLength: number;
  readonly openAnalyses: number;
  readonly queued: Readonly<Record<Priority, number>>;
}

/** The request was cancelled by the client while it waited. */
export class RequestCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** How long after the last edit of an open document it is analysed again. */
export const ANALYSIS_DEBOUNCE_MS = 100;
/** How long edits may put off the analysis of a document that is typed in without a pause. */
const ANALYSIS_MAX_WAIT_MS = 1000;
/** Diagnostics refresh requests to the client are grouped over this long. */
const REFRESH_DELAY_MS = 50;
/** How often indexing progress is reported at most. */
const PROGRESS_INTERVAL_MS = 250;

interface OpenState {
  readonly uri: string;
  document: OpenDocument;
  /** Grows with every change of the text (a client may repeat a version number; this never repeats). */
  revision: number;
  /** The edits since the last analysis received, each with the revision it made. */
  edits: Array<{ readonly revision: number; readonly edit: OffsetEdit }>;
  latest: { readonly revision: number; readonly analysis: AnalysedDocument } | undefined;
  /** The revision being analysed, if any. */
  inFlight: number | undefined;
  /** The revision last sent to be analysed (what the worker can start from next time). */
  dispatched: number | undefined;
  /** The worker that holds the last analysis. */
  worker: number | undefined;
  timer: NodeJS.Timeout | undefined;
  /** When the first edit not yet sent to be analysed came (ms since the epoch). */
  pendingSince: number;
  /** A revision whose analysis failed: not tried again until the text changes. */
  failed: number | undefined;
  /** Requests waiting for the analysis (or only the report) of a revision. */
  waiters: Waiter[];
  /** The revision of the last report received (it may arrive before its analysis is decoded). */
  reported: number;
}

interface Waiter {
  readonly revision: number;
  /** What is awaited: the analysis, or only the diagnostics report. */
  readonly kind: 'analysis' | 'report';
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AgreementWorkspace {
  readonly index = new WorkspaceIndex();
  private registryInForce: Registry = builtInRegistry();
  /** The entries of each workspace registry file, in the order they extend the built-in registry. */
  private workspaceEntries: ReadonlyArray<readonly RegistryEntry[]> = [];
  private ruleConfigInForce: RuleConfig = DEFAULT_RULE_CONFIG;
  /** The folder whose `.agreement/config.json` is in force (else the first folder): the project's root. */
  private projectRootInForce: string | undefined;
  private editorRuleSettings: RuleConfigLayer = {};
  private locale: Locale = 'en';
  private roots: string[] = [];
  private include: readonly string[] = DEFAULT_AGREEMENT_GLOBS;
  private readonly open = new Map<string, OpenState>();
  /** Grows whenever the index or the registry changes: views built from the index compare it. */
  private changeCount = 0;
  private readonly reports = new DiagnosticsStore();
  private readonly pool: WorkerPool;
  /** Grows with every reindex; results of an older one are dropped. */
  private generation = 0;
  private indexing: { generation: number; done: Promise<IndexingSummary>; finished: boolean } | undefined;
  /** Settles the indexing announced by `expectIndexing`, once the real one is done. */
  private expectedIndexing: ((summary: IndexingSummary) => void) | undefined;
  /** Per file: the job whose entry is in the index (a later job's entry replaces an earlier one's, never the reverse). */
  private readonly acceptedJob = new Map<string, number>();
  private jobs = 0;
  private readonly diagnosing = new Map<string, Promise<StoredReport | undefined>>();
  /** Updates of the index under way that notifications started. */
  private readonly updates = new Set<Promise<unknown>>();
  /** Internal errors already logged (uri, stage and message), so that each is logged once, not per keystroke. */
  private readonly loggedFailures = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** How many analyses of open documents were sent to the workers: what a burst of typing costs. */
  private openAnalyses = 0;
  /** Runs an analysis on this thread when one cannot be sent from a worker (see `NotTransferable`). */
  private localService: AnalysisService | undefined;
  /** Shows each problem of the settings files and the editor's settings once, however often they are read. */
  private readonly problems: ProblemNotifier;

  constructor(
    private readonly host: Host,
    options: WorkspaceOptions = {},
  ) {
    this.pool = new WorkerPool({
      workerFile: options.workerFile,
      ...(options.workers !== undefined ? { size: options.workers } : {}),
      replay: () => this.replay(),
      log: (message) => host.log(message),
    });
    if (this.pool.inline) host.log('analysis runs on the main thread (no analysis worker)');
    this.problems = new ProblemNotifier((message) => host.warn(message));
  }

  get registry(): Registry {
    return this.registryInForce;
  }

  /** The project's root: the folder whose `.agreement/config.json` is in force, else the first folder. */
  get projectRoot(): string | undefined {
    return this.projectRootInForce;
  }

  /**
   * The project's configuration file as a quick fix must edit it: its text in the editor when
   * open (`openText`), else on disk, undefined when it does not exist yet; no file at all when
   * there is no project folder or the file exists but cannot be read (it is then not touched).
   */
  projectConfigFile(
    openText: (uri: string) => { text: string; version: number } | undefined,
  ): { uri: string; path: string; text: string | undefined; version: number | null } | undefined {
    const root = this.projectRootInForce;
    if (root === undefined) return undefined;
    const path = join(root, RULE_CONFIG_FILE);
    const uri = URI.file(path).toString();
    const open = openText(uri);
    if (open) return { uri, path, text: open.text, version: open.version };
    if (!existsSync(path)) return { uri, path, text: undefined, version: null };
    const read = readTextFile(path, { root });
    return read.ok ? { uri, path, text: read.text, version: null } : undefined;
  }

  /** The rule settings in force: defaults, then the editor's settings, then `.agreement/config.json`. */
  get ruleConfig(): RuleConfig {
    return this.ruleConfigInForce;
  }

  /** The workspace's version: it grows with every change of the index or the registry. */
  get version(): number {
    return this.changeCount;
  }

  get isIndexing(): boolean {
    return this.indexing !== undefined && !this.indexing.finished;
  }

  /** How many analysis workers there are (0 when analyses run on the main thread). */
  get workerCount(): number {
    return this.pool.inline ? 0 : this.pool.size;
  }

  /** Sets the workspace folders and the `agreement.files` globs; call `reindex` after. */
  configure(roots: readonly string[], include: readonly string[] | undefined): void {
    this.roots = [...roots];
    this.include = include && include.length > 0 ? [...include] : DEFAULT_AGREEMENT_GLOBS;
  }

  /** The language diagnostics are written in. */
  configureLocale(locale: Locale): void {
    if (locale === this.locale) return;
    this.locale = locale;
    this.settingsChanged();
  }

  /**
   * The editor's `agreement.rules` and `agreement.knownAcronyms` settings. A problem in them is
   * one warning; the valid parts apply.
   */
  configureRules(rules: unknown, knownAcronyms: unknown): void {
    const layer: { severities?: RuleConfigLayer['severities']; knownAcronyms?: string[] } = {};
    const problems: string[] = [];
    if (rules !== undefined && rules !== null) {
      const parsed = parseSeverities(rules, 'agreement.rules');
      for (const problem of parsed.problems) problems.push(`settings: ${problem}`);
      layer.severities = parsed.severities;
    }
    this.problems.reportMessages('editor settings', problems);
    if (Array.isArray(knownAcronyms))
      layer.knownAcronyms = knownAcronyms.filter((a): a is string => typeof a === 'string');
    this.editorRuleSettings = layer;
    this.loadRuleConfig();
  }

  // -------------------------------------------------------------------------------------------
  // Open documents

  /** The editor opened a document: it is analysed at once. */
  opened(document: OpenDocument): void {
    const previous = this.open.get(document.uri);
    if (previous) this.closed(document.uri, false);
    const state: OpenState = {
      uri: document.uri,
      document,
      revision: 1,
      edits: [],
      latest: undefined,
      inFlight: undefined,
      dispatched: undefined,
      worker: undefined,
      timer: undefined,
      pendingSince: 0,
      failed: undefined,
      waiters: [],
      reported: 0,
    };
    this.open.set(document.uri, state);
    // A file job under way for it must not replace what the buffer gives.
    this.acceptedJob.set(document.uri, ++this.jobs);
    this.reports.delete(document.uri);
    void this.analyse(state);
  }

  /** The editor changed a document: `edits` in order, each in offsets of the text before it. */
  changed(document: OpenDocument, edits: readonly OffsetEdit[]): void {
    const state = this.open.get(document.uri);
    if (!state) return this.opened(document);
    state.document = document;
    state.revision++;
    for (const edit of edits) state.edits.push({ revision: state.revision, edit });
    this.reports.markStale(state.uri);
    // Each edit puts the analysis off, but not for ever: typing without a pause is analysed once a second.
    if (state.timer === undefined) state.pendingSince = Date.now();
    clearTimeout(state.timer);
    const wait = Math.min(ANALYSIS_DEBOUNCE_MS, Math.max(0, state.pendingSince + ANALYSIS_MAX_WAIT_MS - Date.now()));
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.analyse(state);
    }, wait);
  }

  /** An open document was closed: its index entry goes back to what is on disk. */
  closed(uri: string, refresh = true): void {
    const state = this.open.get(uri);
    if (!state) return;
    clearTimeout(state.timer);
    this.open.delete(uri);
    for (const waiter of state.waiters) waiter.reject(new RequestCancelled());
    if (state.worker !== undefined) this.pool.notify(state.worker, { kind: 'forget', uri });
    this.reports.delete(uri);
    if (refresh) this.update(this.indexFromDisk(uri, 'normal'));
  }

  /** True when the document is open in the editor. */
  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  /** The analysis of the document's text as it is now, waiting for it if need be. */
  async analysisOf(document: OpenDocument, token?: CancellationLike): Promise<AnalysedDocument> {
    const state = this.stateOf(document);
    const revision = state.revision;
    await this.waitFor(state, revision, token);
    return state.latest!.analysis;
  }

  /**
   * The last analysis of the document, with the map from its text to the text as it is now:
   * for a request that can be answered from text the edits since did not touch. When there
   * is none yet, the first one is awaited.
   */
  async analysisNear(document: OpenDocument, token?: CancellationLike): Promise<StaleAnalysisMap> {
    const state = this.stateOf(document);
    if (!state.latest) await this.waitFor(state, state.revision, token);
    const latest = state.latest!;
    const edits = state.edits.filter((e) => e.revision > latest.revision).map((e) => e.edit);
    return new StaleAnalysisMap(latest.analysis, edits, state.document);
  }

  private stateOf(document: OpenDocument): OpenState {
    let state = this.open.get(document.uri);
    if (!state) {
      this.opened(document);
      state = this.open.get(document.uri)!;
    }
    return state;
  }

  /** Resolves once the analysis (or only the report) of `revision`, or of a later one, has arrived. */
  private waitFor(
    state: OpenState,
    revision: number,
    token?: CancellationLike,
    kind: Waiter['kind'] = 'analysis',
  ): Promise<void> {
    if (kind === 'analysis' && state.latest && state.latest.revision >= revision) return Promise.resolve();
    if (kind === 'report' && state.reported >= revision) return Promise.resolve();
    if (token?.isCancellationRequested) return Promise.reject(new RequestCancelled());
    if (state.inFlight === undefined && state.timer === undefined && state.failed !== state.revision)
      void this.analyse(state);
    if (state.failed === state.revision)
      return Promise.reject(new Error(`the analysis of ${state.uri} failed; see the log`));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { revision, kind, resolve, reject };
      state.waiters.push(waiter);
      const listener = token?.onCancellationRequested(() => {
        state.waiters = state.waiters.filter((w) => w !== waiter);
        reject(new RequestCancelled());
      });
      const settle = () => listener?.dispose();
      waiter.resolve = () => {
        settle();
        resolve();
      };
      waiter.reject = (error) => {
        settle();
        reject(error);
      };
    });
  }

  /** Sends the document's text to be analysed, unless an analysis of it is under way (then once more after it). */
  private async analyse(state: OpenState): Promise<void> {
    clearTimeout(state.timer);
    state.timer = undefined;
    if (state.inFlight !== undefined || this.open.get(state.uri) !== state) return;
    const revision = state.revision;
    const generation = this.generation;
    const raw = state.document.getText();
    // Editors normally strip the byte-order mark; one that is kept is blanked to a space of the
    // same length, so that offsets still agree with the client's.
    const text = raw.charCodeAt(0) === 0xfeff ? ` ${raw.slice(1)}` : raw;
    const base = state.dispatched;
    const request: AnalyseRequest = {
      kind: 'analyse',
      uri: state.uri,
      version: state.document.version,
      text,
      base,
      revision,
      edits: base === undefined ? [] : state.edits.filter((e) => e.revision > base).map((e) => e.edit),
    };
    state.inFlight = revision;
    state.dispatched = revision;
    this.openAnalyses++;
    try {
      const { result, worker } = await this.pool.run<AnalyseResult>(request, {
        priority: 'urgent',
        ...(state.worker !== undefined ? { affinity: state.worker } : {}),
      });
      if (generation === this.generation && this.open.get(state.uri) === state)
        await this.received(state, result, worker, text);
    } catch (error) {
      if (isNotTransferable(error)) this.analyseHere(state, request);
      else if (!(error instanceof JobCancelled)) this.analysisFailed(state, revision, error);
    } finally {
      state.inFlight = undefined;
      const latest = state.latest?.revision ?? 0;
      if (
        this.open.get(state.uri) === state &&
        state.timer === undefined &&
        state.revision > latest &&
        state.failed !== state.revision
      )
        void this.analyse(state);
    }
  }

  private async received(state: OpenState, result: AnalyseResult, worker: number, text: string): Promise<void> {
    this.logOnce(result.logs);
    // The index entry and the report serve before the analysis is decoded (a pull, the other
    // documents' questions): the entry needs no decoding, the findings are short.
    const current = () => this.open.get(state.uri) === state && result.revision > state.reported;
    // Reading the worker's message took a turn of its own: the editor's requests come first.
    await nextTurn();
    if (current()) traced('merge entry', () => this.mergeEntry(state.uri, result.entry, worker));
    const findings = await decodeFindings(result.findings, () => nextTurn());
    if (current()) this.storeOpenReport(state.uri, result.revision, { ...findings, logs: [] });
    const rest = (await decodePieces(
      result.analysis,
      () => nextTurn(),
      (name, work) => traced(name, work),
    )) as Omit<AnalysedDocument, 'text' | 'lines'>;
    if (this.open.get(state.uri) !== state || (state.latest && state.latest.revision >= result.revision)) {
      // An older answer: the worker put its entry in its copy of the index; give it back the index's.
      this.pool.notify(worker, {
        kind: 'entries',
        updates: [{ uri: state.uri, data: this.index.get(state.uri)?.data ?? null }],
      });
      return;
    }
    const analysis: AnalysedDocument = Object.freeze({ ...rest, text, lines: new LineIndex(text, result.lineStarts) });
    rememberDefinedTermUses(analysis, await termUsesOf(result.termUses, analysis));
    if (this.open.get(state.uri) !== state || (state.latest && state.latest.revision >= result.revision)) return;
    traced('accept', () =>
      this.accept(state, analysis, result.revision, worker, result.entry, { ...findings, logs: [] }),
    );
  }

  /** The analysis of an open document arrived: it serves requests, its entry goes into the index, its report is kept. */
  private accept(
    state: OpenState,
    analysis: AnalysedDocument,
    revision: number,
    worker: number | undefined,
    entry: IndexEntryData,
    rules: RulesResult,
  ): void {
    if (state.worker !== undefined && worker !== undefined && state.worker !== worker)
      this.pool.notify(state.worker, { kind: 'forget', uri: state.uri });
    state.worker = worker;
    state.latest = { revision, analysis };
    state.edits = state.edits.filter((e) => e.revision > revision);
    if (revision > state.reported) {
      this.mergeEntry(state.uri, entry, worker);
      this.storeOpenReport(state.uri, revision, rules);
    }
    this.release(state, (w) => w.revision <= revision);
  }

  /** Resolves the waiters `ready` selects. */
  private release(state: OpenState, ready: (waiter: Waiter) => boolean): void {
    const released = state.waiters.filter(ready);
    state.waiters = state.waiters.filter((w) => !ready(w));
    for (const waiter of released) waiter.resolve();
  }

  private storeOpenReport(uri: string, revision: number, rules: RulesResult): void {
    const state = this.open.get(uri);
    if (state) {
      state.reported = Math.max(state.reported, revision);
      this.release(state, (w) => w.kind === 'report' && w.revision <= revision);
    }
    this.logOnce(rules.logs);
    this.reports.set(uri, {
      items: rules.items,
      diagnostics: rules.diagnostics,
      dependencies: rules.dependencies,
      revision,
    });
    // Something may have changed in the index since the worker ran the rules.
    if (!this.reports.holds(rules.dependencies, this.index)) this.reports.markStale(uri);
  }

  /** The analysis could not be sent from the worker: it is made here, rather than lost. */
  private analyseHere(state: OpenState, request: AnalyseRequest): void {
    this.host.log(`the analysis of ${state.uri} cannot be sent from the worker; it is made on the main thread`);
    this.localService ??= this.makeLocalService();
    const before = this.index.get(state.uri);
    // The local service reads and fills the index itself, as a worker does its copy.
    const local = this.localService.analyseOpen(request);
    const questions = questionsOf(state.uri, before, this.index.get(state.uri), !before);
    this.pool.notifyAll({ kind: 'entries', updates: [{ uri: state.uri, data: local.entry }] });
    if (this.reports.questionsChanged(questions, this.index, state.uri).length > 0) this.scheduleRefresh();
    this.accept(state, local.analysis, request.revision, undefined, local.entry, local);
  }

  private makeLocalService(): AnalysisService {
    const service = new AnalysisService(this.index, { sharesIndex: true });
    service.handle({ kind: 'configure', configuration: this.configuration() });
    return service;
  }

  private analysisFailed(state: OpenState, revision: number, error: unknown): void {
    this.host.log(`the analysis of ${state.uri} failed: ${(error as Error).stack ?? String(error)}`);
    state.failed = revision;
    const failed = state.waiters.filter((w) => w.revision <= revision);
    state.waiters = state.waiters.filter((w) => w.revision > revision);
    for (const waiter of failed) waiter.reject(error);
  }

  // -------------------------------------------------------------------------------------------
  // Diagnostics

  /** The report of an open document's current text, computed again if something it depends on changed. */
  async documentReport(document: OpenDocument, token?: CancellationLike): Promise<StoredReport> {
    const state = this.stateOf(document);
    const revision = state.revision;
    await this.waitFor(state, revision, token, 'report');
    for (let attempt = 0; ; attempt++) {
      const report = this.reports.get(state.uri);
      if (report && report.revision !== undefined && report.revision >= revision && (!report.stale || attempt >= 3))
        return report;
      await this.rediagnose(state, report?.revision ?? revision, token);
    }
  }

  /** Runs the rules again on an open document's analysis, in the worker that holds it, else analyses it again. */
  private async rediagnose(state: OpenState, revision: number, token?: CancellationLike): Promise<void> {
    // The analysis itself, and which worker holds it, are known once it has been received.
    await this.waitFor(state, revision, token);
    const generation = this.generation;
    let rules: RulesResult | null = null;
    if (state.worker !== undefined) {
      try {
        const encoded = (
          await this.pool.run<EncodedRulesResult | null>(
            { kind: 'rediagnose', uri: state.uri, revision },
            { priority: 'urgent', affinity: state.worker, ...(token ? { token } : {}) },
          )
        ).result;
        if (encoded) rules = { ...(await decodeFindings(encoded.findings, () => nextTurn())), logs: encoded.logs };
      } catch (error) {
        if (error instanceof JobCancelled) throw new RequestCancelled();
        rules = null;
      }
    }
    if (generation !== this.generation || this.open.get(state.uri) !== state) return;
    if (rules) {
      if (state.latest?.revision === revision) this.storeOpenReport(state.uri, revision, rules);
      return;
    }
    // The worker no longer holds that analysis: the same text is analysed again, for its report.
    const text = state.latest?.revision === revision ? state.latest.analysis.text : undefined;
    if (text === undefined) return;
    const request: AnalyseRequest = {
      kind: 'analyse',
      uri: state.uri,
      version: state.latest!.analysis.version,
      text,
      base: undefined,
      revision,
      edits: [],
    };
    try {
      const { result, worker } = await this.pool.run<AnalyseResult>(request, {
        priority: 'urgent',
        ...(token ? { token } : {}),
      });
      const findings = await decodeFindings(result.findings, () => nextTurn());
      if (generation !== this.generation || this.open.get(state.uri) !== state) return;
      if (state.latest?.revision === revision) {
        if (state.worker !== undefined && state.worker !== worker)
          this.pool.notify(state.worker, { kind: 'forget', uri: state.uri });
        state.worker = worker;
        state.dispatched = revision;
        this.storeOpenReport(state.uri, revision, { ...findings, logs: result.logs });
      }
    } catch (error) {
      if (error instanceof JobCancelled) throw new RequestCancelled();
      if (!isNotTransferable(error)) throw error;
      this.localService ??= this.makeLocalService();
      const local = this.localService.analyseOpen(request);
      if (state.latest?.revision === revision) this.storeOpenReport(state.uri, revision, local);
    }
  }

  /**
   * The reports of every closed document of the workspace, for a workspace pull: `unchanged`
   * where the client has the current one (`previous`: uri → resultId), else `full`. Those
   * that must be computed again are computed in the workers; with `partial`, reports are
   * handed over as they are ready, and the ones ready at once first.
   */
  async workspaceReports(
    previous: ReadonlyMap<string, string>,
    token?: CancellationLike,
    partial?: (items: WorkspaceReportItem[]) => void,
  ): Promise<WorkspaceReportItem[]> {
    await this.whenIndexed(token);
    const item = (uri: string, report: StoredReport, version: number | null = null): WorkspaceReportItem =>
      previous.get(uri) === report.resultId
        ? { kind: 'unchanged', uri, version, resultId: report.resultId }
        : { kind: 'full', uri, version, resultId: report.resultId, items: [...report.items] };
    const ready: WorkspaceReportItem[] = [];
    const pending: Array<Promise<WorkspaceReportItem | undefined>> = [];
    for (const uri of this.index.uris()) {
      const open = this.open.get(uri);
      if (open) {
        // An open document is reported at its version: the client prefers its own pull of it,
        // but after a restart VS Code's client may never pull a document it already had open.
        const { document } = open;
        pending.push(this.documentReport(document, token).then((r) => item(uri, r, document.version)));
        continue;
      }
      const report = this.reports.get(uri);
      if (report && !report.stale) ready.push(item(uri, report));
      else pending.push(this.diagnoseClosed(uri).then((r) => (r ? item(uri, r) : undefined)));
    }
    // Nothing to compute: one answer, without partial results.
    if (!partial || pending.length === 0) {
      const computed = await this.untilCancelled(Promise.all(pending), token);
      return [...ready, ...computed.filter((i): i is WorkspaceReportItem => i !== undefined)];
    }
    if (ready.length > 0) partial(ready);
    let batch: WorkspaceReportItem[] = [];
    let flush: NodeJS.Timeout | undefined;
    const send = () => {
      flush = undefined;
      if (batch.length > 0 && !token?.isCancellationRequested) partial(batch);
      batch = [];
    };
    await this.untilCancelled(
      Promise.all(
        pending.map((p) =>
          p.then((i) => {
            if (!i) return;
            batch.push(i);
            flush ??= setTimeout(send, REFRESH_DELAY_MS);
          }),
        ),
      ),
      token,
    );
    clearTimeout(flush);
    send();
    return [];
  }

  /**
   * The report of a file that is not open: the stored one while it is current, else the file
   * diagnosed again; undefined for a file that cannot be read.
   */
  async closedReport(uri: string, token?: CancellationLike): Promise<StoredReport | undefined> {
    await this.whenIndexed(token);
    const report = this.reports.get(uri);
    if (report && !report.stale) return report;
    return this.untilCancelled(this.diagnoseClosed(uri), token);
  }

  /** Diagnoses a closed file again (read, analyse, rules), once at a time per file. */
  private diagnoseClosed(uri: string): Promise<StoredReport | undefined> {
    const running = this.diagnosing.get(uri);
    if (running) return running;
    const job = ++this.jobs;
    const generation = this.generation;
    const run = this.pool
      .run<FileDiagnosticsResult>({ kind: 'diagnose', ...this.fileOf(uri) }, { priority: 'normal' })
      .then(async ({ result, worker }): Promise<StoredReport | undefined> => {
        this.logOnce(result.logs);
        const findings = result.findings ? await decodeFindings(result.findings, () => nextTurn()) : undefined;
        if (generation !== this.generation || this.open.has(uri) || job < (this.acceptedJob.get(uri) ?? 0)) {
          // Not current: the worker put its entry in its copy of the index; give it back the index's.
          if (generation === this.generation)
            this.pool.notify(worker, { kind: 'entries', updates: [{ uri, data: this.index.get(uri)?.data ?? null }] });
          return undefined;
        }
        if (!result.entry || !findings) {
          this.removeEntry(uri);
          this.host.log(`skipped ${URI.parse(uri).fsPath}: ${result.error ?? 'cannot be read'}`);
          return undefined;
        }
        this.acceptedJob.set(uri, job);
        this.mergeEntry(uri, result.entry, worker);
        const stored = this.reports.set(uri, {
          items: findings.items,
          diagnostics: undefined,
          dependencies: findings.dependencies,
          revision: undefined,
        });
        if (!this.reports.holds(findings.dependencies, this.index)) this.reports.markStale(uri);
        return stored;
      })
      .catch((error: unknown) => {
        if (!(error instanceof JobCancelled)) this.host.log(`diagnostics of ${uri} failed: ${String(error)}`);
        return undefined;
      })
      .finally(() => {
        if (this.diagnosing.get(uri) === run) this.diagnosing.delete(uri);
      });
    this.diagnosing.set(uri, run);
    return run;
  }

  private untilCancelled<T>(promise: Promise<T>, token?: CancellationLike): Promise<T> {
    if (!token) return promise;
    if (token.isCancellationRequested) return Promise.reject(new RequestCancelled());
    return new Promise<T>((resolve, reject) => {
      const listener = token.onCancellationRequested(() => reject(new RequestCancelled()));
      promise.then(resolve, reject).finally(() => listener.dispose());
    });
  }

  private scheduleRefresh(): void {
    if (!this.host.refreshDiagnostics || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.host.refreshDiagnostics?.();
    }, REFRESH_DELAY_MS);
  }

  // -------------------------------------------------------------------------------------------
  // The index

  /** Puts an entry in the index and in the workers' copies; reports that depended on what changed become stale. */
  private mergeEntry(uri: string, data: IndexEntryData, origin: number | undefined): void {
    const before = this.index.get(uri);
    if (before && sameEntryData(before.data, data)) {
      // The worker that made it has it already; the others have the same.
      return;
    }
    this.changeCount++;
    const questions = traced('index.set', () => this.index.set(new IndexedDocumentEntry(uri, data)));
    traced('notify entries', () => this.pool.notifyAll({ kind: 'entries', updates: [{ uri, data }] }, origin));
    if (traced('questions', () => this.reports.questionsChanged(questions, this.index, uri)).length > 0)
      this.scheduleRefresh();
  }

  private removeEntry(uri: string): void {
    const questions = this.index.deleteReturningQuestions(uri);
    this.changeCount++;
    this.reports.delete(uri);
    if (questions.length === 0) return;
    this.pool.notifyAll({ kind: 'entries', updates: [{ uri, data: null }] });
    if (this.reports.questionsChanged(questions, this.index, uri).length > 0) this.scheduleRefresh();
  }

  /**
   * A file to read, with the workspace folder it lies in: the read refuses it when its real
   * path leaves that folder (a committed `link.agr -> /etc/passwd`). A file below no folder —
   * a document the client pulls diagnostics of after a restart — is read as it is named.
   */
  fileOf(uri: string): { uri: string; path: string; root: string | undefined } {
    const path = URI.parse(uri).fsPath;
    return { uri, path, root: this.roots.find((root) => isInside(path, root)) };
  }

  /** Reads, analyses and indexes a file that is not open; false when it cannot be read. */
  private async indexFromDisk(uri: string, priority: Priority, generation = this.generation): Promise<boolean> {
    const job = ++this.jobs;
    let reply: { result: IndexResult; worker: number };
    try {
      reply = await this.pool.run<IndexResult>({ kind: 'index', ...this.fileOf(uri) }, { priority });
    } catch (error) {
      if (!(error instanceof JobCancelled)) this.host.log(`indexing ${uri} failed: ${String(error)}`);
      return false;
    }
    const { result, worker } = reply;
    this.logOnce(result.logs);
    const current = generation === this.generation && !this.open.has(uri) && job > (this.acceptedJob.get(uri) ?? 0);
    if (!current) {
      // The worker put it in its copy of the index; give it back what the index holds.
      const entry = this.index.get(uri);
      this.pool.notify(worker, { kind: 'entries', updates: [{ uri, data: entry?.data ?? null }] });
      return result.entry !== null;
    }
    this.acceptedJob.set(uri, job);
    if (!result.entry) {
      this.removeEntry(uri);
      this.host.log(`skipped ${URI.parse(uri).fsPath}: ${result.error ?? 'cannot be read'}`);
      return false;
    }
    this.reports.markStale(uri);
    this.mergeEntry(uri, result.entry, worker);
    return true;
  }

  /** A file changed, was created or was deleted on disk. */
  fileChanged(uri: string, deleted: boolean): void {
    const path = URI.parse(uri).fsPath;
    const slashed = path.split(sep).join('/');
    if (WORKSPACE_REGISTRY_FILES.some((f) => slashed.endsWith(`/${f}`))) {
      void this.reindex();
      return;
    }
    if (slashed.endsWith(`/${RULE_CONFIG_FILE.split(sep).join('/')}`)) {
      this.loadRuleConfig();
      return;
    }
    if (this.open.has(uri)) return; // The editor's buffer wins over the disk.
    if (deleted) {
      this.acceptedJob.set(uri, ++this.jobs);
      this.removeEntry(uri);
    } else if (this.roots.some((root) => matchesAgreementGlobs(path, root, this.include)))
      this.update(this.indexFromDisk(uri, 'normal'));
  }

  /** Keeps track of an update of the index that a notification started (a file changed or closed). */
  private update(done: Promise<unknown>): void {
    this.updates.add(done);
    void done.finally(() => this.updates.delete(done));
  }

  /**
   * Resolves when the updates of the index started by the notifications received so far
   * (files changed on disk, documents closed) have been made: for questions about the
   * index that should see them.
   */
  async whenUpdated(token?: CancellationLike): Promise<void> {
    await this.untilCancelled(Promise.all([...this.updates]), token);
  }

  /** Reloads the workspace registry and indexes every agreement file again. */
  reindex(): Promise<IndexingSummary> {
    const generation = ++this.generation;
    this.loadWorkspaceRegistry();
    this.loadRuleConfig(false);
    // Every entry depends on the registry: start again from nothing.
    this.pool.dropQueued((request) => request.kind === 'index' || request.kind === 'diagnose');
    for (const uri of this.index.uris()) this.index.delete(uri);
    this.changeCount++;
    this.reports.clear();
    this.acceptedJob.clear();
    this.diagnosing.clear();
    this.pool.notifyAll({ kind: 'configure', configuration: this.configuration() });
    for (const state of this.open.values()) {
      state.dispatched = undefined;
      state.worker = undefined;
      state.latest = undefined;
      state.failed = undefined;
      // Its entry and report went with the others: the next analysis must put them back,
      // even when it is of a revision reported before.
      state.reported = 0;
      void this.analyse(state);
    }
    const indexing = {
      generation,
      finished: false,
      done: this.indexAll(generation).finally(() => {
        indexing.finished = true;
      }),
    };
    this.indexing = indexing;
    const expected = this.expectedIndexing;
    this.expectedIndexing = undefined;
    if (expected) void indexing.done.then(expected);
    return indexing.done;
  }

  /**
   * Indexing will start soon (the client is initialising): until it has, questions that wait
   * for the index wait for that one too, rather than being answered from an empty index.
   */
  expectIndexing(): void {
    if (this.indexing) return;
    let start!: (summary: IndexingSummary) => void;
    const done = new Promise<IndexingSummary>((resolve) => (start = resolve));
    this.indexing = { generation: this.generation, finished: false, done };
    this.expectedIndexing = start;
  }

  /** Resolves when the indexing of files under way (if any) has finished. */
  async whenIndexed(token?: CancellationLike): Promise<void> {
    while (this.indexing && !this.indexing.finished) await this.untilCancelled(this.indexing.done, token);
  }

  /** Resolves when indexing has finished and every open document's current text is analysed. */
  async whenSettled(token?: CancellationLike): Promise<void> {
    await this.whenIndexed(token);
    await this.whenUpdated(token);
    for (const state of [...this.open.values()])
      if (this.open.get(state.uri) === state) await this.waitFor(state, state.revision, token).catch(() => undefined);
  }

  private async indexAll(generation: number): Promise<IndexingSummary> {
    const started = performance.now();
    const progress = await this.host.startProgress('Indexing agreements');
    let files = 0;
    let skipped = 0;
    let truncated = false;
    try {
      const found: string[] = [];
      for (const root of this.roots) {
        const discovery = await findAgreementFiles(root, { include: this.include });
        for (const file of discovery.files) found.push(file);
        truncated ||= discovery.truncated;
        if (discovery.truncated)
          this.host.log(`${root}: stopped looking for agreement files at a limit (${discovery.truncatedBy})`);
        for (const problem of discovery.unreadable) this.host.log(`skipped a folder: ${problem}`);
      }
      if (generation !== this.generation) return { files, skipped, truncated, milliseconds: 0 };
      let lastReport = performance.now();
      let done = 0;
      await Promise.all(
        found.map(async (path) => {
          const uri = URI.file(path).toString();
          if (this.open.has(uri) || (await this.indexFromDisk(uri, 'background', generation))) files++;
          else skipped++;
          done++;
          if (performance.now() - lastReport > PROGRESS_INTERVAL_MS && generation === this.generation) {
            lastReport = performance.now();
            progress.report(Math.round((100 * done) / found.length), `${done}/${found.length} files`);
          }
        }),
      );
    } finally {
      progress.done();
    }
    const milliseconds = Math.round(performance.now() - started);
    if (generation === this.generation)
      this.host.log(
        `indexed ${files} agreement files in ${milliseconds} ms${skipped ? `, skipped ${skipped}` : ''} (${this.include.join(', ')})`,
      );
    return { files, skipped, truncated, milliseconds };
  }

  // -------------------------------------------------------------------------------------------
  // Settings and registry

  private configuration(): ServiceConfiguration {
    return {
      registryFiles: this.workspaceEntries,
      ruleConfig: this.ruleConfigInForce,
      projectRoot: this.projectRootInForce,
      locale: this.locale,
    };
  }

  /** What a new worker must be told: the settings, then every entry of the index. */
  private replay(): ServiceRequest[] {
    const updates = this.index.uris().map((uri) => ({ uri, data: this.index.get(uri)!.data }));
    return [
      { kind: 'configure', configuration: this.configuration() },
      ...(updates.length > 0 ? [{ kind: 'entries' as const, updates }] : []),
    ];
  }

  /** Rule settings or the language changed: every report must be computed again. */
  private settingsChanged(): void {
    const settings = {
      kind: 'settings',
      ruleConfig: this.ruleConfigInForce,
      projectRoot: this.projectRootInForce,
      locale: this.locale,
    } as const;
    this.pool.notifyAll(settings);
    this.localService?.handle(settings);
    // Only reports the client has can change; before any, there is nothing to refresh.
    if (this.reports.uris().length > 0) {
      this.reports.markAllStale();
      this.scheduleRefresh();
    }
  }

  /**
   * Reads `.agreement/config.json` of the first folder that has one, over the editor's
   * settings. Its problems are shown once: the file is read at start, on every settings
   * change and every re-index, and a problem that stays is not shown again.
   */
  private loadRuleConfig(notify = true): void {
    const read = readRuleConfigLayer(this.roots);
    this.problems.report('config', read.problems);
    // The folder whose config.json is in force (the first folder when none has one).
    this.projectRootInForce =
      this.roots.find((root) => read.file !== undefined && read.file === join(root, RULE_CONFIG_FILE)) ?? this.roots[0];
    this.ruleConfigInForce = mergeRuleConfig(DEFAULT_RULE_CONFIG, this.editorRuleSettings, read.layer);
    if (notify) this.settingsChanged();
  }

  /** Reads every `.agreement/registry.*` of every folder; its problems are shown once, as the rule settings'. */
  private loadWorkspaceRegistry(): void {
    const read = readWorkspaceRegistries(this.roots);
    this.problems.report('registry', read.problems);
    const added = read.files.filter((file) => file.entries.length > 0);
    for (const file of added) this.host.log(`${file.file}: ${file.entries.length} registry entries added`);
    this.registryInForce = extendRegistry(builtInRegistry(), read);
    this.changeCount++;
    this.workspaceEntries = added.map((file) => [...file.entries]);
  }

  private logOnce(logs: readonly ServiceLog[]): void {
    for (const { key, message } of logs) {
      if (this.loggedFailures.has(key)) continue;
      this.loggedFailures.add(key);
      this.host.log(message);
    }
  }

  /**
   * The workspace symbols matching a query. The search reads every document's records, so it
   * is made by a worker, on its copy of the index, rather than on the main thread.
   */
  async workspaceSymbols(query: string, token?: CancellationLike): Promise<WorkspaceSymbol[]> {
    try {
      return (
        await this.pool.run<WorkspaceSymbol[]>(
          { kind: 'workspaceSymbols', query },
          { priority: 'urgent', ...(token ? { token } : {}) },
        )
      ).result;
    } catch (error) {
      if (error instanceof JobCancelled) throw new RequestCancelled();
      throw error;
    }
  }

  /**
   * Figures for benchmarks and troubleshooting: the heap of this thread and of each worker,
   * the size of the index's data, how many analyses of open documents were made.
   */
  async stats(): Promise<WorkspaceStats> {
    let indexBytes = 0;
    let textLength = 0;
    for (const uri of this.index.uris()) {
      const data = this.index.get(uri)!.data;
      textLength += data.textLength;
      indexBytes +=
        data.lineStarts.byteLength +
        data.stringEnds.byteLength +
        data.mentions.byteLength +
        data.definitions.byteLength +
        data.clauses.byteLength +
        data.references.byteLength +
        data.dates.byteLength +
        data.termUses.byteLength +
        data.mentionGroups.byteLength +
        data.termGroups.byteLength +
        data.expansionGroups.byteLength +
        2 * (data.strings.length + data.summaries.length);
    }
    const workers = this.pool.inline ? [] : await this.pool.runOnEach<{ heapUsed: number }>({ kind: 'stats' });
    return {
      heapUsed: getHeapStatistics().used_heap_size,
      workerHeapUsed: workers.map((w) => w.heapUsed),
      rss: process.memoryUsage.rss(),
      indexDocuments: this.index.size,
      indexBytes,
      indexTextLength: textLength,
      openAnalyses: this.openAnalyses,
      queued: this.pool.queued,
    };
  }

  /** Stops the analysis workers. */
  dispose(): void {
    this.pool.dispose();
  }
}

function isNotTransferable(error: unknown): boolean {
  return error instanceof NotTransferable || (error instanceof Error && error.message.includes(NOT_TRANSFERABLE));
}

/** How many defined-term uses are made at a time before the event loop is let through. */
const USES_PER_TURN = 5000;

/** The defined-term uses sent as rows, made again with this thread's copy of the definitions. */
async function termUsesOf(rows: Int32Array, analysis: AnalysedDocument): Promise<DefinedTermUse[]> {
  const uses: DefinedTermUse[] = [];
  for (let i = 0; i + 3 < rows.length; i += 4) {
    if (i > 0 && i % (4 * USES_PER_TURN) === 0) await nextTurn();
    const definition = analysis.definitions[rows[i + 2]!];
    if (!definition) continue;
    uses.push({
      term: definition.term,
      range: { start: rows[i]!, end: rows[i + 1]! },
      definition,
      isDefinition: rows[i + 3] === 1,
    });
  }
  return uses;
}

/** True when two entries hold the same data (a file read again that did not change). */
function sameEntryData(a: IndexEntryData, b: IndexEntryData): boolean {
  return (
    a.version === b.version &&
    a.textLength === b.textLength &&
    a.title === b.title &&
    a.titleStart === b.titleStart &&
    a.titleEnd === b.titleEnd &&
    a.strings === b.strings &&
    a.summaries === b.summaries &&
    sameArray(a.lineStarts, b.lineStarts) &&
    sameArray(a.stringEnds, b.stringEnds) &&
    sameArray(a.mentions, b.mentions) &&
    sameArray(a.definitions, b.definitions) &&
    sameArray(a.clauses, b.clauses) &&
    sameArray(a.references, b.references) &&
    sameArray(a.dates, b.dates) &&
    sameArray(a.termUses, b.termUses) &&
    sameArray(a.mentionGroups, b.mentionGroups) &&
    sameArray(a.termGroups, b.termGroups) &&
    sameArray(a.expansionGroups, b.expansionGroups)
  );
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
