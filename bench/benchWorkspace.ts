/**
 * The inputs of the server benchmarks, generated in a temporary folder from the statute
 * corpus (`../shared/corpus/egov-statutes/`) and the seeds: workspaces of a given size made
 * by copying the files (into `copy-N/` folders when the corpus is not enough), and single
 * documents of a given size made by joining statutes. They are made once and kept in the
 * system's temporary folder between runs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(__dirname, '..');
export const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'egov-statutes');
export const SEEDS = join(ROOT, 'seeds');
const CACHE = join(tmpdir(), 'agreement-bench');
export const MB = 1024 * 1024;

export interface BenchWorkspace {
  readonly root: string;
  readonly rootUri: string;
  readonly files: readonly string[];
  readonly bytes: number;
}

export function corpusFiles(): string[] {
  return existsSync(CORPUS)
    ? readdirSync(CORPUS)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => join(CORPUS, f))
    : [];
}

export function seedFiles(): string[] {
  return readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(SEEDS, f));
}

/** A workspace of about `megabytes` MB of agreement files (`.agr`): the seeds, then statutes, copied as often as needed. */
export function workspaceOf(megabytes: number): BenchWorkspace {
  const root = join(CACHE, `workspace-${megabytes}mb`);
  const marker = join(root, '.complete');
  if (!existsSync(marker)) {
    mkdirSync(root, { recursive: true });
    const target = megabytes * MB;
    let bytes = 0;
    for (const seed of seedFiles()) bytes += copy(seed, join(root, `${baseName(seed)}.agr`));
    const corpus = corpusFiles();
    if (corpus.length === 0) throw new Error(`the statute corpus is missing: ${CORPUS}`);
    for (let round = 0; bytes < target; round++) {
      const folder = round === 0 ? root : join(root, `copy-${round}`);
      mkdirSync(folder, { recursive: true });
      for (const file of corpus) {
        if (bytes >= target) break;
        bytes += copy(file, join(folder, `${baseName(file)}.agr`));
      }
    }
    writeFileSync(marker, String(bytes));
  }
  const files = listFiles(root).filter((f) => f.endsWith('.agr'));
  return {
    root,
    rootUri: pathToFileURL(root).href,
    files,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
  };
}

/** One document of about `megabytes` MB, statutes joined one after the other, outside any workspace. */
export function documentOf(megabytes: number): string {
  const folder = join(CACHE, 'documents');
  const path = join(folder, `statutes-${megabytes}mb.agr`);
  if (!existsSync(path)) {
    mkdirSync(folder, { recursive: true });
    const target = megabytes * MB;
    const parts: string[] = [];
    let bytes = 0;
    const corpus = corpusFiles();
    for (let i = 0; bytes < target; i++) {
      const text = readFileSync(corpus[i % corpus.length]!, 'utf8');
      parts.push(text);
      bytes += Buffer.byteLength(text) + 1;
    }
    // Cut at a line end near the size, so that the document ends as a statute ends.
    let text = parts.join('\n');
    const cut = text.lastIndexOf('\n', Math.floor((text.length * target) / bytes));
    if (cut > 0) text = text.slice(0, cut + 1);
    writeFileSync(path, text);
  }
  return path;
}

/** The statute of the workspace closest to 1 MB: the "1 MB document" of the figures. */
export function oneMegabyteFile(workspace: BenchWorkspace): string {
  let best = workspace.files[0]!;
  for (const file of workspace.files)
    if (Math.abs(statSync(file).size - MB) < Math.abs(statSync(best).size - MB)) best = file;
  return best;
}

/** Files of at most this size make the textlint sample: agreements, not whole codes of law. */
const SAMPLE_FILE_LIMIT = 200 * 1024;

/** The seeds and statutes of agreement size that add up to about `megabytes` MB, for the textlint comparison. */
export function sampleOf(megabytes: number): { folder: string; files: string[]; bytes: number } {
  const folder = join(CACHE, `sample-${megabytes}mb-small-files`);
  if (!existsSync(join(folder, '.complete'))) {
    mkdirSync(folder, { recursive: true });
    let bytes = 0;
    for (const file of [...seedFiles(), ...corpusFiles()]) {
      if (bytes >= megabytes * MB) break;
      const size = statSync(file).size;
      if (size > SAMPLE_FILE_LIMIT || bytes + size > megabytes * MB * 1.02) continue;
      bytes += copy(file, join(folder, `${baseName(file)}.txt`));
    }
    writeFileSync(join(folder, '.complete'), String(bytes));
  }
  const files = listFiles(folder).filter((f) => f.endsWith('.txt'));
  return { folder, files, bytes: files.reduce((n, f) => n + statSync(f).size, 0) };
}

function copy(from: string, to: string): number {
  const bytes = readFileSync(from);
  writeFileSync(to, bytes);
  return bytes.length;
}

function baseName(path: string): string {
  return path
    .split('/')
    .pop()!
    .replace(/\.txt$/, '');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.name.startsWith('.') ? [] : [join(dir, entry.name)],
  );
}
