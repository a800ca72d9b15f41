/**
 * The VS Code side of Agreement Annotator: starts the bundled language server, connects it
 * to documents of the `agreement` language, and adds the commands that need VS Code's own
 * UI (a quick pick of related clauses, a peek view from a code lens). This is the only code
 * that imports `vscode`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type Location as LspLocation,
  type Position as LspPosition,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** One related clause as the server's `agreement/relatedClauses` request returns it. */
interface RelatedClause {
  readonly location: LspLocation;
  readonly label: string;
  readonly title: string;
  readonly reasons: readonly string[];
  readonly preview: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'agreement' },
      { scheme: 'untitled', language: 'agreement' },
    ],
    synchronize: { configurationSection: 'agreement' },
    initializationOptions: { files: vscode.workspace.getConfiguration('agreement').get<string[]>('files') },
  };
  const languageClient = new LanguageClient('agreement', 'Agreement Annotator', serverOptions, clientOptions);
  client = languageClient;

  context.subscriptions.push(
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
  );
  await languageClient.start();
}

/** Lists the clauses related to the one at the cursor, most related first, and opens the chosen one. */
async function goToRelatedClause(languageClient: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'agreement') {
    void vscode.window.showInformationMessage('Agreement: Go to Related Clause works in an agreement document.');
    return;
  }
  const related = await languageClient.sendRequest<RelatedClause[]>('agreement/relatedClauses', {
    textDocument: { uri: editor.document.uri.toString() },
    position: languageClient.code2ProtocolConverter.asPosition(editor.selection.active),
  });
  if (related.length === 0) {
    void vscode.window.showInformationMessage('No clause in the workspace is related to the clause at the cursor.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    related.map((r) => ({
      label: r.title,
      description: path.basename(vscode.Uri.parse(r.location.uri).fsPath),
      detail: `${r.reasons.join(' · ')} — ${r.preview}`,
      related: r,
    })),
    { placeHolder: 'Related clauses, most related first', matchOnDescription: true, matchOnDetail: true },
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
