/**
 * The work that takes time — reading and analysing files, building their index entries,
 * running the rules — done away from the thread that answers the editor. An
 * `AnalysisService` runs inside each analysis worker (`analysisWorker.ts`); it holds a copy
 * of the workspace index (kept current by the main thread), the registry and the rule
 * settings in force, and answers one request at a time. It knows nothing of threads: the
 * same object can run on the main thread when no worker can be started.
 *
 * `analyse` is the one place an open document's text becomes an analysis. It is given the
 * edits since the previous analysis of the same document, so that an incremental analysis
 * (previous analysis + edits → new analysis) can take the place of the full one here
 * without any other change.
 */
import { isAbsolute, relative } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { analyseDocument, type AnalysedDocument } from '../core/analysis';
import { definedTermUses } from '../core/features/definedTerms';
import { workspaceSymbols } from '../core/features/workspaceSymbols';
import type { Locale } from '../core/features/featureContext';
import { builtInRegistry, type Registry, type RegistryEntry } from '../core/registry/registry';
import { isMergedRuleConfig, ruleConfigForFile } from '../core/rules/ruleConfig';
import type { Diagnostic, RuleConfig } from '../core/rules/ruleTypes';
import { DEFAULT_RULE_CONFIG, runRules } from '../core/rules/runRules';
import {
  type IndexEntryData,
  indexEntryDataOf,
  IndexedDocumentEntry,
  WorkspaceIndex,
} from '../core/workspace/workspaceIndex';
import { toDiagnostics } from '../convert';
import { type ChunkedValue, decodePieces, encodeInPieces } from './columnarCodec';
import { type Dependency, RecordingWorkspaceView } from './dependencyRecorder';
import { matchesGlobs } from './fileDiscovery';
import { readTextFile } from './readTextFile';

/** An edit of a text, in offsets of the text before it: `[start, end)` replaced by `text`. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface ServiceConfiguration {
  /** The entries of each `.agreement/registry.*` file, each extending the registry in turn. */
  readonly registryFiles: ReadonlyArray<readonly RegistryEntry[]>;
  readonly ruleConfig: RuleConfig;
  /** The folder the `files` globs of the configuration's `ignore` entries are relative to. */
  readonly projectRoot: string | undefined;
  readonly locale: Locale;
}

export type ServiceRequest =
  /** A new registry and settings; the copy of the index is emptied (every entry depends on the registry). */
  | { readonly kind: 'configure'; readonly configuration: ServiceConfiguration }
  /** New rule settings or display language; the index stays. */
  | {
      readonly kind: 'settings';
      readonly ruleConfig: RuleConfig;
      readonly projectRoot: string | undefined;
      readonly locale: Locale;
    }
  /** Entries of the index, replaced (`data`) or removed (`null`), in order. */
  | { readonly kind: 'entries'; readonly updates: readonly EntryUpdate[] }
  /**
   * Read and analyse a file that is not open, for the index. `root` is the workspace folder
   * the file lies in: its real path must stay inside it (`link.agr -> /etc/passwd` is refused).
   */
  | { readonly kind: 'index'; readonly uri: string; readonly path: string; readonly root: string | undefined }
  /** Read and analyse a file that is not open, and run the rules on it (`root` as for `index`). */
  | { readonly kind: 'diagnose'; readonly uri: string; readonly path: string; readonly root: string | undefined }
  /** Analyse an open document's text, index it and run the rules on it. */
  | {
      readonly kind: 'analyse';
      readonly uri: string;
      readonly version: number;
      readonly text: string;
      /** The revision of the text this one was made from by `edits`, when known. */
      readonly base: number | undefined;
      readonly revision: number;
      readonly edits: readonly OffsetEdit[];
    }
  /** Run the rules again on the analysis of an open document made here (something it depends on changed). */
  | { readonly kind: 'rediagnose'; readonly uri: string; readonly revision: number }
  /** The document was closed, or is analysed elsewhere now: its previous analysis is not needed here. */
  | { readonly kind: 'forget'; readonly uri: string }
  /** This thread's heap, for `agreement/serverStats`. */
  | { readonly kind: 'stats' }
  /** The workspace symbols matching a query: a search of every document's records, made here rather than on the main thread. */
  | { readonly kind: 'workspaceSymbols'; readonly query: string };

