/**
 * `unresolved-document-reference`: an instrument the text cites by its title in quotes
 * (「…に関する協定」, 『…覚書』) that nobody can find. A quoted title is found when:
 *
 * - the registry knows it (the mention came from the registry, or `registry.lookup`);
 * - this document has it elsewhere outside quotes — in its list of signed documents, or
 *   in running text (a list item `6. …「衛星データ交換に関する協定」` counts too when the
 *   title is the item's subject);
 * - it is this document's own name (a definition of the document, its title);
 * - a workspace document has it as its title;
 * - another workspace document mentions the same entity.
 *
 * Otherwise the reader has a title and no document: a finding at the quoted title.
 */
import type { AnalysedDocument } from '../analysis';
import { matchKey } from '../registry/nameMatcher';
import type { EntityMention } from '../types';
import type { Finding, Rule, RuleContext } from './ruleTypes';

const OPENING = new Set(['「', '『']);
const CLOSING = new Set(['」', '』']);

export const unresolvedDocumentReferenceRule: Rule = {
  code: 'unresolved-document-reference',
  defaultSeverity: 'warning',
  summary:
    'An instrument cited by its title in quotes that matches nothing in the document, the workspace or the registry.',
  check(context) {
    const { document } = context;
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const mention of document.entities) {
      if (mention.kind !== 'instrument' || mention.source !== 'pattern') continue;
      if (!isQuoted(document.text, mention) || !looksLikeTitle(mention.text)) continue;
      if (isQuotedWording(document.text, mention)) continue;
      if (
        document.definitions.some(
          (d) => d.termRange.start <= mention.range.start && mention.range.end <= d.termRange.end,
        )
      )
        continue;
      const key = matchKey(mention.text);
      if (key.length === 0 || reported.has(key)) continue;
      if (isResolved(context, mention, key)) continue;
      reported.add(key);
      findings.push({
        code: 'unresolved-document-reference',
        range: mention.range,
        about: mention.text,
        message: {
          en: `「${mention.text}」 is cited by title but matches no document: it is not in this document's list of documents, in the workspace or in the registry. Check the title, or add the document to the workspace or to .agreement/registry.yaml.`,
          ja: `「${mention.text}」は題名で引用されていますが、対応する文書が見つかりません(本文書の文書一覧、ワークスペース、レジストリのいずれにもありません)。題名を確認するか、文書をワークスペースまたは .agreement/registry.yaml に加えてください。`,
        },
      });
    }
    return findings;
  },
};

/** The mention is the whole of a 「…」 or 『…』. */
function isQuoted(text: string, mention: EntityMention): boolean {
  let start = mention.range.start;
  let end = mention.range.end;
  while (start > 0 && /[ \u3000]/.test(text.charAt(start - 1))) start--;
  while (end < text.length && /[ \u3000]/.test(text.charAt(end))) end++;
  return OPENING.has(text.charAt(start - 1)) && CLOSING.has(text.charAt(end));
}

/**
 * A title names a document: it does not begin with a particle or a punctuation mark
 * (「と対象契約」), holds no sentence punctuation and no wording of a provision
 * (規定する, 場合, 当該), and its brackets balance.
 */
function looksLikeTitle(title: string): boolean {
  const first = title.charAt(0);
  if (/[\u3041-\u309f、。，,・(（)）]/.test(first)) return false;
  if (/[、。，]/.test(title) || /規定(?:する|による)|場合|当該|同法|同条|同項/.test(title)) return false;
  const opened = (title.match(/[(（]/g) ?? []).length;
  const closed = (title.match(/[)）]/g) ?? []).length;
  return opened === closed && title.length <= 120;
}

/** Words quoted to be amended or read otherwise (「…」を「…」に改める, 「…」とあるのは「…」), or a term being defined (「…」という). */
function isQuotedWording(text: string, mention: EntityMention): boolean {
  const after = text.slice(mention.range.end + 1, mention.range.end + 8);
  const before = text.slice(Math.max(0, mention.range.start - 8), mention.range.start - 1);
  return (
    /^(?:を「|と、「|とあるのは|を削|に改め|中「|の下に「|とする。|という|と総称|と称)/.test(after) ||
    /(?:」を|」と、|とあるのは|中)$/.test(before)
  );
}

function isResolved(context: RuleContext, mention: EntityMention, key: string): boolean {
  const { document, workspace, registry } = context;
  if (registry.lookup(mention.text).length > 0) return true;
  // An entry of the document's own list of signed documents, or cited elsewhere in it.
  if (isListItem(document, mention.range.start) || appearsElsewhere(document, mention, key)) return true;
  if (document.definitions.some((d) => matchKey(d.expansion) === key || matchKey(d.term) === key)) return true;
  if (workspace.documentCountOf(mention.id) > 1) return true;
  if (workspace.mentionsOf(mention.id).some((m) => m.uri !== document.uri)) return true;
  for (const uri of workspace.uris()) {
    if (uri === document.uri) continue;
    const title = workspace.get(uri)?.title;
    if (!title) continue;
    const titleKey = matchKey(title);
    if (titleKey === key || (key.length >= 6 && titleKey.includes(key))) return true;
  }
  return false;
}

/** Another occurrence of the title in this document that is not itself the whole of a quotation. */
function appearsElsewhere(document: AnalysedDocument, mention: EntityMention, key: string): boolean {
  const text = document.text;
  let at = text.indexOf(mention.text);
  while (at >= 0) {
    if (at !== mention.range.start) {
      const other = { ...mention, range: { start: at, end: at + mention.text.length } };
      if (!isQuoted(text, other) || isListItem(document, at)) return true;
    }
    at = text.indexOf(mention.text, at + 1);
  }
  // Written with other widths or spaces (（ICT） for (ICT)): compare line by line.
  const lines = text.split(/\r\n|\r|\n/);
  const own = document.lines.positionAt(mention.range.start).line;
  return lines.some((line, index) => index !== own && isListLine(line) && matchKey(line).includes(key));
}

/** The title is on a numbered line of its own: a list of signed documents. */
function isListItem(document: AnalysedDocument, offset: number): boolean {
  const line = document.lines.positionAt(offset).line;
  const start = document.lines.lineStart(line);
  return isListLine(document.text.slice(start, document.lines.lineEnd(line)));
}

function isListLine(line: string): boolean {
  return /^[\s\u3000]*(?:[0-9０-９]{1,3}[.．、)）]|[(（][0-9０-９]{1,3}[)）])/.test(line);
}
