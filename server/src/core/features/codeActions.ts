/**
 * Quick fixes for diagnostics, from the fix data each finding carries: spell out an acronym
 * at its first use, replace an undefined term or a wrong weekday, close a bracket, renumber
 * a sibling sequence together with every internal reference to it; and "fix all" of one
 * kind, or of every kind, in the file. Pure: edits are ranges and text.
 */
import type { AnalysedDocument } from '../analysis';
import type { Diagnostic, FixData, RuleCode } from '../rules/ruleTypes';
import type { Clause } from '../structure/clauseStructure';
import { isKanji, isKatakana, isLatinAlphanumeric } from '../text/characterClasses';
import { toKanjiNumber } from '../text/japaneseNumerals';
import type { TextRange } from '../types';
import type { Locale } from './featureContext';

export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

export interface CodeAction {
  readonly title: string;
  readonly kind: 'quickfix' | 'source.fixAll';
  /** The diagnostics the action fixes. */
  readonly fixes: readonly Diagnostic[];
  /** Edits in the current document, not overlapping, in document order. */
  readonly edits: readonly TextEdit[];
  /**
   * A change of the project's `.agreement/config.json` instead (`edits` is then empty): the
   * server turns it into an edit of that file (`workspace/projectConfigEdits.ts`).
   */
  readonly configChange?: ConfigChange;
  readonly isPreferred?: boolean;
}

/** What a reviewer's quick fix changes in the project's configuration. */
export type ConfigChange =
  | { readonly kind: 'known-acronym'; readonly acronym: string }
  | { readonly kind: 'ignore'; readonly rule: RuleCode; readonly text: string };

const TITLES = {
  en: {
    spellOut: (acronym: string, expansion: string) => `Spell out ${acronym} as ${expansion} (${acronym})`,
    replace: (from: string, to: string) => `Replace ${from} with ${to}`,
    replaceEvery: (from: string, to: string, count: number) => `Replace all ${count} uses of ${from} with ${to}`,
    close: (bracket: string) => `Close the bracket with ${bracket}`,
    renumber: (count: number) => `Renumber the ${count} clauses of this sequence and the references to them`,
    fixAllOfKind: (code: string, count: number) => `Fix all ${count} ${code} problems in this file`,
    fixAll: 'Fix all auto-fixable agreement problems',
    knownAcronym: (acronym: string) => `Add ${acronym} to the project's known acronyms (.agreement/config.json)`,
    ignore: (code: string, about: string) => `Ignore ${code} for “${about}” in this project (.agreement/config.json)`,
  },
  ja: {
    spellOut: (acronym: string, expansion: string) => `${acronym} を ${expansion}(${acronym}) と正式名称で書く`,
    replace: (from: string, to: string) => `${from} を ${to} に置き換える`,
    replaceEvery: (from: string, to: string, count: number) => `${from} を ${to} に置き換える（${count}か所すべて）`,
    close: (bracket: string) => `${bracket} で括弧を閉じる`,
    renumber: (count: number) => `この連番の${count}項目と、それらへの参照を振り直す`,
    fixAllOfKind: (code: string, count: number) => `このファイルの ${code} をすべて修正（${count}件）`,
    fixAll: '自動修正できる問題をすべて修正',
    knownAcronym: (acronym: string) => `${acronym} をプロジェクトの既知の略語に加える（.agreement/config.json）`,
    ignore: (code: string, about: string) =>
      `このプロジェクトでは「${about}」の ${code} を無視する（.agreement/config.json）`,
  },
} as const;

/** The edits that fix one diagnostic, or undefined when it has no automatic fix. */
export function editsFor(document: AnalysedDocument, diagnostic: Diagnostic): TextEdit[] | undefined {
  const fix = diagnostic.fix;
  if (!fix) return undefined;
  switch (fix.kind) {
    case 'spell-out': {
      // English names take a space before the bracket: Asia Zero Emission Community (AZEC).
      const open = /[A-Za-z0-9.]$/.test(fix.expansion) ? ' (' : '(';
      return [
        { range: { start: diagnostic.range.start, end: diagnostic.range.start }, newText: `${fix.expansion}${open}` },
        closeAfter(diagnostic.range),
      ];
    }
    case 'replace':
      if (diagnostic.code === 'undefined-term') return everyUse(document.text, diagnostic.range, fix.replacement);
      return [{ range: diagnostic.range, newText: fix.replacement }];
    case 'insert':
      return [{ range: { start: fix.offset, end: fix.offset }, newText: fix.text }];
    case 'renumber':
      return renumberEdits(document, fix.clauses);
  }
}

