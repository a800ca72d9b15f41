/**
 * The vocabulary shared by every layer of the analysis core. Offsets are UTF-16 code-unit
 * offsets into the document's text exactly as the editor holds it (a leading byte-order mark
 * removed); the core never deals in line/character positions except through `LineIndex`.
 */

/** A half-open range of UTF-16 offsets: `start` is included, `end` is not. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'info' | 'hint';

/**
 * Something the core noticed and could not (or should not) silently accept. Problems are
 * values: the core returns them beside its result and never throws.
 */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly range: TextRange;
  readonly severity: ProblemSeverity;
}

/** The kinds of entity of `../shared/gold/GUIDELINES.md`, plus `term` for defined terms. */
export type EntityKind = 'clause' | 'clause-ref' | 'agency' | 'program' | 'instrument' | 'date' | 'term';

/** The kinds of named thing that carry an identity shared across documents and languages. */
export type NamedEntityKind = 'agency' | 'program' | 'instrument';

/**
 * A mention of an agency, program or instrument. `id` is the entity's identity: every
 * mention of the same thing, in any document and any language, carries the same id — a
 * registry id (`jp.jaxa`) when the registry knows it, otherwise an id derived from the
 * defined acronym (`acronym:VNSC`) or from the normalised name (`name:日越大学`, Latin letters
 * in lower case, so that `THE GOVERNMENT OF X` and `the Government of X` are one thing). An
 * office named by its agency and its units (`国税庁徴収部徴収課長`) has the id of the agency
 * followed by the units (`jp.nta/徴収部徴収課長`).
 */
export interface EntityMention {
  readonly kind: NamedEntityKind;
  readonly range: TextRange;
  readonly text: string;
  readonly id: string;
  /** How it was recognised: from the registry, from a definition in the document, or by its form. */
  readonly source: 'registry' | 'definition' | 'pattern';
  /** For an office named by its agency and its units (国税庁徴収部徴収課長): that agency. */
  readonly parent?: EntityParent;
}

/** The agency an office belongs to: its id, and its name as the text writes it. */
export interface EntityParent {
  readonly id: string;
  readonly text: string;
}

/** How a definition was written. */
export type DefinitionForm =
  | 'acronym-after' // 宇宙航空研究開発機構(JAXA), Asia Zero Emission Community (AZEC)
  | 'acronym-before' // JAXA(宇宙航空研究開発機構)
  | 'hereinafter' // (以下「MOC」という), (hereinafter referred to as "the Participants")
  | 'quoted-term' // (“Korea”), (the "Agreement")
  | 'means'; // "Range" means all the areas of water …; the term "equipment" shall mean …

/** A defined term or abbreviation introduced by the document. */
export interface Definition {
  readonly term: string;
  readonly termRange: TextRange;
  /** What the term stands for, as written. */
  readonly expansion: string;
  readonly expansionRange: TextRange;
  readonly form: DefinitionForm;
  /** Zero-based line of the term. */
  readonly line: number;
}

/** A type with its `readonly` removed, for a value built property by property before it is handed out. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
