/**
 * What `agreement-lint` prints: the JSON of `../shared/eval/README.md` and a text form for
 * people. Pure functions from analyses to strings.
 */
import type { AnalysedDocument } from '../core/analysis';
import { clauseDisplayName } from '../core/features/documentSymbols';
import { listEntities } from '../core/features/entities';

export interface LintedFile {
  readonly path: string;
  readonly analysis: AnalysedDocument;
}

export function formatJson(files: readonly LintedFile[]): string {
  const out = {
    version: 1,
    files: files.map(({ path, analysis }) => ({
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
      diagnostics: analysis.problems.map((problem) => {
        const start = analysis.lines.positionAt(problem.range.start);
        const end = analysis.lines.positionAt(problem.range.end);
        return {
          code: problem.code,
          severity: problem.severity,
          message: problem.message,
          line: start.line,
          character: start.character,
          endLine: end.line,
          endCharacter: end.character,
        };
      }),
    })),
  };
  return `${JSON.stringify(out, null, 1)}\n`;
}

/** The clause tree of each file, indented by level, with 1-based line numbers as editors show them. */
export function formatText(files: readonly LintedFile[]): string {
  const parts: string[] = [];
  for (const { path, analysis } of files) {
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
    for (const problem of analysis.problems) {
      const position = analysis.lines.positionAt(problem.range.start);
      lines.push(
        `${`${position.line + 1}:${position.character + 1}`.padStart(9)}  ${problem.severity}  ${problem.message}  ${problem.code}`,
      );
    }
    parts.push(lines.join('\n'));
  }
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}
