/**
 * Rule settings as people write them — `.agreement/config.json`, the editor's `agreement.rules`
 * and `agreement.knownAcronyms` settings, `agreement-lint --rule` — validated and merged into
 * the `RuleConfig` the engine takes. Pure: the callers read the files.
 *
 * The file (`config.schema.json` is its JSON Schema):
 *
 * ```json
 * {
 *   "rules": { "undefined-acronym": "off", "invalid-date": "error" },
 *   "knownAcronyms": ["JICA", "NEDO"],
 *   "knownAcronymsReplaceDefaults": false,
 *   "files": ["texts/**\/*.txt"],
 *   "ignore": [
 *     { "rule": "undefined-acronym", "text": "DCM" },
 *     { "rule": "unresolved-clause-reference", "files": ["archive/**"] }
 *   ]
 * }
 * ```
 *
 * `ignore` is the reviewer's way out of a finding that is still wrong: each entry names a rule
 * and what to drop — the findings about one text (the acronym, the reference as written), or
 * every finding of the rule in the files matching its globs, or both together. Entries of all
 * layers add up.
 *
 * Merging: layers are applied in order (defaults, then the project's file, then the command
 * line or the editor's settings), and for each rule the last layer that names it wins.
 * `knownAcronyms` of a layer ADD to the acronyms before it — a project lists its own (JICA,
 * NEDO) without repeating the built-in ones (AI, UN, ASEAN…) — unless the same layer sets
 * `"knownAcronymsReplaceDefaults": true`, in which case its list replaces everything before
 * it. `files` of the last layer that gives them wins.
 */
import { isRuleCode, isSeveritySetting } from './runRules';
import { RULE_CODES, type RuleCode, type RuleConfig, type SeveritySetting } from './ruleTypes';

/** One layer of settings: only what it names. */
export interface RuleConfigLayer {
  readonly severities?: Partial<Record<RuleCode, SeveritySetting>>;
  readonly knownAcronyms?: readonly string[];
  /** When true, this layer's `knownAcronyms` replace the earlier layers' instead of adding to them. */
  readonly knownAcronymsReplaceDefaults?: boolean;
  /** Globs (relative to the project directory) of the agreement files to check. */
  readonly files?: readonly string[];
  /** Findings the reviewer has judged wrong: by rule, and text or file globs. */
  readonly ignore?: readonly IgnoreEntry[];
}

/** One entry of `ignore`: the findings of `rule` about `text`, in the files matching `files` (both optional, not both absent). */
export interface IgnoreEntry {
  readonly rule: RuleCode;
  readonly text?: string;
  /** Globs relative to the project directory. */
  readonly files?: readonly string[];
}

/** The settings in force after merging: what the engine needs, plus the files to check. */
export interface MergedRuleConfig extends RuleConfig {
  readonly files: readonly string[] | undefined;
  /** Every layer's `ignore` entries; `RuleConfig.ignore` holds those that apply to one file. */
  readonly ignoreEntries: readonly IgnoreEntry[];
}

export interface ParsedRuleConfig {
  readonly config: RuleConfigLayer;
  /** One line per problem, each starting with the source and naming the key. */
  readonly problems: string[];
  /** The same problems without the source, each with the path of the value it is about. */
  readonly located: ConfigProblem[];
}

/** A problem of a configuration, at the value it is about: `['rules', 'numbering-gap']`, `['files', 2]`. */
export interface ConfigProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** The keys of the configuration file, for messages. `$schema` and `$comment` are allowed too. */
export const CONFIG_KEYS = ['rules', 'knownAcronyms', 'knownAcronymsReplaceDefaults', 'files', 'ignore'] as const;

const SEVERITY_LIST = 'error, warning, info, hint or off';

/**
 * Validates a parsed configuration file (or settings object). Every problem is reported once,
 * naming the key; everything valid still applies.
 */
export function parseRuleConfig(json: unknown, source: string): ParsedRuleConfig {
  const located: ConfigProblem[] = [];
  const report = (path: ReadonlyArray<string | number>, message: string) => located.push({ path, message });
  const result = (config: RuleConfigLayer): ParsedRuleConfig => ({
    config,
    problems: located.map((problem) => `${source}: ${problem.message}`),
    located,
  });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    report([], `the configuration must be a JSON object, not ${describe(json)}`);
    return result({});
  }
  const config: {
    severities?: Partial<Record<RuleCode, SeveritySetting>>;
    knownAcronyms?: string[];
    knownAcronymsReplaceDefaults?: boolean;
    files?: string[];
    ignore?: IgnoreEntry[];
  } = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    switch (key) {
      case '$schema':
      case '$comment':
        break;
      case 'rules': {
        const parsed = locatedSeverities(value, 'rules');
        for (const problem of parsed.located) report(['rules', ...problem.path], problem.message);
        config.severities = parsed.severities;
        break;
      }
      case 'knownAcronyms':
      case 'files': {
        const parsed = parseStringList(value, key);
        for (const problem of parsed.problems) report([key, ...problem.path], problem.message);
        if (parsed.list) config[key] = parsed.list;
        break;
      }
      case 'knownAcronymsReplaceDefaults':
        if (typeof value === 'boolean') config.knownAcronymsReplaceDefaults = value;
        else report([key], `'knownAcronymsReplaceDefaults' must be true or false, not ${describe(value)}`);
        break;
      case 'ignore': {
        const parsed = parseIgnoreList(value);
        for (const problem of parsed.problems) report(['ignore', ...problem.path], problem.message);
        config.ignore = parsed.entries;
        break;
      }
      default:
        report([key], `unknown key '${key}' (known keys: ${CONFIG_KEYS.join(', ')})`);
    }
  }
  return result(config);
}

