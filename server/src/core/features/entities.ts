/**
 * The flat list of recognised entities, in the shape of the evaluation format
 * (`../shared/eval/README.md`): what the linter's JSON prints and what the gold is scored on.
 */
import type { AnalysedDocument } from '../analysis';
import type { EntityKind, TextRange } from '../types';

export interface EntityRecord {
  readonly kind: EntityKind;
  readonly range: TextRange;
  readonly text: string;
  /** Entity identity for agencies, programs and instruments. */
  readonly id?: string;
  /** ISO value for dates. */
  readonly value?: string;
}

export function listEntities(document: AnalysedDocument): EntityRecord[] {
  const entities: EntityRecord[] = [];
  for (const clause of document.structure.clauses) {
    if (clause.label.length === 0) continue;
    entities.push({ kind: 'clause', range: clause.labelRange, text: clause.label });
  }
  for (const mention of document.entities) {
    entities.push({ kind: mention.kind, range: mention.range, text: mention.text, id: mention.id });
  }
  for (const { reference } of document.clauseReferences) {
    entities.push({ kind: 'clause-ref', range: reference.range, text: reference.text });
  }
  for (const date of document.dates) {
    entities.push({
      kind: 'date',
      range: date.range,
      text: date.text,
      ...(date.value !== undefined ? { value: date.value } : {}),
    });
  }
  return entities.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}
