/**
 * The date recogniser: finds calendar expressions in Japanese and English agreement texts
 * and resolves them to ISO 8601 values, following `gold/GUIDELINES.md`.
 *
 * Recognised (Japanese): `2026年5月2日`, `2023年11月`, `2026年` (also in `2026年中`, `2040年以降`,
 * `2030年まで`: the span is the year only), era years `令和3(2021)年11月23日(火)`, `昭和二十九年`,
 * `平成三十一年四月一日`, `令和元年`, `二〇二六年`, full-width digits; ranges with `～ 〜 ~ - － – —`
 * or `から` (`2025年～2030年`, `2022年から2025年`, `2025年8月10日から13日`,
 * `2025年4月1日から同年4月30日まで` — `まで` is never part of the span, `2025年1～3月`);
 * relative words `本年 今年 昨年 来年 本日` (against the document date) and `同年` (against the
 * closest preceding year in the text); a month without a year (`11月`, `四月一日`) only when an
 * earlier year in the same line (paragraph) or the document date resolves it.
 * Recognised (English): `15 March 2026`, `March 15, 2026`, `April 2025`, `Monday, April 28, 2025`,
 * the signing formula `fifth day of November, 1996` (also `18th day of July 1985` and years in words,
 * `twentieth day of July, one thousand nine hundred and sixty-three`), day ranges `11-14 October 1988`
 * and `July 1–22, 1944`, ranges of two dates `28 February – 2 March 2024`, `2025/04/30`, `2025-04-30`
 * (also in Japanese text), `2025-30` and `2025–2030` (ranges), bare years 1900–2099 in English lines
 * (`in 2026`), `this year` / `last year` / `next year`.
 *
 * Fiscal years are dates with `fiscalYear` set: a Japanese `2027年度` (also `平成十年度`, `本年度`
 * against the document date, `2025年度～2027年度`) is Japan's fiscal year, April to March, so its value
 * is `2027-04/2028-03`; `Japanese fiscal year 2027` and `JFY2027` likewise. An English `fiscal year
 * 2027` or `FY2027` does not say whose fiscal year it is (the US one starts in October, the
 * Japanese in April), so its value is the year alone, `2027`, and the hover says so.
 *
 * Not dates: durations (`180日後`, `30年以上`, `3年間`, `六月以内`), counts, times of day, `第1回`,
 * decades (`1990年代`). Era years in law numbers (`昭和四十年法律第三十四号`) are dates (the year of
 * enactment).
 *
 * Eras: the start of each era comes from the platform's Japanese calendar (`Intl`, probed once);
 * a fixed table is used only when the platform has no Japanese calendar. An era year after the
 * era ended (`平成32年`, `昭和70年`) is accepted without a problem, because documents written
 * during an era routinely project its numbering forward; an era date *before* the era began
 * (`令和元年4月30日`) is an `era-mismatch`, as is a written western year that disagrees with the era
 * year (`令和8(2025)年`); era year 0 is an `invalid-date`. Dates before 明治6年 (1873) were in the
 * lunisolar calendar: their year is kept but month/day precision is dropped from the value and
 * weekdays are not checked.
 *
 * Values: `value` is undefined when the date cannot be resolved, when its era and year disagree
 * (`era-mismatch`: which of the two is wrong is not known), when the range is reversed, or for era
 * year 0. An impossible month or day (`2026-04-31`, `2026年13月`) keeps the value as written beside
 * its `invalid-date` problem, so a reviewer sees what the text says; a `weekday-mismatch` keeps the
 * value of the written date.
 *
 * Every regular expression here is a single character-class run or a fixed alternation; all
 * other matching is done by bounded hand-written readers, so recognition is linear in the text.
 */

import { parseKanjiNumber, toHalfWidthDigits } from '../text/japaneseNumerals';
import type { TextRange, Writable } from '../types';

export type DateProblemCode = 'invalid-date' | 'era-mismatch' | 'weekday-mismatch' | 'reversed-range';

export interface DateProblem {
  readonly code: DateProblemCode;
  readonly message: string;
}

export interface DateRelative {
  /** `document`: resolved against the document's date; `preceding`: against a date earlier in the text. */
  readonly kind: 'document' | 'preceding';
  /** The relative word as written (`本年`, `同年`, `this year`); absent when the year is merely omitted (`11月`). */
  readonly word?: string;
  /** The ISO value the mention was resolved against, or undefined when there was nothing to resolve against. */
  readonly anchor: string | undefined;
  /** Where that anchor is in the text, when known. */
  readonly anchorRange?: TextRange;
}

export interface DateEra {
  readonly name: string;
  readonly year: number;
  readonly westernYear: number;
  readonly writtenWesternYear?: number;
}

export interface DateWeekday {
  readonly written: string;
  /** The weekday the date actually falls on, in the same script and form as written. */
  readonly actual: string | undefined;
}

/**
 * Whose fiscal year a mention names: `april-to-march` is Japan's (`2027年度`, `JFY2027`), and
 * `unspecified` is an English `fiscal year 2027` that does not say.
 */
export type DateFiscalYear = 'april-to-march' | 'unspecified';

export interface DateMention {
  readonly range: TextRange;
  readonly text: string;
  readonly value: string | undefined;
  /** Set when the mention is a fiscal year (or a range of them) rather than a calendar year. */
  readonly fiscalYear?: DateFiscalYear;
  readonly relative?: DateRelative;
  readonly era?: DateEra;
  readonly weekday?: DateWeekday;
  readonly problems: readonly DateProblem[];
}

export interface RecogniseDatesOptions {
  /** The document's own date (ISO; a range's start is used), for relative dates. */
  readonly documentDate?: string;
  /** Where the document date is written, reported as the anchor of relative dates. */
  readonly documentDateRange?: TextRange;
}

// ---------------------------------------------------------------------------------------------
// Japanese eras

export interface JapaneseEra {
  readonly name: string;
  /** First day of the era, ISO `YYYY-MM-DD` (Gregorian). */
  readonly start: string;
  readonly startYear: number;
  /** Last day of the era, ISO, or undefined for the current era. */
  readonly end: string | undefined;
}

/** Used only when the platform's Intl has no Japanese calendar (small-icu builds). */
const FALLBACK_ERA_STARTS: ReadonlyArray<readonly [string, string]> = [
  ['明治', '1868-10-23'],
  ['大正', '1912-07-30'],
  ['昭和', '1926-12-25'],
  ['平成', '1989-01-08'],
  ['令和', '2019-05-01'],
];

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function withEnds(starts: ReadonlyArray<readonly [string, string]>): JapaneseEra[] {
  return starts.map(([name, start], i) => {
    const next = starts[i + 1];
    return {
      name,
      start,
      startYear: Number(start.slice(0, 4)),
      end: next ? isoDay(Date.parse(next[1] + 'T00:00:00Z') - DAY_MS) : undefined,
    };
  });
}

/**
 * Probes the platform's Japanese calendar for the eras from 明治 on (one format per year, then a
 * binary search for the first day of each new era). Returns [] when the calendar is unavailable.
 */
export function probeJapaneseEras(lastYear: number = new Date().getUTCFullYear() + 1): JapaneseEra[] {
  const format = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'UTC' });
  if (format.resolvedOptions().calendar !== 'japanese') return [];
  const eraAt = (ms: number): string => format.formatToParts(ms).find((p) => p.type === 'era')?.value ?? '';
  const starts: Array<[string, string]> = [];
  let before = Date.UTC(1867, 11, 31);
  let beforeEra = eraAt(before);
  for (let year = 1868; year <= lastYear; year++) {
    const after = Date.UTC(year, 11, 31);
    const afterEra = eraAt(after);
    if (afterEra !== beforeEra) {
      // The first day in (before, after] whose era is not beforeEra; eras change at most once a year.
      let lo = before;
      let hi = after;
      while (hi - lo > DAY_MS) {
        const mid = lo + Math.floor((hi - lo) / DAY_MS / 2) * DAY_MS;
        if (eraAt(mid) === beforeEra) lo = mid;
        else hi = mid;
      }
      const name = eraAt(hi);
      if (/^[\u4e00-\u9fff]{2}$/.test(name)) starts.push([name, isoDay(hi)]);
    }
    before = after;
    beforeEra = afterEra;
  }
  return withEnds(starts);
}

let erasCache: readonly JapaneseEra[] | undefined;

/** The eras from 明治 on, probed from Intl once (falling back to a fixed table). */
export function japaneseEras(): readonly JapaneseEra[] {
  if (erasCache === undefined) {
    const probed = probeJapaneseEras();
    erasCache = probed.some((e) => e.name === '令和') ? probed : withEnds(FALLBACK_ERA_STARTS);
  }
  return erasCache;
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

interface Ymd {
  readonly y: number;
  readonly m?: number;
  readonly d?: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isoOf(date: Ymd): string {
  let out = pad(date.y, 4);
  if (date.m !== undefined) out += '-' + pad(date.m, 2);
  if (date.m !== undefined && date.d !== undefined) out += '-' + pad(date.d, 2);
  return out;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 0 = Sunday. */
export function weekdayOf(y: number, m: number, d: number): number {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCDay();
}

/** Parses an ISO date (or the start of an ISO range) into parts; undefined if malformed. */
function parseIso(value: string | undefined): Ymd | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 1 || month > 12)) return { y };
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(y, month))) return { y, m: month };
  return { y, m: month, d: day };
}

