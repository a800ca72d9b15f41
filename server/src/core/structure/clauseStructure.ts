/**
 * Parses a text into its tree of clauses: numbered headings, articles, paragraphs and items,
 * the unnumbered divisions (附則, a heading that opens a new numbered list, the sub-headings
 * and ○ topics of a memorandum) that hold them, and the attachments (annexes, appendices,
 * 別紙, 別表 …) that open parts with their own numbering. A pure function over the text; it
 * never throws and reports what it could not make sense of as problems.
 *
 * The parser walks the blocks of `readLayout` — the units a reader sees, with hard-wrapped
 * lines joined and a one-line agreement split where its units begin — not raw lines.
 */
import type { Problem, TextRange } from '../types';
import {
  ATTACHMENT_HEADING,
  BULLET_PATTERN,
  type ClauseUnit,
  DIVISION_HEADINGS,
  LIST_MARKER,
  STYLES_BY_FIRST_UNIT,
  type NumberingStyle,
  PART_FIELD,
  readAttachmentNumber,
  readSpanEnd,
  startsWithLabel,
  STATUTES_HEADING,
  TABLE_OF_CONTENTS_ENTRY,
  TABLE_OF_CONTENTS_HEADING,
} from './numberingStyles';
import { type LayoutBlock, readLayout, type TextLayout } from './textLayout';

export interface Clause {
  /** Index of this clause in `ClauseStructure.clauses` (document order). */
  readonly index: number;
  /**
   * The numbering style's id; `heading` for an unnumbered division, `subheading` and `topic`
   * for the unnumbered headings inside a clause, `toc` for a table of contents, `attachment`
   * for an annex, appendix, schedule, 別紙 or 別表.
   */
  readonly style: string;
  readonly unit: ClauseUnit;
  /** The label as written (`第五条の二`, `（１）`, `I.`, `Annex 2`, `別紙１`); empty for unnumbered divisions. */
  readonly label: string;
  /** Where the label is; an empty range at the line start for unnumbered divisions. */
  readonly labelRange: TextRange;
  /** The number read from the label: 第五条の二 → [5, 2], `1.2.3` → [1, 2, 3]; empty when unnumbered. */
  readonly number: readonly number[];
  /** `number` written as text: `5-2` for branch articles, `1.2.3` for multi-level numbers. */
  readonly normalizedNumber: string;
  /** For a label spanning several clauses (第四十条から第四十二条まで), the last one's number. */
  readonly spanEnd?: readonly number[];
  /** A short heading: the text after a heading-like label, or a statute caption such as （定義）. */
  readonly heading: string | undefined;
  readonly headingRange: TextRange | undefined;
  /** The beginning of the clause's text, for outlines when there is no heading. */
  readonly summary: string;
  /** True for articles whose whole text is 削除 (deleted): they keep their number. */
  readonly deleted: boolean;
  /** Depth in the tree, 0 at the top. */
  readonly level: number;
  readonly parent: number | undefined;
  readonly children: readonly number[];
  /** From the start of the label's line (or the label, inside a line) to the end of the clause's last non-blank text. */
  readonly range: TextRange;
  /** The text of the clause's first block after its label: where a list item's title is. */
  readonly bodyRange: TextRange;
  /** Zero-based lines of `range`, inclusive, for folding. */
  readonly startLine: number;
  readonly endLine: number;
  /** The part of the text the clause belongs to (an index into `ClauseStructure.parts`). */
  readonly part: number;
}

/** A bulleted list item (`-`, `・`, `○`): part of a clause's text, not a clause of its own. */
export interface ListItem {
  readonly markerRange: TextRange;
  readonly range: TextRange;
  readonly line: number;
  /** The clause that contains it, if any. */
  readonly clause: number | undefined;
}

/**
 * A part of the text with its own numbering: the instrument itself, or an attachment (an annex,
 * appendix, schedule or the statutes of a treaty; a 別紙, 別表, 別添 or 様式 of a Japanese
 * instrument — a 要領 attached after the signatures has its own 第１条).
 */
export interface DocumentPart {
  readonly kind: 'main' | 'attachment';
  /** The attachment's heading clause; undefined for the main part. */
  readonly heading: number | undefined;
  readonly range: TextRange;
}

export interface ClauseStructure {
  readonly clauses: readonly Clause[];
  /** Indexes of the top-level clauses. */
  readonly roots: readonly number[];
  readonly items: readonly ListItem[];
  /** The main part first, then each attachment in document order. */
  readonly parts: readonly DocumentPart[];
  readonly problems: readonly Problem[];
  /** The blocks the text was read in, and the reading text (wrapped line breaks as spaces). */
  readonly layout: TextLayout;
}

