/**
 * What stands at an offset, by binary search instead of a scan of every item. The lists of
 * an analysis (entities, dates, clause references, clause labels, defined-term uses) come in
 * document order without overlapping; that is checked once per list (and remembered for as
 * long as the list lives), and a list that does not satisfy it is scanned, so that the
 * answer is always the one a scan in list order gives.
 */
import type { TextRange } from '../types';

/** Per list and range accessor: are the ranges sorted, each ending before the next begins? */
const orderedLists = new WeakMap<object, WeakMap<object, boolean>>();

function isOrdered<T>(items: readonly T[], rangeOf: (item: T) => TextRange): boolean {
  let byAccessor = orderedLists.get(items);
  if (!byAccessor) orderedLists.set(items, (byAccessor = new WeakMap()));
  let ordered = byAccessor.get(rangeOf);
  if (ordered === undefined) {
    ordered = true;
    let previousEnd = -Infinity;
    for (const item of items) {
      const { start, end } = rangeOf(item);
      if (!(start <= end) || start < previousEnd) {
        ordered = false;
        break;
      }
      previousEnd = end;
    }
    byAccessor.set(rangeOf, ordered);
  }
  return ordered;
}

/** The index of the last item that starts at or before `offset`, -1 when none does. */
function lastStartingBy<T>(items: readonly T[], offset: number, rangeOf: (item: T) => TextRange): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (rangeOf(items[mid]!).start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * The first item (in list order) whose range contains `offset` (`start <= offset < end`),
 * else the first non-empty one that ends exactly at `offset` (the cursor just after a word).
 * `rangeOf` should be one function kept for the purpose (not a new closure per call), so that
 * the order of the list is checked once.
 */
export function itemAt<T>(items: readonly T[], offset: number, rangeOf: (item: T) => TextRange): T | undefined {
  if (!isOrdered(items, rangeOf)) {
    let touching: T | undefined;
    for (const item of items) {
      const range = rangeOf(item);
      if (range.start <= offset && offset < range.end) return item;
      if (range.end === offset && range.start < range.end) touching ??= item;
    }
    return touching;
  }
  const last = lastStartingBy(items, offset, rangeOf);
  if (last < 0) return undefined;
  const candidate = items[last]!;
  const range = rangeOf(candidate);
  if (range.start <= offset && offset < range.end) return candidate;
  // Ordered ranges do not overlap, so at most one non-empty range ends at the offset, at or before `last`.
  for (let i = last; i >= 0; i--) {
    const r = rangeOf(items[i]!);
    if (r.end < offset) break;
    if (r.end === offset && r.start < r.end) return items[i];
  }
  return undefined;
}

/** Every item (in list order) whose range touches `offset`: `start <= offset <= end`. */
export function itemsAround<T>(items: readonly T[], offset: number, rangeOf: (item: T) => TextRange): T[] {
  if (!isOrdered(items, rangeOf)) return items.filter((item) => touches(rangeOf(item), offset));
  const last = lastStartingBy(items, offset, rangeOf);
  let first = last;
  while (first >= 0 && rangeOf(items[first]!).end >= offset) first--;
  const found: T[] = [];
  for (let i = first + 1; i <= last; i++) if (touches(rangeOf(items[i]!), offset)) found.push(items[i]!);
  return found;
}

function touches(range: TextRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}
