/** Features of one document on its own: outline (document symbols), folding, semantic tokens. */
import { clauseFoldingRanges } from '../core/features/foldingRanges';
import { documentOutline } from '../core/features/documentSymbols';
import { SEMANTIC_TOKEN_TYPES, semanticTokens } from '../core/features/semanticTokens';
import { toDocumentSymbols, toFoldingRanges, toSemanticTokens } from '../convert';
import type { ServerContext } from '../serverContext';

export function registerDocumentFeatures(server: ServerContext): void {
  const { connection, workspace } = server;
  Object.assign(server.capabilities, {
    documentSymbolProvider: { label: 'Agreement' },
    foldingRangeProvider: true,
    semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: true },
  });

  connection.onDocumentSymbol(
    server.guarded('documentSymbol', [], (_params, document) => {
      const analysis = workspace.analysisOf(document);
      return toDocumentSymbols(analysis, documentOutline(analysis));
    }),
  );
  connection.onFoldingRanges(
    server.guarded('foldingRange', [], (_params, document) =>
      toFoldingRanges(clauseFoldingRanges(workspace.analysisOf(document))),
    ),
  );
  connection.languages.semanticTokens.on(
    server.guarded('semanticTokens', { data: [] }, (_params, document) => {
      const analysis = workspace.analysisOf(document);
      return toSemanticTokens(analysis, semanticTokens(analysis));
    }),
  );
}
