/**
 * The index of every agreement document of the workspace: for each document only what
 * cross-document questions need (mentions with their entity ids, definitions, clauses,
 * clause references), not its text. It answers "all mentions of id X", "all definitions of
 * term T" and "all clauses of document D" from maps kept up to date as documents are added,
 * changed and removed, without rescanning anything.
 *
 * It is compact, because it holds the whole workspace: a document's entry is a few typed
 * arrays of offsets (one row of integers per mention, definition, clause and reference), a
 * table of the distinct strings it uses, its clause summaries joined in one string, and its
 * line starts. No record holds an object per range or its document's URI; the records
 * features read (`IndexedMention`, `IndexedDefinition`…, with line/character positions) are
 * made from the rows when a question is answered. The entry's data (`IndexEntryData`) is
 * plain and structured-cloneable, so that it can be built on another thread.
 *
 * It is pure (no file system, no protocol), so features in the core take it as their view
 * of the workspace; the server's `AgreementWorkspace` keeps it filled.
 */
import type { AnalysedDocument } from '../analysis';
import { definedTermUses } from '../features/definedTerms';
import { matchKey } from '../registry/nameMatcher';
import { innermostClauseFinder } from '../structure/clauseStructure';

// Moved to the clause structure, which needs it too; still exported from here for its users.
export { innermostClauseFinder } from '../structure/clauseStructure';
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

/**
 * A document as the index knows it. The record lists are made from the compact rows each
 * time they are read: read them once per question, or ask the index for what you need
 * (`mentionsOf`, `clauseOf`).
 */
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

/** Columns of one mention row. */
const M = { start: 0, end: 1, id: 2, text: 3, kind: 4, clause: 5, width: 6 } as const;
/** Columns of one definition row. */
const D = { term: 0, expansion: 1, form: 2, termStart: 3, termEnd: 4, expansionStart: 5, expansionEnd: 6, width: 7 };
/** Columns of one clause row; the summary is `summaries.slice(previous summaryEnd, summaryEnd)`. */
const C = {
  index: 0,
  label: 1,
  normalizedNumber: 2,
  heading: 3,
  level: 4,
  parent: 5,
  start: 6,
  end: 7,
  labelStart: 8,
  labelEnd: 9,
  summaryEnd: 10,
  width: 11,
};
/** Columns of one clause-reference row. */
const R = { text: 0, start: 1, end: 2, from: 3, target: 4, external: 5, width: 6 };
/** Columns of one date row. */
const T = { text: 0, value: 1, start: 2, end: 3, width: 4 };
/** Columns of one row of a defined term's use; `isDefinition` is 1 or 0. */
const U = { term: 0, start: 1, end: 2, isDefinition: 3, width: 4 };
/** The value of a string or index column that holds `undefined`. */
const NONE = -1;

/**
 * A document's entry in compact form: plain data (typed arrays, strings), which the
 * structured clone carries between threads as it is. String columns hold indexes into
 * `strings`; offsets are UTF-16 offsets into the text that was analysed.
 */
export interface IndexEntryData {
  readonly version: number;
  readonly textLength: number;
  /** Offset of the first character of each line. */
  readonly lineStarts: Uint32Array;
  /**
   * The distinct strings the rows use (ids, names, terms, labels, headings, kinds, forms),
   * one after the other; string `k` ends at `stringEnds[k]`. Joined, they are one flat copy:
   * a string cut from the text would keep the whole text alive.
   */
  readonly strings: string;
  readonly stringEnds: Int32Array;
  /** The string of the title. */
  readonly title: number;
  readonly titleStart: number;
  readonly titleEnd: number;
  readonly mentions: Int32Array;
  readonly definitions: Int32Array;
  readonly clauses: Int32Array;
  /** Every clause's summary, one after the other. */
  readonly summaries: string;
  readonly references: Int32Array;
  readonly dates: Int32Array;
  readonly termUses: Int32Array;
  /**
   * The rows grouped by what the index maps them by — mentions by entity id, definitions by
   * normalised term and by normalised expansion — each group written as the key (a string of
   * the table), the number of rows, then the rows; made where the entry is made, so that the
   * thread that merges it only files the groups.
   */
  readonly mentionGroups: Int32Array;
  readonly termGroups: Int32Array;
  readonly expansionGroups: Int32Array;
}