/**
 * Validates a map of rule code → severity (the `rules` key of the file, the editor's
 * `agreement.rules` setting). `where` names it in messages.
 */
export function parseSeverities(
  value: unknown,
  where: string,
): { severities: Partial<Record<RuleCode, SeveritySetting>>; problems: string[] } {
  const parsed = locatedSeverities(value, where);
  return { severities: parsed.severities, problems: parsed.located.map((problem) => problem.message) };
}

/** parseSeverities with each problem's path below `where`. */
function locatedSeverities(
  value: unknown,
  where: string,
): { severities: Partial<Record<RuleCode, SeveritySetting>>; located: ConfigProblem[] } {
  const severities: Partial<Record<RuleCode, SeveritySetting>> = {};
  const located: ConfigProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    located.push({ path: [], message: `'${where}' must be an object of rule code → severity, not ${describe(value)}` });
    return { severities, located };
  }
  for (const [code, severity] of Object.entries(value as Record<string, unknown>)) {
    if (!isRuleCode(code)) {
      located.push({ path: [code], message: `${where}: unknown rule '${code}' (rules: ${RULE_CODES.join(', ')})` });
    } else if (!isSeveritySetting(severity)) {
      located.push({
        path: [code],
        message: `${where}.${code}: ${describe(severity)} is not a severity (${SEVERITY_LIST})`,
      });
    } else {
      severities[code] = severity;
    }
  }
  return { severities, located };
}

/** Validates the `ignore` list; a bad entry is reported and skipped, the good ones kept. */
function parseIgnoreList(value: unknown): { entries: IgnoreEntry[]; problems: ConfigProblem[] } {
  const entries: IgnoreEntry[] = [];
  const problems: ConfigProblem[] = [];
  if (!Array.isArray(value)) {
    problems.push({
      path: [],
      message: `'ignore' must be a list of entries like { "rule": "undefined-acronym", "text": "DCM" }, not ${describe(value)}`,
    });
    return { entries, problems };
  }
  value.forEach((item: unknown, index) => {
    const at = (message: string, ...path: Array<string | number>) =>
      problems.push({
        path: [index, ...path],
        message: `ignore[${index}]${path.length > 0 ? `.${path.join('.')}` : ''}: ${message}`,
      });
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      at(`${describe(item)} is not an entry ({ "rule": …, "text": … } or { "rule": …, "files": [...] }); ignored`);
      return;
    }
    const record = item as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(record))
      if (key !== 'rule' && key !== 'text' && key !== 'files') {
        at(`unknown key '${key}' (an entry has rule, text and files); the entry is ignored`, key);
        ok = false;
      }
    const rule = record.rule;
    if (typeof rule !== 'string' || !isRuleCode(rule)) {
      at(`${describe(rule)} is not a rule (rules: ${RULE_CODES.join(', ')}); the entry is ignored`, 'rule');
      return;
    }
    const text = record.text;
    if (text !== undefined && (typeof text !== 'string' || text.trim() === '')) {
      at(`${describe(text)} is not a non-empty string; the entry is ignored`, 'text');
      ok = false;
    }
    let files: string[] | undefined;
    if (record.files !== undefined) {
      const list = typeof record.files === 'string' ? [record.files] : record.files;
      const parsed = parseStringList(list, `ignore[${index}].files`);
      for (const problem of parsed.problems)
        problems.push({ path: [index, 'files', ...problem.path], message: problem.message });
      files = parsed.list;
      if (!files || files.length === 0) ok = false;
    }
    if (text === undefined && files === undefined) {
      at(
        `the entry names neither a text nor files, so it would switch the rule off everywhere: use "rules": { "${rule}": "off" } for that; ignored`,
      );
      return;
    }
    if (!ok) return;
    entries.push({ rule, ...(typeof text === 'string' ? { text: text.trim() } : {}), ...(files ? { files } : {}) });
  });
  return { entries, problems };
}