// ---------------------------------------------------------------------------------------------
// Character classes

const KANJI_DATE_NUMERALS = '〇○零一二三四五六七八九十百千';
/** 1 for the code units of KANJI_DATE_NUMERALS. */
const IS_KANJI_DATE_NUMERAL = new Uint8Array(0x10000);
for (const c of KANJI_DATE_NUMERALS) IS_KANJI_DATE_NUMERAL[c.charCodeAt(0)] = 1;
const JA_SEPARATORS = '～〜~-－–—';
const JA_WEEKDAYS = '日月火水木金土';
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// Tables indexed by words of the text are Maps: `toString` or `constructor` must find nothing.
const EN_WEEKDAY_ABBREVIATIONS: ReadonlyMap<string, number> = new Map([
  ['Sun', 0],
  ['Mon', 1],
  ['Tue', 2],
  ['Tues', 2],
  ['Wed', 3],
  ['Thu', 4],
  ['Thur', 4],
  ['Thurs', 4],
  ['Fri', 5],
  ['Sat', 6],
]);
const EN_MONTHS: ReadonlyMap<string, number> = new Map([
  ['January', 1],
  ['February', 2],
  ['March', 3],
  ['April', 4],
  ['May', 5],
  ['June', 6],
  ['July', 7],
  ['August', 8],
  ['September', 9],
  ['October', 10],
  ['November', 11],
  ['December', 12],
  ['Jan', 1],
  ['Feb', 2],
  ['Mar', 3],
  ['Apr', 4],
  ['Jun', 6],
  ['Jul', 7],
  ['Aug', 8],
  ['Sep', 9],
  ['Sept', 9],
  ['Oct', 10],
  ['Nov', 11],
  ['Dec', 12],
]);

function isDigitCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}
function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** CJK ideographs, including astral ones (any surrogate counts). */
function isIdeographCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xd800 && c <= 0xdfff) ||
    c === 0x3005
  );
}
function isCjkCode(c: number): boolean {
  return (
    (c >= 0x3040 && c <= 0x30ff) || isIdeographCode(c) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f)
  );
}

function startsWithAny(text: string, pos: number, words: readonly string[]): boolean {
  for (const w of words) if (text.startsWith(w, pos)) return true;
  return false;
}

/** After a year `…年`: what turns it into a duration, decade, age or fiscal year. */
const NOT_A_YEAR_AFTER = [
  '間',
  '以上',
  '以内',
  '以下',
  '未満',
  '超',
  'ぶり',
  '振り',
  '目',
  '度',
  '分',
  '余',
  '来',
  '代',
  '半',
  '強',
  '弱',
  '近く',
  '程度',
  'ほど',
  '足らず',
  'を経過',
  'を超え',
  'ごと',
  '毎',
];
/** After a month or day without a year: what makes it a duration (`六月以内`, `十日間`). */
const NOT_A_POINT_AFTER = [
  '間',
  '以上',
  '以内',
  '以下',
  '未満',
  '超',
  'ぶり',
  '振り',
  '目',
  '分',
  '余',
  '来',
  '強',
  '弱',
  '近く',
  '程度',
  'ほど',
  '足らず',
  'を経過',
  'を超え',
  'をこえ',
  'ごと',
  '毎',
  '当たり',
  'あたり',
  'につき',
];