interface MutableClause {
  index: number;
  style: string;
  unit: ClauseUnit;
  rank: number | undefined;
  label: string;
  labelRange: TextRange;
  number: number[];
  spanEnd: number[] | undefined;
  heading: string | undefined;
  headingRange: TextRange | undefined;
  summary: string;
  deleted: boolean;
  parent: number | undefined;
  children: number[];
  /** The first block of the clause: its label's, or the caption's above it. */
  firstBlock: number;
  /** The block of the label. */
  labelBlock: number;
  bodyRange: TextRange;
  part: number;
}

type NewClause = Omit<MutableClause, 'index' | 'children' | 'parent' | 'part'>;

const SEPARATOR_AFTER_LABEL = /^[ \t\u3000:：]*/;
/** After an English division label: `Article 2. Title`, `ANNEX 1 - Title`, `Annex 1: Title`. */
const SEPARATOR_AFTER_DIVISION = /^[ \t\u3000]*(?:[.．:：\-–—][ \t\u3000]*)?/;
const MAX_HEADING_LENGTH = 50;
/** A preamble's heading (前文, PREAMBLE): ranked below articles, so that the first article ends it. */
const PREAMBLE_HEADING = /^(?:前文|PREAMBLE|Preamble)$/;
const PREAMBLE_RANK = 65;
/** The rank of statute paragraphs (項), between articles and items. */
const PARAGRAPH_RANK = 70;
/** Styles ranked as statute paragraphs, items and subitems only in statute-like texts. */
const STATUTE_LIST_STYLES = new Set(['ja-paragraph', 'ja-item', 'ja-iroha']);
/** The first article of a statute: everything before it may be a table of contents. */
const FIRST_ARTICLE = /^第[一1１]条[ \u3000]/;
/** An article label anywhere in a text makes it statute-like. */
const ARTICLE_LABEL = /^第[0-9０-９〇一二三四五六七八九十百千]{1,6}条/;
const SUMMARY_LENGTH = 40;
/** A line that announces a table on the lines below it. */
const TABLE_ANNOUNCED = /次の表/;
/** A statute caption on the line before an article: （定義）. */
const CAPTION = /^[（(]([^（）()]{1,40})[)）]$/;
/** Roman-numeral and letter styles that a name's initials can look like (L. I. Brezhnev). */
const INITIAL_LIKE_STYLES = new Set(['roman-period', 'letter-period', 'lower-roman-period', 'lower-letter-period']);
/** The widest gap a Roman or capital-letter list may show before its label is taken for an initial (I., II., V. is; I., L. is not). */
const MAX_INITIAL_LIKE_GAP = 3;
/** A sub-heading or ○ topic is at most this long. */
const MAX_SUBHEADING_LENGTH = 40;

/** A title does not end on a particle: a line that does is a sentence broken off (…における協力の). */
const ENDS_ON_PARTICLE = /(?:[のをにはがとでてもへや]|から|より)$/;

/** A line a reader takes for an unnumbered heading: short, and not a sentence nor an item of one (`…; or`). */
function looksLikeHeading(text: string): boolean {
  const t = text.trim();
  return (
    t.length > 0 &&
    t.length <= 60 &&
    !/[。．.!?！？:：,，、;；]$/.test(t) &&
    !t.includes('。') &&
    !/[;；,][ \t]*(?:and|or)$/.test(t)
  );
}

/** A sub-heading's or topic's title: a heading that does not end on a particle. */
function looksLikeTitle(text: string): boolean {
  return looksLikeHeading(text) && !ENDS_ON_PARTICLE.test(text.trimEnd());
}

interface StyleMatch {
  readonly style: NumberingStyle;
  readonly label: string;
  readonly number: number[];
}

/**
 * Every reading of the label at the start of `rest`: the first style that matches gives the
 * label, and every other style that reads the same label is an alternative (`(c)` is the
 * letter c or Roman 100, `イ` the first iroha letter or the second of the gojūon).
 */
function matchStyles(rest: string): StyleMatch[] {
  const found: StyleMatch[] = [];
  for (const style of STYLES_BY_FIRST_UNIT.candidates(rest)) {
    const match = style.pattern.exec(rest);
    const label = match?.[1];
    if (!label || (found.length > 0 && label !== found[0]!.label)) continue;
    const number = style.read(label);
    if (number !== undefined) found.push({ style, label, number });
  }
  return found;
}

function matchStyle(rest: string): StyleMatch | undefined {
  return matchStyles(rest)[0];
}

/**
 * Reads the clause tree of a text. Nesting follows the reader: a statute-like division
 * (ranked style) closes every open division at its rank or below; any other style is a
 * sibling of the nearest open clause of the same style, or else a child of the innermost
 * open clause. A list that restarts at 1 under an unnumbered heading line becomes the
 * children of that heading.
 */
