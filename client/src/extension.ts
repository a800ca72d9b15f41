/**
 * The VS Code side of Agreement Annotator: starts the bundled language server and connects
 * it to documents of the `agreement` language. This is the only code that imports `vscode`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

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
  client = new LanguageClient('agreement', 'Agreement Annotator', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
