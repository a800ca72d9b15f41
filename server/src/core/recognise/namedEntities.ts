/**
 * Agencies, programs and instruments. Three sources, merged so that the largest name wins
 * and names never nest (`gold/GUIDELINES.md`):
 *
 * 1. the registry: every name, alias and acronym of its entries;
 * 2. the document's own definitions: an acronym and its expansion are one entity;
 * 3. the forms of names the registry does not know: Japanese names ending in 省, 機構,
 *    プログラム, 協定…, quoted titles (「衛星データ交換に関する協定」), and English names such
 *    as `Ministry of …`, `… Agency`, `… Programme`, `Agreement on …`.
 *
 * Every mention carries an id shared by all mentions of the same thing: the registry id,
 * else `acronym:<term>` for a defined acronym, else `name:<normalised name>`.
 *
 * Names never nest, with one exception: the parties named in a treaty's title (`Agreement
 * between the Government of Australia and the Government of the Russian Federation on …`,
 * `日本国政府とベトナム社会主義共和国政府との間の…協定`) are agencies of their own inside the
 * instrument, each with its own span.
 *
 * Three ways of writing a name change its span, not what it names:
 * - a legal form before it (`独立行政法人国際協力機構`, `国立研究開発法人…`) is part of the span;
 * - an agency followed by its organisational units (`国税庁徴収部徴収課長`,
 *   `経済産業省資源エネルギー庁`, `JICA緒方研究所`) is one entity, the office, under that agency —
 *   the units and posts are `subUnits` of nameForms.json;
 * - names in capitals (`THE MINISTRY OF FOREIGN AFFAIRS OF JAPAN`, `FOR THE GOVERNMENT OF
 *   JAPAN:`) are read as a name would be written, on a copy of the text of the same length
 *   whose runs of capitals are recased (`capitals` of nameForms.json), and matched against
 *   the registry in any case; formulas in capitals (`HAVE AGREED AS FOLLOWS`) read as words.
 */
import defaults from '../rules/defaultConfig.json';
import nameForms from './data/nameForms.json';
import { matchKey, NameMatcher } from '../registry/nameMatcher';
import type { Registry, RegistryName } from '../registry/registry';
import { codePointAt, codePointBefore, foldWidth, isInlineSpace, isLatinAlphanumeric } from '../text/characterClasses';
import type { Definition, EntityMention, EntityParent, NamedEntityKind, TextRange } from '../types';
import { japaneseNameStart } from './definitions';

interface Candidate {
  readonly kind: NamedEntityKind;
  readonly range: TextRange;
  readonly id: string;
  readonly source: EntityMention['source'];
  /** Higher wins among equal spans: registry 3, definition 2, pattern 1. */
  readonly priority: number;
  /** For a treaty title: the spans of the parties it names, whose agencies stay inside it. */
  readonly parties?: readonly TextRange[];
  /** For an office named by its agency and its units: that agency. */
  readonly parent?: EntityParent;
}

interface SuffixForm {
  readonly suffix: string;
  readonly kind: NamedEntityKind;
}

const KINDS: readonly NamedEntityKind[] = ['agency', 'program', 'instrument'];
const JAPANESE_SUFFIXES: readonly SuffixForm[] = KINDS.flatMap((kind) =>
  nameForms[kind].ja.map((suffix) => ({ suffix, kind })),
).sort((a, b) => b.suffix.length - a.suffix.length);
const GENERIC_NAMES = new Set(nameForms.generic.map((n) => caselessKey(n)));
const WEAK_SUFFIXES = [...nameForms.weakSuffixes].sort((a, b) => b.length - a.length);
const PROPER_ELEMENTS = nameForms.properElements;
const GENERIC_KATAKANA = new Set(nameForms.genericKatakana);
/** Pattern names cross only this connective: 国防産業・後方支援産業に関する合同委員会. */
const PATTERN_CONNECTIVES = ['に関する'];
/** An ordinal in front of a meeting's name is not part of it: 第6回日ASEAN防衛担当大臣会合. */
const LEADING_ORDINAL = /^第[0-9０-９一二三四五六七八九十百]+(?:回|次)/;
/** Prefixes that make a name generic: 本協定, 同委員会, 各省庁, 両政府. */
const GENERIC_PREFIX = /^(?:本|同|当該|各|両|全|諸|関係|上記|前記|次の|この|その)/;
const MIN_PATTERN_NAME_LENGTH = 4;
/** Ministries and agencies have short names: 総務省, 防衛省, 内閣府, 気象庁. */
const SHORT_NAME_SUFFIXES = nameForms.shortSuffixes;
const NEVER_ENDINGS = nameForms.neverEndings;
const CATEGORY_ACRONYMS = new Set(nameForms.categoryAcronyms.map((a) => matchKey(a)));
const ENGLISH_TOPIC_WORDS = new Set(['on', 'of', 'for', 'against', 'between', 'to']);
/** Words after a name that tell its kind (APEC フォーラム, the AZEC initiative), longest first. */
const CONTEXT_CUES: ReadonlyArray<{ cue: string; kind: NamedEntityKind }> = (['agency', 'program'] as const)
  .flatMap((kind) => nameForms.contextCues[kind].map((cue) => ({ cue, kind })))
  .sort((a, b) => b.cue.length - a.cue.length);
