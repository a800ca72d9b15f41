/**
 * Moves plain data between threads faster than the structured clone does on its own.
 *
 * An analysis is hundreds of thousands of small objects of a few shapes (clauses, ranges,
 * mentions). The structured clone writes every key of every object and the receiving thread
 * reads them back one by one: 80 ms for the analysis of a 1 MB statute, on the thread that
 * must answer the editor. Here arrays of objects are turned into columns — numbers, repeated
 * strings (as a dictionary and indexes) and the presence of optional values — and every
 * column of one encoded value lives in the same few buffers: one array of integers, one of
 * other numbers, one of bytes and one string holding every string. What crosses the thread
 * boundary is those buffers (handed over, not copied) and a small tree of column
 * descriptions; decoding is one pass that builds objects of a fixed shape.
 *
 * The codec knows nothing of the analysis: it takes any tree of plain objects, arrays and
 * primitives (and, kept as they are, errors, maps, sets and typed arrays), and `decode`
 * gives back a deeply equal tree. What it cannot carry faithfully — an instance of a class
 * other than those, or a function — makes `encode` throw `NotTransferable`, so that a
 * change to the data that the codec would distort is noticed instead of silently lost.
 * Identity is not preserved: an object reachable twice arrives as two equal objects.
 */

/** The words of a `NotTransferable` message, to recognise it in another thread's error. */
export const NOT_TRANSFERABLE = 'cannot be moved between threads faithfully';

export class NotTransferable extends Error {
  constructor(readonly path: string) {
    super(`${NOT_TRANSFERABLE}: ${path}`);
  }
}

/**
 * One column of values. `at` and `n` locate its numbers in the buffer of its kind: the
 * integers (`i`, string indexes), the other numbers (`f`) or the bytes (`b`, masks, shapes).
 */
export type Column =
  /** Integers that fit 32 bits (and are not -0). */
  | { readonly t: 'i'; readonly at: number; readonly n: number }
  | { readonly t: 'f'; readonly at: number; readonly n: number }
  | { readonly t: 'b'; readonly at: number; readonly n: number }
  /** Strings: for each value the index (among the integers) of a string of the string table. */
  | { readonly t: 's'; readonly at: number; readonly n: number }
  /** Every value is `undefined` (`n` of them). */
  | { readonly t: 'u'; readonly n: number }
  /** Some values are `undefined` (mask byte 0): the others, densely, in `v`. */
  | { readonly t: 'opt'; readonly at: number; readonly n: number; readonly v: Column }
  /** Plain objects, grouped by shape (their keys in order); the bytes at `at` give each value's group. */
  | {
      readonly t: 'obj';
      readonly n: number;
      readonly shapes: readonly {
        readonly keys: readonly string[];
        readonly count: number;
        readonly columns: readonly Column[];
      }[];
      /** Where the shape of each value is (two bytes each), when there is more than one shape. */
      readonly at: number | undefined;
    }
  /** Arrays: each one's length (integers at `at`), and all their elements as one column. */
  | { readonly t: 'arr'; readonly at: number; readonly n: number; readonly flat: Column }
  /** Anything else the structured clone carries faithfully (null, mixed kinds, errors, maps): the values are `raws[r]`. */
  | { readonly t: 'raw'; readonly r: number };

/** An encoded value: its column (of one value) and the buffers every column points into. */
export interface Encoded {
  readonly column: Column;
  /** The values of `raw` columns, left to the structured clone. */
  readonly raws: readonly (readonly unknown[])[];
  readonly ints: Int32Array;
  readonly floats: Float64Array;
  readonly bytes: Uint8Array;
  /** Every distinct string, one after the other; string `k` ends at `stringEnds[k]`. */
  readonly text: string;
  readonly stringEnds: Int32Array;
}

const MAX_SHAPES = 0xffff;

/** The buffers of one value being encoded. */
class Buffers {
  readonly ints: number[] = [];
  readonly floats: number[] = [];
  readonly bytes: number[] = [];
  readonly raws: unknown[][] = [];
  private readonly strings = new Map<string, number>();
  private readonly parts: string[] = [];

  string(value: string): number {
    let k = this.strings.get(value);
    if (k === undefined) {
      this.strings.set(value, (k = this.parts.length));
      this.parts.push(value);
    }
    return k;
  }

  finish(column: Column): Encoded {
    const stringEnds = new Int32Array(this.parts.length);
    let end = 0;
    for (let k = 0; k < this.parts.length; k++) stringEnds[k] = end += this.parts[k]!.length;
    return {
      column,
      raws: this.raws,
      ints: Int32Array.from(this.ints),
      floats: Float64Array.from(this.floats),
      bytes: Uint8Array.from(this.bytes),
      text: this.parts.join(''),
      stringEnds,
    };
  }
}

