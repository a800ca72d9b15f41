/**
 * Everything the server knows about the workspace: the registry in force (built-in plus
 * `.agreement/registry.*`), the analysis of each open document, and the index of every
 * agreement document, open or not. It talks to the editor only through the small `Host`
 * interface, so that it can be tested without a connection.
 *
 * Open documents are analysed from the editor's buffer; other files are read from disk,
 * analysed once, and kept only as index entries. Indexing runs in slices that yield to the
 * event loop, so requests are answered while a large workspace is being read.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { URI } from 'vscode-uri';
import { analyseDocument, type AnalysedDocument } from '../core/analysis';
import { builtInRegistry, type Registry } from '../core/registry/registry';
import { mergeRuleConfig, parseRuleConfig, parseSeverities, type RuleConfigLayer } from '../core/rules/ruleConfig';
import { DEFAULT_RULE_CONFIG } from '../core/rules/runRules';
import type { Diagnostic, RuleConfig } from '../core/rules/ruleTypes';
import { runRules } from '../core/rules/runRules';
import type { Locale } from '../core/features/featureContext';
import { DEFAULT_AGREEMENT_GLOBS, findAgreementFiles, matchesAgreementGlobs } from './fileDiscovery';
import { readTextFile } from './readTextFile';
import { indexEntryOf, WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { parseWorkspaceRegistry, WORKSPACE_REGISTRY_FILES } from './workspaceRegistry';

export interface ProgressReporter {
  report(percentage: number, message: string): void;
  done(): void;
}

export interface Host {
  log(message: string): void;
  /** Tells the user something is wrong with a file of theirs (once per problem). */
  warn(message: string): void;
  startProgress(title: string): Promise<ProgressReporter>;
}

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

export interface IndexingSummary {
  readonly files: number;
  readonly skipped: number;
  readonly truncated: boolean;
  readonly milliseconds: number;
}

/** The project's rule settings, read by the server and by agreement-lint. */
export const RULE_CONFIG_FILE = '.agreement/config.json';

/** How long one slice of indexing may run before it lets requests through. */
const SLICE_MILLISECONDS = 30;

export class AgreementWorkspace {
  readonly index = new WorkspaceIndex();
  private registryInForce: Registry = builtInRegistry();
  private readonly open = new Map<string, AnalysedDocument>();
  private roots: string[] = [];
  private include: readonly string[] = DEFAULT_AGREEMENT_GLOBS;
  private indexing: Promise<IndexingSummary> | undefined;
  private generation = 0;
  private editorRuleSettings: RuleConfigLayer = {};
  private readonly diagnosticsCache = new Map<
    string,
    { analysis: AnalysedDocument; version: number; locale: Locale; diagnostics: Diagnostic[] }
  >();
  private ruleConfigInForce: RuleConfig = DEFAULT_RULE_CONFIG;
  /** Grows whenever anything a diagnostic may depend on changes: any document, the registry, the rule settings. */
  private changeCount = 0;
  /** Internal errors already logged (uri, stage and message), so that each is logged once, not per keystroke. */
  private readonly loggedFailures = new Set<string>();

  constructor(private readonly host: Host) {}

  get registry(): Registry {
    return this.registryInForce;
  }

  /** The rule settings in force: defaults, then the editor's settings, then `.agreement/config.json`. */
  get ruleConfig(): RuleConfig {
    return this.ruleConfigInForce;
  }

  /**
   * The diagnostics of an analysed document, computed once per analysis and workspace state
   * (rules read other documents' definitions, so any change anywhere may change them).
   */
  diagnosticsOf(analysis: AnalysedDocument, locale: Locale): Diagnostic[] {
    const cached = this.diagnosticsCache.get(analysis.uri);
    if (cached && cached.analysis === analysis && cached.version === this.changeCount && cached.locale === locale)
      return cached.diagnostics;
    const diagnostics = runRules(
      { document: analysis, workspace: this.index, registry: this.registryInForce, config: this.ruleConfigInForce },
      locale,
      (code, error) =>
        this.host.log(`rule ${code} failed on ${analysis.uri}: ${(error as Error).stack ?? String(error)}`),
    );
    this.diagnosticsCache.set(analysis.uri, { analysis, version: this.changeCount, locale, diagnostics });
    return diagnostics;
  }