const FACILITY_NOUNS = nameForms.facilityNouns.words;
/** A short katakana name of two words or more: パワー・アジア. */
const KATAKANA_NAME = /^[\u30a1-\u30fa\u30fc]{2,}(?:・[\u30a1-\u30fa\u30fc]{2,})+$/;
/** Acronyms every reader knows (ASEAN, APEC): their kind is not guessed from the words after them. */
const KNOWN_ACRONYMS = new Set(defaults.knownAcronyms.map((a) => matchKey(a)));
const byLengthDescending = (a: string, b: string) => b.length - a.length;
const LEGAL_FORMS = [...nameForms.legalForms.prefixes].sort(byLengthDescending);
const UNIT_ENDINGS = [...nameForms.subUnits.units].sort(byLengthDescending);
const POSTS_AFTER_UNIT = [...nameForms.subUnits.postsAfterUnit].sort(byLengthDescending);
const QUALIFIED_POSTS = POSTS_AFTER_UNIT.filter((p) => p.length >= 2);
const POSTS_AFTER_AGENCY = [...nameForms.subUnits.postsAfterAgency].sort(byLengthDescending);
const NOT_UNIT_STARTS = nameForms.subUnits.notUnitStarts;
const NOT_UNIT_WORDS = new Set(nameForms.subUnits.notUnitWords);
/** Units are read this far after an agency, at most: 出入国在留管理庁在留管理支援部在留管理課長. */
const MAX_UNITS_LENGTH = 40;
const UNIT_CHARACTER = /^[\p{Script=Han}\p{Script=Katakana}ー・]$/u;
const KATAKANA_LETTER = /^\p{Script=Katakana}$/u;
/** Katakana words in units have three characters or more: センター, チーム, エネルギー. */
const MIN_KATAKANA_WORD = 3;
const LOWER_CASE_WORDS = new Set(nameForms.capitals.lowerCaseWords);
const HEADING_WORDS = new Set(nameForms.capitals.headingWords);
const ARTICLES = new Set(['THE', 'A', 'AN']);
/** The head words of English names in lower case (agency, treaty, programme): they may end a name. */
const HEAD_WORDS = new Set(KINDS.flatMap((kind) => nameForms[kind].en.head.map((h) => h.toLowerCase())));
/** A word in capitals (GOVERNMENT, DOUSTE-BLAZY, U.S.A.), not inside a longer word. */
const CAPITALS_WORD = /(?<![A-Za-z0-9'’.&-])[A-Z][A-Z0-9'’.&-]*(?![A-Za-z0-9])/g;
/** What may stand between two words of one run of capitals: a space or two, after a comma; a line break. */
const CAPITALS_GAP = /^,?(?:[ \t\u00a0]{1,3}|\r|\n)$/;
/** A space, then a capitalised word in lower case: the end of a run of capitals (…NAMIBIA The Government). */
const CAPITALISED_AFTER = /^ [A-Z][a-z]/;
/** I to XXXIX: ANNEX II, PART IV. */
const ROMAN_NUMERAL = /^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$/;
/**
 * Where one signature of a two-column block ends and the next begins: `For the Government of
 * the Kingdom For the Government of the United Kingdom`. Before the lead of an agency's name.
 */
const SIGNATURE_BREAK = new RegExp(
  ` (?:[Ff]or|[Bb]y) the (?=(?:${nameForms.agency.en.lead
    .filter((lead) => lead.endsWith(' of'))
    .map((lead) => lead.slice(0, -' of'.length))
    .join('|')}) of )`,
  'g',
);

/**
 * The key of a name for its id and for generic names: widths folded, no spaces or line breaks
 * (a title wrapped over lines), Latin letters in lower case.
 */
function caselessKey(name: string): string {
  return matchKey(name).replace(/\s+/g, '').toLowerCase();
}

/** The kind the words right after `end` give a name (within a bracket and a space or two), if any. */
export function kindByContext(text: string, end: number): NamedEntityKind | undefined {
  const after = text.slice(end, end + 24).replace(/^[)）]?[ \t\u3000]{0,2}/, '');
  for (const { cue, kind } of CONTEXT_CUES) {
    if (!after.startsWith(cue)) continue;
    // A whole word in English: the AZEC initiative, not the AZEC initiatives' … (still fine), not Forumal.
    if (/^[A-Za-z]/.test(cue) && /[A-Za-z]/.test(after.charAt(cue.length))) continue;
    return kind;
  }
  return undefined;
}

/** The kind a name's ending gives it, if any: 日越大学 → agency, …に関する協定 → instrument. */
export function kindBySuffix(name: string): NamedEntityKind | undefined {
  const trimmed = name.trim();
  const form = suffixOf(trimmed);
  if (form) return form.kind;
  // The English forms are all in Latin letters: a name without one has no English form.
  if (ENGLISH_FORMS_ARE_LATIN && !/[A-Za-z]/.test(trimmed)) return undefined;
  const words = trimmed.split(/[ ,]+/);
  const lastWord = /([A-Za-z]+)\W*$/.exec(trimmed)?.[1];
  // official development assistance (ODA): a defined acronym's expansion may be in lower case.
  const head =
    lastWord && /^[a-z]/.test(lastWord) ? `${lastWord.charAt(0).toUpperCase()}${lastWord.slice(1)}` : lastWord;
  if (head) for (const kind of KINDS) if (nameForms[kind].en.head.includes(head)) return kind;
  // A head word followed by its topic: Joint Committee on Science and Technology, Convention against Cybercrime.
  for (let i = words.length - 2; i >= 0; i--) {
    if (!ENGLISH_TOPIC_WORDS.has(words[i + 1] ?? '')) continue;
    for (const kind of KINDS) if (nameForms[kind].en.head.includes(words[i]!)) return kind;
  }
  for (const kind of KINDS) if (nameForms[kind].en.lead.some((lead) => trimmed.startsWith(`${lead} `))) return kind;
  return undefined;
}

/**
 * Whether a name the registry does not know names one thing rather than a class of things.
 * Names with a weak ending (機関, プロジェクト, 会議…) need a proper element — a country or
 * region word, Latin letters, or a katakana word that is not generic — so that 研究機関 and
 * 大規模プロジェクト are not taken for names; any name needs at least two characters before
 * its ending.
 */
export function isProperName(name: string): boolean {
  const key = matchKey(name);
  if (GENERIC_NAMES.has(key.toLowerCase()) || GENERIC_PREFIX.test(name)) return false;
  if (/[A-Za-z]{2}/.test(key) && !/^[\p{Script=Han}\p{Script=Hiragana}]/u.test(key)) return true;
  if (NEVER_ENDINGS.some((e) => key.endsWith(e))) return false;
  const suffix = suffixOf(key)?.suffix ?? '';
  const stem = key.slice(0, key.length - suffix.length);
  if (stem.length < 2) return false;
  if (!WEAK_SUFFIXES.some((w) => key.endsWith(w))) return true;
  // 気候変動に関する共同作業グループ: a body defined by its subject is a particular body.
  if (/^[^にの]{3,}に関する/.test(stem)) return true;
  if (/[A-Za-z]/.test(stem) || PROPER_ELEMENTS.some((p) => stem.startsWith(p))) return true;
  for (const run of stem.match(/[\p{Script=Katakana}ー]{2,}/gu) ?? []) {
    const words = run.split('・');
    if (
      words.some(
        (w) =>
          w.length >= 2 &&
          !GENERIC_KATAKANA.has(w) &&
          ![...GENERIC_KATAKANA].some((g) => w.includes(g) && w.length - g.length < 2),
      )
    )
      return true;
  }
  return false;
}

export interface NamedEntityOptions {
  /**
   * The text of numbered items (after the label), such as a list of signed documents: an
   * instrument whose name ends an item is named by the whole item (`3. 災害に対して強靱な
   * 農村開発計画に関する借款契約（L/A）`).
   */
  readonly itemBodies?: readonly TextRange[];
}

