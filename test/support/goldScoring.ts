/**
 * Scores the linter's JSON against gold annotations, with the definitions of
 * `../shared/eval/README.md`: entities match on kind and exact span; a prediction nested in a
 * gold span, or matching an optional gold entry, counts neither way; definitions match on
 * term and line, diagnostics on code and line; linking is pairwise agreement over matched
 * mentions (two mentions share a gold `ref` exactly when they share a predicted `id`).
 */
export interface GoldEntity {
  kind: string;
  text: string;
  start: number;
  end: number;
  ref?: string;
  value?: string;
  optional?: boolean;
}
export interface GoldFile {
  file: string;
  entities: GoldEntity[];
  definitions: Array<{ term: string; line: number; optional?: boolean }>;
  diagnostics: Array<{ code: string; line: number; optional?: boolean }>;
}
export interface PredictedFile {
  path: string;
  entities: Array<{ kind: string; start: number; end: number; id?: string; value?: string; text: string }>;
  definitions: Array<{ term: string; line: number }>;
  diagnostics: Array<{ code: string; line: number }>;
}

export interface Figure {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export const SCORED_KINDS = ['clause', 'clause-ref', 'agency', 'program', 'instrument', 'date'] as const;
const LINKED = new Set(['agency', 'program', 'instrument']);

function figure(tp: number, fp: number, fn: number): Figure {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return {
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

export interface Scores {
  kinds: Record<string, Figure>;
  entities: Figure;
  definitions: Figure;
  diagnostics: Figure;
  linking: Figure;
  dateValues: { right: number; total: number; accuracy: number };
  misses: string[];
}

export function scoreAgainstGold(golds: readonly GoldFile[], predictions: readonly PredictedFile[]): Scores {
  const byName = new Map(predictions.map((p) => [p.path.split(/[\\/]/).pop()!, p]));
  const counts = Object.fromEntries(SCORED_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const defs = { tp: 0, fp: 0, fn: 0 };
  const diags = { tp: 0, fp: 0, fn: 0 };
  const values = { right: 0, total: 0 };
  const mentions: Array<{ ref: string; id: string }> = [];
  const misses: string[] = [];
  for (const gold of golds) {
    const name = gold.file.split('/').pop()!;
    const predicted = byName.get(name) ?? { path: name, entities: [], definitions: [], diagnostics: [] };
    for (const kind of SCORED_KINDS) {
      const g = gold.entities.filter((e) => e.kind === kind);
      const p = predicted.entities.filter((e) => e.kind === kind);
      const c = counts[kind]!;
      for (const e of p) {
        const hit = g.find((x) => x.start === e.start && x.end === e.end);
        const nested = gold.entities.some(
          (x) => x.start <= e.start && e.end <= x.end && !(x.start === e.start && x.end === e.end),
        );
        if (hit) {
          if (!hit.optional) c.tp++;
          if (kind === 'date' && hit.value !== undefined) {
            values.total++;
            if (e.value === hit.value) values.right++;
            else misses.push(`${name}: date "${hit.text}" value ${e.value} != ${hit.value}`);
          }
          if (LINKED.has(kind) && hit.ref !== undefined)
            mentions.push({ ref: hit.ref, id: e.id ?? `(none)${name}:${e.start}` });
        } else if (!nested) {
          c.fp++;
          misses.push(`${name}: extra ${kind} "${e.text}" @${e.start}`);
        }
      }
      for (const x of g.filter((x) => !x.optional)) {
        if (p.some((e) => e.start === x.start && e.end === x.end)) continue;
        c.fn++;
        misses.push(`${name}: missed ${kind} "${x.text}" @${x.start}`);
        if (LINKED.has(kind) && x.ref !== undefined) mentions.push({ ref: x.ref, id: `(missed)${name}:${x.start}` });
      }
    }
    for (const d of predicted.definitions) {
      const hit = gold.definitions.find((x) => x.term === d.term && x.line === d.line);
      if (hit) {
        if (!hit.optional) defs.tp++;
      } else defs.fp++;
    }
    for (const x of gold.definitions)
      if (!x.optional && !predicted.definitions.some((d) => d.term === x.term && d.line === x.line)) defs.fn++;
    for (const d of predicted.diagnostics) {
      const hit = gold.diagnostics.find((x) => x.code === d.code && x.line === d.line);
      if (hit) {
        if (!hit.optional) diags.tp++;
      } else diags.fp++;
    }
    for (const x of gold.diagnostics)
      if (!x.optional && !predicted.diagnostics.some((d) => d.code === x.code && d.line === x.line)) diags.fn++;
  }
  let same = 0;
  let predictedSame = 0;
  let goldSame = 0;
  for (let i = 0; i < mentions.length; i++)
    for (let j = i + 1; j < mentions.length; j++) {
      const g = mentions[i]!.ref === mentions[j]!.ref;
      const q = mentions[i]!.id === mentions[j]!.id;
      if (g) goldSame++;
      if (q) predictedSame++;
      if (g && q) same++;
    }
  const all = Object.values(counts).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  return {
    kinds: Object.fromEntries(Object.entries(counts).map(([k, c]) => [k, figure(c.tp, c.fp, c.fn)])),
    entities: figure(all.tp, all.fp, all.fn),
    definitions: figure(defs.tp, defs.fp, defs.fn),
    diagnostics: figure(diags.tp, diags.fp, diags.fn),
    linking: figure(same, predictedSame - same, goldSame - same),
    dateValues: { ...values, accuracy: values.total ? values.right / values.total : 1 },
    misses,
  };
}
