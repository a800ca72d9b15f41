/**
 * The random-edit property of issue 11: random incremental edits — Japanese, astral kanji
 * (𠮷), emoji, CRLF, lone CR, byte-order marks, large pastes — sent through didChange to the
 * bundled server; after each batch, the server's answers for the document (outline, semantic
 * tokens, diagnostics) must equal those of a second server given the same text whole, and
 * no position in them may lie outside the text.
 *
 * The edits are a pure function of the seed (the generator of the structure-aware fuzzer),
 * so a failure is reproduced from the seed and the step it names. Used by
 * test/robustness/randomEdits.test.ts (5,000 steps) and `npm run bench` (100,000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, DocumentSymbol, Range } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type ServerSession, startServer } from './lspClient';
import { SEEDS_DIR } from './paths';
import { createRandom, type Random } from './structuredFuzz';

/** What an edit inserts, besides pastes of the seeds: the characters and forms that break offsets. */
const PIECES = [
  '𠮷',
  '𠮷野家',
  '👍🏽',
  '👨‍👩‍👧',
  '\r\n',
  '\r',
  '\n',
  '\n\n',
  '\uFEFF',
  '日本国政府及びベトナム社会主義共和国政府は、',
  '第３条',
  '第1条　目的',
  'Article 5',
  '(1) ',
  '１２',
  'the Zeta Omega Program ("ZOP")',
  ' ZOP ',
  'アジア・ゼロエミッション共同体(AZEC)',
  '2021年11月23日(水)',
  '令和3年5月1日',
  '「日越協力協定」',
  '（',
  '」',
  ' ',
  'a',
];

const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

/** The seeds, as the material of large pastes. */
function seedTexts(): string[] {
  return readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8'));
}

export interface EditStep {
  /** The changes of one didChange, applied in order (a change without a range replaces the text). */
  readonly changes: Array<{ range?: Range; text: string }>;
}

/**
 * Makes the edits of a session over a document it keeps (`document`): each step is one
 * didChange of one to three changes, at random places — splitting surrogate pairs and CRLFs
 * too, as a client may — inserting pieces or pastes of up to 20 kB, deleting up to a line, or
 * a large part when the text has grown past `maxLength`.
 */
export class RandomEdits {
  private readonly random: Random;
  private readonly pastes: string[];
  document: TextDocument;

  constructor(
    seed: number,
    initial: string,
    private readonly maxLength = 60_000,
  ) {
    this.random = createRandom(seed);
    this.pastes = seedTexts();
    this.document = TextDocument.create('file:///random-edits.agr', 'agreement', 1, initial);
  }

  private insertion(): string {
    const r = this.random();
    if (r < 0.08) {
      const source = this.pastes[Math.floor(this.random() * this.pastes.length)]!;
      const start = Math.floor(this.random() * source.length);
      return source.slice(start, start + between(this.random, 200, 20_000));
    }
    if (r < 0.35) return '';
    let text = '';
    for (let i = between(this.random, 1, 3); i > 0; i--) text += PIECES[Math.floor(this.random() * PIECES.length)]!;
    return text;
  }

  /** The next step, applied to `document`. */
  next(): EditStep {
    const changes: Array<{ range?: Range; text: string }> = [];
    const count = this.random() < 0.8 ? 1 : between(this.random, 2, 3);
    for (let i = 0; i < count; i++) {
      const length = this.document.getText().length;
      if (this.random() < 0.002) {
        // Now and then the whole text at once, as a client without incremental sync sends it.
        const text = this.insertion() + this.pastes[0]!.slice(0, 3000);
        changes.push({ text });
        this.document = TextDocument.update(this.document, [{ text }], this.document.version + 1);
        continue;
      }
      const start = Math.floor(this.random() * (length + 1));
      const deleting =
        length > this.maxLength
          ? between(this.random, 1000, 20_000)
          : this.random() < 0.5
            ? between(this.random, 0, 40)
            : 0;
      const end = Math.min(length, start + deleting);
      const range = { start: this.document.positionAt(start), end: this.document.positionAt(end) };
      const text = this.insertion();
      changes.push({ range, text });
      this.document = TextDocument.update(this.document, [{ range, text }], this.document.version + 1);
    }
    return { changes };
  }
}

interface Answers {
  readonly symbols: DocumentSymbol[];
  readonly tokens: number[];
  readonly diagnostics: Diagnostic[];
}

async function answersOf(server: ServerSession, uri: string): Promise<Answers> {
  const textDocument = { uri };
  const [symbols, tokens, report] = await Promise.all([
    server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument }, 60_000),
    server.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument }, 60_000),
    server.request<{ items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument }, 60_000),
  ]);
  return { symbols, tokens: tokens.data, diagnostics: report.items ?? [] };
}

