/**
 * `undefined-acronym`: an acronym (two or more Latin capitals, with digits or `+` allowed:
 * AZEC, P4G, REDD+) used in a document that never spells it out — no definition of it
 * anywhere in the document, before or after — and not one of the configured known acronyms.
 * One finding per acronym, at its first use. The message says whether another document of
 * the workspace or the registry knows the expansion, and the fix spells it out.
 *
 * Noise kept out: Roman numerals (II, IV), chemical formulas (CO2), English words in
 * capitals (a heading such as `AGREEMENT BETWEEN THE GOVERNMENT OF JAPAN`, a preamble's
 * `DESIRING` or `HAVE AGREED`: a word of `data/englishWords.json`, or one the document also
 * writes in lower case), names in capitals (a line of capitalised words, a signatory's name
 * under `For the Government of …:`), URLs and e-mail addresses, capitals inside a longer word
 * (LOTUSat, AFoCO), the words of a defined term (UNCLOS of `UNCLOS 1982`), plurals of known
 * acronyms (PMs), and an empty field (`NA` on a line of its own).
 *
 * Spelled out otherwise: an acronym whose letters are the initials of a capitalised name in
 * the document (`Union of Soviet Socialist Republics` spells out USSR, `"On-Scene Coordinator"`
 * OSC), and a registry acronym whose registry name the document uses (`独立行政法人国際協力機構`
 * spells out JICA).
 */
import { fileNameOf } from '../features/featureContext';
import type { AnalysedDocument } from '../analysis';
import { definedTermUses } from '../features/definedTerms';
import type { RegistryEntry } from '../registry/registry';
import { matchKey } from '../registry/nameMatcher';
import { foldWidth } from '../text/characterClasses';
import type { TextRange } from '../types';
import englishWords from './data/englishWords.json';
import vocabulary from './data/termFamilies.json';
import type { Finding, RelatedPlace, Rule, RuleContext } from './ruleTypes';

/** A run of Latin letters and digits, joined by `/ & - +` between two of them, with trailing `+`. */
const TOKEN = /[A-Za-z0-9]+(?:[/&+-][A-Za-z0-9]+)*\+{0,2}/g;
const URL_OR_MAIL =
  /(?:https?:\/\/|www\.)[^\s「」()（）<>"]{1,500}|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10}/g;
const ROMAN = /^(?:X{0,3})(?:IX|IV|V?I{0,3})$/;
const CHEMICAL = /^(?:(?:Cl|Br|C|H|O|N|S|P|F)[0-9]{0,2}){1,6}$/;
const CAPITALISED_WORDS = new Set([...vocabulary.capitalisedWords, ...vocabulary.functionWords]);
const FUNCTION_WORDS = new Set(vocabulary.functionWords);
const ENGLISH_WORDS: ReadonlySet<string> = new Set(englishWords.words);
/** The words of a name that its initials skip: Union of Soviet Socialist Republics → USSR. */
const SMALL_WORDS = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'to', 'de', 'du', 'la', 'des', 'a', 'an', '&']);
/** A line that holds a signatory's name, as printed under the signature: (sd.), (Signed), [Signed]. */
const SIGNATURE_MARK = /^[ \t]*(?:\((?:sd|Sd|SD|signed|Signed|SIGNED)\.?\)|\[(?:signed|Signed|SIGNED)\]|Sgd\.)[ \t]*/;

