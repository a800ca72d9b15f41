/**
 * What `agreement-lint` prints: the JSON of `../shared/eval/README.md` and the clause tree as
 * text (the other formats are in `formats/`). Pure functions from analyses to strings.
 */
import type { AnalysedDocument } from '../core/analysis';
import { clauseDisplayName } from '../core/features/documentSymbols';
import { listEntities } from '../core/features/entities';
import type { Diagnostic } from '../core/rules/ruleTypes';
import { joinChunks, jsonChunks } from './outputChunks';

/** What the JSON and text formats need: a file's analysis and, when the rules ran, their findings. */
export interface AnalysedFile {
  /** The path as shown: as given on the command line, or relative to the project directory. */
  readonly path: string;
  readonly analysis: AnalysedDocument;
  /** The rules' findings, in document order, already filtered for `--quiet`; none when absent. */
  readonly diagnostics?: readonly Diagnostic[];
}

export interface LintedFile extends AnalysedFile {
  /** The absolute path on disk. */
  readonly absolutePath: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function formatJson(files: readonly AnalysedFile[]): string {
  return joinChunks(jsonOutputChunks(files));
}

/**
 * The JSON text in pieces — exactly `JSON.stringify({ version: 1, files }, null, 1)` — with
 * each file's object built only when its turn comes, so that neither the objects of every
 * file nor the whole text need be in memory at once.
 */
export function* jsonOutputChunks(files: readonly AnalysedFile[]): Generator<string, void, undefined> {
  if (files.length === 0) {
    yield '{\n "version": 1,\n "files": []\n}\n';
    return;
  }
  yield '{\n "version": 1,\n "files": [';
  for (const [i, file] of files.entries()) {
    yield `${i > 0 ? ',' : ''}\n  `;
    yield* jsonChunks(jsonOfFile(file), 1, 2, 2);
  }
  yield '\n ]\n}\n';
}

function jsonOfFile({ path, analysis, diagnostics = [] }: AnalysedFile): unknown {
  return {
    path,
    entities: listEntities(analysis).map((entity) => {
      const position = analysis.lines.positionAt(entity.range.start);
      return {
        kind: entity.kind,
        text: entity.text,
        start: entity.range.start,
        end: entity.range.end,
        line: position.line,
        character: position.character,
        ...(entity.id !== undefined ? { id: entity.id } : {}),
        ...(entity.value !== undefined ? { value: entity.value } : {}),
      };
    }),
    definitions: analysis.definitions.map((definition) => ({
      term: definition.term,
      expansion: definition.expansion,
      line: definition.line,
      form: definition.form,
    })),
    diagnostics: diagnostics.map((diagnostic) => {
      const start = analysis.lines.positionAt(diagnostic.range.start);
      const end = analysis.lines.positionAt(diagnostic.range.end);
      return {
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: diagnostic.text,
        line: start.line,
        character: start.character,
        endLine: end.line,
        endCharacter: end.character,
        about: diagnostic.about,
      };
    }),
  };
}

/**
 * The clause tree of each file, indented by level, with 1-based line numbers as editors show
 * them, then the file's findings.
 */
export function formatText(files: readonly AnalysedFile[]): string {
  return joinChunks(textChunks(files));
}

/** The text format in pieces: one file at a time, a blank line between files. */
export function* textChunks(files: readonly AnalysedFile[]): Generator<string, void, undefined> {
  let first = true;
  for (const { path, analysis, diagnostics = [] } of files) {
    const { clauses } = analysis.structure;
    const lines = [`${path}: ${clauses.length} clause${clauses.length === 1 ? '' : 's'}`];
    for (const clause of clauses) {
      const position = analysis.lines.positionAt(
        clause.label ? clause.labelRange.start : (clause.headingRange?.start ?? 0),
      );
      lines.push(
        `${`${position.line + 1}:${position.character + 1}`.padStart(9)}  ${'  '.repeat(clause.level)}${clauseDisplayName(clause)}`,
      );
    }
    for (const diagnostic of diagnostics) {
      const position = analysis.lines.positionAt(diagnostic.range.start);
      lines.push(
        `${`${position.line + 1}:${position.character + 1}`.padStart(9)}  ${diagnostic.severity}  ${diagnostic.text}  ${diagnostic.code}`,
      );
    }
    yield `${first ? '' : '\n'}${lines.join('\n')}\n`;
    first = false;
  }
}
