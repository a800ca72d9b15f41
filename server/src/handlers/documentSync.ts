/**
 * The editor's buffers: opened, changed, closed. The workspace follows every change (the
 * edits reach it from `ServerContext`'s document store, in offsets), analyses each document
 * after a burst of edits, and keeps the index current with the buffers.
 */
import { TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { ServerContext } from '../serverContext';

export function registerDocumentSync(server: ServerContext): void {
  const { documents, workspace } = server;
  server.capabilities.textDocumentSync = TextDocumentSyncKind.Incremental;
  documents.onDidOpen((event) => workspace.opened(event.document));
  documents.onDidClose((event) => workspace.closed(event.document.uri));
}