export function recogniseNamedEntities(
  text: string,
  definitions: readonly Definition[],
  registry: Registry,
  options: NamedEntityOptions = {},
): EntityMention[] {
  const candidates: Candidate[] = [];
  const folded = foldWidth(text);
  const capitals = readCapitals(folded);
  for (const match of registry.matcher.findAllFolded(folded)) {
    const name = pickRegistryName(match.values);
    if (!name) continue;
    candidates.push({ kind: name.entry.kind, range: match.range, id: name.entry.id, source: 'registry', priority: 3 });
  }
  // Registry names in capitals: THE MINISTRY OF FOREIGN AFFAIRS OF JAPAN. A run is ASCII, so
  // its lower case has the same length and offsets carry over.
  for (const run of capitals.runs) {
    for (const match of registry.caselessMatcher.findAll(folded.slice(run.start, run.end).toLowerCase())) {
      const name = pickRegistryName(match.values);
      if (!name) continue;
      const range = { start: run.start + match.range.start, end: run.start + match.range.end };
      candidates.push({ kind: name.entry.kind, range, id: name.entry.id, source: 'registry', priority: 3 });
    }
  }
  // Loops, not push(...list): a spread of one argument per candidate overflows the stack on
  // a long text (80,000 quoted titles).
  for (const candidate of patternCandidates(text, folded, capitals.recased, registry, options.itemBodies ?? []))
    candidates.push(candidate);
  for (const candidate of withLegalForms(text, candidates)) candidates.push(candidate);
  for (const candidate of officeCandidates(text, candidates, registry)) candidates.push(candidate);
  const renamed = new Map<string, string>();
  for (const candidate of definitionCandidates(text, folded, definitions, registry, candidates, renamed))
    candidates.push(candidate);
  return resolveOverlaps(candidates).map((c) => ({
    kind: c.kind,
    range: c.range,
    // A name wrapped over a line break reads with one space.
    text: text.slice(c.range.start, c.range.end).replace(/\s+/g, ' '),
    id: renamed.get(c.id) ?? c.id,
    source: c.source,
    ...(c.parent ? { parent: { id: renamed.get(c.parent.id) ?? c.parent.id, text: c.parent.text } } : {}),
  }));
}

/**
 * The text with its runs of capitals written as names are (see `capitals` in nameForms.json):
 * `FOR THE GOVERNMENT OF JAPAN:` reads `for the Government of Japan:`, `HAVE AGREED AS
 * FOLLOWS` reads `have agreed as follows`. A title in capitals wrapped over lines is one run,
 * its line break read as a space; a run ends before a capitalised word in lower case
 * (`…OF NAMIBIA The Government of…`), its space read as a line break. Only single characters
 * change, so every offset is the same as the text's. `runs` are the runs of two words or more,
 * for the registry in any case.
 */
function readCapitals(folded: string): { recased: string; runs: TextRange[] } {
  const runs: TextRange[] = [];
  const chunks: string[] = [];
  let written = 0;
  const write = (at: number, replacement: string) => {
    chunks.push(folded.slice(written, at), replacement);
    written = at + replacement.length;
  };
  let run: TextRange[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    for (let k = 0; k < run.length; k++) {
      const word = run[k]!;
      if (k > 0) {
        // A line break or a no-break space between two words of a run reads as a space.
        const gapStart = run[k - 1]!.end;
        const gap = folded.slice(gapStart, word.start);
        for (let g = 0; g < gap.length; g++) if (/[\r\n\u00a0]/.test(gap.charAt(g))) write(gapStart + g, ' ');
      }
      const original = folded.slice(word.start, word.end);
      const lower = original.toLowerCase();
      const letters = original.replace(/[^A-Z]/g, '');
      const small = letters.toLowerCase();
      const recased =
        (letters.length > 1 || run.length > 1) &&
        (LOWER_CASE_WORDS.has(small) || HEADING_WORDS.has(small) || (run.length > 1 && ROMAN_NUMERAL.test(letters)))
          ? lower
          : run.length > 1
            ? original.charAt(0) + lower.slice(1)
            : original;
      if (recased !== original) write(word.start, recased);
    }
    if (run.length > 1) {
      runs.push({ start: first.start, end: last.end });
      if (CAPITALISED_AFTER.test(folded.slice(last.end, last.end + 3))) write(last.end, '\n');
    }
    run = [];
  };
  for (const m of folded.matchAll(CAPITALS_WORD)) {
    const word = { start: m.index, end: m.index + m[0].length };
    const last = run[run.length - 1];
    if (last) {
      const gap = folded.slice(last.end, word.start);
      // …ON THE CONSERVATION OF MIGRATORY SHARKS⏎THE SIGNATORIES, …TO THE ANTARCTIC TREATY⏎
      // WASTE DISPOSAL: a new line that begins with an article after a word that may end a
      // name, or with a word that is not small after a name's head word, begins a new phrase.
      const before = folded.slice(last.start, last.end).toLowerCase();
      const newPhrase =
        /^,?[\r\n]$/.test(gap) &&
        ((ARTICLES.has(m[0]) && !LOWER_CASE_WORDS.has(before)) ||
          (HEAD_WORDS.has(before) && !LOWER_CASE_WORDS.has(m[0].toLowerCase())));
      if (newPhrase || !CAPITALS_GAP.test(gap)) flush();
    }
    run.push(word);
  }
  flush();
  if (written === 0) return { recased: folded, runs };
  chunks.push(folded.slice(written));
  return { recased: chunks.join(''), runs };
}

/**
 * The name a phrase of capitalised words holds, if any, and where it lies in the phrase. What
 * leads into a name is not part of it (the Agency; Japan's … Program; For the Government of
 * Japan:; Recalling the Framework Agreement), nor are small words after it; `X of the Y` names
 * Y when X names nothing (Composition of the International Tropical Timber Council, Purpose of
 * the Agreement); a head word alone (the Council, Each Government) names nothing.
 */