/**
 * The edits replacing every use of the word an `undefined-term` finding is about, from the
 * finding (its first use) to the end of the document. The rule reports a word once, at its
 * first use, but what it asks for — write 両者, not 両当事者 — holds for every use, so one fix
 * (and fix-all) replaces them all. A use is the word standing on its own, as the rule reads it:
 * in English not inside a longer word, the capitalised form too (The Parties → The
 * Participants); in Japanese not the end of a longer word (a kanji or katakana before it), and
 * for the document's name for itself (本協定) not the start of a longer one (本協定書).
 */
function everyUse(text: string, first: TextRange, replacement: string): TextEdit[] {
  const written = text.slice(first.start, first.end);
  if (written.length === 0) return [{ range: first, newText: replacement }];
  const english = /^[A-Za-z]/.test(written);
  const selfName = /^(?:本|この)/.test(written);
  const flipped = english
    ? (written.charAt(0) === written.charAt(0).toUpperCase()
        ? written.charAt(0).toLowerCase()
        : written.charAt(0).toUpperCase()) + written.slice(1)
    : undefined;
  const edits: TextEdit[] = [];
  for (const form of flipped && flipped !== written ? [written, flipped] : [written]) {
    const newText =
      form === written
        ? replacement
        : (form.charAt(0) === form.charAt(0).toUpperCase()
            ? replacement.charAt(0).toUpperCase()
            : replacement.charAt(0).toLowerCase()) + replacement.slice(1);
    for (let at = text.indexOf(form, first.start); at >= 0; at = text.indexOf(form, at + form.length)) {
      const before = text.charAt(at - 1);
      const after = text.charAt(at + form.length);
      const alone = english
        ? !isLatinAlphanumeric(before) && !isLatinAlphanumeric(after)
        : !isKanji(before) && !isKatakana(before) && !(selfName && isKanji(after));
      if (alone || at === first.start) edits.push({ range: { start: at, end: at + form.length }, newText });
    }
  }
  return edits.sort((a, b) => a.range.start - b.range.start);
}

function closeAfter(range: TextRange): TextEdit {
  return { range: { start: range.end, end: range.end }, newText: ')' };
}

function titleFor(document: AnalysedDocument, diagnostic: Diagnostic, fix: FixData, locale: Locale): string {
  const titles = TITLES[locale];
  switch (fix.kind) {
    case 'spell-out':
      return titles.spellOut(fix.acronym, fix.expansion);
    case 'replace': {
      const written = document.text.slice(diagnostic.range.start, diagnostic.range.end);
      const count = diagnostic.code === 'undefined-term' ? everyUse(document.text, diagnostic.range, '').length : 1;
      return count > 1
        ? titles.replaceEvery(written, fix.replacement, count)
        : titles.replace(written, fix.replacement);
    }
    case 'insert':
      return titles.close(fix.text);
    case 'renumber':
      return titles.renumber(fix.clauses.length);
  }
}

/**
 * The actions offered for the diagnostics under the cursor (`inRange`), plus, for each kind
 * with more than one fixable diagnostic in the file, a "fix all of this kind" action.
 */
export function codeActionsFor(
  document: AnalysedDocument,
  all: readonly Diagnostic[],
  inRange: readonly Diagnostic[],
  locale: Locale,
  offerConfigChanges = false,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of inRange) {
    const edits = editsFor(document, diagnostic);
    if (!edits || !diagnostic.fix) continue;
    actions.push({
      title: titleFor(document, diagnostic, diagnostic.fix, locale),
      kind: 'quickfix',
      fixes: [diagnostic],
      edits,
      isPreferred: true,
    });
  }
  const codes = new Set(inRange.filter((d) => d.fix).map((d) => d.code));
  for (const code of codes) {
    const ofKind = all.filter((d) => d.code === code && d.fix);
    if (ofKind.length < 2) continue;
    const combined = combine(document, ofKind);
    actions.push({ title: TITLES[locale].fixAllOfKind(code, combined.fixes.length), kind: 'quickfix', ...combined });
  }
  if (offerConfigChanges) for (const action of reviewerActions(inRange, locale)) actions.push(action);
  return actions;
}

/**
 * The reviewer's way out when a finding is still wrong: make an acronym known to the project,
 * or ignore the finding there (a rule and the text it is about) — changes of
 * `.agreement/config.json`, which the server and agreement-lint both read.
 */
function reviewerActions(inRange: readonly Diagnostic[], locale: Locale): CodeAction[] {
  const actions: CodeAction[] = [];
  const offered = new Set<string>();
  for (const diagnostic of inRange) {
    const about = diagnostic.about.trim();
    if (about === '' || offered.has(`${diagnostic.code}\u0000${about}`)) continue;
    offered.add(`${diagnostic.code}\u0000${about}`);
    const action = (title: string, configChange: ConfigChange): CodeAction => ({
      title,
      kind: 'quickfix',
      fixes: [diagnostic],
      edits: [],
      configChange,
    });
    if (diagnostic.code === 'undefined-acronym')
      actions.push(action(TITLES[locale].knownAcronym(about), { kind: 'known-acronym', acronym: about }));
    actions.push(
      action(TITLES[locale].ignore(diagnostic.code, about), { kind: 'ignore', rule: diagnostic.code, text: about }),
    );
  }
  return actions;
}

