/**
 * The date rules: one finding per problem the date recogniser found on a date (see
 * `../recognise/dates.ts` for what each problem means), on the date's range. The recogniser
 * writes the English message; the Japanese one is made here from the date as written.
 *
 * `weekday-mismatch` carries a `replace` fix for the finding's range — the whole date as
 * written — whose replacement is the same text with only the written weekday corrected
 * (`2021年11月23日(水)` → `2021年11月23日(火)`): a `replace` fix has no range of its own, so the
 * date is replaced whole, and everything but the weekday stays as written.
 */
import { type DateMention, type DateProblem, type DateProblemCode, ENGLISH_MONTHS } from '../recognise/dates';
import type { Finding, LocalisedText, Rule, RuleCode, RuleContext, Severity } from './ruleTypes';

// A Map: it is indexed by a word taken from a message that quotes the text.
const JA_WEEKDAY_NAMES: ReadonlyMap<string, string> = new Map([
  ['Sunday', '日曜日'],
  ['Monday', '月曜日'],
  ['Tuesday', '火曜日'],
  ['Wednesday', '水曜日'],
  ['Thursday', '木曜日'],
  ['Friday', '金曜日'],
  ['Saturday', '土曜日'],
]);

/** The Japanese message of a date problem, from the date as written and the English message. */
function japaneseMessage(mention: DateMention, problem: DateProblem): string {
  const surface = `「${mention.text}」`;
  const en = problem.message;
  switch (problem.code) {
    case 'invalid-date': {
      const eraYear = /year (-?\d+) of the (\S+) era/.exec(en);
      if (eraYear)
        return `${surface}の${eraYear[2]}${eraYear[1]}年は存在しません。元号の年は元年（1年）から始まります。年を訂正してください。`;
      const month = /gives month (\d+),/.exec(en);
      if (month) return `${surface}の${month[1]}月は存在しません。月（1～12）を訂正してください。`;
      const day = /gives day (\d+) of (\w+)(?: (\d+))?/.exec(en);
      if (day) {
        const monthNumber = monthNumberOf(day[2] ?? '');
        const monthText = monthNumber ? `${day[3] ? `${day[3]}年` : ''}${monthNumber}月` : 'その月';
        const days = /has (\d+) days/.exec(en);
        return `${surface}の${monthText}${day[1]}日は存在しません${days ? `（その月は${days[1]}日までです）` : ''}。日付を訂正してください。`;
      }
      return `${surface}は存在しない日付です。日付を訂正してください。`;
    }
    case 'era-mismatch': {
      const written = /is (\d+), not (\d+) as written/.exec(en);
      if (written)
        return `${surface}：${mention.era ? `${mention.era.name}${mention.era.year}年` : '元号の年'}は${written[1]}年で、書かれている${written[2]}年ではありません。元号の年か西暦の年を訂正してください。`;
      const before = /before the (\S+) era began \(([^)]+)\)/.exec(en);
      if (before)
        return `${surface}は${before[1]}の始まり（${before[2]}）より前の日付です。前の元号で書くか、日付を訂正してください。`;
      return `${surface}の元号と年が一致しません。`;
    }
    case 'weekday-mismatch': {
      const w = /is an? (\w+), but the text says (\w+)/.exec(en);
      if (w && mention.weekday?.actual)
        return `${surface}：この日は${JA_WEEKDAY_NAMES.get(w[1] ?? '') ?? w[1]}で、書かれている「${mention.weekday.written}」ではありません。曜日か日付を訂正してください。`;
      return `${surface}の曜日が日付と一致しません。曜日か日付を訂正してください。`;
    }
    case 'reversed-range':
      return `${surface}は終わりが始まりより前の期間です。期間の順序を訂正してください。`;
  }
}

const MONTHS = ENGLISH_MONTHS;

function monthNumberOf(name: string): number | undefined {
  const k = MONTHS.indexOf(name);
  return k < 0 ? undefined : k + 1;
}

/** The date as written with its weekday corrected, or undefined when that cannot be done safely. */
export function correctedWeekday(mention: DateMention): string | undefined {
  const weekday = mention.weekday;
  if (!weekday?.actual || weekday.actual === weekday.written) return undefined;
  const at = mention.text.lastIndexOf(weekday.written);
  if (at < 0) return undefined;
  return mention.text.slice(0, at) + weekday.actual + mention.text.slice(at + weekday.written.length);
}

function dateRule(code: DateProblemCode & RuleCode, defaultSeverity: Severity, summary: string): Rule {
  return {
    code,
    defaultSeverity,
    summary,
    check(context: RuleContext): Finding[] {
      const findings: Finding[] = [];
      for (const mention of context.document.dates) {
        const problems = mention.problems.filter((p) => p.code === code);
        problems.forEach((problem, k) => {
          const message: LocalisedText = { en: problem.message, ja: japaneseMessage(mention, problem) };
          // A range may hold two wrong weekdays; only the first (the one `weekday` describes) gets a fix.
          const replacement = code === 'weekday-mismatch' && k === 0 ? correctedWeekday(mention) : undefined;
          findings.push({
            code,
            range: mention.range,
            message,
            about: mention.text,
            ...(replacement !== undefined ? { fix: { kind: 'replace', replacement } } : {}),
          });
        });
      }
      return findings;
    },
  };
}

export const invalidDateRule = dateRule(
  'invalid-date',
  'error',
  'A date that does not exist: 2026年2月30日, 31 April 2026, 令和0年.',
);
export const eraMismatchRule = dateRule(
  'era-mismatch',
  'warning',
  'An era year that disagrees with the western year written with it (令和8(2025)年), or an era date before the era began.',
);
export const weekdayMismatchRule = dateRule(
  'weekday-mismatch',
  'warning',
  'A weekday written after a date that the date does not fall on: 2021年11月23日(水).',
);
export const reversedRangeRule = dateRule(
  'reversed-range',
  'warning',
  'A date range whose end comes before its start: 2030年～2026年.',
);
