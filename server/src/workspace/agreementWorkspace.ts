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

  constructor(private readonly host: Host) {}

  get registry(): Registry {
    return this.registryInForce;
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
    const analysis = analyseDocument(document.uri, text, document.version, { registry: this.registryInForce });
    this.open.set(document.uri, analysis);
    this.index.set(indexEntryOf(analysis));
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
    if (this.open.has(uri)) return; // The editor's buffer wins over the disk.
    if (deleted) this.index.delete(uri);
    else if (this.roots.some((root) => matchesAgreementGlobs(path, root, this.include))) this.refreshFromDisk(uri);
  }

  /** Reloads the workspace registry and indexes every agreement file again. */
  reindex(): Promise<IndexingSummary> {
    const generation = ++this.generation;
    this.loadWorkspaceRegistry();
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
    this.host.log(`indexed ${files} agreement files in ${milliseconds} ms${skipped ? `, skipped ${skipped}` : ''}`);
    return { files, skipped, truncated, milliseconds };
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
    this.index.set(indexEntryOf(analyseDocument(uri, read.text, -1, { registry: this.registryInForce })));
    return true;
  }
}