export type AnalyseRequest = Extract<ServiceRequest, { kind: 'analyse' }>;

export interface EntryUpdate {
  readonly uri: string;
  readonly data: IndexEntryData | null;
}

/** Something the main thread should log (once): an internal error of a stage or of a rule. */
export interface ServiceLog {
  readonly key: string;
  readonly message: string;
}

export interface IndexResult {
  readonly entry: IndexEntryData | null;
  /** Why the file could not be read, when it could not. */
  readonly error?: string;
  readonly logs: readonly ServiceLog[];
}

export interface FileDiagnosticsResult extends IndexResult {
  /** `Findings` without `diagnostics`, encoded (`decodeFindings`). */
  readonly findings: ChunkedValue | null;
}

/** The rules' answer on a document: the findings, as LSP diagnostics too, and what they depend on in others. */
export interface Findings {
  readonly diagnostics: readonly Diagnostic[];
  readonly items: readonly LspDiagnostic[];
  readonly dependencies: readonly Dependency[];
}

/** The rules' answer, and what to log. */
export interface RulesResult extends Findings {
  readonly logs: readonly ServiceLog[];
}

/** The rules' answer as it crosses threads: findings encoded (`decodeFindings`), logs as they are. */
export interface EncodedRulesResult {
  readonly findings: ChunkedValue;
  readonly logs: readonly ServiceLog[];
}

export interface AnalyseResult {
  readonly revision: number;
  readonly entry: IndexEntryData;
  /** The analysis without its text (which the receiver has) and its line index (given by `lineStarts`). */
  readonly analysis: ChunkedValue;
  readonly lineStarts: Uint32Array;
  /** The defined-term uses: per use its start, end, definition (index) and 1 when it is the definition itself. */
  readonly termUses: Int32Array;
  /** `Findings`, encoded (`decodeFindings`). */
  readonly findings: ChunkedValue;
  readonly logs: readonly ServiceLog[];
}

/** Long arrays of an analysis travel in pieces of this many elements. */
const PIECE_ELEMENTS = 1000;

export class AnalysisService {
  private registry: Registry = builtInRegistry();
  private ruleConfig: RuleConfig = DEFAULT_RULE_CONFIG;
  private projectRoot: string | undefined;
  private locale: Locale = 'en';
  /** The last analysis of each open document made here, for an incremental analysis of the next. */
  private readonly previous = new Map<string, { revision: number; analysis: AnalysedDocument }>();

  /** `index`: this thread's copy of the workspace index (the index itself, when the service runs on the main thread). */
  constructor(
    private readonly index: WorkspaceIndex = new WorkspaceIndex(),
    private readonly options: { readonly sharesIndex?: boolean } = {},
  ) {}

  handle(request: ServiceRequest): unknown {
    switch (request.kind) {
      case 'configure':
        return this.configure(request.configuration);
      case 'settings':
        this.ruleConfig = request.ruleConfig;
        this.projectRoot = request.projectRoot;
        this.locale = request.locale;
        return undefined;
      case 'rediagnose':
        return this.rediagnose(request.uri, request.revision);
      case 'entries':
        for (const update of request.updates) this.apply(update);
        return undefined;
      case 'index':
        return this.indexFile(request.uri, request.path, request.root);
      case 'diagnose':
        return this.diagnoseFile(request.uri, request.path, request.root);
      case 'analyse':
        return this.analyse(request);
      case 'forget':
        this.previous.delete(request.uri);
        return undefined;
      case 'workspaceSymbols':
        return workspaceSymbols(this.index, this.registry, request.query);
      case 'stats': {
        const heap = getHeapStatistics();
        return { heapUsed: heap.used_heap_size, indexDocuments: this.index.size };
      }
    }
  }

