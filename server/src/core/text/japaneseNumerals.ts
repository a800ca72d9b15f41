/**
 * Reading numbers as Japanese texts write them: kanji numerals (二十九, 百二, 三千五百),
 * positional kanji (二〇二六), full-width digits (２０２６) and ASCII digits.
 *
 * These are plain functions with no dependencies; they return `undefined` for anything
 * they cannot read rather than throwing, because the callers are recognisers that must
 * survive any input.
 */

// Tables from characters of the text are Maps: a plain object would answer for the names of
// its prototype's members (see test/robustness/sourceInvariants.test.ts).
const KANJI_DIGITS: ReadonlyMap<string, number> = new Map([
  ['〇', 0],
  ['零', 0],
  ['一', 1],
  ['壱', 1],
  ['二', 2],
  ['弐', 2],
  ['三', 3],
  ['参', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);

const SMALL_UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10],
  ['拾', 10],
  ['百', 100],
  ['千', 1000],
]);
const LARGE_UNITS: ReadonlyMap<string, number> = new Map([
  ['万', 10_000],
  ['億', 100_000_000],
]);

/** The tables above by code unit: a digit's value or -1; a unit's value or 0 (small and large units together in UNIT_VALUE). */
const DIGIT_VALUE = new Int8Array(0x10000).fill(-1);
const SMALL_UNIT_VALUE = new Int32Array(0x10000);
const UNIT_VALUE = new Int32Array(0x10000);
for (const [c, v] of KANJI_DIGITS) DIGIT_VALUE[c.charCodeAt(0)] = v;
for (const [c, v] of SMALL_UNITS) SMALL_UNIT_VALUE[c.charCodeAt(0)] = UNIT_VALUE[c.charCodeAt(0)] = v;
for (const [c, v] of LARGE_UNITS) UNIT_VALUE[c.charCodeAt(0)] = v;

/** Characters that can appear in a kanji numeral, for building recogniser patterns. */
export const KANJI_NUMERAL_CHARS = '〇零一壱二弐三参四五六七八九十拾百千万億';

/** Replaces full-width digits (０-９) with ASCII digits; the length of the string is unchanged. */
export function toHalfWidthDigits(text: string): string {
  // Most numerals have no full-width digit: a loop over a few code units finds that without a
  // regex replacement.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xff10 || c > 0xff19) continue;
    if (text.length > 32) return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    // A numeral of a few characters (２, １２): built by hand, cheaper than a replacement by regex.
    let out = text.slice(0, i);
    for (let k = i; k < text.length; k++) {
      const d = text.charCodeAt(k);
      out += d >= 0xff10 && d <= 0xff19 ? String.fromCharCode(d - 0xfee0) : text.charAt(k);
    }
    return out;
  }
  return text;
}

/**
 * Reads an Arabic (ASCII or full-width) or kanji numeral. Returns `undefined` when the text
 * is empty or is not a well-formed numeral.
 */
export function parseJapaneseNumber(text: string): number | undefined {
  if (text.length === 0) return undefined;
  const ascii = toHalfWidthDigits(text);
  if (/^[0-9]+$/.test(ascii)) return Number(ascii);
  return parseKanjiNumber(text);
}

/** Reads a kanji numeral, either with units (二千二十六) or positional (二〇二六). */
export function parseKanjiNumber(text: string): number | undefined {
  if (text.length === 0) return undefined;
  // By code unit, from typed tables: the numerals are all in the BMP, and a surrogate half is
  // in no table, so an astral character still makes the text no numeral.
  let hasUnit = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (UNIT_VALUE[c]! > 0) hasUnit = true;
    else if (DIGIT_VALUE[c]! < 0) return undefined;
  }
  if (!hasUnit) {
    // Positional form, as in 二〇二六年: each character is one decimal digit.
    let value = 0;
    for (let i = 0; i < text.length; i++) value = value * 10 + DIGIT_VALUE[text.charCodeAt(i)]!;
    return value;
  }
  let total = 0; // completed groups of 万 and 億
  let section = 0; // the part below 万 being read
  let digit: number | undefined; // a digit waiting for its unit
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = DIGIT_VALUE[c]!;
    if (d >= 0) {
      if (digit !== undefined) return undefined; // two digits in a row inside a unit numeral
      digit = d;
      continue;
    }
    const small = SMALL_UNIT_VALUE[c]!;
    if (small > 0) {
      section += (digit ?? 1) * small;
      digit = undefined;
      continue;
    }
    const large = UNIT_VALUE[c]!;
    section += digit ?? 0;
    if (section === 0) section = 1;
    total += section * large;
    section = 0;
    digit = undefined;
  }
  return total + section + (digit ?? 0);
}

const ROMAN_VALUES: ReadonlyMap<string, number> = new Map([
  ['I', 1],
  ['V', 5],
  ['X', 10],
  ['L', 50],
  ['C', 100],
  ['D', 500],
  ['M', 1000],
]);

/**
 * Reads an upper- or lower-case Roman numeral (also the full-width Ⅰ-Ⅻ forms). Returns
 * `undefined` unless the numeral is in canonical form, so that words such as "DID" or
 * "MIX" are not taken for numbers.
 */
export function parseRomanNumeral(text: string): number | undefined {
  const single = 'ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ'.indexOf(text);
  if (text.length === 1 && single >= 0) return single + 1;
  const smallSingle = 'ⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻ'.indexOf(text);
  if (text.length === 1 && smallSingle >= 0) return smallSingle + 1;
  const upper = text.toUpperCase();
  if (upper.length === 0 || !/^[IVXLCDM]+$/.test(upper)) return undefined;
  let value = 0;
  for (let i = 0; i < upper.length; i++) {
    const current = ROMAN_VALUES.get(upper[i]!)!;
    const next = i + 1 < upper.length ? ROMAN_VALUES.get(upper[i + 1]!)! : 0;
    value += current < next ? -current : current;
  }
  return value > 0 && toRomanNumeral(value) === upper ? value : undefined;
}

/** Writes a number from 1 to 3999 as an upper-case Roman numeral. */
export function toRomanNumeral(value: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = value;
  let out = '';
  for (const [n, s] of table) {
    while (rest >= n) {
      out += s;
      rest -= n;
    }
  }
  return out;
}

/** Writes a number the way statutes do, with units: 25 → 二十五, 105 → 百五. */
export function toKanjiNumber(value: number): string {
  if (!Number.isInteger(value) || value < 0) return String(value);
  if (value === 0) return '〇';
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  const writeSection = (n: number): string => {
    let out = '';
    const units: Array<[number, string]> = [
      [1000, '千'],
      [100, '百'],
      [10, '十'],
    ];
    let rest = n;
    for (const [u, s] of units) {
      const d = Math.floor(rest / u);
      if (d > 0) out += (d === 1 ? '' : digits[d]) + s;
      rest %= u;
    }
    return out + digits[rest];
  };
  const man = Math.floor(value / 10_000);
  const below = value % 10_000;
  return (man > 0 ? writeSection(man) + '万' : '') + writeSection(below);
}

/** Circled numbers ①-⑳ and ㉑-㊿ as used for paragraphs, or `undefined`. */
export function parseCircledNumber(c: string): number | undefined {
  const code = c.codePointAt(0);
  if (code === undefined || c.length !== 1) return undefined;
  if (code >= 0x2460 && code <= 0x2473) return code - 0x2460 + 1;
  if (code >= 0x3251 && code <= 0x325f) return code - 0x3251 + 21;
  if (code >= 0x32b1 && code <= 0x32bf) return code - 0x32b1 + 36;
  return undefined;
}
