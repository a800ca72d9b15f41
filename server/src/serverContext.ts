/**
 * What every handler module is given: the connection, the editor's documents, the workspace
 * (which owns every cache), the settings in force and the user's language. Handlers live in
 * `handlers/`, one module per feature group, each with a `register…(server)` function; they
 * find the document, call the core and convert, and keep no state of their own.
 */
import { join } from 'node:path';
import type {
  CancellationToken,
  Connection,
  Position,
  ServerCapabilities,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import {
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysedDocument } from './core/analysis';
import type { FeatureContext, Locale } from './core/features/featureContext';
import { readTextFile } from './workspace/readTextFile';
import { AgreementWorkspace, type Host, RequestCancelled } from './workspace/agreementWorkspace';
import type { OffsetEdit } from './workspace/analysisService';
import { StaleAnalysisMap } from './workspace/staleAnalysis';

/** The `agreement.*` settings of the editor (or the initialization options of another client). */
export interface Settings {
  files?: string[];
  rules?: unknown;
  knownAcronyms?: unknown;
  inlayHints?: { enabled?: boolean };
  codeLens?: { relatedClauses?: boolean };
  semanticHighlighting?: { entities?: boolean };
}

/** What the client said it can do, at `initialize`. */
export interface ClientAbilities {
  readConfiguration: boolean;
  watchFiles: boolean;
  refreshDiagnostics: boolean;
  /** The client applies workspace edits that create files (`resourceOperations: ['create']`). */
  createFiles: boolean;
}

/** What an answer computed from an older analysis returns when it touches edited text: wait for the new one. */
export const STALE = Symbol('stale');

export class ServerContext {
  readonly documents: TextDocuments<TextDocument>;
  readonly workspace: AgreementWorkspace;
  /** Filled by the handler modules as they register, answered at `initialize`. */
  readonly capabilities: ServerCapabilities = {};
  settings: Settings = {};
  locale: Locale = 'en';
  roots: string[] = [];
  readonly client: ClientAbilities = {
    readConfiguration: false,
    watchFiles: false,
    refreshDiagnostics: false,
    createFiles: false,
  };

  constructor(readonly connection: Connection) {
    this.workspace = new AgreementWorkspace(
      hostOf(connection, () => this.refreshDiagnostics()),
      {
        workerFile: join(__dirname, 'analysisWorker.js'),
      },
    );
    // The edits of each change, in offsets, go to the workspace before the change is announced.
    this.documents = new TextDocuments({
      create: (uri, languageId, version, text) => TextDocument.create(uri, languageId, version, text),
      update: (document, changes, version) => this.applyChanges(document, changes, version),
    });
  }

  private applyChanges(
    document: TextDocument,
    changes: TextDocumentContentChangeEvent[],
    version: number,
  ): TextDocument {
    const edits: OffsetEdit[] = [];
    let updated = document;
    for (const change of changes) {
      if ('range' in change && change.range) {
        edits.push({
          start: updated.offsetAt(change.range.start),
          end: updated.offsetAt(change.range.end),
          text: change.text,
        });
      } else edits.push({ start: 0, end: updated.getText().length, text: change.text });
      updated = TextDocument.update(updated, [change], version);
    }
    this.workspace.changed(updated, edits);
    return updated;
  }

  /** What a feature needs, for an analysis of an open document. */
  featureContextOf(analysis: AnalysedDocument): FeatureContext {
    return {
      document: analysis,
      workspace: this.workspace.index,
      registry: this.workspace.registry,
      locale: this.locale,
    };
  }

  /** Everything a feature needs for an open document's text as it is now (waiting for its analysis). */
  async featureContext(document: TextDocument, token?: CancellationToken): Promise<FeatureContext> {
    return this.featureContextOf(await this.workspace.analysisOf(document, token));
  }

  /**
   * Answers a request at a position: from the last analysis when the position and the answer
   * lie in text unchanged since (`compute` returns `STALE` when its answer touches edited
   * text), else from the analysis of the text as it is now.
   */
  async answerAt<R>(
    document: TextDocument,
    position: Position,
    token: CancellationToken | undefined,
    compute: (context: FeatureContext, offset: number, map: StaleAnalysisMap) => R | typeof STALE,
  ): Promise<R> {
    const near = await this.workspace.analysisNear(document, token);
    const offset = near.offsetOf(position);
    if (offset !== undefined) {
      const answer = compute(this.featureContextOf(near.analysis), offset, near);
      if (answer !== STALE) return answer;
    }
    const analysis = await this.workspace.analysisOf(document, token);
    const exact = new StaleAnalysisMap(analysis, [], document);
    const answer = compute(this.featureContextOf(analysis), analysis.lines.offsetAt(position), exact);
    if (answer === STALE) throw new Error('an answer from the current analysis cannot be stale');
    return answer;
  }

  /** The text of any workspace document: the editor's buffer when open, else the file. */
  textOf(uri: string): string | undefined {
    const open = this.documents.get(uri);
    if (open) return open.getText();
    const { path, root } = this.workspace.fileOf(uri);
    const read = readTextFile(path, root !== undefined ? { root } : {});
    return read.ok ? read.text : undefined;
  }

  /** Asks the client to pull diagnostics again, when it can. */
  refreshDiagnostics(): void {
    if (this.client.refreshDiagnostics) this.connection.languages.diagnostics.refresh();
  }

  /** Logs a handler's failure with its stack. */
  logFailure(name: string, uri: string, error: unknown): void {
    this.connection.console.error(`${name} failed for ${uri}: ${(error as Error).stack ?? String(error)}`);
  }

  /**
   * Wraps a handler of a request about one open document: an unknown document is answered
   * with `fallback`; a request the client cancelled — before it was handled or while it
   * waited for an analysis — gets the LSP cancellation error; and a bug in one request is
   * logged and answered with `fallback` rather than taking the server down with it.
   */
  guarded<P extends { textDocument: { uri: string } }, R>(
    name: string,
    fallback: R,
    handler: (params: P, document: TextDocument, token: CancellationToken | undefined) => R | Promise<R>,
  ): (params: P, token?: CancellationToken) => Promise<R | ResponseError<never>> {
    return async (params: P, token?: CancellationToken): Promise<R | ResponseError<never>> => {
      if (token?.isCancellationRequested) return cancelled();
      const document = this.documents.get(params.textDocument.uri);
      if (!document) return fallback;
      try {
        const result = await handler(params, document, token);
        return token?.isCancellationRequested ? cancelled() : result;
      } catch (error) {
        if (error instanceof RequestCancelled || token?.isCancellationRequested) return cancelled();
        this.logFailure(name, params.textDocument.uri, error);
        return fallback;
      }
    };
  }
}

/** The answer to a request the client cancelled. */
export function cancelled(): ResponseError<never> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

function hostOf(connection: Connection, refreshDiagnostics: () => void): Host {
  return {
    log: (message) => connection.console.log(message),
    warn: (message) => {
      connection.console.warn(message);
      // A notification, not a request: the warning needs no answer and must not wait for one.
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `Agreement Annotator: ${message}`,
      });
    },
    startProgress: async (title) => {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, undefined, false);
      return { report: (percentage, message) => reporter.report(percentage, message), done: () => reporter.done() };
    },
    refreshDiagnostics,
  };
}
