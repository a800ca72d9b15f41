/**
 * Hover: a short Markdown card for what is under the cursor — a clause reference (where it
 * points), a date (its value, weekday and era form), an agency, program or instrument (its
 * registry entry, definition and mentions), a defined term (what it stands for) or a clause
 * label (its path and how it is connected). Pure: a function of the feature context and an
 * offset, in the context's locale. Every message of both locales is in `MESSAGES`.
 *
 * When several things are at the offset, the order is: clause reference > date > entity
 * mention > defined term > clause label, and last a Latin term this document uses but only
 * another document of the workspace defines; something the cursor is inside wins over
 * something the cursor is just after.
 */
import { fileNameOf } from './featureContext';
import type { ResolvedClauseReference } from '../analysis';
import nameForms from '../recognise/data/nameForms.json';
import {
  type DateFiscalYear,
  type DateMention,
  daysInMonth,
  ENGLISH_MONTHS,
  japaneseEras,
  type JapaneseEra,
  weekdayOf,
} from '../recognise/dates';
import { matchKey } from '../registry/nameMatcher';
import countries from '../registry/data/countries.json';
import type { RegistryEntry } from '../registry/registry';
import type { Clause, ListItem } from '../structure/clauseStructure';
import type { Definition, EntityMention, EntityParent, NamedEntityKind, TextRange } from '../types';
import type { IndexedDefinition } from '../workspace/workspaceIndex';
import { type DefinedTermUse, definedTermUses } from './definedTerms';
import type { FeatureContext, Locale } from './featureContext';
import { labelledClauses } from './definition';
import { itemsAround } from './offsetLookup';
import { definitionOverlapping } from './workspaceRecords';