export function encode(value: unknown): Encoded {
  const buffers = new Buffers();
  return buffers.finish(encodeColumn([value], '$', buffers));
}

export function decode(encoded: Encoded): unknown {
  return decodeColumn(encoded.column, readerOf(encoded))[0];
}

/** The buffers of an encoded value, to hand over to the other thread instead of copying them. */
export function transferables(encoded: Encoded): ArrayBuffer[] {
  return [encoded.ints, encoded.floats, encoded.bytes, encoded.stringEnds]
    .map((array) => array.buffer)
    .filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer && buffer.byteLength > 0);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Objects the structured clone carries as they are, with their kind. */
function isCloneable(value: object): boolean {
  return (
    value instanceof Error ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Date ||
    value instanceof RegExp ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer
  );
}

function encodeColumn(values: readonly unknown[], path: string, buffers: Buffers): Column {
  const n = values.length;
  let numbers = 0;
  let integers = 0;
  let strings = 0;
  let booleans = 0;
  let undefineds = 0;
  let objects = 0;
  let arrays = 0;
  for (const value of values) {
    switch (typeof value) {
      case 'number':
        numbers++;
        if ((value | 0) === value && !Object.is(value, -0)) integers++;
        break;
      case 'string':
        strings++;
        break;
      case 'boolean':
        booleans++;
        break;
      case 'undefined':
        undefineds++;
        break;
      case 'object':
        if (value === null) break;
        if (Array.isArray(value)) arrays++;
        else if (isPlainObject(value)) objects++;
        else if (!isCloneable(value)) throw new NotTransferable(`${path}: ${describe(value)}`);
        break;
      default:
        throw new NotTransferable(`${path}: a ${typeof value}`);
    }
  }
  if (undefineds === n) return { t: 'u', n };
  if (undefineds > 0) {
    const at = buffers.bytes.length;
    const present: unknown[] = [];
    for (const value of values) {
      buffers.bytes.push(value === undefined ? 0 : 1);
      if (value !== undefined) present.push(value);
    }
    return { t: 'opt', at, n, v: encodeColumn(present, path, buffers) };
  }
  if (numbers === n) {
    const target = integers === n ? buffers.ints : buffers.floats;
    const at = target.length;
    for (const value of values) target.push(value as number);
    return { t: integers === n ? 'i' : 'f', at, n };
  }
  if (strings === n) {
    const at = buffers.ints.length;
    for (const value of values) buffers.ints.push(buffers.string(value as string));
    return { t: 's', at, n };
  }
  if (booleans === n) {
    const at = buffers.bytes.length;
    for (const value of values) buffers.bytes.push(value ? 1 : 0);
    return { t: 'b', at, n };
  }
  if (arrays === n) {
    const at = buffers.ints.length;
    const flat: unknown[] = [];
    for (const array of values as unknown[][]) {
      buffers.ints.push(array.length);
      for (let k = 0; k < array.length; k++) {
        if (!(k in array)) throw new NotTransferable(`${path}[${k}]: a hole in an array`);
        flat.push(array[k]);
      }
    }
    return { t: 'arr', at, n, flat: encodeColumn(flat, `${path}[]`, buffers) };
  }
  if (objects === n) return encodeObjects(values as object[], path, buffers);
  // Mixed kinds: each value must be one the structured clone carries faithfully on its own.
  for (const value of values) if (typeof value === 'object' && value !== null) checkDeep(value, path);
  buffers.raws.push([...values]);
  return { t: 'raw', r: buffers.raws.length - 1 };
}