function nameInPhrase(phrase: string): { start: number; end: number; kind: NamedEntityKind } | undefined {
  let start = 0;
  for (;;) {
    const word = /^([A-Za-z]+)[ \t]+/.exec(phrase.slice(start));
    if (!word || !LOWER_CASE_WORDS.has(word[1]!.toLowerCase())) break;
    start += word[0].length;
  }
  const possessive = /^[A-Z][A-Za-z]*['’]s /.exec(phrase.slice(start));
  if (possessive) start += possessive[0].length;
  let end = phrase.trimEnd().replace(/[,.:;]$/, '').length;
  const trailing = /(?:[ \t]+(?:of|the|and|for|on|in|to|by))+$/.exec(phrase.slice(start, end));
  if (trailing) end -= trailing[0].length;
  let name = phrase.slice(start, end);
  let kind = kindBySuffix(name);
  if (!kind) return undefined;
  const connectives = [...name.matchAll(/ (?:of|for|in|to|on) the /g)];
  for (let k = connectives.length - 1; k >= 0; k--) {
    const at = connectives[k]!.index;
    const tail = name.slice(at + connectives[k]![0].length);
    const tailKind = kindBySuffix(tail);
    if (!tailKind) continue;
    if (kindBySuffix(name.slice(0, at))) break;
    start += at + connectives[k]![0].length;
    name = tail;
    kind = tailKind;
    break;
  }
  return / /.test(name) ? { start, end, kind } : undefined;
}

/** A legal form before an agency's name is part of its span: 独立行政法人国際協力機構. */
function withLegalForms(text: string, candidates: readonly Candidate[]): Candidate[] {
  const extended: Candidate[] = [];
  for (const candidate of candidates) {
    if (candidate.kind !== 'agency') continue;
    const { start, end } = candidate.range;
    const form = LEGAL_FORMS.find((f) => start >= f.length && text.startsWith(f, start - f.length));
    if (form) extended.push({ ...candidate, range: { start: start - form.length, end } });
  }
  return extended;
}

/**
 * Offices named by an agency and its units: `国税庁徴収部徴収課長` is one agency, under 国税庁;
 * `経済産業省資源エネルギー庁` is 資源エネルギー庁 (the registry knows it, under 経済産業省). An
 * office the registry does not know has the id of the body it is under followed by its units
 * (`jp.nta/徴収部徴収課長`), so that `国税庁徴収部` and `財務省国税庁徴収部` are one office.
 */
function officeCandidates(text: string, candidates: readonly Candidate[], registry: Registry): Candidate[] {
  const offices: Candidate[] = [];
  // Several agencies may end at one offset (国税庁, 財務省国税庁): the units after it are read once.
  const unitsAfter = new Map<number, SubUnits | undefined>();
  for (const head of candidates) {
    if (head.kind !== 'agency' || head.parent) continue;
    const at = head.range.end;
    if (!unitsAfter.has(at)) unitsAfter.set(at, readSubUnits(text, at));
    const units = unitsAfter.get(at);
    if (units) offices.push(officeOf(text, head, units, registry));
  }
  return offices;
}

interface SubUnits {
  /** Where the office's name ends: after its last unit or its post. */
  readonly end: number;
  /** Where each unit ends: 国税庁|徴収部|徴収課|長 has units ending after 部 and after 課. */
  readonly unitEnds: readonly number[];
}

/**
 * The units and the post right after an agency's name, read from `from`: each unit a word
 * before a unit ending (徴収部, 大臣官房, 東京センター), a post only at the end (課長 = 課 + 長;
 * 国税庁長官). Nothing when the agency is followed by anything else
 * (国税庁が, 国税庁の職員, 国税庁訓令).
 */
function readSubUnits(text: string, from: number): SubUnits | undefined {
  let runEnd = from;
  while (runEnd - from < MAX_UNITS_LENGTH) {
    const c = codePointAt(text, runEnd);
    if (c === '' || !UNIT_CHARACTER.test(c)) break;
    // A katakana word is part of a unit (資源エネルギー庁, 東京センター); one or two katakana
    // are the okurigana and particles of an older statute (省令ノ定ムル所, 若ハ) and end the units.
    const katakanaStart = KATAKANA_LETTER.test(c) && !/[\p{Script=Katakana}ー]/u.test(text.charAt(runEnd - 1));
    if (katakanaStart && katakanaRunLength(text, runEnd) < MIN_KATAKANA_WORD) break;
    runEnd += c.length;
  }
  if (runEnd === from) return undefined;
  const unitEnds: number[] = [];
  let at = from;
  let end = from;
  while (at < runEnd) {
    const posts = at === from ? POSTS_AFTER_AGENCY : POSTS_AFTER_UNIT;
    const post = posts.find((p) => at + p.length <= runEnd && text.startsWith(p, at));
    // A post ends the name (法務省入国管理局長 佐々木…), unless a unit ending follows it at
    // once: then it begins that unit (長官官房, 大臣官房).
    if (post !== undefined && !UNIT_ENDINGS.some((u) => text.startsWith(u, at + post.length))) {
      end = at + post.length;
      break;
    }
    if (NOT_UNIT_STARTS.some((w) => text.startsWith(w, at))) break;
    const next = nextUnitEnd(text, at, runEnd);
    if (next === undefined) {
      // A post after a word that qualifies it ends the name: 大臣官房|年金管理審議官.
      if (at > from) end = qualifiedPostEnd(text, at, runEnd) ?? end;
      break;
    }
    unitEnds.push(next);
    at = next;
    end = next;
  }
  return end > from ? { end, unitEnds } : undefined;
}

/**
 * The end of a post of two characters or more after a word that qualifies it (年金管理|審議官),
 * if any: the last in the run, so that 担当理事長 is not cut after 理事.
 */
function qualifiedPostEnd(text: string, start: number, runEnd: number): number | undefined {
  let end: number | undefined;
  for (let k = start + 3; k <= runEnd; k++)
    if (QUALIFIED_POSTS.some((p) => k - p.length > start && text.startsWith(p, k - p.length))) end = k;
  return end;
}

/** The length of the run of katakana (with ー and ・) that begins at `at`, up to the shortest word. */
function katakanaRunLength(text: string, at: number): number {
  let n = 0;
  while (n < MIN_KATAKANA_WORD && /[\p{Script=Katakana}ー]/u.test(text.charAt(at + n))) n++;
  return n;
}

/** The end of the shortest unit starting at `start`: 在留管理支援部|在留管理課, not the two as one. */
function nextUnitEnd(text: string, start: number, runEnd: number): number | undefined {
  for (let k = start + 2; k <= runEnd; k++) {
    // A unit has a word of its own before its ending (徴収|課, 大臣|官房, 東京|センター).
    if (!UNIT_ENDINGS.some((u) => k - u.length > start && text.startsWith(u, k - u.length))) continue;
    // 署名, 所得, 課題: the ending begins another word.
    if (NOT_UNIT_WORDS.has(text.slice(k - 1, k + 1))) continue;
    return k;
  }
  return undefined;
}

function officeOf(text: string, head: Candidate, units: SubUnits, registry: Registry): Candidate {
  // The deepest body the registry knows on the way: 経済産業省|資源エネルギー庁|長官官房 is under
  // 資源エネルギー庁, itself under 経済産業省.
  let parent = { id: head.id, text: text.slice(head.range.start, head.range.end), end: head.range.end };
  let parentEntry = registry.get(head.id);
  let from = head.range.end;
  for (const unitEnd of units.unitEnds) {
    const unit = text.slice(from, unitEnd);
    const under = parentEntry;
    const known =
      (under && registry.lookup(unit).find((n) => n.entry.kind === 'agency' && registry.isUnder(n.entry, under))) ??
      registry.lookup(text.slice(head.range.start, unitEnd)).find((n) => n.entry.kind === 'agency');
    if (known) {
      parent = { id: known.entry.id, text: unit, end: unitEnd };
      parentEntry = known.entry;
    }
    from = unitEnd;
  }
  const range = { start: head.range.start, end: units.end };
  // The units name a body the registry knows: 国税庁税務大学校 is the National Tax College.
  if (parent.end === units.end) return { kind: 'agency', range, id: parent.id, source: 'registry', priority: 3 };
  return {
    kind: 'agency',
    range,
    id: `${parent.id}/${caselessKey(text.slice(parent.end, units.end))}`,
    source: 'pattern',
    // Above a name found by its ending over the same span (厚生労働省医薬・生活衛生局), which
    // does not know what it is under; below the registry.
    priority: 2.5,
    parent: { id: parent.id, text: parent.text },
  };
}

/** Among entries sharing a name, a full name beats an acronym; otherwise the first entry. */
function pickRegistryName(values: readonly RegistryName[]): RegistryName | undefined {
  return values.find((v) => !v.isAcronym) ?? values[0];
}

/**
 * Entities the document defines: the acronym and the expansion of each definition whose
 * kind is known, from the registry or from how the expansion ends. Every later use of the
 * acronym or the expansion in the document is a mention too.
 */
function definitionCandidates(
  text: string,
  folded: string,
  definitions: readonly Definition[],
  registry: Registry,
  namesFound: readonly Candidate[],
  renamed: Map<string, string>,
): Candidate[] {
  const matcher = new NameMatcher<{ kind: NamedEntityKind; id: string; definedAt: number }>();
  // The longest name found ending at each offset.
  const nameEndingAt = new Map<number, Candidate>();
  for (const c of namesFound) {
    const other = nameEndingAt.get(c.range.end);
    if (!other || c.range.start < other.range.start) nameEndingAt.set(c.range.end, c);
  }
  for (const definition of definitions) {
    if (
      definition.form === 'quoted-term' ||
      !(/^[A-Za-z]/.test(definition.term) || KATAKANA_NAME.test(definition.term))
    )
      continue;
    // A name found right before the bracket is what the acronym stands for, even when the
    // expansion as read is shorter (a long title with particles in it).
    const before = definition.form === 'acronym-after' ? nameEndingAt.get(definition.expansionRange.end) : undefined;
    const known = registry.lookup(definition.expansion)[0] ?? registry.lookup(definition.term)[0];
    // A defined instrument (the 1985 Safeguards Agreement) is an instrument whatever its title ends with.
    const termKind = definition.form === 'hereinafter' ? kindBySuffix(definition.term) : undefined;
    const formKind = before?.kind ?? known?.entry.kind ?? termKind ?? kindBySuffix(definition.expansion);
    // A defined acronym names something: when its form does not tell what, the words after it
    // do (APEC フォーラム, the AZEC initiative), or it is a proper name taken for a program.
    const byContext =
      formKind === undefined
        ? (kindByContext(text, definition.termRange.end) ?? (namesOneThing(text, definition) ? 'program' : undefined))
        : undefined;
    const kind = formKind ?? byContext;
    // An acronym whose expansion is a common noun (開発業務受託機関 (CRO)) names a class, not a thing.
    if (!kind || (!before && !known && !isProperName(definition.expansion))) continue;
    // An acronym identifies a thing across documents better than the words of one of its
    // spellings: a name recognised only by its form takes the acronym's id.
    // A category acronym (L/A for a loan agreement) only ever stands for what it was defined for.
    const acronymId = `acronym:${matchKey(definition.term)}`;
    const category = CATEGORY_ACRONYMS.has(matchKey(definition.term));
    if (before?.source === 'pattern' && !category) renamed.set(before.id, acronymId);
    const id = before && (before.source === 'registry' || category) ? before.id : (known?.entry.id ?? acronymId);
    const definedAt = definition.termRange.start;
    matcher.add(definition.term, { kind, id, definedAt });
    // The expansion is matched elsewhere only when it is a name in its own right, not 開発協力.
    const expansionIsName =
      registry.lookup(definition.expansion).length > 0 ||
      (kindBySuffix(definition.expansion) && isProperName(definition.expansion)) ||
      (byContext !== undefined && (namesOneThing(text, definition) || isCapitalisedName(definition.expansion)));
    if (expansionIsName) matcher.add(definition.expansion, { kind, id, definedAt });
  }
  if (matcher.count === 0) return [];
  const sortedness = new WeakMap<object, boolean>();
  return matcher.findAllFolded(folded).map((match) => {
    // A term defined twice (L/A for two loan agreements) means, at each use, its latest definition.
    const inForce = latestDefinedBy(match.values, match.range.start, sortedness) ?? match.values[0]!;
    return { kind: inForce.kind, id: inForce.id, range: match.range, source: 'definition' as const, priority: 2 };
  });
}

/**
 * The last of `values` (in the order they were added) defined at or before `offset`. The
 * definitions are added in the order of the text, so a binary search finds it; were they
 * not, the scan of all of them does (whether they are is found once per list, in `sortedness`). Linear in the uses however often a term is defined
 * (8,000 definitions of one acronym made every use scan all of them).
 */
function latestDefinedBy<T extends { readonly definedAt: number }>(
  values: readonly T[],
  offset: number,
  sortedness: WeakMap<object, boolean>,
): T | undefined {
  let sorted = sortedness.get(values);
  if (sorted === undefined) {
    sorted = true;
    for (let i = 1; i < values.length && sorted; i++) sorted = values[i - 1]!.definedAt <= values[i]!.definedAt;
    sortedness.set(values, sorted);
  }
  if (!sorted) return values.filter((v) => v.definedAt <= offset).at(-1);
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]!.definedAt <= offset) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? values[low - 1] : undefined;
}

