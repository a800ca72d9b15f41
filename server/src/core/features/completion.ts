/**
 * Completion in agreement texts.
 *
 * (a) After `第` and any numerals (`第`, `第三`, `第１`): the document's article numbers
 *     (`第一条`, `第五条の二`) with their headings, then its paragraphs (`第三条第二項`). The
 *     text after `第` is replaced, so `第` stays as typed. Arabic digits typed are compared as
 *     kanji numerals too (`第3` offers `第三条` and `第3条`).
 * (b) Otherwise, for the word before the cursor — a run of kanji, katakana, Latin letters and
 *     digits (with `・`, `-` and `ー` inside it): registry agencies, programs and instruments
 *     whose Japanese or English names or acronyms start with it (ranked first) or contain it,
 *     the workspace's entities by the texts they are mentioned with (ids the registry does not
 *     know: `acronym:VNSC`, `name:日越大学`), and the defined terms of this document and of the
 *     workspace. One item per label; the detail shows the other-language name and the kind.
 *     Ranking: names starting with the word before names containing it; then what the
 *     workspace already uses (registry entries it mentions, its other entities, its defined
 *     terms) before the rest of the registry; then shorter names first.
 * At most `MAX_COMPLETIONS` items.
 */
import type { AnalysedDocument } from '../analysis';
import { matchKey } from '../registry/nameMatcher';
import type { RegistryEntry } from '../registry/registry';
import type { Clause } from '../structure/clauseStructure';
import { codePointBefore, isKanji, isKatakana, isLatinAlphanumeric } from '../text/characterClasses';
import { toHalfWidthDigits, toKanjiNumber } from '../text/japaneseNumerals';
import type { TextRange } from '../types';
import type { FeatureContext, Locale } from './featureContext';

export type CompletionKind = 'agency' | 'program' | 'instrument' | 'term' | 'clause';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly insertText: string;
  /** The text being typed, which the item replaces. */
  readonly replaceRange: TextRange;
  readonly sortText?: string;
  /**
   * What the editor should filter the item by, when it matched by containing the typed word
   * rather than starting with it (editors filter by prefix-like fuzzy matching and would
   * otherwise hide it): the typed word itself.
   */
  readonly filterText?: string;
}

export const MAX_COMPLETIONS = 100;
/** How far back the word before the cursor is looked for. */
const MAX_WORD_LENGTH = 40;
const NUMERALS = /^[0-9０-９〇一二三四五六七八九十百千]*$/;

const KIND_WORDS: Record<Locale, Record<CompletionKind, string>> = {
  en: { agency: 'agency', program: 'program', instrument: 'instrument', term: 'defined term', clause: 'clause' },
  ja: { agency: '機関', program: '事業', instrument: '文書', term: '定義語', clause: '条項' },
};

export function completionsAt(context: FeatureContext, offset: number): CompletionItem[] {
  const { document } = context;
  if (!Number.isInteger(offset) || offset < 0 || offset > document.text.length) return [];
  const articles = articleCompletions(document, offset, context.locale);
  if (articles) return articles;
  const word = wordBefore(document.text, offset);
  if (!word) return [];
  return nameCompletions(context, word);
}

/** The word being typed: the run of name characters ending at `offset`. */
export function wordBefore(text: string, offset: number): TextRange | undefined {
  let start = offset;
  while (start > 0 && offset - start < MAX_WORD_LENGTH) {
    const c = codePointBefore(text, start);
    if (!isNameCharacter(c)) break;
    start -= c.length;
  }
  // Joiners belong inside a word, not at its start.
  while (start < offset && (text.charAt(start) === '・' || text.charAt(start) === '-')) start++;
  return start < offset ? { start, end: offset } : undefined;
}

function isNameCharacter(c: string): boolean {
  return c.length > 0 && (isKanji(c) || isKatakana(c) || isLatinAlphanumeric(c) || c === '-' || c === '・');
}

// ---------------------------------------------------------------- (a) clause numbers after 第

function articleCompletions(document: AnalysedDocument, offset: number, locale: Locale): CompletionItem[] | undefined {
  const text = document.text;
  let start = offset;
  while (start > 0 && offset - start < 8 && NUMERALS.test(text.charAt(start - 1))) start--;
  if (start === 0 || text.charAt(start - 1) !== '第') return undefined;
  const typed = text.slice(start, offset);
  const prefixes = [typed];
  const digits = toHalfWidthDigits(typed);
  if (/^[0-9]+$/.test(digits)) prefixes.push(digits, toKanjiNumber(Number(digits)));
  const replaceRange = { start, end: offset };
  const clauses = document.structure.clauses;
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (label: string, clause: Clause, group: number) => {
    if (seen.has(label) || items.length >= MAX_COMPLETIONS) return;
    const rest = label.slice(1);
    if (!prefixes.some((p) => rest.startsWith(p))) return;
    seen.add(label);
    const heading = clause.heading ?? (clause.summary || undefined);
    items.push({
      label,
      kind: 'clause',
      detail: heading ?? KIND_WORDS[locale].clause,
      insertText: rest,
      replaceRange,
      sortText: `${group}${String(clause.index).padStart(6, '0')}`,
    });
  };
  const articles = clauses.filter((c) => c.unit === 'article' && c.label.startsWith('第'));
  for (const c of articles) add(c.label.replace(/[ \u3000]/g, ''), c, 0);
  for (const c of clauses) {
    if (c.unit !== 'paragraph' || c.parent === undefined) continue;
    const article = clauses[c.parent];
    const n = c.number[0];
    if (!article || article.unit !== 'article' || !article.label.startsWith('第') || n === undefined) continue;
    add(`${article.label.replace(/[ \u3000]/g, '')}第${toKanjiNumber(n)}項`, c, 1);
  }
  return articles.length > 0 ? items : undefined;
}

