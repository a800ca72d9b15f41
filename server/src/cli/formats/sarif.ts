/**
 * The `sarif` format: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.
 * One run; the driver lists every rule code (with a help link to docs/rules/<code>.md); each
 * finding is a result with its rule, level, message and region, and its related places as
 * related locations. Paths inside the project directory are relative URIs against
 * `%SRCROOT%` (the project directory, given in `originalUriBaseIds`), others absolute `file:`
 * URIs. Regions are 1-based; columns count UTF-16 code units, SARIF's default and ours.
 */
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locale } from '../../core/features/featureContext';
import { RULES } from '../../core/rules/rules';
import { RULE_DESCRIPTIONS } from '../../core/rules/ruleConfig';
import { RULE_CODES, type RuleCode, type Severity } from '../../core/rules/ruleTypes';
import type { PositionRange } from '../../core/workspace/workspaceIndex';
import type { LintedFile } from '../lintOutput';
import { joinChunks, jsonChunks } from '../outputChunks';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const PROJECT_URI = 'https://github.com/agreement-annotator/agreement-annotator';
export const RULE_DOCS_BASE = `${PROJECT_URI}/blob/main/docs/rules/`;
const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifOptions {
  /** The directory relative URIs are relative to (`%SRCROOT%`). */
  readonly projectDir: string;
  readonly toolVersion: string;
  /** The language of related locations' messages, as of the results'. */
  readonly locale: Locale;
  /** False when some file could not be read: the run did not see everything. */
  readonly executionSuccessful: boolean;
  /** One line each: files and directories that could not be read, configuration problems. */
  readonly notifications: readonly { readonly level: SarifLevel; readonly text: string }[];
}

function levelOf(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export function formatSarif(files: readonly LintedFile[], options: SarifOptions): string {
  return joinChunks(sarifChunks(files, options));
}

/** The SARIF log in pieces (see outputChunks.ts): each result is one piece. */
export function* sarifChunks(files: readonly LintedFile[], options: SarifOptions): Generator<string, void, undefined> {
  const ruleIndex = new Map<RuleCode, number>(RULE_CODES.map((code, index) => [code, index]));
  const registered = new Map(RULES.map((rule) => [rule.code, rule]));
  const byUri = new Map(files.map((file) => [file.analysis.uri, file]));

  const artifactLocation = (file: LintedFile) => {
    const rel = relative(options.projectDir, file.absolutePath);
    if (rel === '' || rel.startsWith('..') || /^[a-zA-Z]:/.test(rel) || rel.startsWith(sep)) {
      return { uri: pathToFileURL(file.absolutePath).href };
    }
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  };
  const region = (range: PositionRange) => ({
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  });

  const results = files.flatMap((file) =>
    file.diagnostics.map((diagnostic) => {
      const lines = file.analysis.lines;
      const range = { start: lines.positionAt(diagnostic.range.start), end: lines.positionAt(diagnostic.range.end) };
      const relatedLocations = (diagnostic.related ?? []).map((place, index) => {
        const target = byUri.get(place.location.uri);
        return {
          id: index,
          physicalLocation: {
            artifactLocation: target ? artifactLocation(target) : { uri: place.location.uri },
            region: region(place.location.range),
          },
          message: { text: place.message[options.locale] },
        };
      });
      return {
        ruleId: diagnostic.code,
        ruleIndex: ruleIndex.get(diagnostic.code),
        level: levelOf(diagnostic.severity),
        message: { text: diagnostic.text },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(file), region: region(range) } }],
        ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
        properties: { about: diagnostic.about, severity: diagnostic.severity },
      };
    }),
  );

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agreement-lint',
            version: options.toolVersion,
            informationUri: PROJECT_URI,
            rules: RULE_CODES.map((code) => {
              const rule = registered.get(code);
              return {
                id: code,
                shortDescription: { text: rule?.summary ?? RULE_DESCRIPTIONS[code] },
                helpUri: `${RULE_DOCS_BASE}${code}.md`,
                defaultConfiguration: {
                  level: levelOf(rule?.defaultSeverity ?? 'warning'),
                  enabled: rule !== undefined,
                },
              };
            }),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.projectDir) } },
        invocations: [
          {
            executionSuccessful: options.executionSuccessful,
            ...(options.notifications.length > 0
              ? {
                  toolExecutionNotifications: options.notifications.map((n) => ({
                    level: n.level,
                    message: { text: n.text },
                  })),
                }
              : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  // runs[0].results[i] is four levels down: stream to there, so no piece holds every result.
  yield* jsonChunks(log, 2, 4);
  yield '\n';
}

/** A directory's `file:` URI, ending in `/` as SARIF requires of a base URI. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
