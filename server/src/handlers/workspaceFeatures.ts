/**
 * Features that read the whole workspace: workspace symbols, completion, inlay hints, and the
 * "N related clauses" code lenses.
 */
import { completionsAt, MAX_COMPLETIONS } from '../core/features/completion';
import { inlayHints } from '../core/features/inlayHints';
import { relatedClauseCounts, relatedClauses } from '../core/features/relatedClauses';
import { relatedClausesLens, toCompletionItems, toInlayHints, toOffset, toRange, toWorkspaceSymbols } from '../convert';
import { cancelled, type ServerContext } from '../serverContext';
import { RequestCancelled } from '../workspace/agreementWorkspace';

export function registerWorkspaceFeatures(server: ServerContext): void {
  const { connection, documents, workspace } = server;
  Object.assign(server.capabilities, {
    workspaceSymbolProvider: true,
    completionProvider: { triggerCharacters: ['第'] },
    inlayHintProvider: true,
    codeLensProvider: { resolveProvider: true },
  });

  connection.onWorkspaceSymbol(async (params, token) => {
    if (token.isCancellationRequested) return cancelled();
    try {
      return toWorkspaceSymbols(await workspace.workspaceSymbols(params.query, token));
    } catch (error) {
      if (error instanceof RequestCancelled || token.isCancellationRequested) return cancelled();
      connection.console.error(`workspace/symbol failed: ${(error as Error).stack ?? String(error)}`);
      return [];
    }
  });
  connection.onCompletion(
    server.guarded('completion', null, async (params, document, token) => {
      const context = await server.featureContext(document, token);
      const items = completionsAt(context, toOffset(context.document.lines, params.position));
      return { isIncomplete: items.length >= MAX_COMPLETIONS, items: toCompletionItems(context.document, items) };
    }),
  );
  connection.languages.inlayHint.on(
    server.guarded('inlayHint', [], async (params, document, token) => {
      if (server.settings.inlayHints?.enabled !== true) return [];
      const context = await server.featureContext(document, token);
      const lines = context.document.lines;
      const range = { start: toOffset(lines, params.range.start), end: toOffset(lines, params.range.end) };
      return toInlayHints(context.document, inlayHints(context, range));
    }),
  );
  connection.onCodeLens(
    server.guarded('codeLens', [], async (_params, document, token) => {
      if (server.settings.codeLens?.relatedClauses === false) return [];
      const context = await server.featureContext(document, token);
      const clauses = context.document.structure.clauses;
      return [...relatedClauseCounts(context)].map(([clause, count]) => ({
        range: toRange(context.document.lines, clauses[clause]!.labelRange),
        data: { uri: document.uri, clause, count },
      }));
    }),
  );
  connection.onCodeLensResolve(async (lens, token) => {
    const { uri, clause, count } = lens.data as { uri: string; clause: number; count: number };
    const document = documents.get(uri);
    if (!document) return lens;
    try {
      const related = relatedClauses(await server.featureContext(document, token), clause);
      return { ...lens, command: relatedClausesLens(uri, lens.range.start, related, count, server.locale) };
    } catch (error) {
      if (error instanceof RequestCancelled) return cancelled();
      server.logFailure('codeLens/resolve', uri, error);
      return lens;
    }
  });
}
