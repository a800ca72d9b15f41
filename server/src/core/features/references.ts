/**
 * Find all references and document highlights, from what `navigationTargetAt` finds at the
 * cursor:
 *
 * - an agency, program or instrument → every mention with the same id in every document
 *   (this document from its analysis, the others from the workspace index); the mentions
 *   that are a definition's term or expansion are the declarations;
 * - a defined term that names no entity (両者, MOC, "the Participants") → its uses in this
 *   document, and the definitions of the same term in other documents. The workspace index
 *   keeps no text, so uses in other documents cannot be found from it; only their
 *   definitions are known (rename, which is given the texts, finds the uses);
 * - a clause label or a clause reference → every reference in this document that resolves
 *   to the clause (the label itself is the declaration). References only resolve within
 *   their own document.
 */
import type { AnalysedDocument } from '../analysis';
import { matchKey } from '../registry/nameMatcher';
import type { Definition, EntityMention, TextRange } from '../types';
import { definedTermUses } from './definedTerms';
import {
  clauseAnchor,
  compareLocations,
  comparePositions,
  type NavigationTarget,
  navigationTargetAt,
  type PositionRange,
  targetClauseOf,
} from './definition';
import { type DocumentLocation, type FeatureContext, locationIn } from './featureContext';
import { definitionsOfDocuments } from './workspaceRecords';

export interface DocumentHighlight {
  readonly range: TextRange;
  readonly kind: 'read' | 'write';
}

/** A place in this document and whether it declares the thing (write) or uses it (read). */
interface Occurrence {
  readonly range: TextRange;
  readonly declaration: boolean;
}

export function referencesAt(context: FeatureContext, offset: number, includeDeclaration: boolean): DocumentLocation[] {
  const { document, workspace } = context;
  const target = navigationTargetAt(document, offset);
  const local = occurrencesIn(document, target);
  if (!local) return [];
  const keep = (o: Occurrence) => includeDeclaration || !o.declaration;
  const results = local.occurrences.filter(keep).map((o) => locationIn(document, o.range));

  if (local.entity) {
    const definitionsIn = definitionsOfDocuments(workspace);
    for (const m of workspace.mentionsOf(local.entity.id)) {
      if (m.uri === document.uri) continue;
      const declaration = definitionsIn(m.uri).some(
        (d) => sameRange(d.termRange, m.range) || sameRange(d.expansionRange, m.range),
      );
      if (includeDeclaration || !declaration) results.push({ uri: m.uri, range: m.range });
    }
  } else if (local.term !== undefined && includeDeclaration) {
    for (const d of workspace.definitionsOf(local.term))
      if (d.uri !== document.uri) results.push({ uri: d.uri, range: d.termRange });
  }
  return dedupe(results.sort(compareLocations));
}

/** The occurrences of the thing at the cursor in this document: definitions write, uses read. */
export function documentHighlightsAt(context: FeatureContext, offset: number): DocumentHighlight[] {
  const target = navigationTargetAt(context.document, offset);
  const local = occurrencesIn(context.document, target);
  if (!local) return [];
  return local.occurrences.map((o) => ({ range: o.range, kind: o.declaration ? 'write' : 'read' }));
}

interface LocalOccurrences {
  readonly occurrences: Occurrence[];
  /** Set when the cursor is on an entity: the mention, whose id finds it elsewhere. */
  readonly entity?: EntityMention;
  /** Set when the cursor is on a defined term that is not an entity. */
  readonly term?: string;
}

function occurrencesIn(document: AnalysedDocument, target: NavigationTarget): LocalOccurrences | undefined {
  if (target.reference || target.label) {
    const clause = target.label?.index ?? (target.reference ? targetClauseOf(target.reference) : undefined);
    const found = clause === undefined ? undefined : document.structure.clauses[clause];
    if (!found) return undefined;
    const occurrences: Occurrence[] = [{ range: clauseAnchor(document, found), declaration: true }];
    for (const r of document.clauseReferences) {
      const resolution = r.resolution;
      const leadsThere =
        targetClauseOf(r) === found.index ||
        ((resolution.status === 'resolved' || resolution.status === 'implicit-paragraph') &&
          resolution.throughTarget === found.index);
      if (leadsThere) occurrences.push({ range: r.reference.range, declaration: false });
    }
    return { occurrences: sortOccurrences(occurrences) };
  }

  if (target.mention) {
    const id = target.mention.id;
    const occurrences = document.entities
      .filter((m) => m.id === id)
      .map((m) => ({ range: m.range, declaration: isDeclaration(document.definitions, m.range) }));
    return { occurrences, entity: target.mention };
  }

  if (target.termUse) {
    const key = matchKey(target.termUse.term);
    const occurrences = definedTermUses(document)
      .filter((u) => matchKey(u.term) === key)
      .map((u) => ({ range: u.range, declaration: u.isDefinition }));
    return { occurrences, term: target.termUse.term };
  }
  return undefined;
}

function isDeclaration(definitions: readonly Definition[], range: TextRange): boolean {
  return definitions.some(
    (d) =>
      (d.termRange.start === range.start && d.termRange.end === range.end) ||
      (d.expansionRange.start === range.start && d.expansionRange.end === range.end),
  );
}

function sameRange(a: PositionRange, b: PositionRange): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

function sortOccurrences(occurrences: Occurrence[]): Occurrence[] {
  const sorted = occurrences.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return sorted.filter(
    (o, k) => k === 0 || o.range.start !== sorted[k - 1]!.range.start || o.range.end !== sorted[k - 1]!.range.end,
  );
}

function dedupe(locations: DocumentLocation[]): DocumentLocation[] {
  return locations.filter((l, k) => k === 0 || compareLocations(l, locations[k - 1]!) !== 0);
}
