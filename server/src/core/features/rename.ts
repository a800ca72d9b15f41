/**
 * Rename of a defined term: a `hereinafter` or quoted term (両者, MOC, "the Participants"), or
 * an acronym the document defines itself (VNSC, LLM) that the registry does not know. A
 * registry name (JAXA), a date, a clause label or reference, or any other text cannot be
 * renamed, and `prepareRenameAt` says why in the user's language.
 *
 * The rename edits the definition and every use in this document, and in each other
 * workspace document that defines the same term or mentions the same acronym entity. The
 * index keeps no text, so the caller supplies the texts of other documents (`textOf`: open
 * buffers, else the files on disk); a document whose text it cannot give is left unchanged.
 */
import { matchKey, NameMatcher } from '../registry/nameMatcher';
import { LineIndex } from '../text/lineIndex';
import type { Definition, TextRange } from '../types';
import { definedTermUses } from './definedTerms';
import { definitionInForce, navigationTargetAt, type PositionRange } from './definition';
import type { FeatureContext, Locale } from './featureContext';

export type PrepareRenameResult = { range: TextRange; placeholder: string } | { error: string };

export interface TextEdit {
  readonly range: PositionRange;
  readonly newText: string;
}

export type RenameResult = { changes: Record<string, TextEdit[]> } | { error: string };

const MESSAGES = {
  registry: {
    en: (name: string) => `${name} is a registry name; it cannot be renamed here.`,
    ja: (name: string) => `${name} はレジストリに登録された名称のため、ここでは名前を変更できません。`,
  },
  date: {
    en: () => 'A date cannot be renamed.',
    ja: () => '日付は名前を変更できません。',
  },
  label: {
    en: () => 'A clause label cannot be renamed.',
    ja: () => '条項の番号は名前を変更できません。',
  },
  reference: {
    en: () => 'A clause reference cannot be renamed.',
    ja: () => '条項の参照は名前を変更できません。',
  },
  notDefined: {
    en: (name: string) => `${name} is not defined in this document; only defined terms can be renamed.`,
    ja: (name: string) => `${name} はこの文書で定義されていないため、名前を変更できません（定義語のみ変更できます）。`,
  },
  nothing: {
    en: () => 'Only a defined term or an acronym defined in this document can be renamed.',
    ja: () => '名前を変更できるのは、定義語又はこの文書で定義された略称のみです。',
  },
  empty: {
    en: () => 'The new name is empty.',
    ja: () => '新しい名前が空です。',
  },
  lineBreak: {
    en: () => 'The new name cannot contain a line break.',
    ja: () => '新しい名前に改行を含めることはできません。',
  },
  bracket: {
    en: (c: string) => `The new name cannot contain the bracket ${c}.`,
    ja: (c: string) => `新しい名前に括弧「${c}」を含めることはできません。`,
  },
} satisfies Record<string, Record<Locale, (arg: string) => string>>;

const FORBIDDEN = /[「」『』()（）]/;

type Renamable = { definition: Definition; range: TextRange; placeholder: string } | { error: string };

function renamableAt(context: FeatureContext, offset: number): Renamable {
  const { document, registry, locale } = context;
  const message = (key: keyof typeof MESSAGES, arg = '') => ({ error: MESSAGES[key][locale](arg) });
  const target = navigationTargetAt(document, offset);
  if (target.reference) return message('reference');
  if (target.label) return message('label');
  if (target.date) return message('date');
  const use = target.termUse;
  if (use) {
    const definition = definitionInForce(document, use.term, use.range.start) ?? use.definition;
    const placeholder = document.text.slice(use.range.start, use.range.end);
    if (isAcronymDefinition(definition) && registry.lookup(definition.term).length > 0)
      return message('registry', placeholder);
    return { definition, range: use.range, placeholder };
  }
  const mention = target.mention;
  if (mention) {
    if (mention.source === 'registry' || registry.lookup(mention.text).length > 0)
      return message('registry', mention.text);
    return message('notDefined', mention.text);
  }
  return message('nothing');
}

function isAcronymDefinition(definition: Definition): boolean {
  return definition.form === 'acronym-after' || definition.form === 'acronym-before';
}

export function prepareRenameAt(context: FeatureContext, offset: number): PrepareRenameResult {
  const found = renamableAt(context, offset);
  return 'error' in found ? found : { range: found.range, placeholder: found.placeholder };
}

export function renameAt(
  context: FeatureContext,
  offset: number,
  newName: string,
  textOf?: (uri: string) => string | undefined,
): RenameResult {
  const { document, workspace, locale } = context;
  const found = renamableAt(context, offset);
  if ('error' in found) return found;
  const invalid = validateName(newName, locale);
  if (invalid) return { error: invalid };

  const term = found.definition.term;
  const key = matchKey(term);
  // Built in a Map, returned as an object (the protocol's shape) by Object.fromEntries, which
  // defines own properties: a URI is never looked up in, or assigned through, a prototype.
  const changes = new Map<string, TextEdit[]>();
  const here = definedTermUses(document)
    .filter((u) => matchKey(u.term) === key)
    .map((u) => u.range);
  changes.set(document.uri, editsOf(document.lines, here, newName));

  // Other documents that define the term, or mention the entity the acronym names.
  const uris = new Set(workspace.definitionsOf(term).map((d) => d.uri));
  const mention = document.entities.find(
    (m) => m.range.start === found.definition.termRange.start && m.range.end === found.definition.termRange.end,
  );
  if (mention) for (const m of workspace.mentionsOf(mention.id)) uris.add(m.uri);
  uris.delete(document.uri);
  if (textOf) {
    const matcher = new NameMatcher<true>();
    matcher.add(term, true);
    for (const uri of [...uris].sort()) {
      const text = safeText(textOf, uri);
      if (text === undefined) continue;
      const ranges = matcher.findAll(text).map((m) => m.range);
      if (ranges.length > 0) changes.set(uri, editsOf(new LineIndex(text), ranges, newName));
    }
  }
  return { changes: Object.fromEntries(changes) };
}

function safeText(textOf: (uri: string) => string | undefined, uri: string): string | undefined {
  try {
    const text = textOf(uri);
    return typeof text === 'string' ? text.replace(/^\uFEFF/, '') : undefined;
  } catch {
    return undefined;
  }
}

function editsOf(lines: LineIndex, ranges: readonly TextRange[], newText: string): TextEdit[] {
  return ranges.map((r) => ({
    range: { start: lines.positionAt(r.start), end: lines.positionAt(r.end) },
    newText,
  }));
}

/** Why a new name is not acceptable, or undefined when it is. */
function validateName(newName: string, locale: Locale): string | undefined {
  if (newName.trim().length === 0) return MESSAGES.empty[locale]();
  if (/[\r\n\u2028\u2029]/.test(newName)) return MESSAGES.lineBreak[locale]();
  const bracket = FORBIDDEN.exec(newName);
  if (bracket) return MESSAGES.bracket[locale](bracket[0]);
  return undefined;
}
