/**
 * The index of every agreement document of the workspace: for each document only what
 * cross-document questions need (mentions with their entity ids, definitions, clauses,
 * all as LSP-ready positions), not its text. Answers "all mentions of id X", "all
 * definitions of term T" and "all clauses of document D" from maps kept up to date as
 * documents are added, changed and removed, without rescanning anything.
 */
import type { AnalysedDocument } from '../core/analysis';
import { matchKey } from '../core/registry/nameMatcher';
import type { LinePosition } from '../core/text/lineIndex';
import type { Definition, EntityMention, NamedEntityKind } from '../core/types';

export interface IndexedRange {
  readonly start: LinePosition;
  readonly end: LinePosition;
}

export interface IndexedMention {
  readonly uri: string;
  readonly id: string;
  readonly kind: NamedEntityKind;
  readonly text: string;
  readonly range: IndexedRange;
}

export interface IndexedDefinition {
  readonly uri: string;
  readonly term: string;
  readonly expansion: string;
  readonly form: Definition['form'];
  readonly termRange: IndexedRange;
}

export interface IndexedClause {
  readonly uri: string;
  readonly label: string;
  readonly normalizedNumber: string;
  readonly heading: string | undefined;
  readonly level: number;
  readonly range: IndexedRange;
  readonly labelRange: IndexedRange;
}

export interface IndexedDocument {
  readonly uri: string;
  readonly version: number;
  readonly mentions: readonly IndexedMention[];
  readonly definitions: readonly IndexedDefinition[];
  readonly clauses: readonly IndexedClause[];
}

/** Builds a document's index entry from its analysis; the text is not kept. */
export function indexEntryOf(analysis: AnalysedDocument): IndexedDocument {
  const range = (r: { start: number; end: number }): IndexedRange => ({
    start: analysis.lines.positionAt(r.start),
    end: analysis.lines.positionAt(r.end),
  });
  const uri = analysis.uri;
  return {
    uri,
    version: analysis.version,
    mentions: analysis.entities.map((m: EntityMention) => ({
      uri,
      id: m.id,
      kind: m.kind,
      text: m.text,
      range: range(m.range),
    })),
    definitions: analysis.definitions.map((d) => ({
      uri,
      term: d.term,
      expansion: d.expansion,
      form: d.form,
      termRange: range(d.termRange),
    })),
    clauses: analysis.structure.clauses.map((c) => ({
      uri,
      label: c.label,
      normalizedNumber: c.normalizedNumber,
      heading: c.heading,
      level: c.level,
      range: range(c.range),
      labelRange: range(c.labelRange),
    })),
  };
}

export class WorkspaceIndex {
  private readonly documents = new Map<string, IndexedDocument>();
  /** id → uri → mentions in that document. */
  private readonly mentionsById = new Map<string, Map<string, readonly IndexedMention[]>>();
  /** normalised term → uri → definitions in that document. */
  private readonly definitionsByTerm = new Map<string, Map<string, readonly IndexedDefinition[]>>();

  get size(): number {
    return this.documents.size;
  }

  /** Adds or replaces a document's entry. */
  set(entry: IndexedDocument): void {
    this.delete(entry.uri);
    this.documents.set(entry.uri, entry);
    for (const [id, mentions] of groupBy(entry.mentions, (m) => m.id))
      addTo(this.mentionsById, id, entry.uri, mentions);
    for (const [term, definitions] of groupBy(entry.definitions, (d) => matchKey(d.term)))
      addTo(this.definitionsByTerm, term, entry.uri, definitions);
  }

  delete(uri: string): boolean {
    const old = this.documents.get(uri);
    if (!old) return false;
    this.documents.delete(uri);
    for (const m of old.mentions) removeFrom(this.mentionsById, m.id, uri);
    for (const d of old.definitions) removeFrom(this.definitionsByTerm, matchKey(d.term), uri);
    return true;
  }

  get(uri: string): IndexedDocument | undefined {
    return this.documents.get(uri);
  }

  uris(): string[] {
    return [...this.documents.keys()].sort();
  }

  /** Every mention of an entity, in every document, documents in URI order. */
  mentionsOf(id: string): IndexedMention[] {
    const byUri = this.mentionsById.get(id);
    if (!byUri) return [];
    return [...byUri.keys()].sort().flatMap((uri) => byUri.get(uri) ?? []);
  }

  /** How many documents mention an entity: rarity, for ranking related clauses. */
  documentCountOf(id: string): number {
    return this.mentionsById.get(id)?.size ?? 0;
  }

  /** Every definition of a term (widths and spaces ignored), in every document. */
  definitionsOf(term: string): IndexedDefinition[] {
    const byUri = this.definitionsByTerm.get(matchKey(term));
    if (!byUri) return [];
    return [...byUri.keys()].sort().flatMap((uri) => byUri.get(uri) ?? []);
  }

  clausesOf(uri: string): readonly IndexedClause[] {
    return this.documents.get(uri)?.clauses ?? [];
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function addTo<T>(map: Map<string, Map<string, readonly T[]>>, key: string, uri: string, items: readonly T[]): void {
  let byUri = map.get(key);
  if (!byUri) map.set(key, (byUri = new Map()));
  byUri.set(uri, items);
}

function removeFrom<T>(map: Map<string, Map<string, readonly T[]>>, key: string, uri: string): void {
  const byUri = map.get(key);
  if (!byUri) return;
  byUri.delete(uri);
  if (byUri.size === 0) map.delete(key);
}
