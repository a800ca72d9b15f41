/**
 * Answers that depend only on one analysis (the outline, folding ranges, semantic tokens of
 * a document), computed once per analysis and kept as long as the analysis is: an analysis
 * is immutable, so the answer cannot go stale, and it goes with the analysis it was made of.
 */
import type { AnalysedDocument } from '../core/analysis';

const answers = new WeakMap<AnalysedDocument, Map<string, unknown>>();

/** The answer `name` for this analysis, computed on first use. */
export function cachedAnswer<T>(analysis: AnalysedDocument, name: string, compute: () => T): T {
  let byName = answers.get(analysis);
  if (!byName) answers.set(analysis, (byName = new Map()));
  if (byName.has(name)) return byName.get(name) as T;
  const answer = compute();
  byName.set(name, answer);
  return answer;
}