/**
 * A defined acronym whose expansion is a proper name but has no ending that tells its kind: a
 * name of capitalised English words (Greater Mekong Subregion), or a quoted Japanese title
 * (「自由で開かれたインド太平洋(FOIP)」). Such a name is taken for a program — an initiative,
 * a vision or a framework — the kind of name that most often has no telling ending.
 */
function namesOneThing(text: string, definition: Definition): boolean {
  if (definition.form !== 'acronym-after' && definition.form !== 'acronym-before') return false;
  // パワー・アジア (アジア・エネルギー・資源供給力強靱化パートナーシップ): a short name for a long one.
  if (KATAKANA_NAME.test(definition.term)) return isCapitalisedName(definition.expansion);
  if (!/^[A-Z][A-Za-z0-9+&/.-]*$/.test(definition.term.replace(/ /g, ''))) return false;
  const expansion = definition.expansion;
  const capitalised = expansion.split(/[ -]+/).filter((w) => /^[A-Z]/.test(w)).length;
  if (/^[A-Za-z]/.test(expansion)) return capitalised >= 2 && capitalised >= expansion.split(/ +/).length / 2;
  const before = text.charAt(definition.expansionRange.start - 1);
  return before === '「' || before === '『';
}

/** A name of capitalised words (Asia Zero Emission Community), or a Japanese name of kanji and katakana only. */
function isCapitalisedName(name: string): boolean {
  if (/^[A-Za-z]/.test(name)) {
    const words = name.split(/[ -]+/);
    return words.filter((w) => /^[A-Z]/.test(w)).length >= Math.max(2, words.length / 2);
  }
  return /^[\p{Script=Han}\p{Script=Katakana}ー・]{4,}$/u.test(name);
}

