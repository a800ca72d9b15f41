/**
 * Keeps one `AnalysedDocument` per open document version, analysed on first use. A new
 * version replaces the old analysis whole.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseDocument, type AnalysedDocument } from './core/analysis';
import { stripByteOrderMark } from './core/text/lineIndex';

export class AnalysisCache {
  private readonly analyses = new Map<string, AnalysedDocument>();

  get(document: TextDocument): AnalysedDocument {
    const cached = this.analyses.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    // Editors normally strip the byte-order mark; a client that keeps it would shift every
    // offset by one, so it is blanked to a space of the same length instead of removed.
    const raw = document.getText();
    const text = raw.charCodeAt(0) === 0xfeff ? ` ${stripByteOrderMark(raw)}` : raw;
    const analysis = analyseDocument(document.uri, text, document.version);
    this.analyses.set(document.uri, analysis);
    return analysis;
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
  }
}