function durationFollows(text: string, pos: number, words: readonly string[]): boolean {
  if (startsWithAny(text, pos, words)) return true;
  // 前 / 後 make a duration (`180日後`, `2000年前`) except in 前半 / 後半.
  const c = text[pos];
  if ((c === '前' || c === '後') && text[pos + 1] !== '半') return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Readers: all bounded, none throws.

interface NumberRead {
  readonly value: number;
  readonly end: number;
  readonly arabic: boolean;
  readonly length: number;
}

/** Reads an Arabic (ASCII/full-width, at most maxArabic digits) or kanji numeral at pos. */
function readNumber(text: string, pos: number, maxArabic: number, maxKanji: number): NumberRead | undefined {
  let q = pos;
  while (q < text.length && q - pos <= maxArabic && isDigitCode(text.charCodeAt(q))) q++;
  if (q > pos) {
    if (q - pos > maxArabic) return undefined;
    return { value: Number(toHalfWidthDigits(text.slice(pos, q))), end: q, arabic: true, length: q - pos };
  }
  while (q < text.length && q - pos <= maxKanji && IS_KANJI_DATE_NUMERAL[text.charCodeAt(q)] === 1) q++;
  if (q === pos || q - pos > maxKanji) return undefined;
  const value = parseKanjiNumber(text.slice(pos, q).replace(/○/g, '〇'));
  if (value === undefined) return undefined;
  return { value, end: q, arabic: false, length: q - pos };
}

function readAsciiDigits(
  text: string,
  pos: number,
  min: number,
  max: number,
): { value: number; end: number } | undefined {
  let q = pos;
  while (q < text.length && q - pos <= max) {
    const c = text.charCodeAt(q);
    if (c < 48 || c > 57) break;
    q++;
  }
  if (q - pos < min || q - pos > max) return undefined;
  return { value: Number(text.slice(pos, q)), end: q };
}

function isOpenBracket(c: string | undefined): boolean {
  return c === '(' || c === '（';
}
function isCloseBracket(c: string | undefined): boolean {
  return c === ')' || c === '）';
}

function skipSpaces(text: string, pos: number, max: number): number {
  let q = pos;
  while (q < text.length && q - pos < max && (text[q] === ' ' || text[q] === '\u00a0')) q++;
  return q;
}

// ---------------------------------------------------------------------------------------------
// Parsed pieces

interface YearPart {
  readonly end: number;
  readonly y: number | undefined;
  readonly explicit: boolean;
  /** `…年度`: a Japanese fiscal year. */
  readonly fiscal?: boolean;
  readonly era?: DateEra;
  readonly eraInfo?: JapaneseEra;
  readonly relative?: DateRelative;
}

/** A single date (not a range) as parsed, before validation. */
interface Piece {
  start: number;
  end: number;
  y: number | undefined;
  m?: number;
  d?: number;
  /** Month range elided inside one piece: `2025年1～3月`. */
  mEnd?: number;
  /** Day range elided inside one piece: `8月10～13日`. */
  dEnd?: number;
  explicitYear: boolean;
  era?: DateEra;
  eraInfo?: JapaneseEra;
  relative?: DateRelative;
  weekday?: { written: string; index: number; english: boolean };
  fiscal?: DateFiscalYear;
  /** English readers only: the second date of a range read together with this one. */
  next?: Piece;
}

interface Context {
  readonly text: string;
  readonly eras: readonly JapaneseEra[];
  readonly doc: Ymd | undefined;
  readonly docIso: string | undefined;
  readonly docRange: TextRange | undefined;
  /** The latest mention with a year, for 同年 and omitted years. */
  last: { y: number; m: number | undefined; range: TextRange } | undefined;
  /** The fiscal year of the latest fiscal-year mention (its value ends in the next calendar year). */
  lastFiscalYear: number | undefined;
  /** Line bookkeeping, moved forward monotonically. */
  lineStart: number;
  lineEnd: number;
  lineEnglish: boolean | undefined;
}

function moveToLine(ctx: Context, pos: number): void {
  if (ctx.lineEnd >= 0 && pos >= ctx.lineStart && pos <= ctx.lineEnd) return;
  const text = ctx.text;
  // Each line is measured once while the scan moves forward, so this stays linear overall.
  ctx.lineStart = pos === 0 ? 0 : text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  ctx.lineEnd = nl < 0 ? text.length : nl;
  ctx.lineEnglish = undefined;
}

/** Whether the line holding pos is English running text (more ASCII letters than CJK characters). */
function isEnglishLine(ctx: Context, pos: number): boolean {
  moveToLine(ctx, pos);
  if (ctx.lineEnglish === undefined) {
    let latin = 0;
    let cjk = 0;
    for (let i = ctx.lineStart; i < ctx.lineEnd; i++) {
      const c = ctx.text.charCodeAt(i);
      if (isAsciiLetterCode(c)) latin++;
      else if (isCjkCode(c)) cjk++;
    }
    ctx.lineEnglish = latin > cjk;
  }
  return ctx.lineEnglish;
}

function eraAt(ctx: Context, pos: number): JapaneseEra | undefined {
  for (const era of ctx.eras) if (ctx.text.startsWith(era.name, pos)) return era;
  return undefined;
}

const DOCUMENT_RELATIVE_YEARS: ReadonlyMap<string, number> = new Map([
  ['本年', 0],
  ['今年', 0],
  ['昨年', -1],
  ['来年', 1],
]);
const NOT_A_RELATIVE_YEAR_AFTER = ['度', '齢', '代', '輩', '次', '金', '生'];

function documentRelative(ctx: Context, word: string): DateRelative {
  return { kind: 'document', word, anchor: ctx.docIso, ...(ctx.docRange ? { anchorRange: ctx.docRange } : {}) };
}

/** Reads the year part at pos: an era year, a western year, or a relative year word. */
function readYear(ctx: Context, pos: number): YearPart | 'skip' | undefined {
  const text = ctx.text;
  const era = eraAt(ctx, pos);
  if (era) {
    let q = pos + era.name.length;
    let n: number | undefined;
    if (text[q] === '元') {
      n = 1;
      q++;
    } else {
      const num = readNumber(text, q, 3, 5);
      if (!num) return undefined;
      n = num.value;
      q = num.end;
    }
    let written: number | undefined;
    if (isOpenBracket(text[q])) {
      // 令和3(2021)年
      const w = readNumber(text, q + 1, 4, 4);
      if (!w || w.length !== 4 || !isCloseBracket(text[w.end]) || text[w.end + 1] !== '年') return undefined;
      written = w.value;
      q = w.end + 2;
    } else if (text[q] === '年') {
      q++;
      // 令和3年(2021年)
      if (isOpenBracket(text[q])) {
        const w = readNumber(text, q + 1, 4, 4);
        if (w && w.length === 4 && text[w.end] === '年' && isCloseBracket(text[w.end + 1])) {
          written = w.value;
          q = w.end + 2;
        }
      }
    } else return undefined;
    const fiscal = text[q] === '度';
    if (!fiscal && durationFollows(text, q, NOT_A_YEAR_AFTER)) return 'skip';
    const westernYear = era.startYear + n - 1;
    const eraValue: DateEra = {
      name: era.name,
      year: n,
      westernYear,
      ...(written !== undefined ? { writtenWesternYear: written } : {}),
    };
    return fiscal
      ? { end: q + 1, y: westernYear, explicit: true, era: eraValue, eraInfo: era, fiscal: true }
      : { end: q, y: westernYear, explicit: true, era: eraValue, eraInfo: era };
  }
  const two = text.slice(pos, pos + 2);
  if (DOCUMENT_RELATIVE_YEARS.has(two) || two === '同年') {
    // 基本年金 and 将来年度 hold 本年 and 来年; 同年 is a word of its own even after a kanji (基準日後同年).
    if (two !== '同年' && pos > 0 && isIdeographCode(text.charCodeAt(pos - 1))) return undefined;
    if (text[pos + 2] === '度') return relativeFiscalYear(ctx, pos, two);
    if (startsWithAny(text, pos + 2, NOT_A_RELATIVE_YEAR_AFTER)) return 'skip';
    if (two === '同年') {
      const last = ctx.last;
      return {
        end: pos + 2,
        y: last?.y,
        explicit: false,
        relative: {
          kind: 'preceding',
          word: two,
          anchor: last ? pad(last.y, 4) : undefined,
          ...(last ? { anchorRange: last.range } : {}),
        },
      };
    }
    const offset = DOCUMENT_RELATIVE_YEARS.get(two) ?? 0;
    return {
      end: pos + 2,
      y: ctx.doc ? ctx.doc.y + offset : undefined,
      explicit: false,
      relative: documentRelative(ctx, two),
    };
  }
  // A western year: four Arabic digits, positional kanji (二〇二六) or a unit numeral (千九百九十五) of at least 1800.
  const num = readNumber(text, pos, 4, 6);
  if (!num) return undefined;
  const fourDigits =
    num.length === 4 && (num.arabic || /^[〇○零一二三四五六七八九]{4}$/.test(text.slice(pos, num.end)));
  const unitYear = !num.arabic && num.value >= 1800 && !/^[〇○零一二三四五六七八九]+$/.test(text.slice(pos, num.end));
  if (!(fourDigits || unitYear) || num.value < 1000) return undefined;
  let q = num.end;
  let eraValue: DateEra | undefined;
  let eraInfo: JapaneseEra | undefined;
  const readBracketEra = (from: number, needYearChar: boolean): number | undefined => {
    const e = eraAt(ctx, from + 1);
    if (!isOpenBracket(text[from]) || !e) return undefined;
    let r = from + 1 + e.name.length;
    let n: number | undefined;
    if (text[r] === '元') {
      n = 1;
      r++;
    } else {
      const en = readNumber(text, r, 3, 5);
      if (!en) return undefined;
      n = en.value;
      r = en.end;
    }
    if (needYearChar) {
      if (text[r] !== '年') return undefined;
      r++;
    }
    if (!isCloseBracket(text[r])) return undefined;
    eraValue = { name: e.name, year: n, westernYear: e.startYear + n - 1, writtenWesternYear: num.value };
    eraInfo = e;
    return r + 1;
  };
  if (text[q] === '年') {
    q++;
    // 2021年(令和3年)
    const after = readBracketEra(q, true);
    if (after !== undefined) q = after;
  } else {
    // 2021(令和3)年
    const after = readBracketEra(q, false);
    if (after === undefined || text[after] !== '年') return undefined;
    q = after + 1;
  }
  const fiscal = text[q] === '度';
  if (!fiscal && durationFollows(text, q, NOT_A_YEAR_AFTER)) return 'skip';
  const end = fiscal ? q + 1 : q;
  if (eraValue) {
    // The era is the reading that is checked against the written year: treat it as in 令和3(2021)年.
    return { end, y: eraValue.westernYear, explicit: true, era: eraValue, eraInfo, ...(fiscal ? { fiscal } : {}) };
  }
  return { end, y: num.value, explicit: true, ...(fiscal ? { fiscal } : {}) };
}

/**
 * `本年度` / `今年度` / `来年度` / `昨年度` against the document date (Japan's fiscal year starts on
 * 1 April, so a document of February 2026 is in fiscal 2025), and `同年度` against the latest year.
 */
function relativeFiscalYear(ctx: Context, pos: number, word: string): YearPart {
  if (word === '同年') {
    const last = ctx.last;
    return {
      end: pos + 3,
      y: last?.y,
      explicit: false,
      fiscal: true,
      relative: {
        kind: 'preceding',
        word: '同年度',
        anchor: last ? pad(last.y, 4) : undefined,
        ...(last ? { anchorRange: last.range } : {}),
      },
    };
  }
  const doc = ctx.doc;
  const current = doc === undefined ? undefined : doc.m !== undefined && doc.m < 4 ? doc.y - 1 : doc.y;
  const offset = DOCUMENT_RELATIVE_YEARS.get(word) ?? 0;
  return {
    end: pos + 3,
    y: current === undefined ? undefined : current + offset,
    explicit: false,
    fiscal: true,
    relative: documentRelative(ctx, word + '度'),
  };
}

/**
 * Reads a number followed by `unit` (月 or 日), or an elided range of two numbers in the same
 * script before one unit (`1～3月`, `10～13日`): the value, the range's end and the position after.
 */
function readUnitNumber(
  text: string,
  pos: number,
  unit: string,
): { value: number; valueEnd?: number; end: number } | undefined {
  const num = readNumber(text, pos, 2, 3);
  if (!num) return undefined;
  if (text[num.end] === unit) return { value: num.value, end: num.end + 1 };
  if (JA_SEPARATORS.includes(text[num.end] ?? '\n')) {
    const second = readNumber(text, num.end + 1, 2, 3);
    if (second && text[second.end] === unit && num.arabic === second.arabic)
      return { value: num.value, valueEnd: second.value, end: second.end + 1 };
  }
  return undefined;
}

function readMonth(text: string, pos: number): { m: number; mEnd?: number; end: number } | undefined {
  const read = readUnitNumber(text, pos, '月');
  return read && { m: read.value, ...(read.valueEnd !== undefined ? { mEnd: read.valueEnd } : {}), end: read.end };
}

function readDay(text: string, pos: number): { d: number; dEnd?: number; end: number } | undefined {
  const read = readUnitNumber(text, pos, '日');
  return read && { d: read.value, ...(read.valueEnd !== undefined ? { dEnd: read.valueEnd } : {}), end: read.end };
}

/** Reads a bracketed weekday `(火)`, `（火曜日）`, `(土・祝)` or a bare `火曜日` after a day. */
function readJapaneseWeekday(text: string, pos: number): { written: string; index: number; end: number } | undefined {
  if (isOpenBracket(text[pos])) {
    const c = text[pos + 1] ?? '';
    const index = JA_WEEKDAYS.indexOf(c);
    if (c === '' || index < 0) return undefined;
    let q = pos + 2;
    if (text[q] === '曜') q += text[q + 1] === '日' ? 2 : 1;
    if ((text[q] === '・' || text[q] === '･' || text[q] === '、') && text[q + 1] === '祝')
      q += text[q + 2] === '日' ? 3 : 2;
    if (!isCloseBracket(text[q])) return undefined;
    return { written: text.slice(pos + 1, q), index, end: q + 1 };
  }
  const c = text[pos] ?? '';
  const index = JA_WEEKDAYS.indexOf(c);
  if (c !== '' && index >= 0 && text[pos + 1] === '曜' && text[pos + 2] === '日')
    return { written: text.slice(pos, pos + 3), index, end: pos + 3 };
  return undefined;
}

/** Month, day and weekday after a year (or alone); fills the piece and returns false if nothing fits. */
function readMonthDay(text: string, piece: Piece, pos: number, needMonth: boolean): boolean {
  const month = readMonth(text, pos);
  if (!month) return !needMonth;
  piece.m = month.m;
  piece.end = month.end;
  if (month.mEnd !== undefined) {
    piece.mEnd = month.mEnd;
    return true;
  }
  const day = readDay(text, month.end);
  if (!day) {
    if (needMonth && durationFollows(text, month.end, NOT_A_POINT_AFTER)) return false;
    return true;
  }
  if (durationFollows(text, day.end, NOT_A_POINT_AFTER)) return !needMonth;
  piece.d = day.d;
  piece.end = day.end;
  if (day.dEnd !== undefined) {
    piece.dEnd = day.dEnd;
    return true;
  }
  const weekday = readJapaneseWeekday(text, day.end);
  if (weekday) {
    piece.weekday = { written: weekday.written, index: weekday.index, english: false };
    piece.end = weekday.end;
  }
  return true;
}

const GENERIC_YEAR_BEFORE = /(?:年|年[のノ]|年度[のノ]|年度に属する|年における|当該|その|同一の|につき|起算して)$/;
/** After a month without a year: labels (`十月新法人税法`) and counts (`一月につき`). */
const NOT_A_MONTH_AFTER = [
  '新',
  '旧',
  'につき',
  'をこえ',
  'を超え',
  '経過',
  'を経過',
  'に満たない',
  'を限度',
  'の月数',
];

/** A Japanese date at pos: a year with optional month/day, or a month (with day) whose year is omitted. */
function readJapanese(ctx: Context, pos: number): Piece | 'skip' | undefined {
  const text = ctx.text;
  if (text.startsWith('本日', pos)) {
    if (pos > 0 && isIdeographCode(text.charCodeAt(pos - 1))) return undefined;
    const doc = ctx.doc;
    return {
      start: pos,
      end: pos + 2,
      y: doc?.d !== undefined ? doc.y : undefined,
      ...(doc?.d !== undefined ? { m: doc.m, d: doc.d } : {}),
      explicitYear: false,
      relative: documentRelative(ctx, '本日'),
    };
  }
  const year = readYear(ctx, pos);
  if (year === 'skip') return 'skip';
  if (year) {
    const piece: Piece = { start: pos, end: year.end, y: year.y, explicitYear: year.explicit };
    if (year.era) piece.era = year.era;
    if (year.eraInfo) piece.eraInfo = year.eraInfo;
    if (year.relative) piece.relative = year.relative;
    if (year.fiscal) piece.fiscal = 'april-to-march';
    else readMonthDay(text, piece, year.end, false);
    return piece;
  }
  // A month without a year: only with a year to resolve it against.
  const prev = pos > 0 ? text[pos - 1]! : '';
  if (prev === '第' || prev === '毎' || prev === '各' || prev === '翌' || prev === '前' || prev === '同')
    return undefined;
  // A month of a generic year (`その年の八月`, `当該年度の四月`, `翌年の一月一日`) has no calendar value.
  if (GENERIC_YEAR_BEFORE.test(text.slice(Math.max(0, pos - 8), pos))) return undefined;
  const piece: Piece = { start: pos, end: pos, y: undefined, explicitYear: false };
  if (!readMonthDay(text, piece, pos, true) || piece.m === undefined) return undefined;
  if (startsWithAny(text, piece.end, NOT_A_MONTH_AFTER)) return undefined;
  // Without a year, an impossible month or day is a count (`月数が四十八月`), not a bad date.
  if (piece.m < 1 || piece.m > 12 || (piece.mEnd !== undefined && (piece.mEnd < 1 || piece.mEnd > 12)))
    return undefined;
  if (piece.d !== undefined && (piece.d < 1 || piece.d > 31)) return undefined;
  moveToLine(ctx, pos);
  const last = ctx.last;
  if (last && last.range.start >= ctx.lineStart) {
    piece.y = last.y;
    piece.relative = { kind: 'preceding', anchor: pad(last.y, 4), anchorRange: last.range };
  } else if (ctx.doc) {
    piece.y = ctx.doc.y;
    piece.relative = { kind: 'document', anchor: ctx.docIso, ...(ctx.docRange ? { anchorRange: ctx.docRange } : {}) };
  } else return undefined;
  return piece;
}

function fiscalPiece(pos: number, year: YearPart): Piece {
  const piece: Piece = { start: pos, end: year.end, y: year.y, explicitYear: true, fiscal: 'april-to-march' };
  if (year.era) piece.era = year.era;
  if (year.eraInfo) piece.eraInfo = year.eraInfo;
  return piece;
}

/** The second date of a Japanese range, which may omit what it shares with the first. */
function readRangeEnd(ctx: Context, pos: number, first: Piece): Piece | undefined {
  const text = ctx.text;
  if (text.startsWith('同年', pos)) {
    const piece: Piece = { start: pos, end: pos + 2, y: first.y, explicitYear: false };
    if (!readMonthDay(text, piece, pos + 2, false)) return undefined;
    return durationFollows(text, piece.end, NOT_A_YEAR_AFTER) ? undefined : piece;
  }
  if (text.startsWith('同月', pos) && first.m !== undefined) {
    const day = readDay(text, pos + 2);
    if (!day || day.dEnd !== undefined || durationFollows(text, day.end, NOT_A_POINT_AFTER)) return undefined;
    return { start: pos, end: day.end, y: first.y, m: first.m, d: day.d, explicitYear: false };
  }
  const year = readYear(ctx, pos);
  if (year === 'skip') return undefined;
  // A range joins two fiscal years or two calendar dates, never one of each.
  if (first.fiscal !== undefined) return year && year.explicit && year.fiscal ? fiscalPiece(pos, year) : undefined;
  if (year) {
    if (!year.explicit || year.fiscal) return undefined;
    const piece: Piece = { start: pos, end: year.end, y: year.y, explicitYear: true };
    if (year.era) piece.era = year.era;
    if (year.eraInfo) piece.eraInfo = year.eraInfo;
    readMonthDay(text, piece, year.end, false);
    return piece.mEnd !== undefined || piece.dEnd !== undefined ? undefined : piece;
  }
  if (first.m !== undefined) {
    const piece: Piece = { start: pos, end: pos, y: first.y, explicitYear: false };
    if (
      readMonthDay(text, piece, pos, true) &&
      piece.m !== undefined &&
      piece.mEnd === undefined &&
      piece.dEnd === undefined
    )
      return piece;
  }
  if (first.d !== undefined) {
    const day = readDay(text, pos);
    if (!day || day.dEnd !== undefined || durationFollows(text, day.end, NOT_A_POINT_AFTER)) return undefined;
    const piece: Piece = { start: pos, end: day.end, y: first.y, m: first.m, d: day.d, explicitYear: false };
    const weekday = readJapaneseWeekday(text, day.end);
    if (weekday) {
      piece.weekday = { written: weekday.written, index: weekday.index, english: false };
      piece.end = weekday.end;
    }
    return piece;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// English

function readWord(text: string, pos: number): string {
  let q = pos;
  while (q < text.length && q - pos < 12 && isAsciiLetterCode(text.charCodeAt(q))) q++;
  return text.slice(pos, q);
}

function isWordBoundaryAt(text: string, pos: number): boolean {
  if (pos >= text.length) return true;
  const c = text.charCodeAt(pos);
  return !isAsciiLetterCode(c) && !isDigitCode(c);
}

function englishMonthAt(text: string, pos: number): { m: number; end: number } | undefined {
  const word = readWord(text, pos);
  const m = EN_MONTHS.get(word);
  if (m === undefined || !isWordBoundaryAt(text, pos + word.length)) return undefined;
  let end = pos + word.length;
  if (word.length <= 4 && word !== 'May' && word !== 'June' && word !== 'July' && text[end] === '.') end++;
  return { m, end };
}

function readOrdinalDay(text: string, pos: number): { d: number; end: number } | undefined {
  const n = readAsciiDigits(text, pos, 1, 2);
  if (!n) return undefined;
  let end = n.end;
  const suffix = text.slice(end, end + 2);
  if (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') end += 2;
  if (!isWordBoundaryAt(text, end)) return undefined;
  return { d: n.value, end };
}

function readFourDigitYear(text: string, pos: number): { y: number; end: number } | undefined {
  const n = readAsciiDigits(text, pos, 4, 4);
  if (!n || !isWordBoundaryAt(text, n.end)) return undefined;
  return { y: n.value, end: n.end };
}

const EN_RANGE_DASHES = '-–—';
const EN_RANGE_WORDS = ['to', 'until', 'through'];

/** The join between the two dates of an English range (` – `, `-`, ` to `): the position after it. */
function readEnglishRangeJoin(text: string, pos: number): number | undefined {
  const q = skipSpaces(text, pos, 2);
  if (EN_RANGE_DASHES.includes(text[q] ?? '\n')) return skipSpaces(text, q + 1, 2);
  if (q === pos) return undefined;
  for (const word of EN_RANGE_WORDS) {
    if (text.startsWith(word, q) && text[q + word.length] === ' ') return skipSpaces(text, q + word.length, 2);
  }
  return undefined;
}

/** A day or a range of days in one month: `15`, `15th`, `11-14`, `1–22`. */
function readDays(text: string, pos: number): { d: number; dEnd?: number; end: number } | undefined {
  const day = readOrdinalDay(text, pos);
  if (!day) return undefined;
  if (EN_RANGE_DASHES.includes(text[day.end] ?? '\n')) {
    const second = readOrdinalDay(text, day.end + 1);
    if (second) return { d: day.d, dEnd: second.d, end: second.end };
  }
  return day;
}

/** After `, ` or spaces: a four-digit year, or undefined. */
function readYearAfter(text: string, pos: number): { y: number; end: number } | undefined {
  const q0 = text[pos] === ',' ? pos + 1 : pos;
  const q = skipSpaces(text, q0, 3);
  return q > q0 ? readFourDigitYear(text, q) : undefined;
}

/** A date read alone; `y` is undefined when the text gives no year after it (`February 28 – …`). */
type SingleDate = Piece;

/** A single date at pos, month first: `March 15, 2026`, `March 2026`, `July 1–22, 1944`, `February 28`. */
function monthFirstDate(text: string, pos: number): SingleDate | undefined {
  const month = englishMonthAt(text, pos);
  if (!month) return undefined;
  const afterMonth = skipSpaces(text, month.end, 3);
  if (afterMonth === month.end) return undefined;
  const days = readDays(text, afterMonth);
  if (days) {
    const year = readYearAfter(text, days.end);
    const piece: Piece = year
      ? { start: pos, end: year.end, y: year.y, m: month.m, d: days.d, explicitYear: true }
      : { start: pos, end: days.end, y: undefined, m: month.m, d: days.d, explicitYear: false };
    if (days.dEnd !== undefined) piece.dEnd = days.dEnd;
    return piece;
  }
  const year = readFourDigitYear(text, afterMonth);
  if (!year) return undefined;
  return { start: pos, end: year.end, y: year.y, m: month.m, explicitYear: true };
}

/** A single date at pos, day first: `15 March 2026`, `11-14 October 1988`, `28 February`. */
function dayFirstDate(text: string, pos: number): SingleDate | undefined {
  const days = readDays(text, pos);
  if (!days) return undefined;
  const afterDay = skipSpaces(text, days.end, 3);
  if (afterDay === days.end) return undefined;
  const month = englishMonthAt(text, afterDay);
  if (!month) return undefined;
  const year = readYearAfter(text, month.end);
  const piece: Piece = year
    ? { start: pos, end: year.end, y: year.y, m: month.m, d: days.d, explicitYear: true }
    : { start: pos, end: month.end, y: undefined, m: month.m, d: days.d, explicitYear: false };
  if (days.dEnd !== undefined) piece.dEnd = days.dEnd;
  return piece;
}

/**
 * A date, or the start of a range: a complete date may be followed by the end of a range of the
 * same precision (`1 January 2025 to 31 December 2027`); a date without its year is one only
 * when the end of a range follows at once and gives the year (`February 28 – March 2, 2024`).
 */
function withRange(
  text: string,
  first: SingleDate | undefined,
  read: (at: number) => SingleDate | undefined,
): Piece | undefined {
  if (!first) return undefined;
  if (first.dEnd !== undefined) return first.y === undefined ? undefined : first;
  const join = readEnglishRangeJoin(text, first.end);
  if (first.y === undefined) {
    const next = join === undefined ? undefined : read(join);
    if (!next || next.y === undefined || next.d === undefined || next.dEnd !== undefined) return undefined;
    first.y = next.y;
    first.next = next;
    return first;
  }
  if (join === undefined) return first;
  const next = monthFirstDate(text, join) ?? dayFirstDate(text, join);
  if (next && next.y !== undefined && next.dEnd === undefined && (next.d === undefined) === (first.d === undefined))
    first.next = next;
  return first;
}

/** `March 15, 2026`, `March 2026`, `July 1–22, 1944`, `February 28 – March 2, 2024` at pos (the month name). */
function readEnglishMonthFirst(text: string, pos: number): Piece | undefined {
  return withRange(text, monthFirstDate(text, pos), (at) => monthFirstDate(text, at));
}

/** `15 March 2026`, `11-14 October 1988`, `28 February – 2 March 2024` at pos (the day). */
function readEnglishDayFirst(text: string, pos: number): Piece | undefined {
  return withRange(text, dayFirstDate(text, pos), (at) => dayFirstDate(text, at));
}

// The signing formula: `this fifth day of November, 1996`, `the 18th day of July 1985`,
// `twentieth day of July, one thousand nine hundred and sixty-three`.

const ORDINAL_UNITS: ReadonlyMap<string, number> = new Map([
  ['first', 1],
  ['second', 2],
  ['third', 3],
  ['fourth', 4],
  ['fifth', 5],
  ['sixth', 6],
  ['seventh', 7],
  ['eighth', 8],
  ['ninth', 9],
]);
const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ...ORDINAL_UNITS,
  ['tenth', 10],
  ['eleventh', 11],
  ['twelfth', 12],
  ['thirteenth', 13],
  ['fourteenth', 14],
  ['fifteenth', 15],
  ['sixteenth', 16],
  ['seventeenth', 17],
  ['eighteenth', 18],
  ['nineteenth', 19],
  ['twentieth', 20],
  ['thirtieth', 30],
]);
const CARDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['thirteen', 13],
  ['fourteen', 14],
  ['fifteen', 15],
  ['sixteen', 16],
  ['seventeen', 17],
  ['eighteen', 18],
  ['nineteen', 19],
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
]);

