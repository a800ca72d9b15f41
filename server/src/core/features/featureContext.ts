/**
 * What every editor feature is computed from: the document at hand, the workspace index
 * (every document, this one included), the registry in force and the user's language.
 * Features are pure functions of a context and an offset; the server builds the context.
 */
import type { AnalysedDocument } from '../analysis';
import type { Registry } from '../registry/registry';
import type { PositionRange, WorkspaceView } from '../workspace/workspaceIndex';

/** The display languages features write messages in. */
export type Locale = 'en' | 'ja';

export interface FeatureContext {
  readonly document: AnalysedDocument;
  readonly workspace: WorkspaceView;
  readonly registry: Registry;
  readonly locale: Locale;
}

/** A place in any document of the workspace. */
export interface DocumentLocation {
  readonly uri: string;
  readonly range: PositionRange;
}

/** An LSP-style locale (`ja`, `ja-JP`, `en-US`) → the language features write in. */
export function localeOf(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** A range of the current document as positions, for results that mix documents. */
export function locationIn(document: AnalysedDocument, range: { start: number; end: number }): DocumentLocation {
  return {
    uri: document.uri,
    range: { start: document.lines.positionAt(range.start), end: document.lines.positionAt(range.end) },
  };
}

/** The file name of a URI or path, decoded, for messages and details (`002_….txt`). */
export function fileNameOf(uri: string): string {
  const last =
    uri
      .replace(/[?#].*$/, '')
      .split(/[\\/]/)
      .pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