  /** The rules on the analysis of revision `revision` made here; null when this worker does not have it. */
  private rediagnose(uri: string, revision: number): EncodedRulesResult | null {
    const previous = this.previous.get(uri);
    if (!previous || previous.revision !== revision) return null;
    const logs: ServiceLog[] = [];
    const { diagnostics, dependencies } = this.runRules(previous.analysis, logs);
    const items = toDiagnostics(previous.analysis, diagnostics, this.locale);
    return { findings: encodeInPieces({ diagnostics, items, dependencies }, PIECE_ELEMENTS), logs };
  }

  private configure(configuration: ServiceConfiguration): void {
    this.registry = configuration.registryFiles.reduce((r, entries) => r.extend(entries), builtInRegistry());
    this.ruleConfig = configuration.ruleConfig;
    this.projectRoot = configuration.projectRoot;
    this.locale = configuration.locale;
    if (!this.options.sharesIndex) for (const uri of this.index.uris()) this.index.delete(uri);
    this.previous.clear();
  }

  private apply(update: EntryUpdate): void {
    if (update.data) this.index.set(new IndexedDocumentEntry(update.uri, update.data));
    else this.index.delete(update.uri);
  }

  private indexFile(uri: string, path: string, root: string | undefined): IndexResult {
    const read = readTextFile(path, root !== undefined ? { root } : {});
    if (!read.ok) return { entry: null, error: read.error, logs: [] };
    const logs: ServiceLog[] = [];
    const analysis = this.analyseText(uri, read.text, -1, logs);
    const entry = inSharedMemory(indexEntryDataOf(analysis));
    this.index.set(new IndexedDocumentEntry(uri, entry));
    return { entry, logs };
  }

  private diagnoseFile(uri: string, path: string, root: string | undefined): FileDiagnosticsResult {
    const read = readTextFile(path, root !== undefined ? { root } : {});
    if (!read.ok) return { entry: null, error: read.error, logs: [], findings: null };
    const logs: ServiceLog[] = [];
    const analysis = this.analyseText(uri, read.text, -1, logs);
    const entry = inSharedMemory(indexEntryDataOf(analysis));
    this.index.set(new IndexedDocumentEntry(uri, entry));
    const { diagnostics, dependencies } = this.runRules(analysis, logs);
    const items = toDiagnostics(analysis, diagnostics, this.locale);
    // The main thread keeps no analysis of a closed file, so quick fixes are not made from it: no `diagnostics`.
    return { entry, logs, findings: encodeInPieces({ diagnostics: [], items, dependencies }, PIECE_ELEMENTS) };
  }

  private analyse(request: AnalyseRequest): AnalyseResult {
    const { analysis, entry, diagnostics, items, dependencies, logs } = this.analyseOpen(request);
    const { text: _text, lines: _lines, ...rest } = analysis;
    return {
      revision: request.revision,
      entry,
      analysis: encodeInPieces(rest, PIECE_ELEMENTS),
      lineStarts: analysis.lines.lineStartsOf(),
      termUses: termUseRows(analysis),
      findings: encodeInPieces({ diagnostics, items, dependencies }, PIECE_ELEMENTS),
      logs,
    };
  }

  /**
   * An open document's analysis, index entry and diagnostics, as values of this thread: what
   * `analyse` sends, and what the main thread uses itself when an analysis cannot be sent.
   */
  analyseOpen(request: AnalyseRequest): RulesResult & { analysis: AnalysedDocument; entry: IndexEntryData } {
    const logs: ServiceLog[] = [];
    const previous = this.previous.get(request.uri);
    const base = previous && previous.revision === request.base ? previous.analysis : undefined;
    const analysis = this.analyseEdited(request.uri, request.text, request.version, base, request.edits, logs);
    this.previous.set(request.uri, { revision: request.revision, analysis });
    const entry = inSharedMemory(indexEntryDataOf(analysis));
    this.index.set(new IndexedDocumentEntry(request.uri, entry));
    const { diagnostics, dependencies } = this.runRules(analysis, logs);
    return {
      analysis,
      entry,
      diagnostics,
      items: toDiagnostics(analysis, diagnostics, this.locale),
      dependencies,
      logs,
    };
  }

