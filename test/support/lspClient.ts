/**
 * Starts the bundled language server over stdio, as an editor would, and talks LSP to it.
 * Used by the protocol tests; every request has a timeout so a hung server fails the test
 * instead of hanging the suite.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { DIST_DIR } from './paths';

export interface ServerSession {
  readonly connection: ProtocolConnection;
  /** Every notification the server sent, in order: window/showMessage, window/logMessage, … */
  readonly notifications: Array<{ method: string; params: unknown }>;
  /** The methods of the requests the server sent, in order (workspace/configuration, …). */
  readonly serverRequests: readonly string[];
  readonly process: ChildProcess;
  readonly stderr: () => string;
  request<R>(method: string, params: unknown, timeoutMs?: number): Promise<R>;
  notify(method: string, params: unknown): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The workspace folder, as a file URI. */
  readonly rootUri?: string | null;
  readonly capabilities?: Record<string, unknown>;
  readonly initializationOptions?: unknown;
  /**
   * An address-space limit for the server process (`ulimit -v`, KiB), so that a server that
   * would read without end dies instead of taking the machine's memory.
   */
  readonly addressSpaceKB?: number;
  /**
   * What `workspace/configuration` answers for each item asked (null, as a client without
   * settings, by default); a function is asked at each request, for settings that change.
   */
  readonly configuration?: unknown;
  /** False to leave the server uninitialised (no `initialize`, no `initialized`): for lifecycle tests. */
  readonly initialize?: boolean;
}

export async function startServer(options: StartOptions = {}): Promise<ServerSession> {
  const rootUri = options.rootUri ?? null;
  const server = join(DIST_DIR, 'server.js');
  const child =
    options.addressSpaceKB === undefined
      ? spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', `ulimit -v ${options.addressSpaceKB}; exec "$0" "$1" --stdio`, process.execPath, server], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const notifications: Array<{ method: string; params: unknown }> = [];
  // The star handlers of the underlying JSON-RPC connection see every message of a kind.
  const star = connection as unknown as {
    onNotification(handler: (method: string, params: unknown) => void): void;
    onRequest(handler: (method: string, params: unknown) => unknown): void;
  };
  star.onNotification((method, params) => notifications.push({ method, params }));
  // Requests from the server (configuration, registrations, progress) get an empty answer.
  const serverRequests: string[] = [];
  star.onRequest((method, params) => {
    serverRequests.push(method);
    if (method !== 'workspace/configuration') return null;
    const items = (params as { items?: unknown[] } | undefined)?.items ?? [null];
    const configuration =
      typeof options.configuration === 'function' ? (options.configuration as () => unknown)() : options.configuration;
    return items.map(() => configuration ?? null);
  });
  connection.listen();
  // A server that exits fails every request still waiting, at once and with what it said.
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`the server exited (code ${code}, signal ${signal}); server stderr:\n${stderr}`)),
    ),
  );
  exited.catch(() => undefined);
  const request = <R>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> =>
    Promise.race([
      connection.sendRequest(method, params) as Promise<R>,
      exited,
      new Promise<R>((_, reject) =>
        setTimeout(() => reject(new Error(`${method} timed out; server stderr:\n${stderr}`)), timeoutMs).unref(),
      ),
    ]);
  const initialize = async (): Promise<void> => {
    await request('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: options.capabilities ?? {},
      initializationOptions: options.initializationOptions,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
    });
    await connection.sendNotification('initialized', {});
  };
  try {
    if (options.initialize !== false) await initialize();
  } catch (error) {
    // A server that never answers must not keep the test process alive.
    connection.dispose();
    child.kill();
    throw error;
  }
  return {
    connection,
    notifications,
    serverRequests,
    process: child,
    stderr: () => stderr,
    request,
    notify: (method, params) => connection.sendNotification(method, params),
    async stop() {
      try {
        await request('shutdown', null, 3000);
        await connection.sendNotification('exit');
      } finally {
        connection.dispose();
        child.kill();
      }
    },
  };
}
