/**
 * `agreement-lint`: the command-line front end over the same analysis core as the server.
 * Exit codes: 0 when every file was read and analysed, 2 for a usage or I/O error.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument } from '../core/analysis';
import { readTextFile } from '../workspace/readTextFile';
import { formatJson, formatText, type LintedFile } from './lintOutput';

const USAGE = `usage: agreement-lint [--format text|json] PATHS…
Analyses agreement texts and prints their clause structure (text) or every recognised
entity in the evaluation JSON format (json). A directory stands for the agreement files in it.`;

const AGREEMENT_FILE = /\.(agr|agreement|txt)$/i;

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

/** Expands directories into the agreement files below them, in a stable order. */
function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      // Reported when the file is read.
    }
    if (!isDirectory) {
      out.push(path);
      continue;
    }
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const child = join(dir, name);
        if (name === 'node_modules' || name.startsWith('.')) continue;
        if (statSync(child).isDirectory()) walk(child);
        else if (AGREEMENT_FILE.test(name)) out.push(child);
      }
    };
    walk(path);
  }
  return out;
}

export function runAgreementLint(argv: readonly string[]): CliResult {
  const parsed = parseArguments(argv);
  if (parsed === 'help') return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
  if ('error' in parsed) return { exitCode: 2, stdout: '', stderr: `agreement-lint: ${parsed.error}\n${USAGE}\n` };
  const errors: string[] = [];
  const files: LintedFile[] = [];
  for (const path of expandPaths(parsed.paths)) {
    const read = readTextFile(path);
    if (!read.ok) {
      errors.push(`agreement-lint: cannot read '${path}': ${read.error}`);
      continue;
    }
    files.push({ path, analysis: analyseDocument(path, read.text) });
  }
  const stdout = parsed.format === 'json' ? formatJson(files) : formatText(files);
  return { exitCode: errors.length > 0 ? 2 : 0, stdout, stderr: errors.map((e) => `${e}\n`).join('') };
}

if (require.main === module) {
  const result = runAgreementLint(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
