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
 */
import defaults from '../rules/defaultConfig.json';
import nameForms from './data/nameForms.json';
import { matchKey, NameMatcher } from '../registry/nameMatcher';
import type { Registry, RegistryName } from '../registry/registry';
import { codePointBefore, foldWidth, isInlineSpace, isLatinAlphanumeric } from '../text/characterClasses';
import type { Definition, EntityMention, NamedEntityKind, TextRange } from '../types';
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
}

interface SuffixForm {
  readonly suffix: string;
  readonly kind: NamedEntityKind;
}

const KINDS: readonly NamedEntityKind[] = ['agency', 'program', 'instrument'];
const JAPANESE_SUFFIXES: readonly SuffixForm[] = KINDS.flatMap((kind) =>
  nameForms[kind].ja.map((suffix) => ({ suffix, kind })),
).sort((a, b) => b.suffix.length - a.suffix.length);
const GENERIC_NAMES = new Set(nameForms.generic.map((n) => matchKey(n)));
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
  for (const form of JAPANESE_SUFFIXES) if (trimmed.endsWith(form.suffix)) return form.kind;
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
  if (GENERIC_NAMES.has(key) || GENERIC_PREFIX.test(name)) return false;
  if (/[A-Za-z]{2}/.test(key) && !/^[\p{Script=Han}\p{Script=Hiragana}]/u.test(key)) return true;
  if (NEVER_ENDINGS.some((e) => key.endsWith(e))) return false;
  const suffix = JAPANESE_SUFFIXES.find((f) => key.endsWith(f.suffix))?.suffix ?? '';
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
  for (const match of registry.matcher.findAll(text)) {
    const name = pickRegistryName(match.values);
    if (!name) continue;
    candidates.push({ kind: name.entry.kind, range: match.range, id: name.entry.id, source: 'registry', priority: 3 });
  }
  // Loops, not push(...list): a spread of one argument per candidate overflows the stack on
  // a long text (80,000 quoted titles).
  for (const candidate of patternCandidates(text, registry, options.itemBodies ?? [])) candidates.push(candidate);
  const renamed = new Map<string, string>();
  for (const candidate of definitionCandidates(text, definitions, registry, candidates, renamed))
    candidates.push(candidate);
  return resolveOverlaps(candidates).map((c) => ({
    kind: c.kind,
    range: c.range,
    // A name wrapped over a line break reads with one space.
    text: text.slice(c.range.start, c.range.end).replace(/\s+/g, ' '),
    id: renamed.get(c.id) ?? c.id,
    source: c.source,
  }));
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
  return matcher.findAll(text).map((match) => {
    // A term defined twice (L/A for two loan agreements) means, at each use, its latest definition.
    const inForce = match.values.filter((v) => v.definedAt <= match.range.start).at(-1) ?? match.values[0]!;
    return { kind: inForce.kind, id: inForce.id, range: match.range, source: 'definition' as const, priority: 2 };
  });
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
function patternCandidates(text: string, registry: Registry, itemBodies: readonly TextRange[]): Candidate[] {
  const candidates: Candidate[] = [];
  const bodyEnds = new Map(itemBodies.map((b) => [b.end, b]));
  const add = (found: TextRange, kind: NamedEntityKind, quoted = false, parties?: readonly TextRange[]) => {
    let range = found;
    const ordinal = LEADING_ORDINAL.exec(text.slice(range.start, range.end));
    if (ordinal) range = { start: range.start + ordinal[0].length, end: range.end };
    const name = text.slice(range.start, range.end);
    const key = matchKey(name);
    const known = registry.lookup(name)[0];
    if (!known) {
      const short = key.length === 3 && SHORT_NAME_SUFFIXES.some((x) => key.endsWith(x));
      if (key.length < MIN_PATTERN_NAME_LENGTH && !/[A-Za-z]/.test(key) && !short) return;
      if (!quoted && !isProperName(name)) return;
      if (quoted && (GENERIC_NAMES.has(key) || GENERIC_PREFIX.test(name))) return;
    }
    candidates.push({
      kind: known?.entry.kind ?? kind,
      range,
      id: known?.entry.id ?? `name:${key}`,
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
  const folded = foldWidth(text);
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
  for (const title of englishTitles(folded)) {
    add(title.range, 'instrument', true, title.parties);
    // A party written as a government is an agency of its own span (the Government of Australia).
    for (const party of title.parties)
      if (/^(?:Government|GOVERNMENT)[ \t]+(?:of|OF)[ \t]/i.test(text.slice(party.start, party.end)))
        add(party, 'agency');
  }

  // English names: a run of capitalised words ending in a head word, or starting with a lead phrase.
  for (const match of folded.matchAll(
    /[A-Z][A-Za-z0-9'’\-.&]*(?:,? (?:(?:of|on|for|in|to) the |(?:of|and|on|for|the|in|against|to|&) )?[A-Z][A-Za-z0-9'’\-.&]*){0,12}/g,
  )) {
    const phrase = match[0];
    const before = codePointBefore(text, match.index);
    if (isLatinAlphanumeric(before)) continue;
    const kind = kindBySuffix(phrase);
    if (!kind || !/ /.test(phrase)) continue;
    let start = match.index;
    // A leading article or possessive is not part of the name: the Agency, Japan's … Program.
    const article = /^(?:(?:The|A|An) |[A-Z][A-Za-z]*['’]s )/.exec(phrase);
    if (article) start += article[0].length;
    add({ start, end: match.index + phrase.trimEnd().replace(/[,.]$/, '').length }, kind);
  }
  return candidates;
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
  const parties = PARTIES_BEFORE.exec(text.slice(Math.max(0, start - 70), start));
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
  for (let k = 0; k < 24; k++) {
    const w = re.exec(text);
    if (!w || w.index >= text.length) break;
    const word = w[1]!;
    if (/^(?:and|And|AND)$/.test(word)) break;
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
const SUFFIXES_BY_LAST_CHAR = new Map<string, SuffixForm[]>();
for (const form of JAPANESE_SUFFIXES) {
  const last = form.suffix.charAt(form.suffix.length - 1);
  SUFFIXES_BY_LAST_CHAR.set(last, [...(SUFFIXES_BY_LAST_CHAR.get(last) ?? []), form]);
}

const IS_SUFFIX_END = new Uint8Array(0x10000);
for (const last of SUFFIXES_BY_LAST_CHAR.keys()) IS_SUFFIX_END[last.charCodeAt(0)] = 1;

function suffixEndingAt(text: string, end: number): SuffixForm | undefined {
  if (IS_SUFFIX_END[text.charCodeAt(end - 1)] !== 1) return undefined;
  const forms = SUFFIXES_BY_LAST_CHAR.get(text.charAt(end - 1));
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
