/**
 * Helpers for features that read records of other documents from the workspace index: the
 * index makes records from its compact rows each time they are asked for, so a feature that
 * needs the same document's records several times asks once and keeps them for the request.
 */
import type { IndexedDefinition, WorkspaceView } from '../workspace/workspaceIndex';

/** The definitions of a document of the workspace, made once per document for as long as the returned function is kept. */
export function definitionsOfDocuments(workspace: WorkspaceView): (uri: string) => readonly IndexedDefinition[] {
  const made = new Map<string, readonly IndexedDefinition[]>();
  return (uri) => {
    let definitions = made.get(uri);
    if (!definitions) made.set(uri, (definitions = workspace.get(uri)?.definitions ?? []));
    return definitions;
  };
}