export const undefinedAcronymRule: Rule = {
  code: 'undefined-acronym',
  defaultSeverity: 'warning',
  summary: 'An acronym used in a document that never spells it out (and is not a known acronym).',
  check(context) {
    const { document } = context;
    const folded = foldWidth(document.text);
    const known = new Set(context.config.knownAcronyms.map((a) => matchKey(a)));
    const defined = definedKeys(document);
    for (const initials of initialsOfNames(folded)) defined.add(initials);
    for (const id of registryNamesUsed(document)) defined.add(id);
    const skipped = skippedRanges(document, folded);
    const shouting = shoutingTokens(folded);
    const lowerCaseWords = wordsInLowerCase(folded);
    const resolved = (candidate: string): boolean => {
      const key = matchKey(candidate);
      const singular = key.replace(/(?<=[A-Z0-9+])s$/, '');
      return known.has(key) || known.has(singular) || defined.has(key) || defined.has(singular);
    };

    const findings: Finding[] = [];
    const reported = new Set<string>();
    // Tokens come in text order and the skipped ranges are sorted: one pointer walks both.
    let next = 0;
    for (const token of tokensOf(folded)) {
      while (next < skipped.length && skipped[next]!.end <= token.start) next++;
      const range = skipped[next];
      if ((range && range.start <= token.start) || shouting.has(token.start)) continue;
      if (resolved(token.text)) continue;
      for (const part of partsOf(token)) {
        const acronym = acronymOf(part.text);
        if (!acronym || resolved(part.text) || resolved(acronym)) continue;
        if (CAPITALISED_WORDS.has(acronym)) continue;
        if (
          !besideJapanese(folded, part.start, part.text.length) &&
          isWordInCapitals(acronym, lowerCaseWords, context.registry)
        )
          continue;
        if (isEmptyField(folded, part.start, part.text.length)) continue;
        // A registry acronym whose registry name the document writes is spelled out there.
        if (context.registry.lookup(acronym).some((n) => defined.has(`entry:${n.entry.id}`))) continue;
        if (reported.has(acronym)) continue;
        reported.add(acronym);
        findings.push(findingFor(context, acronym, { start: part.start, end: part.start + part.text.length }));
      }
    }
    return findings;
  },
};

interface Token {
  readonly text: string;
  readonly start: number;
}

function tokensOf(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const m of folded.matchAll(TOKEN)) tokens.push({ text: m[0], start: m.index });
  return tokens;
}

/** A compound (AI-RAN, ASEAN+3, COVID-19) not known as a whole is judged part by part. */
function partsOf(token: Token): Token[] {
  const parts: Token[] = [];
  const re = /[A-Za-z0-9]+(?:\/[A-Za-z0-9]+)*\+*/g;
  for (const m of token.text.matchAll(re)) {
    // A `+` that joins two parts (ASEAN+3) belongs to neither; a trailing one (REDD+) to its part.
    const text = m.index + m[0].length < token.text.length ? m[0].replace(/\++$/, '') : m[0];
    parts.push({ text, start: token.start + m.index });
  }
  return parts;
}

/** The acronym a token is (plural `s` removed), or undefined when it is not one. */
function acronymOf(text: string): string | undefined {
  const base = text.replace(/(?<=[A-Z0-9+])s$/, '');
  if (/[a-z]/.test(base)) return undefined;
  // 5G, 60SA, 5G/6G: a number with a letter is a model or a generation, not an acronym.
  if (base.split('/').some((part) => !/^[A-Z]/.test(part))) return undefined;
  const capitals = base.replace(/[^A-Z]/g, '').length;
  if (capitals < 2) return undefined;
  if (/^[IVX]+$/.test(base) && ROMAN.test(base)) return undefined;
  if (/[0-9]/.test(base) && CHEMICAL.test(base)) return undefined;
  return base;
}

/** The keys of every defined term, and of each word of a term of several words (UNCLOS of UNCLOS 1982). */
function definedKeys(document: AnalysedDocument): Set<string> {
  const keys = new Set<string>();
  for (const d of document.definitions) {
    keys.add(matchKey(d.term));
    for (const word of foldWidth(d.term).split(/[\s-]+/)) if (word.length > 1) keys.add(matchKey(word));
  }
  return keys;
}

/**
 * Whether a token stands against Japanese script on either side (`AIやSTEMなど`, `ＳＴＥＭ教育`):
 * there it cannot be an English word written in capitals, only an acronym.
 */
function besideJapanese(folded: string, start: number, length: number): boolean {
  // Two code units each way, so that an astral kanji (𠮷) is read whole.
  const before = folded.slice(Math.max(0, start - 2), start);
  const after = folded.slice(start + length, start + length + 2);
  return JAPANESE_BEFORE.test(before) || JAPANESE_AFTER.test(after);
}

const JAPANESE_CHARACTER = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー、。「」・]';
const JAPANESE_BEFORE = new RegExp(`${JAPANESE_CHARACTER}$`, 'u');
const JAPANESE_AFTER = new RegExp(`^${JAPANESE_CHARACTER}`, 'u');

/**
 * A word written in capitals, not an acronym: an English word (three letters or more) that
 * treaties write in lower case, or one this document also writes in lower case — unless the
 * registry knows it as an acronym (WHO).
 */
