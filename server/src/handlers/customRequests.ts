/**
 * The server's own requests, `agreement/*`: the state of the workspace index, the mentions
 * of an entity and the definitions of a term (for clients and tests), and the related
 * clauses of the clause at a position (for the "Go to Related Clause" command).
 */
import type { Location } from 'vscode-languageserver/node';
import { clauseAtOffset, relatedClauses } from '../core/features/relatedClauses';
import { toOffset } from '../convert';
import type { ServerContext } from '../serverContext';

export const IndexStatusRequest = 'agreement/indexStatus';
export const EntityMentionsRequest = 'agreement/entityMentions';
export const TermDefinitionsRequest = 'agreement/termDefinitions';
export const RelatedClausesRequest = 'agreement/relatedClauses';

export function registerCustomRequests(server: ServerContext): void {
  const { connection, documents, workspace } = server;

  connection.onRequest(IndexStatusRequest, () => ({
    indexing: workspace.isIndexing,
    documents: workspace.index.uris(),
    registryEntries: workspace.registry.entries.length,
  }));
  connection.onRequest(
    EntityMentionsRequest,
    async (params: { id: string; waitForIndex?: boolean }): Promise<Location[]> => {
      if (params.waitForIndex) await workspace.whenIndexed();
      return workspace.index.mentionsOf(params.id).map((m) => ({ uri: m.uri, range: m.range }));
    },
  );
  connection.onRequest(TermDefinitionsRequest, async (params: { term: string; waitForIndex?: boolean }) => {
    if (params.waitForIndex) await workspace.whenIndexed();
    return workspace.index
      .definitionsOf(params.term)
      .map((d) => ({ uri: d.uri, range: d.termRange, expansion: d.expansion, form: d.form }));
  });
  connection.onRequest(
    RelatedClausesRequest,
    (params: { textDocument: { uri: string }; position: { line: number; character: number } }) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const context = server.featureContext(document);
      const clause = clauseAtOffset(context.document, toOffset(context.document.lines, params.position));
      return clause === undefined ? [] : relatedClauses(context, clause);
    },
  );
}
