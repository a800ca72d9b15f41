/**
 * "Go to related clause": for a clause of the document at hand, the clauses of the
 * workspace (this document included) that are about the same things.
 *
 * A candidate is related by
 * - a reference: a clause of this document that refers to the clause (or into it), or that
 *   the clause refers to — clause references resolve within one document only;
 * - shared entities: a clause (of any document) that mentions an agency, program or
 *   instrument with the same id as a mention in the clause.
 *
 * Units. A mention belongs to its innermost clause, and a candidate is only ever credited
 * with the mentions written directly in it: a heading section (`訪越に際して署名・交換された文書`)
 * is a candidate through its own heading line, never through its children, so a section and
 * its child never both appear for the same mention — the child, being more precise, does.
 * The clause at hand, on the other hand, is taken whole: the mentions and references of its
 * descendants count as its own (an article is about what its paragraphs say). Text outside
 * every clause (a preamble, or an unnumbered news article) is split into its paragraphs — a
 * line, as those texts write one paragraph a line — which are candidates with clause index
 * `-1`. The clause itself, its ancestors and its descendants are never candidates.
 *
 * Ranking. Each shared id contributes `idf(id) × specificity(id)`:
 * - `idf = ln(1 + (N − df + 0.5) / (df + 0.5))` with N the number of documents and df the
 *   number that mention the id: the smoothed inverse document frequency of BM25 (Robertson–
 *   Spärck Jones). It is always positive, 1.39 for an id in 1 of 5 documents, 0.88 in 2, and
 *   0.09 in all 5: sharing a program no other document names says far more than sharing
 *   ASEAN, which every document names.
 * - `specificity`: programs and instruments 1.25 (a named project or agreement is a subject),
 *   agencies 1.0 (an agency is a party to many subjects), umbrella organisations — a registry
 *   agency of country ASEAN, UN, INT or EU with no parent — 0.6 (ASEAN, the UN: context rather
 *   than subject, even in a small workspace where idf cannot tell yet). An id the registry does
 *   not know (`acronym:MOC`, `name:…`) is only as sure as the document that derived it: 1.0
 *   within the same document, 0.5 across documents, where the same acronym may name another
 *   memorandum.
 * Sharing is counted once per id whatever the number of mentions: clauses are short, and a
 * name repeated in one paragraph is not more shared for it.
 * A reference is worth `REFERENCE_WEIGHT` per direction (refers to this clause / referred to
 * by it), and candidates with a reference are ranked before every candidate without one: a
 * direct reference beats any number of shared entities. Ties go to the current document,
 * then document order.
 */
import type { AnalysedDocument } from '../analysis';
import type { Registry } from '../registry/registry';
import { clauseAtOffset as clauseAtOffsetIn } from '../resolve/clauseReferenceTargets';
import type { Clause } from '../structure/clauseStructure';
import type { NamedEntityKind } from '../types';
import type { IndexedClause, PositionRange, WorkspaceView } from '../workspace/workspaceIndex';
import type { DocumentLocation, FeatureContext, Locale } from './featureContext';

export interface RelatedClause {
  /** The related clause's label, or its heading line for an unnumbered division; the first shared mention for a paragraph outside clauses. */
  readonly location: DocumentLocation;
  readonly uri: string;
  /** Index of the clause in its document, or -1 for a paragraph outside every clause. */
  readonly clauseIndex: number;
  readonly label: string;
  /** The clause's display name (label and heading or first words). */
  readonly title: string;
  readonly score: number;
  /** Why it is related, one line each, in the context's language; at most three. */
  readonly reasons: readonly string[];
  /** The beginning of the clause: its heading or first words; the document title for a paragraph. */
  readonly preview: string;
}