export function parseClauseStructure(text: string): ClauseStructure {
  const layout = readLayout(text);
  const blocks = layout.blocks;
  const clauses: MutableClause[] = [];
  const items: Array<{ markerRange: TextRange; block: number }> = [];
  const problems: Problem[] = [];
  const parts: Array<{ kind: DocumentPart['kind']; heading: number | undefined; start: number }> = [
    { kind: 'main', heading: undefined, start: 0 },
  ];
  /** Open clauses, outermost first. */
  const stack: number[] = [];
  let tableOfContents: { firstEntry: string | undefined } | undefined;
  const implicitContents = findUnheadedTablesOfContents(blocks);
  /** Lines since a table was announced (次の表の上欄に掲げる…): a bare label there is a cell. */
  let inTable = false;
  // Statute paragraphs, items and subitems (２　, 一　, イ　) keep their fixed ranks in a text of
  // articles or supplementary provisions; elsewhere (a 確認書 of 記 and １　…) they nest as lists do.
  const statuteLike = blocks.some((b) => ARTICLE_LABEL.test(b.text) || /^附[ \u3000]*則/.test(b.text));

  const open = (clause: NewClause): number => {
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const index = clauses.length;
    // Completing the object in place keeps one shape for every clause (a spread copy is slower to read).
    clauses.push(Object.assign(clause, { index, parent, children: [] as number[], part: parts.length - 1 }));
    if (parent !== undefined) clauses[parent]!.children.push(index);
    stack.push(index);
    return index;
  };

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    // A quoted paragraph's label stands after its opening quote mark ("(ii) Formula on sovereignty).
    const quoted = /^["“‘']/.test(block.text) && matchStyle(block.text.slice(1)) !== undefined ? 1 : 0;
    const rest = block.text.slice(quoted);
    const restStart = block.start + quoted;
    const tableBefore = inTable;
    let attachment = ATTACHMENT_HEADING.exec(rest);
    // A bare 別表第五 in a reading-in table (次の表の上欄…) is one of its cells, not a heading.
    if (attachment && inTable && attachment[0].length === rest.length) attachment = null;
    // A caption or a division heading ends a table; a clause with a body ends it below.
    if (CAPTION.test(rest) || DIVISION_HEADINGS.some((p) => p.test(rest)) || attachment) inTable = false;
    if (TABLE_ANNOUNCED.test(rest)) inTable = true;

    // A table of contents repeats the headings that follow it; its entries are not clauses.
    if (tableOfContents) {
      const repeatsFirstEntry =
        tableOfContents.firstEntry !== undefined && contentsKey(rest) === tableOfContents.firstEntry;
      if (!repeatsFirstEntry && TABLE_OF_CONTENTS_ENTRY.test(rest)) {
        tableOfContents.firstEntry ??= contentsKey(rest);
        continue;
      }
      tableOfContents = undefined;
    }
    const implicitEnd = implicitContents.get(i);
    if (implicitEnd !== undefined) {
      // A table of contents without its 目次 heading: its entries become one folded block.
      closeToPart();
      open(unnumbered('toc', '目次', block, i));
      closeToPart();
      i = implicitEnd;
      continue;
    }
    if (TABLE_OF_CONTENTS_HEADING.test(rest)) {
      closeToPart();
      open(unnumbered('toc', rest, block, i));
      closeToPart();
      tableOfContents = { firstEntry: undefined };
      continue;
    }
    if (LIST_MARKER.test(rest)) continue;
    const field = PART_FIELD.exec(rest);
    if (field) {
      // A dataset's field line: the text below it is the instrument's (MainText) or an attached part.
      if (field[1] !== 'Main' || clauses.length > 0) {
        stack.length = 0;
        parts.push({ kind: field[1] === 'Main' ? 'main' : 'attachment', heading: undefined, start: block.lineStart });
      }
      continue;
    }
    if (attachment?.[1] || STATUTES_HEADING.test(rest)) {
      openAttachment(block, i, attachment?.[1]);
      continue;
    }
    if (DIVISION_HEADINGS.some((p) => p.test(rest))) {
      stack.length = 0;
      const heading = unnumbered('heading', rest, block, i);
      // A preamble holds the text before the first article: any division or article closes it.
      if (PREAMBLE_HEADING.test(rest)) heading.rank = PREAMBLE_RANK;
      open(heading);
      continue;
    }

    const candidates = matchStyles(rest);
    const bullet = BULLET_PATTERN.exec(rest);
    if (bullet && candidates.length === 0) {
      if (!statuteLike && opensTopic(i, bullet[0].length)) {
        openTopic(block, i, bullet[0].length);
        continue;
      }
      items.push({ markerRange: { start: restStart, end: restStart + bullet[0].length }, block: i });
      continue;
    }

    const found = candidates.length > 0 ? chooseReading(candidates) : undefined;
    if (!found) {
      if (!statuteLike && opensSubheading(i)) openSubheading(block, i);
      continue;
    }
    const { style, label, number } = found;

    const labelRange = { start: restStart, end: restStart + label.length };
    const after = rest.slice(label.length);
    const division = style.id.startsWith('en-');
    const separator = (division ? SEPARATOR_AFTER_DIVISION : SEPARATOR_AFTER_LABEL).exec(after)![0].length;
    const body = after.slice(separator);
    const bodyStart = labelRange.end + separator;
    // A cell of a table (the 第六条 of a reading-in table's row) is a label with nothing after it.
    if (tableBefore && body.trim().length === 0) continue;
    if (body.trim().length > 0 && !TABLE_ANNOUNCED.test(rest)) inTable = false;
    let heading: string | undefined;
    let headingRange: TextRange | undefined;
    let firstBlock = i;
    const deleted = /^削除[ \u3000]*$/.test(body);
    const bracketed = /^[（(]([^（）()]{1,40})[)）]/.exec(body);
    const above = i > 0 ? blocks[i - 1] : undefined;
    // The line above is a caption only when it is not itself a label (（４） is a paragraph, not a caption).
    const caption =
      above && above.lastLine === block.firstLine - 1 && !startsWithLabel(above.text) ? CAPTION.exec(above.text) : null;
    // A chapter or section heading carries its title on its own line: the bracketed line above
    // it ends the previous article (（罰則　第一項については…）).
    const captioned = style.unit === 'article' || body.trim().length === 0;
    if (style.rank !== undefined && captioned && caption?.[1] && !block.runIn) {
      // Statutes put an article's caption on the line above it.
      const at = above!.text.indexOf(caption[1]);
      heading = caption[1];
      headingRange = { start: above!.start + at, end: above!.start + at + caption[1].length };
      firstBlock = i - 1;
    } else if (bracketed?.[1] && style.rank !== undefined) {
      // 第1条（目的）: an agreement-style caption right after the label.
      heading = bracketed[1];
      headingRange = { start: bodyStart + 1, end: bodyStart + 1 + bracketed[1].length };
    } else if (
      !deleted &&
      body.length > 0 &&
      body.length <= MAX_HEADING_LENGTH &&
      // A code's sections end their headings with a full stop: § 511.205b Scope.
      looksLikeHeading(style.id === 'section-sign' ? body.replace(/\.$/, '') : body)
    ) {
      const trimmed = body.trimEnd();
      heading = trimmed;
      headingRange = { start: bodyStart, end: bodyStart + trimmed.length };
    } else if (division && body.length === 0) {
      // ARTICLE 5 ⏎ Definitions: the title on the line below the label.
      const title = titleBelow(i);
      if (title) ({ heading, headingRange } = title);
    }

    const rank = effectiveRank(style);
    placeInStack(style, rank, number, i);
    const spanEnd = readSpanEnd(label);
    open({
      style: style.id,
      unit: rank === PARAGRAPH_RANK ? 'paragraph' : style.unit,
      rank,
      label,
      labelRange,
      number,
      spanEnd,
      heading,
      headingRange,
      summary: summarise(body),
      deleted,
      firstBlock,
      labelBlock: i,
      bodyRange: { start: bodyStart, end: block.end },
    });
  }

  /**
   * Chooses among the readings of an ambiguous label by the lists around it, as a reader
   * does: a reading that continues an open list wins (`(c)` after `(b)` is the letter, `(ii)`
   * after `(i)` Roman, `(i)` after `(h)` the letter); then one that starts a list (`(i)` under
   * `(c)` starts a Roman sub-list, `イ` an iroha list); then one whose list is open, with a gap. A Roman numeral or
   * capital letter with a full stop that does none of these is a name's initial (`L. I.
   * Brezhnev`), not a label.
   */
  // Once per parse, not once per block: the open list of a style and whether a reading continues it.
  function openOfStyle(id: string): number {
    for (let k = stack.length - 1; k >= 0; k--) if (clauses[stack[k]!]!.style === id) return k;
    return -1;
  }
  function openOf(c: StyleMatch): number {
    return openOfStyle(c.style.id);
  }
  function continuesList(c: StyleMatch): boolean {
    const k = openOf(c);
    return k >= 0 && clauses[stack[k]!]!.number[0] === (c.number[0] ?? 0) - 1;
  }

  function chooseReading(candidates: readonly StyleMatch[]): StyleMatch | undefined {
    // One reading is chosen whatever the open lists say (each rule below would give it): the
    // common case, without building the lists.
    const chosen = candidates.length === 1 ? candidates[0] : chooseAmong(candidates);
    if (!chosen) return undefined;
    if (INITIAL_LIKE_STYLES.has(chosen.style.id) && chosen.number[0] !== 1 && !continuesList(chosen)) {
      // Neither the first of a list nor the next: at most a short gap in an open list, else an initial.
      const k = openOf(chosen);
      const gap = k >= 0 ? (chosen.number[0] ?? 0) - (clauses[stack[k]!]!.number[0] ?? 0) : Infinity;
      if (!(gap > 1 && gap <= MAX_INITIAL_LIKE_GAP)) return undefined;
    }
    return chosen;
  }

  function chooseAmong(candidates: readonly StyleMatch[]): StyleMatch | undefined {
    const only = (list: readonly StyleMatch[]) => (list.length > 0 ? deepestOpen(list) : undefined);
    const deepestOpen = (list: readonly StyleMatch[]) =>
      list.reduce((best, c) => (openOf(c) > openOf(best) ? c : best), list[0]!);
    return (
      only(candidates.filter(continuesList)) ??
      candidates.find((c) => c.number[0] === 1 && c.number.length === 1) ??
      only(candidates.filter((c) => openOf(c) >= 0)) ??
      (candidates.length === 1 ? candidates[0] : preferred(candidates))
    );
  }

  /**
   * With no list to go by: a letter is likelier than a Roman numeral past one (`(c)` is c, not
   * 100); statutes letter their lists in iroha order, other texts in gojūon order.
   */
  function preferred(candidates: readonly StyleMatch[]): StyleMatch {
    const kana = statuteLike ? /iroha/ : /katakana/;
    return candidates.find((c) => /letter/.test(c.style.id) || kana.test(c.style.id)) ?? candidates[0]!;
  }

  /**
   * Closes the clauses that the new one ends, leaving its parent on top of the stack. A
   * list restarting at 1 under an unnumbered heading line gets that heading as its parent.
   */
  function placeInStack(style: NumberingStyle, rank: number | undefined, number: number[], i: number): void {
    const sameStyleAt = openOfStyle(style.id);
    if (rank !== undefined) {
      while (stack.length > 0) {
        const top = clauses[stack[stack.length - 1]!]!;
        if (top.rank !== undefined && top.rank < rank) break;
        stack.pop();
      }
      // Within one division a restart at 1 after a division heading is handled by DIVISION_HEADINGS.
      return;
    }
    if (sameStyleAt < 0) return;
    const previous = clauses[stack[sameStyleAt]!]!;
    stack.length = sameStyleAt;
    const restarts = number[0] === 1 && (previous.number[0] ?? 0) >= 1;
    if (!restarts || i === 0) return;
    const headingBlock = blocks[i - 1]!;
    if (i - 1 <= previous.labelBlock) return;
    if (isClauseOrItemBlock(headingBlock) || !looksLikeHeading(headingBlock.text)) return;
    // The heading line opens a division that holds the new list.
    open(unnumbered('heading', headingBlock.text, headingBlock, i - 1));
  }

  /**
   * Older statutes number paragraphs ②, ③: inside an article, or at the top of a statute of
   * paragraphs, a circled number is a paragraph (and closes the items before it); elsewhere it
   * is an ordinary list. Statute
   * paragraphs and items keep their ranks only in statute-like texts.
   */
  function effectiveRank(style: NumberingStyle): number | undefined {
    if (STATUTE_LIST_STYLES.has(style.id)) return statuteLike ? style.rank : undefined;
    if (style.id !== 'circled') return style.rank;
    const insideArticle = stack.some((c) => clauses[c]!.unit === 'article');
    // A law of paragraphs without articles (① … ② 前項ノ規定…), or a 附則 of them.
    const atStatuteTop =
      statuteLike && stack.every((c) => clauses[c]!.style === 'heading' || clauses[c]!.unit === 'paragraph');
    return insideArticle || atStatuteTop ? PARAGRAPH_RANK : undefined;
  }

  /** Closes every clause of the current part, keeping an attachment's heading open. */
  function closeToPart(): void {
    const part = parts[parts.length - 1]!;
    const keep = part.heading !== undefined ? stack.indexOf(part.heading) + 1 : 0;
    stack.length = Math.max(0, keep);
  }

  function openAttachment(block: LayoutBlock, i: number, designation: string | undefined): void {
    // An appendix to an annex is part of that annex (ANNEX II ⏎ … ⏎ APPENDIX A).
    const annex = stack.length > 0 ? clauses[stack[0]!]! : undefined;
    const inAnnex =
      designation !== undefined &&
      /^(?:APPENDIX|Appendix)/.test(designation) &&
      annex !== undefined &&
      /^(?:ANNEX|Annex)/.test(annex.label);
    stack.length = inAnnex ? 1 : 0;
    const label = designation ?? '';
    const at = designation !== undefined ? block.text.indexOf(designation) : 0;
    const labelRange = { start: block.start + at, end: block.start + at + label.length };
    const after = block.text.slice(at + label.length).replace(/^[】］\]）)]/, '');
    const separator = SEPARATOR_AFTER_DIVISION.exec(after)![0].length;
    const title = after.slice(separator).trimEnd();
    const titleStart = block.end - after.length + separator;
    let heading: string | undefined = designation === undefined ? block.text : title || undefined;
    let headingRange: TextRange | undefined =
      designation === undefined
        ? { start: block.start, end: block.end }
        : title
          ? { start: titleStart, end: titleStart + title.length }
          : undefined;
    if (!heading) {
      const below = titleBelow(i);
      if (below) ({ heading, headingRange } = below);
    }
    parts.push({ kind: 'attachment', heading: clauses.length, start: block.lineStart });
    open({
      style: 'attachment',
      unit: 'annex',
      rank: 0,
      label,
      labelRange,
      number: designation !== undefined ? readAttachmentNumber(designation) : [],
      spanEnd: undefined,
      heading,
      headingRange,
      summary: summarise(heading ?? ''),
      deleted: false,
      firstBlock: i,
      labelBlock: i,
      bodyRange: { start: labelRange.end, end: block.end },
    });
  }

  /** The title on the line below a label that stands alone (ARTICLE 5 ⏎ Definitions). */
  function titleBelow(i: number): { heading: string; headingRange: TextRange } | undefined {
    const below = blocks[i + 1];
    if (!below || below.runIn || below.text.length > MAX_HEADING_LENGTH || !looksLikeHeading(below.text))
      return undefined;
    if (isClauseOrItemBlock(below) || ATTACHMENT_HEADING.test(below.text) || LIST_MARKER.test(below.text))
      return undefined;
    return { heading: below.text, headingRange: { start: below.start, end: below.end } };
  }

  /**
   * A sub-heading of a memorandum's numbered section (II. 協力分野 ⏎ … ⏎ AI の導入と…の加速 ⏎
   * …): a short line that is not a sentence, standing on its own, with a paragraph of text below
   * it, inside a clause whose own line is a heading.
   */
  function opensSubheading(i: number): boolean {
    const block = blocks[i]!;
    if (!block.blankBefore || block.text.length > MAX_SUBHEADING_LENGTH || !looksLikeTitle(block.text)) return false;
    const holder = innermostHeadedClause();
    if (holder === undefined) return false;
    return hasBodyBelow(i);
  }

  /**
   * A ○ topic: a bullet with a short title standing on its own (not one of a run of bullets)
   * with a paragraph of text below it, inside a sub-heading or a headed clause.
   */
  function opensTopic(i: number, markerLength: number): boolean {
    const block = blocks[i]!;
    if (!block.blankBefore || (i > 0 && BULLET_PATTERN.test(blocks[i - 1]!.text))) return false;
    const title = block.text.slice(markerLength).trim();
    if (title.length === 0 || title.length > MAX_SUBHEADING_LENGTH || !looksLikeTitle(title)) return false;
    if (innermostHeadedClause() === undefined) return false;
    return hasBodyBelow(i);
  }

  /** The block below is a paragraph of running text (not a label, bullet or another heading). */
  function hasBodyBelow(i: number): boolean {
    const below = blocks[i + 1];
    if (!below || isClauseOrItemBlock(below) || ATTACHMENT_HEADING.test(below.text)) return false;
    return !looksLikeHeading(below.text);
  }

  /** The innermost open clause whose line is a heading (a label with a short title), if any. */
  function innermostHeadedClause(): number | undefined {
    for (let k = stack.length - 1; k >= 0; k--) {
      const c = clauses[stack[k]!]!;
      if (c.style === 'subheading' || c.style === 'topic') return c.index;
      if (c.label && c.heading !== undefined && c.unit !== 'article') return c.index;
      if (c.label) return undefined;
    }
    return undefined;
  }

  function openSubheading(block: LayoutBlock, i: number): void {
    // A new sub-heading closes the previous one and its topics.
    while (stack.length > 0) {
      const top = clauses[stack[stack.length - 1]!]!;
      if (top.style !== 'subheading' && top.style !== 'topic') break;
      stack.pop();
    }
    open(unnumbered('subheading', block.text, block, i));
  }

  function openTopic(block: LayoutBlock, i: number, markerLength: number): void {
    while (stack.length > 0 && clauses[stack[stack.length - 1]!]!.style === 'topic') stack.pop();
    const title = block.text.slice(markerLength).trimStart();
    const titleStart = block.end - title.length;
    const clause = unnumbered('topic', title.trimEnd(), block, i);
    clause.headingRange = { start: titleStart, end: titleStart + title.trimEnd().length };
    open(clause);
  }

  const structure = finish(clauses, blocks, items, parts, text.length);
  return { ...structure, problems, layout };
}