export interface HoverResult {
  readonly markdown: string;
  /** What is hovered, as offsets in the current document. */
  readonly range: TextRange;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** How a name the registry does not know was recognised: its ending, or its shape. */
type NameForm = { readonly ends: string } | { readonly shape: string };

type DateFailure =
  'no-document-date' | 'no-earlier-year' | 'invalid-date' | 'era-mismatch' | 'reversed-range' | 'other';

interface Messages {
  readonly kinds: Readonly<Record<NamedEntityKind, string>>;
  /** By the registry's country codes, which come from workspace files: a Map, never a plain object. */
  readonly countries: ReadonlyMap<string, string>;
  readonly countrySeparator: string;
  readonly weekdays: readonly string[];
  readonly months: readonly string[];
  readonly listSeparator: string;
  withAcronyms(name: string, acronyms: string): string;
  under(parent: string): string;
  notInRegistry: string;
  definedAt(line: number, text: string): string;
  definedIn(file: string, line: number, text: string): string;
  recognisedByForm(form: NameForm | undefined): string;
  recognisedAsUnit(parent: string): string;
  mentions(here: number, total: number, documents: number): string;
  date(value: string): string;
  dateRange(start: string, end: string): string;
  unresolvedDate: string;
  asWritten(value: string): string;
  fiscalYear(year: number, fiscal: DateFiscalYear): string;
  from: string;
  to: string;
  western(y: number, m: number | undefined, d: number | undefined, weekday: number | undefined): string;
  relative(
    word: string | undefined,
    anchor: string,
    anchorLine: number | undefined,
    kind: 'document' | 'preceding',
  ): string;
  couldNotResolve(failure: DateFailure, word: string | undefined): string;
  referenceTo(line: number): string;
  implicitParagraph(article: string | undefined): string;
  external(instrument: string): string;
  notInThisText(note: string): string;
  unresolvedReference(reason: string): string;
  referredTo(count: number, lines: readonly number[]): string;
  sharesEntities(clauses: number, documents: number): string;
  itemOrdinal(n: number): string;
  definedTerm: string;
  standsFor(expansion: string): string;
  uses(count: number): string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function englishOrdinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * The names of the registry's country codes (`data/countries.json`, beside the registry), so
 * that a new country in the registry is a data change; a code without a name shows as written.
 */
function countryNames(locale: Locale): ReadonlyMap<string, string> {
  return new Map(Object.entries(countries).map(([code, names]) => [code, names[locale]]));
}

const MESSAGES: Readonly<Record<Locale, Messages>> = {
  en: {
    kinds: { agency: 'agency', program: 'program', instrument: 'instrument' },
    countries: countryNames('en'),
    countrySeparator: '–',
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    months: ENGLISH_MONTHS,
    listSeparator: ', ',
    withAcronyms: (name, acronyms) => `${name} (${acronyms})`,
    under: (parent) => `under ${parent}`,
    notInRegistry: 'not in the registry',
    definedAt: (line, text) => `Defined at line ${line}: ${text}`,
    definedIn: (file, line, text) => `Defined in ${file}, line ${line}: ${text}`,
    recognisedByForm: (suffix) =>
      suffix === undefined
        ? 'Recognised by its form'
        : 'ends' in suffix
          ? `Recognised by its form (…ends in ${suffix.ends})`
          : `Recognised by its form (${suffix.shape})`,
    recognisedAsUnit: (parent) => `Recognised as an office of ${parent}: its name followed by units and posts`,
    mentions: (here, total, documents) =>
      `Mentions: ${here} in this document · ${total} in ${plural(documents, 'document')} of the workspace`,
    date: (value) => `Date ${value}`,
    dateRange: (start, end) => `Date range ${start} – ${end}`,
    unresolvedDate: 'Date',
    asWritten: (value) => `As written: ${value}`,
    fiscalYear: (year, fiscal) =>
      fiscal === 'april-to-march'
        ? `Japan's fiscal year ${year}: 1 April ${year} – 31 March ${year + 1}`
        : `Fiscal year ${year}: the text does not say whose, so its months are not known (Japan's runs April–March, the United States' October–September)`,
    from: 'From',
    to: 'To',
    western: (y, m, d, weekday) => {
      const year = String(y).padStart(4, '0');
      if (m === undefined) return year;
      if (d === undefined) return `${MESSAGES.en.months[m - 1] ?? m} ${year}`;
      const iso = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      return weekday === undefined ? iso : `${iso}, ${MESSAGES.en.weekdays[weekday]}`;
    },
    relative: (word, anchor, line, kind) =>
      `${word === undefined ? 'Year omitted' : `Relative (${word})`}: resolved against ${anchor}` +
      ` (${kind === 'document' ? 'the document date' : 'an earlier date'}${line === undefined ? '' : `, line ${line}`})`,
    couldNotResolve: (failure, word) =>
      'Could not be resolved: ' +
      {
        'no-document-date': `there is no document date to resolve ${word ?? 'it'} against`,
        'no-earlier-year': `there is no earlier year to resolve ${word ?? 'it'} against`,
        'invalid-date': 'the date does not exist',
        'era-mismatch': 'the era and the year disagree',
        'reversed-range': 'the range ends before it starts',
        other: 'the text does not give a complete date',
      }[failure],
    referenceTo: (line) => `Clause reference → line ${line}`,
    implicitParagraph: (article) =>
      article === undefined ? 'The first paragraph of the text' : `The first (unnumbered) paragraph of ${article}`,
    external: (instrument) => `Refers to a provision of another instrument: ${instrument}`,
    notInThisText: (note) => `Not expected in this text, so not checked: ${note}`,
    unresolvedReference: (reason) => `Not found in this document: ${reason}`,
    referredTo: (count, lines) =>
      count === 0
        ? 'Not referred to in this document'
        : `Referred to ${plural(count, 'time')} in this document (line ${lines.join(', ')})`,
    sharesEntities: (clauses, documents) =>
      clauses === 0
        ? 'Shares no entities with other clauses'
        : `Shares entities with ${plural(clauses, 'other clause')} in ${plural(documents, 'document')}`,
    itemOrdinal: (n) => `${englishOrdinal(n)} item`,
    definedTerm: 'defined term',
    standsFor: (expansion) => `Stands for: ${expansion}`,
    uses: (count) => `Used ${plural(count, 'time')} in this document`,
  },
  ja: {
    kinds: { agency: '機関', program: 'プログラム', instrument: '文書' },
    countries: countryNames('ja'),
    countrySeparator: '・',
    weekdays: ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'],
    months: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    listSeparator: '、',
    withAcronyms: (name, acronyms) => `${name}（${acronyms}）`,
    under: (parent) => `上部組織: ${parent}`,
    notInRegistry: 'レジストリ未登録',
    definedAt: (line, text) => `${line}行目で定義: ${text}`,
    definedIn: (file, line, text) => `${file} の${line}行目で定義: ${text}`,
    recognisedByForm: (suffix) =>
      suffix === undefined
        ? '名称の形から認識'
        : 'ends' in suffix
          ? `名称の形から認識（「${suffix.ends}」で終わる）`
          : `名称の形から認識（${suffix.shape}）`,
    recognisedAsUnit: (parent) => `${parent}の内部組織・職として認識（組織名に部局名・職名が続く形）`,
    mentions: (here, total, documents) => `言及: この文書で${here}回 · ワークスペースの${documents}文書で${total}回`,
    date: (value) => `日付 ${value}`,
    dateRange: (start, end) => `期間 ${start} – ${end}`,
    unresolvedDate: '日付',
    asWritten: (value) => `記載どおりの値: ${value}`,
    fiscalYear: (year, fiscal) =>
      fiscal === 'april-to-march'
        ? `${year}年度（日本の会計年度）: ${year}年4月1日～${year + 1}年3月31日`
        : `会計年度${year}: どの国の会計年度か書かれていないため、期間は不明です（日本は4月～3月、米国は10月～9月）`,
    from: '開始',
    to: '終了',
    western: (y, m, d, weekday) => {
      if (m === undefined) return `${y}年`;
      if (d === undefined) return `${y}年${m}月`;
      const day = `${y}年${m}月${d}日`;
      return weekday === undefined ? day : `${day}(${MESSAGES.ja.weekdays[weekday]?.charAt(0) ?? ''})`;
    },
    relative: (word, anchor, line, kind) =>
      `${word === undefined ? '年の省略' : `相対表現（${word}）`}: ${anchor}` +
      `（${kind === 'document' ? '文書の日付' : '先行する日付'}${line === undefined ? '' : `、${line}行目`}）を基準に解決`,
    couldNotResolve: (failure, word) =>
      '解決できません: ' +
      {
        'no-document-date': `${word ?? 'この表現'}の基準となる文書の日付がありません`,
        'no-earlier-year': `${word ?? 'この表現'}の基準となる先行の年がありません`,
        'invalid-date': '存在しない日付です',
        'era-mismatch': '元号と年が一致しません',
        'reversed-range': '期間の終わりが始まりより前です',
        other: '日付が完全に書かれていません',
      }[failure],
    referenceTo: (line) => `条項参照 → ${line}行目`,
    implicitParagraph: (article) =>
      article === undefined ? '本文の第1項（番号のない最初の段落）' : `${article}の第1項（番号のない最初の段落）`,
    external: (instrument) => `他の文書（${instrument}）の条項を参照しています`,
    notInThisText: (note) => `この文書にあるとは限らないため、検査していません: ${note}`,
    unresolvedReference: (reason) => `この文書内に参照先が見つかりません。(${reason})`,
    referredTo: (count, lines) =>
      count === 0
        ? 'この文書内からの参照なし'
        : `この文書内で${count}回参照（${lines.map((l) => `${l}行目`).join('、')}）`,
    sharesEntities: (clauses, documents) =>
      clauses === 0
        ? 'エンティティを共有する他の条項なし'
        : `エンティティを共有する他の条項: ${clauses}件（${documents}文書）`,
    itemOrdinal: (n) => `${n}番目の項目`,
    definedTerm: '定義語',
    standsFor: (expansion) => `意味: ${expansion}`,
    uses: (count) => `この文書で${count}回使用`,
  },
};

// ---------------------------------------------------------------------------------------------
// Entry point

interface Candidate {
  readonly range: TextRange;
  readonly render: () => string | undefined;
}

/** The hover at an offset, or undefined when there is nothing there. Never throws. */
export function hoverAt(context: FeatureContext, offset: number): HoverResult | undefined {
  try {
    const text = context.document.text;
    if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
    const groups = candidateGroups(context, offset);
    const computed: Array<readonly Candidate[] | undefined> = [];
    // First what the cursor is inside, then what it is just after.
    for (const inside of [true, false]) {
      for (const [index, group] of groups.entries()) {
        const candidates = computed[index] ?? (computed[index] = group());
        for (const candidate of candidates) {
          const { start, end } = candidate.range;
          const hit = inside ? start <= offset && offset < end : end > start && offset === end;
          if (!hit) continue;
          const markdown = candidate.render();
          if (markdown !== undefined) return { markdown, range: { start, end } };
        }
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The kinds of hoverable things, in priority order; each computed only when needed. */
function candidateGroups(context: FeatureContext, offset: number): Array<() => readonly Candidate[]> {
  const { document } = context;
  return [
    () =>
      itemsAround(document.clauseReferences, offset, rangeOfReference).map((r) => ({
        range: r.reference.range,
        render: () => referenceHover(context, r),
      })),
    () =>
      itemsAround(document.dates, offset, rangeOfDate).map((d) => ({
        range: d.range,
        render: () => dateHover(context, d),
      })),
    () =>
      itemsAround(document.entities, offset, rangeOfMention).map((e) => ({
        range: e.range,
        render: () => entityHover(context, e),
      })),
    () =>
      (document.definitions.length === 0 ? [] : itemsAround(definedTermUses(document), offset, rangeOfUse)).map(
        (u) => ({ range: u.range, render: () => termHover(context, u) }),
      ),
    () => [
      ...itemsAround(labelledClauses(document), offset, rangeOfLabel).map((c) => ({
        range: c.labelRange,
        render: () => clauseHover(context, c),
      })),
      ...itemsAround(document.structure.items, offset, rangeOfItem).map((i) => ({
        range: i.markerRange,
        render: () => itemHover(context, i),
      })),
    ],
    () => workspaceTermAt(context, offset),
  ];
}

// One accessor per list, so that `itemsAround` checks each list's order once.
const rangeOfReference = (r: ResolvedClauseReference): TextRange => r.reference.range;
const rangeOfDate = (d: DateMention): TextRange => d.range;
const rangeOfMention = (m: EntityMention): TextRange => m.range;
const rangeOfUse = (u: DefinedTermUse): TextRange => u.range;
const rangeOfLabel = (c: Clause): TextRange => c.labelRange;
const rangeOfItem = (i: ListItem): TextRange => i.markerRange;

// ---------------------------------------------------------------------------------------------
// Entities

function entityHover(context: FeatureContext, mention: EntityMention): string {
  const { document, workspace, registry, locale } = context;
  const t = MESSAGES[locale];
  const entry = registry.get(mention.id);
  const head: string[] = [];
  if (entry) {
    for (const line of registryHeader(context, entry)) head.push(line);
  } else {
    const name =
      mention.id.startsWith('acronym:') && !mention.parent ? mention.id.slice('acronym:'.length) : mention.text;
    const facts = [`*${t.kinds[mention.kind]}*`, t.notInRegistry];
    // An office named by its agency and its units: 国税庁徴収部徴収課長 is under 国税庁.
    if (mention.parent) facts.push(escape(t.under(parentName(context, mention.parent))));
    head.push(bold(name), facts.join(' · '));
  }
  const sections = [lines(head)];
  if (entry) sections.push(escape(entry.description[locale]));

  const facts: string[] = [];
  const local = localDefinitionOf(context, mention);
  if (local) {
    facts.push(
      t.definedAt(lineNumber(context, local.termRange.start), escape(definitionAsWritten(document.text, local))),
    );
  } else {
    const elsewhere = workspaceDefinitionOf(context, mention);
    if (elsewhere) {
      facts.push(workspaceDefinitionLine(t, elsewhere));
    } else if (!entry && mention.parent) {
      facts.push(t.recognisedAsUnit(escape(parentName(context, mention.parent))));
    } else if (!entry && mention.source === 'pattern') {
      facts.push(t.recognisedByForm(formOf(mention.text, mention.kind)));
    }
  }
  const here = document.entities.filter((e) => e.id === mention.id).length;
  const inWorkspace = workspace.mentionCountOf?.(mention.id) ?? workspace.mentionsOf(mention.id).length;
  const total = Math.max(inWorkspace, here);
  const documents = Math.max(workspace.documentCountOf(mention.id), here > 0 ? 1 : 0);
  facts.push(t.mentions(here, total, documents));
  sections.push(lines(facts));
  return sections.join('\n\n');
}

/** The name of the body an office is under: the registry's, in the locale's language, else as the text writes it. */
function parentName(context: FeatureContext, parent: EntityParent): string {
  const entry = context.registry.get(parent.id);
  if (!entry) return parent.text;
  const [first, second] = context.locale === 'ja' ? [entry.names.ja, entry.names.en] : [entry.names.en, entry.names.ja];
  return first[0] ?? second[0] ?? parent.text;
}

/** The title lines of a registry entry: names in both languages, acronyms, kind, country, parent. */
function registryHeader(context: FeatureContext, entry: RegistryEntry): string[] {
  const t = MESSAGES[context.locale];
  const ja = entry.names.ja[0];
  const en = entry.names.en[0];
  const [first, second] = context.locale === 'ja' ? [ja ?? en, en] : [en ?? ja, ja];
  const acronyms = entry.acronyms?.length ? entry.acronyms.join(t.listSeparator) : undefined;
  const title = first === undefined ? (acronyms ?? entry.id) : acronyms ? t.withAcronyms(first, acronyms) : first;
  const out = [bold(title)];
  if (second !== undefined && second !== first) out.push(escape(second));
  const facts = [`*${t.kinds[entry.kind]}*`, escape(countryName(t, entry.country))];
  const parent = entry.parent === undefined ? undefined : context.registry.get(entry.parent);
  if (parent) {
    const name =
      context.locale === 'ja' ? (parent.names.ja[0] ?? parent.names.en[0]) : (parent.names.en[0] ?? parent.names.ja[0]);
    if (name !== undefined) facts.push(escape(t.under(name)));
  }
  out.push(facts.join(' · '));
  return out;
}

function countryName(t: Messages, code: string): string {
  return code
    .split('-')
    .map((part) => t.countries.get(part) ?? part)
    .join(t.countrySeparator);
}

/** A definition in this document whose term or expansion is a mention of the same entity. */
function localDefinitionOf(context: FeatureContext, mention: EntityMention): Definition | undefined {
  const { document } = context;
  const same = document.entities.filter((e) => e.id === mention.id);
  const overlaps = (a: TextRange, b: TextRange) => a.start < b.end && b.start < a.end;
  return document.definitions.find((d) =>
    same.some((m) => overlaps(m.range, d.termRange) || overlaps(m.range, d.expansionRange)),
  );
}

/**
 * A definition of the same entity in another document of the workspace: one whose term or
 * expansion is a mention of the same id there, else one of the same term, else one whose
 * expansion is the name as written here.
 */
function workspaceDefinitionOf(context: FeatureContext, mention: EntityMention): IndexedDefinition | undefined {
  const { document, workspace } = context;
  const overlapping = definitionOverlapping(workspace);
  for (const other of workspace.mentionsOf(mention.id)) {
    if (other.uri === document.uri) continue;
    const found = overlapping(other.uri, other.range);
    if (found) return found;
  }
  const term = mention.id.startsWith('acronym:') ? mention.id.slice('acronym:'.length) : mention.text;
  const byTerm = workspace.definitionsOf(term).find((d) => d.uri !== document.uri);
  if (byTerm) return byTerm;
  if (workspace.definitionsWithExpansion)
    return workspace.definitionsWithExpansion(mention.text).find((d) => d.uri !== document.uri);
  const key = matchKey(mention.text);
  for (const uri of workspace.uris()) {
    if (uri === document.uri) continue;
    const found = workspace.get(uri)?.definitions.find((d) => matchKey(d.expansion) === key);
    if (found) return found;
  }
  return undefined;
}

function workspaceDefinitionLine(t: Messages, definition: IndexedDefinition): string {
  const written =
    definition.form === 'acronym-before'
      ? `${definition.term} (${definition.expansion})`
      : `${definition.expansion} (${definition.term})`;
  return t.definedIn(
    code(fileNameOf(definition.uri)),
    definition.termRange.start.line + 1,
    escape(shorten(written, 100)),
  );
}

/** What in a name's form made it a name: its ending (…協定, … Agency) or its shape (Ministry of …). */
function formOf(name: string, kind: NamedEntityKind): NameForm | undefined {
  const trimmed = name.replace(/^[「『"“]|[」』"”]$/g, '').trim();
  const forms = nameForms[kind];
  const ja = [...forms.ja].sort((a, b) => b.length - a.length).find((s) => trimmed.endsWith(s));
  if (ja !== undefined) return { ends: ja };
  const words = trimmed.split(/[ ,]+/);
  const last = words.at(-1);
  if (last !== undefined && forms.en.head.includes(last)) return { ends: last };
  const lead = forms.en.lead.find((l) => trimmed.startsWith(`${l} `));
  if (lead !== undefined) return { shape: `${lead} …` };
  for (let i = words.length - 2; i >= 0; i--) {
    const word = words[i]!;
    if (forms.en.head.includes(word)) return { shape: `… ${word} ${words[i + 1] ?? ''} …` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Defined terms

function termHover(context: FeatureContext, use: DefinedTermUse): string {
  const { document, locale } = context;
  const t = MESSAGES[locale];
  const definition = use.definition;
  const uses = definedTermUses(document).filter((u) => u.term === use.term && !u.isDefinition).length;
  return [
    `${bold(use.term)} · ${t.definedTerm}`,
    lines([
      t.standsFor(escape(shorten(definition.expansion, 100))),
      t.definedAt(
        lineNumber(context, definition.termRange.start),
        escape(definitionAsWritten(document.text, definition)),
      ),
      t.uses(uses),
    ]),
  ].join('\n\n');
}

/**
 * A Latin term at the offset that this document uses without defining and another document
 * of the workspace defines (an acronym such as `MDI`).
 */
function workspaceTermAt(context: FeatureContext, offset: number): Candidate[] {
  const { document, workspace, locale } = context;
  const text = document.text;
  const isTermChar = (c: string) => /[A-Za-z0-9+&/-]/.test(c);
  let start = offset;
  let end = offset;
  while (start > 0 && offset - start < 16 && isTermChar(text.charAt(start - 1))) start--;
  while (end < text.length && end - offset < 16 && isTermChar(text.charAt(end))) end++;
  while (end > start && /[-/&]/.test(text.charAt(end - 1))) end--;
  const term = text.slice(start, end);
  if (!/^[A-Za-z][A-Za-z0-9+&/-]{1,11}$/.test(term)) return [];
  if (document.definitions.some((d) => matchKey(d.term) === matchKey(term))) return [];
  const definition = workspace.definitionsOf(term).find((d) => d.uri !== document.uri);
  if (!definition) return [];
  const t = MESSAGES[locale];
  const render = () =>
    [
      `${bold(term)} · ${t.definedTerm}`,
      lines([t.standsFor(escape(shorten(definition.expansion, 100))), workspaceDefinitionLine(t, definition)]),
    ].join('\n\n');
  return [{ range: { start, end }, render }];
}

/** A definition as the document writes it: expansion, bracket and term (and the closing bracket). */
function definitionAsWritten(text: string, definition: Definition): string {
  const start = Math.min(definition.termRange.start, definition.expansionRange.start);
  let end = Math.max(definition.termRange.end, definition.expansionRange.end);
  const close = /^[^\r\n()（）]{0,12}[)）]/.exec(text.slice(end, end + 14));
  if (close) end += close[0].length;
  const written = text.slice(start, end);
  return written.length > 100 ? `${written.slice(0, 40)}…${written.slice(-50)}` : written;
}

// ---------------------------------------------------------------------------------------------
// Dates

interface Ymd {
  readonly y: number;
  readonly m: number | undefined;
  readonly d: number | undefined;
}

function parseValue(value: string): Ymd | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return undefined;
  return {
    y: Number(match[1]),
    m: match[2] === undefined ? undefined : Number(match[2]),
    d: match[3] === undefined ? undefined : Number(match[3]),
  };
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function eraOn(day: string): JapaneseEra | undefined {
  let found: JapaneseEra | undefined;
  for (const era of japaneseEras()) if (era.start <= day) found = era;
  return found;
}

/**
 * The date in the Japanese era in force (`令和3年11月23日(火)`); for a year or month that spans
 * a change of era, both (`平成31年・令和元年`). Undefined before 明治.
 */
function eraForm(date: Ymd): string | undefined {
  const { y, m, d } = date;
  const first = iso(y, m ?? 1, d ?? 1);
  const last = iso(y, m ?? 12, d ?? daysInMonth(y, m ?? 12));
  const eras = [eraOn(first), eraOn(last)].filter((e): e is JapaneseEra => e !== undefined);
  const distinct = eras.filter((e, i) => eras.findIndex((x) => x.name === e.name) === i);
  if (distinct.length === 0) return undefined;
  const weekday = m !== undefined && d !== undefined ? `(${'日月火水木金土'.charAt(weekdayOf(y, m, d))})` : '';
  const rest = (m === undefined ? '' : `${m}月`) + (d === undefined ? '' : `${d}日`) + weekday;
  return distinct
    .map((era) => {
      const year = y - era.startYear + 1;
      return `${era.name}${year === 1 ? '元' : year}年${rest}`;
    })
    .join('・');
}

/** `令和3年11月23日(火) ↔ 2021-11-23, Tuesday`. */
function dateForms(t: Messages, date: Ymd): string {
  const weekday = date.m !== undefined && date.d !== undefined ? weekdayOf(date.y, date.m, date.d) : undefined;
  const western = t.western(date.y, date.m, date.d, weekday);
  const era = eraForm(date);
  return era === undefined ? western : `${era} ↔ ${western}`;
}

function dateHover(context: FeatureContext, mention: DateMention): string {
  const t = MESSAGES[context.locale];
  const out: string[] = [];
  const parts = mention.value?.split('/').map(parseValue) ?? [];
  const [start, end] = parts;
  const relative = mention.relative;
  // An impossible date keeps its value as written; it is shown as such, never normalised into another day.
  const impossible = mention.problems.some((p) => p.code === 'invalid-date');
  if (mention.value === undefined || impossible || start === undefined || parts.some((p) => p === undefined)) {
    out.push(`${bold(t.unresolvedDate)} ${escape(mention.text)}`);
    out.push(t.couldNotResolve(dateFailure(mention), relative?.word === undefined ? undefined : escape(relative.word)));
    if (mention.value !== undefined) out.push(t.asWritten(mention.value));
    return lines(out);
  }
  const values = mention.value.split('/');
  if (mention.fiscalYear !== undefined) {
    const first = start.y;
    const last = mention.fiscalYear === 'april-to-march' ? (end?.y ?? first + 1) - 1 : (end ?? start).y;
    out.push(bold(t.date(first === last ? String(first) : `${first}/${last}`)));
    for (let year = first; year <= last && year < first + 3; year++) out.push(t.fiscalYear(year, mention.fiscalYear));
  } else if (end === undefined) {
    const weekday = start.m !== undefined && start.d !== undefined ? weekdayOf(start.y, start.m, start.d) : undefined;
    out.push(bold(t.date(values[0] ?? '')) + (weekday === undefined ? '' : ` · ${t.weekdays[weekday]}`));
    out.push(dateForms(t, start));
  } else {
    out.push(bold(t.dateRange(values[0] ?? '', values[1] ?? '')));
    out.push(`${t.from}: ${dateForms(t, start)}`, `${t.to}: ${dateForms(t, end)}`);
  }
  if (relative?.anchor !== undefined) {
    const line = relative.anchorRange === undefined ? undefined : lineNumber(context, relative.anchorRange.start);
    out.push(
      t.relative(relative.word === undefined ? undefined : escape(relative.word), relative.anchor, line, relative.kind),
    );
  }
  return lines(out);
}

function dateFailure(mention: DateMention): DateFailure {
  const relative = mention.relative;
  if (relative && relative.anchor === undefined)
    return relative.kind === 'document' ? 'no-document-date' : 'no-earlier-year';
  for (const code of ['invalid-date', 'era-mismatch', 'reversed-range'] as const)
    if (mention.problems.some((p) => p.code === code)) return code;
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Clause references

function referenceHover(context: FeatureContext, resolved: ResolvedClauseReference): string | undefined {
  const { document, locale } = context;
  const t = MESSAGES[locale];
  const { reference, resolution } = resolved;
  const clauses = document.structure.clauses;
  switch (resolution.status) {
    case 'resolved': {
      const target = clauses[resolution.target];
      if (!target) return undefined;
      const through = resolution.throughTarget === undefined ? undefined : clauses[resolution.throughTarget];
      const title = through ? `${shortName(target)} – ${shortName(through)}` : shortName(target);
      return [
        lines([bold(title), t.referenceTo(target.startLine + 1)]),
        quote(firstLines(context, target.startLine, target.endLine)),
      ]
        .filter((s) => s.length > 0)
        .join('\n\n');
    }
    case 'implicit-paragraph': {
      const article = clauses[resolution.article];
      if (!article) {
        return lines([bold(reference.text), t.implicitParagraph(undefined)]);
      }
      const firstChild = article.children.map((c) => clauses[c]).find((c) => c !== undefined);
      const last = firstChild ? Math.max(article.startLine, firstChild.startLine - 1) : article.endLine;
      return [
        lines([
          bold(`${shortName(article)} ${locale === 'ja' ? '第1項' : '(1)'}`),
          t.implicitParagraph(escape(article.label)),
        ]),
        quote(firstLines(context, article.startLine, last)),
      ]
        .filter((s) => s.length > 0)
        .join('\n\n');
    }
    case 'external':
      return lines([
        bold(reference.text),
        reference.external
          ? t.external(escape(reference.external.instrument))
          : t.notInThisText(escape(resolution.note ?? '')),
      ]);
    case 'unresolved':
      return lines([bold(reference.text), t.unresolvedReference(escape(resolution.reason))]);
  }
}

/** Up to three non-blank lines of a clause, each shortened. */
function firstLines(context: FeatureContext, startLine: number, endLine: number): string[] {
  const out: string[] = [];
  const lines = context.document.lines;
  for (let line = startLine; line <= endLine && line < lines.lineCount && out.length < 3; line++) {
    const text = lines.lineText(line).trim();
    if (text.length > 0) out.push(shorten(text, 80));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clause labels and list items

function clauseHover(context: FeatureContext, clause: Clause): string {
  const t = MESSAGES[context.locale];
  const clauses = context.document.structure.clauses;
  const path = ancestry(clauses, clause.index).map((c) => shortName(c));
  const referrers = context.document.clauseReferences.filter(
    ({ resolution: r }) => r.status === 'resolved' && (r.target === clause.index || r.throughTarget === clause.index),
  );
  const referrerLines = [...new Set(referrers.map((r) => lineNumber(context, r.reference.range.start)))];
  const own = new Set(descendants(clauses, clause.index));
  const shared = sharedClauses(context, clause.range, own);
  return lines([
    bold(path.join(' › ')),
    t.referredTo(referrers.length, referrerLines),
    t.sharesEntities(shared.clauses, shared.documents),
  ]);
}

function itemHover(context: FeatureContext, item: ListItem): string {
  const t = MESSAGES[context.locale];
  const { clauses, items } = context.document.structure;
  const path = item.clause === undefined ? [] : ancestry(clauses, item.clause).map((c) => shortName(c));
  path.push(t.itemOrdinal(itemOrdinal(context, items, item)));
  const shared = sharedClauses(context, item.range, new Set(item.clause === undefined ? [] : [item.clause]));
  return lines([bold(path.join(' › ')), t.sharesEntities(shared.clauses, shared.documents)]);
}

/** The item's position in its list: items of the same clause with only blank space between them. */
function itemOrdinal(context: FeatureContext, items: readonly ListItem[], item: ListItem): number {
  const text = context.document.text;
  let n = 1;
  let index = items.indexOf(item);
  while (index > 0) {
    const previous = items[index - 1]!;
    const current = items[index]!;
    if (previous.clause !== current.clause || text.slice(previous.range.end, current.range.start).trim() !== '') break;
    n++;
    index--;
  }
  return n;
}

/**
 * The other clauses of the workspace that mention an entity mentioned in `range`: distinct
 * (document, clause) pairs, leaving out this document's clauses in `own`.
 */
function sharedClauses(
  context: FeatureContext,
  range: TextRange,
  own: ReadonlySet<number>,
): { clauses: number; documents: number } {
  const { document, workspace } = context;
  const ids = new Set(
    document.entities.filter((e) => e.range.start >= range.start && e.range.end <= range.end).map((e) => e.id),
  );
  const pairs = new Set<string>();
  const documents = new Set<string>();
  for (const id of ids) {
    for (const mention of workspace.mentionsOf(id)) {
      if (mention.clause === undefined) continue;
      if (mention.uri === document.uri && own.has(mention.clause)) continue;
      pairs.add(`${mention.clause}\u0000${mention.uri}`);
      documents.add(mention.uri);
    }
  }
  return { clauses: pairs.size, documents: documents.size };
}

/** The clause and its ancestors, outermost first. */
function ancestry(clauses: readonly Clause[], index: number): Clause[] {
  const out: Clause[] = [];
  const seen = new Set<number>();
  for (
    let c = clauses[index];
    c !== undefined && !seen.has(c.index);
    c = c.parent === undefined ? undefined : clauses[c.parent]
  ) {
    seen.add(c.index);
    out.unshift(c);
  }
  return out;
}

function descendants(clauses: readonly Clause[], index: number): number[] {
  const out: number[] = [];
  const stack = [index];
  while (stack.length > 0 && out.length <= clauses.length) {
    const i = stack.pop()!;
    out.push(i);
    for (const child of clauses[i]?.children ?? []) stack.push(child);
  }
  return out;
}

/** A short name for paths: the label and its heading, or an unnumbered division's heading. */
function shortName(clause: Clause): string {
  if (clause.label) return clause.heading ? `${clause.label} ${shorten(clause.heading, 24)}` : clause.label;
  return shorten(clause.heading ?? clause.summary, 24) || '…';
}

// ---------------------------------------------------------------------------------------------
// Markdown and small helpers

/** Escapes what Markdown would otherwise read as emphasis, links, code or HTML. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, '\\$&');
}

/** A code span, for file names. */
function code(text: string): string {
  return text.includes('`') ? escape(text) : `\`${text}\``;
}

function bold(text: string): string {
  return `**${escape(text)}**`;
}

/** Lines of one paragraph, kept apart by hard line breaks. */
function lines(parts: readonly string[]): string {
  return parts.join('  \n');
}

/** A block quote of document lines; a leading `1.` or `-` is escaped so that it stays text. */
function quote(parts: readonly string[]): string {
  return parts
    .map(
      (p) =>
        `> ${escape(p)
          .replace(/^(\d+)\./, '$1\\.')
          .replace(/^([-+])/, '\\$1')}`,
    )
    .join('  \n');
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function lineNumber(context: FeatureContext, offset: number): number {
  return context.document.lines.positionAt(offset).line + 1;
}
