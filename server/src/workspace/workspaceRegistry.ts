/**
 * A workspace's own registry entries, in `.agreement/registry.yaml` or `.agreement/registry.json`,
 * with the schema of the built-in registry. YAML is a superset of JSON, so one parser reads
 * both and gives every problem a line. An invalid file never stops the built-in registry:
 * its valid entries are used and each problem is reported once, naming the file and line.
 *
 * The file comes from the workspace, so parsing is guarded: the yaml library's alias limit
 * is raised from its default (100 uses of one anchor, which ordinary files reach) to a bound
 * that still stops an exponential "billion laughs", the number of aliases and anchors is
 * capped (the library resolves each alias by a scan of the others), the expanded data must
 * stay under a number of values (aliases share structure, the registry would not), and any
 * exception of the library — a limit it enforces, a stack overflow on absurd nesting —
 * becomes one problem on a line.
 */
import { isAlias, isMap, isNode, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
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

/** At most this many alias uses (`*name`) and anchors (`&name`) in one file. */
export const MAX_YAML_ALIASES = 1_000;
/** The yaml library's `maxAliasCount`: uses of an anchor × the aliases inside it. */
export const MAX_ALIAS_EXPANSION = 10_000;
/** At most this many values (strings, numbers, list and map nodes) once aliases are expanded. */
export const MAX_EXPANDED_VALUES = 500_000;

/** Reads a workspace registry file's text. Never throws. */
export function parseWorkspaceRegistry(text: string): WorkspaceRegistry {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number | undefined) => (offset === undefined ? 0 : lineCounter.linePos(offset).line - 1);
  try {
    return parseGuarded(text, lineCounter, lineOf);
  } catch (error) {
    // The library's own limits throw, and so would a stack overflow on absurdly deep nesting.
    const reason =
      error instanceof RangeError && /call stack/.test(error.message) ? 'nested too deeply' : reasonOf(error);
    return {
      entries: [],
      problems: [{ line: 0, message: `cannot read the file: ${reason}; its entries are ignored` }],
    };
  }
}

function parseGuarded(
  text: string,
  lineCounter: LineCounter,
  lineOf: (offset: number | undefined) => number,
): WorkspaceRegistry {
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      entries: [],
      problems: document.errors.map((error) => ({
        line: lineOf(error.pos[0]),
        message: error.message.split('\n')[0] ?? error.message,
      })),
    };
  }
  const aliases = aliasProblem(document, lineOf);
  if (aliases) return { entries: [], problems: [aliases] };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (error) {
    return {
      entries: [],
      problems: [{ line: firstAliasLine(document, lineOf), message: `${reasonOf(error)}; its entries are ignored` }],
    };
  }
  if (countValues(data, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES)
    return {
      entries: [],
      problems: [
        {
          line: firstAliasLine(document, lineOf),
          message: `its aliases expand to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values; its entries are ignored`,
        },
      ],
    };
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

/** A problem when the document has more aliases or anchors than MAX_YAML_ALIASES. */
function aliasProblem(
  document: Document,
  lineOf: (offset: number | undefined) => number,
): RegistryFileProblem | undefined {
  let aliases = 0;
  let anchors = 0;
  let line = 0;
  visit(document, {
    Node(_key, node) {
      if (isAlias(node)) aliases++;
      else if (node.anchor !== undefined) anchors++;
      if (aliases + anchors === MAX_YAML_ALIASES + 1) line = lineOf(node.range?.[0]);
      return aliases > MAX_YAML_ALIASES || anchors > MAX_YAML_ALIASES ? visit.BREAK : undefined;
    },
  });
  if (aliases <= MAX_YAML_ALIASES && anchors <= MAX_YAML_ALIASES) return undefined;
  return {
    line,
    message: `more than ${MAX_YAML_ALIASES.toLocaleString('en')} YAML ${aliases > MAX_YAML_ALIASES ? 'aliases' : 'anchors'}; its entries are ignored`,
  };
}

/** The line of the first alias of the document (0 when it has none). */
function firstAliasLine(document: Document, lineOf: (offset: number | undefined) => number): number {
  let line = 0;
  visit(document, {
    Alias(_key, node) {
      line = lineOf(node.range?.[0]);
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * The number of values in parsed data, a value shared through an alias counted at each use:
 * the size of what validation would walk. Iterative, and it stops counting past `limit`.
 */
function countValues(data: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0 && count <= limit) {
    const value = stack.pop();
    count++;
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stack.push(item);
  }
  return count;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The library's message for its alias limit, in words that say what to change.
  if (/Excessive alias count/.test(message))
    return `its aliases expand too much (more than ${MAX_ALIAS_EXPANSION.toLocaleString('en')} uses)`;
  return message.split('\n')[0] ?? message;
}
