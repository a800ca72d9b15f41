/**
 * Diagnostics, pulled by the client: one document at a time (`textDocument/diagnostic`) and
 * every closed document of the workspace (`workspace/diagnostic`); and the quick fixes and
 * fix-all built from their fix data (`textDocument/codeAction`).
 */
import { CodeActionKind } from 'vscode-languageserver/node';
import { codeActionsFor, fixAllAction } from '../core/features/codeActions';
import { fromRange, toCodeAction, toDiagnostics } from '../convert';
import type { ServerContext } from '../serverContext';

/** How long after the last edit of a document its diagnostics are computed. */
const DIAGNOSTICS_DEBOUNCE_MS = 150;

export function registerDiagnostics(server: ServerContext): void {
  const { connection, documents, workspace } = server;
  Object.assign(server.capabilities, {
    diagnosticProvider: { identifier: 'agreement', interFileDependencies: true, workspaceDiagnostics: true },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
  });

  connection.languages.diagnostics.on(async (params) => {
    // Let a burst of typing settle before the rules run.
    const wait = workspace.lastEditOf(params.textDocument.uri) + DIAGNOSTICS_DEBOUNCE_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const document = documents.get(params.textDocument.uri);
    if (!document) return { kind: 'full', items: [] };
    try {
      const analysis = workspace.analysisOf(document);
      return {
        kind: 'full',
        items: toDiagnostics(analysis, workspace.diagnosticsOf(analysis, server.locale), server.locale),
      };
    } catch (error) {
      server.logFailure('diagnostics', document.uri, error);
      return { kind: 'full', items: [] };
    }
  });

  connection.languages.diagnostics.onWorkspace(async () => {
    await workspace.whenIndexed();
    const items = [];
    for (const uri of workspace.index.uris()) {
      if (workspace.isOpen(uri)) continue; // Open documents are pulled one by one.
      const analysis = workspace.analyseFromDisk(uri);
      if (!analysis) continue;
      items.push({
        kind: 'full' as const,
        uri,
        version: null,
        items: toDiagnostics(analysis, workspace.diagnosticsOf(analysis, server.locale), server.locale),
      });
    }
    return { items };
  });

  connection.onCodeAction(
    server.guarded('codeAction', [], (params, document) => {
      const locale = server.locale;
      const analysis = workspace.analysisOf(document);
      const all = workspace.diagnosticsOf(analysis, locale);
      const range = fromRange(analysis.lines, params.range);
      const inRange = all.filter((d) => d.range.start <= range.end && range.start <= d.range.end);
      const only = params.context.only;
      const actions =
        only && !only.some((k) => k.startsWith(CodeActionKind.QuickFix))
          ? []
          : codeActionsFor(analysis, all, inRange, locale);
      if (
        !only ||
        only.some((k) => CodeActionKind.SourceFixAll.startsWith(k) || k.startsWith(CodeActionKind.SourceFixAll))
      ) {
        const fixAll = fixAllAction(analysis, all, locale);
        if (fixAll) actions.push(fixAll);
      }
      return actions.map((action) => toCodeAction(analysis, action, locale));
    }),
  );
}
