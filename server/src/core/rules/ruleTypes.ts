/**
 * The vocabulary of diagnostic rules. A rule is a pure function of a `RuleContext` that
 * returns what it found; the engine (`runRules`) applies the configured severities, and the
 * server and `agreement-lint` print the same results with the same codes.
 */
import type { AnalysedDocument } from '../analysis';
import type { DocumentLocation, Locale } from '../features/featureContext';
import type { Registry } from '../registry/registry';
import type { TextRange } from '../types';
import type { WorkspaceView } from '../workspace/workspaceIndex';

export const RULE_CODES = [
  'undefined-acronym',
  'conflicting-definition',
  'undefined-term',
  'unresolved-clause-reference',
  'unresolved-document-reference',
  'numbering-gap',
  'numbering-duplicate',
  'invalid-date',
  'era-mismatch',
  'weekday-mismatch',
  'reversed-range',
  'unbalanced-bracket',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** A message in every display language. */
export interface LocalisedText {
  readonly en: string;
  readonly ja: string;
}

export interface RelatedPlace {
  readonly location: DocumentLocation;
  readonly message: LocalisedText;
}

/** What a quick fix needs to know, carried with the diagnostic (and through LSP's `data`). */
export type FixData =
  | { readonly kind: 'spell-out'; readonly acronym: string; readonly expansion: string }
  | { readonly kind: 'replace'; readonly replacement: string }
  | { readonly kind: 'insert'; readonly offset: number; readonly text: string }
  | { readonly kind: 'renumber'; readonly clauses: readonly number[] };

export interface Finding {
  readonly code: RuleCode;
  readonly range: TextRange;
  readonly message: LocalisedText;
  /** The thing the finding is about (the acronym, the term, the date as written). */
  readonly about: string;
  /** A lower severity than the rule's (conflicts across documents are hints, not warnings). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedPlace[];
  readonly fix?: FixData;
}

export interface RuleConfig {
  /** Per-rule severity; a rule not named keeps its default. */
  readonly severities: Partial<Record<RuleCode, SeveritySetting>>;
  /** Acronyms everybody knows (AI, UN, ASEAN…), never reported as undefined. */
  readonly knownAcronyms: readonly string[];
  /**
   * Findings the reviewer has judged wrong: a finding of `rule` whose subject (`about`, or the
   * text it covers when that is empty) is `text` is dropped.
   */
  readonly ignore?: ReadonlyArray<{ readonly rule: RuleCode; readonly text: string }>;
}

export interface RuleContext {
  readonly document: AnalysedDocument;
  readonly workspace: WorkspaceView;
  readonly registry: Registry;
  readonly config: RuleConfig;
}

export interface Rule {
  readonly code: RuleCode;
  readonly defaultSeverity: Severity;
  /** One sentence, for docs and settings: what the rule reports. */
  readonly summary: string;
  check(context: RuleContext): Finding[];
}

/** A finding with its severity and message settled, ready for an editor or a terminal. */
export interface Diagnostic extends Finding {
  readonly severity: Severity;
  readonly text: string;
}

export type { Locale };
