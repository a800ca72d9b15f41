/**
 * Resolves a clause reference (from `../recognise/clauseReferences`) against the document's
 * clause tree: which clause does `前条`, `同項第二号`, `第三条第一項` or `paragraph 2 of Article 3`
 * point at? Go-to-definition and the `unresolved-clause-reference` diagnostic stand on this.
 *
 * Scopes. A statute's text is its main provisions followed by one or more 附則 (supplementary
 * provisions): the law's own, then those of every amending act (`附　則　（昭和…年…法律第…号）`),
 * each with its own numbering. Following Japanese drafting practice (and the corpus), a plain
 * `第N条` always means an article of the main provisions of the act the text belongs to, even
 * inside a 附則; the 附則's own articles are cited as `附則第N条`, also inside the 附則. So:
 * - `第N条` in the main text or in the law's own 附則 → the main provisions (falling back to
 *   the enclosing 附則 when the main text has no such article);
 * - `第N条` inside an amending act's 附則 → an article of that amending act, which is not part
 *   of this text: `external`;
 * - `附則第N条` → the enclosing 附則, or from outside any 附則 the law's own (first) 附則;
 * - `改正後の第三条` → the main provisions.
 * Relative steps (`前条`, `次条`) move within the scope that contains the reference.
 *
 * Paragraphs. A statute article's first paragraph is not numbered (the article text itself);
 * paragraphs 2, 3 … are `２　…` lines. `第三条第一項` (or `前項` in paragraph 2) is then
 * `implicit-paragraph` with the article's clause index; its items are the article's direct
 * item children. Circled numbers (`②`) of older statutes are paragraphs too, and in an agreement
 * the first numbered layer under an article (`1.`) is its paragraphs.
 *
 * Deleted articles (削除) and spans (第四十条から第四十二条まで　削除) count as existing:
 * 第四十一条 resolves to the span clause.
 */
import type { ClauseReference, ReferenceStep, ReferenceUnit } from '../recognise/clauseReferences';
import type { Clause, ClauseStructure } from '../structure/clauseStructure';
import { toKanjiNumber } from '../text/japaneseNumerals';

export type ResolutionResult =
  | { status: 'resolved'; target: number; throughTarget?: number }
  /**
   * Into another instrument, or not expected in this text: `note` says why when the reference
   * does not name the instrument (a 附則 citing the provisions as enacted, a row of a table).
   */
  | { status: 'external'; note?: string }
  /**
   * `unsure`: the text has no clauses of the kind the reference points at there (no articles,
   * no paragraphs in that article, no earlier reference for 同項), so the structure around it
   * may simply not have been understood — or the numbering was lost when the text was
   * extracted. Rules report such a reference at `info` level at most.
   */
  | { status: 'unresolved'; reason: string; unsure?: true }
  /**
   * The unnumbered first paragraph of `article`: a clause index — an article, or a 附則 whose
   * paragraphs are numbered from ２ — or -1 for the first paragraph of a text without articles.
   * `throughTarget` for 第一項から第三項まで.
   */
  | { status: 'implicit-paragraph'; article: number; paragraph: 1; throughTarget?: number };

/** `article` of an implicit paragraph when the text has no articles: its first, unnumbered paragraph. */
const TEXT = -1;

/** Where a step of a path has got to: a clause, or the unnumbered first paragraph of an article. */
type Position = { kind: 'clause'; index: number } | { kind: 'implicit'; article: number };

type StepResult = { ok: true; position: Position } | { ok: false; reason: string; external?: boolean; unsure?: true };

interface Index {
  readonly structure: ClauseStructure;
  /**
   * For each part of the text (the instrument, then each attachment with its own numbering),
   * the articles of its main provisions (outside any 附則), in document order.
   */
  readonly mainArticlesByPart: ReadonlyMap<number, readonly Clause[]>;
  /** 附則 heading clause indexes, in document order. */
  readonly supplementary: readonly number[];
  /** The clause starts, for finding the clause at an offset. */
  readonly starts: readonly number[];
  /** For each clause, the 附則 heading whose provisions it belongs to, or -1 for the main provisions. */
  readonly scope: Int32Array;
  /** The divisions (編, 章, 節, 款, 目) of the main provisions by unit, in document order. */
  readonly divisions: ReadonlyMap<ReferenceUnit, readonly Clause[]>;
  /** The articles under a clause (a chapter, a 附則), filled as references ask. */
  readonly articlesUnder: Map<number, readonly Clause[]>;
}

/** Division units from the largest: a 節 is numbered within its 章, a 款 within its 節. */
const DIVISION_ORDER: readonly ReferenceUnit[] = ['part', 'chapter', 'section', 'subsection', 'division'];

const indexes = new WeakMap<ClauseStructure, Index>();
/** For 同条/同項: the resolution of an antecedent's path down to a step, by the step's position. */
const sameAntecedents = new WeakMap<ClauseReference, Map<number, StepResult>>();

function indexOf(structure: ClauseStructure): Index {
  let index = indexes.get(structure);
  if (index) return index;
  const supplementary = structure.clauses.filter((c) => isSupplementary(c)).map((c) => c.index);
  const scope = new Int32Array(structure.clauses.length).fill(-1);
  let lastSupplementary = -1;
  for (const c of structure.clauses) {
    if (c.parent !== undefined) scope[c.index] = scope[c.parent]!;
    else if (isSupplementary(c)) scope[c.index] = lastSupplementary = c.index;
    else if (c.style === 'heading' && /^附[ \u3000]*則/.test(c.heading ?? '')) scope[c.index] = lastSupplementary;
    else if (c.style === 'heading' || c.style === 'toc' || c.style === 'attachment') lastSupplementary = -1;
    else scope[c.index] = lastSupplementary;
  }
  const mainArticlesByPart = new Map<number, Clause[]>();
  for (const c of structure.clauses) {
    if (c.unit !== 'article' || scope[c.index] !== -1) continue;
    const list = mainArticlesByPart.get(c.part);
    if (list) list.push(c);
    else mainArticlesByPart.set(c.part, [c]);
  }
  const divisions = new Map<ReferenceUnit, Clause[]>();
  for (const c of structure.clauses) {
    if (!DIVISION_ORDER.includes(c.unit as ReferenceUnit) || scope[c.index] !== -1) continue;
    const list = divisions.get(c.unit as ReferenceUnit);
    if (list) list.push(c);
    else divisions.set(c.unit as ReferenceUnit, [c]);
  }
  index = {
    structure,
    mainArticlesByPart,
    supplementary,
    starts: structure.clauses.map((c) => c.range.start),
    scope,
    divisions,
    articlesUnder: new Map(),
  };
  indexes.set(structure, index);
  return index;
}

/**
 * A 附則 heading: 附　則, 附　則　抄, 附　則　（昭和…法律第…号）. Not 附則別表 (a table of the 附則), nor a
 * table cell that happens to begin with 附則第十条… (which the clause parser takes for a heading).
 */
