/**
 * The server's life: `initialize` (what the client can do, the capabilities every handler
 * module registered), `initialized` (settings, file watchers, the first indexing), settings
 * changes and file changes on disk.
 */
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { localeOf } from '../core/features/featureContext';
import type { ServerContext, Settings } from '../serverContext';
import { WORKSPACE_REGISTRY_FILES } from '../workspace/workspaceRegistry';

export const SERVER_NAME = 'agreement-language-server';
export const VERSION = '0.1.0';

/** What the server asks the client to watch: agreement files and the workspace registry. */
const WATCHED_GLOBS = [
  '**/*.agr',
  '**/*.agreement',
  '**/*.agreement.txt',
  '**/*.txt',
  ...WORKSPACE_REGISTRY_FILES.map((f) => `**/${f}`),
];

export function registerLifecycle(server: ServerContext): void {
  const { connection, workspace } = server;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    let roots = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (roots.length === 0 && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
    server.roots = roots;
    server.locale = localeOf(params.locale);
    server.client.readConfiguration = params.capabilities.workspace?.configuration === true;
    server.client.watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    server.client.refreshDiagnostics = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    server.client.createFiles =
      workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create');
    server.settings = (params.initializationOptions ?? {}) as Settings;
    workspace.configure(roots, server.settings.files);
    workspace.configureLocale(server.locale);
    workspace.configureRules(server.settings.rules, server.settings.knownAcronyms);
    // Indexing starts once the client says it is initialised; requests that wait for the index wait for it.
    workspace.expectIndexing();
    return { capabilities: server.capabilities, serverInfo: { name: SERVER_NAME, version: VERSION } };
  });

  const readSettings = async (): Promise<void> => {
    if (!server.client.readConfiguration) return;
    server.settings = ((await connection.workspace.getConfiguration('agreement')) ?? {}) as Settings;
    workspace.configure(server.roots, server.settings.files);
    workspace.configureRules(server.settings.rules, server.settings.knownAcronyms);
  };

  connection.onInitialized(async () => {
    await readSettings();
    if (server.client.watchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
      });
    }
    await workspace.reindex();
    server.refreshDiagnostics();
  });

  connection.onDidChangeConfiguration(async () => {
    if (!server.client.readConfiguration) return;
    const filesBefore = JSON.stringify(server.settings.files ?? []);
    await readSettings();
    connection.languages.inlayHint.refresh().catch(() => undefined);
    // Typed void, but a request: a client without refresh support answers with an error.
    void Promise.resolve(connection.languages.semanticTokens.refresh() as unknown).catch(() => undefined);
    // VS Code's client sends this notification once at start too: index again only when the files to index changed.
    if (JSON.stringify(server.settings.files ?? []) !== filesBefore) await workspace.reindex();
    server.refreshDiagnostics();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) workspace.fileChanged(change.uri, change.type === FileChangeType.Deleted);
    server.refreshDiagnostics();
  });
}
