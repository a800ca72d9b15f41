/**
 * The one place where the core's offsets become LSP positions and core results become LSP
 * types. Handlers call these and nothing else for conversion.
 */
import {
  type CodeAction,
  type Command,
  CreateFile,
  type Diagnostic as LspDiagnostic,
  DiagnosticSeverity,
  type CompletionItem,
  CompletionItemKind,
  type InlayHint,
  type SymbolInformation,
  type DocumentHighlight,
  DocumentHighlightKind,
  type DocumentSymbol,
  type FoldingRange,
  FoldingRangeKind,
  type Position,
  type Range,
  type SemanticTokens,
  SemanticTokensBuilder,
  SymbolKind,
  TextDocumentEdit,
} from 'vscode-languageserver';
import type { AnalysedDocument } from './core/analysis';
import type { OutlineSymbol } from './core/features/documentSymbols';
import type { LineFold } from './core/features/foldingRanges';
import type { DocumentHighlight as CoreHighlight } from './core/features/references';
import type { CompletionItem as CoreCompletion } from './core/features/completion';
import type { Locale } from './core/features/featureContext';
import type { InlayHint as CoreInlayHint } from './core/features/inlayHints';
import type { RelatedClause } from './core/features/relatedClauses';
import type { WorkspaceSymbol } from './core/features/workspaceSymbols';
import type { CodeAction as CoreCodeAction } from './core/features/codeActions';
import type { Diagnostic, Severity } from './core/rules/ruleTypes';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, type SemanticToken } from './core/features/semanticTokens';
import type { ClauseUnit } from './core/structure/numberingStyles';
import { LineIndex } from './core/text/lineIndex';
import type { ConfigFileEdit } from './workspace/projectConfigEdits';
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
  annex: SymbolKind.Module,
  heading: SymbolKind.Namespace,
  article: SymbolKind.Class,
  numbered: SymbolKind.Class,
  paragraph: SymbolKind.Field,
  item: SymbolKind.EnumMember,
  subitem: SymbolKind.EnumMember,
};

/** The outline as LSP document symbols; a loop with an explicit stack, whatever the outline's depth. */
export function toDocumentSymbols(document: AnalysedDocument, outline: readonly OutlineSymbol[]): DocumentSymbol[] {
  const convert = (symbol: OutlineSymbol): DocumentSymbol & { children: DocumentSymbol[] } => ({
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.unit],
    range: toRange(document.lines, symbol.range),
    selectionRange: toRange(document.lines, symbol.selectionRange),
    children: [],
  });
  const result: DocumentSymbol[] = [];
  const stack: Array<{ symbol: OutlineSymbol; into: DocumentSymbol[] }> = [];
  for (let i = outline.length - 1; i >= 0; i--) stack.push({ symbol: outline[i]!, into: result });
  while (stack.length > 0) {
    const { symbol, into } = stack.pop()!;
    const converted = convert(symbol);
    into.push(converted);
    for (let i = symbol.children.length - 1; i >= 0; i--)
      stack.push({ symbol: symbol.children[i]!, into: converted.children });
  }
  return result;
}

export function toFoldingRanges(folds: readonly LineFold[]): FoldingRange[] {
  return folds.map((fold) => ({ startLine: fold.startLine, endLine: fold.endLine, kind: FoldingRangeKind.Region }));
}

/** Encodes tokens in the protocol's relative form; a token spanning lines is split per line. */
export function toSemanticTokens(document: AnalysedDocument, tokens: readonly SemanticToken[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const token of tokens) {
    const typeIndex = SEMANTIC_TOKEN_TYPES.indexOf(token.type);
    const modifiers = token.modifiers.reduce((bits, m) => bits | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m)), 0);
    const start = document.lines.positionAt(token.range.start);
    const end = document.lines.positionAt(token.range.end);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : document.lines.lineEnd(line) - document.lines.lineStart(line);
      if (to > from) builder.push(line, from, to - from, typeIndex, modifiers);
    }
  }
  return builder.build();
}

