/**
 * A client for benchmarks: spawns the bundled server (`dist/server.js`, or the one of
 * `BENCH_DIST`) over stdio and speaks LSP to it the way VS Code does — the capabilities VS
 * Code announces (configuration, watched files, diagnostics refresh, work-done progress),
 * answers to the server's own requests, and `workspace/diagnostic` with a partial-result
 * token. Every request is timed from the moment it is written to the moment its answer is
 * read.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CancellationTokenSource,
  createProtocolConnection,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkspaceDiagnosticRequest,
} from 'vscode-languageserver-protocol/node';

export interface BenchServer {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** The requests of the server to the client, by method, counted. */
  readonly serverRequests: Map<string, number>;
  /** Resolves when the server reports that its first indexing ended (its work-done progress). */
  readonly indexed: Promise<void>;
  /** Sends a request; resolves with the answer and the milliseconds it took. */
  timed<R>(method: string, params: unknown): Promise<{ result: R; ms: number }>;
  /** Sends a request that is cancelled after `afterMs`; resolves with the error code (or 0 for an answer). */
  cancelled(method: string, params: unknown, afterMs: number): Promise<number>;
  /** A workspace pull as VS Code makes it: with a partial-result token, the partial results collected. */
  workspacePull(previousResultIds: Array<{ uri: string; value: string }>): Promise<{ items: ReportItem[]; ms: number }>;
  notify(method: string, params: unknown): Promise<void>;
  /** Peak and current resident memory of the server process, in bytes (Linux). */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

export interface ReportItem {
  readonly kind: 'full' | 'unchanged';
  readonly uri: string;
  readonly resultId?: string;
  readonly items?: unknown[];
}

export interface StartOptions {
  readonly dist: string;
  readonly rootUri: string | null;
  /** Extra arguments for node (`--expose-gc`). */
  readonly nodeArguments?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export async function startBenchServer(options: StartOptions): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArguments ?? []), join(options.dist, 'server.js'), '--stdio'],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  child.stderr!.on('data', (chunk: Buffer) => process.env.BENCH_STDERR && process.stderr.write(chunk));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const serverRequests = new Map<string, number>();
  const star = connection as unknown as {
    onRequest(handler: (method: string, params: unknown) => unknown): void;
    onNotification(handler: (method: string, params: unknown) => void): void;
  };
  const indexingTokens = new Set<string | number>();
  let indexingEnded!: () => void;
  const indexed = new Promise<void>((resolve) => (indexingEnded = resolve));
  star.onRequest((method, params) => {
    serverRequests.set(method, (serverRequests.get(method) ?? 0) + 1);
    // Progress notifications go to a handler per token, which must be known when they come.
    if (method === 'window/workDoneProgress/create') {
      const { token } = params as { token: string | number };
      connection.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'begin' && value.title.startsWith('Indexing')) indexingTokens.add(token);
        if (value.kind === 'end' && indexingTokens.has(token)) indexingEnded();
      });
    }
    return method === 'workspace/configuration' ? [{}] : null;
  });
  star.onNotification(() => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: options.rootUri,
    workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'bench' }] : null,
    locale: 'en',
    capabilities: {
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        diagnostics: { refreshSupport: true },
        workspaceFolders: true,
      },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true },
        diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
      window: { workDoneProgress: true },
    },
  });
  await connection.sendNotification('initialized', {});

  const timed = async <R>(method: string, params: unknown) => {
    const start = performance.now();
    const result = (await connection.sendRequest(method, params)) as R;
    return { result, ms: performance.now() - start };
  };
  let tokens = 0;
  return {
    connection,
    process: child,
    serverRequests,
    indexed,
    timed,
    async cancelled(method, params, afterMs) {
      const source = new CancellationTokenSource();
      setTimeout(() => source.cancel(), afterMs);
      try {
        await connection.sendRequest(method, params, source.token);
        return 0;
      } catch (error) {
        return (error as { code?: number }).code ?? -1;
      }
    },
    async workspacePull(previousResultIds) {
      const token = `bench-${++tokens}`;
      const items: ReportItem[] = [];
      const disposable = connection.onProgress(WorkspaceDiagnosticRequest.partialResult, token, (partial) => {
        for (const item of partial.items) items.push(item as ReportItem);
      });
      const start = performance.now();
      const result = (await connection.sendRequest('workspace/diagnostic', {
        previousResultIds,
        partialResultToken: token,
      })) as { items: ReportItem[] };
      const ms = performance.now() - start;
      disposable.dispose();
      for (const item of result.items) items.push(item);
      return { items, ms };
    },
    notify: (method, params) => connection.sendNotification(method, params),
    memory() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024;
        return { rss: kb('VmRSS'), peak: kb('VmHWM') };
      } catch {
        return { rss: 0, peak: 0 };
      }
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
        await connection.sendNotification('exit');
      } catch {
        // The process is killed below either way.
      } finally {
        connection.dispose();
        child.kill();
      }
    },
  };
}
