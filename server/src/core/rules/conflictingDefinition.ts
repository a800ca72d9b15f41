/**
 * `conflicting-definition`: one term or acronym given two different expansions.
 *
 * - In one document (ベトナム宇宙センター(VNSC) … ベトナム国家宇宙センター(VNSC)): a warning
 *   at the later definition's term, pointing to the first.
 * - Across the workspace (the same term defined otherwise in another document): a hint at
 *   the document's first definition of it, pointing to the other document's.
 *
 * Expansions are the same when equal after `matchKey` (widths and spaces ignored) or when one
 * ends the other (the recogniser may start a Japanese name later than the writer meant);
 * across documents, also when the registry knows both as names of one entry. Expansions in different scripts (an
 * English and a Japanese name) are translations, not conflicts. Acronyms that name a kind
 * of document (L/A, MOU — `categoryAcronyms` of nameForms.json) are meant to be redefined
 * for each document they name. Each 附則 (supplementary provisions) of a statute is its own
 * scope: an amending act's provisions legitimately redefine terms. The terms every instrument
 * defines for itself — its parties (甲, 乙, 両者, the Parties) and itself (本覚書, this
 * Agreement; `documentLocalTerms` of termFamilies.json) — never conflict across documents.
 */
import { fileNameOf } from '../features/featureContext';
import type { AnalysedDocument } from '../analysis';
import { locationIn } from '../features/featureContext';
import nameForms from '../recognise/data/nameForms.json';
import type { Registry } from '../registry/registry';
import { innermostClauseAt } from '../structure/clauseStructure';
import { matchKey } from '../registry/nameMatcher';
import type { Definition } from '../types';
import vocabulary from './data/termFamilies.json';
import type { Finding, Rule } from './ruleTypes';

const LOCAL = vocabulary.documentLocalTerms;
const PARTY_WORDS = new Set(vocabulary.partyFamilies.flatMap((f) => f.words.map((w) => matchKey(w))));
const LOCAL_ENGLISH = new RegExp(`^(?:(?:${LOCAL.enArticles.join('|')}) )?(?:${LOCAL.enHeads.join('|')})$`);

/** A term an instrument defines for itself: a party (甲, 両者, the Parties) or the instrument (本覚書, this Agreement). */
function isDocumentLocal(term: string): boolean {
  const t = term.trim();
  if (LOCAL.jaPartyLetters.includes(t) || PARTY_WORDS.has(matchKey(t))) return true;
  if (LOCAL.jaPrefixes.some((p) => t.startsWith(p) && t.length <= p.length + 6)) return true;
  return LOCAL_ENGLISH.test(t);
}

const CATEGORY_ACRONYMS = new Set(nameForms.categoryAcronyms.map((a) => matchKey(a)));
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

export const conflictingDefinitionRule: Rule = {
  code: 'conflicting-definition',
  defaultSeverity: 'warning',
  summary: 'A term or acronym given two different expansions, in one document or across the workspace.',
  check({ document, workspace, registry }) {
    const findings: Finding[] = [];
    const scopes = scopeOf(document);
    const groups = new Map<string, Definition[]>();
    for (const d of comparableDefinitions(document)) {
      const key = matchKey(d.term);
      // A translation is no conflict: an expansion is compared with those in the same script
      // (アジア・ゼロエミッション共同体(AZEC) and AZEC(Asia Zero Emission Community) in one bilingual text).
      const script = JAPANESE.test(d.expansion) ? 'ja' : 'latin';
      const group = `${scopes(d)}\u0000${key}\u0000${script}`;
      const list = groups.get(group);
      if (list) list.push(d);
      else groups.set(group, [d]);
    }

    for (const definitions of groups.values()) {
      // Each definition is compared with the group's first one, and an expansion is reported
      // once: linear however many definitions one term has.
      const first = definitions[0]!;
      const reported = new Set<string>();
      for (const d of definitions.slice(1)) {
        const key = matchKey(d.expansion).toLowerCase();
        if (sameText(first.expansion, d.expansion) || reported.has(key)) continue;
        reported.add(key);
        const earlier = first;
        const line = earlier.line + 1;
        findings.push({
          code: 'conflicting-definition',
          range: d.termRange,
          about: d.term,
          message: {
            en: `${d.term} is defined here as ${d.expansion}, but line ${line} defined it as ${earlier.expansion}: use one expansion for one term, or give the other thing its own term.`,
            ja: `${d.term} はここで「${d.expansion}」と定義されていますが、${line} 行目では「${earlier.expansion}」と定義されています。一つの用語には一つの正式名称を用いるか、別のものには別の略語を与えてください。`,
          },
          related: [
            {
              location: locationIn(document, earlier.termRange),
              message: {
                en: `The first definition of ${earlier.term}: ${earlier.expansion}.`,
                ja: `${earlier.term} の最初の定義:「${earlier.expansion}」`,
              },
            },
          ],
        });
      }
    }

    // Across the workspace: one hint per term, at this document's first definition of it.
    const firstOf = new Map<string, Definition[]>();
    for (const d of comparableDefinitions(document)) {
      const key = matchKey(d.term);
      const list = firstOf.get(key);
      if (list) list.push(d);
      else firstOf.set(key, [d]);
    }
    for (const [, own] of firstOf) {
      const first = own[0]!;
      if (isDocumentLocal(first.term)) continue;
      const others = workspace
        .definitionsOf(first.term)
        .filter((o) => o.uri !== document.uri && matchKey(o.expansion).length > 0);
      const comparable = others.filter((o) => JAPANESE.test(o.expansion) === JAPANESE.test(first.expansion));
      if (comparable.length === 0) continue;
      // A conflict only when no definition here agrees with any definition there.
      const agrees = comparable.some((o) => own.some((d) => sameExpansion(d.expansion, o.expansion, d.term, registry)));
      if (agrees) continue;
      const other = comparable[0]!;
      const file = fileNameOf(other.uri);
      findings.push({
        code: 'conflicting-definition',
        severity: 'hint',
        range: first.termRange,
        about: first.term,
        message: {
          en: `${first.term} is defined here as ${first.expansion}, but ${file} defines it as ${other.expansion}: check that both documents mean the same thing.`,
          ja: `${first.term} はここで「${first.expansion}」と定義されていますが、${file} では「${other.expansion}」と定義されています。両文書が同じものを指しているか確認してください。`,
        },
        related: [
          {
            location: { uri: other.uri, range: other.termRange },
            message: {
              en: `${other.term} is defined here as ${other.expansion}.`,
              ja: `${other.term} はここで「${other.expansion}」と定義されています。`,
            },
          },
        ],
      });
    }
    return findings.sort((a, b) => a.range.start - b.range.start);
  },
};

