/**
 * A workspace's own registry entries, in `.agreement/registry.yaml` or `.agreement/registry.json`,
 * with the schema of the built-in registry. YAML is a superset of JSON, so one parser reads
 * both and gives every problem a line. An invalid file never stops the built-in registry:
 * its valid entries are used and each problem is reported once, naming the file and line.
 */
import { isMap, isNode, isSeq, LineCounter, parseDocument } from 'yaml';
import { type RegistryEntry, validateRegistryData } from '../core/registry/registry';

export const WORKSPACE_REGISTRY_FILES = [
  '.agreement/registry.yaml',
  '.agreement/registry.yml',
  '.agreement/registry.json',
];

export interface RegistryFileProblem {
  /** Zero-based line of the problem. */
  readonly line: number;
  readonly message: string;
}

export interface WorkspaceRegistry {
  readonly entries: RegistryEntry[];
  readonly problems: RegistryFileProblem[];
}

/** Reads a workspace registry file's text. Never throws. */
export function parseWorkspaceRegistry(text: string): WorkspaceRegistry {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 0 : lineCounter.linePos(offset).line - 1);
  if (document.errors.length > 0) {
    return {
      entries: [],
      problems: document.errors.map((error) => ({
        line: lineOf(error.pos[0]),
        message: error.message.split('\n')[0] ?? error.message,
      })),
    };
  }
  const data: unknown = document.toJS();
  const validation = validateRegistryData(data ?? {}, 'registry');
  // Map each problem back to the line of the entry it names (`entries[3] (id): …`).
  const entriesNode = isMap(document.contents) ? document.contents.get('entries', true) : undefined;
  const problems = validation.problems.map((problem) => {
    const index = /entries\[(\d+)\]/.exec(problem.message)?.[1];
    let line = 0;
    if (index !== undefined && isSeq(entriesNode)) {
      const item = entriesNode.items[Number(index)];
      if (isNode(item)) line = lineOf(item.range?.[0]);
    }
    return { line, message: problem.message.replace(/^registry: /, '') };
  });
  return { entries: validation.entries, problems };
}
