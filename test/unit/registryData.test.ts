// Checks the built-in registry data (server/src/core/registry/data/registry.json): that it
// validates against its JSON Schema, that its ids and parent links are sound, that no name or
// acronym is claimed by two entries, that acronyms are safe to match anywhere in a text, that
// every country code has a display name (data/countries.json), and that it covers the
// agencies, programs and instruments of the gold annotations in ../shared/gold (when that
// folder is present).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const registryDir = join(repoRoot, 'server', 'src', 'core', 'registry');
const goldDir = join(__dirname, '..', '..', '..', 'shared', 'gold');

type Kind = 'agency' | 'program' | 'instrument';
interface Entry {
  id: string;
  kind: Kind;
  names: { ja: string[]; en: string[]; vi?: string[]; ko?: string[] };
  acronyms?: string[];
  country: string;
  parent?: string;
  description: { en: string; ja: string };
}
interface GoldEntity {
  kind: string;
  text: string;
  ref?: string;
  optional?: boolean;
}

const schema = JSON.parse(readFileSync(join(registryDir, 'registry.schema.json'), 'utf8')) as JsonSchema;
const countryNames = JSON.parse(readFileSync(join(registryDir, 'data', 'countries.json'), 'utf8')) as Record<
  string,
  { en?: string; ja?: string }
>;
const registry = JSON.parse(readFileSync(join(registryDir, 'data', 'registry.json'), 'utf8')) as { entries: Entry[] };
const entries = registry.entries;

const ID_PATTERN = /^[a-z0-9]+([.-][a-z0-9+]+)*$/;
const KINDS: readonly string[] = ['agency', 'program', 'instrument'];

/** The comparison key of the gold check: NFKC (full-width/half-width folded), whitespace dropped. */
function normalise(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, '');
}

/** Every surface form of an entry: its names in all languages, then its acronyms. */
function surfaceForms(e: Entry): string[] {
  return [...e.names.ja, ...e.names.en, ...(e.names.vi ?? []), ...(e.names.ko ?? []), ...(e.acronyms ?? [])];
}

/** Normalised surface form -> ids of the entries that have it. */
const index = new Map<string, Set<string>>();
for (const e of entries) {
  for (const form of surfaceForms(e)) {
    const key = normalise(form);
    let ids = index.get(key);
    if (!ids) index.set(key, (ids = new Set()));
    ids.add(e.id);
  }
}

// ---------------------------------------------------------------------------------------------
// A small validator for the subset of JSON Schema draft-07 that registry.schema.json uses
// (Ajv is deliberately not a dependency): type, required, properties, additionalProperties,
// items, enum, pattern, minLength, minItems, uniqueItems, anyOf and local $ref.

interface JsonSchema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  minItems?: number;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
}