function isSupplementary(c: Clause): boolean {
  return c.style === 'heading' && /^附[ \u3000]*則(?:[ \u3000]*(?:[（(抄].*)?)?$/.test(c.heading ?? '');
}

/**
 * A consolidated statute reproduces a 附則 only in part: its heading says so (抄), or the
 * provisions that amended other laws were left out — a gap in its numbering, or a wanted
 * number past its last one. A clause missing from such a 附則 is not known to be missing.
 */
function reproducedInPart(
  structure: ClauseStructure,
  supplementary: number,
  members: ReadonlyArray<{ readonly first: number; readonly last: number }>,
  wanted: readonly number[],
): boolean {
  if (/抄/.test(structure.clauses[supplementary]!.heading ?? '')) return true;
  let last = 0;
  for (const member of members) last = Math.max(last, member.last);
  if ((wanted[0] ?? 0) > last) return true;
  for (let n = 1; n < last; n++) if (!members.some((m) => m.first <= n && n <= m.last)) return true;
  return false;
}

/**
 * A text that says it is an excerpt (its title ends in 抄: 土地区画整理法施行法　抄): the articles
 * it cites and does not hold were left out, not lost.
 */
function isExcerpt(structure: ClauseStructure): boolean {
  return structure.layout.blocks.slice(0, 3).some((b) => /[ \u3000]抄$/.test(b.text) && b.text.length <= 60);
}

/** The span of numbers a clause takes: 第四十条から第四十二条まで　削除 takes 40 to 42. */
function numberSpan(clause: Clause): { first: number; last: number } {
  const first = clause.number[0] ?? 0;
  return { first, last: clause.spanEnd?.[0] ?? first };
}

/**
 * Whether the article number a reference wants is one the text's own numbering skips or
 * never reached: it is missing although a later article is there (`Article 5` wanted,
 * `Article 4` and `Article 6` found), or the articles do not begin at 1 (a scan whose first
 * labels were lost begins at 23; an annex that amends another agreement quotes its
 * `Article 25`). Such a text was not read whole, or numbers its articles after another
 * instrument, so a missing article there is no sure finding. (A draft that lost an article
 * still hears of it: numbering-gap reports the gap itself.) A number present with other
 * branches (第五条の三 beside 第五条) is no gap.
 */
function inNumberingGap(articles: readonly Clause[], wanted: readonly number[]): boolean {
  const main = wanted[0];
  if (main === undefined) return false;
  let later = false;
  let lowest = Infinity;
  for (const article of articles) {
    const { first, last } = numberSpan(article);
    if (first <= main && main <= last) return false;
    if (first > main) later = true;
    lowest = Math.min(lowest, first);
  }
  return later || (lowest > 1 && lowest !== Infinity);
}

/** An amending act's 附則 carries the act's number: 附　則　（昭和三七年五月一六日法律第一四〇号）. */
function isAmendingActSupplementary(c: Clause): boolean {
  return /[（(][^）)]*(?:法律|政令|勅令|省令|府令|規則)第[^）)]*号/.test(c.heading ?? '');
}

function supplementaryOf(structure: ClauseStructure, clause: number | undefined): number | undefined {
  if (clause === undefined) return undefined;
  const scope = indexOf(structure).scope[clause] ?? -1;
  return scope < 0 ? undefined : scope;
}

function ancestorOfUnit(
  structure: ClauseStructure,
  clause: number | undefined,
  unit: ReferenceUnit,
): number | undefined {
  for (let c = clause; c !== undefined; c = structure.clauses[c]!.parent)
    if (structure.clauses[c]!.unit === unit) return c;
  return undefined;
}

/**
 * The articles a plain 第N条 means in a part: the part's own when it numbers articles of its
 * own (a 要領 attached after the signatures, the statutes of a body), else the instrument's (a
 * 別表 or an annex cites the articles of the text it is attached to).
 */
function articlesOfPart(index: Index, part: number): readonly Clause[] {
  return index.mainArticlesByPart.get(part) ?? index.mainArticlesByPart.get(0) ?? [];
}

/** The part of the text an offset is in. */
function partAt(structure: ClauseStructure, offset: number): number {
  for (let k = structure.parts.length - 1; k >= 0; k--) if (structure.parts[k]!.range.start <= offset) return k;
  return 0;
}

/** The deepest clause whose range contains `offset`. */
export function clauseAtOffset(structure: ClauseStructure, offset: number): number | undefined {
  const { starts } = indexOf(structure);
  let lo = 0;
  let hi = starts.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let c: number | undefined = last < 0 ? undefined : last; c !== undefined; c = structure.clauses[c]!.parent) {
    const clause = structure.clauses[c]!;
    if (clause.range.start <= offset && offset <= clause.range.end) return c;
  }
  return undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Does an article clause carry this number, itself or within its span (第四十条から第四十二条まで)? */
/**
 * A list of articles indexed for lookups by number: the position of the first article of each
 * number, the positions of the articles that span several numbers (第四十条から第四十二条まで
 * 削除), and the position of each clause. Built once per list, so that a reference costs a map
 * lookup rather than a scan of every article of the law.
 */
interface ArticleList {
  readonly firstByNumber: ReadonlyMap<string, number>;
  readonly spans: readonly number[];
  readonly positions: ReadonlyMap<number, number>;
}

const articleLists = new WeakMap<readonly Clause[], ArticleList>();
/** Below this length a list is scanned: building its index would cost more than it saves. */
const MIN_INDEXED_LIST = 8;

/** A number as a key: trailing zeros dropped, as `compare` treats a missing part as 0; undefined when a part is not a number. */
function numberKey(number: readonly number[]): string | undefined {
  let end = number.length;
  while (end > 0 && number[end - 1] === 0) end--;
  let key = '';
  for (let i = 0; i < end; i++) {
    const n = number[i]!;
    if (Number.isNaN(n)) return undefined;
    key += i === 0 ? String(n) : `.${n}`;
  }
  return key;
}

function articleListOf(articles: readonly Clause[]): ArticleList {
  let list = articleLists.get(articles);
  if (list) return list;
  const firstByNumber = new Map<string, number>();
  const spans: number[] = [];
  const positions = new Map<number, number>();
  articles.forEach((a, k) => {
    const key = numberKey(a.number);
    if (key !== undefined && !firstByNumber.has(key)) firstByNumber.set(key, k);
    if (a.spanEnd !== undefined) spans.push(k);
    if (!positions.has(a.index)) positions.set(a.index, k);
  });
  list = { firstByNumber, spans, positions };
  articleLists.set(articles, list);
  return list;
}

/** `articles.find((a) => covers(a, wanted))`, by the list's index. */
function firstCovering(articles: readonly Clause[], wanted: readonly number[]): Clause | undefined {
  if (articles.length < MIN_INDEXED_LIST) return articles.find((a) => covers(a, wanted));
  const list = articleListOf(articles);
  const key = numberKey(wanted);
  let best = (key !== undefined ? list.firstByNumber.get(key) : undefined) ?? articles.length;
  for (const k of list.spans) {
    if (k >= best) break;
    if (covers(articles[k]!, wanted)) best = k;
  }
  return articles[best];
}

/** `articles.findIndex((a) => a.index === clause)`, by the list's index. */
function positionInList(articles: readonly Clause[], clause: number): number {
  if (articles.length < MIN_INDEXED_LIST) return articles.findIndex((a) => a.index === clause);
  return articleListOf(articles).positions.get(clause) ?? -1;
}

function covers(clause: Clause, number: readonly number[]): boolean {
  if (compare(clause.number, number) === 0) return true;
  return clause.spanEnd !== undefined && compare(clause.number, number) <= 0 && compare(number, clause.spanEnd) <= 0;
}

/** The Japanese name of each unit, for messages: 条, 項, 号… */
export const JAPANESE_UNIT_NAMES: Readonly<Partial<Record<ReferenceUnit, string>>> = {
  part: '編',
  chapter: '章',
  section: '節',
  subsection: '款',
  division: '目',
  article: '条',
  paragraph: '項',
  item: '号',
  subitem: '細目',
  supplementary: '附則',
  numbered: '番号の付いた条項',
};

