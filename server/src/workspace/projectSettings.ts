/**
 * The project's own settings files, read the same way for the server and for agreement-lint:
 * `.agreement/config.json` (rule settings, known acronyms, the files to check) and
 * `.agreement/registry.yaml|yml|json` (registry entries). Each is read through the bounded
 * read (a regular file inside the project, at most SETTINGS_MAX_BYTES) and parsed inside a
 * guard; what comes back is values and problems, never an exception.
 *
 * Every problem names its file and line and is reported once per read. Callers that read
 * again and again — the server, at start, on a settings change, on every re-index — show
 * them through one ProblemNotifier, which shows a problem when it appears and not again
 * while it stays.
 */
import { existsSync, lstatSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Registry, RegistryEntry } from '../core/registry/registry';
import { parseRuleConfig, type RuleConfigLayer } from '../core/rules/ruleConfig';
import { jsonValueLines, lineOfJsonError, lineOfPath } from './jsonLocations';
import { readTextFile } from './readTextFile';
import { parseWorkspaceRegistry, WORKSPACE_REGISTRY_FILES } from './workspaceRegistry';

/** The project's rule settings, relative to a workspace folder. */
export const RULE_CONFIG_FILE = join('.agreement', 'config.json');

/**
 * The limit of one settings file: 2 MiB, ten times the built-in registry. The yaml library
 * parses about half a megabyte a second, so this also bounds how long a read can take.
 */
export const SETTINGS_MAX_BYTES = 2 * 1024 * 1024;

export interface SettingsProblem {
  /** The file, as an absolute path. */
  readonly file: string;
  /** 0-based line. */
  readonly line: number;
  readonly message: string;
  /**
   * `error` when a file that was asked for by name (`agreement-lint --config`) cannot be
   * read; every other problem is a `warning`: the rest of the settings still apply.
   */
  readonly severity: 'error' | 'warning';
  /** When the file could not be read at all: why (`no such file`, `not a regular file (a FIFO)`). */
  readonly readError?: string;
}

/** `file:line: message` with a 1-based line; `shownFile` replaces the path (relative paths in the CLI). */
export function formatSettingsProblem(problem: SettingsProblem, shownFile = problem.file): string {
  return `${shownFile}:${problem.line + 1}: ${problem.message}`;
}

export interface SettingsReadOptions {
  /** Per-file limit; SETTINGS_MAX_BYTES when absent. */
  readonly maxBytes?: number;
}

export interface RuleConfigRead {
  /** What the file sets; `{}` when there is none or it cannot be used. */
  readonly layer: RuleConfigLayer;
  /** The file the layer came from, when one was found. */
  readonly file: string | undefined;
  readonly problems: SettingsProblem[];
}

/**
 * The rule settings of a project: `explicit` when given (a path, relative to the first
 * root), else `.agreement/config.json` of the first root that has one. An explicit file
 * may be anywhere; a found one must be inside its root (a link out of it is refused).
 */
export function readRuleConfigLayer(
  roots: readonly string[],
  options: SettingsReadOptions & { readonly explicit?: string } = {},
): RuleConfigRead {
  const maxBytes = options.maxBytes ?? SETTINGS_MAX_BYTES;
  if (options.explicit !== undefined) {
    const file = isAbsolute(options.explicit) ? options.explicit : resolve(roots[0] ?? '.', options.explicit);
    return readConfigFile(file, { maxBytes }, 'error');
  }
  for (const root of roots) {
    const file = join(root, RULE_CONFIG_FILE);
    if (!present(file)) continue;
    return readConfigFile(file, { root, maxBytes }, 'warning');
  }
  return { layer: {}, file: undefined, problems: [] };
}

function readConfigFile(
  file: string,
  readOptions: { root?: string; maxBytes: number },
  unreadable: 'error' | 'warning',
): RuleConfigRead {
  const problems = new ProblemList(file);
  const read = readTextFile(file, readOptions);
  if (!read.ok) {
    problems.add(
      0,
      `cannot read the rule settings: ${read.error}; using the default rule settings`,
      unreadable,
      read.error,
    );
    return { layer: {}, file, problems: problems.list };
  }
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (error) {
    const reason = (error as Error).message.replace(/\s*\(line \d+ column \d+\)/, '');
    problems.add(lineOfJsonError(read.text, error), `not valid JSON (${reason}); using the default rule settings`);
    return { layer: {}, file, problems: problems.list };
  }
  const parsed = parseRuleConfig(json, file);
  if (parsed.located.length > 0) {
    const lines = jsonValueLines(read.text);
    for (const problem of parsed.located) problems.add(lineOfPath(lines, problem.path), problem.message);
  }
  return { layer: parsed.config, file, problems: problems.list };
}

