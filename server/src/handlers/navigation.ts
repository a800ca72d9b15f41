/**
 * Moving around what the text names: hover, go to definition, references, highlights, rename.
 * Hover, definition, references and highlights are answered from the last analysis while a
 * new one is being made, when the cursor and the answer lie in text the edits did not touch.
 */
import type { Location } from 'vscode-languageserver/node';
import { LSPErrorCodes, MarkupKind, ResponseError } from 'vscode-languageserver/node';
import { definitionAt } from '../core/features/definition';
import type { DocumentLocation } from '../core/features/featureContext';
import { hoverAt } from '../core/features/hover';
import { documentHighlightsAt, referencesAt } from '../core/features/references';
import { prepareRenameAt, renameAt } from '../core/features/rename';
import { toOffset, toRange } from '../convert';
import { type ServerContext, STALE } from '../serverContext';
import type { StaleAnalysisMap } from '../workspace/staleAnalysis';
import { DocumentHighlightKind } from 'vscode-languageserver/node';

export function registerNavigation(server: ServerContext): void {
  const { connection } = server;
  Object.assign(server.capabilities, {
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
  });

  connection.onHover(
    server.guarded('hover', null, (params, document, token) =>
      server.answerAt(document, params.position, token, (context, offset, map) => {
        const hover = hoverAt(context, offset);
        if (!hover) return null;
        const range = map.rangeNow(hover.range);
        if (!range) return STALE;
        return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range };
      }),
    ),
  );
  connection.onDefinition(
    server.guarded('definition', [], (params, document, token) =>
      server.answerAt(document, params.position, token, (context, offset, map) =>
        locationsNow(definitionAt(context, offset), document.uri, map),
      ),
    ),
  );
  connection.onReferences(
    server.guarded('references', [], (params, document, token) =>
      server.answerAt(document, params.position, token, (context, offset, map) =>
        locationsNow(referencesAt(context, offset, params.context.includeDeclaration), document.uri, map),
      ),
    ),
  );
  connection.onDocumentHighlight(
    server.guarded('documentHighlight', [], (params, document, token) =>
      server.answerAt(document, params.position, token, (context, offset, map) => {
        const highlights = [];
        for (const h of documentHighlightsAt(context, offset)) {
          const range = map.rangeNow(h.range);
          if (!range) return STALE;
          highlights.push({
            range,
            kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
          });
        }
        return highlights;
      }),
    ),
  );
  connection.onPrepareRename(
    server.guarded('prepareRename', null, async (params, document, token) => {
      const context = await server.featureContext(document, token);
      const result = prepareRenameAt(context, toOffset(context.document.lines, params.position));
      if ('error' in result) return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return { range: toRange(context.document.lines, result.range), placeholder: result.placeholder };
    }),
  );
  connection.onRenameRequest(
    server.guarded('rename', null, async (params, document, token) => {
      const context = await server.featureContext(document, token);
      const result = renameAt(context, toOffset(context.document.lines, params.position), params.newName, (uri) =>
        server.textOf(uri),
      );
      if ('error' in result) return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return result;
    }),
  );
}

/** Locations of a feature's answer, those in this document moved past the edits since the analysis. */
function locationsNow(
  locations: readonly DocumentLocation[],
  uri: string,
  map: StaleAnalysisMap,
): Location[] | typeof STALE {
  const now: Location[] = [];
  for (const location of locations) {
    if (location.uri !== uri) {
      now.push({ uri: location.uri, range: location.range });
      continue;
    }
    const range = map.positionsNow(location.range);
    if (!range) return STALE;
    now.push({ uri, range });
  }
  return now;
}