function isSpaceLike(c: string | undefined): boolean {
  return c === ' ' || c === '\u00a0' || c === '\n' || c === '\r' || c === '\t';
}

/** Spaces and at most one line break (a hard-wrapped formula), up to max characters. */
function skipWhitespace(text: string, pos: number, max: number): number {
  let q = pos;
  while (q < text.length && q - pos < max && isSpaceLike(text[q])) q++;
  return q;
}

/** The words of a phrase, case-insensitive, separated by whitespace; the position after it. */
function readPhrase(text: string, pos: number, words: readonly string[]): number | undefined {
  let q = pos;
  for (let i = 0; i < words.length; i++) {
    if (i > 0) {
      const after = skipWhitespace(text, q, 3);
      if (after === q) return undefined;
      q = after;
    }
    const word = words[i]!;
    if (text.slice(q, q + word.length).toLowerCase() !== word || !isWordBoundaryAt(text, q + word.length))
      return undefined;
    q += word.length;
  }
  return q;
}

/** `fifth`, `Twelfth`, `twenty-first`, `thirty first`. */
function readOrdinalWordDay(text: string, pos: number): { d: number; end: number } | undefined {
  const word = readWord(text, pos).toLowerCase();
  let q = pos + word.length;
  let value = ORDINAL_WORDS.get(word);
  if (value === undefined && (word === 'twenty' || word === 'thirty') && (text[q] === '-' || text[q] === ' ')) {
    const unit = readWord(text, q + 1).toLowerCase();
    const units = ORDINAL_UNITS.get(unit);
    if (units !== undefined) {
      value = (word === 'twenty' ? 20 : 30) + units;
      q += 1 + unit.length;
    }
  }
  if (value === undefined || value > 31 || !isWordBoundaryAt(text, q)) return undefined;
  return { d: value, end: q };
}