function isWordInCapitals(
  acronym: string,
  lowerCaseWords: ReadonlySet<string>,
  registry: RuleContext['registry'],
): boolean {
  if (!/^[A-Z]{3,}$/.test(acronym)) return false;
  const word = acronym.toLowerCase();
  if (!ENGLISH_WORDS.has(word) && !lowerCaseWords.has(word)) return false;
  return !registry.lookup(acronym).some((n) => n.isAcronym);
}

/** The words a text writes in lower case (three letters or more). */
function wordsInLowerCase(folded: string): Set<string> {
  const words = new Set<string>();
  for (const m of folded.matchAll(/(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])/g)) words.add(m[0]);
  return words;
}

/** `NA` or `N/A` alone on its line: a field with nothing in it. */
function isEmptyField(folded: string, start: number, length: number): boolean {
  const lineStart = folded.lastIndexOf('\n', start - 1) + 1;
  const lineEndAt = folded.indexOf('\n', start);
  const line = folded.slice(lineStart, lineEndAt < 0 ? folded.length : lineEndAt).trim();
  return length <= 3 && /^N\/?A$/.test(line);
}

/**
 * The initials of the capitalised names of a text (Union of Soviet Socialist Republics →
 * USSR, On-Scene Coordinator → OSC): an acronym that spells them is spelled out.
 */
function initialsOfNames(folded: string): Set<string> {
  const found = new Set<string>();
  for (const m of folded.matchAll(
    /[A-Z][A-Za-z'’]*(?:(?:-| (?:(?:of|the|and|for|on|in|to|de|du|la|des|&) )*)[A-Z][A-Za-z'’]*)+/g,
  )) {
    const words = m[0].split(/[ -]+/).filter((w) => w.length > 0 && !SMALL_WORDS.has(w));
    // Only names of mixed case: a run of capitals is a heading or an acronym, not a spelling-out.
    if (words.length < 2 || !words.some((w) => /[a-z]/.test(w))) continue;
    for (let from = 0; from < words.length - 1; from++) {
      let initials = '';
      for (let k = from; k < words.length && k - from < 8; k++) {
        initials += words[k]!.charAt(0);
        if (k > from) found.add(matchKey(initials));
      }
    }
  }
  return found;
}

/** `entry:<id>` for every registry entry the document names by a name that is not an acronym. */
function registryNamesUsed(document: AnalysedDocument): string[] {
  return document.entities
    .filter((m) => m.source === 'registry' && !/^[A-Z0-9&/+.-]+$/.test(foldWidth(m.text)))
    .map((m) => `entry:${m.id}`);
}

/** URLs, e-mail addresses, definitions' own terms and uses of defined terms. */
/** The stretches of text whose tokens are not checked, sorted and merged so that none overlap. */
function skippedRanges(document: AnalysedDocument, folded: string): TextRange[] {
  const ranges: TextRange[] = [];
  for (const m of folded.matchAll(URL_OR_MAIL)) ranges.push({ start: m.index, end: m.index + m[0].length });
  for (const d of document.definitions) ranges.push(d.termRange);
  for (const use of definedTermUses(document)) ranges.push(use.range);
  // FY2027, JFY2030: the letters are part of a date.
  for (const date of document.dates) ranges.push(date.range);
  // JT of JT-60SA: part of a longer name the registry knows.
  for (const m of document.entities)
    if (m.source === 'registry' && !/^[A-Za-z0-9+]+$/.test(foldWidth(m.text))) ranges.push(m.range);
  ranges.sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else if (r.end > r.start) merged.push(r);
  }
  return merged;
}

/**
 * Starts of words written in capitals as English, not as acronyms: a run of three or more
 * capitalised words separated by spaces, or a shorter run with a function word in it
 * (`MINISTRY OF`), or a line that is nothing but such a run (a heading).
 */
