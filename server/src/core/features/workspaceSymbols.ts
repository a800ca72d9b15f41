/**
 * Workspace symbols: the agencies, programs and instruments each document mentions (one
 * symbol per id per document, at its first mention), its defined terms (at their
 * definitions) and its clauses (label and heading), searchable in Japanese and English.
 *
 * A symbol matches a query when the query, folded like registry names (`matchKey`: widths
 * folded, spaces removed; Latin letters case-insensitive), is
 * 1. equal to, 2. a prefix of, or 3. a substring of its name or of any registry name or acronym
 *    of its entity — so `JAXA` finds 宇宙航空研究開発機構, `宇宙航空` finds JAXA and `Aerospace`
 *    finds both;
 * 4. or, for a Latin query of two or more characters, a subsequence of a Latin name (`jxa`).
 * Results are ranked by that order — a match of the symbol's own name before a match of another
 * name of its entity only — then by kind (entities, terms, clauses), then by the length
 * of the name (the closest name first), then by document and position.
 */
import { fileNameOf } from './featureContext';
import type { Registry } from '../registry/registry';
import { matchKey } from '../registry/nameMatcher';
import type { PositionRange, WorkspaceView } from '../workspace/workspaceIndex';
import type { DocumentLocation } from './featureContext';

export type WorkspaceSymbolKind = 'agency' | 'program' | 'instrument' | 'term' | 'clause';

export interface WorkspaceSymbol {
  readonly name: string;
  readonly kind: WorkspaceSymbolKind;
  /**
   * What tells rows apart: the other-language name for an entity, the expansion for a term, the
   * document's title for a clause; then the file and line (`— 000_….txt:12`).
   */
  readonly detail: string;
  readonly location: DocumentLocation;
}

const KIND_ORDER: Record<WorkspaceSymbolKind, number> = { agency: 0, program: 0, instrument: 0, term: 1, clause: 2 };
const MAX_NAME_LENGTH = 80;

interface Entry {
  readonly symbol: WorkspaceSymbol;
  /** Folded strings the query is matched against: the name first. */
  readonly keys: readonly string[];
  readonly order: number;
}

/** Folds a name or a query for comparison. */
export function searchKey(text: string): string {
  return matchKey(text).toLowerCase();
}

function collect(workspace: WorkspaceView, registry: Registry): Entry[] {
  const entries: Entry[] = [];
  const registryKeys = new Map<string, string[]>();
  const keysOf = (id: string): string[] => {
    let keys = registryKeys.get(id);
    if (keys) return keys;
    const entry = registry.get(id);
    keys = entry
      ? [
          ...entry.names.ja,
          ...entry.names.en,
          ...(entry.names.vi ?? []),
          ...(entry.names.ko ?? []),
          ...(entry.acronyms ?? []),
        ].map(searchKey)
      : [];
    registryKeys.set(id, keys);
    return keys;
  };
  const push = (symbol: WorkspaceSymbol, keys: string[]) =>
    entries.push({ symbol, keys: [searchKey(symbol.name), ...keys], order: entries.length });
  const location = (uri: string, range: PositionRange): DocumentLocation => ({ uri, range });

  for (const uri of workspace.uris()) {
    const document = workspace.get(uri);
    if (!document) continue;
    const file = fileNameOf(uri);
    const seen = new Set<string>();
    for (const mention of document.mentions) {
      if (seen.has(mention.id)) continue;
      seen.add(mention.id);
      const entry = registry.get(mention.id);
      const other = entry
        ? /[\u3040-\u9fff]/.test(mention.text)
          ? (entry.names.en[0] ?? entry.acronyms?.[0])
          : (entry.names.ja[0] ?? entry.names.en[0])
        : undefined;
      const otherName = other && searchKey(other) !== searchKey(mention.text) ? other : undefined;
      push(
        {
          name: mention.text,
          kind: mention.kind,
          detail: otherName ? `${otherName} — ${where(file, mention.range)}` : where(file, mention.range),
          location: location(uri, mention.range),
        },
        keysOf(mention.id),
      );
    }
    for (const definition of document.definitions)
      push(
        {
          name: definition.term,
          kind: 'term',
          detail: `${definition.expansion} — ${where(file, definition.termRange)}`,
          location: location(uri, definition.termRange),
        },
        [searchKey(definition.expansion)],
      );
    for (const clause of document.clauses) {
      const title = clause.heading ?? clause.summary;
      const full = clause.label ? (title ? `${clause.label} ${title}` : clause.label) : title;
      if (!full) continue;
      const name = full.length > MAX_NAME_LENGTH ? `${full.slice(0, MAX_NAME_LENGTH)}…` : full;
      push(
        {
          name,
          kind: 'clause',
          detail:
            document.title && document.title !== full
              ? `${document.title} — ${where(file, clause.labelRange)}`
              : where(file, clause.labelRange),
          location: location(uri, clause.labelRange),
        },
        [],
      );
    }
  }
  return entries;
}

/** The document and one-based line of a symbol (`000_….txt:12`), so that two `JAXA` rows can be told apart. */
function where(file: string, range: PositionRange): string {
  return `${file}:${range.start.line + 1}`;
}

const LATIN_QUERY = /^[a-z0-9][a-z0-9\-.+/&' ]*$/;

/**
 * How well a symbol matches: twice 0 exact, 1 prefix, 2 substring, 3 fuzzy subsequence, plus
 * one when only another name of the entity (or a term's expansion) matched rather than the
 * symbol's own name; undefined for no match.
 */
function matchRank(keys: readonly string[], query: string, fuzzy: boolean): number | undefined {
  let best: number | undefined;
  keys.forEach((key, i) => {
    const base = key === query ? 0 : key.startsWith(query) ? 1 : key.includes(query) ? 2 : undefined;
    const rank = base === undefined ? undefined : base * 2 + (i > 0 ? 1 : 0);
    if (rank !== undefined && (best === undefined || rank < best)) best = rank;
  });
  if (best !== undefined || !fuzzy) return best;
  const fuzzyMatch = keys.findIndex((key) => isSubsequence(query, key));
  return fuzzyMatch < 0 ? undefined : 6 + (fuzzyMatch > 0 ? 1 : 0);
}

function isSubsequence(query: string, key: string): boolean {
  let i = 0;
  for (let k = 0; k < key.length && i < query.length; k++) if (key[k] === query[i]) i++;
  return i === query.length;
}

/**
 * The workspace's symbols matching `query`, best first, at most `limit`; with an empty query
 * the first `limit` symbols in document order.
 */
export function workspaceSymbols(
  workspace: WorkspaceView,
  registry: Registry,
  query: string,
  limit = 200,
): WorkspaceSymbol[] {
  const max = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 200;
  const entries = collect(workspace, registry);
  const folded = searchKey(query ?? '');
  if (folded.length === 0) return entries.slice(0, max).map((e) => e.symbol);
  const fuzzy = folded.length >= 2 && LATIN_QUERY.test(folded);
  const matched: Array<{ entry: Entry; rank: number }> = [];
  for (const entry of entries) {
    const rank = matchRank(entry.keys, folded, fuzzy);
    if (rank !== undefined) matched.push({ entry, rank });
  }
  matched.sort(
    (a, b) =>
      a.rank - b.rank ||
      KIND_ORDER[a.entry.symbol.kind] - KIND_ORDER[b.entry.symbol.kind] ||
      a.entry.symbol.name.length - b.entry.symbol.name.length ||
      a.entry.order - b.entry.order,
  );
  return matched.slice(0, max).map((m) => m.entry.symbol);
}
