/** Moving around what the text names: hover, go to definition, references, highlights, rename. */
import { MarkupKind, ResponseError } from 'vscode-languageserver/node';
import { definitionAt } from '../core/features/definition';
import { hoverAt } from '../core/features/hover';
import { documentHighlightsAt, referencesAt } from '../core/features/references';
import { prepareRenameAt, renameAt } from '../core/features/rename';
import { toDocumentHighlights, toOffset, toRange } from '../convert';
import type { ServerContext } from '../serverContext';

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
    server.guarded('hover', null, (params, document) => {
      const context = server.featureContext(document);
      const hover = hoverAt(context, toOffset(context.document.lines, params.position));
      return hover
        ? {
            contents: { kind: MarkupKind.Markdown, value: hover.markdown },
            range: toRange(context.document.lines, hover.range),
          }
        : null;
    }),
  );
  connection.onDefinition(
    server.guarded('definition', [], (params, document) => {
      const context = server.featureContext(document);
      return definitionAt(context, toOffset(context.document.lines, params.position));
    }),
  );
  connection.onReferences(
    server.guarded('references', [], (params, document) => {
      const context = server.featureContext(document);
      return referencesAt(
        context,
        toOffset(context.document.lines, params.position),
        params.context.includeDeclaration,
      );
    }),
  );
  connection.onDocumentHighlight(
    server.guarded('documentHighlight', [], (params, document) => {
      const context = server.featureContext(document);
      const highlights = documentHighlightsAt(context, toOffset(context.document.lines, params.position));
      return toDocumentHighlights(context.document, highlights);
    }),
  );
  connection.onPrepareRename(
    server.guarded('prepareRename', null, (params, document) => {
      const context = server.featureContext(document);
      const result = prepareRenameAt(context, toOffset(context.document.lines, params.position));
      if ('error' in result) return new ResponseError(0, result.error);
      return { range: toRange(context.document.lines, result.range), placeholder: result.placeholder };
    }),
  );
  connection.onRenameRequest(
    server.guarded('rename', null, (params, document) => {
      const context = server.featureContext(document);
      const result = renameAt(context, toOffset(context.document.lines, params.position), params.newName, (uri) =>
        server.textOf(uri),
      );
      if ('error' in result) return new ResponseError(0, result.error);
      return result;
    }),
  );
}
