/**
 * The editor's buffers: opened, changed, closed. The index follows every change, not only
 * when a feature asks; when a document's definitions change, other documents' diagnostics
 * may change too, and the client is asked to pull them again.
 */
import { TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { ServerContext } from '../serverContext';

export function registerDocumentSync(server: ServerContext): void {
  const { documents, workspace } = server;
  server.capabilities.textDocumentSync = TextDocumentSyncKind.Incremental;

  documents.onDidChangeContent((event) => {
    if (workspace.edited(event.document)) server.refreshDiagnostics();
  });
  documents.onDidClose((event) => workspace.closed(event.document.uri));
}
