/**
 * The VS Code side of Agreement Annotator: starts the bundled language server, connects it
 * to documents of the `agreement` language, and adds what needs VS Code's own UI: a quick
 * pick of related clauses, a peek view from a code lens, the "Agreements" view, a status-bar
 * item and a restart command. This is the only code that imports `vscode`.
 *
 * The server indexes what the user means by their agreement files: the `agreement.files`
 * globs plus every pattern `files.associations` maps to `agreement`. The client computes
 * these globs and hands them to the server both at start (initialization options) and
 * whenever the server reads its settings, so the server needs to know nothing of VS Code's
 * associations.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type Location as LspLocation,
  type Position as LspPosition,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { agreementFileGlobs } from './agreementFiles';
import { AgreementsViewProvider } from './agreementsView';
import { CrashPolicy } from './crashPolicy';
import { AgreementStatusBar, type ServerStatus } from './statusBar';

let client: LanguageClient | undefined;

/** One related clause as the server's `agreement/relatedClauses` request returns it. */
interface RelatedClause {
  readonly location: LspLocation;
  readonly label: string;
  readonly title: string;
  readonly reasons: readonly string[];
  readonly preview: string;
}

/** The globs of the files the server indexes, from the settings in force now. */
function indexedGlobs(): string[] {
  return agreementFileGlobs(
    vscode.workspace.getConfiguration('agreement').get<string[]>('files'),
    vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations'),
    (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
  );
}

/** The `agreement` settings as the server reads them, with the computed globs as `files`. */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('agreement');
  return {
    files: indexedGlobs(),
    rules: config.get('rules'),
    knownAcronyms: config.get('knownAcronyms'),
    inlayHints: config.get('inlayHints'),
    codeLens: config.get('codeLens'),
    semanticHighlighting: config.get('semanticHighlighting'),
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Agreement Annotator');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const restart = () => void vscode.commands.executeCommand('agreement.restartServer');
  const crashPolicy = new CrashPolicy(restart);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'agreement' },
      { scheme: 'untitled', language: 'agreement' },
    ],
    outputChannel: output,
    errorHandler: crashPolicy,
    // files.associations decides which files are agreements: a change to it is a change of settings.
    synchronize: { configurationSection: ['agreement', 'files.associations'] },
    initializationOptions: serverSettings(),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value: unknown, i) =>
            params.items[i]?.section === 'agreement' && value !== null && typeof value === 'object'
              ? { ...(value as Record<string, unknown>), files: indexedGlobs() }
              : value,
          );
        },
      },
    },
  };
  const languageClient = new LanguageClient('agreement', 'Agreement Annotator', serverOptions, clientOptions);
  client = languageClient;

  const statusBar = new AgreementStatusBar();
  const view = new AgreementsViewProvider(() => client);
  const treeView = vscode.window.createTreeView('agreement.entities', {
    treeDataProvider: view,
    showCollapseAll: true,
  });
  view.attach(treeView);

  languageClient.onNotification('agreement/statusChanged', (status: ServerStatus) => {
    statusBar.setStatus(status);
    view.refreshSoon();
  });
  languageClient.onDidChangeState(async ({ newState }) => {
    if (newState === State.Running) {
      statusBar.setState('running');
      try {
        statusBar.setStatus(await languageClient.sendRequest<ServerStatus>('agreement/status'));
      } catch {
        // A server that does not answer the request still works; the item keeps saying it starts.
      }
      view.refresh();
    } else statusBar.setState(newState === State.Starting ? 'starting' : 'stopped');
  });

  context.subscriptions.push(
    output,
    statusBar,
    view,
    treeView,
    vscode.commands.registerCommand('agreement.goToRelatedClause', () => goToRelatedClause(languageClient)),
    // Code lenses carry LSP values; VS Code's peek view wants its own types.
    vscode.commands.registerCommand(
      'agreement.showRelatedClauses',
      (uri: string, position: LspPosition, locations: LspLocation[]) => {
        const convert = languageClient.protocol2CodeConverter;
        return vscode.commands.executeCommand(
          'editor.action.peekLocations',
          vscode.Uri.parse(uri),
          convert.asPosition(position),
          locations.map((l) => convert.asLocation(l)),
          'peek',
        );
      },
    ),
    vscode.commands.registerCommand('agreement.restartServer', async () => {
      crashPolicy.reset();
      const at = performance.now();
      if (languageClient.state === State.Stopped) await languageClient.start();
      else await languageClient.restart();
      output.appendLine(
        vscode.l10n.t('Agreement Annotator: server restarted in {0} ms', Math.round(performance.now() - at)),
      );
    }),
    vscode.commands.registerCommand('agreement.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('agreement.entities.filter', async () => {
      const filter = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter the Agreements view'),
        prompt: vscode.l10n.t('Names containing this text, in any language (JAXA, 宇宙, 2021-11)'),
        value: view.filter,
      });
      if (filter !== undefined) view.setFilter(filter);
    }),
    vscode.commands.registerCommand('agreement.entities.clearFilter', () => view.setFilter('')),
    vscode.commands.registerCommand('agreement.entities.refresh', () => view.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('agreement.statusBar.enabled'))
        statusBar.setVisible(
          vscode.workspace.getConfiguration('agreement').get<boolean>('statusBar.enabled') !== false,
        );
    }),
  );
  await languageClient.start();
  output.appendLine(
    vscode.l10n.t('Agreement Annotator activated in {0} ms (server started)', Math.round(performance.now() - started)),
  );
}

/** Lists the clauses related to the one at the cursor, most related first, and opens the chosen one. */
async function goToRelatedClause(languageClient: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'agreement') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Agreement: Go to Related Clause works in an agreement document.'),
    );
    return;
  }
  const related = await languageClient.sendRequest<RelatedClause[]>('agreement/relatedClauses', {
    textDocument: { uri: editor.document.uri.toString() },
    position: languageClient.code2ProtocolConverter.asPosition(editor.selection.active),
  });
  if (related.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No clause in the workspace is related to the clause at the cursor.'),
    );
    return;
  }
  const picked = await vscode.window.showQuickPick(
    related.map((r) => ({
      label: r.title,
      description: path.basename(vscode.Uri.parse(r.location.uri).fsPath),
      detail: `${r.reasons.join(' · ')} — ${r.preview}`,
      related: r,
    })),
    {
      placeHolder: vscode.l10n.t('Related clauses, most related first'),
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (!picked) return;
  const location = languageClient.protocol2CodeConverter.asLocation(picked.related.location);
  const document = await vscode.workspace.openTextDocument(location.uri);
  await vscode.window.showTextDocument(document, { selection: location.range });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
