/**
 * `undefined-term`: a term used as if it were defined when it is not.
 *
 * (a) The document calling itself by another name: `本協定` or `この協定` (`this Agreement`)
 *     in a document that is a 覚書 — known from its title (`…協力に関する覚書`) or from the
 *     definition it gives itself (`この協力に関する覚書(以下「MOC」という)`).
 * (b) Another word for the parties: a document that defines 「両者」 and then writes 両当事者,
 *     or defines "the Participants" and writes "the Parties". The families of words for the
 *     parties are data (`data/termFamilies.json`).
 *
 * One finding per word, at its first use; the fix replaces it with the defined term.
 */
import type { AnalysedDocument } from '../analysis';
import { locationIn } from '../features/featureContext';
import { matchKey } from '../registry/nameMatcher';
import { isKanji, isKatakana, isLatinAlphanumeric } from '../text/characterClasses';
import type { Definition, TextRange } from '../types';
import vocabulary from './data/termFamilies.json';
import type { Finding, Rule } from './ruleTypes';

const JA_WORDS: readonly string[] = vocabulary.instrumentWords.ja;
const JA_WITH_KONO: readonly string[] = vocabulary.instrumentWords.jaWithKono;
const EN_WORDS: readonly string[] = vocabulary.instrumentWords.en;
// The data file's table, as a Map: it is looked up by a term of the text.
const ACRONYM_INSTRUMENTS: ReadonlyMap<string, { ja: string; en: string }> = new Map(
  Object.entries(vocabulary.acronymInstruments),
);
const TITLE_SUFFIX = /[\s\u3000]*(?:[(（][^)）\n]{0,12}[)）])?[\s\u3000]*$/;

export const undefinedTermRule: Rule = {
  code: 'undefined-term',
  defaultSeverity: 'warning',
  summary: 'A term used as if defined that is not: the document called by another name, another word for the parties.',
  check({ document }) {
    return [...selfReferences(document), ...partyWords(document)].sort((a, b) => a.range.start - b.range.start);
  },
};

interface SelfName {
  /** The kinds the document is (覚書, Memorandum). */
  readonly ja: Set<string>;
  readonly en: Set<string>;
  /** The term it defines for itself (MOC), if any. */
  readonly definition: Definition | undefined;
}

/** What the document calls itself: from its title block and its definitions of itself. */
function selfName(document: AnalysedDocument): SelfName {
  const ja = new Set<string>();
  const en = new Set<string>();
  let definition: Definition | undefined;
  const title = titleBlock(document.text);
  const jaTitle = title.replace(TITLE_SUFFIX, '');
  for (const word of JA_WORDS) if (jaTitle.endsWith(word)) ja.add(word);
  const enTitle = /\b(Agreement|Memorandum|Convention|Treaty|Arrangement|Protocol|Statement|Plan)\b/i.exec(title);
  if (enTitle) {
    const word = EN_WORDS.find((w) => w.toLowerCase() === enTitle[1]!.toLowerCase());
    if (word) en.add(word);
  }
  for (const d of document.definitions) {
    const before = document.text.slice(Math.max(0, d.expansionRange.start - 6), d.expansionRange.start);
    const term = d.term.replace(/^(?:本|この|[Tt]his |[Tt]he )\s*/, '');
    const termWord = JA_WORDS.find((w) => term === w) ?? EN_WORDS.find((w) => term === w);
    const acronymKind = ACRONYM_INSTRUMENTS.get(matchKey(d.term));
    const aboutItself = /(?:この|本|[Tt]his\s)[\s\u3000]*$/.test(before) || /^(?:本|この|[Tt]his )/.test(d.term);
    if (!aboutItself && !(termWord && d.form === 'hereinafter')) continue;
    if (termWord) {
      (JA_WORDS.includes(termWord) ? ja : en).add(termWord);
      definition ??= d;
    } else if (acronymKind) {
      ja.add(acronymKind.ja);
      en.add(acronymKind.en);
      definition ??= d;
    } else {
      const jaKind = JA_WORDS.find((w) => d.expansion.endsWith(w));
      const enKind = EN_WORDS.find((w) => new RegExp(`\\b${w}\\b`, 'i').test(d.expansion));
      if (jaKind) ja.add(jaKind);
      if (enKind) en.add(enKind);
      if (jaKind || enKind) definition ??= d;
    }
  }
  return { ja, en, definition };
}

/** The title: the first short non-blank lines, before the first sentence. */
function titleBlock(text: string): string {
  const lines: string[] = [];
  for (const raw of text.slice(0, 2000).split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.length > 60 || /[。.]$/.test(line) || lines.length >= 5) break;
    lines.push(line);
  }
  return lines.join('');
}