/**
 * The definitions that can conflict: not a category acronym (L/A), not a pointer to a
 * definition elsewhere (`第四十一条の十五に規定する検査業務` defines 検査業務 as itself), not
 * a definition inside quoted text (a statute quoting the words it amends).
 */
function comparableDefinitions(document: AnalysedDocument): Definition[] {
  const depths = quoteDepths(
    document,
    document.definitions.map((d) => d.expansionRange.start),
  );
  return document.definitions.filter((d) => {
    const term = matchKey(d.term);
    const expansion = matchKey(d.expansion);
    if (CATEGORY_ACRONYMS.has(term) || expansion.length === 0) return false;
    if (expansion.length > term.length && expansion.endsWith(term)) return false;
    return depths.get(d.expansionRange.start) === 0;
  });
}

/**
 * How many 「 are open at each of `offsets`, counted from the start of its line,, in one sweep: the offsets in order, the count carried on
 * from one offset to the next of the same line. A count from the line start for every
 * definition is quadratic on a whole agreement written on one line.
 */
export function quoteDepths(document: AnalysedDocument, offsets: readonly number[]): Map<number, number> {
  const depths = new Map<number, number>();
  const text = document.text;
  let pos = 0;
  let depth = 0;
  for (const offset of [...new Set(offsets)].sort((a, b) => a - b)) {
    const start = document.lines.lineStart(document.lines.positionAt(offset).line);
    if (start > pos) {
      pos = start;
      depth = 0;
    }
    for (; pos < offset; pos++) {
      const c = text.charAt(pos);
      if (c === '「' || c === '『') depth++;
      else if ((c === '」' || c === '』') && depth > 0) depth--;
    }
    depths.set(offset, depth);
  }
  return depths;
}

/** Same text: equal after matchKey (letter case ignored), or one ending the other. */
function sameText(a: string, b: string): boolean {
  const ka = matchKey(a).toLowerCase();
  const kb = matchKey(b).toLowerCase();
  return ka === kb || ka.endsWith(kb) || kb.endsWith(ka);
}

/**
 * Across documents, also two names of one registry entry: documents written apart may
 * name one thing differently; inside one document, the text should keep one name.
 */
function sameExpansion(a: string, b: string, term: string, registry: Registry): boolean {
  if (sameText(a, b)) return true;
  const ka = matchKey(a);
  const kb = matchKey(b);
  const entriesA = new Set(registry.lookup(a).map((n) => n.entry.id));
  if (registry.lookup(b).some((n) => entriesA.has(n.entry.id))) return true;
  // Both names of the entry the term itself names.
  for (const { entry } of registry.lookup(term)) {
    const names = [...entry.names.ja, ...entry.names.en].map((n) => matchKey(n));
    if (names.includes(ka) && names.includes(kb)) return true;
  }
  return false;
}

/**
 * The scope of a definition: the clause holding it for `以下この条において「X」という`
 * (この条, この項, この号…), else the 附則 division holding it, else the main provisions.
 */
function scopeOf(document: AnalysedDocument): (d: Definition) => string {
  const clauses = document.structure.clauses;
  const divisions = clauses.filter((c) => c.level === 0 && /^附[\s\u3000]*則/.test(c.heading ?? c.summary));
  return (d) => {
    const between = document.text.slice(d.expansionRange.end, d.termRange.start);
    if (/この(?:条|項|号|款|目|節|章|附則)(?:及び[^「]{0,20})?において/.test(between)) {
      const line = document.lines.positionAt(d.termRange.start).line;
      return `clause:${innermostClauseAt(clauses, line) ?? -1}`;
    }
    const offset = d.termRange.start;
    const division = divisions.find((c) => c.range.start <= offset && offset <= c.range.end);
    return `division:${division ? division.index : -1}`;
  };
}