/**
 * Finds tables of contents written without a 目次 heading: a run of two or more division
 * headings in a row (第一章　総則, 第二章　…), before the first article, whose first line
 * appears again later, where the divisions themselves begin. Returns, for the first block of
 * each run, the last block of it.
 */
function findUnheadedTablesOfContents(blocks: readonly LayoutBlock[]): Map<number, number> {
  const lastSeen = new Map<string, number>();
  // Only entries are looked up, and a block is an entry exactly when its key is (the key only
  // drops a bracket at the end): the other blocks need no key, and long ones no hashing.
  blocks.forEach((block, i) => {
    if (TABLE_OF_CONTENTS_ENTRY.test(block.text)) lastSeen.set(contentsKey(block.text), i);
  });
  const runs = new Map<number, number>();
  const firstArticle = blocks.findIndex((block) => FIRST_ARTICLE.test(block.text));
  const searchEnd = firstArticle < 0 ? blocks.length : firstArticle;
  let i = 0;
  while (i < searchEnd) {
    const first = contentsKey(blocks[i]!.text);
    if (!TABLE_OF_CONTENTS_ENTRY.test(first) || i === 0 || TABLE_OF_CONTENTS_HEADING.test(blocks[i - 1]!.text)) {
      i++;
      continue;
    }
    let end = i;
    while (
      end + 1 < blocks.length &&
      TABLE_OF_CONTENTS_ENTRY.test(blocks[end + 1]!.text) &&
      contentsKey(blocks[end + 1]!.text) !== first
    )
      end++;
    if (end > i && (lastSeen.get(first) ?? -1) > end) runs.set(i, end);
    i = end + 1;
  }
  return runs;
}

