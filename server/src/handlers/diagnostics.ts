/**
 * Diagnostics, pulled by the client: one document at a time (`textDocument/diagnostic`) and
 * every closed document of the workspace (`workspace/diagnostic`), each report with a
 * `resultId` so that a pull with nothing changed is answered `unchanged`; and the quick fixes
 * and fix-all built from their fix data (`textDocument/codeAction`).
 */
import {
  CodeActionKind,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { codeActionsFor, fixAllAction } from '../core/features/codeActions';
import { fromRange, toCodeAction, toConfigChangeAction } from '../convert';
import { configChangeEdit } from '../workspace/projectConfigEdits';
import { cancelled, type ServerContext } from '../serverContext';
import { RequestCancelled } from '../workspace/agreementWorkspace';
import type { StoredReport } from '../workspace/diagnosticsStore';

export function registerDiagnostics(server: ServerContext): void {
  const { connection, workspace } = server;
  Object.assign(server.capabilities, {
    diagnosticProvider: { identifier: 'agreement', interFileDependencies: true, workspaceDiagnostics: true },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
  });

  const noReport: DocumentDiagnosticReport = { kind: 'full', items: [] };
  const answer = (report: StoredReport | undefined, previousResultId: string | undefined): DocumentDiagnosticReport => {
    if (!report) return noReport;
    if (previousResultId === report.resultId) return { kind: 'unchanged', resultId: report.resultId };
    return { kind: 'full', resultId: report.resultId, items: [...report.items] };
  };
  const openDocumentReport = server.guarded(
    'diagnostics',
    noReport,
    async (params: DocumentDiagnosticParams, document, token) =>
      answer(await workspace.documentReport(document, token), params.previousResultId),
  );
  connection.languages.diagnostics.on(async (params, token) => {
    const uri = params.textDocument.uri;
    if (server.documents.get(uri) || !uri.startsWith('file:')) return openDocumentReport(params, token);
    // After a restart VS Code's client pulls its open documents before it has sent their
    // didOpen again; such a pull is answered from the file rather than left empty for good.
    try {
      return answer(await workspace.closedReport(uri, token), params.previousResultId);
    } catch (error) {
      if (error instanceof RequestCancelled || token.isCancellationRequested) return cancelled();
      connection.console.error(`diagnostics failed for ${uri}: ${(error as Error).stack ?? String(error)}`);
      return noReport;
    }
  });

  connection.languages.diagnostics.onWorkspace(async (params, token, _workDone, resultProgress) => {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    try {
      const partial = resultProgress
        ? (items: Parameters<typeof resultProgress.report>[0]['items']) => resultProgress.report({ items })
        : undefined;
      return { items: await workspace.workspaceReports(previous, token, partial) };
    } catch (error) {
      if (error instanceof RequestCancelled || token.isCancellationRequested) return cancelled();
      connection.console.error(`workspace diagnostics failed: ${(error as Error).stack ?? String(error)}`);
      return { items: [] };
    }
  });

  connection.onCodeAction(
    server.guarded('codeAction', [], async (params, document, token) => {
      const locale = server.locale;
      const analysis = await workspace.analysisOf(document, token);
      const all = (await workspace.documentReport(document, token)).diagnostics ?? [];
      const range = fromRange(analysis.lines, params.range);
      const inRange = all.filter((d) => d.range.start <= range.end && range.start <= d.range.end);
      const only = params.context.only;
      const actions =
        only && !only.some((k) => k.startsWith(CodeActionKind.QuickFix))
          ? []
          : codeActionsFor(analysis, all, inRange, locale, workspace.projectRoot !== undefined);
      if (
        !only ||
        only.some((k) => CodeActionKind.SourceFixAll.startsWith(k) || k.startsWith(CodeActionKind.SourceFixAll))
      ) {
        const fixAll = fixAllAction(analysis, all, locale);
        if (fixAll) actions.push(fixAll);
      }
      // The reviewer's way out edits .agreement/config.json: read it once for every such action.
      let configFile: ReturnType<typeof workspace.projectConfigFile> | null = null;
      return actions.flatMap((action) => {
        if (!action.configChange) return [toCodeAction(analysis, action, locale)];
        if (configFile === null)
          configFile = workspace.projectConfigFile((uri) => {
            const open = server.documents.get(uri);
            return open ? { text: open.getText(), version: open.version } : undefined;
          });
        const edit = configFile && configChangeEdit(configFile, action.configChange);
        // Made already, a file that is not a JSON object, or a file the client cannot create.
        if (!configFile || !edit || (edit.create && !server.client.createFiles)) return [];
        return [toConfigChangeAction(analysis, action, edit, configFile.text ?? '', configFile.version, locale)];
      });
    }),
  );
}
