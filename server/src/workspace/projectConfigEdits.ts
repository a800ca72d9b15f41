/**
 * Edits of the project's `.agreement/config.json` that the reviewer's quick fixes make (the
 * core's `ConfigChange`): add an acronym to `knownAcronyms`, or an entry to `ignore`. The edit
 * is made the way VS Code edits its own settings files (jsonc-parser's `modify`): the other
 * keys, their values and their order stay as they were, and only the object that changes is
 * laid out anew. A file that does not exist yet is created with just that key; a file that is
 * not a JSON object is never touched. Pure: the caller reads the file and applies the edit.
 */
import { type EditResult, modify, type Node, parseTree } from 'jsonc-parser';
import type { ConfigChange, TextEdit } from '../core/features/codeActions';
import type { RuleCode } from '../core/rules/ruleTypes';

/** The project's configuration file as the caller found it: `text` undefined when it does not exist. */
export interface ProjectConfigFile {
  readonly uri: string;
  readonly text: string | undefined;
}

/** Edits of the configuration file; `create` when the file must be created first (with empty text). */
export interface ConfigFileEdit {
  readonly uri: string;
  readonly create: boolean;
  readonly edits: readonly TextEdit[];
}

const FORMATTING = { insertSpaces: true, tabSize: 2, eol: '\n' } as const;

/** The edit making `change`; undefined when it is made already or the file is not a JSON object. */
export function configChangeEdit(file: ProjectConfigFile, change: ConfigChange): ConfigFileEdit | undefined {
  return change.kind === 'known-acronym'
    ? addKnownAcronymEdit(file, change.acronym)
    : addIgnoreEdit(file, change.rule, change.text);
}

/** Adds `acronym` to `knownAcronyms`; undefined when it is there already or the file is not a JSON object. */
export function addKnownAcronymEdit(file: ProjectConfigFile, acronym: string): ConfigFileEdit | undefined {
  const current = readObject(file.text);
  if (current === undefined) return undefined;
  const known = current.get('knownAcronyms');
  if (Array.isArray(known) && known.includes(acronym)) return undefined;
  const path = Array.isArray(known) ? ['knownAcronyms', -1] : ['knownAcronyms'];
  const value = Array.isArray(known) ? acronym : [acronym];
  return editOf(file, modify(file.text ?? '', path, value, { formattingOptions: FORMATTING, isArrayInsertion: true }));
}

/** Adds `{ rule, text }` to `ignore`; undefined when an equal entry is there already or the file is not a JSON object. */
export function addIgnoreEdit(file: ProjectConfigFile, rule: RuleCode, text: string): ConfigFileEdit | undefined {
  const current = readObject(file.text);
  if (current === undefined) return undefined;
  const ignore = current.get('ignore');
  const present =
    Array.isArray(ignore) &&
    ignore.some(
      (e: unknown) => e instanceof Map && e.get('rule') === rule && e.get('text') === text && !e.has('files'),
    );
  if (present) return undefined;
  const entry = { rule, text };
  const path = Array.isArray(ignore) ? ['ignore', -1] : ['ignore'];
  const value = Array.isArray(ignore) ? entry : [entry];
  return editOf(file, modify(file.text ?? '', path, value, { formattingOptions: FORMATTING, isArrayInsertion: true }));
}

/**
 * The keys of the file's top-level object (none for a missing or empty file), with arrays as
 * arrays and their objects as maps, or undefined when the text is not a JSON object: a broken
 * file is never rewritten by a quick fix. Maps, not objects: the keys are the user's text.
 */
function readObject(text: string | undefined): Map<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return new Map();
  const errors: Array<{ error: number; offset: number; length: number }> = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  if (!tree || tree.type !== 'object' || errors.length > 0) return undefined;
  const out = new Map<string, unknown>();
  for (const [key, value] of propertiesOf(tree)) {
    if (value.type !== 'array') out.set(key, value.value);
    else
      out.set(
        key,
        (value.children ?? []).map((item) =>
          item.type === 'object' ? new Map([...propertiesOf(item)].map(([k, v]) => [k, v.value])) : item.value,
        ),
      );
  }
  return out;
}

function propertiesOf(node: Node): Array<[string, Node]> {
  const out: Array<[string, Node]> = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && typeof key.value === 'string' && value) out.push([key.value, value]);
  }
  return out;
}

function editOf(file: ProjectConfigFile, result: EditResult): ConfigFileEdit {
  const create = file.text === undefined;
  const edits = result.map((e) => ({ range: { start: e.offset, end: e.offset + e.length }, newText: e.content }));
  // A new file ends with a newline, as editors write files.
  if (create || file.text === '') {
    const last = edits[edits.length - 1];
    if (last && !last.newText.endsWith('\n')) edits[edits.length - 1] = { ...last, newText: last.newText + '\n' };
  }
  return { uri: file.uri, create, edits };
}
