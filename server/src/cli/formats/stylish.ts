/**
 * The `stylish` format, after ESLint's: for each file with findings a line with its path,
 * then one row per finding — `  line:col  severity  message  code`, 1-based, columns aligned
 * — then a blank line; at the end `✖ N problems (E errors, W warnings)`. A clean run prints
 * nothing, as ESLint does, so that `agreement-lint && …` stays quiet when all is well.
 *
 * The rows are what the `agreement-lint` problem matcher of package.json reads; colours (ANSI
 * only, when enabled) never change them otherwise. Columns are aligned by display width: a
 * wide (CJK) character takes two cells.
 */
import type { Severity } from '../../core/rules/ruleTypes';
import type { LintedFile } from '../lintOutput';
import { joinChunks } from '../outputChunks';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  gray: '\u001b[90m',
} as const;

type Style = keyof typeof ANSI;

export interface Counts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly hint: number;
}

export function countSeverities(files: readonly LintedFile[]): Counts {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of files) for (const diagnostic of file.diagnostics) counts[diagnostic.severity]++;
  return counts;
}

export function formatStylish(files: readonly LintedFile[], options: { color: boolean }): string {
  return joinChunks(stylishChunks(files, options));
}

/**
 * The stylish text in pieces, one file at a time, for output of any size. Column widths are
 * found with loops, not `Math.max(...rows)`, which overflows the stack at about 100,000 rows.
 */
export function* stylishChunks(
  files: readonly LintedFile[],
  options: { color: boolean },
): Generator<string, void, undefined> {
  const paint = (text: string, styles: readonly Style[]) =>
    options.color && styles.length > 0 ? `${styles.map((s) => ANSI[s]).join('')}${text}${ANSI.reset}` : text;
  const severityStyle: Record<Severity, Style[]> = {
    error: ['red'],
    warning: ['yellow'],
    info: ['blue'],
    hint: ['gray'],
  };
  for (const { path, analysis, diagnostics } of files) {
    if (diagnostics.length === 0) continue;
    let positionWidth = 0;
    let severityWidth = 0;
    let messageWidth = 0;
    const rows = diagnostics.map((diagnostic) => {
      const start = analysis.lines.positionAt(diagnostic.range.start);
      // One line per finding: a message never breaks the row the problem matcher reads.
      const message = diagnostic.text.replace(/\s*[\r\n]+\s*/g, ' ');
      const row = {
        position: `${start.line + 1}:${start.character + 1}`,
        severity: diagnostic.severity,
        message,
        messageWidth: displayWidth(message),
        code: diagnostic.code,
      };
      positionWidth = Math.max(positionWidth, row.position.length);
      severityWidth = Math.max(severityWidth, row.severity.length);
      messageWidth = Math.max(messageWidth, row.messageWidth);
      return row;
    });
    const lines = [paint(path, ['underline'])];
    for (const row of rows) {
      lines.push(
        [
          '',
          paint(row.position.padEnd(positionWidth), ['dim']),
          paint(row.severity.padEnd(severityWidth), severityStyle[row.severity]),
          row.message + ' '.repeat(messageWidth - row.messageWidth),
          paint(row.code, ['dim']),
        ].join('  '),
      );
      // Hand over the text in pieces of a few thousand rows.
      if (lines.length >= 4096) yield `${lines.splice(0).join('\n')}\n`;
    }
    lines.push('');
    yield `${lines.join('\n')}\n`;
  }
  const counts = countSeverities(files);
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const summary = `✖ ${plural(total, 'problem')} (${parts.join(', ')})`;
  yield `${paint(summary, ['bold', counts.error > 0 ? 'red' : 'yellow'])}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Terminal cells: East Asian wide and fullwidth characters take two, combining marks none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(char)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