/** A year in words: `one thousand nine hundred and sixty-seven`, `two thousand and three`, `nineteen hundred and five`. */
function readYearInWords(text: string, pos: number): { y: number; end: number } | undefined {
  let total = 0;
  let current = 0;
  let numberWords = 0;
  let end = pos;
  let q = pos;
  for (let i = 0; i < 14; i++) {
    const word = readWord(text, q).toLowerCase();
    if (word === '') break;
    const n = CARDINAL_WORDS.get(word);
    if (n !== undefined) current += n;
    else if (word === 'hundred' && current > 0) current *= 100;
    else if (word === 'thousand' && current > 0) {
      total += current * 1000;
      current = 0;
    } else if (word !== 'and' || numberWords === 0) break;
    q += word.length;
    if (word !== 'and') {
      numberWords++;
      end = q;
    }
    if (text[q] === '-') q++;
    else {
      const after = skipWhitespace(text, q, 2);
      if (after === q) break;
      q = after;
    }
  }
  const y = total + current;
  if (numberWords < 2 || y < 1000 || y > 2999) return undefined;
  return { y, end };
}

/** A month name in any case (`July`, `july`, `JULY`): after `day of`, only a month can follow. */
function englishMonthAnyCase(text: string, pos: number): { m: number; end: number } | undefined {
  const word = readWord(text, pos);
  if (word.length < 3) return undefined;
  const m = EN_MONTHS.get(word[0]!.toUpperCase() + word.slice(1).toLowerCase());
  return m === undefined ? undefined : { m, end: pos + word.length };
}

/** `fifth day of November, 1996` at pos (the day, in digits or words). */
function readEnglishDayOf(text: string, pos: number): Piece | undefined {
  const day = isDigitCode(text.charCodeAt(pos)) ? readOrdinalDay(text, pos) : readOrdinalWordDay(text, pos);
  if (!day) return undefined;
  const afterDay = skipWhitespace(text, day.end, 3);
  if (afterDay === day.end) return undefined;
  const afterOf = readPhrase(text, afterDay, ['day', 'of']);
  if (afterOf === undefined) return undefined;
  const monthAt = skipWhitespace(text, afterOf, 3);
  const month = monthAt > afterOf ? englishMonthAnyCase(text, monthAt) : undefined;
  if (!month) return undefined;
  let q = text[month.end] === ',' ? month.end + 1 : month.end;
  const afterComma = skipWhitespace(text, q, 3);
  if (afterComma === q) return undefined;
  q = afterComma;
  // `in the year one thousand …`, `in the year of our Lord one thousand …`
  const inTheYear = readPhrase(text, q, ['in', 'the', 'year']);
  if (inTheYear !== undefined) {
    q = skipWhitespace(text, inTheYear, 3);
    const ofOurLord = readPhrase(text, q, ['of', 'our', 'lord']);
    if (ofOurLord !== undefined) q = skipWhitespace(text, ofOurLord, 3);
  }
  const year = readFourDigitYear(text, q) ?? readYearInWords(text, q);
  if (!year) return undefined;
  return { start: pos, end: year.end, y: year.y, m: month.m, d: day.d, explicitYear: true };
}