/** Builds a document's index entry from its analysis; the text is not kept. */
export function indexEntryOf(analysis: AnalysedDocument): IndexedDocumentEntry {
  return new IndexedDocumentEntry(analysis.uri, indexEntryDataOf(analysis));
}

/** The compact data of a document's entry, to build it where the analysis is and move it elsewhere. */
export function indexEntryDataOf(analysis: AnalysedDocument): IndexEntryData {
  const table = new Map<string, number>();
  const strings: string[] = [];
  const str = (value: string | undefined): number => {
    if (value === undefined) return NONE;
    let k = table.get(value);
    if (k === undefined) {
      table.set(value, (k = strings.length));
      strings.push(value);
    }
    return k;
  };
  const lines = analysis.lines;
  const clauses = analysis.structure.clauses;
  const clauseAt = innermostClauseFinder(clauses, lines.lineCount);
  const clauseOfOffset = (offset: number) => clauseAt(lines.positionAt(offset).line) ?? NONE;

  const mentions = new Int32Array(analysis.entities.length * M.width);
  analysis.entities.forEach((m, i) => {
    const row = i * M.width;
    mentions[row + M.start] = m.range.start;
    mentions[row + M.end] = m.range.end;
    mentions[row + M.id] = str(m.id);
    mentions[row + M.text] = str(m.text);
    mentions[row + M.kind] = str(m.kind);
    mentions[row + M.clause] = clauseOfOffset(m.range.start);
  });

  const definitions = new Int32Array(analysis.definitions.length * D.width);
  analysis.definitions.forEach((d, i) => {
    const row = i * D.width;
    definitions[row + D.term] = str(d.term);
    definitions[row + D.expansion] = str(d.expansion);
    definitions[row + D.form] = str(d.form);
    definitions[row + D.termStart] = d.termRange.start;
    definitions[row + D.termEnd] = d.termRange.end;
    definitions[row + D.expansionStart] = d.expansionRange.start;
    definitions[row + D.expansionEnd] = d.expansionRange.end;
  });

  const clauseRows = new Int32Array(clauses.length * C.width);
  const summaries: string[] = [];
  let summaryEnd = 0;
  clauses.forEach((c, i) => {
    const row = i * C.width;
    summaryEnd += c.summary.length;
    summaries.push(c.summary);
    clauseRows[row + C.index] = c.index;
    clauseRows[row + C.label] = str(c.label);
    clauseRows[row + C.normalizedNumber] = str(c.normalizedNumber);
    clauseRows[row + C.heading] = str(c.heading);
    clauseRows[row + C.level] = c.level;
    clauseRows[row + C.parent] = c.parent ?? NONE;
    clauseRows[row + C.start] = c.range.start;
    clauseRows[row + C.end] = c.range.end;
    clauseRows[row + C.labelStart] = c.labelRange.start;
    clauseRows[row + C.labelEnd] = c.labelRange.end;
    clauseRows[row + C.summaryEnd] = summaryEnd;
  });

  const references = new Int32Array(analysis.clauseReferences.length * R.width);
  analysis.clauseReferences.forEach(({ reference, resolution }, i) => {
    const row = i * R.width;
    references[row + R.text] = str(reference.text);
    references[row + R.start] = reference.range.start;
    references[row + R.end] = reference.range.end;
    references[row + R.from] = clauseOfOffset(reference.range.start);
    references[row + R.target] = resolution.status === 'resolved' ? resolution.target : NONE;
    references[row + R.external] = str(reference.external?.instrument);
  });

  const dates = new Int32Array(analysis.dates.length * T.width);
  analysis.dates.forEach((d, i) => {
    const row = i * T.width;
    dates[row + T.text] = str(d.text);
    dates[row + T.value] = str(d.value);
    dates[row + T.start] = d.range.start;
    dates[row + T.end] = d.range.end;
  });

  const uses = definedTermUses(analysis);
  const termUses = new Int32Array(uses.length * U.width);
  uses.forEach((use, i) => {
    const row = i * U.width;
    termUses[row + U.term] = str(use.term);
    termUses[row + U.start] = use.range.start;
    termUses[row + U.end] = use.range.end;
    termUses[row + U.isDefinition] = use.isDefinition ? 1 : 0;
  });

  const groups = (count: number, key: (row: number) => string): Int32Array => {
    const byKey = new Map<string, number[]>();
    for (let row = 0; row < count; row++) {
      const k = key(row);
      const list = byKey.get(k);
      if (list) list.push(row);
      else byKey.set(k, [row]);
    }
    const out: number[] = [];
    for (const [k, rows] of byKey) {
      out.push(str(k), rows.length);
      for (const row of rows) out.push(row);
    }
    return Int32Array.from(out);
  };
  const mentionGroups = groups(analysis.entities.length, (i) => analysis.entities[i]!.id);
  const termGroups = groups(analysis.definitions.length, (i) => matchKey(analysis.definitions[i]!.term));
  const expansionGroups = groups(analysis.definitions.length, (i) => matchKey(analysis.definitions[i]!.expansion));

  const lineStarts = new Uint32Array(lines.lineCount);
  for (let line = 0; line < lines.lineCount; line++) lineStarts[line] = lines.lineStart(line);
  const firstLine = /\S[^\r\n]*/.exec(analysis.text);
  const titleStart = firstLine?.index ?? 0;
  const title = (firstLine?.[0] ?? '').trimEnd();
  const titleString = str(title.slice(0, 200));
  const stringEnds = new Int32Array(strings.length);
  let end = 0;
  strings.forEach((value, k) => (stringEnds[k] = end += value.length));
  return {
    version: analysis.version,
    textLength: analysis.text.length,
    lineStarts,
    strings: strings.join(''),
    stringEnds,
    title: titleString,
    titleStart,
    titleEnd: titleStart + title.length,
    mentions,
    definitions,
    clauses: clauseRows,
    // Joined, the summaries are one flat string rather than one string (and header) per clause.
    summaries: summaries.join(''),
    references,
    dates,
    termUses,
    mentionGroups,
    termGroups,
    expansionGroups,
  };
}