function encodeObjects(values: readonly object[], path: string, buffers: Buffers): Column {
  const shapeIds = new Map<string, number>();
  const shapes: { keys: string[]; rows: object[] }[] = [];
  const shapeOf = new Uint16Array(values.length);
  // Neighbours mostly share a shape: compare with the last one before building a signature.
  let lastKeys: string[] = [];
  let lastId = -1;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const keys = Object.keys(value);
    let id = lastId;
    if (id < 0 || !sameKeys(keys, lastKeys)) {
      if (Object.getOwnPropertySymbols(value).length > 0) throw new NotTransferable(`${path}: symbol keys`);
      const signature = keys.join('\u0000');
      const known = shapeIds.get(signature);
      if (known === undefined) {
        if (shapes.length >= MAX_SHAPES) throw new NotTransferable(`${path}: more than ${MAX_SHAPES} shapes`);
        shapeIds.set(signature, (id = shapes.length));
        shapes.push({ keys, rows: [] });
      } else id = known;
      lastKeys = keys;
      lastId = id;
    }
    shapes[id]!.rows.push(value);
    shapeOf[i] = id;
  }
  let at: number | undefined;
  if (shapes.length > 1) {
    at = buffers.bytes.length;
    for (const id of shapeOf) buffers.bytes.push(id & 0xff, id >> 8);
  }
  return {
    t: 'obj',
    n: values.length,
    at,
    shapes: shapes.map(({ keys, rows }) => ({
      keys,
      count: rows.length,
      columns: keys.map((key) =>
        encodeColumn(
          rows.map((row) => (row as Record<string, unknown>)[key]),
          `${path}.${key}`,
          buffers,
        ),
      ),
    })),
  };
}