/** How many related clauses are listed at most; counts are capped at the same number. */
export const RELATED_CLAUSES_LIMIT = 20;
/** What one direction of reference is worth (see the ranking above). */
export const REFERENCE_WEIGHT = 10;
const MAX_REASONS = 3;
const MAX_TITLE_LENGTH = 60;
const MAX_ENTITY_NAME_LENGTH = 30;
/** Registry countries of organisation-level bodies whose names are context more than subject. */
const UMBRELLA_COUNTRIES = new Set(['ASEAN', 'UN', 'INT', 'EU']);
/** A bound on the postings visited by `relatedClauseCounts`, whatever the workspace. */
const COUNT_WORK_BUDGET = 2_000_000;

/** The innermost clause of the document whose range contains `offset`. */
export function clauseAtOffset(document: AnalysedDocument, offset: number): number | undefined {
  if (!Number.isFinite(offset)) return undefined;
  return clauseAtOffsetIn(document.structure, offset);
}

/** A candidate: a clause of some document, or a paragraph (line) outside every clause. */
interface Unit {
  readonly key: string;
  readonly uri: string;
  readonly clause: number;
  readonly line: number;
}

/** A mention as both the analysis and the index can give it. */
interface Posting {
  readonly unit: Unit;
  readonly text: string;
  readonly range: PositionRange;
}

function clauseUnit(uri: string, clause: number): Unit {
  return { key: `${uri}\u0000${clause}`, uri, clause, line: -1 };
}

function lineUnit(uri: string, line: number): Unit {
  return { key: `${uri}\u0000L${line}`, uri, clause: -1, line };
}

/**
 * What both features need from the document at hand, read once: the clause of each mention
 * and reference, and where each clause's subtree ends (descendants follow their ancestor in
 * document order, so a subtree is an index interval).
 */
interface DocumentFacts {
  readonly document: AnalysedDocument;
  /** For each clause, the index of its last descendant (itself when it has none). */
  readonly subtreeEnd: Int32Array;
  /** Distinct ids mentioned directly in each clause (innermost), with a mention text. */
  readonly idsByClause: Map<number, Map<string, string>>;
  /** Each mention of the document, with its unit. */
  readonly postings: Map<string, Posting[]>;
  readonly references: readonly ReferenceEdge[];
}

interface ReferenceEdge {
  readonly text: string;
  readonly from: Unit;
  /** The clause the reference is written in, when it is in one. */
  readonly fromClause: number | undefined;
  readonly targets: readonly number[];
  readonly range: PositionRange;
}

function documentFacts(document: AnalysedDocument): DocumentFacts {
  const { clauses } = document.structure;
  const subtreeEnd = new Int32Array(clauses.length);
  for (let i = clauses.length - 1; i >= 0; i--) {
    const c = clauses[i]!;
    subtreeEnd[i] = Math.max(subtreeEnd[i] ?? 0, i);
    if (c.parent !== undefined && c.parent >= 0 && c.parent < clauses.length)
      subtreeEnd[c.parent] = Math.max(subtreeEnd[c.parent] ?? 0, subtreeEnd[i]!);
  }
  const uri = document.uri;
  const range = (r: { start: number; end: number }): PositionRange => ({
    start: document.lines.positionAt(r.start),
    end: document.lines.positionAt(r.end),
  });
  const unitAt = (offset: number): { unit: Unit; clause: number | undefined } => {
    const clause = clauseAtOffsetIn(document.structure, offset);
    return clause === undefined
      ? { unit: lineUnit(uri, document.lines.positionAt(offset).line), clause }
      : { unit: clauseUnit(uri, clause), clause };
  };
  const idsByClause = new Map<number, Map<string, string>>();
  const postings = new Map<string, Posting[]>();
  for (const m of document.entities) {
    const { unit, clause } = unitAt(m.range.start);
    if (clause !== undefined) {
      let ids = idsByClause.get(clause);
      if (!ids) idsByClause.set(clause, (ids = new Map()));
      if (!ids.has(m.id)) ids.set(m.id, m.text);
    }
    const list = postings.get(m.id);
    const posting = { unit, text: m.text, range: range(m.range) };
    if (list) list.push(posting);
    else postings.set(m.id, [posting]);
  }
  const references: ReferenceEdge[] = [];
  for (const { reference, resolution } of document.clauseReferences) {
    const targets: number[] = [];
    if (resolution.status === 'resolved') {
      targets.push(resolution.target);
      const through = resolution.throughTarget;
      if (through !== undefined && through > resolution.target) {
        const parent = clauses[resolution.target]?.parent;
        for (let i = resolution.target + 1; i <= through && i < clauses.length; i++)
          if (clauses[i]!.parent === parent) targets.push(i);
      }
    } else if (resolution.status === 'implicit-paragraph' && resolution.article >= 0) {
      targets.push(resolution.article);
    }
    if (targets.length === 0) continue;
    const { unit, clause } = unitAt(reference.range.start);
    references.push({ text: reference.text, from: unit, fromClause: clause, targets, range: range(reference.range) });
  }
  return { document, subtreeEnd, idsByClause, postings, references };
}