export interface RegistryFileRead {
  readonly file: string;
  /** The valid entries of the file. */
  readonly entries: RegistryEntry[];
}

export interface RegistryRead {
  /** Each registry file found, in the order they apply (later files replace earlier ids). */
  readonly files: RegistryFileRead[];
  readonly problems: SettingsProblem[];
}

/** Every `.agreement/registry.yaml|yml|json` of every root, each read and parsed under the guards. */
export function readWorkspaceRegistries(roots: readonly string[], options: SettingsReadOptions = {}): RegistryRead {
  const maxBytes = options.maxBytes ?? SETTINGS_MAX_BYTES;
  const files: RegistryFileRead[] = [];
  const problems: SettingsProblem[] = [];
  for (const root of roots) {
    for (const relative of WORKSPACE_REGISTRY_FILES) {
      const file = join(root, relative);
      if (!present(file)) continue;
      const fileProblems = new ProblemList(file);
      const read = readTextFile(file, { root, maxBytes });
      if (!read.ok) {
        fileProblems.add(
          0,
          `cannot read the registry: ${read.error}; the built-in registry is still in use`,
          'warning',
          read.error,
        );
      } else {
        const parsed = parseWorkspaceRegistry(read.text);
        for (const problem of parsed.problems)
          fileProblems.add(problem.line, `${problem.message} (the built-in registry is still in use)`);
        files.push({ file, entries: parsed.entries });
      }
      for (const problem of fileProblems.list) problems.push(problem);
    }
  }
  return { files, problems };
}

/** `base` with the entries of every registry file, applied in order. */
export function extendRegistry(base: Registry, read: RegistryRead): Registry {
  let registry = base;
  for (const file of read.files) if (file.entries.length > 0) registry = registry.extend(file.entries);
  return registry;
}

export interface ProjectSettings {
  readonly ruleConfig: RuleConfigRead;
  readonly registry: RegistryRead;
  /** The problems of both, rule settings first. */
  readonly problems: SettingsProblem[];
}

/** Both settings files of a project at once (what agreement-lint needs). */
export function readProjectSettings(
  roots: readonly string[],
  options: SettingsReadOptions & { readonly explicitConfig?: string } = {},
): ProjectSettings {
  const ruleConfig = readRuleConfigLayer(roots, {
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.explicitConfig !== undefined ? { explicit: options.explicitConfig } : {}),
  });
  const registry = readWorkspaceRegistries(roots, options);
  const problems: SettingsProblem[] = [];
  for (const problem of ruleConfig.problems) problems.push(problem);
  for (const problem of registry.problems) problems.push(problem);
  return { ruleConfig, registry, problems };
}

/**
 * Shows each settings problem once. `report(scope, problems)` is called with everything a
 * read found (scope: `'config'`, `'registry'`, or a file); it shows the problems that were not
 * shown for that scope by the previous report, and forgets those that went away — so a
 * problem fixed and made again is shown again, and one that stays is not shown twice
 * however often the settings are read.
 */
export class ProblemNotifier {
  private readonly shown = new Map<string, Set<string>>();

  constructor(private readonly show: (message: string, problem: SettingsProblem | undefined) => void) {}

  report(scope: string, problems: readonly SettingsProblem[]): void {
    this.update(
      scope,
      problems.map((problem) => [formatSettingsProblem(problem), problem] as const),
    );
  }

  /** The same for problems that are only messages (the editor's settings: no file, no line). */
  reportMessages(scope: string, messages: readonly string[]): void {
    this.update(
      scope,
      messages.map((message) => [message, undefined] as const),
    );
  }

  private update(scope: string, messages: ReadonlyArray<readonly [string, SettingsProblem | undefined]>): void {
    const before = this.shown.get(scope) ?? new Set<string>();
    const now = new Set<string>();
    for (const [message, problem] of messages) {
      if (now.has(message)) continue;
      now.add(message);
      if (!before.has(message)) this.show(message, problem);
    }
    this.shown.set(scope, now);
  }
}

/** The problems of one file, each once (a parser may report the same thing twice). */
class ProblemList {
  readonly list: SettingsProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly file: string) {}

  add(line: number, message: string, severity: 'error' | 'warning' = 'warning', readError?: string): void {
    const key = `${line}\n${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ file: this.file, line, message, severity, ...(readError !== undefined ? { readError } : {}) });
  }
}

/** True when something is at `path`: a file, or a link even if it leads nowhere readable. */
function present(path: string): boolean {
  if (existsSync(path)) return true;
  try {
    // A dangling link is worth a warning: the user committed something there.
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