/** A value left to the structured clone must hold nothing it would distort. */
function checkDeep(value: object, path: string): void {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp)
    return;
  if (value instanceof Error) return;
  if (!Array.isArray(value) && !isPlainObject(value) && !(value instanceof Map) && !(value instanceof Set))
    throw new NotTransferable(`${path}: ${describe(value)}`);
  const children = value instanceof Map ? [...value.keys(), ...value.values()] : Object.values(value);
  for (const child of children) {
    if (typeof child === 'function' || typeof child === 'symbol')
      throw new NotTransferable(`${path}: a ${typeof child}`);
    if (typeof child === 'object' && child !== null) checkDeep(child, path);
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function describe(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return `an instance of ${name ?? 'an unknown class'}`;
}

/** What decoding reads: the buffers, and each string of the table, made once when first needed. */
interface Reader {
  readonly raws: readonly (readonly unknown[])[];
  readonly ints: Int32Array;
  readonly floats: Float64Array;
  readonly bytes: Uint8Array;
  string(k: number): string;
}

function readerOf(encoded: Omit<Encoded, 'column'>): Reader {
  const { text, stringEnds } = encoded;
  const strings = new Array<string | undefined>(stringEnds.length);
  return {
    raws: encoded.raws,
    ints: encoded.ints,
    floats: encoded.floats,
    bytes: encoded.bytes,
    string(k) {
      let value = strings[k];
      if (value === undefined) strings[k] = value = text.slice(k === 0 ? 0 : stringEnds[k - 1], stringEnds[k]);
      return value;
    },
  };
}

function decodeColumn(column: Column, reader: Reader): ArrayLike<unknown> {
  switch (column.t) {
    case 'i':
      return reader.ints.subarray(column.at, column.at + column.n);
    case 'f':
      return reader.floats.subarray(column.at, column.at + column.n);
    case 'b': {
      const out = new Array<boolean>(column.n);
      for (let i = 0; i < column.n; i++) out[i] = reader.bytes[column.at + i] === 1;
      return out;
    }
    case 's': {
      const out = new Array<string>(column.n);
      for (let i = 0; i < column.n; i++) out[i] = reader.string(reader.ints[column.at + i]!);
      return out;
    }
    case 'raw':
      return reader.raws[column.r]!;
    case 'u':
      return new Array<undefined>(column.n).fill(undefined);
    case 'opt': {
      const present = decodeColumn(column.v, reader);
      const out = new Array<unknown>(column.n);
      let k = 0;
      for (let i = 0; i < column.n; i++) out[i] = reader.bytes[column.at + i] === 1 ? present[k++] : undefined;
      return out;
    }
    case 'arr': {
      const flat = decodeColumn(column.flat, reader);
      const out = new Array<unknown[]>(column.n);
      let at = 0;
      for (let i = 0; i < column.n; i++) {
        const length = reader.ints[column.at + i]!;
        const array = new Array<unknown>(length);
        for (let k = 0; k < length; k++) array[k] = flat[at++];
        out[i] = array;
      }
      return out;
    }
    case 'obj':
      return decodeObjects(column, reader);
  }
}

type ObjectColumn = Extract<Column, { t: 'obj' }>;
type RowMaker = (columns: readonly ArrayLike<unknown>[], i: number) => object;

/** One maker per shape, so that every object of a shape gets the same hidden class. */
const makers = new Map<string, RowMaker>();

function makerOf(keys: readonly string[]): RowMaker {
  const signature = keys.join('\u0000');
  let maker = makers.get(signature);
  if (!maker) {
    // Keys such as `__proto__` cannot be written as literal properties; those shapes are built slowly.
    const safe = keys.every((key) => key !== '__proto__');
    maker = safe
      ? // A constructor written for the shape: every object it makes has the same hidden class.
        (new Function(
          'c',
          'i',
          `return {${keys.map((key, k) => `${JSON.stringify(key)}: c[${k}][i]`).join(', ')}};`,
        ) as RowMaker)
      : (columns, i) => {
          const row: Record<string, unknown> = {};
          keys.forEach((key, k) =>
            Object.defineProperty(row, key, {
              value: columns[k]![i],
              enumerable: true,
              writable: true,
              configurable: true,
            }),
          );
          return row;
        };
    makers.set(signature, maker);
  }
  return maker;
}

function decodeObjects(column: ObjectColumn, reader: Reader): object[] {
  const groups = column.shapes.map((shape) => {
    const columns = shape.columns.map((c) => decodeColumn(c, reader));
    const maker = makerOf(shape.keys);
    const rows = new Array<object>(shape.count);
    for (let i = 0; i < shape.count; i++) rows[i] = maker(columns, i);
    return rows;
  });
  if (column.at === undefined) return groups[0] ?? [];
  const cursors = new Int32Array(groups.length);
  const out = new Array<object>(column.n);
  for (let i = 0; i < column.n; i++) {
    const shape = reader.bytes[column.at + 2 * i]! | (reader.bytes[column.at + 2 * i + 1]! << 8);
    out[i] = groups[shape]![cursors[shape]!++]!;
  }
  return out;
}

/**
 * A value whose long arrays are decoded in pieces, so that the receiving thread can decode
 * one piece per turn of its event loop: `skeleton` is the value with those arrays emptied,
 * and each piece names the array (by its path of keys) and holds a slice of it. Every piece
 * points into the same buffers, so that the whole value still crosses as a few buffers.
 */
export interface ChunkedValue {
  readonly buffers: Omit<Encoded, 'column'>;
  /**
   * The column trees of the skeleton and of each piece, as JSON: tens of thousands of small
   * descriptions that the structured clone would rebuild all at once on arrival, when each
   * is needed only on its turn.
   */
  readonly skeleton: string;
  readonly pieces: readonly { readonly path: readonly string[]; readonly slice: string }[];
}

/** How deep in the value long arrays are looked for (`structure.clauses` is at depth 2). */
const CHUNK_DEPTH = 3;

/** Encodes a value, cutting every array longer than `maxElements` (within a few levels) into pieces. */
export function encodeInPieces(value: unknown, maxElements: number): ChunkedValue {
  const buffers = new Buffers();
  const pieces: { path: string[]; slice: string }[] = [];
  const cut = (node: unknown, path: string[]): unknown => {
    if (Array.isArray(node)) {
      if (node.length <= maxElements || path.length === 0) return node;
      for (let start = 0; start < node.length; start += maxElements)
        pieces.push({
          path,
          slice: JSON.stringify(encodeColumn([node.slice(start, start + maxElements)], path.join('.'), buffers)),
        });
      return [];
    }
    if (path.length >= CHUNK_DEPTH || typeof node !== 'object' || node === null || !isPlainObject(node)) return node;
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, cut(child, [...path, key])]));
  };
  const skeleton = encodeColumn([cut(value, [])], '$', buffers);
  const { column: _column, ...shared } = buffers.finish(skeleton);
  return { buffers: shared, skeleton: JSON.stringify(skeleton), pieces };
}

/**
 * Decodes a value encoded in pieces, awaiting `pause()` between pieces so that the thread
 * answers other work meanwhile.
 */
export async function decodePieces(
  value: ChunkedValue,
  pause: () => Promise<void>,
  measure: <T>(name: string, work: () => T) => T = (_name, work) => work(),
): Promise<unknown> {
  const reader = readerOf(value.buffers);
  const root = measure('decode skeleton', () => decodeColumn(JSON.parse(value.skeleton) as Column, reader)[0]);
  for (const piece of value.pieces) {
    await pause();
    let target: unknown = root;
    for (const key of piece.path) target = (target as Record<string, unknown>)[key];
    const slice = measure(
      `decode ${piece.path.join('.')}`,
      () => decodeColumn(JSON.parse(piece.slice) as Column, reader)[0],
    ) as unknown[];
    const array = target as unknown[];
    for (const element of slice) array.push(element);
  }
  return root;
}

/** The buffers of a value in pieces, to hand over rather than copy. */
export function transferablesOfPieces(value: ChunkedValue): ArrayBuffer[] {
  return transferables({ ...value.buffers, column: { t: 'u', n: 0 } });
}