function unitName(unit: ReferenceUnit, japanese: boolean): string {
  if (japanese) return JAPANESE_UNIT_NAMES[unit] ?? unit;
  return unit === 'subitem' ? 'subparagraph' : unit === 'supplementary' ? 'supplementary provisions' : unit;
}

/** How a numbered unit is written in messages: Article 9 / 第九条. */
export function describeUnit(unit: ReferenceUnit, number: readonly number[], japanese: boolean): string {
  if (japanese && unit !== 'numbered' && unit !== 'subitem') {
    const [main, ...branches] = number;
    return `第${toKanjiNumber(main ?? 0)}${unitName(unit, true)}${branches.map((b) => `の${toKanjiNumber(b)}`).join('')}`;
  }
  const name = unitName(unit, false);
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${number.join('-')}`;
}

function clauseName(structure: ClauseStructure, position: Position): string {
  if (position.kind === 'implicit')
    return `the first paragraph of ${clauseName(structure, { kind: 'clause', index: position.article })}`;
  const c = structure.clauses[position.index];
  if (!c) return 'the text';
  if (c.label) return c.label;
  return c.heading ?? 'this division';
}

const AMENDING_ACT_NOTE =
  'It is in the supplementary provisions of an amending act, which this text reproduces only in part: what they cite is in that act.';
const AS_ENACTED_NOTE =
  'The supplementary provisions cite the main provisions as they were enacted; the consolidated text may since have amended or deleted this one.';

export function resolveClauseReference(
  reference: ClauseReference,
  structure: ClauseStructure,
  at: number,
): ResolutionResult {
  if (reference.external) return { status: 'external' };
  const japanese = /[\u3040-\u9fff]/.test(reference.text);
  const from = clauseAtOffset(structure, at);
  const start = resolvePath(reference, reference.path, structure, from, at, japanese, 0);
  if (!start.ok)
    return start.external || inAmendingAct(structure, from) ? notHere(structure, from, start) : unresolved(start);
  let throughTarget: number | undefined;
  const lastStep = reference.path[reference.path.length - 1];
  if (reference.through) {
    const end = resolvePath(reference, reference.through, structure, from, at, japanese, 0);
    if (!end.ok)
      return end.external || inAmendingAct(structure, from) ? notHere(structure, from, end) : unresolved(end);
    throughTarget = end.position.kind === 'clause' ? end.position.index : end.position.article;
  } else if (lastStep?.unit === 'article' && lastStep.relation === 'all-previous') {
    // 前各条: from the first article of the scope to the one before.
    const end = resolvePath(reference, [{ unit: 'article', relation: 'previous' }], structure, from, at, japanese, 0);
    if (end.ok && end.position.kind === 'clause') throughTarget = end.position.index;
  } else if (lastStep?.relation === 'all-previous' && DIVISION_ORDER.includes(lastStep.unit)) {
    // 前各節: from the first section of the chapter to the one before this.
    const { siblings, self } = divisionSiblings(structure, from, lastStep.unit);
    const before = siblings[siblings.findIndex((c) => c.index === self) - 1];
    if (before) throughTarget = before.index;
  } else if (lastStep?.relation === 'each' || lastStep?.relation === 'all-previous') {
    const range = eachRange(structure, start.position, lastStep, from);
    if (!range.ok) return inAmendingAct(structure, from) ? notHere(structure, from, range) : unresolved(range);
    return finish(range.first, range.last);
  }
  return finish(start.position, throughTarget);
}

// Module functions rather than closures inside resolveClauseReference: that runs once per reference.

/** An amending act's 附則 is reproduced in part (抄): what it cites and is not here is in that act. */
function inAmendingAct(structure: ClauseStructure, from: number | undefined): boolean {
  const enclosing = supplementaryOf(structure, from);
  return enclosing !== undefined && isAmendingActSupplementary(structure.clauses[enclosing]!);
}

function notHere(structure: ClauseStructure, from: number | undefined, failure: { reason: string }): ResolutionResult {
  return { status: 'external', note: inAmendingAct(structure, from) ? AMENDING_ACT_NOTE : failure.reason };
}

/** The result for a resolved position, with the end of its range if it has one. */
function finish(position: Position, through: number | Position | undefined): ResolutionResult {
  const throughIndex =
    through === undefined
      ? undefined
      : typeof through === 'number'
        ? through
        : through.kind === 'clause'
          ? through.index
          : through.article;
  if (position.kind === 'implicit')
    // Two literals rather than a spread of a conditional object, which takes V8's slow path.
    return throughIndex !== undefined
      ? { status: 'implicit-paragraph', article: position.article, paragraph: 1, throughTarget: throughIndex }
      : { status: 'implicit-paragraph', article: position.article, paragraph: 1 };
  return throughIndex !== undefined
    ? { status: 'resolved', target: position.index, throughTarget: throughIndex }
    : { status: 'resolved', target: position.index };
}

/**
 * For `各号` / `前各項`: the container is the position reached by the path *without* the last
 * step; returns the first and last member.
 */
function eachRange(
  structure: ClauseStructure,
  position: Position,
  step: ReferenceStep,
  from: number | undefined,
): { ok: true; first: Position; last: Position } | { ok: false; reason: string; unsure?: true } {
  // resolvePath already resolved the `each` step to the first member; recompute the set here.
  const container = containerOf(structure, position, step.unit);
  const members = membersOf(structure, container, step.unit);
  if (step.relation === 'each') {
    const first = members[0];
    const last = members[members.length - 1];
    if (!first || !last)
      return { ok: false, reason: `There are no ${unitName(step.unit, false)}s here.`, unsure: true };
    return { ok: true, first, last };
  }
  // all-previous: from the first member to the one before the current.
  const current = currentMember(structure, from, step.unit);
  const k = current ? members.findIndex((m) => samePosition(m, current)) : -1;
  const first = members[0];
  const previous = k > 0 ? members[k - 1] : undefined;
  if (!first || !previous) return { ok: false, reason: `There is no ${unitName(step.unit, false)} before this one.` };
  return { ok: true, first, last: previous };
}

/**
 * The divisions of `unit` numbered together with the one around `from` (the sections of its
 * chapter, the chapters of the text), and that one.
 */
function divisionSiblings(
  structure: ClauseStructure,
  from: number | undefined,
  unit: ReferenceUnit,
): { siblings: readonly Clause[]; self: number | undefined } {
  const all = indexOf(structure).divisions.get(unit) ?? [];
  const self = ancestorOfUnit(structure, from, unit);
  const rank = DIVISION_ORDER.indexOf(unit);
  let parent: number | undefined;
  for (let c = self; c !== undefined && parent === undefined; c = structure.clauses[c]!.parent) {
    const k = DIVISION_ORDER.indexOf(structure.clauses[c]!.unit as ReferenceUnit);
    if (k >= 0 && k < rank) parent = c;
  }
  if (parent === undefined) return { siblings: all, self };
  const inParent = all.filter((c) => {
    for (let k = c.parent; k !== undefined; k = structure.clauses[k]!.parent) if (k === parent) return true;
    return false;
  });
  return { siblings: inParent, self };
}

function samePosition(a: Position, b: Position): boolean {
  return (
    a.kind === b.kind &&
    (a.kind === 'clause'
      ? a.index === (b as { index: number }).index
      : a.article === (b as { article: number }).article)
  );
}

/** The clause that holds a member position: the parent, or the article for an implicit paragraph. */
function containerOf(structure: ClauseStructure, member: Position, unit: ReferenceUnit): Position {
  if (member.kind === 'implicit') return { kind: 'clause', index: member.article };
  const clause = structure.clauses[member.index]!;
  if (unit === 'paragraph') {
    const article = ancestorOfUnit(structure, member.index, 'article');
    if (article !== undefined) return { kind: 'clause', index: article };
    if (clause.parent === undefined) return { kind: 'clause', index: TEXT };
  }
  if (unit === 'item' && clause.parent !== undefined) {
    const parent = structure.clauses[clause.parent]!;
    // Items of an article's unnumbered first paragraph are the article's own children (and so,
    // in older statutes, are the items after a circled paragraph ②).
    if (parent.unit === 'article') return paragraphBefore(structure, parent.index, member.index);
    return { kind: 'clause', index: parent.index };
  }
  return clause.parent === undefined ? member : { kind: 'clause', index: clause.parent };
}

/** The paragraph of `article` that a direct child `child` of it belongs to: the last paragraph before it, or the first. */
function paragraphBefore(structure: ClauseStructure, article: number, child: number): Position {
  let found: Position = { kind: 'implicit', article };
  for (const p of paragraphsOf(structure, article)) {
    if (p.index > child) break;
    found = { kind: 'clause', index: p.index };
  }
  return found;
}

/** Is this clause a paragraph of its article (a `２　` line, a circled number, or an agreement's `1.`)? */
function paragraphsOf(structure: ClauseStructure, container: number): Clause[] {
  const clause = structure.clauses[container]!;
  const children = clause.children.map((c) => structure.clauses[c]!);
  const explicit = children.filter((c) => c.unit === 'paragraph');
  if (explicit.length > 0) return explicit;
  // Depth first, in document order, with an explicit stack: a clause tree can be as deep as the text is long.
  const circled: Clause[] = [];
  const stack: number[] = [];
  for (let i = clause.children.length - 1; i >= 0; i--) stack.push(clause.children[i]!);
  while (stack.length > 0) {
    const child = structure.clauses[stack.pop()!]!;
    if (child.unit === 'article') continue;
    if (child.style === 'circled') circled.push(child);
    else for (let i = child.children.length - 1; i >= 0; i--) stack.push(child.children[i]!);
  }
  if (circled.length > 0) return circled;
  if (clause.unit !== 'article') return [];
  const firstNumbered = children.find((c) => c.unit === 'numbered');
  return firstNumbered ? children.filter((c) => c.style === firstNumbered.style) : [];
}

const memberLists = new WeakMap<ClauseStructure, Map<number, readonly Position[]>>();
/** A small number for each unit, for the keys of `memberLists`. */
const UNIT_KEYS = new Map<ReferenceUnit, number>();

/**
 * The members of `unit` directly under a container, computed once per structure, container and
 * unit: every reference into an article asks for its paragraphs again. The positions are shared
 * and never changed.
 */
function membersOf(structure: ClauseStructure, container: Position, unit: ReferenceUnit): readonly Position[] {
  let lists = memberLists.get(structure);
  if (!lists) memberLists.set(structure, (lists = new Map()));
  let unitKey = UNIT_KEYS.get(unit);
  if (unitKey === undefined) UNIT_KEYS.set(unit, (unitKey = UNIT_KEYS.size));
  // A clause container by its index, an implicit first paragraph by its article (TEXT is -1).
  const base = container.kind === 'clause' ? container.index * 2 : container.article * 2 + 1;
  const key = base * 64 + unitKey;
  let members = lists.get(key);
  if (!members) lists.set(key, (members = computeMembersOf(structure, container, unit)));
  return members;
}

/** The members of `unit` directly under a container: paragraphs of an article, items of a paragraph. */
function computeMembersOf(structure: ClauseStructure, container: Position, unit: ReferenceUnit): Position[] {
  if (unit === 'paragraph') {
    const article = container.kind === 'implicit' ? container.article : container.index;
    if (article === TEXT) {
      // A text of paragraphs without articles: この法律は…。／２　前項の…
      const roots = structure.roots.map((r) => structure.clauses[r]!).filter((c) => c.unit === 'paragraph');
      const list: Position[] = roots.map((p) => ({ kind: 'clause', index: p.index }));
      if (roots.length > 0 && roots[0]!.number[0] !== 1) list.unshift({ kind: 'implicit', article: TEXT });
      return list;
    }
    const paragraphs = paragraphsOf(structure, article);
    const c = structure.clauses[article]!;
    const list: Position[] = paragraphs.map((p) => ({ kind: 'clause', index: p.index }));
    // The unnumbered first paragraph: of an article, or of a 附則 whose paragraphs are numbered from ２.
    // Only the first numbered one tells: a １ further down starts the rows of a table, not paragraph 1.
    const unnumberedFirst = c.unit === 'article' || (c.unit === 'heading' && paragraphs.length > 0);
    if (unnumberedFirst && paragraphs[0]?.number[0] !== 1) list.unshift({ kind: 'implicit', article });
    return list;
  }
  const clauses = structure.clauses;
  if (container.kind === 'implicit') {
    // The items of an article's unnumbered first paragraph: its item children before paragraph 2.
    const article = clauses[container.article];
    if (!article) {
      // The first paragraph of a text without articles: its top-level items before paragraph 2.
      const firstParagraph = structure.roots.find((r) => clauses[r]!.unit === 'paragraph') ?? Infinity;
      return structure.roots
        .filter((r) => r < firstParagraph && clauses[r]!.unit === unit)
        .map((r) => ({ kind: 'clause', index: r }));
    }
    const firstParagraph = paragraphsOf(structure, article.index)[0]?.index ?? Infinity;
    return article.children
      .filter((k) => k < firstParagraph && clauses[k]!.unit === unit)
      .map((k) => ({ kind: 'clause', index: k }));
  }
  const parent = clauses[container.index];
  // The whole text (a text of paragraphs without articles): its items are top-level clauses.
  if (!parent)
    return structure.roots.filter((r) => clauses[r]!.unit === unit).map((r) => ({ kind: 'clause', index: r }));
  const direct = parent.children.filter((k) => clauses[k]!.unit === unit);
  if (direct.length === 0 && (unit === 'subitem' || (unit === 'item' && parent.unit === 'numbered'))) {
    // An agreement's sub-lists ((a), (i)) are numbered clauses: the first numbered layer below.
    const first = parent.children.find((k) => clauses[k]!.unit === 'numbered');
    if (first !== undefined)
      return parent.children
        .filter((k) => clauses[k]!.style === clauses[first]!.style)
        .map((k) => ({ kind: 'clause', index: k }));
  }
  if (direct.length > 0 || parent.style !== 'circled' || unit !== 'item')
    return direct.map((k) => ({ kind: 'clause', index: k }));
  // Older statutes: the items after a circled paragraph (②) hang under the article.
  const article = ancestorOfUnit(structure, parent.index, 'article');
  if (article === undefined) return [];
  const paragraphs = new Set(paragraphsOf(structure, article).map((p) => p.index));
  const out: Position[] = [];
  const articleLevel = clauses[article]!.level;
  for (let k = parent.index + 1; k < clauses.length && clauses[k]!.level > articleLevel; k++) {
    if (paragraphs.has(k)) break;
    const c = clauses[k]!;
    if (c.unit === unit && (c.parent === article || c.parent === parent.index)) out.push({ kind: 'clause', index: k });
  }
  return out;
}

/** The member of `unit` that contains the clause `from` (its paragraph, item …), if any. */
function currentMember(
  structure: ClauseStructure,
  from: number | undefined,
  unit: ReferenceUnit,
): Position | undefined {
  if (from === undefined) return undefined;
  if (unit === 'paragraph') {
    let child: number | undefined;
    for (let c: number | undefined = from; c !== undefined; c = structure.clauses[c]!.parent) {
      const clause = structure.clauses[c]!;
      if (clause.unit === 'paragraph' || clause.style === 'circled') return { kind: 'clause', index: c };
      if (clause.unit === 'article')
        return child === undefined ? { kind: 'implicit', article: c } : paragraphBefore(structure, c, child);
      if (clause.unit === 'heading' && isSupplementary(clause)) return { kind: 'implicit', article: c };
      child = c;
      if (
        clause.unit === 'numbered' &&
        clause.parent !== undefined &&
        structure.clauses[clause.parent]!.unit === 'article'
      )
        return { kind: 'clause', index: c };
    }
    return undefined;
  }
  for (let c: number | undefined = from; c !== undefined; c = structure.clauses[c]!.parent) {
    const clause = structure.clauses[c]!;
    if (clause.unit === unit) return { kind: 'clause', index: c };
    // Older statutes hang ② under the item before it: an item does not contain its paragraph.
    if (clause.unit === 'paragraph' || clause.style === 'circled' || clause.unit === 'article') return undefined;
  }
  return undefined;
}

/** A clause numbered in digits in a list of its own: `1.`, `(1)`, `1)`, or a `１　` paragraph. */
function numberedInDigits(c: Clause): boolean {
  return (c.unit === 'numbered' || c.style === 'ja-paragraph') && /[0-9０-９]/.test(c.label);
}

function unresolved(failure: { reason: string; unsure?: true }): ResolutionResult {
  return { status: 'unresolved', reason: failure.reason, ...(failure.unsure ? { unsure: true as const } : {}) };
}

/** The number of a member position (implicit paragraphs are number 1). */
function numberOf(structure: ClauseStructure, p: Position): readonly number[] {
  return p.kind === 'implicit' ? [1] : structure.clauses[p.index]!.number;
}

function resolvePath(
  reference: ClauseReference,
  path: readonly ReferenceStep[],
  structure: ClauseStructure,
  from: number | undefined,
  at: number,
  japanese: boolean,
  depth: number,
): StepResult {
  return new PathResolution(reference, structure, from, at, japanese, depth).resolve(path);
}

/**
 * The resolution of one path of a reference. A class rather than a closure: its methods are
 * shared, where a function per step kind declared inside `resolvePath` would be allocated
 * anew for every reference.
 */
class PathResolution {
  /** The part of the text the reference is written in: its attachment's own numbering, if any. */
  private readonly part: number;
  /** The 附則 the path has entered with a 附則 step. */
  private supplementaryScope: number | undefined;
  /** The current step, to write in messages: described only when a message needs it. */
  private stepInHand: ReferenceStep | undefined;

  constructor(
    private readonly reference: ClauseReference,
    private readonly structure: ClauseStructure,
    private readonly from: number | undefined,
    private readonly at: number,
    private readonly japanese: boolean,
    private readonly depth: number,
  ) {
    this.part = from !== undefined ? structure.clauses[from]!.part : partAt(structure, at);
  }

  resolve(path: readonly ReferenceStep[]): StepResult {
    let position: Position | undefined;
    for (const step of path) {
      const result = this.resolveStep(step, position);
      if (!result.ok) return result;
      position = result.position;
    }
    return position ? { ok: true, position } : { ok: false, reason: 'The reference is empty.' };
  }

  private written(): string {
    return this.stepInHand ? describeUnit(this.stepInHand.unit, this.stepInHand.number ?? [], this.japanese) : '';
  }

  private resolveStep(step: ReferenceStep, current: Position | undefined): StepResult {
    this.stepInHand = step;
    const clauses = this.structure.clauses;
    if (step.unit === 'supplementary') {
      const enclosing = supplementaryOf(this.structure, this.from);
      if (enclosing !== undefined) this.supplementaryScope = enclosing;
      else {
        const index = indexOf(this.structure);
        const own = index.supplementary.filter((s) => !isAmendingActSupplementary(clauses[s]!));
        if (own.length !== 1)
          return {
            ok: false,
            reason:
              own.length === 0
                ? 'The text has no supplementary provisions (附則) of its own.'
                : 'The text has more than one set of supplementary provisions (附則): it is not clear which is meant.',
            unsure: true,
          };
        this.supplementaryScope = own[0]!;
      }
      return { ok: true, position: { kind: 'clause', index: this.supplementaryScope } };
    }
    if (step.relation === 'same') {
      const antecedent = this.reference.antecedent;
      if (!antecedent || this.depth > 8)
        return {
          ok: false,
          reason: `${this.reference.text} has no earlier ${unitName(step.unit, this.japanese)} mentioned in the same paragraph to refer to.`,
          unsure: true,
        };
      const k = antecedent.path.findIndex((s) => s.unit === step.unit);
      const prefix = antecedent.path.slice(0, k + 1);
      // A paragraph may chain 同項 after 同項 (同項第三号…、同項第五号…、同項第六号): each antecedent's
      // prefix is resolved once, so the chain costs one step per link, not one per link before it.
      let memo = sameAntecedents.get(antecedent);
      let result = memo?.get(k);
      if (!result) {
        result = resolvePath(
          antecedent,
          prefix,
          this.structure,
          clauseAtOffset(this.structure, antecedent.range.start),
          antecedent.range.start,
          this.japanese,
          this.depth + 1,
        );
        if (!memo) sameAntecedents.set(antecedent, (memo = new Map()));
        memo.set(k, result);
      }
      if (!result.ok && !result.external)
        return {
          ok: false,
          reason: `${this.reference.text} repeats ${antecedent.text}, which cannot be resolved: ${result.reason}`,
          ...(result.unsure ? { unsure: true as const } : {}),
        };
      return result;
    }
    if (step.unit === 'numbered') return this.resolveNumbered(step);
    if (step.unit === 'article') return this.resolveArticle(step, current);
    if (step.unit === 'paragraph' || step.unit === 'item' || step.unit === 'subitem')
      return this.resolveMember(step, current);
    return this.resolveDivision(step, current);
  }

  private resolveNumbered(step: ReferenceStep): StepResult {
    const wanted = step.number ?? [];
    const ancestors = new Set<number>();
    for (let c = this.from; c !== undefined; c = this.structure.clauses[c]!.parent) ancestors.add(c);
    // Prefer a clause in the reference's own list or an enclosing one (the deepest such), else
    // the nearest one in the right direction.
    let best: Clause | undefined;
    let nearest: Clause | undefined;
    let sameForm = 0;
    for (const c of this.structure.clauses) {
      // 上記1. and 上記１の point at a list numbered in digits: 1. or a １　 paragraph of a 確認書.
      if (!numberedInDigits(c)) continue;
      const paren = /^[(（]/.test(c.label);
      if ((step.form === 'paren') !== paren) continue;
      sameForm++;
      if (compare(c.number.slice(0, 1), wanted) !== 0) continue;
      const before = c.labelRange.end <= this.at;
      if ((step.relation === 'above') !== before) continue;
      if (!nearest || (step.relation === 'above') === c.index > nearest.index) nearest = c;
      if (c.parent !== undefined && !ancestors.has(c.parent)) continue;
      if (
        !best ||
        c.level > best.level ||
        (c.level === best.level && (step.relation === 'above') === c.index > best.index)
      )
        best = c;
    }
    best ??= nearest;
    if (!best) {
      const where = step.relation === 'above' ? 'before' : 'after';
      return {
        ok: false,
        reason: `There is no clause numbered ${this.reference.text.replace(/^(上記|下記|前記|後記)/, '')} ${where} this reference.`,
        ...(sameForm === 0 ? { unsure: true as const } : {}),
      };
    }
    return { ok: true, position: { kind: 'clause', index: best.index } };
  }

  private scopeArticles(): { articles: readonly Clause[]; external?: boolean } {
    const index = indexOf(this.structure);
    if (this.supplementaryScope !== undefined) return { articles: this.articlesUnder(this.supplementaryScope) };
    const main = articlesOfPart(index, this.part);
    if (this.reference.scope === 'main') return { articles: main };
    const enclosing = supplementaryOf(this.structure, this.from);
    if (enclosing !== undefined && isAmendingActSupplementary(this.structure.clauses[enclosing]!))
      return { articles: [], external: true };
    return { articles: main };
  }

  /**
   * Older laws (労働者災害補償保険法, 1947) number the articles of their own 附則 on from the main
   * provisions (第五十五条 after 第五十四条) and cite them as plain 第五十八条: the law's own 附則,
   * when its first article continues the main numbering.
   */
  private continuingSupplementaryArticles(main: readonly Clause[]): readonly Clause[] {
    const index = indexOf(this.structure);
    const own = index.supplementary.find((s) => !isAmendingActSupplementary(this.structure.clauses[s]!));
    const lastMain = main[main.length - 1];
    if (own === undefined || !lastMain) return [];
    const under = this.articlesUnder(own);
    const first = under[0];
    return first && (first.number[0] ?? 0) > (lastMain.number[0] ?? 0) ? under : [];
  }

  private articlesUnder(container: number): readonly Clause[] {
    // Once per container and structure: every reference inside a chapter or a 附則 asks again.
    const index = indexOf(this.structure);
    const known = index.articlesUnder.get(container);
    if (known) return known;
    const out: Clause[] = [];
    const c = this.structure.clauses[container]!;
    const { scope } = index;
    for (let k = container + 1; k < this.structure.clauses.length; k++) {
      const d = this.structure.clauses[k]!;
      // A 附則's provisions may continue past a spurious heading (a table cell): follow the scope.
      if (d.level <= c.level && !(isSupplementary(c) && scope[k] === container)) break;
      if (d.unit === 'article') out.push(d);
    }
    index.articlesUnder.set(container, out);
    return out;
  }

  private resolveArticle(step: ReferenceStep, current: Position | undefined): StepResult {
    const containing = ancestorOfUnit(this.structure, this.from, 'article');
    if (step.relation === 'this') {
      if (containing === undefined)
        return { ok: false, reason: `${this.reference.text} is not inside an article.`, unsure: true };
      return { ok: true, position: { kind: 'clause', index: containing } };
    }
    if (step.relation === 'previous' || step.relation === 'next' || step.relation === 'all-previous') {
      if (containing === undefined)
        return { ok: false, reason: `${this.reference.text} is not inside an article.`, unsure: true };
      const enclosing = supplementaryOf(this.structure, containing);
      const siblings =
        enclosing !== undefined
          ? this.articlesUnder(enclosing)
          : articlesOfPart(indexOf(this.structure), this.structure.clauses[containing]!.part);
      const k = positionInList(siblings, containing);
      const count = step.count ?? 1;
      const target =
        step.relation === 'all-previous'
          ? k > 0
            ? siblings[0]
            : undefined
          : siblings[step.relation === 'previous' ? k - count : k + count];
      if (k < 0 || !target)
        return {
          ok: false,
          reason:
            step.relation === 'previous'
              ? `${this.reference.text} in ${clauseName(this.structure, { kind: 'clause', index: containing })} has no preceding article${count > 1 ? `s (${count} are needed)` : ''}.`
              : `${this.reference.text} in ${clauseName(this.structure, { kind: 'clause', index: containing })} has no following article.`,
        };
      return { ok: true, position: { kind: 'clause', index: target.index } };
    }
    const wanted = step.number ?? [];
    let articles: readonly Clause[];
    if (current && current.kind === 'clause' && this.structure.clauses[current.index]!.unit !== 'heading') {
      // 第二章第三条 is unusual; articles are numbered through the whole text, so look everywhere in scope.
      articles = this.articlesUnder(current.index);
      if (!firstCovering(articles, wanted)) articles = this.scopeArticles().articles;
    } else {
      const scope = this.scopeArticles();
      if (scope.external)
        return { ok: false, reason: 'An article of the amending act, which is not part of this text.', external: true };
      articles = scope.articles;
    }
    let found = firstCovering(articles, wanted);
    if (!found && this.supplementaryScope === undefined && this.reference.scope === undefined) {
      // In the law's own 附則, fall back to the 附則's own articles.
      const enclosing = supplementaryOf(this.structure, this.from);
      if (enclosing !== undefined) found = firstCovering(this.articlesUnder(enclosing), wanted);
      else found = firstCovering(this.continuingSupplementaryArticles(articles), wanted);
    }
    if (found) return { ok: true, position: { kind: 'clause', index: found.index } };
    const last = articles[articles.length - 1];
    const where = this.supplementaryScope !== undefined ? ' in the supplementary provisions' : '';
    // A 附則 speaks of the main provisions as they were enacted; a consolidated text has since
    // amended or deleted some of them, so one it cites may be missing without a mistake.
    const notReproduced =
      (this.supplementaryScope !== undefined &&
        reproducedInPart(this.structure, this.supplementaryScope, articles.map(numberSpan), wanted)) ||
      (this.supplementaryScope === undefined && supplementaryOf(this.structure, this.from) !== undefined) ||
      isExcerpt(this.structure);
    if (notReproduced)
      return {
        ok: false,
        external: true,
        reason: isExcerpt(this.structure)
          ? `This text is an excerpt (抄): ${this.written()} may be among the provisions it leaves out.`
          : this.supplementaryScope !== undefined
            ? `These supplementary provisions are reproduced only in part: ${this.written()} may be among those left out.`
            : AS_ENACTED_NOTE,
      };
    return {
      ok: false,
      ...(articles.length === 0 || inNumberingGap(articles, wanted) ? { unsure: true as const } : {}),
      reason:
        articles.length === 0
          ? `There is no ${this.written()}${where}: the text has no articles there.`
          : `There is no ${this.written()}${where}: the text has ${articles.length} article${articles.length === 1 ? '' : 's'}${last ? `, the last being ${last.label}` : ''}.`,
    };
  }

  private resolveMember(step: ReferenceStep, current: Position | undefined): StepResult {
    const unit = step.unit;
    // The container: from the previous step, or around the reference.
    let container: Position | undefined = current;
    const containerUnit = unit === 'paragraph' ? 'article' : unit === 'item' ? 'paragraph' : 'item';
    if (
      container === undefined ||
      (container.kind === 'clause' &&
        this.structure.clauses[container.index]?.unit === 'heading' &&
        unit !== 'paragraph')
    ) {
      if (step.relation !== undefined && step.relation !== 'each') {
        const self = currentMember(this.structure, this.from, unit);
        if (!self)
          return {
            ok: false,
            reason: `${this.reference.text} is not inside ${unit === 'paragraph' ? 'a paragraph' : `an ${unitName(unit, false)}`}.`,
          };
        if (step.relation === 'this') return { ok: true, position: self };
        return this.moveFrom(self, step);
      }
      container = unit === 'paragraph' ? this.articleAround() : currentMember(this.structure, this.from, containerUnit);
      if (unit === 'item' && container === undefined) container = this.articleAround();
      if (unit === 'subitem' && container === undefined)
        container = currentMember(this.structure, this.from, 'paragraph');
      if (unit === 'subitem' || container === undefined) {
        // subparagraph (b): the nearest enclosing list that has one.
        const nearby = this.searchUp(step);
        if (nearby) return { ok: true, position: nearby };
      }
      if (container === undefined && unit === 'paragraph' && !this.japanese && step.number) {
        const numbered = this.numberedClauseNumbered(step.number);
        if (numbered !== undefined) return { ok: true, position: { kind: 'clause', index: numbered } };
      }
      if (container === undefined)
        return {
          ok: false,
          reason: `${this.reference.text} is not inside a clause that has ${unitName(unit, false)}s.`,
          unsure: true,
        };
    } else if (
      unit === 'item' &&
      container.kind === 'clause' &&
      this.structure.clauses[container.index]?.unit === 'article'
    ) {
      // 第三条第二号: the items of the article's first paragraph.
      container = { kind: 'implicit', article: container.index };
    }
    if (unit === 'paragraph' && container.kind === 'implicit') container = { kind: 'clause', index: container.article };
    const members = membersOf(this.structure, container, unit);
    if (step.relation === 'each') {
      const first = members[0];
      if (!first && this.citesAsEnacted(container)) return { ok: false, external: true, reason: AS_ENACTED_NOTE };
      if (!first)
        return {
          ok: false,
          reason: `${clauseName(this.structure, container)} has no ${unitName(unit, false)}s.`,
          unsure: true,
        };
      return { ok: true, position: first };
    }
    if (step.relation !== undefined)
      return { ok: false, reason: `${this.reference.text} cannot be resolved here.`, unsure: true };
    const wanted = step.number ?? [];
    const found = members.find((m) => compare(numberOf(this.structure, m), wanted) === 0 && this.formMatches(m, step));
    if (found) return { ok: true, position: found };
    if (unit === 'item' && wanted.length > 1) {
      // Branch items (十一の二) are not clauses of their own: their text is part of item 十一.
      const main = members.find((m) => compare(numberOf(this.structure, m), wanted.slice(0, 1)) === 0);
      if (main) return { ok: true, position: main };
    }
    const count = members.length;
    if (count === 0 && unit === 'item' && current === undefined && this.reference.path.length === 1) {
      const elsewhere = this.itemsElsewhere(wanted);
      if (elsewhere) return elsewhere;
    }
    const name = unitName(unit, this.japanese);
    const containerClause = container.kind === 'clause' ? container.index : container.article;
    const notHere =
      this.citesAsEnacted(container) ||
      (containerClause !== TEXT &&
        // A 附則 of paragraphs reproduced in part, or a 附則 citing the main provisions as they were enacted.
        ((isSupplementary(this.structure.clauses[containerClause]!) &&
          reproducedInPart(
            this.structure,
            containerClause,
            members.map((m) =>
              m.kind === 'clause' ? numberSpan(this.structure.clauses[m.index]!) : { first: 1, last: 1 },
            ),
            wanted,
          )) ||
          (supplementaryOf(this.structure, this.from) !== undefined &&
            supplementaryOf(this.structure, containerClause) === undefined)));
    if (notHere) return { ok: false, external: true, reason: AS_ENACTED_NOTE };
    return {
      ...(count === 0 ? { unsure: true as const } : {}),
      ok: false,
      reason: `There is no ${this.written()} in ${clauseName(this.structure, container)}: it has ${count === 0 ? 'no' : count} ${this.japanese ? name : `${name}${count === 1 ? '' : 's'}`}.`,
    };
  }

  /** A reference from a 附則 into the main provisions, which it cites as they were enacted. */
  private citesAsEnacted(container: Position): boolean {
    const clause = container.kind === 'clause' ? container.index : container.article;
    return (
      clause !== TEXT &&
      supplementaryOf(this.structure, this.from) !== undefined &&
      supplementaryOf(this.structure, clause) === undefined
    );
  }

  /**
   * A bare 第十号 in a paragraph that has no items means the items of another paragraph: of the
   * paragraph the sentence named last (同項第七号に規定する債権…又は第十号), else of the nearest
   * earlier paragraph of the same article that has items (２ lists a committee's members, ３ says
   * 第一号の委員). An external paragraph makes the item external too.
   */
  private itemsElsewhere(wanted: readonly number[]): StepResult | undefined {
    const context = this.reference.itemContext;
    if (context && this.depth < 8) {
      if (context.external)
        return {
          ok: false,
          reason: `An item of ${context.external.instrument}, named earlier in the sentence.`,
          external: true,
        };
      const k = context.path.findIndex((s) => s.unit === 'paragraph');
      const result = resolvePath(
        context,
        context.path.slice(0, k + 1),
        this.structure,
        clauseAtOffset(this.structure, context.range.start),
        context.range.start,
        this.japanese,
        this.depth + 1,
      );
      if (!result.ok && result.external) return result;
      if (result.ok) {
        const found = membersOf(this.structure, result.position, 'item').find(
          (m) => compare(numberOf(this.structure, m), wanted) === 0,
        );
        if (found) return { ok: true, position: found };
      }
    }
    // 省令第一号別表に掲げる機関中、第一号乃至第二十九号: after a table in the same sentence, the
    // numbers are its rows.
    if (this.reference.afterTable)
      return { ok: false, reason: 'A row of the table the sentence names, not an item of this text.', external: true };
    const article = ancestorOfUnit(this.structure, this.from, 'article');
    if (article === undefined) return undefined;
    const paragraphs = membersOf(this.structure, { kind: 'clause', index: article }, 'paragraph');
    for (let k = paragraphs.length - 1; k >= 0; k--) {
      const paragraph = paragraphs[k]!;
      if (paragraph.kind === 'clause' && this.structure.clauses[paragraph.index]!.range.start > this.at) continue;
      const found = membersOf(this.structure, paragraph, 'item').find(
        (m) => compare(numberOf(this.structure, m), wanted) === 0,
      );
      if (found) return { ok: true, position: found };
    }
    return undefined;
  }

  /** The member numbered as `step` in the lists around the reference, innermost first. */
  private searchUp(step: ReferenceStep): Position | undefined {
    for (let c = this.from; c !== undefined; c = this.structure.clauses[c]!.parent) {
      const clause = this.structure.clauses[c]!;
      const lists: Position[] = [{ kind: 'clause', index: c }];
      if (clause.parent !== undefined) lists.push({ kind: 'clause', index: clause.parent });
      for (const list of lists) {
        const found = membersOf(this.structure, list, step.unit).find(
          (m) => compare(numberOf(this.structure, m), step.number ?? []) === 0 && this.formMatches(m, step),
        );
        if (found) return found;
      }
    }
    return undefined;
  }

  private formMatches(m: Position, step: ReferenceStep): boolean {
    if (!step.form || m.kind === 'implicit') return true;
    const style = this.structure.clauses[m.index]!.style;
    if (step.form === 'letter') return /letter|iroha/.test(style);
    if (step.form === 'roman') return /roman/.test(style);
    return true;
  }

  /** The article around the reference, or else the division (附則) whose paragraphs it is in. */
  private articleAround(): Position | undefined {
    const article = ancestorOfUnit(this.structure, this.from, 'article');
    if (article !== undefined) return { kind: 'clause', index: article };
    for (let c = this.from; c !== undefined; c = this.structure.clauses[c]!.parent)
      if (this.structure.clauses[c]!.unit === 'heading') return { kind: 'clause', index: c };
    return this.structure.roots.some((r) => this.structure.clauses[r]!.unit === 'paragraph')
      ? { kind: 'clause', index: TEXT }
      : undefined;
  }

  private moveFrom(self: Position, step: ReferenceStep): StepResult {
    const container = containerOf(this.structure, self, step.unit);
    const members = membersOf(this.structure, container, step.unit);
    const k = members.findIndex((m) => samePosition(m, self));
    const count = step.count ?? 1;
    const target = members[step.relation === 'previous' ? k - count : step.relation === 'next' ? k + count : k];
    if (step.relation === 'all-previous') {
      const first = members[0];
      if (k <= 0 || !first)
        return {
          ok: false,
          reason: `${this.reference.text} in ${this.describeMember(self, step.unit)} has no preceding ${unitName(step.unit, false)}.`,
        };
      return { ok: true, position: first };
    }
    if (k < 0 || !target)
      return {
        ok: false,
        reason:
          step.relation === 'next'
            ? `${this.reference.text} in ${this.describeMember(self, step.unit)} has no following ${unitName(step.unit, false)}.`
            : `${this.reference.text} in ${this.describeMember(self, step.unit)} has no preceding ${unitName(step.unit, false)}${count > 1 ? `s (${count} are needed)` : ''}.`,
      };
    return { ok: true, position: target };
  }

  private describeMember(self: Position, unit: ReferenceUnit): string {
    if (self.kind === 'implicit')
      return `the first paragraph of ${clauseName(this.structure, { kind: 'clause', index: self.article })}`;
    const clause = this.structure.clauses[self.index]!;
    const article = ancestorOfUnit(this.structure, self.index, 'article');
    const of = article !== undefined && article !== self.index ? ` of ${this.structure.clauses[article]!.label}` : '';
    const ordinal = clause.number[0] === 1 ? 'the first' : `${unitName(unit, false)} ${clause.label}`;
    return `${ordinal === 'the first' ? `the first ${unitName(unit, false)}` : ordinal}${of}`;
  }

  private resolveDivision(step: ReferenceStep, current: Position | undefined): StepResult {
    const unit = step.unit;
    const all = indexOf(this.structure).divisions.get(unit) ?? [];
    if (step.relation === 'this') {
      const found = ancestorOfUnit(this.structure, this.from, unit);
      return found === undefined
        ? { ok: false, reason: `${this.reference.text} is not inside a ${unitName(unit, false)}.`, unsure: true }
        : { ok: true, position: { kind: 'clause', index: found } };
    }
    if (step.relation === 'all-previous') {
      const { siblings, self } = divisionSiblings(this.structure, this.from, unit);
      const k = siblings.findIndex((c) => c.index === self);
      if (self === undefined)
        return { ok: false, reason: `${this.reference.text} is not inside a ${unitName(unit, false)}.`, unsure: true };
      const first = siblings[0];
      if (k <= 0 || !first)
        return { ok: false, reason: `${this.reference.text} has no preceding ${unitName(unit, false)}.` };
      return { ok: true, position: { kind: 'clause', index: first.index } };
    }
    if (step.relation === 'previous' || step.relation === 'next') {
      const self = ancestorOfUnit(this.structure, this.from, unit);
      const k = all.findIndex((c) => c.index === self);
      const target = all[step.relation === 'previous' ? k - (step.count ?? 1) : k + (step.count ?? 1)];
      if (k < 0 || !target)
        return {
          ok: false,
          reason: `${this.reference.text} has no ${step.relation === 'previous' ? 'preceding' : 'following'} ${unitName(unit, false)}.`,
        };
      return { ok: true, position: { kind: 'clause', index: target.index } };
    }
    const wanted = step.number ?? [];
    const candidates =
      current && current.kind === 'clause' ? all.filter((c) => this.isDescendant(c.index, current.index)) : all;
    // 第一節 alone is the one of the chapter the reference is in: sections are numbered within
    // their chapter, subsections within their section.
    const within = current === undefined ? this.enclosingDivisionAbove(unit) : undefined;
    const found =
      (within !== undefined
        ? candidates.find((c) => this.isDescendant(c.index, within) && covers(c, wanted))
        : undefined) ?? candidates.find((c) => covers(c, wanted));
    if (found) return { ok: true, position: { kind: 'clause', index: found.index } };
    if (candidates.length === 0 && !this.japanese) {
      // `Section 1.2` in a text without sections: the clause numbered 1.2.
      const numbered = this.numberedClauseNumbered(wanted);
      if (numbered !== undefined) return { ok: true, position: { kind: 'clause', index: numbered } };
    }
    return {
      ok: false,
      ...(candidates.length === 0 ? { unsure: true as const } : {}),
      reason: `There is no ${this.written()}: the text has ${candidates.length} ${unitName(unit, this.japanese)}${this.japanese || candidates.length === 1 ? '' : 's'}.`,
    };
  }

  /**
   * An English text with no articles (or sections) calls its numbered units paragraphs or
   * sections: `paragraph 27 of this Memorandum`, `Section 1.2`. The clause numbered so in the
   * reference's part — within the reference's top-level division when there is one there
   * (paragraphs numbered anew in each), else the only one in the part.
   */
  private numberedClauseNumbered(wanted: readonly number[]): number | undefined {
    if (wanted.length === 0) return undefined;
    const matches = this.structure.clauses.filter(
      (c) =>
        c.part === this.part &&
        c.unit === 'numbered' &&
        /^[0-9]/.test(c.label) &&
        compare(c.number, wanted) === 0 &&
        c.number.length === wanted.length,
    );
    if (matches.length <= 1) return matches[0]?.index;
    const top = (c: number | undefined): number | undefined => {
      let k = c;
      while (k !== undefined && this.structure.clauses[k]!.parent !== undefined) k = this.structure.clauses[k]!.parent;
      return k;
    };
    const here = top(this.from);
    const inHere = matches.filter((c) => top(c.index) === here);
    return inHere.length === 1 ? inHere[0]!.index : undefined;
  }

  /** The nearest division around the reference of a unit larger than `unit`. */
  private enclosingDivisionAbove(unit: ReferenceUnit): number | undefined {
    const rank = DIVISION_ORDER.indexOf(unit);
    if (rank <= 0) return undefined;
    for (let c = this.from; c !== undefined; c = this.structure.clauses[c]!.parent) {
      const k = DIVISION_ORDER.indexOf(this.structure.clauses[c]!.unit as ReferenceUnit);
      if (k >= 0 && k < rank) return c;
    }
    return undefined;
  }

  private isDescendant(c: number, ancestor: number): boolean {
    for (
      let k: number | undefined = this.structure.clauses[c]!.parent;
      k !== undefined;
      k = this.structure.clauses[k]!.parent
    )
      if (k === ancestor) return true;
    return false;
  }
}