function shoutingTokens(folded: string): Set<number> {
  const starts = new Set<number>();
  const words = [...folded.matchAll(/[A-Za-z]+/g)].map((m) => ({ text: m[0], start: m.index }));
  let run: { text: string; start: number }[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      const lineStart = folded.lastIndexOf('\n', first.start) + 1;
      const lineEndAt = folded.indexOf('\n', last.start);
      const lineEnd = lineEndAt < 0 ? folded.length : lineEndAt;
      const wholeLine =
        folded.slice(lineStart, first.start).replace(SIGNATURE_MARK, '').trim() === '' &&
        /^[\s.,:0-9]*$/.test(folded.slice(last.start + last.text.length, lineEnd));
      if (run.length >= 3 || wholeLine || run.some((w) => FUNCTION_WORDS.has(w.text)))
        for (const w of run) starts.add(w.start);
    }
    run = [];
  };
  for (const word of words) {
    const isCapitals = word.text.length >= 2 && /^[A-Z]+$/.test(word.text);
    const previous = run[run.length - 1];
    // DOUSTE-BLAZY: a hyphen joins the parts of one name.
    const joined =
      previous !== undefined && /^(?:[ \t]+|-)$/.test(folded.slice(previous.start + previous.text.length, word.start));
    if (isCapitals && (run.length === 0 || joined)) run.push(word);
    else {
      flush();
      if (isCapitals) run.push(word);
    }
  }
  flush();
  return starts;
}

function findingFor(context: RuleContext, acronym: string, range: TextRange): Finding {
  const { document, workspace, registry } = context;
  const japanese = isJapaneseDocument(document.text);
  const elsewhere = workspace
    .definitionsOf(acronym)
    .filter((d) => d.uri !== document.uri && matchKey(d.term) === matchKey(acronym));
  const entries = unique(registry.lookup(acronym).map((n) => n.entry));
  const registryExpansion = entries.map((e) => expansionOf(e, japanese)).find((x) => x !== undefined);
  const workspaceDefinition = elsewhere.find((d) => isJapanese(d.expansion) === japanese) ?? elsewhere[0];
  const expansion =
    [registryExpansion, workspaceDefinition?.expansion].find((x) => x !== undefined && isJapanese(x) === japanese) ??
    registryExpansion ??
    workspaceDefinition?.expansion;

  const file = workspaceDefinition ? fileNameOf(workspaceDefinition.uri) : undefined;
  let en = `${acronym} is used but never spelled out in this document.`;
  let ja = `${acronym} はこの文書で正式名称が示されないまま使われています。`;
  if (registryExpansion !== undefined) {
    en += ` The registry knows it as ${registryExpansion}`;
    ja += `レジストリでは「${registryExpansion}」として知られています`;
    if (file) {
      en += ` (${file} spells it out too)`;
      ja += `(${file} でも定義されています)`;
    }
    en += ': spell it out at its first use.';
    ja += '。初出で正式名称を示してください。';
  } else if (workspaceDefinition && file) {
    en += ` ${file} spells it out as ${workspaceDefinition.expansion}: spell it out here too, at its first use.`;
    ja += `${file} では「${workspaceDefinition.expansion}」と定義されています。この文書でも初出で正式名称を示してください。`;
  } else {
    en += ` Spell it out at its first use, as "Full Name (${acronym})", or add it to knownAcronyms if every reader knows it.`;
    ja += `初出で「正式名称(${acronym})」のように示すか、誰もが知る略語であれば knownAcronyms に加えてください。`;
  }

  const related: RelatedPlace[] = workspaceDefinition
    ? [
        {
          location: { uri: workspaceDefinition.uri, range: workspaceDefinition.termRange },
          message: {
            en: `${acronym} is spelled out here as ${workspaceDefinition.expansion}.`,
            ja: `${acronym} はここで「${workspaceDefinition.expansion}」と定義されています。`,
          },
        },
      ]
    : [];
  return {
    code: 'undefined-acronym',
    range,
    message: { en, ja },
    about: acronym,
    ...(related.length > 0 ? { related } : {}),
    ...(expansion !== undefined ? { fix: { kind: 'spell-out', acronym, expansion } } : {}),
  };
}

function expansionOf(entry: RegistryEntry, japanese: boolean): string | undefined {
  const [preferred, other] = japanese ? [entry.names.ja, entry.names.en] : [entry.names.en, entry.names.ja];
  return preferred[0] ?? other[0];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

function isJapanese(text: string): boolean {
  return JAPANESE.test(text);
}

/** A document is Japanese when its Japanese characters outnumber a third of its Latin letters. */
export function isJapaneseDocument(text: string): boolean {
  const sample = text.slice(0, 20000);
  const japanese = sample.match(/[\u3040-\u30ff\u3400-\u9fff]/g)?.length ?? 0;
  const latin = sample.match(/[A-Za-z]/g)?.length ?? 0;
  return japanese * 3 >= latin && japanese > 0;
}
