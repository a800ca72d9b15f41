/**
 * Every diagnostic rule, in the order their findings are reported at the same place. Add
 * a rule by writing its file in this folder and listing it here.
 */
import type { Rule } from './ruleTypes';
import { conflictingDefinitionRule } from './conflictingDefinition';
import { undefinedAcronymRule } from './undefinedAcronym';
import { undefinedTermRule } from './undefinedTerm';
import { unresolvedDocumentReferenceRule } from './unresolvedDocumentReference';
import { eraMismatchRule, invalidDateRule, reversedRangeRule, weekdayMismatchRule } from './dateRules';
import { numberingDuplicateRule, numberingGapRule } from './numberingRules';
import { unbalancedBracketRule } from './unbalancedBracket';
import { unresolvedClauseReferenceRule } from './unresolvedClauseReference';

export const RULES: readonly Rule[] = [
  undefinedAcronymRule,
  conflictingDefinitionRule,
  undefinedTermRule,
  unresolvedDocumentReferenceRule,
  unresolvedClauseReferenceRule,
  numberingGapRule,
  numberingDuplicateRule,
  invalidDateRule,
  eraMismatchRule,
  weekdayMismatchRule,
  reversedRangeRule,
  unbalancedBracketRule,
];
