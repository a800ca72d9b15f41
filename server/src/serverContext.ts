/**
 * What every handler module is given: the connection, the editor's documents, the workspace
 * (which owns every cache), the settings in force and the user's language. Handlers live in
 * `handlers/`, one module per feature group, each with a `register…(server)` function; they
 * find the document, call the core and convert, and keep no state of their own.
 */
import type { Connection, ServerCapabilities } from 'vscode-languageserver/node';
import { MessageType, ShowMessageNotification, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { FeatureContext, Locale } from './core/features/featureContext';
import { readTextFile } from './workspace/readTextFile';
import { AgreementWorkspace, type Host } from './workspace/agreementWorkspace';

/** The `agreement.*` settings of the editor (or the initialization options of another client). */
export interface Settings {
  files?: string[];
  rules?: unknown;
  knownAcronyms?: unknown;
  inlayHints?: { enabled?: boolean };
  codeLens?: { relatedClauses?: boolean };
}

/** What the client said it can do, at `initialize`. */
export interface ClientAbilities {
  readConfiguration: boolean;
  watchFiles: boolean;
  refreshDiagnostics: boolean;
}

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly workspace: AgreementWorkspace;
  /** Filled by the handler modules as they register, answered at `initialize`. */
  readonly capabilities: ServerCapabilities = {};
  settings: Settings = {};
  locale: Locale = 'en';
  roots: string[] = [];
  readonly client: ClientAbilities = { readConfiguration: false, watchFiles: false, refreshDiagnostics: false };

  constructor(readonly connection: Connection) {
    this.workspace = new AgreementWorkspace(hostOf(connection));
  }

  /** Everything a feature needs for one open document. */
  featureContext(document: TextDocument): FeatureContext {
    return {
      document: this.workspace.analysisOf(document),
      workspace: this.workspace.index,
      registry: this.workspace.registry,
      locale: this.locale,
    };
  }

  /** The text of any workspace document: the editor's buffer when open, else the file. */
  textOf(uri: string): string | undefined {
    const open = this.documents.get(uri);
    if (open) return open.getText();
    const read = readTextFile(URI.parse(uri).fsPath);
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
   * with `fallback`, and a bug in one request is logged and answered with `fallback` rather
   * than taking the server down with it.
   */
  guarded<P extends { textDocument: { uri: string } }, R>(
    name: string,
    fallback: R,
    handler: (params: P, document: TextDocument) => R,
  ): (params: P) => R {
    return (params: P): R => {
      const document = this.documents.get(params.textDocument.uri);
      if (!document) return fallback;
      try {
        return handler(params, document);
      } catch (error) {
        this.logFailure(name, params.textDocument.uri, error);
        return fallback;
      }
    };
  }
}

function hostOf(connection: Connection): Host {
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
  };
}