  /** A number that changes whenever diagnostics may have to be computed again. */
  get version(): number {
    return this.changeCount;
  }

  /**
   * The editor's `agreement.rules` and `agreement.knownAcronyms` settings. A problem in them is
   * one warning; the valid parts apply.
   */
  configureRules(rules: unknown, knownAcronyms: unknown): void {
    const layer: { severities?: RuleConfigLayer['severities']; knownAcronyms?: string[] } = {};
    if (rules !== undefined && rules !== null) {
      const parsed = parseSeverities(rules, 'agreement.rules');
      for (const problem of parsed.problems) this.host.warn(`settings: ${problem}`);
      layer.severities = parsed.severities;
    }
    if (Array.isArray(knownAcronyms))
      layer.knownAcronyms = knownAcronyms.filter((a): a is string => typeof a === 'string');
    this.editorRuleSettings = layer;
    this.loadRuleConfig();
  }

  get isIndexing(): boolean {
    return this.indexing !== undefined;
  }

  /** Sets the workspace folders and the `agreement.files` globs; call `reindex` after. */
  configure(roots: readonly string[], include: readonly string[] | undefined): void {
    this.roots = [...roots];
    this.include = include && include.length > 0 ? [...include] : DEFAULT_AGREEMENT_GLOBS;
  }

  /** The analysis of an open document at its current version, analysed on first use. */
  analysisOf(document: OpenDocument): AnalysedDocument {
    const cached = this.open.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const raw = document.getText();
    // Editors normally strip the byte-order mark; one that is kept is blanked to a space of the
    // same length, so that offsets still agree with the client's.
    const text = raw.charCodeAt(0) === 0xfeff ? ` ${raw.slice(1)}` : raw;
    const analysis = this.analyse(document.uri, text, document.version);
    this.open.set(document.uri, analysis);
    this.index.set(indexEntryOf(analysis));
    this.changeCount++;
    return analysis;
  }

  /** An open document was closed: its index entry goes back to what is on disk. */
  closed(uri: string): void {
    this.open.delete(uri);
    this.refreshFromDisk(uri);
  }

  /** A file changed, was created or was deleted on disk. */
  fileChanged(uri: string, deleted: boolean): void {
    const path = URI.parse(uri).fsPath;
    const slashed = path.split(sep).join('/');
    if (WORKSPACE_REGISTRY_FILES.some((f) => slashed.endsWith(`/${f}`))) {
      void this.reindex();
      return;
    }
    if (slashed.endsWith(`/${RULE_CONFIG_FILE}`)) {
      this.loadRuleConfig();
      return;
    }
    if (this.open.has(uri)) return; // The editor's buffer wins over the disk.
    if (deleted) {
      this.index.delete(uri);
      this.changeCount++;
    } else if (this.roots.some((root) => matchesAgreementGlobs(path, root, this.include))) this.refreshFromDisk(uri);
  }

  /** Reloads the workspace registry and indexes every agreement file again. */
  reindex(): Promise<IndexingSummary> {
    const generation = ++this.generation;
    this.loadWorkspaceRegistry();
    this.loadRuleConfig();
    this.open.clear();
    const run = this.indexAll(generation).finally(() => {
      if (this.generation === generation) this.indexing = undefined;
    });
    this.indexing = run;
    return run;
  }

  /** Resolves when the indexing under way (if any) has finished. */
  async whenIndexed(): Promise<void> {
    while (this.indexing) await this.indexing;
  }

