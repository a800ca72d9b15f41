/**
 * The registry of agencies, programs and instruments: the built-in data file
 * (`data/registry.json`, schema `registry.schema.json`) plus whatever a workspace adds.
 * Validation is a pure function so that the server and the CLI report an invalid workspace
 * file the same way, and the built-in entries keep working whatever the file says.
 */
import builtInData from './data/registry.json';
import type { NamedEntityKind, Problem } from '../types';
import { matchKey, NameMatcher } from './nameMatcher';

export interface RegistryNames {
  readonly ja: readonly string[];
  readonly en: readonly string[];
  readonly vi?: readonly string[];
  readonly ko?: readonly string[];
}

export interface RegistryEntry {
  readonly id: string;
  readonly kind: NamedEntityKind;
  readonly names: RegistryNames;
  readonly acronyms?: readonly string[];
  readonly country: string;
  readonly parent?: string;
  readonly description: { readonly en: string; readonly ja: string };
}

/** A name of an entry as the matcher holds it. */
export interface RegistryName {
  readonly entry: RegistryEntry;
  readonly name: string;
  readonly isAcronym: boolean;
}

export const ENTRY_ID_PATTERN = /^[a-z0-9]+([.-][a-z0-9+]+)*$/;
const KINDS: readonly NamedEntityKind[] = ['agency', 'program', 'instrument'];

export class Registry {
  private readonly byId = new Map<string, RegistryEntry>();
  private readonly byKey = new Map<string, RegistryName[]>();
  /** Names with Latin letters by their key in lower case: `GOVERNMENT OF JAPAN` is `Government of Japan`. */
  private readonly byCaselessKey = new Map<string, RegistryName[]>();
  private caseless: NameMatcher<RegistryName> | undefined;
  readonly matcher = new NameMatcher<RegistryName>();

  constructor(readonly entries: readonly RegistryEntry[]) {
    for (const entry of entries) {
      this.byId.set(entry.id, entry);
      const { ja, en, vi = [], ko = [] } = entry.names;
      for (const name of [...ja, ...en, ...vi, ...ko]) this.index({ entry, name, isAcronym: false });
      for (const acronym of entry.acronyms ?? []) this.index({ entry, name: acronym, isAcronym: true });
    }
  }

  private index(name: RegistryName): void {
    this.matcher.add(name.name, name);
    const key = matchKey(name.name);
    const list = this.byKey.get(key) ?? [];
    list.push(name);
    this.byKey.set(key, list);
    if (!name.isAcronym && /[A-Za-z]/.test(key)) {
      const caseless = key.toLowerCase();
      const names = this.byCaselessKey.get(caseless) ?? [];
      names.push(name);
      this.byCaselessKey.set(caseless, names);
    }
  }

  /**
   * A matcher over the names with Latin letters, in lower case, for text written in capitals
   * (`THE MINISTRY OF FOREIGN AFFAIRS OF JAPAN`): give it that text in lower case. Acronyms are
   * left out — the case-sensitive matcher finds them, and in lower case they are words.
   */
  get caselessMatcher(): NameMatcher<RegistryName> {
    if (!this.caseless) {
      this.caseless = new NameMatcher<RegistryName>();
      for (const names of this.byCaselessKey.values())
        for (const name of names) this.caseless.add(name.name.toLowerCase(), name);
    }
    return this.caseless;
  }

  get(id: string): RegistryEntry | undefined {
    return this.byId.get(id);
  }

  /** Entries known by exactly this name or acronym (widths and spaces ignored). */
  lookup(name: string): readonly RegistryName[] {
    return this.byKey.get(matchKey(name)) ?? [];
  }

  /** Entries known by this name in any case (`GOVERNMENT OF JAPAN`); acronyms only as written. */
  lookupIgnoringCase(name: string): readonly RegistryName[] {
    const exact = this.lookup(name);
    if (exact.length > 0) return exact;
    // A name in capitals may wrap over lines (a title): its line breaks are spaces.
    return this.byCaselessKey.get(matchKey(name.replace(/\s+/g, ' ')).toLowerCase()) ?? [];
  }