/** One action applying every automatic fix in the file that does not collide with another. */
export function fixAllAction(
  document: AnalysedDocument,
  all: readonly Diagnostic[],
  locale: Locale,
): CodeAction | undefined {
  const combined = combine(
    document,
    all.filter((d) => d.fix),
  );
  return combined.edits.length === 0 ? undefined : { title: TITLES[locale].fixAll, kind: 'source.fixAll', ...combined };
}

/** Merges the edits of several fixes, dropping any fix whose edits overlap one already taken. */
function combine(
  document: AnalysedDocument,
  diagnostics: readonly Diagnostic[],
): { fixes: Diagnostic[]; edits: TextEdit[] } {
  const taken: TextEdit[] = [];
  const fixes: Diagnostic[] = [];
  const seenRenumber = new Set<string>();
  for (const diagnostic of diagnostics) {
    // A renumbering fixes the whole sequence: one per sequence, however many findings it has.
    if (diagnostic.fix?.kind === 'renumber') {
      const key = diagnostic.fix.clauses.join(',');
      if (seenRenumber.has(key)) {
        fixes.push(diagnostic);
        continue;
      }
      seenRenumber.add(key);
    }
    const edits = editsFor(document, diagnostic);
    if (!edits) continue;
    // Two findings of one word (両当事者 reported twice) make the same edits: the second is fixed by the first.
    if (edits.every((e) => taken.some((t) => sameEdit(e, t)))) {
      fixes.push(diagnostic);
      continue;
    }
    if (edits.some((e) => taken.some((t) => overlaps(e.range, t.range)))) continue;
    for (const edit of edits) taken.push(edit);
    fixes.push(diagnostic);
  }
  return { fixes, edits: taken.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end) };
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.range.start === b.range.start && a.range.end === b.range.end && a.newText === b.newText;
}

/** Two edits collide when their ranges overlap, or when both insert at the same place. */
function overlaps(a: TextRange, b: TextRange): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Renumbers a sibling sequence from its first number upwards, keeping each label's script
 * (１．, (3), 第四条), and rewrites the absolute references in the document that point at a
 * renumbered clause. Relative references (前条) need no change.
 */
function renumberEdits(document: AnalysedDocument, sequence: readonly number[]): TextEdit[] {
  const clauses = document.structure.clauses;
  const members = sequence.map((i) => clauses[i]).filter((c): c is Clause => c !== undefined && c.number.length > 0);
  if (members.length === 0) return [];
  const first = members[0]!.number[0]!;
  const edits: TextEdit[] = [];
  const renumbered = new Map<number, { from: number; to: number }>();
  members.forEach((clause, i) => {
    const from = clause.number[0]!;
    const to = first + i;
    if (from === to) return;
    renumbered.set(clause.index, { from, to });
    edits.push({ range: clause.labelRange, newText: withNumber(clause.label, from, to) });
  });
  for (const { reference, resolution } of document.clauseReferences) {
    if (reference.kind !== 'absolute' || resolution.status !== 'resolved') continue;
    const change = renumbered.get(resolution.target);
    if (!change) continue;
    const newText = withNumber(reference.text, change.from, change.to);
    if (newText !== reference.text) edits.push({ range: reference.range, newText });
  }
  return edits.sort((a, b) => a.range.start - b.range.start);
}

/** Replaces the first written form of `from` in a label or reference with `to`, in the same script. */
export function withNumber(text: string, from: number, to: number): string {
  const ascii = String(from);
  const fullWidth = ascii.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const kanji = toKanjiNumber(from);
  for (const [written, replacement] of [
    [ascii, String(to)],
    [fullWidth, String(to).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))],
    [kanji, toKanjiNumber(to)],
  ] as const) {
    const at = findNumber(text, written);
    if (at >= 0) return text.slice(0, at) + replacement + text.slice(at + written.length);
  }
  return text;
}

/** The first place `written` stands as a whole number (not part of a longer one). */
function findNumber(text: string, written: string): number {
  const digit = /[0-9０-９〇一二三四五六七八九十百千]/;
  for (let at = text.indexOf(written); at >= 0; at = text.indexOf(written, at + 1)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + written.length);
    if (!digit.test(before) && !digit.test(after)) return at;
  }
  return -1;
}

/** Codes whose findings carry fixes, for the server's code action kinds. */
export const FIXABLE_CODES: readonly RuleCode[] = [
  'undefined-acronym',
  'undefined-term',
  'weekday-mismatch',
  'unbalanced-bracket',
  'numbering-gap',
  'numbering-duplicate',
];