  /** Reads `.agreement/config.json` of the first folder that has one, over the editor's settings. */
  private loadRuleConfig(): void {
    const layers: RuleConfigLayer[] = [DEFAULT_RULE_CONFIG, this.editorRuleSettings];
    for (const root of this.roots) {
      const path = join(root, RULE_CONFIG_FILE);
      if (!existsSync(path)) continue;
      const read = readTextFile(path);
      let json: unknown;
      try {
        json = read.ok ? JSON.parse(read.text) : undefined;
      } catch (error) {
        this.host.warn(`${path}: not valid JSON (${(error as Error).message}); the default rule settings are in force`);
        break;
      }
      if (!read.ok) {
        this.host.warn(`${path}: cannot read the rule settings: ${read.error}`);
        break;
      }
      const parsed = parseRuleConfig(json, path);
      for (const problem of parsed.problems) this.host.warn(problem);
      layers.push(parsed.config);
      break;
    }
    this.ruleConfigInForce = mergeRuleConfig(...layers);
    this.changeCount++;
  }

  private loadWorkspaceRegistry(): void {
    let registry = builtInRegistry();
    for (const root of this.roots) {
      for (const relative of WORKSPACE_REGISTRY_FILES) {
        const path = join(root, relative);
        if (!existsSync(path)) continue;
        const read = readTextFile(path);
        if (!read.ok) {
          this.host.warn(`${path}: cannot read the registry: ${read.error}`);
          continue;
        }
        const parsed = parseWorkspaceRegistry(read.text);
        for (const problem of parsed.problems) {
          this.host.warn(`${path}:${problem.line + 1}: ${problem.message} (the built-in registry is still in use)`);
        }
        if (parsed.entries.length > 0) {
          registry = registry.extend(parsed.entries);
          this.host.log(`${path}: ${parsed.entries.length} registry entries added`);
        }
      }
    }
    this.registryInForce = registry;
    this.changeCount++;
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
        found.push(...discovery.files);
        truncated ||= discovery.truncated;
        if (discovery.truncated)
          this.host.log(`${root}: stopped looking for agreement files at a limit (${discovery.truncatedBy})`);
        for (const problem of discovery.unreadable) this.host.log(`skipped a folder: ${problem}`);
      }
      let sliceStart = performance.now();
      for (const [i, path] of found.entries()) {
        if (generation !== this.generation) break; // A newer reindex has started.
        const uri = URI.file(path).toString();
        if (!this.open.has(uri)) {
          if (this.refreshFromDisk(uri)) files++;
          else skipped++;
        } else files++;
        if (performance.now() - sliceStart > SLICE_MILLISECONDS) {
          progress.report(Math.round((100 * (i + 1)) / found.length), `${i + 1}/${found.length} files`);
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } finally {
      progress.done();
    }
    const milliseconds = Math.round(performance.now() - started);
    this.host.log(
      `indexed ${files} agreement files in ${milliseconds} ms${skipped ? `, skipped ${skipped}` : ''} (${this.include.join(', ')})`,
    );
    return { files, skipped, truncated, milliseconds };
  }

  /** Analyses a file that is not open, from disk; undefined when it cannot be read. */
  analyseFromDisk(uri: string): AnalysedDocument | undefined {
    const read = readTextFile(URI.parse(uri).fsPath);
    return read.ok ? this.analyse(uri, read.text, -1) : undefined;
  }

  /** Analyses a text with the registry in force, and logs each internal error of the core once. */
  private analyse(uri: string, text: string, version: number): AnalysedDocument {
    const analysis = analyseDocument(uri, text, version, { registry: this.registryInForce });
    for (const { stage, error } of analysis.failures) {
      const message = error instanceof Error ? error.message : String(error);
      const key = `${uri}\n${stage}\n${message}`;
      if (this.loggedFailures.has(key)) continue;
      this.loggedFailures.add(key);
      this.host.log(
        `internal error in the ${stage} stage on ${uri}; the other stages still apply: ${error instanceof Error ? (error.stack ?? message) : message}`,
      );
    }
    return analysis;
  }

  /** True when the document is open in the editor. */
  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  /** Re-reads a file from disk into the index; false (and a log line) when it cannot be read. */
  private refreshFromDisk(uri: string): boolean {
    const path = URI.parse(uri).fsPath;
    const read = readTextFile(path);
    if (!read.ok) {
      this.index.delete(uri);
      this.host.log(`skipped ${path}: ${read.error}`);
      return false;
    }
    this.index.set(indexEntryOf(this.analyse(uri, read.text, -1)));
    this.changeCount++;
    return true;
  }
}