/** A table-of-contents entry without its article span: 第一章　総則（第一条―第三条） → 第一章　総則. */
function contentsKey(line: string): string {
  return line.replace(/[（(][^（）()]*[)）]$/, '');
}

function unnumbered(
  style: 'heading' | 'toc' | 'subheading' | 'topic',
  title: string,
  block: LayoutBlock,
  i: number,
): NewClause {
  return {
    style,
    unit: 'heading',
    rank: style === 'heading' ? 0 : undefined,
    label: '',
    labelRange: { start: block.lineStart, end: block.lineStart },
    number: [],
    spanEnd: undefined,
    heading: title,
    headingRange: { start: block.start, end: block.start + title.length },
    summary: title,
    deleted: false,
    firstBlock: i,
    labelBlock: i,
    bodyRange: { start: block.start, end: block.end },
  };
}

function isClauseOrItemBlock(block: LayoutBlock): boolean {
  return matchStyle(block.text) !== undefined || BULLET_PATTERN.test(block.text);
}

function summarise(body: string): string {
  const t = body.trim();
  return t.length > SUMMARY_LENGTH ? `${t.slice(0, SUMMARY_LENGTH)}…` : t;
}

/** Computes levels, ranges and parts once the tree is complete. */
function finish(
  clauses: MutableClause[],
  blocks: readonly LayoutBlock[],
  rawItems: Array<{ markerRange: TextRange; block: number }>,
  rawParts: Array<{ kind: DocumentPart['kind']; heading: number | undefined; start: number }>,
  textLength: number,
): Omit<ClauseStructure, 'problems' | 'layout'> {
  const levels: number[] = [];
  for (const c of clauses) levels.push(c.parent === undefined ? 0 : levels[c.parent]! + 1);
  // The clause ends where the next clause at its level or above begins; found in one backward pass.
  const nextFirstBlocks: number[] = new Array<number>(clauses.length);
  // `upTo[l]`: the first block of the nearest clause at level l or above (blocks.length when
  // none), kept for the levels 0…level of the last clause seen, so that each clause is one
  // look-up however deep it is.
  const upTo: number[] = [];
  for (let i = clauses.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const known = upTo.length;
    nextFirstBlocks[i] = known === 0 ? blocks.length : upTo[Math.min(level, known - 1)]!;
    // Levels between the deepest known and this one have no clause of their own yet.
    for (let l = known; l < level; l++) upTo[l] = l === 0 ? blocks.length : upTo[l - 1]!;
    // Deeper levels ended here: a later sibling's children do not bound earlier clauses.
    upTo.length = level;
    upTo.push(Math.min(level === 0 ? blocks.length : upTo[level - 1]!, clauses[i]!.firstBlock));
  }
  // The last block of each part: a clause ends at the end of its part at the latest.
  const partLastBlock = rawParts.map(() => -1);
  for (let b = 0, k = 0; b < blocks.length; b++) {
    while (k + 1 < rawParts.length && rawParts[k + 1]!.start <= blocks[b]!.start) k++;
    partLastBlock[k] = b;
  }
  const result: Clause[] = clauses.map((c, i) => {
    const last = Math.max(c.labelBlock, Math.min(nextFirstBlocks[i]! - 1, partLastBlock[c.part] ?? blocks.length));
    const lastBlock = blocks[last]!;
    const first = blocks[c.firstBlock]!;
    const clause: Clause = {
      index: c.index,
      style: c.style,
      unit: c.unit,
      label: c.label,
      labelRange: c.labelRange,
      number: c.number,
      normalizedNumber: normalise(c.style, c.number),
      heading: c.heading,
      headingRange: c.headingRange,
      summary: c.summary,
      deleted: c.deleted,
      level: levels[i]!,
      parent: c.parent,
      children: c.children,
      range: { start: first.lineStart, end: Math.min(lastBlock.end, textLength) },
      bodyRange: c.bodyRange,
      startLine: first.firstLine,
      endLine: lastBlock.lastLine,
      part: c.part,
    };
    // One literal for the common case: a spread of a conditional object in a literal takes V8's
    // slow path, paid for every clause. A span (第四十条から第四十二条まで) is rare and gets its
    // `spanEnd` in its place, after the number.
    if (!c.spanEnd) return clause;
    const { index, style, unit, label, labelRange, number, normalizedNumber, ...rest } = clause;
    return { index, style, unit, label, labelRange, number, normalizedNumber, spanEnd: c.spanEnd, ...rest };
  });
  // One sweep for every item rather than a scan of the clauses per item: linear in the text.
  const lineCount = blocks.reduce((n, b) => Math.max(n, b.lastLine + 1), 0);
  const clauseOfLine = innermostClauseFinder(result, lineCount);
  const items: ListItem[] = rawItems.map((item) => {
    const block = blocks[item.block]!;
    return {
      markerRange: item.markerRange,
      range: { start: item.markerRange.start, end: block.end },
      line: block.firstLine,
      clause: clauseOfLine(block.firstLine),
    };
  });
  const parts: DocumentPart[] = rawParts.map((p, k) => ({
    kind: p.kind,
    heading: p.heading,
    range: { start: p.start, end: rawParts[k + 1]?.start ?? textLength },
  }));
  return { clauses: result, roots: result.filter((c) => c.parent === undefined).map((c) => c.index), items, parts };
}

