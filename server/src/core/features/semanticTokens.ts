/**
 * Semantic tokens as offsets and token types. The legend is fixed here so that the server
 * and its tests agree; the protocol's relative encoding is done in `convert.ts`.
 */
import type { AnalysedDocument } from '../analysis';
import type { TextRange } from '../types';

/** Token types in legend order; `clauseLabel` is contributed by the extension's package.json. */
export const SEMANTIC_TOKEN_TYPES = ['clauseLabel'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

export interface SemanticToken {
  readonly range: TextRange;
  readonly type: SemanticTokenType;
}

/** Tokens in document order, never overlapping. */
export function semanticTokens(document: AnalysedDocument): SemanticToken[] {
  return document.structure.clauses
    .filter((c) => c.label.length > 0)
    .map((c) => ({ range: c.labelRange, type: 'clauseLabel' as const }));
}
