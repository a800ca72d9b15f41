/**
 * The index of every agreement document of the workspace: for each document only what
 * cross-document questions need (mentions with their entity ids, definitions, clauses,
 * clause references, all with line/character positions), not its text. It answers "all
 * mentions of id X", "all definitions of term T" and "all clauses of document D" from maps
 * kept up to date as documents are added, changed and removed, without rescanning anything.
 *
 * It is pure (no file system, no protocol), so features in the core take it as their view
 * of the workspace; the server's `AgreementWorkspace` keeps it filled.
 */
import type { AnalysedDocument } from '../analysis';
import { definedTermUses } from '../features/definedTerms';
import { matchKey } from '../registry/nameMatcher';
import { innermostClauseAt } from '../structure/clauseStructure';
import type { LinePosition } from '../text/lineIndex';
import type { Definition, NamedEntityKind } from '../types';

/** A range in a document as line/character positions (UTF-16, zero-based). */
export interface PositionRange {
  readonly start: LinePosition;
  readonly end: LinePosition;
}

export interface IndexedMention {
  readonly uri: string;
  readonly id: string;
  readonly kind: NamedEntityKind;
  readonly text: string;
  readonly range: PositionRange;
  /** The innermost clause containing the mention (an index into the document's clauses). */
  readonly clause: number | undefined;
}

export interface IndexedDefinition {
  readonly uri: string;
  readonly term: string;
  readonly expansion: string;
  readonly form: Definition['form'];
  readonly termRange: PositionRange;
  readonly expansionRange: PositionRange;
}

export interface IndexedClause {
  readonly uri: string;
  /** Index of the clause in its document (`AnalysedDocument.structure.clauses`). */
  readonly index: number;
  readonly label: string;
  readonly normalizedNumber: string;
  readonly heading: string | undefined;
  readonly summary: string;
  readonly level: number;
  readonly parent: number | undefined;
  readonly range: PositionRange;
  readonly labelRange: PositionRange;
}

export interface IndexedClauseReference {
  readonly uri: string;
  readonly text: string;
  readonly range: PositionRange;
  /** The clause the reference is written in. */
  readonly from: number | undefined;
  /** The clause it resolves to in the same document, when it resolves. */
  readonly target: number | undefined;
  /** The instrument an external reference points into, as written. */
  readonly external: string | undefined;
}

export interface IndexedDate {
  readonly uri: string;
  readonly text: string;
  /** ISO value (`2021-11-23`, `2021-11`, `2021-11-23/2021-11-25`), undefined when invalid. */
  readonly value: string | undefined;
  readonly range: PositionRange;
}

/** A place where a document writes a term it defines, its definition included. */
export interface IndexedTermUse {
  readonly uri: string;
  readonly term: string;
  readonly range: PositionRange;
  readonly isDefinition: boolean;
}

export interface IndexedDocument {
  readonly uri: string;
  readonly version: number;
  /** The document's first non-blank line, which is its title in agreement texts. */
  readonly title: string;
  readonly titleRange: PositionRange;
  readonly mentions: readonly IndexedMention[];
  readonly definitions: readonly IndexedDefinition[];
  readonly clauses: readonly IndexedClause[];
  readonly clauseReferences: readonly IndexedClauseReference[];
  readonly dates: readonly IndexedDate[];
  readonly termUses: readonly IndexedTermUse[];
}

/** Builds a document's index entry from its analysis; the text is not kept. */
export function indexEntryOf(analysis: AnalysedDocument): IndexedDocument {
  const lines = analysis.lines;
  const range = (r: { start: number; end: number }): PositionRange => ({
    start: lines.positionAt(r.start),
    end: lines.positionAt(r.end),
  });
  const clauses = analysis.structure.clauses;
  const clauseAt = (offset: number) => innermostClauseAt(clauses, lines.positionAt(offset).line);
  const uri = analysis.uri;
  const firstLine = /\S[^\r\n]*/.exec(analysis.text);
  const titleStart = firstLine?.index ?? 0;
  const title = (firstLine?.[0] ?? '').trimEnd();
  return {
    uri,
    version: analysis.version,
    title: title.slice(0, 200),
    titleRange: range({ start: titleStart, end: titleStart + title.length }),
    mentions: analysis.entities.map((m) => ({
      uri,
      id: m.id,
      kind: m.kind,
      text: m.text,
      range: range(m.range),
      clause: clauseAt(m.range.start),
    })),
    definitions: analysis.definitions.map((d) => ({
      uri,
      term: d.term,
      expansion: d.expansion,
      form: d.form,
      termRange: range(d.termRange),
      expansionRange: range(d.expansionRange),
    })),
    clauses: clauses.map((c) => ({
      uri,
      index: c.index,
      label: c.label,
      normalizedNumber: c.normalizedNumber,
      heading: c.heading,
      summary: c.summary,
      level: c.level,
      parent: c.parent,
      range: range(c.range),
      labelRange: range(c.labelRange),
    })),
    clauseReferences: analysis.clauseReferences.map(({ reference, resolution }) => ({
      uri,
      text: reference.text,
      range: range(reference.range),
      from: clauseAt(reference.range.start),
      target: resolution.status === 'resolved' ? resolution.target : undefined,
      external: reference.external?.instrument,
    })),
    dates: analysis.dates.map((d) => ({ uri, text: d.text, value: d.value, range: range(d.range) })),
    termUses: definedTermUses(analysis).map((use) => ({
      uri,
      term: use.term,
      range: range(use.range),
      isDefinition: use.isDefinition,
    })),
  };
}

/** What features may ask of the workspace; `WorkspaceIndex` is the implementation. */
export interface WorkspaceView {
  uris(): string[];
  get(uri: string): IndexedDocument | undefined;
  mentionsOf(id: string): IndexedMention[];
  documentCountOf(id: string): number;
  definitionsOf(term: string): IndexedDefinition[];
  clausesOf(uri: string): readonly IndexedClause[];
}

export class WorkspaceIndex implements WorkspaceView {
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

  /** How many documents mention an entity: its rarity, for ranking related clauses. */
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
