/**
 * Helpers for the robustness tests over the bundled server: a server started on a temporary
 * workspace under the address-space guard, whose exit fails the test at once with what it
 * said; the index once the start-up indexing is done; the warnings it showed.
 */
import { URI } from 'vscode-uri';
import { type ServerSession, type StartOptions, startServer } from '../support/lspClient';
import { SERVER_MEMORY_GUARD_KB } from './support';

/** The client capabilities of an editor that watches files and reads settings. */
export const EDITOR_CAPABILITIES = {
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true },
};

/**
 * Runs `run` against a server started on `root` (watching files, unless `options` says
 * otherwise), stopping it after, whatever happens.
 */
export async function withServer(
  root: string | undefined,
  run: (server: ServerSession) => Promise<void>,
  options: StartOptions = {},
): Promise<void> {
  const server = await startServer({
    ...(root !== undefined ? { rootUri: URI.file(root).toString() } : {}),
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    addressSpaceKB: SERVER_MEMORY_GUARD_KB,
    ...options,
  });
  // A server that dies fails the test at once, with what it said, instead of leaving its
  // requests pending for ever.
  const exited = new Promise<never>((_, reject) =>
    server.process.once('exit', (code, signal) =>
      reject(new Error(`the server exited (code ${code}, signal ${signal}):\n${server.stderr().slice(-2000)}`)),
    ),
  );
  try {
    await Promise.race([run(server), exited]);
  } finally {
    await server.stop().catch(() => undefined);
  }
}

export interface IndexStatus {
  documents: string[];
  indexing: boolean;
}

/**
 * The index once the start-up indexing has finished and holds at least `atLeast` documents
 * (the server starts indexing after `initialized`, so a first request may come before it).
 * Polls under a deadline: a server that never gets there fails the test.
 */
export async function indexedStatus(server: ServerSession, atLeast = 1, deadlineMs = 20_000): Promise<IndexStatus> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const status = await server.request<IndexStatus>('agreement/indexStatus', {});
    if (!status.indexing && status.documents.length >= atLeast) return status;
    if (Date.now() > deadline) throw new Error(`not indexed in time: ${JSON.stringify(status)}\n${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The messages of every window/showMessage the server sent so far. */
export const warnings = (server: ServerSession): string[] =>
  server.notifications
    .filter((n) => n.method === 'window/showMessage')
    .map((n) => (n.params as { message: string }).message);