/** Is `other` the clause, one of its descendants or one of its ancestors? */
function isKin(facts: DocumentFacts, clause: number, other: number): boolean {
  const end = facts.subtreeEnd;
  return (other >= clause && other <= (end[clause] ?? clause)) || (other < clause && (end[other] ?? other) >= clause);
}

/** Excluded units: the clause's own lineage, in the document at hand. */
function excluded(facts: DocumentFacts, clause: number, unit: Unit): boolean {
  return unit.uri === facts.document.uri && unit.clause >= 0 && isKin(facts, clause, unit.clause);
}

/** The workspace's documents other than the one at hand, whose fresh analysis replaces its entry. */
function otherDocuments(workspace: WorkspaceView, uri: string): string[] {
  return workspace.uris().filter((u) => u !== uri);
}

/** Postings of an id in the other documents of the workspace. */
function workspacePostings(workspace: WorkspaceView, uri: string, id: string): Posting[] {
  return workspace
    .mentionsOf(id)
    .filter((m) => m.uri !== uri)
    .map((m) => ({
      unit: m.clause === undefined ? lineUnit(m.uri, m.range.start.line) : clauseUnit(m.uri, m.clause),
      text: m.text,
      range: m.range,
    }));
}

interface Scorer {
  readonly documentCount: number;
  documentFrequency(id: string): number;
  weight(id: string, sameDocument: boolean): number;
}

function scorer(context: FeatureContext, facts: DocumentFacts): Scorer {
  const { workspace, registry } = context;
  const uri = facts.document.uri;
  const inWorkspace = workspace.get(uri) !== undefined;
  const documentCount = otherDocuments(workspace, uri).length + 1;
  const cache = new Map<string, number>();
  const documentFrequency = (id: string): number => {
    let df = cache.get(id);
    if (df !== undefined) return df;
    // The index may hold an older version of this document: count it by its fresh analysis.
    const stale = inWorkspace && workspace.mentionsOf(id).some((m) => m.uri === uri) ? 1 : 0;
    const fresh = facts.postings.has(id) ? 1 : 0;
    df = Math.max(1, workspace.documentCountOf(id) - stale + fresh);
    cache.set(id, df);
    return df;
  };
  return {
    documentCount,
    documentFrequency,
    weight(id, sameDocument) {
      const n = documentCount;
      const df = Math.min(documentFrequency(id), n);
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      return idf * specificity(registry, id, sameDocument);
    },
  };
}

function specificity(registry: Registry, id: string, sameDocument: boolean): number {
  const entry = registry.get(id);
  if (!entry) return sameDocument ? 1 : 0.5;
  if (entry.kind !== 'agency') return 1.25;
  return UMBRELLA_COUNTRIES.has(entry.country) && entry.parent === undefined ? 0.6 : 1;
}

interface Candidate {
  readonly unit: Unit;
  /** References written in the candidate that point into the clause. */
  readonly incoming: ReferenceEdge[];
  /** References of the clause that point at the candidate. */
  readonly outgoing: ReferenceEdge[];
  /** Shared id → the candidate's first mention of it. */
  readonly shared: Map<string, Posting>;
}

/**
 * Related clauses of the clause at `clauseIndex` of the context's document, best first, at
 * most `RELATED_CLAUSES_LIMIT`. Empty for an index that is not a clause.
 */
