/**
 * `agreement-lint`: the command-line front end over the same analysis core as the server.
 * Exit codes: 0 when every file was read and analysed, 2 for a usage or I/O error.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyseDocument } from '../core/analysis';
import { builtInRegistry, type Registry } from '../core/registry/registry';
import { parseWorkspaceRegistry, WORKSPACE_REGISTRY_FILES } from '../workspace/workspaceRegistry';
import { DEFAULT_AGREEMENT_GLOBS, findAgreementFilesSync } from '../workspace/fileDiscovery';
import { readTextFile } from '../workspace/readTextFile';
import { formatJson, formatText, type LintedFile } from './lintOutput';

const USAGE = `usage: agreement-lint [--format text|json] PATHS…
Analyses agreement texts and prints their clause structure (text) or every recognised
entity in the evaluation JSON format (json). A directory stands for the agreement files in it.
Entries in .agreement/registry.yaml (or .json) of the current directory add to the built-in registry.`;

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface Options {
  format: 'text' | 'json';
  paths: string[];
}

function parseArguments(argv: readonly string[]): Options | { error: string } | 'help' {
  const options: Options = { format: 'text', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : argv[++i];
      if (value !== 'text' && value !== 'json') return { error: `--format takes text or json, not '${value ?? ''}'` };
      options.format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown option '${arg}'` };
    } else {
      options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) return { error: 'no files given' };
  return options;
}

/** The files a directory argument stands for: agreement files and plain `.txt` files. */
const DIRECTORY_GLOBS = [...DEFAULT_AGREEMENT_GLOBS, '**/*.txt'];

/**
 * Expands directories into the agreement files below them, in a stable order (names sorted,
 * as a tree listing shows them). Directories that cannot be read, or a walk stopped at its
 * limit, are reported in `errors` and `warnings`.
 */
function expandPaths(paths: readonly string[]): { files: string[]; errors: string[]; warnings: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const path of paths) {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      // Reported when the file is read.
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const found = findAgreementFilesSync(path, { include: DIRECTORY_GLOBS });
    // Shown as given: a relative directory argument gives relative file paths.
    files.push(...found.files.map((file) => join(path, relative(path, file))));
    for (const problem of found.unreadable) errors.push(`agreement-lint: cannot read directory ${problem}`);
    if (found.truncated) {
      warnings.push(
        `agreement-lint: '${path}' has too many files (${found.truncatedBy}); only the first ${found.files.length} were read`,
      );
    }
  }
  return { files, errors, warnings };
}

/**
 * The registry in force for a project: the built-in one plus `.agreement/registry.*` in the
 * project directory. A problem in that file is a warning; the valid entries still count.
 */
function projectRegistry(projectDir: string, warnings: string[]): Registry {
  let registry = builtInRegistry();
  for (const name of WORKSPACE_REGISTRY_FILES) {
    const path = join(projectDir, name);
    if (!existsSync(path)) continue;
    const read = readTextFile(path);
    if (!read.ok) {
      warnings.push(`agreement-lint: cannot read '${path}': ${read.error}; using the built-in registry`);
      continue;
    }
    const parsed = parseWorkspaceRegistry(read.text);
    for (const problem of parsed.problems)
      warnings.push(`agreement-lint: ${path}:${problem.line + 1}: ${problem.message}`);
    registry = registry.extend(parsed.entries);
  }
  return registry;
}

export function runAgreementLint(argv: readonly string[], projectDir = process.cwd()): CliResult {
  const parsed = parseArguments(argv);
  if (parsed === 'help') return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
  if ('error' in parsed) return { exitCode: 2, stdout: '', stderr: `agreement-lint: ${parsed.error}\n${USAGE}\n` };
  const expanded = expandPaths(parsed.paths);
  const errors: string[] = [...expanded.errors];
  const registry = projectRegistry(projectDir, expanded.warnings);
  const files: LintedFile[] = [];
  for (const path of expanded.files) {
    const read = readTextFile(path);
    if (!read.ok) {
      errors.push(`agreement-lint: cannot read '${path}': ${read.error}`);
      continue;
    }
    files.push({ path, analysis: analyseDocument(path, read.text, 0, { registry }) });
  }
  const stdout = parsed.format === 'json' ? formatJson(files) : formatText(files);
  const stderr = [...expanded.warnings, ...errors].map((line) => `${line}\n`).join('');
  return { exitCode: errors.length > 0 ? 2 : 0, stdout, stderr };
}

if (require.main === module) {
  const result = runAgreementLint(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