  /** Whether `entry` is `ancestor` or lies under it through its parents. */
  isUnder(entry: RegistryEntry, ancestor: RegistryEntry): boolean {
    let current: RegistryEntry | undefined = entry;
    // Parent chains are short; the bound keeps a cycle in a workspace file from looping.
    for (let depth = 0; current && depth < 16; depth++) {
      if (current.id === ancestor.id) return true;
      current = current.parent === undefined ? undefined : this.byId.get(current.parent);
    }
    return false;
  }

  /** A new registry with more entries; an added entry with an existing id replaces the built-in one. */
  extend(entries: readonly RegistryEntry[]): Registry {
    const ids = new Set(entries.map((e) => e.id));
    return new Registry([...this.entries.filter((e) => !ids.has(e.id)), ...entries]);
  }
}

let builtIn: Registry | undefined;

/** The registry shipped with the extension, built once. */
export function builtInRegistry(): Registry {
  builtIn ??= new Registry(validateRegistryData(builtInData, 'registry.json').entries);
  return builtIn;
}

export interface RegistryValidation {
  readonly entries: RegistryEntry[];
  /** Each problem names the entry (by index and id) and what is wrong with it. */
  readonly problems: Problem[];
}

/**
 * Checks registry data against the schema's rules and keeps the valid entries. Never
 * throws: an entry with a problem is left out and the problem says why.
 */
export function validateRegistryData(data: unknown, source: string): RegistryValidation {
  const problems: Problem[] = [];
  const entries: RegistryEntry[] = [];
  const fail = (message: string) =>
    problems.push({
      code: 'invalid-registry',
      message: `${source}: ${message}`,
      range: { start: 0, end: 0 },
      severity: 'error',
    });
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { entries?: unknown }).entries)) {
    fail('expected an object with an "entries" array');
    return { entries, problems };
  }
  const seen = new Set<string>();
  (data as { entries: unknown[] }).entries.forEach((raw, index) => {
    const where = `entries[${index}]`;
    if (typeof raw !== 'object' || raw === null) return fail(`${where} is not an object`);
    const e = raw as Record<string, unknown>;
    const id = e.id;
    const label = typeof id === 'string' ? `${where} (${id})` : where;
    if (typeof id !== 'string' || !ENTRY_ID_PATTERN.test(id))
      return fail(`${label}: "id" must match ${ENTRY_ID_PATTERN.source}`);
    if (seen.has(id)) return fail(`${label}: the id is used twice`);
    if (!KINDS.includes(e.kind as NamedEntityKind)) return fail(`${label}: "kind" must be one of ${KINDS.join(', ')}`);
    const names = e.names as Record<string, unknown> | undefined;
    const list = (key: 'ja' | 'en' | 'vi' | 'ko'): string[] | undefined => {
      const value = names?.[key];
      if (value === undefined) return [];
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
    };
    const ja = list('ja');
    const en = list('en');
    const vi = list('vi');
    const ko = list('ko');
    if (!names || !ja || !en || !vi || !ko)
      return fail(`${label}: "names" must hold string lists ja, en (and optionally vi, ko)`);
    if (ja.length + en.length === 0) return fail(`${label}: give at least one Japanese or English name`);
    const acronyms = e.acronyms === undefined ? [] : e.acronyms;
    if (!Array.isArray(acronyms) || !acronyms.every((a) => typeof a === 'string'))
      return fail(`${label}: "acronyms" must be a list of strings`);
    if (typeof e.country !== 'string' || e.country.length === 0) return fail(`${label}: "country" is required`);
    const description = e.description as Record<string, unknown> | undefined;
    if (!description || typeof description.en !== 'string' || typeof description.ja !== 'string')
      return fail(`${label}: "description" needs "en" and "ja" sentences`);
    if (e.parent !== undefined && typeof e.parent !== 'string') return fail(`${label}: "parent" must be an id`);
    seen.add(id);
    entries.push({
      id,
      kind: e.kind as NamedEntityKind,
      names: { ja, en, ...(vi.length ? { vi } : {}), ...(ko.length ? { ko } : {}) },
      ...(acronyms.length ? { acronyms: acronyms as string[] } : {}),
      country: e.country,
      ...(typeof e.parent === 'string' ? { parent: e.parent } : {}),
      description: { en: description.en, ja: description.ja },
    });
  });
  return { entries, problems };
}
