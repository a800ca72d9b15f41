/**
 * `agreement-lint`: the command-line front end over the same analysis core and rules as the
 * server. Every file is analysed and put into one workspace index (so that cross-document
 * rules see all of them), then the rules run on each file with the settings in force:
 * defaults < `.agreement/config.json` (or `--config`) < `--rule`.
 *
 * Exit codes: 0 clean; 1 when a finding is at error level or the warnings exceed
 * `--max-warnings`; 2 for a usage error or a file, directory or configuration that could
 * not be read (that takes precedence over 1).
 */
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { version as packageVersion } from '../../../package.json';
import { analyseDocument, type AnalysedDocument } from '../core/analysis';
import type { Locale } from '../core/features/featureContext';
import { builtInRegistry } from '../core/registry/registry';
import { mergeRuleConfig, ruleConfigForFile } from '../core/rules/ruleConfig';
import { DEFAULT_RULE_CONFIG, isRuleCode, isSeveritySetting, runRules } from '../core/rules/runRules';
import {
  type Diagnostic,
  RULE_CODES,
  type RuleCode,
  type RuleConfig,
  type SeveritySetting,
} from '../core/rules/ruleTypes';
import { indexEntryOf, WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { DEFAULT_AGREEMENT_GLOBS, findAgreementFilesSync, matchesGlobs } from '../workspace/fileDiscovery';
import { DEFAULT_MAX_FILE_BYTES, parseByteSize, readTextFile } from '../workspace/readTextFile';
import {
  extendRegistry,
  formatSettingsProblem,
  readProjectSettings,
  RULE_CONFIG_FILE,
  type SettingsProblem,
} from '../workspace/projectSettings';
import { sarifChunks } from './formats/sarif';
import { countSeverities, stylishChunks } from './formats/stylish';
import { jsonOutputChunks, textChunks, type LintedFile } from './lintOutput';
import { isClosedPipe, joinChunks, writeChunks } from './outputChunks';

export const CONFIG_FILE = RULE_CONFIG_FILE;
const FORMATS = ['stylish', 'json', 'sarif', 'text'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: agreement-lint [options] [PATHS|GLOBS…]
Checks agreement texts with the Agreement Annotator rules and prints what it finds.

  PATHS|GLOBS          files, directories (their agreement and .txt files) or quoted globs
                       ('texts/**/*.txt'), relative to the current directory. Without any:
                       the "files" globs of .agreement/config.json, else ${DEFAULT_AGREEMENT_GLOBS.join(' ')}
  --format FORMAT      stylish (default) | json (the evaluation format, with diagnostics)
                       | sarif (SARIF 2.1.0, for code scanning) | text (clause tree and findings)
  --max-warnings N     exit 1 when there are more than N warnings
  --rule CODE=SEVERITY set a rule's severity (error|warning|info|hint|off); repeatable
  --quiet              report errors only
  --config PATH        the configuration file (default: .agreement/config.json, if present)
  --max-file-size SIZE skip (with an error) files larger than SIZE: 32MB (default), 500kB, 1000000
  --locale en|ja       the language of the messages (default en)
  --color, --no-color  force colours on or off (default: on for a terminal unless NO_COLOR is set)
  -h, --help           this help

Exit status: 0 no error-level findings, 1 error-level findings or too many warnings,
2 usage error, a path with no agreement files, or a file that could not be read (not a
regular file, too large, not text).
Entries in .agreement/registry.yaml (or .json) add to the built-in registry.
Rules: ${RULE_CODES.join(', ')}.`;

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A run whose standard output is still to be produced, in pieces, as it is written. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: Iterable<string>;
  readonly stderr: string;
}

/** What colour detection needs from the process; tests pass their own. */
export interface CliEnvironment {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY?: boolean;
  /** The analysis to run; tests pass one with a failing stage to check that a run survives it. */
  readonly analyse?: typeof analyseDocument;
}

export interface CliOptions {
  format: Format;
  maxWarnings: number | undefined;
  rules: Partial<Record<RuleCode, SeveritySetting>>;
  quiet: boolean;
  color: boolean | undefined;
  config: string | undefined;
  locale: Locale;
  maxFileBytes: number;
  paths: string[];
}

/** Parses the command line; `'help'` for --help, `{ error }` for a usage error. */
export function parseArguments(argv: readonly string[]): CliOptions | { error: string } | 'help' {
  const options: CliOptions = {
    format: 'stylish',
    maxWarnings: undefined,
    rules: {},
    quiet: false,
    color: undefined,
    config: undefined,
    locale: 'en',
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    paths: [],
  };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') return 'help';
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const takesValue = ['--format', '--max-warnings', '--rule', '--config', '--locale', '--max-file-size'].includes(
      name,
    );
    if (!takesValue) {
      if (eq >= 0) return { error: `${name} takes no value` };
      if (arg === '--quiet') options.quiet = true;
      else if (arg === '--color') options.color = true;
      else if (arg === '--no-color') options.color = false;
      else return { error: `unknown option '${arg}'` };
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) return { error: `${name} needs a value` };
    switch (name) {
      case '--format':
        if (!(FORMATS as readonly string[]).includes(value))
          return { error: `--format takes ${FORMATS.join(', ')}, not '${value}'` };
        options.format = value as Format;
        break;
      case '--max-warnings':
        if (!/^\d+$/.test(value))
          return { error: `--max-warnings takes a number of warnings (0 or more), not '${value}'` };
        options.maxWarnings = Number(value);
        break;
      case '--rule': {
        const m = /^([^=:]+)[=:](.*)$/.exec(value);
        if (!m) return { error: `--rule takes CODE=SEVERITY (e.g. invalid-date=error), not '${value}'` };
        const code = m[1]!.trim();
        const severity = m[2]!.trim();
        if (!isRuleCode(code)) return { error: `--rule: unknown rule '${code}' (rules: ${RULE_CODES.join(', ')})` };
        if (!isSeveritySetting(severity))
          return { error: `--rule ${code}: '${severity}' is not a severity (error, warning, info, hint or off)` };
        options.rules[code] = severity;
        break;
      }
      case '--config':
        if (value === '') return { error: '--config needs a path' };
        options.config = value;
        break;
      case '--locale':
        if (value !== 'en' && value !== 'ja') return { error: `--locale takes en or ja, not '${value}'` };
        options.locale = value;
        break;
      case '--max-file-size': {
        const bytes = parseByteSize(value);
        if (bytes === undefined)
          return { error: `--max-file-size takes a size such as 32MB, 500kB or 1000000 (bytes), not '${value}'` };
        options.maxFileBytes = bytes;
        break;
      }
    }
  }
  return options;
}

/** Colours: an explicit flag wins; otherwise on for a terminal unless NO_COLOR is set (no-color.org). */
export function colorEnabled(flag: boolean | undefined, environment: CliEnvironment): boolean {
  if (flag !== undefined) return flag;
  const noColor = environment.env?.['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return environment.stdoutIsTTY === true;
}

/** The files a directory argument stands for: agreement files and plain `.txt` files. */
const DIRECTORY_GLOBS = [...DEFAULT_AGREEMENT_GLOBS, '**/*.txt'];

interface FileToLint {
  /** As shown. */
  readonly path: string;
  readonly absolutePath: string;
  /** The folder a walk found it in: the file must not lead outside it. Absent for a file named on the command line. */
  readonly root?: string;
}

interface Expansion {
  files: FileToLint[];
  errors: string[];
  warnings: string[];
}

/**
 * The files the arguments stand for, in a stable order, each once: a file as given, a
 * directory the agreement and `.txt` files below it, a glob the files it matches below its
 * base (relative to the project directory). No arguments: the configured `files` globs (or
 * the default ones) under the project directory.
 */
function expandPaths(
  paths: readonly string[],
  projectDir: string,
  configuredFiles: readonly string[] | undefined,
): Expansion {
  const expansion: Expansion = { files: [], errors: [], warnings: [] };
  const seen = new Set<string>();
  const add = (path: string, absolutePath: string, root?: string) => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    expansion.files.push(root === undefined ? { path, absolutePath } : { path, absolutePath, root });
  };
  const walk = (root: string, shownRoot: string, include: readonly string[], described: string) => {
    const found = findAgreementFilesSync(root, { include });
    for (const problem of found.unreadable) expansion.errors.push(`agreement-lint: cannot read directory ${problem}`);
    for (const problem of found.skipped) expansion.warnings.push(`agreement-lint: skipped ${problem}`);
    if (found.truncated) {
      expansion.warnings.push(
        `agreement-lint: ${described} has too many files (${found.truncatedBy}); only the first ${found.files.length} were read`,
      );
    }
    // Shown relative to what was given: a relative argument gives relative file paths.
    for (const file of found.files)
      add(shownRoot === '' ? relative(root, file) : join(shownRoot, relative(root, file)), file, root);
    return found.files.length;
  };

  if (paths.length === 0) {
    const include = configuredFiles && configuredFiles.length > 0 ? configuredFiles : DEFAULT_AGREEMENT_GLOBS;
    const count = walk(projectDir, '', include, `'${projectDir}'`);
    if (count === 0 && expansion.errors.length === 0)
      expansion.errors.push(
        `agreement-lint: no agreement files found (looked for ${include.join(', ')} under ${projectDir})`,
      );
    return expansion;
  }
  for (const path of paths) {
    const absolutePath = resolve(projectDir, path);
    let isDirectory = false;
    let exists = false;
    try {
      const stats = statSync(absolutePath);
      exists = true;
      isDirectory = stats.isDirectory();
    } catch {
      // Not a file: perhaps a glob; otherwise reported when the file is read.
    }
    if (!exists && isGlob(path)) {
      const { base, glob } = picomatch.scan(path.split(sep).join('/'));
      const count = walk(resolve(projectDir, base), base, [glob], `'${path}'`);
      if (count === 0) expansion.errors.push(`agreement-lint: no files match '${path}'`);
    } else if (isDirectory) {
      const count = walk(absolutePath, path, DIRECTORY_GLOBS, `'${path}'`);
      if (count === 0 && !expansion.errors.some((e) => e.includes(absolutePath)))
        expansion.errors.push(
          `agreement-lint: no agreement files in '${path}' (looked for ${DIRECTORY_GLOBS.join(', ')})`,
        );
    } else {
      add(path, absolutePath);
    }
  }
  return expansion;
}

function isGlob(path: string): boolean {
  return picomatch.scan(path.split(sep).join('/')).isGlob;
}

/** A settings problem as agreement-lint prints it: the path relative to the project when inside it. */
function describeSettingsProblem(
  problem: SettingsProblem,
  projectDir: string,
  explicitConfig: string | undefined,
): string {
  if (problem.severity === 'error' && problem.readError !== undefined)
    return `agreement-lint: cannot read '${explicitConfig ?? problem.file}': ${problem.readError}`;
  const rel = relative(projectDir, problem.file);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : problem.file;
  return `agreement-lint: ${formatSettingsProblem(problem, shown)}`;
}

/** Runs the linter and returns its whole output as strings (for tests and small runs). */
export function runAgreementLint(
  argv: readonly string[],
  projectDir = process.cwd(),
  environment: CliEnvironment = { env: process.env, stdoutIsTTY: process.stdout.isTTY },
): CliResult {
  const run = lintRun(argv, projectDir, environment);
  return { exitCode: run.exitCode, stdout: joinChunks(run.stdout), stderr: run.stderr };
}

/**
 * Runs the linter: everything is analysed and checked before this returns (the exit code
 * depends on it), but the standard output is produced piece by piece as it is consumed.
 */
export function lintRun(
  argv: readonly string[],
  projectDir = process.cwd(),
  environment: CliEnvironment = { env: process.env, stdoutIsTTY: process.stdout.isTTY },
): CliRun {
  const parsed = parseArguments(argv);
  if (parsed === 'help') return { exitCode: 0, stdout: [`${USAGE}\n`], stderr: '' };
  if ('error' in parsed)
    return {
      exitCode: 2,
      stdout: [],
      stderr: `agreement-lint: ${parsed.error}\nRun 'agreement-lint --help' for the options.\n`,
    };
  projectDir = resolve(projectDir);
  const warnings: string[] = [];
  const errors: string[] = [];
  const settings = readProjectSettings(
    [projectDir],
    parsed.config !== undefined ? { explicitConfig: parsed.config } : {},
  );
  for (const problem of settings.problems)
    (problem.severity === 'error' ? errors : warnings).push(
      describeSettingsProblem(problem, projectDir, parsed.config),
    );
  const config = mergeRuleConfig(DEFAULT_RULE_CONFIG, settings.ruleConfig.layer, { severities: parsed.rules });
  const expanded = expandPaths(parsed.paths, projectDir, config.files);
  for (const warning of expanded.warnings) warnings.push(warning);
  for (const error of expanded.errors) errors.push(error);
  const registry = extendRegistry(builtInRegistry(), settings.registry);

  // Analyse everything first: cross-document rules need the whole workspace in the index.
  const analysed: Array<FileToLint & { analysis: AnalysedDocument }> = [];
  const workspace = new WorkspaceIndex();
  for (const file of expanded.files) {
    const read = readTextFile(
      file.absolutePath,
      file.root === undefined ? { maxBytes: parsed.maxFileBytes } : { root: file.root, maxBytes: parsed.maxFileBytes },
    );
    if (!read.ok) {
      errors.push(`agreement-lint: cannot read '${file.path}': ${read.error}`);
      continue;
    }
    const uri = pathToFileURL(file.absolutePath).href;
    try {
      const analysis = (environment.analyse ?? analyseDocument)(uri, read.text, 0, { registry });
      // A stage that failed is an internal error: named here, while the other stages' results are still printed.
      for (const failure of analysis.failures)
        errors.push(
          `agreement-lint: internal error while analysing '${file.path}' (${failure.stage}): ${reasonOf(failure.error)}`,
        );
      workspace.set(indexEntryOf(analysis));
      analysed.push({ ...file, analysis });
    } catch (error) {
      errors.push(`agreement-lint: internal error while analysing '${file.path}': ${reasonOf(error)}`);
    }
  }
  const files: LintedFile[] = analysed.map((file) => {
    let diagnostics: Diagnostic[];
    try {
      // The project's `ignore` entries with file globs apply to the files they match.
      const ruleConfig: RuleConfig = ruleConfigForFile(config, relative(projectDir, file.absolutePath), matchesGlobs);
      diagnostics = runRules(
        { document: file.analysis, workspace, registry, config: ruleConfig },
        parsed.locale,
        (code, error) =>
          errors.push(`agreement-lint: internal error in rule ${code} on '${file.path}': ${reasonOf(error)}`),
      );
    } catch (error) {
      errors.push(`agreement-lint: internal error while checking '${file.path}': ${reasonOf(error)}`);
      diagnostics = [];
    }
    if (parsed.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
    return { path: file.path, absolutePath: file.absolutePath, analysis: file.analysis, diagnostics };
  });

  const counts = countSeverities(files);
  const tooManyWarnings = parsed.maxWarnings !== undefined && counts.warning > parsed.maxWarnings;
  if (tooManyWarnings)
    warnings.push(`agreement-lint: too many warnings (${counts.warning}, at most ${parsed.maxWarnings} allowed)`);

  let stdout: Iterable<string>;
  switch (parsed.format) {
    case 'json':
      stdout = jsonOutputChunks(files);
      break;
    case 'text':
      stdout = textChunks(files);
      break;
    case 'sarif':
      stdout = sarifChunks(files, {
        projectDir,
        toolVersion: packageVersion,
        locale: parsed.locale,
        executionSuccessful: errors.length === 0,
        notifications: [
          ...errors.map((text) => ({ level: 'error' as const, text })),
          ...warnings.map((text) => ({ level: 'warning' as const, text })),
        ],
      });
      break;
    case 'stylish':
      stdout = stylishChunks(files, { color: colorEnabled(parsed.color, environment) });
      break;
  }
  const stderr = [...warnings, ...errors].map((line) => `${line}\n`).join('');
  const exitCode = errors.length > 0 ? 2 : counts.error > 0 || tooManyWarnings ? 1 : 0;
  return { exitCode, stdout, stderr };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The command: writes the output with backpressure, and treats a reader that went away
 * (`agreement-lint | head -1`: EPIPE) as the end of the output rather than an error. Any
 * other failure to write is one line on stderr and exit 2.
 */
async function main(): Promise<void> {
  // A closed pipe may still be reported after the last write was handed over: never a crash.
  const ignoreClosedPipe = (error: Error) => {
    if (!isClosedPipe(error)) throw error;
  };
  process.stdout.on('error', ignoreClosedPipe);
  process.stderr.on('error', ignoreClosedPipe);
  const run = lintRun(process.argv.slice(2));
  process.exitCode = run.exitCode;
  const written = await writeChunks(process.stdout, run.stdout);
  if (!written.complete && !isClosedPipe(written.error)) {
    process.stderr.write(`agreement-lint: cannot write the output: ${written.error.message}\n`);
    process.exitCode = 2;
  }
  if (run.stderr !== '') await writeChunks(process.stderr, [run.stderr]);
}

if (require.main === module) void main();