function parseStringList(value: unknown, key: string): { list: string[] | undefined; problems: ConfigProblem[] } {
  if (!Array.isArray(value))
    return {
      list: undefined,
      problems: [{ path: [], message: `'${key}' must be a list of strings, not ${describe(value)}` }],
    };
  const list: string[] = [];
  const problems: ConfigProblem[] = [];
  value.forEach((item: unknown, index) => {
    if (typeof item === 'string' && item.trim() !== '') list.push(item.trim());
    else
      problems.push({
        path: [index],
        message: `${key}[${index}]: ${describe(item)} is not a non-empty string; ignored`,
      });
  });
  return { list, problems };
}

/**
 * Merges layers in order, later layers winning per rule (see the file comment for
 * `knownAcronyms` and `files`). Pass `DEFAULT_RULE_CONFIG` as the first layer for the defaults.
 */
export function mergeRuleConfig(...layers: readonly RuleConfigLayer[]): MergedRuleConfig {
  const severities: Partial<Record<RuleCode, SeveritySetting>> = {};
  let knownAcronyms: string[] = [];
  let files: readonly string[] | undefined;
  const ignoreEntries: IgnoreEntry[] = [];
  for (const layer of layers) {
    Object.assign(severities, layer.severities ?? {});
    if (layer.knownAcronymsReplaceDefaults === true) knownAcronyms = [...(layer.knownAcronyms ?? [])];
    else if (layer.knownAcronyms) for (const acronym of layer.knownAcronyms) knownAcronyms.push(acronym);
    if (layer.files) files = [...layer.files];
    for (const entry of layer.ignore ?? []) ignoreEntries.push(entry);
  }
  const textEntries = ignoreEntries.filter((e) => e.files === undefined && e.text !== undefined);
  return {
    severities,
    knownAcronyms: [...new Set(knownAcronyms)],
    files,
    ignoreEntries,
    ...(textEntries.length > 0 ? { ignore: textEntries.map((e) => ({ rule: e.rule, text: e.text! })) } : {}),
  };
}

/** Whether settings are merged ones, which carry every layer's `ignore` entries. */
export function isMergedRuleConfig(config: RuleConfig): config is MergedRuleConfig {
  return Array.isArray((config as Partial<MergedRuleConfig>).ignoreEntries);
}

/**
 * The settings for one file: the merged ones, with the `ignore` entries whose globs match the
 * file (`matches` tests a glob against the file's path relative to the project directory; the
 * callers bring their glob matcher) — a rule off for an entry without a text, its texts dropped
 * for the others.
 */
export function ruleConfigForFile(
  merged: MergedRuleConfig,
  relativePath: string | undefined,
  matches: (globs: readonly string[], relativePath: string) => boolean,
): RuleConfig {
  const severities: Partial<Record<RuleCode, SeveritySetting>> = { ...merged.severities };
  const ignore: Array<{ rule: RuleCode; text: string }> = [];
  for (const entry of merged.ignoreEntries) {
    if (entry.files !== undefined && (relativePath === undefined || !matches(entry.files, relativePath))) continue;
    if (entry.text === undefined) severities[entry.rule] = 'off';
    else ignore.push({ rule: entry.rule, text: entry.text });
  }
  return { severities, knownAcronyms: merged.knownAcronyms, ...(ignore.length > 0 ? { ignore } : {}) };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * What each rule reports, one sentence each: for the settings, the configuration schema and
 * SARIF's rule descriptions when the rule itself is not (yet) registered. A registered rule's
 * own `summary` is preferred where both are at hand.
 */
export const RULE_DESCRIPTIONS: Readonly<Record<RuleCode, string>> = {
  'undefined-acronym': 'An acronym used without being defined in the document (and not a known acronym).',
  'conflicting-definition': 'A term defined twice with different expansions, in the document or across the workspace.',
  'undefined-term': 'A quoted term used as if defined («the “Parties”») that the document never defines.',
  'unresolved-clause-reference': 'A clause reference (前条, 第三条第二項, Article 5) whose target does not exist.',
  'unresolved-document-reference': 'A reference to another agreement that no document of the workspace matches.',
  'numbering-gap': 'A clause number skipped in a sequence (第一条, 第三条).',
  'numbering-duplicate': 'The same clause number used twice in a sequence.',
  'invalid-date': 'A date that does not exist (2026年2月30日, 令和8年13月1日).',
  'era-mismatch': 'An era year that disagrees with the Western year written beside it (令和3(2022)年).',
  'weekday-mismatch': 'A weekday that disagrees with its date (2021年11月23日(水)).',
  'reversed-range': 'A date or number range whose end comes before its start.',
  'unbalanced-bracket': 'An opening bracket or quotation mark (「（『【) without its closing one, or the reverse.',
};