export function relatedClauses(context: FeatureContext, clauseIndex: number): RelatedClause[] {
  const document = context.document;
  const clause = document.structure.clauses[clauseIndex];
  if (!clause || !Number.isInteger(clauseIndex)) return [];
  const facts = documentFacts(document);
  const end = facts.subtreeEnd[clauseIndex] ?? clauseIndex;
  const inSubtree = (c: number | undefined) => c !== undefined && c >= clauseIndex && c <= end;

  const candidates = new Map<string, Candidate>();
  const candidate = (unit: Unit): Candidate => {
    let c = candidates.get(unit.key);
    if (!c) candidates.set(unit.key, (c = { unit, incoming: [], outgoing: [], shared: new Map() }));
    return c;
  };

  // References, both ways.
  for (const edge of facts.references) {
    const fromInside = inSubtree(edge.fromClause);
    if (!fromInside && edge.targets.some(inSubtree) && !excluded(facts, clauseIndex, edge.from))
      candidate(edge.from).incoming.push(edge);
    if (fromInside)
      for (const target of edge.targets)
        if (!isKin(facts, clauseIndex, target)) candidate(clauseUnit(document.uri, target)).outgoing.push(edge);
  }

  // Shared entities: the ids of the clause's subtree, and every other unit that mentions them.
  const ownIds = new Map<string, string>();
  for (let c = clauseIndex; c <= end; c++)
    for (const [id, text] of facts.idsByClause.get(c) ?? []) if (!ownIds.has(id)) ownIds.set(id, text);
  const kinds = new Map<string, NamedEntityKind>();
  for (const m of document.entities) if (!kinds.has(m.id)) kinds.set(m.id, m.kind);
  for (const id of ownIds.keys()) {
    const postings = [...(facts.postings.get(id) ?? []), ...workspacePostings(context.workspace, document.uri, id)];
    for (const posting of postings) {
      if (excluded(facts, clauseIndex, posting.unit)) continue;
      const c = candidate(posting.unit);
      if (!c.shared.has(id)) c.shared.set(id, posting);
    }
  }

  const score = scorer(context, facts);
  const ranked = [...candidates.values()].map((c) => {
    const sameDocument = c.unit.uri === document.uri;
    const sharedScores = [...c.shared.keys()]
      .map((id) => ({ id, weight: score.weight(id, sameDocument) }))
      .sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
    const referenceScore =
      (c.incoming.length > 0 ? REFERENCE_WEIGHT : 0) + (c.outgoing.length > 0 ? REFERENCE_WEIGHT : 0);
    const total = referenceScore + sharedScores.reduce((sum, s) => sum + s.weight, 0);
    return { c, sharedScores, referenceScore, total, sameDocument };
  });
  ranked.sort(
    (a, b) =>
      Number(b.referenceScore > 0) - Number(a.referenceScore > 0) ||
      b.total - a.total ||
      Number(b.sameDocument) - Number(a.sameDocument) ||
      (a.c.unit.uri < b.c.unit.uri ? -1 : a.c.unit.uri > b.c.unit.uri ? 1 : 0) ||
      a.c.unit.clause - b.c.unit.clause ||
      a.c.unit.line - b.c.unit.line,
  );

  return ranked.slice(0, RELATED_CLAUSES_LIMIT).map(({ c, sharedScores, total }) => {
    const reasons: string[] = [];
    const words = REASONS[context.locale];
    if (c.incoming.length > 0) reasons.push(words.incoming(distinctTexts(c.incoming)));
    if (c.outgoing.length > 0) reasons.push(words.outgoing(distinctTexts(c.outgoing)));
    for (const { id } of sharedScores) {
      if (reasons.length >= MAX_REASONS) break;
      const entry = context.registry.get(id);
      const kind = entry?.kind ?? kinds.get(id) ?? 'agency';
      const name = entityName(context.registry, id, context.locale, ownIds.get(id) ?? c.shared.get(id)?.text ?? id);
      reasons.push(words.shared(name, kind, score.documentFrequency(id)));
    }
    const firstRange = c.shared.values().next().value?.range ?? c.incoming[0]?.range;
    return {
      ...describeUnit(context, c.unit, firstRange),
      uri: c.unit.uri,
      clauseIndex: c.unit.clause,
      score: Math.round(total * 1000) / 1000,
      reasons: reasons.slice(0, MAX_REASONS),
    };
  });
}

