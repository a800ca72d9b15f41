/**
 * The analysis workers, seen from the main thread: a few worker threads, each running an
 * `AnalysisService`, and one queue of jobs in three priorities — `urgent` (what the user is
 * waiting for: the open documents), `normal` (diagnostics the client pulled) and
 * `background` (indexing). A worker takes one job at a time, so a long analysis occupies one
 * worker and the others go on; the main thread only sends, receives and merges.
 *
 * Notifications (new settings, index entries to copy) are posted to every worker at once
 * and, messages of one port keeping their order, reach each worker before any job posted
 * after them. A worker that dies is replaced; its job fails, and the replacement is brought
 * up to date by `replay` before it takes another one. When no worker thread can be started
 * (the worker bundle is missing, or `AGREEMENT_ANALYSIS_WORKERS=0`), one service runs on the
 * main thread behind the same interface.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AnalysisService, type ServiceRequest } from './analysisService';
import { traced } from './slowTrace';

export type Priority = 'urgent' | 'normal' | 'background';

/** A message to a worker; `seq` < 0 for a notification, which is not answered. */
export interface WorkerMessage {
  readonly seq: number;
  readonly request: unknown;
}

export type WorkerReply =
  | { readonly seq: number; readonly ok: true; readonly result: unknown }
  | { readonly seq: number; readonly ok: false; readonly error: string };

/** A job that was cancelled before a worker took it. */
export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** The cancellation token of an LSP request, as far as the pool needs it. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface JobOptions {
  readonly priority: Priority;
  /** Drops the job if it is cancelled before a worker takes it. */
  readonly token?: CancellationLike;
  /** The worker that should take the job when it is free (it holds what the job can reuse). */
  readonly affinity?: number;
}

/** The answer of a job, and which worker gave it. */
export interface JobResult<R> {
  readonly result: R;
  readonly worker: number;
}

interface Job {
  readonly seq: number;
  readonly request: ServiceRequest;
  readonly options: JobOptions;
  readonly resolve: (value: JobResult<unknown>) => void;
  readonly reject: (error: unknown) => void;
  cancelListener?: { dispose(): void };
}

interface Thread {
  post(message: WorkerMessage): void;
  terminate(): void;
}

interface Slot {
  readonly index: number;
  thread: Thread;
  job: Job | undefined;
}

export interface PoolOptions {
  /** The bundled worker entry; when it does not exist the service runs on this thread. */
  readonly workerFile: string | undefined;
  /** How many workers; by default `AGREEMENT_ANALYSIS_WORKERS`, else 2 (or fewer cores − 1, at most 4). */
  readonly size?: number;
  /** What a new worker must be told before its first job (settings, the index so far). */
  readonly replay: () => ServiceRequest[];
  readonly log: (message: string) => void;
}