/** The text of each line without its line end, as LSP counts lines (CRLF, CR and LF end one). */
function lineLengths(document: TextDocument): number[] {
  const lengths: number[] = [];
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    lengths.push(text.replace(/\r?\n$|\r$/, '').length);
  }
  return lengths;
}

/** Every position of the answers that lies outside the text. */
export function positionsOutOfRange(answers: Answers, document: TextDocument): string[] {
  const lengths = lineLengths(document);
  const bad: string[] = [];
  const check = (what: string, p: { line: number; character: number }) => {
    if (p.line < 0 || p.line >= lengths.length || p.character < 0 || p.character > lengths[p.line]!)
      bad.push(
        `${what} at ${p.line}:${p.character} (${lengths.length} lines, that one ${lengths[p.line] ?? '-'} long)`,
      );
  };
  const checkRange = (what: string, r: Range) => {
    check(`${what} start`, r.start);
    check(`${what} end`, r.end);
  };
  const walk = (symbols: readonly DocumentSymbol[]) => {
    for (const s of symbols) {
      checkRange(`symbol ${s.name}`, s.range);
      checkRange(`symbol ${s.name} selection`, s.selectionRange);
      walk(s.children ?? []);
    }
  };
  walk(answers.symbols);
  for (const d of answers.diagnostics) checkRange(`diagnostic ${String(d.code)}`, d.range);
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < answers.tokens.length; i += 5) {
    const [deltaLine, deltaStart, length] = answers.tokens.slice(i, i + 3) as [number, number, number];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    check('semantic token start', { line, character });
    check('semantic token end', { line, character: character + length });
  }
  return bad;
}

export interface RandomEditRun {
  readonly steps: number;
  readonly batches: number;
  readonly changes: number;
  readonly largestText: number;
  /** What differed or lay outside the text, with the step after which it was seen (empty when the property holds). */
  readonly failures: string[];
  readonly milliseconds: number;
}

export interface RandomEditOptions {
  readonly seed?: number;
  readonly steps: number;
  /** Steps between two comparisons. */
  readonly batch?: number;
  /** Stop at the first failure (the test); else go on and count them (the bench). */
  readonly stopAtFailure?: boolean;
  readonly log?: (line: string) => void;
  /** The address-space limit of both servers (KiB). */
  readonly addressSpaceKB?: number;
}

/** Runs the property over two fresh servers: the edited one and the one given each text whole. */
export async function runRandomEdits(options: RandomEditOptions): Promise<RandomEditRun> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const batch = options.batch ?? 100;
  const guard = options.addressSpaceKB !== undefined ? { addressSpaceKB: options.addressSpaceKB } : {};
  const [edited, fresh] = await Promise.all([startServer(guard), startServer(guard)]);
  const uri = 'file:///random-edits.agr';
  const initial = seedTexts()[0]!.slice(0, 4000);
  const edits = new RandomEdits(seed, initial);
  const failures: string[] = [];
  let changes = 0;
  let largestText = 0;
  let batches = 0;
  let step = 0;
  try {
    const open = { textDocument: { uri, languageId: 'agreement', version: 1, text: initial } };
    await Promise.all([edited.notify('textDocument/didOpen', open), fresh.notify('textDocument/didOpen', open)]);
    let version = 1;
    while (step < options.steps) {
      for (let i = 0; i < batch && step < options.steps; i++, step++) {
        const { changes: stepChanges } = edits.next();
        changes += stepChanges.length;
        await edited.notify('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: stepChanges,
        });
      }
      const text = edits.document.getText();
      largestText = Math.max(largestText, text.length);
      await fresh.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      const [got, expected] = await Promise.all([answersOf(edited, uri), answersOf(fresh, uri)]);
      batches++;
      const problems: string[] = [];
      for (const key of ['symbols', 'tokens', 'diagnostics'] as const)
        if (JSON.stringify(got[key]) !== JSON.stringify(expected[key]))
          problems.push(`${key} differ from a fresh analysis of the same text`);
      problems.push(...positionsOutOfRange(got, edits.document).slice(0, 5));
      if (problems.length > 0) {
        failures.push(
          `seed ${seed}, after step ${step} (${text.length} characters): ${problems.join('; ')}; text starts ${JSON.stringify(text.slice(0, 200))}`,
        );
        if (options.stopAtFailure) break;
      }
      if (options.log && batches % 100 === 0) options.log(`  … ${step} steps, ${failures.length} failures`);
    }
  } finally {
    await Promise.all([edited.stop().catch(() => undefined), fresh.stop().catch(() => undefined)]);
  }
  return { steps: step, batches, changes, largestText, failures, milliseconds: performance.now() - started };
}
