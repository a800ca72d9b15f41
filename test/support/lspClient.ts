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
  readonly process: ChildProcess;
  readonly stderr: () => string;
  request<R>(method: string, params: unknown, timeoutMs?: number): Promise<R>;
  notify(method: string, params: unknown): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(rootUri: string | null = null): Promise<ServerSession> {
  const child = spawn(process.execPath, [join(DIST_DIR, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.listen();
  const request = <R>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> =>
    Promise.race([
      connection.sendRequest(method, params) as Promise<R>,
      new Promise<R>((_, reject) =>
        setTimeout(() => reject(new Error(`${method} timed out; server stderr:\n${stderr}`)), timeoutMs).unref(),
      ),
    ]);
  await request('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification('initialized', {});
  return {
    connection,
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
