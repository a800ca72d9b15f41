/**
 * The server's own requests, `agreement/*`: the state of the workspace index, the mentions
 * of an entity and the definitions of a term (for clients and tests), and the related
 * clauses of the clause at a position (for the "Go to Related Clause" command); and the
 * server's own figures (`agreement/serverStats`: heaps, index size, the longest the event loop
 * was held up), for benchmarks and troubleshooting.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Location } from 'vscode-languageserver/node';
import { clauseAtOffset, relatedClauses } from '../core/features/relatedClauses';
import { toOffset } from '../convert';
import type { ServerContext } from '../serverContext';

export const IndexStatusRequest = 'agreement/indexStatus';
export const EntityMentionsRequest = 'agreement/entityMentions';
export const TermDefinitionsRequest = 'agreement/termDefinitions';
export const RelatedClausesRequest = 'agreement/relatedClauses';
export const ServerStatsRequest = 'agreement/serverStats';

export function registerCustomRequests(server: ServerContext): void {
  const { connection, workspace } = server;
  // How late the event loop ran a timer: the longest it was held up by one piece of work.
  const eventLoop = monitorEventLoopDelay({ resolution: 5 });
  eventLoop.enable();

  connection.onRequest(ServerStatsRequest, async (params: { reset?: boolean; gc?: boolean } | undefined) => {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (params?.gc && collect) collect();
    const delays = {
      maxMs: eventLoop.max / 1e6,
      p99Ms: eventLoop.percentile(99) / 1e6,
      meanMs: eventLoop.mean / 1e6,
    };
    if (params?.reset) eventLoop.reset();
    return { ...(await workspace.stats()), eventLoop: delays, workers: workspace.workerCount };
  });

  // The status after the notifications received so far (files changed, documents closed).
  connection.onRequest(IndexStatusRequest, async () => {
    await workspace.whenUpdated();
    return {
      indexing: workspace.isIndexing,
      documents: workspace.index.uris(),
      registryEntries: workspace.registry.entries.length,
    };
  });
  connection.onRequest(
    EntityMentionsRequest,
    async (params: { id: string; waitForIndex?: boolean }): Promise<Location[]> => {
      // The index as the notifications received so far make it (all of it, with waitForIndex).
      await (params.waitForIndex ? workspace.whenSettled() : workspace.whenUpdated());
      return workspace.index.mentionsOf(params.id).map((m) => ({ uri: m.uri, range: m.range }));
    },
  );
  connection.onRequest(TermDefinitionsRequest, async (params: { term: string; waitForIndex?: boolean }) => {
    await (params.waitForIndex ? workspace.whenSettled() : workspace.whenUpdated());
    return workspace.index
      .definitionsOf(params.term)
      .map((d) => ({ uri: d.uri, range: d.termRange, expansion: d.expansion, form: d.form }));
  });
  connection.onRequest(
    RelatedClausesRequest,
    server.guarded(
      'relatedClauses',
      [],
      async (
        params: { textDocument: { uri: string }; position: { line: number; character: number } },
        document,
        token,
      ) => {
        const context = await server.featureContext(document, token);
        const clause = clauseAtOffset(context.document, toOffset(context.document.lines, params.position));
        return clause === undefined ? [] : relatedClauses(context, clause);
      },
    ),
  );
}