/** A document's entry: its compact data, and the records made from it on demand. */
export class IndexedDocumentEntry implements IndexedDocument {
  constructor(
    readonly uri: string,
    readonly data: IndexEntryData,
  ) {}

  get version(): number {
    return this.data.version;
  }

  get title(): string {
    return this.string(this.data.title) ?? '';
  }

  get titleRange(): PositionRange {
    return this.range(this.data.titleStart, this.data.titleEnd);
  }

  get mentionCount(): number {
    return this.data.mentions.length / M.width;
  }

  get definitionCount(): number {
    return this.data.definitions.length / D.width;
  }

  get clauseCount(): number {
    return this.data.clauses.length / C.width;
  }

  get referenceCount(): number {
    return this.data.references.length / R.width;
  }

  get dates(): IndexedDate[] {
    const rows = this.data.dates;
    return Array.from({ length: rows.length / T.width }, (_, i) => {
      const row = i * T.width;
      return {
        uri: this.uri,
        text: this.string(rows[row + T.text]!)!,
        value: this.string(rows[row + T.value]!),
        range: this.range(rows[row + T.start]!, rows[row + T.end]!),
      };
    });
  }

  get termUses(): IndexedTermUse[] {
    const rows = this.data.termUses;
    return Array.from({ length: rows.length / U.width }, (_, i) => {
      const row = i * U.width;
      return {
        uri: this.uri,
        term: this.string(rows[row + U.term]!)!,
        range: this.range(rows[row + U.start]!, rows[row + U.end]!),
        isDefinition: rows[row + U.isDefinition] === 1,
      };
    });
  }

