/** Small statistics for benchmark figures: medians and percentiles of samples, and a figure's line. */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);
export const max = (samples: readonly number[]): number => samples.reduce((a, b) => Math.max(a, b), -Infinity);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects when `promise` takes longer than `ms`, so that a hung server fails a figure instead of the run. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One figure of the table: what was measured, its value, and the target it is held against. */
export interface Figure {
  readonly id: string;
  /** The row of issue 10's table it belongs to. */
  readonly row: string;
  readonly label: string;
  readonly value: number | null;
  readonly unit: string;
  /** `≤ 5`, `≥ 100`…; undefined for figures given for information. */
  readonly target?: { readonly op: '<=' | '>='; readonly value: number };
  /** The same figure measured on the baseline server (`--against`), when there is one. */
  readonly before?: number | null;
  readonly note?: string;
}

export function met(figure: Figure): boolean | undefined {
  if (!figure.target || figure.value === null || Number.isNaN(figure.value)) return undefined;
  return figure.target.op === '<=' ? figure.value <= figure.target.value : figure.value >= figure.target.value;
}

export function format(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`.trim();
}
