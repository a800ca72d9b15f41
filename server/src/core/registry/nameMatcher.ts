/**
 * Finds known names in a text: a trie over names with spaces removed and widths folded, so
 * that `日 ASEAN 科学技術` matches `日ASEAN科学技術` and `ＪＡＸＡ` matches `JAXA`. Matching is
 * longest-first at each position and linear in practice (the walk stops at the first
 * character no name continues with).
 */
import { foldWidth, isAsciiLetter, isInlineSpace, isLatinAlphanumeric } from '../text/characterClasses';
import type { TextRange } from '../types';

interface TrieNode {
  /** Children by UTF-16 code unit. */
  readonly next: Map<number, TrieNode>;
  /** Values of the names that end here. */
  values: unknown[] | undefined;
}

export interface NameMatch<T> {
  readonly range: TextRange;
  readonly values: readonly T[];
}

/** The white space a name may have inside it in a text and not in its key (the walk passes over it). */
function isSkippedInName(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0;
}

/** Folds a name for the trie: widths folded, spaces removed. */
export function matchKey(name: string): string {
  return foldWidth(name).replace(/[ \t\u00a0]/g, '');
}

export class NameMatcher<T> {
  private readonly root: TrieNode = { next: new Map(), values: undefined };
  /**
   * 1 for each code unit a name begins with: most positions of a text begin no name, and a
   * typed-array read rejects them faster than a map lookup.
   */
  private readonly firstUnits = new Uint8Array(0x10000);
  /**
   * The first two code units of every name of two or more, as `first << 16 | second`, and 1 in
   * `singleUnits` for the names of one code unit: a position whose next unit (spaces skipped,
   * as the walk skips them) continues no name is rejected without walking the trie.
   */
  private readonly firstPairs = new Set<number>();
  private readonly singleUnits = new Uint8Array(0x10000);
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(name: string, value: T): void {
    const key = matchKey(name);
    if (key.length === 0) return;
    this.firstUnits[key.charCodeAt(0)] = 1;
    if (key.length === 1) this.singleUnits[key.charCodeAt(0)] = 1;
    else this.firstPairs.add(((key.charCodeAt(0) << 16) | key.charCodeAt(1)) >>> 0);
    let node = this.root;
    for (let k = 0; k < key.length; k++) {
      const c = key.charCodeAt(k);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map(), values: undefined };
        node.next.set(c, child);
      }
      node = child;
    }
    if (!node.values) {
      node.values = [];
      this.size++;
    }
    if (!node.values.includes(value)) node.values.push(value);
  }

  /**
   * Every longest match, left to right, not overlapping. A name that begins or ends with a
   * Latin letter or digit only matches where the text has no Latin letter or digit on that
   * side, so `UN` is not found inside `UNESCO` or `FUND`.
   */
  findAll(text: string): NameMatch<T>[] {
    return this.findAllFolded(foldWidth(text));
  }

  /** `findAll` over a text whose widths are already folded (`foldWidth`), so that a caller folds a text once for every matcher. */
  findAllFolded(folded: string): NameMatch<T>[] {
    const matches: NameMatch<T>[] = [];
    const firstUnits = this.firstUnits;
    const length = folded.length;
    let i = 0;
    while (i < length) {
      const first = folded.charCodeAt(i);
      if (firstUnits[first] === 0) {
        i++;
        continue;
      }
      if (this.singleUnits[first] === 0) {
        let j = i + 1;
        while (j < length && isSkippedInName(folded.charCodeAt(j))) j++;
        if (j >= length || !this.firstPairs.has(((first << 16) | folded.charCodeAt(j)) >>> 0)) {
          i++;
          continue;
        }
      }
      const match = this.longestAt(folded, i);
      if (match) {
        matches.push(match);
        i = match.range.end;
      } else i++;
    }
    return matches;
  }

  /** The longest name starting exactly at `start`, if any. */
  longestAt(folded: string, start: number): NameMatch<T> | undefined {
    // Most positions start no name: one lookup rejects them.
    if (!this.root.next.has(folded.charCodeAt(start))) return undefined;
    const first = folded.charAt(start);
    if (isInlineSpace(first)) return undefined;
    if (isLatinAlphanumeric(first) && start > 0 && isLatinAlphanumeric(folded.charAt(start - 1))) return undefined;
    let node: TrieNode | undefined = this.root;
    let best: NameMatch<T> | undefined;
    let i = start;
    let lastConsumed = start;
    while (node && i < folded.length) {
      const code = folded.charCodeAt(i);
      if ((code === 0x20 || code === 0x09 || code === 0xa0) && i > start) {
        i++;
        continue;
      }
      node = node.next.get(code);
      if (!node) break;
      i++;
      lastConsumed = i;
      if (node.values && this.endsCleanly(folded, lastConsumed)) {
        best = { range: { start, end: lastConsumed }, values: node.values as T[] };
      }
    }
    return best;
  }

  private endsCleanly(folded: string, end: number): boolean {
    const last = folded.charAt(end - 1);
    const after = folded.charAt(end);
    if (isLatinAlphanumeric(last) && isLatinAlphanumeric(after)) return false;
    // `REDD+` and `ADMM+` end in a symbol; an English word must still not run on.
    if (!isLatinAlphanumeric(last) && isAsciiLetter(after) && isAsciiLetter(folded.charAt(end - 2))) return false;
    return true;
  }
}