/** Names recognised by their form. */
function patternCandidates(
  text: string,
  folded: string,
  recased: string,
  registry: Registry,
  itemBodies: readonly TextRange[],
): Candidate[] {
  const candidates: Candidate[] = [];
  const bodyEnds = new Map(itemBodies.map((b) => [b.end, b]));
  const add = (found: TextRange, kind: NamedEntityKind, quoted = false, parties?: readonly TextRange[]) => {
    let range = found;
    const ordinal = LEADING_ORDINAL.exec(text.slice(range.start, range.end));
    if (ordinal) range = { start: range.start + ordinal[0].length, end: range.end };
    const name = text.slice(range.start, range.end);
    // 独立行政法人日本貿易振興機構 is 日本貿易振興機構: the legal form is in the span, not in the id.
    const legalForm = LEGAL_FORMS.find((f) => name.length > f.length && name.startsWith(f));
    const bare = legalForm === undefined ? name : name.slice(legalForm.length);
    const key = matchKey(bare);
    const known =
      registry.lookup(name)[0] ??
      registry.lookup(bare)[0] ??
      (/[A-Za-z]/.test(key) ? registry.lookupIgnoringCase(bare)[0] : undefined);
    if (!known) {
      const short = key.length === 3 && SHORT_NAME_SUFFIXES.some((x) => key.endsWith(x));
      if (key.length < MIN_PATTERN_NAME_LENGTH && !/[A-Za-z]/.test(key) && !short) return;
      // A legal form says that what follows is the name of a body (公益財団法人日本国際交流センター).
      const proper = isProperName(bare) || (legalForm !== undefined && key.length >= 3 && !GENERIC_NAMES.has(key));
      if (!quoted && !proper) return;
      if (quoted && (GENERIC_NAMES.has(key.toLowerCase()) || GENERIC_PREFIX.test(name))) return;
    }
    candidates.push({
      kind: known?.entry.kind ?? kind,
      range,
      id: known?.entry.id ?? `name:${caselessKey(bare)}`,
      source: known ? 'registry' : 'pattern',
      priority: known ? 3 : 1,
      ...(parties && parties.length > 0 ? { parties } : {}),
    });
  };

  // Quoted titles: 「衛星データ交換に関する協定」 is an instrument whatever precedes it.
  for (const match of text.matchAll(/[「『]([^「」『』\n]{2,80})[」』]/g)) {
    const inner = match[1]!;
    const kind = kindBySuffix(inner);
    if (kind) add({ start: match.index + 1, end: match.index + 1 + inner.length }, kind, true);
  }

  // Japanese names by their last word.
  for (let end = 1; end <= text.length; end++) {
    const form = suffixEndingAt(text, end);
    if (!form) continue;
    // A longer name may continue the suffix (委員会 inside 委員会議): take the name only where it ends.
    if (suffixContinues(text, end)) continue;
    const crossesTopic = form.kind === 'instrument' || /委員会|グループ|部会|会議$/.test(form.suffix);
    const start = japaneseNameStart(text, end, crossesTopic ? PATTERN_CONNECTIVES : []);
    // `NEXUS プログラム`: a bare ending after a space adds nothing to the name before it.
    const name = text.slice(start, end);
    if (/[ \u3000]/.test(name) && name.replace(/^.*[ \u3000]/, '') === form.suffix) continue;
    if (end - start <= form.suffix.length) continue;
    const title = form.kind === 'instrument' ? instrumentStart(text, start, end, bodyEnds) : { start };
    // A title that is a whole list item, or has its parties, is a name like a quoted title.
    add({ start: title.start, end }, form.kind, title.start !== start, title.parties);
  }

  // An acronym whose kind the words after it tell (AZEC の枠組み, the XYZ initiative): a name,
  // though this document does not spell it out.
  for (const m of folded.matchAll(/(?<![A-Za-z0-9])[A-Z][A-Z0-9+&-]{2,9}(?![A-Za-z0-9])/g)) {
    if (KNOWN_ACRONYMS.has(matchKey(m[0])) || /^[IVXLC]+$/.test(m[0])) continue;
    const kind = kindByContext(text, m.index + m[0].length);
    if (kind) add({ start: m.index, end: m.index + m[0].length }, kind, true);
  }

  // A facility's code after the word for it: 実験炉 JT-60SA, the satellite LOTUSat-1.
  for (const noun of FACILITY_NOUNS) {
    for (let at = text.indexOf(noun); at >= 0; at = text.indexOf(noun, at + noun.length)) {
      const code = /^[ \t\u3000]?([A-Z][A-Za-z]*-?[0-9][A-Za-z0-9-]*)(?![A-Za-z0-9])/.exec(
        text.slice(at + noun.length, at + noun.length + 24),
      );
      if (!code) continue;
      const start = at + noun.length + code[0].length - code[1]!.length;
      add({ start, end: start + code[1]!.length }, 'program', true);
    }
  }

  // English treaty titles with their parties: Agreement between the Government of … and … on ….
  // Read on the recased text, as are the names below: titles and names in capitals too.
  for (const title of englishTitles(recased)) {
    add(title.range, 'instrument', true, title.parties);
    // A party written as a government is an agency of its own span (the Government of Australia).
    for (const party of title.parties)
      if (/^(?:Government|GOVERNMENT)[ \t]+(?:of|OF)[ \t]/i.test(text.slice(party.start, party.end)))
        add(party, 'agency');
  }

  // English names: a run of capitalised words ending in a head word, or starting with a lead phrase.
  for (const match of recased.matchAll(
    /[A-Z][A-Za-z0-9'’\-.&]*(?:(?:, (?:and )?| (?:(?:of|on|for|in|to) the |(?:of|and|on|for|the|in|against|to|&) )?)[A-Z][A-Za-z0-9'’\-.&]*){0,12}/g,
  )) {
    const before = codePointBefore(recased, match.index);
    if (isLatinAlphanumeric(before)) continue;
    // Two signatures side by side are two names: For the Government of X For the Government of Y.
    let pieceStart = 0;
    const breaks = [...match[0].matchAll(SIGNATURE_BREAK)].map((b) => b.index);
    breaks.push(match[0].length);
    for (const pieceEnd of breaks) {
      for (const part of namesJoinedByAnd(match[0].slice(pieceStart, pieceEnd))) {
        const name = nameInPhrase(part.phrase);
        if (!name) continue;
        const at = match.index + pieceStart + part.offset;
        add({ start: at + name.start, end: at + name.end }, name.kind);
      }
      pieceStart = pieceEnd + 1;
    }
  }
  return candidates;
}

