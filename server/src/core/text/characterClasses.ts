/**
 * Character classes and one-to-one folds for matching names in Japanese and English text.
 * Japanese has no spaces between words, so recognisers decide boundaries by the class of
 * the neighbouring characters instead of `\b`.
 */

/** Full-width ASCII (Ａ, ０, （) → ASCII and the ideographic space → a space, one code unit for one. */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Full-width Latin letters and digits (ＶＮＳＣ, ２０２６) → ASCII, one code unit for one; nothing else changes. */
export function foldLatin(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

export function isHiragana(c: string): boolean {
  return c >= '\u3041' && c <= '\u309f';
}

export function isKatakana(c: string): boolean {
  return (c >= '\u30a0' && c <= '\u30ff') || (c >= '\u31f0' && c <= '\u31ff') || (c >= '\uff66' && c <= '\uff9f');
}

/** Kanji, including the astral planes: pass a whole code point (`String.fromCodePoint`). */
export function isKanji(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x20000 && code <= 0x3134f) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    c === '々' ||
    c === '〆' ||
    c === 'ヶ'
  );
}

/** A Latin letter or digit, half- or full-width. */
export function isLatinAlphanumeric(c: string): boolean {
  if (c.length !== 1) return false;
  const code = c.charCodeAt(0);
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xff10 && code <= 0xff19) ||
    (code >= 0xff21 && code <= 0xff3a) ||
    (code >= 0xff41 && code <= 0xff5a)
  );
}

export function isAsciiLetter(c: string): boolean {
  if (c.length !== 1) return false;
  const code = c.charCodeAt(0) | 0x20;
  return code >= 0x61 && code <= 0x7a;
}

/** White space inside a line, including the ideographic space. */
export function isInlineSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\u3000' || c === '\u00a0';
}

/** The code point ending just before `offset`, as a string (two code units for an astral character). */
export function codePointBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const low = text.charCodeAt(offset - 1);
  if (low >= 0xdc00 && low <= 0xdfff && offset >= 2) {
    const high = text.charCodeAt(offset - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(offset - 2, offset);
  }
  return text.charAt(offset - 1);
}

/** The code point starting at `offset`, as a string. */
export function codePointAt(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  return code === undefined ? '' : String.fromCodePoint(code);
}
