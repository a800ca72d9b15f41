/**
 * Troubleshooting the event loop: with `AGREEMENT_TRACE_SLOW_MS=<ms>` in the environment,
 * every traced piece of main-thread work that takes longer, and every garbage collection
 * pause that does, is written to stderr with its duration. Without it, tracing costs one
 * comparison.
 */
import { PerformanceObserver } from 'node:perf_hooks';

const threshold = Number.parseFloat(process.env.AGREEMENT_TRACE_SLOW_MS ?? '');
const enabled = Number.isFinite(threshold);

if (enabled) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.duration > threshold)
        process.stderr.write(
          `[slow @${Math.round(entry.startTime)}] gc ${(entry as { detail?: { kind?: number } }).detail?.kind ?? ''} ${entry.duration.toFixed(1)} ms\n`,
        );
  }).observe({ entryTypes: ['gc'] });
}

/** Runs `work`, and reports it when it took longer than the threshold. */
export function traced<T>(name: string, work: () => T): T {
  if (!enabled) return work();
  const start = performance.now();
  try {
    return work();
  } finally {
    const ms = performance.now() - start;
    if (ms > threshold) process.stderr.write(`[slow @${Math.round(performance.now())}] ${name} ${ms.toFixed(1)} ms\n`);
  }
}