  get mentions(): IndexedMention[] {
    return Array.from({ length: this.mentionCount }, (_, i) => this.mention(i));
  }

  get definitions(): IndexedDefinition[] {
    return Array.from({ length: this.definitionCount }, (_, i) => this.definition(i));
  }

  get clauses(): IndexedClause[] {
    return Array.from({ length: this.clauseCount }, (_, i) => this.clause(i)!);
  }

  get clauseReferences(): IndexedClauseReference[] {
    return Array.from({ length: this.referenceCount }, (_, i) => this.reference(i));
  }

  /** The groups of `groups` (one of the data's `…Groups`): each key with its rows. */
  *groupsOf(groups: Int32Array): Generator<[string, Int32Array]> {
    for (let at = 0; at + 1 < groups.length;) {
      const key = this.string(groups[at]!)!;
      const count = groups[at + 1]!;
      yield [key, groups.subarray(at + 2, at + 2 + count)];
      at += 2 + count;
    }
  }

  mention(i: number): IndexedMention {
    const rows = this.data.mentions;
    const row = i * M.width;
    const clause = rows[row + M.clause]!;
    return {
      uri: this.uri,
      id: this.string(rows[row + M.id]!)!,
      kind: this.string(rows[row + M.kind]!) as NamedEntityKind,
      text: this.string(rows[row + M.text]!)!,
      range: this.range(rows[row + M.start]!, rows[row + M.end]!),
      clause: clause === NONE ? undefined : clause,
    };
  }

  definition(i: number): IndexedDefinition {
    const rows = this.data.definitions;
    const row = i * D.width;
    return {
      uri: this.uri,
      term: this.string(rows[row + D.term]!)!,
      expansion: this.string(rows[row + D.expansion]!)!,
      form: this.string(rows[row + D.form]!) as Definition['form'],
      termRange: this.range(rows[row + D.termStart]!, rows[row + D.termEnd]!),
      expansionRange: this.range(rows[row + D.expansionStart]!, rows[row + D.expansionEnd]!),
    };
  }

  /** Clause `i` of the document (its position in `structure.clauses`), undefined past the end. */
  clause(i: number): IndexedClause | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.clauseCount) return undefined;
    const rows = this.data.clauses;
    const row = i * C.width;
    const parent = rows[row + C.parent]!;
    const summaryStart = i === 0 ? 0 : rows[row - C.width + C.summaryEnd]!;
    return {
      uri: this.uri,
      index: rows[row + C.index]!,
      label: this.string(rows[row + C.label]!)!,
      normalizedNumber: this.string(rows[row + C.normalizedNumber]!)!,
      heading: this.string(rows[row + C.heading]!),
      summary: this.data.summaries.slice(summaryStart, rows[row + C.summaryEnd]!),
      level: rows[row + C.level]!,
      parent: parent === NONE ? undefined : parent,
      range: this.range(rows[row + C.start]!, rows[row + C.end]!),
      labelRange: this.range(rows[row + C.labelStart]!, rows[row + C.labelEnd]!),
    };
  }

  reference(i: number): IndexedClauseReference {
    const rows = this.data.references;
    const row = i * R.width;
    const from = rows[row + R.from]!;
    const target = rows[row + R.target]!;
    return {
      uri: this.uri,
      text: this.string(rows[row + R.text]!)!,
      range: this.range(rows[row + R.start]!, rows[row + R.end]!),
      from: from === NONE ? undefined : from,
      target: target === NONE ? undefined : target,
      external: this.string(rows[row + R.external]!),
    };
  }

  /** The position of an offset of the analysed text, clamped to it, as `LineIndex` gives it. */
  positionAt(offset: number): LinePosition {
    const { lineStarts, textLength } = this.data;
    const clamped = Math.max(0, Math.min(offset, textLength));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (lineStarts[low] ?? 0) };
  }

  private range(start: number, end: number): PositionRange {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  private string(k: number): string | undefined {
    if (k === NONE) return undefined;
    const { strings, stringEnds } = this.data;
    return strings.slice(k === 0 ? 0 : stringEnds[k - 1], stringEnds[k]);
  }
}