/**
 * A phrase split where `and` or a comma joins two names, each a name by its form (the Ministry
 * of Foreign Affairs of Japan and the United States Agency for International Development), and
 * not where it joins the words of one name (Ministry of Economy, Trade and Industry; Food and
 * Agriculture Organization).
 */
function namesJoinedByAnd(phrase: string): Array<{ phrase: string; offset: number }> {
  // From the right, so that a name with `and` in it stays whole on the left (Department of
  // Science and Technology and Japan Bank for International Cooperation).
  const separators = [...phrase.matchAll(/ and |, (?:and )?/g)];
  const names: Array<{ phrase: string; offset: number }> = [];
  let end = phrase.length;
  for (let k = separators.length - 1; k >= 0; k--) {
    const at = separators[k]!.index;
    const after = at + separators[k]![0].length;
    if (after > end) continue;
    const left = phrase.slice(0, at);
    const right = phrase.slice(after, end);
    if (!nameInPhrase(left) || !nameInPhrase(right)) continue;
    names.push({ phrase: right, offset: after });
    end = at;
  }
  names.push({ phrase: phrase.slice(0, end), offset: 0 });
  return names.reverse();
}

/** Bracketed text after a title in a list item: （L/A）, (JCM). */
const TRAILING_GLOSS = /^[ \u3000]*(?:[（(][^（）()\n]{1,20}[)）])?[ \u3000]*$/;
/** The parties before a treaty title: 日本国政府とベトナム社会主義共和国政府との間の. */
const PARTIES_BEFORE =
  /[\p{Script=Han}\p{Script=Katakana}ー・]{1,30}政府(?:と|及び)[\p{Script=Han}\p{Script=Katakana}ー・]{1,30}政府(?:との)?間の$/u;

/**
 * Where an instrument's name begins, beyond what `japaneseNameStart` finds: a title that
 * makes up a whole list item starts with the item, and a treaty title starts with its parties.
 */
function instrumentStart(
  text: string,
  start: number,
  end: number,
  bodyEnds: ReadonlyMap<number, TextRange>,
): { start: number; parties?: TextRange[] } {
  const lineEnd = text.slice(end).search(/[\r\n]|$/) + end;
  const body = bodyEnds.get(lineEnd);
  if (
    body &&
    body.start < start &&
    TRAILING_GLOSS.test(text.slice(end, lineEnd)) &&
    !/[「」『』、。]/.test(text.slice(body.start, start))
  ) {
    return { start: body.start };
  }
  // The pattern ends in 間の: most titles are not preceded by it, and the pattern is costly to try.
  const parties = text.startsWith('間の', start - 2)
    ? PARTIES_BEFORE.exec(text.slice(Math.max(0, start - 70), start))
    : null;
  if (!parties) return { start };
  // 日本国政府とベトナム社会主義共和国政府との間の: each government is a party of its own.
  const titleStart = start - parties[0].length;
  const ranges: TextRange[] = [];
  for (const m of parties[0].matchAll(/[\p{Script=Han}\p{Script=Katakana}ー・]{1,30}?政府/gu))
    ranges.push({ start: titleStart + m.index, end: titleStart + m.index + m[0].length });
  return { start: titleStart, parties: ranges };
}

/** The instrument words that open an English treaty title naming its parties. */
const TITLE_OPENING =
  /\b(?:Agreement|Convention|Treaty|Protocol|Memorandum of Understanding|Memorandum|Arrangement|Exchange of Notes)(?:[ \t]+(?:of|Of)[ \t]+(?:Cooperation|Co-operation))?[ \t]+(?:between|among|Between|Among|BETWEEN)[ \t]+/g;
/** What ends a party and begins the next: and, And, the comma of a list. */
const PARTY_SEPARATOR = /^(?:,[ \t]+(?:and[ \t]+)?|[ \t]+(?:and|And|AND)[ \t]+)/;
/** The word that begins a title's topic: on, regarding, concerning, for … */
const TOPIC_MARKER =
  /^[ \t]+(?:on|On|ON|regarding|Regarding|concerning|Concerning|for|For|relating to|Relating To|in the field of|in the fields of|In The Field Of)[ \t]+/;
/** The small words inside a name or a topic, in any case. */
const TITLE_SMALL_WORDS = /^(?:of|the|and|in|for|on|to|by|along|with|at|a|an|de|du|des)$/i;

/**
 * Treaty titles that name their parties: the instrument word, `between` or `among`, the
 * parties (`the Government of X`, `the United Mexican States`, `the IAEA`) joined by `and` or
 * commas, then the topic in capitals (`on Environmental Cooperation`), or in lower case up to
 * the end of the clause (`for the application of safeguards in …`).
 */
function englishTitles(text: string): Array<{ range: TextRange; parties: TextRange[] }> {
  const titles: Array<{ range: TextRange; parties: TextRange[] }> = [];
  for (const m of text.matchAll(TITLE_OPENING)) {
    let pos = m.index + m[0].length;
    const parties: TextRange[] = [];
    for (let k = 0; k < 6; k++) {
      const party = readCapitalisedRun(text, pos);
      if (!party) break;
      parties.push(party);
      pos = party.end;
      const separator = PARTY_SEPARATOR.exec(text.slice(pos, pos + 12));
      if (!separator) break;
      pos += separator[0].length;
    }
    if (parties.length < 2) continue;
    let end = parties[parties.length - 1]!.end;
    const topic = TOPIC_MARKER.exec(text.slice(end, end + 24));
    if (topic) {
      const run =
        readCapitalisedRun(text, end + topic[0].length, true) ?? readLowerCaseTopic(text, end + topic[0].length);
      if (run) end = run.end;
    }
    titles.push({ range: { start: m.index, end }, parties });
  }
  return titles;
}

/**
 * A run of capitalised words with the small words between them, from `start` (a leading
 * article is left out): the United States of America, The United Mexican States.
 */
