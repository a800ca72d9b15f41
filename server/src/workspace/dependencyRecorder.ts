/**
 * What a document's diagnostics depend on in other documents. Rules read the workspace
 * through a `WorkspaceView`; here the view they are given records every question asked
 * (`definitionsOf('VNSC')`, `mentionsOf(id)`, `uris()`…) and which fields of the answers
 * were read, and fingerprints what was seen. A change elsewhere then re-computes a
 * document's diagnostics only when the answer to one of its questions, as far as it was
 * read, is different — not whenever any document changes.
 *
 * Keys are those `questionsOf` (core/workspace/workspaceIndex.ts) names for a change of an
 * entry: `uris`, `get:<uri>`, `clauses:<uri>`, `mentions:<id>`, `count:<id>`,
 * `defs:<normalised term>`; `all:<field>` stands for one field of every document, when a
 * rule reads it for many (the titles of every document, for a reference to another one).
 */
import { matchKey } from '../core/registry/nameMatcher';
import type {
  IndexedClause,
  IndexedDefinition,
  IndexedDocument,
  IndexedMention,
  WorkspaceView,
} from '../core/workspace/workspaceIndex';

/** One question and the fingerprint of its answer, as far as it was read. */
export interface Dependency {
  readonly key: string;
  /** What the question was asked with (the term as written, the id, the uri). */
  readonly argument: string;
  /** The fields of the answer's records that were read; null when the whole answer counts. */
  readonly fields: readonly string[] | null;
  readonly fingerprint: string;
}

/** Above this many documents read for the same field, the dependency is on that field of every document. */
const MANY_DOCUMENTS = 32;

export class RecordingWorkspaceView implements WorkspaceView {
  /** key → [argument, the fields read (null: everything)]. */
  private readonly questions = new Map<string, { argument: string; fields: Set<string> | null }>();

  constructor(private readonly view: WorkspaceView) {}

  uris(): string[] {
    this.note('uris', '', null);
    return this.view.uris();
  }

  get(uri: string): IndexedDocument | undefined {
    const key = `get:${uri}`;
    this.note(key, uri, new Set());
    const document = this.view.get(uri);
    return document && this.watch(document, key);
  }

  mentionsOf(id: string): IndexedMention[] {
    const key = `mentions:${id}`;
    this.note(key, id, new Set());
    return this.view.mentionsOf(id).map((m) => this.watch(m, key));
  }

  mentionCountOf(id: string): number {
    this.note(`mentions:${id}`, id, new Set());
    return this.view.mentionCountOf?.(id) ?? this.view.mentionsOf(id).length;
  }

  documentCountOf(id: string): number {
    this.note(`count:${id}`, id, null);
    return this.view.documentCountOf(id);
  }

  definitionsOf(term: string): IndexedDefinition[] {
    const key = `defs:${matchKey(term)}`;
    this.note(key, term, new Set());
    return this.view.definitionsOf(term).map((d) => this.watch(d, key));
  }

  clausesOf(uri: string): readonly IndexedClause[] {
    const key = `clauses:${uri}`;
    this.note(key, uri, new Set());
    return this.view.clausesOf(uri).map((c) => this.watch(c, key));
  }

  clauseOf(uri: string, index: number): IndexedClause | undefined {
    this.note(`clauses:${uri}`, uri, null);
    return this.view.clauseOf ? this.view.clauseOf(uri, index) : this.view.clausesOf(uri)[index];
  }