/** What features may ask of the workspace; `WorkspaceIndex` is the implementation. */
export interface WorkspaceView {
  uris(): string[];
  get(uri: string): IndexedDocument | undefined;
  mentionsOf(id: string): IndexedMention[];
  documentCountOf(id: string): number;
  definitionsOf(term: string): IndexedDefinition[];
  clausesOf(uri: string): readonly IndexedClause[];
  /** One clause of a document, without making the records of all of them. */
  clauseOf?(uri: string, index: number): IndexedClause | undefined;
  /** How many mentions of an entity the workspace has, without making their records. */
  mentionCountOf?(id: string): number;
  /** Every definition whose expansion is `expansion` (widths and spaces ignored), in every document. */
  definitionsWithExpansion?(expansion: string): IndexedDefinition[];
  /** The ids of every entity mentioned in the workspace. */
  entityIds?(): string[];
  /** Every definition of the workspace, documents in URI order. */
  allDefinitions?(): IndexedDefinition[];
}

export class WorkspaceIndex implements WorkspaceView {
  private readonly documents = new Map<string, IndexedDocumentEntry>();
  /** id → uri → the rows of that document's mentions of it. */
  private readonly mentionsById = new Map<string, Map<string, Int32Array>>();
  /** normalised term → uri → the rows of that document's definitions of it. */
  private readonly definitionsByTerm = new Map<string, Map<string, Int32Array>>();
  /** normalised expansion → uri → the rows of that document's definitions with it. */
  private readonly definitionsByExpansion = new Map<string, Map<string, Int32Array>>();
  /** The URIs in order, kept until a document comes or goes. */
  private sortedUris: string[] | undefined;

  get size(): number {
    return this.documents.size;
  }

  /**
   * Adds or replaces a document's entry. Returns the questions whose answers may have
   * changed (see `questionsOf`), so that whoever cached answers knows what to check.
   */
  set(compact: IndexedDocumentEntry): string[] {
    const before = this.documents.get(compact.uri);
    this.remove(compact.uri);
    if (!before) this.sortedUris = undefined;
    this.documents.set(compact.uri, compact);
    const { mentionGroups, termGroups, expansionGroups } = compact.data;
    for (const [id, rows] of compact.groupsOf(mentionGroups)) addTo(this.mentionsById, id, compact.uri, rows);
    for (const [term, rows] of compact.groupsOf(termGroups)) addTo(this.definitionsByTerm, term, compact.uri, rows);
    for (const [expansion, rows] of compact.groupsOf(expansionGroups))
      addTo(this.definitionsByExpansion, expansion, compact.uri, rows);
    return questionsOf(compact.uri, before, compact, !before);
  }

  /** Removes a document; returns the questions whose answers may have changed, empty when it was not there. */
  delete(uri: string): boolean {
    return this.deleteReturningQuestions(uri).length > 0;
  }

  deleteReturningQuestions(uri: string): string[] {
    const old = this.remove(uri);
    if (!old) return [];
    this.documents.delete(uri);
    this.sortedUris = undefined;
    return questionsOf(uri, old, undefined, true);
  }

  private remove(uri: string): IndexedDocumentEntry | undefined {
    const old = this.documents.get(uri);
    if (!old) return undefined;
    for (const [id] of old.groupsOf(old.data.mentionGroups)) removeFrom(this.mentionsById, id, uri);
    for (const [term] of old.groupsOf(old.data.termGroups)) removeFrom(this.definitionsByTerm, term, uri);
    for (const [expansion] of old.groupsOf(old.data.expansionGroups))
      removeFrom(this.definitionsByExpansion, expansion, uri);
    return old;
  }

