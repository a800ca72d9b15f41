/**
 * Every diagnostic rule, in the order their findings are reported at the same place. Add
 * a rule by writing its file in this folder and listing it here.
 */
import type { Rule } from './ruleTypes';

export const RULES: readonly Rule[] = [];