function normalise(style: string, number: readonly number[]): string {
  if (number.length === 0) return '';
  return style === 'decimal-multilevel' || style === 'en-section' || style === 'en-article' || style === 'section-sign'
    ? number.join('.')
    : number.join('-');
}

/** The deepest clause whose lines include `line`, if any. */
export function innermostClauseAt(clauses: readonly Clause[], line: number): number | undefined {
  let found: number | undefined;
  for (const c of clauses) {
    if (c.startLine > line) break;
    if (line <= c.endLine && (found === undefined || c.level > clauses[found]!.level)) found = c.index;
  }
  return found;
}

/**
 * The innermost clause of each line, as `innermostClauseAt` defines it, for a whole
 * document at once: one sweep over the clauses' lines instead of a scan of every clause per
 * question. Clauses come in document order, so the sweep gives the same answer; should
 * they not (their first lines out of order), each question falls back to the scan.
 */
export function innermostClauseFinder(
  clauses: readonly Clause[],
  lineCount: number,
): (line: number) => number | undefined {
  for (let i = 1; i < clauses.length; i++)
    if (clauses[i]!.startLine < clauses[i - 1]!.startLine) return (line) => innermostClauseAt(clauses, line);
  // Each line takes the deepest clause over it, the first of equal depth: the clauses are
  // painted deepest first, and each paints only lines not yet painted, found by skipping
  // painted runs (`nextUnpainted`, with paths shortened). Every line is painted once, so this
  // stays linear however deeply the clauses nest (a document pasted into itself nests
  // thousands deep, and painting every clause's whole span was quadratic).
  const count = Math.max(0, lineCount);
  const byLine = new Int32Array(count).fill(-1);
  const nextUnpainted = new Int32Array(count + 1);
  for (let line = 0; line <= count; line++) nextUnpainted[line] = line;
  const find = (line: number): number => {
    let root = line;
    while (nextUnpainted[root] !== root) root = nextUnpainted[root]!;
    while (nextUnpainted[line] !== root) {
      const next = nextUnpainted[line]!;
      nextUnpainted[line] = root;
      line = next;
    }
    return root;
  };
  const order = clauses.map((_, i) => i).sort((a, b) => clauses[b]!.level - clauses[a]!.level || a - b);
  for (const i of order) {
    const c = clauses[i]!;
    const last = Math.min(c.endLine, count - 1);
    for (let line = find(Math.max(0, c.startLine)); line <= last; line = find(line + 1)) {
      byLine[line] = c.index;
      nextUnpainted[line] = line + 1;
    }
  }
  return (line) => {
    if (line < 0 || line >= lineCount) return innermostClauseAt(clauses, line);
    const found = byLine[line]!;
    return found === -1 ? undefined : found;
  };
}

/** The structure of a text without clauses: what the analysis falls back on when the parser fails. */
export function emptyClauseStructure(text: string): ClauseStructure {
  return {
    clauses: [],
    roots: [],
    items: [],
    parts: [{ kind: 'main', heading: undefined, range: { start: 0, end: text.length } }],
    problems: [],
    layout: { blocks: [], readingText: text, wrapWidth: undefined, lineStarts: [0] },
  };
}