  get(uri: string): IndexedDocumentEntry | undefined {
    return this.documents.get(uri);
  }

  uris(): string[] {
    this.sortedUris ??= Object.freeze([...this.documents.keys()].sort()) as string[];
    return this.sortedUris;
  }

  /** Every mention of an entity, in every document, documents in URI order. */
  mentionsOf(id: string): IndexedMention[] {
    return this.collect(this.mentionsById.get(id), (entry, row) => entry.mention(row));
  }

  mentionCountOf(id: string): number {
    let count = 0;
    for (const rows of this.mentionsById.get(id)?.values() ?? []) count += rows.length;
    return count;
  }

  /** How many documents mention an entity: its rarity, for ranking related clauses. */
  documentCountOf(id: string): number {
    return this.mentionsById.get(id)?.size ?? 0;
  }

  /** Every definition of a term (widths and spaces ignored), in every document. */
  definitionsOf(term: string): IndexedDefinition[] {
    return this.collect(this.definitionsByTerm.get(matchKey(term)), (entry, row) => entry.definition(row));
  }

  definitionsWithExpansion(expansion: string): IndexedDefinition[] {
    return this.collect(this.definitionsByExpansion.get(matchKey(expansion)), (entry, row) => entry.definition(row));
  }

  entityIds(): string[] {
    return [...this.mentionsById.keys()];
  }

  allDefinitions(): IndexedDefinition[] {
    return this.uris().flatMap((uri) => this.documents.get(uri)!.definitions);
  }

  clausesOf(uri: string): readonly IndexedClause[] {
    return this.documents.get(uri)?.clauses ?? [];
  }

  clauseOf(uri: string, index: number): IndexedClause | undefined {
    return this.documents.get(uri)?.clause(index);
  }

  private collect<T>(
    byUri: Map<string, Int32Array> | undefined,
    make: (entry: IndexedDocumentEntry, row: number) => T,
  ): T[] {
    if (!byUri) return [];
    const out: T[] = [];
    for (const uri of [...byUri.keys()].sort()) {
      const entry = this.documents.get(uri);
      if (entry) for (const row of byUri.get(uri)!) out.push(make(entry, row));
    }
    return out;
  }
}

/**
 * The questions (keys) a change of one document's entry may change the answer of:
 * `uris` when it comes or goes, `get:<uri>` and `clauses:<uri>` for the document itself,
 * `mentions:<id>` and `count:<id>` for every entity it mentions (before or after), and
 * `defs:<term>` for every term it defines (normalised by `matchKey`).
 */
export function questionsOf(
  uri: string,
  before: IndexedDocumentEntry | undefined,
  after: IndexedDocumentEntry | undefined,
  membershipChanged: boolean,
): string[] {
  const keys = new Set<string>([`get:${uri}`, `clauses:${uri}`]);
  if (membershipChanged) keys.add('uris');
  for (const entry of [before, after]) {
    if (!entry) continue;
    for (const [id] of entry.groupsOf(entry.data.mentionGroups)) {
      keys.add(`mentions:${id}`);
      keys.add(`count:${id}`);
    }
    for (const [term] of entry.groupsOf(entry.data.termGroups)) keys.add(`defs:${term}`);
  }
  return [...keys];
}

function addTo(map: Map<string, Map<string, Int32Array>>, key: string, uri: string, rows: Int32Array): void {
  let byUri = map.get(key);
  if (!byUri) map.set(key, (byUri = new Map()));
  byUri.set(uri, rows);
}

function removeFrom(map: Map<string, Map<string, Int32Array>>, key: string, uri: string): void {
  const byUri = map.get(key);
  if (!byUri) return;
  byUri.delete(uri);
  if (byUri.size === 0) map.delete(key);
}