// ---------------------------------------------------------------- (b) names

interface Candidate {
  readonly item: Omit<CompletionItem, 'replaceRange' | 'sortText' | 'filterText'>;
  /** 0: starts with the word, 1: contains it. */
  readonly rank: number;
  /** 0 registry entry the workspace mentions, 1 other workspace entity, 2 defined term, 3 other registry entry. */
  readonly source: number;
}

function fold(text: string): string {
  return matchKey(text).toLowerCase();
}

function nameCompletions(context: FeatureContext, word: TextRange): CompletionItem[] {
  const { document, workspace, registry, locale } = context;
  const typed = document.text.slice(word.start, word.end);
  const key = fold(typed);
  if (key.length === 0) return [];
  const rankOf = (name: string): number | undefined => {
    const k = fold(name);
    return k.startsWith(key) ? 0 : k.includes(key) ? 1 : undefined;
  };
  const candidates = new Map<string, Candidate>();
  const offer = (candidate: Candidate) => {
    const old = candidates.get(candidate.item.label);
    if (!old || candidate.rank < old.rank || (candidate.rank === old.rank && candidate.source < old.source))
      candidates.set(candidate.item.label, candidate);
  };
  const kinds = KIND_WORDS[locale];
  const ids = new Set<string>();
  if (workspace.entityIds) for (const id of workspace.entityIds()) ids.add(id);
  else for (const uri of workspace.uris()) for (const m of workspace.get(uri)?.mentions ?? []) ids.add(m.id);
  for (const m of document.entities) ids.add(m.id);

  // Registry entries: the best-matching name of each, with the other language as detail.
  for (const entry of registry.entries) {
    let best: { name: string; rank: number; language: 'ja' | 'en' | 'acronym' } | undefined;
    const consider = (name: string, language: 'ja' | 'en' | 'acronym') => {
      const rank = rankOf(name);
      if (rank !== undefined && (!best || rank < best.rank)) best = { name, rank, language };
    };
    for (const name of entry.acronyms ?? []) consider(name, 'acronym');
    for (const name of entry.names.ja) consider(name, 'ja');
    for (const name of entry.names.en) consider(name, 'en');
    if (!best) continue;
    const found = best as { name: string; rank: number; language: 'ja' | 'en' | 'acronym' };
    offer({
      item: {
        label: found.name,
        kind: entry.kind,
        detail: `${otherName(entry, found.name, found.language)} — ${kinds[entry.kind]}`,
        insertText: found.name,
      },
      rank: found.rank,
      source: ids.has(entry.id) ? 0 : 3,
    });
  }

  // Workspace entities the registry does not know, by the texts they are mentioned with.
  for (const id of ids) {
    if (registry.get(id)) continue;
    const texts = new Map<string, 'agency' | 'program' | 'instrument'>();
    for (const m of workspace.mentionsOf(id)) texts.set(m.text, m.kind);
    for (const m of document.entities) if (m.id === id) texts.set(m.text, m.kind);
    for (const [text, kind] of texts) {
      const rank = rankOf(text);
      if (rank === undefined) continue;
      const others = [...texts.keys()].filter((t) => fold(t) !== fold(text));
      offer({
        item: {
          label: text,
          kind,
          detail: others.length > 0 ? `${others[0]} — ${kinds[kind]}` : kinds[kind],
          insertText: text,
        },
        rank,
        source: 1,
      });
    }
  }

  // Defined terms of this document, then of the workspace.
  const terms: Array<{ term: string; expansion: string }> = [...document.definitions];
  const elsewhere = workspace.allDefinitions
    ? workspace.allDefinitions()
    : workspace.uris().flatMap((uri) => workspace.get(uri)?.definitions ?? []);
  for (const d of elsewhere) if (d.uri !== document.uri) terms.push(d);
  for (const { term, expansion } of terms) {
    const rank = rankOf(term) ?? (rankOf(expansion) === undefined ? undefined : 1);
    if (rank === undefined) continue;
    offer({
      item: { label: term, kind: 'term', detail: `${expansion} — ${kinds.term}`, insertText: term },
      rank,
      source: 2,
    });
  }

  return [...candidates.values()]
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        a.source - b.source ||
        a.item.label.length - b.item.label.length ||
        (a.item.label < b.item.label ? -1 : a.item.label > b.item.label ? 1 : 0),
    )
    .slice(0, MAX_COMPLETIONS)
    .map((c, i) => ({
      ...c.item,
      replaceRange: word,
      sortText: `${c.rank}${c.source}${String(i).padStart(4, '0')}`,
      ...(c.rank > 0 ? { filterText: typed } : {}),
    }));
}

/** The entry's name in the other language than the one that matched. */
function otherName(entry: RegistryEntry, matched: string, language: 'ja' | 'en' | 'acronym'): string {
  const ja = entry.names.ja[0];
  const en = entry.names.en[0];
  const acronym = entry.acronyms?.[0];
  const pick =
    language === 'ja' ? (en ?? acronym) : language === 'en' ? (ja ?? acronym) : ja && en ? `${ja} / ${en}` : (ja ?? en);
  return pick && pick !== matched ? pick : entry.id;
}
