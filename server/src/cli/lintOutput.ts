/**
 * What `agreement-lint` prints: the JSON of `../shared/eval/README.md` and the clause tree as
 * text (the other formats are in `formats/`). Pure functions from analyses to strings.
 */
import type { AnalysedDocument } from '../core/analysis';
import { clauseDisplayName } from '../core/features/documentSymbols';
import { listEntities } from '../core/features/entities';
import type { Diagnostic } from '../core/rules/ruleTypes';

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
  const out = {
    version: 1,
    files: files.map(({ path, analysis, diagnostics = [] }) => ({
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
    })),
  };
  return `${JSON.stringify(out, null, 1)}\n`;
}

/**
 * The clause tree of each file, indented by level, with 1-based line numbers as editors show
 * them, then the file's findings.
 */
export function formatText(files: readonly AnalysedFile[]): string {
  const parts: string[] = [];
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
    parts.push(lines.join('\n'));
  }
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}