/**
 * For each clause of the context's document, how many related clauses it has (capped at
 * `RELATED_CLAUSES_LIMIT`: a count at the cap means "at least"), for a code lens on every
 * clause heading. Clauses with none are left out. One pass over the document's mentions and
 * the postings of its ids; per clause, the union stops as soon as it reaches the cap, and the
 * whole is bounded by a work budget, so a big statute stays cheap.
 */
export function relatedClauseCounts(context: FeatureContext): Map<number, number> {
  const counts = new Map<number, number>();
  const document = context.document;
  const clauses = document.structure.clauses;
  if (clauses.length === 0) return counts;
  const facts = documentFacts(document);

  // Postings as distinct unit keys per id, this document fresh, the others from the index.
  const unitsById = new Map<string, Unit[]>();
  for (const [id, postings] of facts.postings) {
    const seen = new Map<string, Unit>();
    for (const p of [...postings, ...workspacePostings(context.workspace, document.uri, id)])
      if (!seen.has(p.unit.key)) seen.set(p.unit.key, p.unit);
    unitsById.set(id, [...seen.values()]);
  }
  // References by the clause they are written in and by their targets.
  const outgoingByClause = new Map<number, number[]>();
  const incomingByTarget = new Map<number, Unit[]>();
  for (const edge of facts.references) {
    if (edge.fromClause !== undefined) {
      const list = outgoingByClause.get(edge.fromClause) ?? [];
      for (const target of edge.targets) list.push(target);
      outgoingByClause.set(edge.fromClause, list);
    }
    for (const target of edge.targets) {
      const list = incomingByTarget.get(target) ?? [];
      list.push(edge.from);
      incomingByTarget.set(target, list);
    }
  }

  let budget = COUNT_WORK_BUDGET;
  for (let clause = 0; clause < clauses.length && budget > 0; clause++) {
    const end = facts.subtreeEnd[clause] ?? clause;
    const related = new Set<string>();
    const add = (unit: Unit): boolean => {
      budget--;
      if (!excluded(facts, clause, unit)) related.add(unit.key);
      return related.size >= RELATED_CLAUSES_LIMIT || budget <= 0;
    };
    const seenIds = new Set<string>();
    outer: for (let c = clause; c <= end; c++) {
      for (const target of outgoingByClause.get(c) ?? []) if (add(clauseUnit(document.uri, target))) break outer;
      for (const from of incomingByTarget.get(c) ?? []) if (add(from)) break outer;
      for (const id of facts.idsByClause.get(c)?.keys() ?? []) {
        if (seenIds.has(id)) continue;
        seenIds.add(id);
        for (const unit of unitsById.get(id) ?? []) if (add(unit)) break outer;
      }
    }
    if (related.size > 0) counts.set(clause, Math.min(related.size, RELATED_CLAUSES_LIMIT));
  }
  return counts;
}

function distinctTexts(edges: readonly ReferenceEdge[]): string {
  return [...new Set(edges.map((e) => e.text))].slice(0, 3).join(', ');
}

/** How an entity is named in a reason: its acronym, else its name in the user's language, else as written. */
function entityName(registry: Registry, id: string, locale: Locale, written: string): string {
  const entry = registry.get(id);
  const name = entry
    ? (entry.acronyms?.[0] ?? entry.names[locale][0] ?? entry.names[locale === 'ja' ? 'en' : 'ja'][0] ?? written)
    : written;
  return name.length > MAX_ENTITY_NAME_LENGTH ? `${name.slice(0, MAX_ENTITY_NAME_LENGTH)}…` : name;
}