/**
 * `fiscal year 2027`, `FY2027`, `FY 2027` (whose fiscal year is not said) and `Japanese fiscal year
 * 2027`, `JFY2027` (Japan's, April to March) at pos.
 */
function readEnglishFiscalYear(text: string, pos: number, token: string): Piece | undefined {
  const lower = token.toLowerCase();
  let q = pos + token.length;
  let fiscal: DateFiscalYear = 'unspecified';
  if (token === 'FY' || token === 'JFY') {
    if (text[q] === ' ' || text[q] === '\u00a0') q++;
    if (token === 'JFY') fiscal = 'april-to-march';
  } else {
    let phrase: number | undefined;
    if (lower === 'japanese') {
      phrase = readPhrase(text, pos, ['japanese', 'fiscal', 'year']);
      fiscal = 'april-to-march';
    } else if (lower === 'fiscal') phrase = readPhrase(text, pos, ['fiscal', 'year']);
    if (phrase === undefined) return undefined;
    q = skipSpaces(text, phrase, 2);
    if (q === phrase) return undefined;
  }
  const year = readFourDigitYear(text, q);
  if (!year || year.y < 1900 || year.y > 2099) return undefined;
  return { start: pos, end: year.end, y: year.y, explicitYear: true, fiscal };
}

/** A bracketed English weekday after a date: ` (Monday)`. */
function readEnglishWeekdayAfter(
  text: string,
  pos: number,
): { written: string; index: number; end: number } | undefined {
  const q = skipSpaces(text, pos, 2);
  if (text[q] !== '(') return undefined;
  const word = readWord(text, q + 1);
  const index = englishWeekdayIndex(word);
  if (index === undefined || text[q + 1 + word.length] !== ')') return undefined;
  return { written: word, index, end: q + 2 + word.length };
}

function englishWeekdayIndex(word: string): number | undefined {
  const full = EN_WEEKDAYS.indexOf(word);
  if (full >= 0) return full;
  return EN_WEEKDAY_ABBREVIATIONS.get(word);
}

