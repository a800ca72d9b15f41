/** Features of one document on its own: outline (document symbols), folding, semantic tokens. */
import { clauseFoldingRanges } from '../core/features/foldingRanges';
import { documentOutline } from '../core/features/documentSymbols';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from '../core/features/semanticTokens';
import { toDocumentSymbols, toFoldingRanges, toSemanticTokens } from '../convert';
import type { ServerContext } from '../serverContext';
import { cachedAnswer } from '../workspace/featureCache';

export function registerDocumentFeatures(server: ServerContext): void {
  const { connection, workspace } = server;
  Object.assign(server.capabilities, {
    documentSymbolProvider: { label: 'Agreement' },
    foldingRangeProvider: true,
    semanticTokensProvider: {
      legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
      full: true,
    },
  });

  connection.onDocumentSymbol(
    server.guarded('documentSymbol', [], async (_params, document, token) => {
      const analysis = await workspace.analysisOf(document, token);
      return cachedAnswer(analysis, 'documentSymbol', () => toDocumentSymbols(analysis, documentOutline(analysis)));
    }),
  );
  connection.onFoldingRanges(
    server.guarded('foldingRange', [], async (_params, document, token) => {
      const analysis = await workspace.analysisOf(document, token);
      return cachedAnswer(analysis, 'foldingRange', () => toFoldingRanges(clauseFoldingRanges(analysis)));
    }),
  );
  connection.languages.semanticTokens.on(
    server.guarded('semanticTokens', { data: [] }, async (_params, document, token) => {
      const analysis = await workspace.analysisOf(document, token);
      const entities = server.settings.semanticHighlighting?.entities !== false;
      return cachedAnswer(analysis, `semanticTokens:${entities}`, () =>
        toSemanticTokens(analysis, semanticTokens(analysis, { entities })),
      );
    }),
  );
}
