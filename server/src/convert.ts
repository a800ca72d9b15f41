/**
 * The one place where the core's offsets become LSP positions and core results become LSP
 * types. Handlers call these and nothing else for conversion.
 */
import {
  type DocumentSymbol,
  type FoldingRange,
  FoldingRangeKind,
  type Position,
  type Range,
  type SemanticTokens,
  SemanticTokensBuilder,
  SymbolKind,
} from 'vscode-languageserver';
import type { AnalysedDocument } from './core/analysis';
import type { OutlineSymbol } from './core/features/documentSymbols';
import type { LineFold } from './core/features/foldingRanges';
import { SEMANTIC_TOKEN_TYPES, type SemanticToken } from './core/features/semanticTokens';
import type { ClauseUnit } from './core/structure/numberingStyles';
import type { LineIndex } from './core/text/lineIndex';
import type { TextRange } from './core/types';

export function toPosition(lines: LineIndex, offset: number): Position {
  return lines.positionAt(offset);
}

export function toRange(lines: LineIndex, range: TextRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offsetAt(position);
}

const SYMBOL_KINDS: Record<ClauseUnit, SymbolKind> = {
  part: SymbolKind.Namespace,
  chapter: SymbolKind.Namespace,
  section: SymbolKind.Namespace,
  subsection: SymbolKind.Namespace,
  division: SymbolKind.Namespace,
  heading: SymbolKind.Namespace,
  article: SymbolKind.Class,
  numbered: SymbolKind.Class,
  paragraph: SymbolKind.Field,
  item: SymbolKind.EnumMember,
  subitem: SymbolKind.EnumMember,
};

export function toDocumentSymbols(document: AnalysedDocument, outline: readonly OutlineSymbol[]): DocumentSymbol[] {
  return outline.map((symbol) => ({
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.unit],
    range: toRange(document.lines, symbol.range),
    selectionRange: toRange(document.lines, symbol.selectionRange),
    children: toDocumentSymbols(document, symbol.children),
  }));
}

export function toFoldingRanges(folds: readonly LineFold[]): FoldingRange[] {
  return folds.map((fold) => ({ startLine: fold.startLine, endLine: fold.endLine, kind: FoldingRangeKind.Region }));
}

/** Encodes tokens in the protocol's relative form; a token spanning lines is split per line. */
export function toSemanticTokens(document: AnalysedDocument, tokens: readonly SemanticToken[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const token of tokens) {
    const typeIndex = SEMANTIC_TOKEN_TYPES.indexOf(token.type);
    const start = document.lines.positionAt(token.range.start);
    const end = document.lines.positionAt(token.range.end);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : document.lines.lineEnd(line) - document.lines.lineStart(line);
      if (to > from) builder.push(line, from, to - from, typeIndex, 0);
    }
  }
  return builder.build();
}