  /** Every question asked so far, with the fingerprint of its answer. */
  dependencies(): Dependency[] {
    const dependencies: Dependency[] = [];
    // Many documents read for the same fields: one dependency on those fields of every document.
    const perField = new Map<string, number>();
    for (const [key, { fields }] of this.questions)
      if (key.startsWith('get:') && fields)
        for (const field of fields) perField.set(field, (perField.get(field) ?? 0) + 1);
    const everywhere = new Set([...perField].filter(([, n]) => n > MANY_DOCUMENTS).map(([field]) => field));
    for (const field of everywhere) dependencies.push(dependencyOn(this.view, `all:${field}`, field, null));
    for (const [key, { argument, fields }] of this.questions) {
      let read = fields ? [...fields].sort() : null;
      if (key.startsWith('get:') && read && everywhere.size > 0) {
        read = read.filter((field) => !everywhere.has(field));
        if (read.length === 0 && fields!.size > 0) continue;
      }
      dependencies.push(dependencyOn(this.view, key, argument, read));
    }
    return dependencies;
  }

  private note(key: string, argument: string, fields: Set<string> | null): void {
    const known = this.questions.get(key);
    if (!known) this.questions.set(key, { argument, fields });
    else if (fields === null) known.fields = null;
  }

  /** The record, with every field read noted against the question that gave it. */
  private watch<T extends object>(record: T, key: string): T {
    const read = (field: string) => {
      const question = this.questions.get(key);
      if (question?.fields) question.fields.add(field);
    };
    return new Proxy(record, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property);
        if (typeof property !== 'string') return value;
        if (typeof value === 'function') {
          // A method may read anything of the record: the whole of it counts.
          read('*');
          return (value as (...args: unknown[]) => unknown).bind(target);
        }
        read(property);
        return value;
      },
      ownKeys(target) {
        read('*');
        return Reflect.ownKeys(target);
      },
    });
  }
}

/** The dependency on a question as `view` answers it now. */
export function dependencyOn(
  view: WorkspaceView,
  key: string,
  argument: string,
  fields: readonly string[] | null,
): Dependency {
  return { key, argument, fields, fingerprint: fingerprintOf(view, key, argument, fields) };
}

/** True when `view` still gives the answer the dependency saw. */
export function stillHolds(view: WorkspaceView, dependency: Dependency): boolean {
  return fingerprintOf(view, dependency.key, dependency.argument, dependency.fields) === dependency.fingerprint;
}

/** The fingerprint of the answer to a question, projected on the fields that were read. */
export function fingerprintOf(
  view: WorkspaceView,
  key: string,
  argument: string,
  fields: readonly string[] | null,
): string {
  const kind = key.slice(0, key.indexOf(':') < 0 ? key.length : key.indexOf(':'));
  let answer: unknown;
  switch (kind) {
    case 'uris':
      answer = view.uris();
      break;
    case 'get':
      answer = project(view.get(argument), fields);
      break;
    case 'all':
      answer = view.uris().map((uri) => [uri, project(view.get(uri), [argument])]);
      break;
    case 'mentions':
      answer = view.mentionsOf(argument).map((m) => project(m, fields));
      break;
    case 'count':
      answer = view.documentCountOf(argument);
      break;
    case 'defs':
      answer = view.definitionsOf(argument).map((d) => project(d, fields));
      break;
    case 'clauses':
      answer = view.clausesOf(argument).map((c) => project(c, fields));
      break;
    default:
      answer = key;
  }
  return hash(JSON.stringify(answer) ?? 'undefined');
}

const RECORD_FIELDS = [
  'uri',
  'version',
  'title',
  'titleRange',
  'mentions',
  'definitions',
  'clauses',
  'clauseReferences',
];

/** The fields of a record that were read; the whole record for null or `*`. */
function project(record: object | undefined, fields: readonly string[] | null): unknown {
  if (record === undefined) return null;
  const whole = fields === null || fields.includes('*');
  const names = whole ? (isDocument(record) ? RECORD_FIELDS : Object.keys(record)) : fields;
  return Object.fromEntries(names.map((name) => [name, (record as Record<string, unknown>)[name]]));
}

function isDocument(record: object): record is IndexedDocument {
  return 'clauseReferences' in record && 'titleRange' in record;
}

/** A 64-bit FNV-1a hash of a string, as 16 hex digits: a fingerprint, not a secret. */
export function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
