/**
 * The language server: wires the LSP connection to the analysis core and the workspace.
 * Each handler finds the document, calls the core and converts the result; nothing here
 * analyses text.
 */
import {
  createConnection,
  type Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  type Location,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { documentOutline } from './core/features/documentSymbols';
import { clauseFoldingRanges } from './core/features/foldingRanges';
import { SEMANTIC_TOKEN_TYPES, semanticTokens } from './core/features/semanticTokens';
import { toDocumentSymbols, toFoldingRanges, toSemanticTokens } from './convert';
import { AgreementWorkspace, type Host } from './workspace/agreementWorkspace';
import { WORKSPACE_REGISTRY_FILES } from './workspace/workspaceRegistry';

const SERVER_NAME = 'agreement-language-server';
const VERSION = '0.1.0';
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

/** Custom requests: the workspace index, for clients and tests. */
export const IndexStatusRequest = 'agreement/indexStatus';
export const EntityMentionsRequest = 'agreement/entityMentions';
export const TermDefinitionsRequest = 'agreement/termDefinitions';

interface Settings {
  files?: string[];
}

/** Starts the server on the transport named on the command line (`--stdio` for other editors). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const host: Host = {
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
  const workspace = new AgreementWorkspace(host);
  let roots: string[] = [];
  let canReadConfiguration = false;
  let canWatchFiles = false;

  /**
   * Runs a handler so that a bug in one request is logged and answered with `fallback`
   * rather than taking the server down with it.
   */
  const guarded =
    <P extends { textDocument: { uri: string } }, R>(
      name: string,
      fallback: R,
      handler: (params: P, document: TextDocument) => R,
    ) =>
    (params: P): R => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return fallback;
      try {
        return handler(params, document);
      } catch (error) {
        connection.console.error(
          `${name} failed for ${params.textDocument.uri}: ${(error as Error).stack ?? String(error)}`,
        );
        return fallback;
      }
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    roots = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (roots.length === 0 && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
    canReadConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const initial = (params.initializationOptions ?? {}) as Settings;
    workspace.configure(roots, initial.files);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: 'Agreement' },
        foldingRangeProvider: true,
        semanticTokensProvider: {
          legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] },
          full: true,
        },
      },
      serverInfo: { name: SERVER_NAME, version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (canReadConfiguration) {
      const settings = ((await connection.workspace.getConfiguration('agreement')) ?? {}) as Settings;
      workspace.configure(roots, settings.files);
    }
    if (canWatchFiles) {
      const globs = [
        '**/*.agr',
        '**/*.agreement',
        '**/*.agreement.txt',
        '**/*.txt',
        ...WORKSPACE_REGISTRY_FILES.map((f) => `**/${f}`),
      ];
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: globs.map((globPattern) => ({ globPattern })),
      });
    }
    await workspace.reindex();
  });

  connection.onDidChangeConfiguration(async () => {
    if (!canReadConfiguration) return;
    const settings = ((await connection.workspace.getConfiguration('agreement')) ?? {}) as Settings;
    workspace.configure(roots, settings.files);
    await workspace.reindex();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) workspace.fileChanged(change.uri, change.type === FileChangeType.Deleted);
  });

  connection.onDocumentSymbol(
    guarded('documentSymbol', [], (_params, document) => {
      const analysis = workspace.analysisOf(document);
      return toDocumentSymbols(analysis, documentOutline(analysis));
    }),
  );
  connection.onFoldingRanges(
    guarded('foldingRange', [], (_params, document) =>
      toFoldingRanges(clauseFoldingRanges(workspace.analysisOf(document))),
    ),
  );
  connection.languages.semanticTokens.on(
    guarded('semanticTokens', { data: [] }, (_params, document) => {
      const analysis = workspace.analysisOf(document);
      return toSemanticTokens(analysis, semanticTokens(analysis));
    }),
  );

  connection.onRequest(IndexStatusRequest, () => ({
    indexing: workspace.isIndexing,
    documents: workspace.index.uris(),
    registryEntries: workspace.registry.entries.length,
  }));
  connection.onRequest(
    EntityMentionsRequest,
    async (params: { id: string; waitForIndex?: boolean }): Promise<Location[]> => {
      if (params.waitForIndex) await workspace.whenIndexed();
      return workspace.index.mentionsOf(params.id).map((m) => ({ uri: m.uri, range: m.range }));
    },
  );
  connection.onRequest(TermDefinitionsRequest, async (params: { term: string; waitForIndex?: boolean }) => {
    if (params.waitForIndex) await workspace.whenIndexed();
    return workspace.index
      .definitionsOf(params.term)
      .map((d) => ({ uri: d.uri, range: d.termRange, expansion: d.expansion, form: d.form }));
  });

  // Keep the index current with the editor's buffers, not only when a feature asks.
  documents.onDidChangeContent((event) => workspace.analysisOf(event.document));
  documents.onDidClose((event) => workspace.closed(event.document.uri));
  documents.listen(connection);
  connection.listen();
}

function main(argv: readonly string[]): void {
  if (argv.includes('--version')) {
    process.stdout.write(`${SERVER_NAME} ${VERSION}\n`);
    return;
  }
  if (argv.includes('--help') || !argv.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
    const stream = argv.includes('--help') ? process.stdout : process.stderr;
    stream.write(
      `usage: ${SERVER_NAME} --stdio\n` +
        'Runs the Agreement Annotator language server. Editors start it with --stdio (or --node-ipc, --socket=PORT).\n',
    );
    if (!argv.includes('--help')) process.exitCode = 2;
    return;
  }
  startServer(createConnection(ProposedFeatures.all));
}

main(process.argv.slice(2));