export function toDocumentHighlights(
  document: AnalysedDocument,
  highlights: readonly CoreHighlight[],
): DocumentHighlight[] {
  return highlights.map((h) => ({
    range: toRange(document.lines, h.range),
    kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

const ENTITY_SYMBOL_KINDS: Record<WorkspaceSymbol['kind'], SymbolKind> = {
  agency: SymbolKind.Module,
  program: SymbolKind.Event,
  instrument: SymbolKind.File,
  term: SymbolKind.Constant,
  clause: SymbolKind.Class,
};

export function toWorkspaceSymbols(symbols: readonly WorkspaceSymbol[]): SymbolInformation[] {
  return symbols.map((s) => ({
    name: s.name,
    kind: ENTITY_SYMBOL_KINDS[s.kind],
    location: s.location,
    containerName: s.detail,
  }));
}

const COMPLETION_KINDS: Record<CoreCompletion['kind'], CompletionItemKind> = {
  agency: CompletionItemKind.Module,
  program: CompletionItemKind.Event,
  instrument: CompletionItemKind.File,
  term: CompletionItemKind.Constant,
  clause: CompletionItemKind.Reference,
};

export function toCompletionItems(document: AnalysedDocument, items: readonly CoreCompletion[]): CompletionItem[] {
  return items.map((item) => ({
    label: item.label,
    kind: COMPLETION_KINDS[item.kind],
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    ...(item.sortText !== undefined ? { sortText: item.sortText } : {}),
    ...(item.filterText !== undefined ? { filterText: item.filterText } : {}),
    textEdit: { range: toRange(document.lines, item.replaceRange), newText: item.insertText },
  }));
}

export function toInlayHints(document: AnalysedDocument, hints: readonly CoreInlayHint[]): InlayHint[] {
  return hints.map((hint) => ({
    position: document.lines.positionAt(hint.offset),
    label: hint.label,
    ...(hint.tooltip !== undefined ? { tooltip: hint.tooltip } : {}),
  }));
}

/**
 * The command of a "N related clauses" code lens. The client turns its LSP arguments into
 * VS Code's peek view; other clients show the title.
 */
export function relatedClausesLens(
  uri: string,
  position: Position,
  related: readonly RelatedClause[],
  count: number,
  locale: Locale,
): Command {
  const shown = count >= 20 ? '20+' : String(count);
  const title = locale === 'ja' ? `関連する条項 ${shown}件` : `${shown} related clause${count === 1 ? '' : 's'}`;
  return {
    title,
    command: 'agreement.showRelatedClauses',
    arguments: [uri, position, related.map((r) => r.location)],
  };
}

/** An LSP range → offsets in the document. */
export function fromRange(lines: LineIndex, range: Range): TextRange {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Each rule's page (docs/rules/<code>.md) as it ships beside the bundled server, so that the
 * link works offline and in any editor that opens file URIs.
 */
export function ruleDocumentationUri(code: string): string {
  return pathToFileURL(join(__dirname, '..', 'docs', 'rules', `${code}.md`)).href;
}

export function toDiagnostics(
  document: AnalysedDocument,
  diagnostics: readonly Diagnostic[],
  locale: Locale,
): LspDiagnostic[] {
  return diagnostics.map((d) => ({
    range: toRange(document.lines, d.range),
    severity: SEVERITIES[d.severity],
    code: d.code,
    codeDescription: { href: ruleDocumentationUri(d.code) },
    source: 'agreement',
    message: d.message[locale],
    ...(d.related && d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: r.location, message: r.message[locale] })) }
      : {}),
    ...(d.fix ? { data: d.fix } : {}),
  }));
}

/**
 * A reviewer's quick fix: the edit of the project's configuration file (its text `configText`,
 * empty when the edit creates it, at `version` when the editor has it open).
 */
export function toConfigChangeAction(
  document: AnalysedDocument,
  action: CoreCodeAction,
  edit: ConfigFileEdit,
  configText: string,
  version: number | null,
  locale: Locale,
): CodeAction {
  const lines = new LineIndex(configText);
  const edits = edit.edits.map((e) => ({ range: toRange(lines, e.range), newText: e.newText }));
  return {
    title: action.title,
    kind: action.kind,
    diagnostics: toDiagnostics(document, action.fixes, locale),
    edit: edit.create
      ? {
          documentChanges: [
            CreateFile.create(edit.uri, { ignoreIfExists: true }),
            TextDocumentEdit.create({ uri: edit.uri, version: null }, edits),
          ],
        }
      : version === null
        ? { changes: { [edit.uri]: edits } }
        : { documentChanges: [TextDocumentEdit.create({ uri: edit.uri, version }, edits)] },
  };
}

export function toCodeAction(document: AnalysedDocument, action: CoreCodeAction, locale: Locale): CodeAction {
  return {
    title: action.title,
    kind: action.kind,
    diagnostics: toDiagnostics(document, action.fixes, locale),
    ...(action.isPreferred ? { isPreferred: true } : {}),
    edit: {
      changes: {
        [document.uri]: action.edits.map((e) => ({ range: toRange(document.lines, e.range), newText: e.newText })),
      },
    },
  };
}