const KIND_WORDS: Record<Locale, Record<NamedEntityKind, string>> = {
  en: { agency: 'agency', program: 'program', instrument: 'instrument' },
  ja: { agency: '機関', program: '事業', instrument: '文書' },
};

const REASONS: Record<
  Locale,
  {
    incoming(texts: string): string;
    outgoing(texts: string): string;
    shared(name: string, kind: NamedEntityKind, documents: number): string;
  }
> = {
  en: {
    incoming: (texts) => `refers to this clause (${texts})`,
    outgoing: (texts) => `this clause refers to it (${texts})`,
    shared: (name, kind, documents) =>
      `shares ${name} (${KIND_WORDS.en[kind]}, in ${documents} document${documents === 1 ? '' : 's'})`,
  },
  ja: {
    incoming: (texts) => `この条項を参照（${texts}）`,
    outgoing: (texts) => `この条項から参照（${texts}）`,
    shared: (name, kind, documents) => `${name}を共有（${KIND_WORDS.ja[kind]}、${documents}文書で言及）`,
  },
};

/** The name of an indexed clause as an outline shows it (the rule of `clauseDisplayName`). */
function displayName(clause: Pick<Clause, 'label' | 'heading' | 'summary'>): string {
  const title = clause.heading ?? clause.summary;
  const name = clause.label ? (title ? `${clause.label} ${title}` : clause.label) : title;
  return name.length > MAX_TITLE_LENGTH ? `${name.slice(0, MAX_TITLE_LENGTH)}…` : name || '(untitled)';
}

function describeUnit(
  context: FeatureContext,
  unit: Unit,
  fallback: PositionRange | undefined,
): Pick<RelatedClause, 'location' | 'label' | 'title' | 'preview'> {
  const document = context.document;
  const origin = { line: Math.max(0, unit.line), character: 0 };
  if (unit.uri === document.uri) {
    const clause = unit.clause >= 0 ? document.structure.clauses[unit.clause] : undefined;
    if (clause) {
      const selection = clause.label ? clause.labelRange : (clause.headingRange ?? clause.labelRange);
      return {
        location: {
          uri: unit.uri,
          range: { start: document.lines.positionAt(selection.start), end: document.lines.positionAt(selection.end) },
        },
        label: clause.label,
        title: displayName(clause),
        preview: previewOf(clause),
      };
    }
    const title = /\S[^\r\n]*/.exec(document.text)?.[0]?.trim() ?? '';
    return paragraph(context.locale, unit, fallback ?? { start: origin, end: origin }, title);
  }
  const workspace = context.workspace;
  const clause: IndexedClause | undefined =
    unit.clause < 0
      ? undefined
      : workspace.clauseOf
        ? workspace.clauseOf(unit.uri, unit.clause)
        : workspace.get(unit.uri)?.clauses[unit.clause];
  if (clause)
    return {
      location: { uri: unit.uri, range: clause.labelRange },
      label: clause.label,
      title: displayName(clause),
      preview: previewOf(clause),
    };
  const title = workspace.get(unit.uri)?.title ?? '';
  return paragraph(context.locale, unit, fallback ?? { start: origin, end: origin }, title);
}

function paragraph(
  locale: Locale,
  unit: Unit,
  range: PositionRange,
  documentTitle: string,
): Pick<RelatedClause, 'location' | 'label' | 'title' | 'preview'> {
  const line = unit.line + 1;
  return {
    location: { uri: unit.uri, range },
    label: '',
    title: locale === 'ja' ? `${line}行目の段落` : `paragraph at line ${line}`,
    preview: documentTitle.length > MAX_TITLE_LENGTH ? `${documentTitle.slice(0, MAX_TITLE_LENGTH)}…` : documentTitle,
  };
}

function previewOf(clause: Pick<Clause, 'heading' | 'summary'>): string {
  const heading = clause.heading?.trim();
  const summary = clause.summary.trim();
  if (heading && summary && !summary.startsWith(heading)) return `${heading} — ${summary}`;
  return heading || summary;
}
