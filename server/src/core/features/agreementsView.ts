/**
 * The "Agreements" view of the workspace: its agencies, programs, instruments, defined terms
 * and dates, each group sorted (most mentioned first; dates in time order), each entry with its
 * mention and document counts, and the mentions themselves on demand.
 *
 * `agreementsModel` reads the whole index once — the server builds it once per workspace
 * version, not per request — and `agreementsView` / `agreementsViewMentions` answer from it.
 * An entry's identity is the entity id for agencies, programs and instruments (so JAXA and
 * 宇宙航空研究開発機構 are one entry), the folded term for defined terms, and the ISO value for
 * dates (令和3年11月23日 and 2021年11月23日 are one day).
 */
import type { Registry } from '../registry/registry';
import { matchKey } from '../registry/nameMatcher';
import type { PositionRange, WorkspaceView } from '../workspace/workspaceIndex';
import type { Locale } from './featureContext';
import { searchKey } from './workspaceSymbols';

export const AGREEMENTS_VIEW_KINDS = ['agency', 'program', 'instrument', 'term', 'date'] as const;
export type AgreementsViewKind = (typeof AGREEMENTS_VIEW_KINDS)[number];

export interface AgreementsViewMention {
  readonly uri: string;
  readonly range: PositionRange;
  /** The mention as written. */
  readonly text: string;
  readonly isDefinition: boolean;
}

export interface AgreementsViewEntry {
  readonly kind: AgreementsViewKind;
  /** Stable within the workspace: the entity id, the folded term, the ISO value. */
  readonly key: string;
  /** What the row shows: the acronym or name, the term, the ISO date. */
  readonly name: string;
  /** The full name (for an acronym), the expansion of a term, the date as first written. */
  readonly detail: string | undefined;
  readonly mentions: number;
  readonly documents: number;
}

export interface AgreementsViewGroup {
  readonly kind: AgreementsViewKind;
  /** Entries of the group that match the filter (all of them, with no filter). */
  readonly total: number;
  /** The first `limit` of them. */
  readonly entries: readonly AgreementsViewEntry[];
}

export interface AgreementsView {
  readonly groups: readonly AgreementsViewGroup[];
  readonly documents: number;
}

/** Everything the view shows, read from the index once. */
export interface AgreementsModel {
  readonly documents: number;
  readonly entries: ReadonlyMap<AgreementsViewKind, readonly ModelEntry[]>;
}

interface ModelEntry {
  readonly entry: AgreementsViewEntry;
  /** Folded strings a filter is matched against. */
  readonly keys: readonly string[];
  readonly mentions: readonly AgreementsViewMention[];
}

interface Builder {
  kind: AgreementsViewKind;
  key: string;
  forms: Map<string, number>;
  mentions: AgreementsViewMention[];
  uris: Set<string>;
  detail: string | undefined;
}

export function agreementsModel(workspace: WorkspaceView, registry: Registry, locale: Locale): AgreementsModel {
  const builders = new Map<string, Builder>();
  const add = (kind: AgreementsViewKind, key: string, mention: AgreementsViewMention, detail?: string) => {
    const id = `${kind}\n${key}`;
    let builder = builders.get(id);
    if (!builder) builders.set(id, (builder = { kind, key, forms: new Map(), mentions: [], uris: new Set(), detail }));
    builder.forms.set(mention.text, (builder.forms.get(mention.text) ?? 0) + 1);
    builder.mentions.push(mention);
    builder.uris.add(mention.uri);
    builder.detail ??= detail;
  };
  const uris = workspace.uris();
  for (const uri of uris) {
    const document = workspace.get(uri);
    if (!document) continue;
    const definitionStarts = new Set(
      document.definitions.map((d) => `${d.termRange.start.line}:${d.termRange.start.character}`),
    );
    for (const m of document.mentions) {
      const isDefinition = definitionStarts.has(`${m.range.start.line}:${m.range.start.character}`);
      add(m.kind, m.id, { uri, range: m.range, text: m.text, isDefinition });
    }
    const expansions = new Map(document.definitions.map((d) => [matchKey(d.term), d.expansion]));
    for (const use of document.termUses) {
      const key = matchKey(use.term);
      add('term', key, { uri, range: use.range, text: use.term, isDefinition: use.isDefinition }, expansions.get(key));
    }
    for (const date of document.dates)
      add('date', date.value ?? `?${date.text}`, { uri, range: date.range, text: date.text, isDefinition: false });
  }

  const entries = new Map<AgreementsViewKind, ModelEntry[]>(AGREEMENTS_VIEW_KINDS.map((k) => [k, []]));
  for (const builder of builders.values()) {
    const mostWritten = [...builder.forms].sort((a, b) => b[1] - a[1])[0]![0];
    let name = mostWritten;
    let detail = builder.detail;
    const keys = [...builder.forms.keys()].map(searchKey);
    if (builder.kind === 'date') {
      name = builder.key.startsWith('?') ? mostWritten : builder.key;
      detail = mostWritten === name ? undefined : mostWritten;
    } else if (builder.kind !== 'term') {
      const registered = registry.get(builder.key);
      if (registered) {
        const full =
          locale === 'ja'
            ? (registered.names.ja[0] ?? registered.names.en[0])
            : (registered.names.en[0] ?? registered.names.ja[0]);
        const acronym = registered.acronyms?.[0];
        name = acronym ?? full ?? mostWritten;
        detail = full !== name ? full : undefined;
        for (const n of [registered.names.ja, registered.names.en, registered.acronyms ?? []].flat())
          keys.push(searchKey(n));
      } else {
        const other = [...builder.forms.keys()].find((f) => f !== mostWritten);
        detail = other;
      }
    }
    if (detail !== undefined) keys.push(searchKey(detail));
    const sorted = [...builder.mentions].sort(
      (a, b) =>
        (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    entries.get(builder.kind)!.push({
      entry: {
        kind: builder.kind,
        key: builder.key,
        name,
        detail,
        mentions: builder.mentions.length,
        documents: builder.uris.size,
      },
      keys: [searchKey(name), ...keys],
      mentions: sorted,
    });
  }
  for (const [kind, list] of entries)
    list.sort((a, b) =>
      kind === 'date'
        ? compareText(a.entry.key, b.entry.key)
        : b.entry.mentions - a.entry.mentions || compareText(a.entry.name, b.entry.name),
    );
  return { documents: uris.length, entries };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface AgreementsViewOptions {
  /** Keeps the entries one of whose names contains it (widths, case and spaces ignored). */
  readonly filter?: string;
  /** At most this many entries per group. */
  readonly limit?: number;
}

export function agreementsView(model: AgreementsModel, options: AgreementsViewOptions = {}): AgreementsView {
  const filter = searchKey(options.filter ?? '');
  const limit = Math.max(0, Math.floor(options.limit ?? 500));
  const groups = AGREEMENTS_VIEW_KINDS.map((kind) => {
    const all = model.entries.get(kind) ?? [];
    const matching = filter === '' ? all : all.filter((e) => e.keys.some((k) => k.includes(filter)));
    return { kind, total: matching.length, entries: matching.slice(0, limit).map((e) => e.entry) };
  });
  return { groups, documents: model.documents };
}

/** The mentions of one entry, in document order; none for an unknown entry. */
export function agreementsViewMentions(
  model: AgreementsModel,
  kind: AgreementsViewKind,
  key: string,
): readonly AgreementsViewMention[] {
  return model.entries.get(kind)?.find((e) => e.entry.key === key)?.mentions ?? [];
}