  /**
   * The analysis of an edited text. Today the whole text is analysed again; an incremental
   * analysis would start from `previous` (the analysis of the text before `edits`) here.
   */
  private analyseEdited(
    uri: string,
    text: string,
    version: number,
    _previous: AnalysedDocument | undefined,
    _edits: readonly OffsetEdit[],
    logs: ServiceLog[],
  ): AnalysedDocument {
    return this.analyseText(uri, text, version, logs);
  }

  private analyseText(uri: string, text: string, version: number, logs: ServiceLog[]): AnalysedDocument {
    const analysis = analyseDocument(uri, text, version, { registry: this.registry });
    for (const { stage, error } of analysis.failures) {
      const message = error instanceof Error ? error.message : String(error);
      logs.push({
        key: `${uri}\n${stage}\n${message}`,
        message: `internal error in the ${stage} stage on ${uri}; the other stages still apply: ${error instanceof Error ? (error.stack ?? message) : message}`,
      });
    }
    return analysis;
  }

  /** The settings for one document: the `ignore` entries whose `files` globs match its path apply. */
  private ruleConfigFor(uri: string): RuleConfig {
    const config = this.ruleConfig;
    if (!isMergedRuleConfig(config) || config.ignoreEntries.length === 0) return config;
    const path = uri.startsWith('file:') ? URI.parse(uri).fsPath : undefined;
    const inProject =
      path !== undefined && this.projectRoot !== undefined ? relative(this.projectRoot, path) : undefined;
    const relativePath =
      inProject === undefined || inProject.startsWith('..') || isAbsolute(inProject) ? undefined : inProject;
    return ruleConfigForFile(config, relativePath, matchesGlobs);
  }

  private runRules(
    analysis: AnalysedDocument,
    logs: ServiceLog[],
  ): { diagnostics: Diagnostic[]; dependencies: Dependency[] } {
    const workspace = new RecordingWorkspaceView(this.index);
    const diagnostics = runRules(
      { document: analysis, workspace, registry: this.registry, config: this.ruleConfigFor(analysis.uri) },
      this.locale,
      (code, error) =>
        logs.push({
          key: `${analysis.uri}\nrule ${code}\n${(error as Error).message}`,
          message: `rule ${code} failed on ${analysis.uri}: ${(error as Error).stack ?? String(error)}`,
        }),
    );
    return { diagnostics, dependencies: workspace.dependencies() };
  }
}

/**
 * An index entry with its typed arrays in shared memory: the main thread and every worker
 * then hold one copy of them rather than one each, and sending the entry to another thread
 * copies only its strings — for a 20 MB document, tens of megabytes the main thread would
 * otherwise copy while the editor waits.
 */
function inSharedMemory(data: IndexEntryData): IndexEntryData {
  const share = <T extends Int32Array | Uint32Array>(array: T): T => {
    const shared = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(
      new SharedArrayBuffer(array.byteLength),
    );
    shared.set(array);
    return shared;
  };
  return {
    ...data,
    lineStarts: share(data.lineStarts),
    stringEnds: share(data.stringEnds),
    mentions: share(data.mentions),
    definitions: share(data.definitions),
    clauses: share(data.clauses),
    references: share(data.references),
    dates: share(data.dates),
    termUses: share(data.termUses),
    mentionGroups: share(data.mentionGroups),
    termGroups: share(data.termGroups),
    expansionGroups: share(data.expansionGroups),
  };
}

/** The defined-term uses of an analysis as rows of integers, to rebuild them beside a copy of it. */
export function termUseRows(analysis: AnalysedDocument): Int32Array {
  const uses = definedTermUses(analysis);
  const definitionIndex = new Map(analysis.definitions.map((d, i) => [d, i]));
  const rows = new Int32Array(uses.length * 4);
  uses.forEach((use, i) => {
    rows[i * 4] = use.range.start;
    rows[i * 4 + 1] = use.range.end;
    rows[i * 4 + 2] = definitionIndex.get(use.definition) ?? -1;
    rows[i * 4 + 3] = use.isDefinition ? 1 : 0;
  });
  return rows;
}

/** The findings sent by a worker, decoded a piece per turn of `pause`. */
export async function decodeFindings(encoded: ChunkedValue, pause: () => Promise<void>): Promise<Findings> {
  return (await decodePieces(encoded, pause)) as Findings;
}