function selfReferences(document: AnalysedDocument): Finding[] {
  const self = selfName(document);
  if (self.ja.size === 0 && self.en.size === 0) return [];
  const text = document.text;
  const definedKeys = new Set(document.definitions.map((d) => matchKey(d.term)));
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const report = (range: TextRange, written: string, japanese: boolean) => {
    const key = matchKey(written);
    if (reported.has(key) || definedKeys.has(key)) return;
    reported.add(key);
    const term = self.definition?.term;
    const kind = [...(japanese ? self.ja : self.en)][0] ?? '';
    const replacement = japanese
      ? term
        ? /^(?:本|この)/.test(term)
          ? term
          : `本${term}`
        : `本${kind}`
      : term
        ? `this ${term.replace(/^(?:[Tt]he|[Tt]his)\s+/, '')}`
        : `this ${kind}`;
    const how = self.definition
      ? {
          en: `this document defines itself as ${self.definition.term} (line ${self.definition.line + 1})`,
          ja: `この文書は自らを「${self.definition.term}」と定義しています(${self.definition.line + 1} 行目)`,
        }
      : { en: `this document is a ${kind}`, ja: `この文書は${kind}です` };
    findings.push({
      code: 'undefined-term',
      range,
      about: written,
      message: {
        en: `${written} refers to this document as if it were defined, but ${how.en}: write ${replacement}.`,
        ja: `${written} はこの文書を指すように使われていますが、${how.ja}。「${replacement}」と書いてください。`,
      },
      ...(self.definition
        ? {
            related: [
              {
                location: locationIn(document, self.definition.termRange),
                message: {
                  en: `The document's own term: ${self.definition.term}.`,
                  ja: `この文書自身を指す用語:「${self.definition.term}」`,
                },
              },
            ],
          }
        : {}),
      fix: { kind: 'replace', replacement },
    });
  };

  if (self.ja.size > 0) {
    const words = JA_WORDS.join('|');
    for (const m of text.matchAll(new RegExp(`(本|この)[ \\u3000]?(${words})`, 'g'))) {
      const [written, prefix, word] = [m[0], m[1]!, m[2]!];
      if (self.ja.has(word)) continue;
      if (prefix === 'この' && !JA_WITH_KONO.includes(word)) continue;
      const before = text.charAt(m.index - 1);
      // 基本計画, 日本協定: 本 as the end of another word.
      if (prefix === '本' && (isKanji(before) || isKatakana(before))) continue;
      const after = text.charAt(m.index + written.length);
      if (isKanji(after) && word !== '合意') continue; // この協定書, 本計画案: another word
      report({ start: m.index, end: m.index + written.length }, written, true);
    }
  }
  if (self.en.size > 0) {
    const words = EN_WORDS.join('|');
    for (const m of text.matchAll(new RegExp(`\\b[Tt]his (${words})\\b`, 'g'))) {
      if (self.en.has(m[1]!)) continue;
      report({ start: m.index, end: m.index + m[0].length }, m[0], false);
    }
  }
  return findings;
}

function partyWords(document: AnalysedDocument): Finding[] {
  const text = document.text;
  const definedKeys = new Set(document.definitions.map((d) => matchKey(d.term)));
  const findings: Finding[] = [];
  for (const family of vocabulary.partyFamilies) {
    const words = family.words;
    const definition = document.definitions.find(
      (d) => (d.form === 'hereinafter' || d.form === 'quoted-term') && words.some((w) => sameWord(w, d.term)),
    );
    if (!definition) continue;
    for (const word of words) {
      if (sameWord(word, definition.term) || definedKeys.has(matchKey(word))) continue;
      const range = firstUse(text, word, definition.termRange.end);
      if (!range) continue;
      const written = text.slice(range.start, range.end);
      const line = definition.line + 1;
      findings.push({
        code: 'undefined-term',
        range,
        about: written,
        message: {
          en: `${written} is used as if it were a defined term, but this document defines ${definition.term} for the parties (line ${line}): write ${definition.term}.`,
          ja: `${written} は定義された用語のように使われていますが、この文書で当事者を指す定義語は「${definition.term}」です(${line} 行目)。「${definition.term}」と書いてください。`,
        },
        related: [
          {
            location: locationIn(document, definition.termRange),
            message: {
              en: `${definition.term} is defined here.`,
              ja: `「${definition.term}」はここで定義されています。`,
            },
          },
        ],
        fix: { kind: 'replace', replacement: definition.term },
      });
    }
  }
  return findings;
}

/** English terms compare with the article's case ignored (The Parties = the Parties). */
function sameWord(a: string, b: string): boolean {
  return matchKey(a).replace(/^the/i, 'the') === matchKey(b).replace(/^the/i, 'the');
}

/** The first use of a party word after `from`: whole words in English, not part of a longer word in Japanese. */
function firstUse(text: string, word: string, from: number): TextRange | undefined {
  const english = /^[A-Za-z]/.test(word);
  const variants = english ? [word, word.charAt(0).toUpperCase() + word.slice(1)] : [word];
  let best: TextRange | undefined;
  for (const variant of variants) {
    let at = text.indexOf(variant, from);
    while (at >= 0) {
      const end = at + variant.length;
      const ok = english
        ? !isLatinAlphanumeric(text.charAt(at - 1)) &&
          !isLatinAlphanumeric(text.charAt(end)) &&
          !/^ to\b/.test(text.slice(end, end + 4))
        : !isKanji(text.charAt(at - 1));
      if (ok) {
        if (!best || at < best.start) best = { start: at, end };
        break;
      }
      at = text.indexOf(variant, at + 1);
    }
  }
  return best;
}