function resolveRef(ref: string): JsonSchema {
  const m = /^#\/definitions\/(.+)$/.exec(ref);
  const target = m ? schema.definitions?.[m[1]!] : undefined;
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return target;
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function validate(value: unknown, s: JsonSchema, path: string, errors: string[]): void {
  if (s.$ref) return validate(value, resolveRef(s.$ref), path, errors);
  if (s.type && typeOf(value) !== s.type && !(s.type === 'number' && typeOf(value) === 'integer')) {
    errors.push(`${path}: expected ${s.type}, got ${typeOf(value)}`);
    return;
  }
  if (s.enum && !s.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) {
      errors.push(`${path}: ${JSON.stringify(value)} does not match ${s.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
    if (s.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      errors.push(`${path}: items are not unique`);
    }
    if (s.items) value.forEach((v, i) => validate(v, s.items!, `${path}[${i}]`, errors));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in obj)) errors.push(`${path}: missing required ${key}`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = s.properties?.[key];
      if (sub) validate(v, sub, `${path}.${key}`, errors);
      else if (s.additionalProperties === false) errors.push(`${path}: unexpected property ${key}`);
    }
  }
  if (s.anyOf) {
    const ok = s.anyOf.some((alt) => {
      const sub: string[] = [];
      validate(value, alt, path, sub);
      return sub.length === 0;
    });
    if (!ok) errors.push(`${path}: matches none of the anyOf alternatives`);
  }
}

// ---------------------------------------------------------------------------------------------

test('the registry validates against registry.schema.json', () => {
  const errors: string[] = [];
  validate(registry, schema, '$', errors);
  assert.deepEqual(errors, []);
});

test('the schema and this test agree on the id pattern and the kinds', () => {
  const entry = resolveRef('#/definitions/entry');
  assert.equal(entry.properties?.id?.pattern, ID_PATTERN.source);
  assert.deepEqual(entry.properties?.kind?.enum, KINDS);
  assert.equal(entry.additionalProperties, false);
});

test('the registry has at least 200 entries', () => {
  assert.ok(entries.length >= 200, `only ${entries.length} entries`);
});

test('ids are unique and match the id pattern', () => {
  const seen = new Set<string>();
  for (const e of entries) {
    assert.match(e.id, ID_PATTERN, `bad id ${e.id}`);
    assert.ok(!seen.has(e.id), `duplicate id ${e.id}`);
    seen.add(e.id);
  }
});

test('every entry has a known kind, a name, a country and a description in en and ja', () => {
  for (const e of entries) {
    assert.ok(KINDS.includes(e.kind), `${e.id}: kind ${e.kind}`);
    assert.ok(e.names.ja.length + e.names.en.length > 0, `${e.id}: no ja or en name`);
    assert.match(e.country, /^[A-Z0-9+]+(-[A-Z0-9+]+)*$/, `${e.id}: country ${e.country}`);
    assert.ok(e.description.en.trim().length > 0, `${e.id}: empty en description`);
    assert.ok(e.description.ja.trim().length > 0, `${e.id}: empty ja description`);
    // Names are written as texts write them: no surrounding brackets or quotes, no stray spaces.
    for (const form of surfaceForms(e)) {
      assert.equal(form, form.trim(), `${e.id}: untrimmed name ${JSON.stringify(form)}`);
      assert.doesNotMatch(form, /^[「『“"(（]|[」』”")）]$/u, `${e.id}: bracketed name ${form}`);
    }
  }
});

test('every parent is the id of another entry, and parent chains do not loop', () => {
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const e of entries) {
    if (e.parent === undefined) continue;
    assert.notEqual(e.parent, e.id, `${e.id} is its own parent`);
    assert.ok(byId.has(e.parent), `${e.id}: unknown parent ${e.parent}`);
    const chain = new Set([e.id]);
    for (let p: string | undefined = e.parent; p !== undefined; p = byId.get(p)?.parent) {
      assert.ok(!chain.has(p), `${e.id}: parent cycle through ${p}`);
      chain.add(p);
    }
  }
});

/**
 * Surface forms that several real bodies share, so a text can only be resolved by its context
 * (the country the text is about). Each is the standard English abbreviation of more than one
 * national ministry in the registry, and leaving it out of some entries would be arbitrary:
 *   MOFA — the foreign ministries of Japan, Korea and Viet Nam;
 *   MOF  — the finance ministries of Japan and Viet Nam;
 *   MOJ  — the justice ministries of Japan and Viet Nam;
 *   MND  — the defence ministries of Korea and Viet Nam.
 * Any other name or acronym claimed by two entries is a data error.
 */
const SHARED_FORMS = new Set(['MOFA', 'MOF', 'MOJ', 'MND']);

test('no name or acronym belongs to two entries (except the shared ministry abbreviations)', () => {
  // Case is folded too, so that e.g. "Artemis" and "ARTEMIS" would count as the same form.
  const owners = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const form of surfaceForms(e)) {
      const key = normalise(form).toLowerCase();
      let ids = owners.get(key);
      if (!ids) owners.set(key, (ids = new Set()));
      ids.add(e.id);
    }
  }
  const clashes = [...owners]
    .filter(([key, ids]) => ids.size > 1 && !SHARED_FORMS.has(key.toUpperCase()))
    .map(([key, ids]) => `${key}: ${[...ids].join(', ')}`);
  assert.deepEqual(clashes, []);
  for (const form of SHARED_FORMS) {
    assert.ok((owners.get(form.toLowerCase())?.size ?? 0) > 1, `${form} is no longer shared; drop it from the list`);
  }
});

test('every part of every country code has an English and a Japanese display name', () => {
  const missing = new Set<string>();
  for (const e of entries) {
    for (const part of e.country.split('-')) {
      const names = countryNames[part];
      if (!names?.en?.trim() || !names.ja?.trim()) missing.add(`${part} (${e.id})`);
    }
  }
  assert.deepEqual([...missing], [], 'country codes without a name in data/countries.json');
});

test('every acronym has at least two capital letters or digits', () => {
  // The matcher finds acronyms anywhere in any text, so an acronym must look like one (`KfW`,
  // `G7`, `A*STAR`): with a single capital (`Bappenas`, `Kominfo`) it is a word, and belongs
  // among the names if anywhere.
  const weak = entries.flatMap((e) =>
    (e.acronyms ?? []).filter((a) => (a.match(/[A-Z0-9]/g) ?? []).length < 2).map((a) => `${e.id}: ${a}`),
  );
  assert.deepEqual(weak, []);
});

/**
 * Abbreviations left out of the registry on purpose, because in agreement texts they mostly
 * mean something else and the matcher would tie every use to the wrong body:
 *   EPA  — economic partnership agreement (日越EPA), not only the US Environmental Protection Agency;
 *   BOT  — build-operate-transfer, not the Bank of Thailand;
 *   MEA  — multilateral environmental agreement, not India's Ministry of External Affairs;
 *   MPA  — marine protected area, not the Maritime and Port Authority of Singapore;
 *   BRI  — the Belt and Road Initiative, not Japan's Building Research Institute;
 *   ADF  — the Asian Development Fund of the ADB, not only the Australian Defence Force;
 *   DOT  — directly observed treatment and the word "dot", not only the US Department of Transportation;
 *   SEC  — section headings (`SEC. 2`), not only the US Securities and Exchange Commission;
 *   JOIN — the English word in capitalised treaty text;
 *   MITI — Japan's former ministry and Malaysia's current one alike;
 *   ICC  — the International Criminal Court and the International Chamber of Commerce alike;
 *   NIS  — the Newly Independent States in older texts, not only Korea's intelligence service.
 */
const AMBIGUOUS_ABBREVIATIONS = ['EPA', 'BOT', 'MEA', 'MPA', 'BRI', 'ADF', 'DOT', 'SEC', 'JOIN', 'MITI', 'ICC', 'NIS'];

test('abbreviations that mostly mean something else are not registry acronyms', () => {
  const found = entries.flatMap((e) =>
    surfaceForms(e)
      .filter((form) => AMBIGUOUS_ABBREVIATIONS.includes(normalise(form)))
      .map((form) => `${e.id}: ${form}`),
  );
  assert.deepEqual(found, []);
});

// ---------------------------------------------------------------------------------------------
// Coverage of the gold annotations.

/**
 * Gold mentions that are document-local defined terms, not names of one real thing: a
 * memorandum that calls itself "MOC" or "MOU" (GUIDELINES: `MOC` "when it names this
 * memorandum"), or "協力に関する覚書" (memorandum of cooperation), which is the generic part
 * of a longer title. Putting them in the registry would tie every memorandum in every text to
 * one entry; the recogniser resolves them through the document's own definitions instead.
 */
const DOCUMENT_LOCAL = new Set(['MOC', 'MOU', '協力に関する覚書'].map(normalise));

const REGISTRY_KINDS = new Set(['agency', 'program', 'instrument']);

function loadGold(): { file: string; entities: GoldEntity[] }[] {
  return readdirSync(goldDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const gold = JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as { entities: GoldEntity[] };
      return { file: f, entities: gold.entities.filter((e) => REGISTRY_KINDS.has(e.kind)) };
    });
}

test('every non-optional gold agency, program and instrument is in the registry', (t) => {
  if (!existsSync(goldDir)) {
    t.skip(`no gold folder at ${goldDir}`);
    return;
  }
  const missing = new Set<string>();
  const wrongKind = new Set<string>();
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const { file, entities } of loadGold()) {
    for (const g of entities) {
      const key = normalise(g.text);
      if (g.optional || DOCUMENT_LOCAL.has(key)) continue;
      const ids = index.get(key);
      if (!ids) {
        missing.add(`${file}: ${g.kind} ${JSON.stringify(g.text)} (ref ${g.ref})`);
        continue;
      }
      for (const id of ids) {
        if (byId.get(id)?.kind !== g.kind)
          wrongKind.add(`${file}: ${JSON.stringify(g.text)} is ${g.kind} in gold, ${id} is not`);
      }
    }
  }
  assert.deepEqual([...missing], [], 'gold mentions not found in the registry');
  assert.deepEqual([...wrongKind], [], 'gold mentions whose registry entry has another kind');
});

test('gold mentions of one ref map to one registry entry, and different refs to different entries', (t) => {
  if (!existsSync(goldDir)) {
    t.skip(`no gold folder at ${goldDir}`);
    return;
  }
  // ref -> registry ids its found mentions map to (refs are global across documents).
  const refToIds = new Map<string, Map<string, string[]>>();
  for (const { entities } of loadGold()) {
    for (const g of entities) {
      if (g.ref === undefined) continue;
      const ids = index.get(normalise(g.text));
      if (!ids) continue; // optional or document-local mentions may be absent
      let found = refToIds.get(g.ref);
      if (!found) refToIds.set(g.ref, (found = new Map()));
      for (const id of ids) found.set(id, [...(found.get(id) ?? []), g.text]);
    }
  }
  const split = [...refToIds]
    .filter(([, ids]) => ids.size > 1)
    .map(
      ([ref, ids]) =>
        `${ref}: ${[...ids].map(([id, texts]) => `${id} (${[...new Set(texts)].join(', ')})`).join(' / ')}`,
    );
  assert.deepEqual(split, [], 'one gold ref found as several registry entries');

  const idToRefs = new Map<string, Set<string>>();
  for (const [ref, ids] of refToIds) {
    for (const id of ids.keys()) idToRefs.set(id, (idToRefs.get(id) ?? new Set()).add(ref));
  }
  const merged = [...idToRefs]
    .filter(([, refs]) => refs.size > 1)
    .map(([id, refs]) => `${id}: ${[...refs].join(', ')}`);
  assert.deepEqual(merged, [], 'several gold refs found as one registry entry');
});
