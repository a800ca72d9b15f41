/**
 * The entry point of an analysis worker thread (bundled as `dist/analysisWorker.js`): it
 * hands each message of the main thread to an `AnalysisService` and posts the answer back,
 * with the typed arrays of the answer transferred rather than copied. A request that fails
 * is answered with its error; the worker carries on.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { AnalysisService, type ServiceRequest } from './analysisService';
import { type ChunkedValue, transferablesOfPieces } from './columnarCodec';
import type { WorkerMessage, WorkerReply } from './workerPool';

/**
 * How much lower than the main thread this thread runs (a nice value; on Linux it applies to
 * this thread alone): when the cores are busy, the thread that answers the editor goes first.
 */
const BACKGROUND_NICENESS = 5;

const port = parentPort;
if (port) {
  // Elsewhere the nice value is the whole process's: the main thread's must not change.
  if (process.platform === 'linux') {
    try {
      setPriority(0, BACKGROUND_NICENESS);
    } catch {
      // Not allowed here: the worker runs at the main thread's priority.
    }
  }
  const service = new AnalysisService();
  port.on('message', (message: WorkerMessage) => {
    let reply: WorkerReply;
    try {
      const result = service.handle(message.request as ServiceRequest);
      reply = { seq: message.seq, ok: true, result };
    } catch (error) {
      reply = { seq: message.seq, ok: false, error: (error as Error).stack ?? String(error) };
    }
    if (message.seq < 0) return; // A notification: no answer is awaited.
    port.postMessage(reply, reply.ok ? transferablesOfResult(reply.result) : []);
  });
}

/**
 * The typed arrays made for an answer: its encoded analysis and its defined-term uses. The
 * arrays of an index entry are not among them: this thread keeps the entry in its copy of
 * the index, and a transferred array would be emptied here.
 */
function transferablesOfResult(result: unknown): ArrayBuffer[] {
  if (typeof result !== 'object' || result === null) return [];
  const buffers = new Set<ArrayBuffer>();
  const add = (array: unknown) => {
    if (ArrayBuffer.isView(array) && array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  const { analysis, rules, termUses, lineStarts } = result as {
    analysis?: ChunkedValue;
    rules?: ChunkedValue;
    termUses?: unknown;
    lineStarts?: unknown;
  };
  for (const chunked of [analysis, rules])
    if (chunked) for (const buffer of transferablesOfPieces(chunked)) buffers.add(buffer);
  add(termUses);
  add(lineStarts);
  return [...buffers];
}