const QUEUE_ORDER: readonly Priority[] = ['urgent', 'normal', 'background'];

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Priority, Job[]> = { urgent: [], normal: [], background: [] };
  private seq = 0;
  private disposed = false;
  /** True when the service runs on the main thread (no worker could be started). */
  readonly inline: boolean;

  constructor(private readonly options: PoolOptions) {
    const size = options.size ?? defaultPoolSize();
    this.inline = size === 0 || options.workerFile === undefined || !existsSync(options.workerFile);
    const count = this.inline ? 1 : size;
    for (let index = 0; index < count; index++) this.slots.push({ index, thread: this.spawn(index), job: undefined });
  }

  get size(): number {
    return this.slots.length;
  }

  /** Jobs waiting for a worker, per priority. */
  get queued(): Record<Priority, number> {
    return {
      urgent: this.queues.urgent.length,
      normal: this.queues.normal.length,
      background: this.queues.background.length,
    };
  }

  /** Queues a job; resolves with its answer, rejects with `JobCancelled`, or with the worker's error. */
  run<R>(request: ServiceRequest, options: JobOptions): Promise<JobResult<R>> {
    return new Promise<JobResult<R>>((resolve, reject) => {
      if (this.disposed) return reject(new Error('the analysis workers are stopped'));
      if (options.token?.isCancellationRequested) return reject(new JobCancelled());
      const job: Job = {
        seq: ++this.seq,
        request,
        options,
        resolve: resolve as (value: JobResult<unknown>) => void,
        reject,
      };
      const queue = this.queues[options.priority];
      queue.push(job);
      job.cancelListener = options.token?.onCancellationRequested(() => {
        const at = queue.indexOf(job);
        if (at < 0) return; // Already taken: its answer will simply not be used.
        queue.splice(at, 1);
        reject(new JobCancelled());
      });
      this.pump();
    });
  }

  /** Drops the queued jobs that `drop` selects (a newer indexing replaces them); they reject with `JobCancelled`. */
  dropQueued(drop: (request: ServiceRequest) => boolean): void {
    for (const priority of QUEUE_ORDER) {
      const queue = this.queues[priority];
      for (let i = queue.length - 1; i >= 0; i--) {
        const job = queue[i]!;
        if (!drop(job.request)) continue;
        queue.splice(i, 1);
        job.cancelListener?.dispose();
        job.reject(new JobCancelled());
      }
    }
  }

  /** Posts a notification to every worker (but `except`), ahead of any job queued after it. */
  notifyAll(request: ServiceRequest, except?: number): void {
    for (const slot of this.slots) if (slot.index !== except) slot.thread.post({ seq: -1, request });
  }

  /** Runs a request on every worker at once, bypassing the queue only in that it goes to each (for statistics). */
  async runOnEach<R>(request: ServiceRequest): Promise<R[]> {
    return Promise.all(
      this.slots.map((slot) =>
        this.run<R>(request, { priority: 'urgent', affinity: slot.index }).then((r) => r.result),
      ),
    );
  }

  /** Posts a notification to one worker. */
  notify(worker: number, request: ServiceRequest): void {
    this.slots[worker]?.thread.post({ seq: -1, request });
  }

  dispose(): void {
    this.disposed = true;
    for (const slot of this.slots) slot.thread.terminate();
    this.dropQueued(() => true);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.next(slot.index);
      if (!job) return;
      job.cancelListener?.dispose();
      slot.job = job;
      slot.thread.post({ seq: job.seq, request: job.request });
    }
  }

  /** The next job for a free worker: the most urgent, preferring one meant for this worker. */
  private next(worker: number): Job | undefined {
    for (const priority of QUEUE_ORDER) {
      const queue = this.queues[priority];
      if (queue.length === 0) continue;
      let at = queue.findIndex((job) => job.options.affinity === worker);
      if (at < 0) {
        // A job meant for a busy worker may go to this one rather than wait.
        at = 0;
      }
      return queue.splice(at, 1)[0];
    }
    return undefined;
  }

  private settle(worker: number, reply: WorkerReply): void {
    const slot = this.slots[worker];
    if (!slot || !slot.job || slot.job.seq !== reply.seq) return;
    const job = slot.job;
    slot.job = undefined;
    if (reply.ok) job.resolve({ result: reply.result, worker });
    else job.reject(new Error(`analysis worker failed: ${reply.error}`));
    this.pump();
  }

  private spawn(index: number): Thread {
    const thread = this.inline ? new InlineThread() : this.startWorker(index);
    for (const request of this.options.replay()) thread.post({ seq: -1, request });
    if (thread instanceof InlineThread) thread.onReply = (reply) => this.settle(index, reply);
    return thread;
  }

  private startWorker(index: number): Thread {
    const worker = new Worker(this.options.workerFile!, { name: `agreement-analysis-${index}` });
    // The workers must not keep the process alive once the connection is gone.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => traced('worker reply', () => this.settle(index, reply)));
    const replace = (reason: string) => {
      const slot = this.slots[index];
      if (this.disposed || !slot || slot.thread !== thread) return;
      this.options.log(`analysis worker ${index} stopped (${reason}); starting another`);
      const job = slot.job;
      slot.job = undefined;
      slot.thread = this.spawn(index);
      job?.reject(new Error(`the analysis worker stopped while on this job (${reason})`));
      this.pump();
    };
    worker.on('error', (error) => replace(error.stack ?? String(error)));
    worker.on('exit', (code) => replace(`exit code ${code}`));
    const thread: Thread = {
      post: (message) => worker.postMessage(message),
      terminate: () => void worker.terminate(),
    };
    return thread;
  }
}

function defaultPoolSize(): number {
  const configured = Number.parseInt(process.env.AGREEMENT_ANALYSIS_WORKERS ?? '', 10);
  if (Number.isInteger(configured) && configured >= 0) return Math.min(configured, 16);
  return Math.max(2, Math.min(4, availableParallelism() - 1));
}

/** The service on the main thread, answering on the next turn of the event loop. */
class InlineThread implements Thread {
  private readonly service = new AnalysisService();
  onReply: (reply: WorkerReply) => void = () => undefined;

  post(message: WorkerMessage): void {
    setImmediate(() => {
      let reply: WorkerReply;
      try {
        reply = { seq: message.seq, ok: true, result: this.service.handle(message.request as ServiceRequest) };
      } catch (error) {
        reply = { seq: message.seq, ok: false, error: (error as Error).stack ?? String(error) };
      }
      if (message.seq >= 0) this.onReply(reply);
    });
  }

  terminate(): void {}
}
