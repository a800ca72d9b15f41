/**
 * The rule engine: runs every rule that is not switched off and settles each finding's
 * severity and message. The list of rules is `RULES` (one file per rule); nothing else
 * knows which rules exist.
 */
import defaults from './defaultConfig.json';
import type { Locale } from '../features/featureContext';
import { RULES } from './rules';
import {
  type Diagnostic,
  type Finding,
  RULE_CODES,
  type RuleCode,
  type RuleConfig,
  type RuleContext,
  type SeveritySetting,
} from './ruleTypes';

export const DEFAULT_RULE_CONFIG: RuleConfig = { severities: {}, knownAcronyms: defaults.knownAcronyms };

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

export function isRuleCode(value: string): value is RuleCode {
  return (RULE_CODES as readonly string[]).includes(value);
}

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value);
}

/**
 * Runs the rules. A rule that throws is a bug: its findings are dropped, `onError` hears of
 * it, and the other rules still run — the core never throws.
 */
export function runRules(
  context: RuleContext,
  locale: Locale = 'en',
  onError?: (code: RuleCode, error: unknown) => void,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ignored = new Set((context.config.ignore ?? []).map((entry) => `${entry.rule}\u0000${entry.text}`));
  for (const rule of RULES) {
    const setting = context.config.severities[rule.code] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    let findings;
    try {
      findings = rule.check(context);
    } catch (error) {
      onError?.(rule.code, error);
      continue;
    }
    for (const finding of findings) {
      if (ignored.size > 0 && ignored.has(`${rule.code}\u0000${subjectOf(context, finding)}`)) continue;
      // A finding may lower its rule's severity (a conflict across documents is a hint), never raise it.
      const severity = finding.severity && rank(finding.severity) > rank(setting) ? finding.severity : setting;
      diagnostics.push({ ...finding, severity, text: finding.message[locale] });
    }
  }
  return diagnostics.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
}

/** What a finding is about, as an `ignore` entry names it: its subject, else the text it covers. */
export function subjectOf(context: RuleContext, finding: Finding): string {
  return finding.about !== '' ? finding.about : context.document.text.slice(finding.range.start, finding.range.end);
}

function rank(severity: Exclude<SeveritySetting, 'off'>): number {
  return ['error', 'warning', 'info', 'hint'].indexOf(severity);
}