function readCapitalisedRun(text: string, start: number, topic = false): TextRange | undefined {
  const article = /^(?:the|The|THE)[ \t]+/.exec(text.slice(start, start + 8));
  const from = start + (article ? article[0].length : 0);
  const words = /^(?:[A-Z][A-Za-z0-9'’.-]*|[ \t]+)+/.exec(text.slice(from, from + 200));
  if (!words) return undefined;
  // Extend over small words followed by another capitalised word (Government of the Union of …).
  let end = from;
  const re = /([A-Za-z][A-Za-z0-9'’.-]*)([ \t]*)/y;
  re.lastIndex = from;
  let lastCapital = from;
  let previous = '';
  for (let k = 0; k < 24; k++) {
    const w = re.exec(text);
    if (!w || w.index >= text.length) break;
    const word = w[1]!;
    // `and` ends a party (the United States of America and …), not a topic (on Scientific and Technical Cooperation).
    if (!topic && /^(?:and|And|AND)$/.test(word)) break;
    // …on Environmental Cooperation The Government of …: a sentence after the title, on one
    // line. In a title in capitals the article follows a small word (Pollution Of The Environment).
    if (topic && word === 'The' && previous !== '' && !TITLE_SMALL_WORDS.test(previous)) break;
    previous = word;
    // A party ends where the topic begins (…Federation on Cooperation); the topic goes on.
    const marker = topic ? false : /^(?:on|for|On|Regarding|Concerning|For|Relating)$/.test(word);
    if (/^[A-Z]/.test(word) && !marker) lastCapital = w.index + word.length;
    else if (!TITLE_SMALL_WORDS.test(word) || marker) break;
    end = w.index + word.length;
    if (!w[2]) break;
  }
  void end;
  return lastCapital > from ? { start: from, end: lastCapital } : undefined;
}

/** A topic in lower case: up to the end of the clause (a comma, a semicolon, a full stop or a bracket), at most 16 words. */
function readLowerCaseTopic(text: string, start: number): TextRange | undefined {
  const m = /^[a-z][^,;.:()\r\n]{0,160}/.exec(text.slice(start, start + 170));
  if (!m) return undefined;
  const words = m[0].trimEnd().split(/[ \t]+/);
  return words.length <= 16 ? { start, end: start + m[0].trimEnd().length } : undefined;
}

/** Suffixes by their last character, so that most offsets are rejected by one map lookup. */
// Keyed by code unit: a key cut from a Japanese text with charAt would be a new string each time.
const SUFFIXES_BY_LAST_CHAR = new Map<number, SuffixForm[]>();
for (const form of JAPANESE_SUFFIXES) {
  const last = form.suffix.charCodeAt(form.suffix.length - 1);
  if (Number.isNaN(last)) continue;
  SUFFIXES_BY_LAST_CHAR.set(last, [...(SUFFIXES_BY_LAST_CHAR.get(last) ?? []), form]);
}

/** The suffix forms that are empty, which every name ends with: they come last, being the shortest. */
const EMPTY_SUFFIX = JAPANESE_SUFFIXES.find((f) => f.suffix.length === 0);

/** The first of JAPANESE_SUFFIXES (longest first) that `name` ends with, by the table of last characters. */
function suffixOf(name: string): SuffixForm | undefined {
  return suffixEndingAt(name, name.length) ?? EMPTY_SUFFIX;
}

/**
 * Whether every English head word and lead phrase has a Latin letter, so that a name without
 * one need not be compared with them. Read from the data rather than assumed.
 */
const ENGLISH_FORMS_ARE_LATIN = KINDS.every((kind) =>
  [...nameForms[kind].en.head, ...nameForms[kind].en.lead].every((w) => /[A-Za-z]/.test(w)),
);

const IS_SUFFIX_END = new Uint8Array(0x10000);
for (const last of SUFFIXES_BY_LAST_CHAR.keys()) IS_SUFFIX_END[last] = 1;

function suffixEndingAt(text: string, end: number): SuffixForm | undefined {
  if (IS_SUFFIX_END[text.charCodeAt(end - 1)] !== 1) return undefined;
  const forms = SUFFIXES_BY_LAST_CHAR.get(text.charCodeAt(end - 1));
  if (!forms) return undefined;
  for (const form of forms) if (text.startsWith(form.suffix, end - form.suffix.length)) return form;
  return undefined;
}

/** True when the next character makes the suffix part of a longer word (省令, 委員会議, 計画的). */
function suffixContinues(text: string, end: number): boolean {
  const next = text.charAt(end);
  if (next === '' || isInlineSpace(next)) return false;
  // A one-character ending followed by kanji is the start of another word: 省令, 府県, 庁舎, 局長.
  if (
    SHORT_NAME_SUFFIXES.includes(text.charAt(end - 1)) &&
    /\p{Script=Han}/u.test(next) &&
    !suffixEndingAt(text, end)?.suffix.slice(1)
  )
    return true;
  if (next === '法' && text.charAt(end + 1) === '人') return true;
  return /[\p{Script=Han}\p{Script=Katakana}ー]/u.test(next) && suffixEndingAt(text, end + 1) !== undefined
    ? true
    : /[令則的化上下内外長官員等]/.test(next);
}

/**
 * Keeps the largest of overlapping candidates (no nesting); among candidates with the same
 * span, the one from the most trusted source.
 */
function resolveOverlaps(all: Candidate[]): Candidate[] {
  // A known program followed by generic words (NEXUS プログラム, アルテミス月面探査ミッション) is that program.
  const registryPrograms = new Set(
    all.filter((c) => c.source === 'registry' && c.kind === 'program').map((c) => c.range.start),
  );
  const candidates = all.filter(
    (c) => !(c.source === 'pattern' && c.kind === 'program' && registryPrograms.has(c.range.start)),
  );
  const sorted = [...candidates].sort(
    (a, b) =>
      b.range.end - b.range.start - (a.range.end - a.range.start) ||
      b.priority - a.priority ||
      a.range.start - b.range.start,
  );
  const end = candidates.reduce((max, c) => Math.max(max, c.range.end), 0);
  // One flag per offset: the work is proportional to the total length of the candidates.
  const covered = new Uint8Array(end);
  const kept: Candidate[] = [];
  const dropped: Candidate[] = [];
  for (const candidate of sorted) {
    const { start, end: stop } = candidate.range;
    if (covered.subarray(start, stop).some((v) => v === 1)) {
      if (candidate.kind === 'agency') dropped.push(candidate);
      continue;
    }
    covered.fill(1, start, stop);
    kept.push(candidate);
  }
  // The parties of a treaty title are agencies of their own inside it, largest first — also
  // when the title is the expansion of a definition that spans it.
  const instruments = kept.filter((c) => c.kind === 'instrument');
  const parties = candidates
    .flatMap((c) => c.parties ?? [])
    .filter((p) => instruments.some((i) => i.range.start <= p.start && p.end <= i.range.end));
  if (parties.length > 0) {
    const inParty = new Uint8Array(end);
    for (const candidate of dropped) {
      const { start, end: stop } = candidate.range;
      if (!parties.some((p) => p.start <= start && stop <= p.end)) continue;
      if (inParty.subarray(start, stop).some((v) => v === 1)) continue;
      inParty.fill(1, start, stop);
      kept.push(candidate);
    }
  }
  return kept.sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end);
}