/** Words before a bare number that make it a label rather than a year. */
const NOT_A_YEAR_BEFORE =
  /(?:Article|Section|Chapter|Paragraph|Annex|Rule|Resolution|Decree|Decision|Circular|Law|No\.|Nos\.|Number|Room|Page|page|p\.|pp\.|Flight|Route|ISO|Lot|Case|Highway|#)\s{0,2}$/;
/** Words after a bare number that make it an amount. */
const NOT_A_YEAR_AFTER_EN =
  /^\s{0,2}(?:million|billion|trillion|thousand|hundred|percent|per|people|persons|students|workers|km|m|kg|t|tons|tonnes|MW|GW|kW|ha|hectares|USD|dollars|yen|won|VND|euros|units|times|hours|minutes|cases|companies|projects|members|pieces|vehicles|drones|feet|metres|meters)(?![A-Za-z])/;

const EN_RELATIVE_YEARS: ReadonlyMap<string, number> = new Map([
  ['this', 0],
  ['This', 0],
  ['last', -1],
  ['Last', -1],
  ['next', 1],
  ['Next', 1],
]);

// ---------------------------------------------------------------------------------------------
// Validation and assembly

/** English month names, January first; shared with the hover and the date rules. */
export const ENGLISH_MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function monthName(m: number): string {
  return ENGLISH_MONTHS[m - 1] ?? String(m);
}

interface PieceCheck {
  readonly problems: DateProblem[];
  /** No problem: the value is the date. */
  readonly ok: boolean;
  /** The value can be given as written: no problem, or only an impossible month or day. */
  readonly writable: boolean;
  readonly lunar: boolean;
}

/** Checks one piece; returns its problems and whether its value can be given. */
function validatePiece(piece: Piece, surface: string): PieceCheck {
  const problems: DateProblem[] = [];
  const { y, m, d } = piece;
  // Era year 0 and a disagreeing era leave no year to write down; a bad month or day does.
  let yearKnown = true;
  if (piece.era && piece.era.year < 1) {
    yearKnown = false;
    problems.push({
      code: 'invalid-date',
      message: `'${surface}' gives year ${piece.era.year} of the ${piece.era.name} era, which does not exist: era years start at 1 (元年); correct the year.`,
    });
  }
  if (
    piece.era &&
    piece.era.writtenWesternYear !== undefined &&
    piece.era.writtenWesternYear !== piece.era.westernYear
  ) {
    yearKnown = false;
    problems.push({
      code: 'era-mismatch',
      message: `'${surface}': ${piece.era.name}${piece.era.year}年 is ${piece.era.westernYear}, not ${piece.era.writtenWesternYear} as written; correct the era year or the western year.`,
    });
  }
  const months = piece.mEnd !== undefined ? [m, piece.mEnd] : [m];
  for (const month of months) {
    if (month !== undefined && (month < 1 || month > 12)) {
      problems.push({
        code: 'invalid-date',
        message: `'${surface}' gives month ${month}, which does not exist; correct the month (1–12).`,
      });
    }
  }
  const days = piece.dEnd !== undefined ? [d, piece.dEnd] : [d];
  // Before 明治6年 Japan's months were lunisolar, of 29 or 30 days: 明治5年2月30日 existed.
  const lunisolar = y !== undefined && y < 1873 && piece.eraInfo !== undefined;
  if (y !== undefined && m !== undefined && m >= 1 && m <= 12 && lunisolar) {
    for (const day of days) {
      if (day !== undefined && (day < 1 || day > 30)) {
        problems.push({
          code: 'invalid-date',
          message: `'${surface}' gives day ${day} of a month of the old lunisolar calendar, whose months had 29 or 30 days; correct the date.`,
        });
      }
    }
  } else if (y !== undefined && m !== undefined && m >= 1 && m <= 12) {
    for (const day of days) {
      if (day !== undefined && (day < 1 || day > daysInMonth(y, m))) {
        problems.push({
          code: 'invalid-date',
          message: `'${surface}' gives day ${day} of ${monthName(m)} ${y}, which does not exist (that month has ${daysInMonth(y, m)} days); correct the date.`,
        });
      }
    }
  } else if (y === undefined && m !== undefined && m >= 1 && m <= 12) {
    for (const day of days) {
      if (day !== undefined && (day < 1 || day > (m === 2 ? 29 : daysInMonth(2000, m)))) {
        problems.push({
          code: 'invalid-date',
          message: `'${surface}' gives day ${day} of ${monthName(m)}, which does not exist; correct the date.`,
        });
      }
    }
  }
  // An era date before the era began (明治 is exempt: its start was made retroactive to New Year 1868).
  const era = piece.eraInfo;
  if (era && piece.era && piece.era.year === 1 && era.name !== '明治' && y !== undefined && problems.length === 0) {
    const lastMonth = piece.mEnd ?? m;
    const lastDay = piece.dEnd ?? d;
    const latest =
      lastMonth === undefined
        ? `${pad(y, 4)}-12-31`
        : lastDay === undefined
          ? `${pad(y, 4)}-${pad(lastMonth, 2)}-${pad(daysInMonth(y, lastMonth), 2)}`
          : isoOf({ y, m: lastMonth, d: lastDay });
    if (latest < era.start) {
      yearKnown = false;
      problems.push({
        code: 'era-mismatch',
        message: `'${surface}' is before the ${era.name} era began (${era.start}); write the date in the previous era or correct it.`,
      });
    }
  }
  if (piece.dEnd !== undefined && d !== undefined && piece.dEnd < d) {
    yearKnown = false;
    problems.push({
      code: 'reversed-range',
      message: `The range '${surface}' ends (day ${piece.dEnd}) before it starts (day ${d}); swap the two days or correct one of them.`,
    });
  }
  const lunar = y !== undefined && y < 1873 && piece.eraInfo !== undefined;
  return { problems, ok: problems.length === 0 && y !== undefined, writable: yearKnown && y !== undefined, lunar };
}

function pieceValue(piece: Piece, lunar: boolean): string | undefined {
  if (piece.y === undefined) return undefined;
  if (piece.fiscal === 'april-to-march') return `${pad(piece.y, 4)}-04/${pad(piece.y + 1, 4)}-03`;
  if (lunar || piece.fiscal === 'unspecified') return pad(piece.y, 4);
  if (piece.mEnd !== undefined) return `${isoOf({ y: piece.y, m: piece.m })}/${isoOf({ y: piece.y, m: piece.mEnd })}`;
  if (piece.dEnd !== undefined)
    return `${isoOf({ y: piece.y, m: piece.m, d: piece.d })}/${isoOf({ y: piece.y, m: piece.m, d: piece.dEnd })}`;
  return isoOf({ y: piece.y, m: piece.m, d: piece.d });
}

function weekdayOfPiece(piece: Piece, lunar: boolean): { weekday: DateWeekday; problem?: DateProblem } | undefined {
  const w = piece.weekday;
  if (!w) return undefined;
  const { y, m, d } = piece;
  if (
    y === undefined ||
    m === undefined ||
    d === undefined ||
    lunar ||
    m < 1 ||
    m > 12 ||
    d < 1 ||
    d > daysInMonth(y, m)
  ) {
    return { weekday: { written: w.written, actual: undefined } };
  }
  const index = weekdayOf(y, m, d);
  let actual: string;
  if (w.english) {
    const full = EN_WEEKDAYS[index]!;
    actual = w.written.length === full.length ? full : full.slice(0, w.written.length);
  } else {
    actual = JA_WEEKDAYS[index]! + w.written.slice(1).replace(/[・･、]祝日?$/, '');
  }
  const weekday: DateWeekday = { written: w.written, actual };
  if (index === w.index) return { weekday };
  return {
    weekday,
    problem: {
      code: 'weekday-mismatch',
      message: `${isoOf({ y, m, d })} is a ${EN_WEEKDAYS[index]}, but the text says ${EN_WEEKDAYS[w.index]} (${w.written}); correct the weekday or the date.`,
    },
  };
}

function makeMention(ctx: Context, first: Piece, second: Piece | undefined): DateMention {
  const start = first.start;
  const end = second ? second.end : first.end;
  const surface = ctx.text.slice(start, end);
  const problems: DateProblem[] = [];
  const v1 = validatePiece(first, surface);
  for (const problem of v1.problems) problems.push(problem);
  const w1 = weekdayOfPiece(first, v1.lunar);
  if (w1?.problem) problems.push(w1.problem);
  let value = v1.writable ? pieceValue(first, v1.lunar) : undefined;
  let weekday = w1?.weekday;
  if (second) {
    const v2 = validatePiece(second, surface);
    for (const problem of v2.problems) problems.push(problem);
    const w2 = weekdayOfPiece(second, v2.lunar);
    if (w2?.problem) problems.push(w2.problem);
    weekday ??= w2?.weekday;
    const a = v1.writable ? pieceValue(first, v1.lunar) : undefined;
    const b = v2.writable ? pieceValue(second, v2.lunar) : undefined;
    // A piece may itself be a span (a fiscal year): the range runs from the first's start to the second's end.
    const aStart = a?.split('/')[0];
    const bStart = b?.split('/')[0];
    value = a !== undefined && b !== undefined ? `${aStart}/${b.split('/').pop()}` : undefined;
    if (aStart !== undefined && bStart !== undefined && v1.ok && v2.ok) {
      const n = Math.min(aStart.length, bStart.length);
      if (bStart.slice(0, n) < aStart.slice(0, n)) {
        problems.push({
          code: 'reversed-range',
          message: `The range '${surface}' ends (${b}) before it starts (${a}); swap the two dates or correct one of them.`,
        });
        value = undefined;
      }
    }
  }
  const era = first.era ?? second?.era;
  const relative = first.relative ?? second?.relative;
  const fiscalYear = second?.fiscal ?? first.fiscal;
  const last = second ?? first;
  ctx.lastFiscalYear = last.fiscal !== undefined ? last.y : undefined;
  // Properties one by one in this order, not spreads of conditional objects (V8's slow path).
  const mention: Partial<Writable<DateMention>> = { range: { start, end }, text: surface, value };
  if (fiscalYear) mention.fiscalYear = fiscalYear;
  if (relative) mention.relative = relative;
  if (era) mention.era = era;
  if (weekday) mention.weekday = weekday;
  mention.problems = problems;
  return mention as DateMention;
}

// ---------------------------------------------------------------------------------------------
// The scanner

/**
 * Where a date may begin: an era name, a word for this year or today, a run of digits, of
 * kanji numerals or of Latin letters — tried in that order at each offset, as an alternation
 * would. A scan over a table of first code units rather than a global regex: a statute has an
 * anchor every few characters (every 第三条 holds one), and each regex match would allocate.
 */
interface AnchorScanner {
  readonly eras: readonly JapaneseEra[];
  /** The era names and the words, in the order they are tried, by their first code unit. */
  readonly wordsByFirst: ReadonlyMap<number, readonly string[]>;
  /** 1 where an anchor may begin. */
  readonly starts: Uint8Array;
}

const ANCHOR_WORDS = ['本年', '今年', '昨年', '来年', '同年', '本日'];
const IS_ANCHOR_DIGIT = new Uint8Array(0x10000);
const IS_ANCHOR_LETTER = new Uint8Array(0x10000);
for (let c = 0x30; c <= 0x39; c++) IS_ANCHOR_DIGIT[c] = 1;
for (let c = 0xff10; c <= 0xff19; c++) IS_ANCHOR_DIGIT[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) IS_ANCHOR_LETTER[c] = IS_ANCHOR_LETTER[c + 0x20] = 1;

function buildAnchorScanner(eras: readonly JapaneseEra[]): AnchorScanner {
  const wordsByFirst = new Map<number, string[]>();
  const starts = new Uint8Array(0x10000);
  for (const word of [...eras.map((e) => e.name), ...ANCHOR_WORDS]) {
    if (word.length === 0) continue;
    const first = word.charCodeAt(0);
    wordsByFirst.set(first, [...(wordsByFirst.get(first) ?? []), word]);
    starts[first] = 1;
  }
  for (let c = 0; c < 0x10000; c++)
    if (IS_ANCHOR_DIGIT[c] || IS_KANJI_DATE_NUMERAL[c] || IS_ANCHOR_LETTER[c]) starts[c] = 1;
  return { eras, wordsByFirst, starts };
}

/** The length of the anchor at `at`, or 0 when none begins there. */
function anchorLengthAt(scanner: AnchorScanner, text: string, at: number): number {
  const c = text.charCodeAt(at);
  const words = scanner.wordsByFirst.get(c);
  if (words) for (const word of words) if (text.startsWith(word, at)) return word.length;
  const run = IS_ANCHOR_DIGIT[c]
    ? IS_ANCHOR_DIGIT
    : IS_KANJI_DATE_NUMERAL[c]
      ? IS_KANJI_DATE_NUMERAL
      : IS_ANCHOR_LETTER[c]
        ? IS_ANCHOR_LETTER
        : undefined;
  if (!run) return 0;
  let end = at + 1;
  while (end < text.length && run[text.charCodeAt(end)] === 1) end++;
  return end - at;
}

let anchorCache: AnchorScanner | undefined;

/** Finds every date mention in the text, in order. Never throws. */
export function recogniseDates(text: string, options: RecogniseDatesOptions = {}): DateMention[] {
  const eras = japaneseEras();
  if (!anchorCache || anchorCache.eras !== eras) anchorCache = buildAnchorScanner(eras);
  const scanner = anchorCache;
  const doc = parseIso(options.documentDate);
  const ctx: Context = {
    text,
    eras,
    doc,
    docIso: doc ? isoOf(doc) : undefined,
    docRange: options.documentDateRange,
    last: undefined,
    lastFiscalYear: undefined,
    lineStart: 0,
    lineEnd: -1,
    lineEnglish: undefined,
  };
  const mentions: DateMention[] = [];
  const starts = scanner.starts;
  let next = 0;
  while (next < text.length) {
    if (starts[text.charCodeAt(next)] === 0) {
      next++;
      continue;
    }
    const pos = next;
    const length = anchorLengthAt(scanner, text, pos);
    if (length === 0) {
      next++;
      continue;
    }
    // 第三条: a kanji numeral after 第 is an ordinal (recogniseAt says so too), known here
    // before the token is cut out of the text.
    if (IS_KANJI_DATE_NUMERAL[text.charCodeAt(pos)] === 1 && pos > 0 && text.charCodeAt(pos - 1) === 0x7b2c) {
      next = pos + length;
      continue;
    }
    const token = text.slice(pos, pos + length);
    next = pos + length;
    const result = recogniseAt(ctx, pos, token);
    if (result === undefined) continue;
    if (typeof result === 'number') {
      next = Math.max(result, pos + token.length);
      continue;
    }
    mentions.push(result);
    next = result.range.end;
    if (result.fiscalYear !== undefined) {
      if (ctx.lastFiscalYear !== undefined) ctx.last = { y: ctx.lastFiscalYear, m: undefined, range: result.range };
      continue;
    }
    const parsed = parseIso(result.value?.split('/').pop());
    if (parsed) ctx.last = { y: parsed.y, m: parsed.m, range: result.range };
  }
  return mentions;
}

/** A mention at pos, a position to skip to, or undefined. */
function recogniseAt(ctx: Context, pos: number, token: string): DateMention | number | undefined {
  const text = ctx.text;
  const first = token.charCodeAt(0);
  if (isAsciiLetterCode(first)) return recogniseEnglishWord(ctx, pos, token);
  if (isDigitCode(first)) {
    const prev = pos > 0 ? text.charCodeAt(pos - 1) : 0;
    // Part of a larger number or code: 1,2025 / 3.2025 / v2025 / 第1回.
    if ((prev === 44 || prev === 46) && pos > 1 && isDigitCode(text.charCodeAt(pos - 2))) return undefined;
    if (isAsciiLetterCode(prev) || prev === 0x7b2c /* 第 */) return undefined;
    if (token.length === 4 && /^[0-9]{4}$/.test(token)) {
      const numeric = recogniseNumericDate(ctx, pos);
      if (numeric) return numeric;
    }
    if (token.length <= 2 && /^[0-9]+$/.test(token)) {
      const english = readEnglishDayOf(text, pos) ?? readEnglishDayFirst(text, pos);
      if (english) return finishEnglish(ctx, english);
    }
    const japanese = recogniseJapanese(ctx, pos);
    if (japanese !== undefined) return japanese;
    if (token.length === 4 && /^[0-9]{4}$/.test(token) && isEnglishLine(ctx, pos))
      return recogniseEnglishYear(ctx, pos);
    return undefined;
  }
  if (KANJI_DATE_NUMERALS.includes(token[0]!)) {
    if (pos > 0 && text[pos - 1] === '第') return undefined;
  }
  return recogniseJapanese(ctx, pos);
}

function recogniseJapanese(ctx: Context, pos: number): DateMention | number | undefined {
  const first = readJapanese(ctx, pos);
  if (first === 'skip') return skipPast(ctx.text, pos);
  if (!first) return undefined;
  let second: Piece | undefined;
  if (first.mEnd === undefined && first.dEnd === undefined) {
    const text = ctx.text;
    let q = first.end;
    if (text.startsWith('から', q)) q += 2;
    else if (JA_SEPARATORS.includes(text[q] ?? '\n')) q += 1;
    if (q > first.end) second = readRangeEnd(ctx, q, first);
  }
  return makeMention(ctx, first, second);
}

/** Past the number-and-unit run at pos (for skipped fiscal years and durations). */
function skipPast(text: string, pos: number): number {
  let q = pos;
  while (q < text.length && q - pos < 16 && text[q] !== '年') q++;
  return q + 1;
}

/** `2025/04/30`, `2025-04-30`, and in English lines the ranges `2025-30` and `2025–2030`. */
function recogniseNumericDate(ctx: Context, pos: number): DateMention | undefined {
  const text = ctx.text;
  const y = Number(text.slice(pos, pos + 4));
  const sep = text[pos + 4];
  if (sep === '-' || sep === '/') {
    const month = readAsciiDigits(text, pos + 5, 1, 2);
    if (month && text[month.end] === sep) {
      const day = readAsciiDigits(text, month.end + 1, 1, 2);
      if (
        day &&
        isWordBoundaryAt(text, day.end) &&
        !(text[day.end] === sep && isDigitCode(text.charCodeAt(day.end + 1)))
      ) {
        const piece: Piece = { start: pos, end: day.end, y, m: month.value, d: day.value, explicitYear: true };
        return finishEnglish(ctx, piece);
      }
    }
  }
  if ((sep === '-' || sep === '–') && isEnglishLine(ctx, pos) && y >= 1900 && y <= 2099) {
    const end2 = readAsciiDigits(text, pos + 5, 2, 4);
    if (
      end2 &&
      (end2.end - pos - 5 === 2 || end2.end - pos - 5 === 4) &&
      isWordBoundaryAt(text, end2.end) &&
      !/^[-–/.:][0-9]/.test(text.slice(end2.end, end2.end + 2))
    ) {
      let endYear = end2.end - pos - 5 === 2 ? Math.floor(y / 100) * 100 + end2.value : end2.value;
      if (endYear < y && end2.end - pos - 5 === 2 && endYear + 100 - y < 20) endYear += 100;
      if (end2.end - pos - 5 === 2 && end2.value <= 12 && endYear < y) return undefined; // 2025-04: a month, not a range
      const a: Piece = { start: pos, end: pos + 4, y, explicitYear: true };
      const b: Piece = { start: pos + 5, end: end2.end, y: endYear, explicitYear: true };
      return makeMention(ctx, a, b);
    }
  }
  return undefined;
}

function finishEnglish(ctx: Context, piece: Piece): DateMention {
  if (piece.next) return makeMention(ctx, piece, piece.next);
  if (piece.d !== undefined && !piece.weekday) {
    const weekday = readEnglishWeekdayAfter(ctx.text, piece.end);
    if (weekday) {
      piece.weekday = { written: weekday.written, index: weekday.index, english: true };
      piece.end = weekday.end;
    }
  }
  return makeMention(ctx, piece, undefined);
}

/** A bare year in English running text: `in 2026`. */
function recogniseEnglishYear(ctx: Context, pos: number): DateMention | undefined {
  const text = ctx.text;
  const y = Number(text.slice(pos, pos + 4));
  if (y < 1900 || y > 2099) return undefined;
  const prev = pos > 0 ? text[pos - 1]! : '';
  if ('$€£¥#@/\\-–.,:_+=&\'"’'.includes(prev) && prev !== '') return undefined;
  const next = text[pos + 4] ?? '';
  if (next !== '' && (isAsciiLetterCode(next.charCodeAt(0)) || isDigitCode(next.charCodeAt(0)) || next === '%'))
    return undefined;
  if (/^[,.:/\-–][0-9]/.test(text.slice(pos + 4, pos + 6))) return undefined;
  if (NOT_A_YEAR_BEFORE.test(text.slice(Math.max(0, pos - 12), pos))) return undefined;
  if (NOT_A_YEAR_AFTER_EN.test(text.slice(pos + 4, pos + 20))) return undefined;
  return makeMention(ctx, { start: pos, end: pos + 4, y, explicitYear: true }, undefined);
}

function recogniseEnglishWord(ctx: Context, pos: number, token: string): DateMention | undefined {
  const text = ctx.text;
  if (pos > 0 && isAsciiLetterCode(text.charCodeAt(pos - 1))) return undefined;
  const relative = EN_RELATIVE_YEARS.get(token);
  if (relative !== undefined) {
    const q = pos + token.length;
    if (text[q] === ' ' && text.startsWith('year', q + 1) && isWordBoundaryAt(text, q + 5)) {
      const surface = text.slice(pos, q + 5);
      const piece: Piece = {
        start: pos,
        end: q + 5,
        y: ctx.doc ? ctx.doc.y + relative : undefined,
        explicitYear: false,
        relative: {
          kind: 'document',
          word: surface,
          anchor: ctx.docIso,
          ...(ctx.docRange ? { anchorRange: ctx.docRange } : {}),
        },
      };
      return makeMention(ctx, piece, undefined);
    }
    return undefined;
  }
  const weekday = englishWeekdayIndex(token);
  if (weekday !== undefined) {
    let q = pos + token.length;
    if (text[q] === ',') q++;
    const afterSpaces = skipSpaces(text, q, 3);
    if (afterSpaces === q) return undefined;
    const date = readEnglishMonthFirst(text, afterSpaces) ?? readEnglishDayFirst(text, afterSpaces);
    if (!date || date.d === undefined) return undefined;
    date.start = pos;
    date.weekday = { written: token, index: weekday, english: true };
    return makeMention(ctx, date, date.next);
  }
  if (EN_MONTHS.has(token)) {
    const date = readEnglishMonthFirst(text, pos);
    if (date) return finishEnglish(ctx, date);
  }
  const fiscal = readEnglishFiscalYear(text, pos, token);
  if (fiscal) return makeMention(ctx, fiscal, undefined);
  const dayOf = readEnglishDayOf(text, pos);
  if (dayOf) return makeMention(ctx, dayOf, undefined);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The document's own date

const HEAD_LINES = 15;
const TAIL_LINES = 40;

/**
 * The document's own date: the first full date (year, month and day) in the first 15 non-empty
 * lines, or else the last dateline in the last 40 non-empty lines — a line that starts with a full
 * date (after an optional bracket) and either is short or goes on to a place (`2025年10月28日、東京において`),
 * or a line starting `Done at` / `Signed at` / `Dated` holding a full date. Undefined if none.
 */
export function findDocumentDate(text: string): { value: string; range: TextRange } | undefined {
  const lines: TextRange[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (text.slice(start, end).trim() !== '') lines.push({ start, end });
    if (nl < 0) break;
    start = nl + 1;
  }
  const head = lines.slice(0, HEAD_LINES);
  const headEnd = head.length > 0 ? head[head.length - 1]!.end : 0;
  for (const mention of recogniseDates(text.slice(0, headEnd))) {
    const day = fullDay(mention);
    if (day) return { value: day, range: mention.range };
  }
  const tail = lines.slice(Math.max(HEAD_LINES, lines.length - TAIL_LINES)).reverse();
  for (const line of tail) {
    const lineText = text.slice(line.start, line.end);
    const lead = /^[\s\u3000]{0,40}[(（]?/.exec(lineText)?.[0].length ?? 0;
    const signed = /^[\s\u3000]{0,40}(?:Done at|Signed at|Dated|DONE at|SIGNED at)/.test(lineText);
    for (const mention of recogniseDates(lineText)) {
      const day = fullDay(mention);
      if (!day) continue;
      const rest = lineText.slice(mention.range.end);
      const dateline =
        mention.range.start === lead &&
        (rest.length <= 30 || /^[、,]\s{0,2}[^、,。]{1,30}(?:において|にて)/.test(rest));
      if (dateline || signed)
        return { value: day, range: { start: line.start + mention.range.start, end: line.start + mention.range.end } };
    }
  }
  return undefined;
}

function fullDay(mention: DateMention): string | undefined {
  const start = mention.value?.split('/')[0];
  return start !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(start) ? start : undefined;
}
