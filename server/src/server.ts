/**
 * The language server: wires the LSP connection to the analysis core. Each handler finds
 * the document, calls the core and converts the result; nothing here analyses text.
 */
import {
  createConnection,
  type Connection,
  ProposedFeatures,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentOutline } from './core/features/documentSymbols';
import { clauseFoldingRanges } from './core/features/foldingRanges';
import { SEMANTIC_TOKEN_TYPES, semanticTokens } from './core/features/semanticTokens';
import { toDocumentSymbols, toFoldingRanges, toSemanticTokens } from './convert';
import { AnalysisCache } from './documentStore';

const SERVER_NAME = 'agreement-language-server';
const VERSION = '0.1.0';
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

/** Starts the server on the transport named on the command line (`--stdio` for other editors). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new AnalysisCache();

  /**
   * Runs a handler so that a bug in one request is logged and answered with `fallback`
   * rather than taking the server down with it.
   */
  const guarded =
    <P extends { textDocument: { uri: string } }, R>(
      name: string,
      fallback: R,
      handler: (params: P, document: TextDocument) => R,
    ) =>
    (params: P): R => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return fallback;
      try {
        return handler(params, document);
      } catch (error) {
        connection.console.error(
          `${name} failed for ${params.textDocument.uri}: ${(error as Error).stack ?? String(error)}`,
        );
        return fallback;
      }
    };

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'Agreement' },
      foldingRangeProvider: true,
      semanticTokensProvider: {
        legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] },
        full: true,
      },
    },
    serverInfo: { name: SERVER_NAME, version: VERSION },
  }));

  connection.onDocumentSymbol(
    guarded('documentSymbol', [], (_params, document) => {
      const analysis = analyses.get(document);
      return toDocumentSymbols(analysis, documentOutline(analysis));
    }),
  );
  connection.onFoldingRanges(
    guarded('foldingRange', [], (_params, document) => toFoldingRanges(clauseFoldingRanges(analyses.get(document)))),
  );
  connection.languages.semanticTokens.on(
    guarded('semanticTokens', { data: [] }, (_params, document) => {
      const analysis = analyses.get(document);
      return toSemanticTokens(analysis, semanticTokens(analysis));
    }),
  );

  documents.onDidClose((event) => analyses.forget(event.document.uri));
  documents.listen(connection);
  connection.listen();
}

function main(argv: readonly string[]): void {
  if (argv.includes('--version')) {
    process.stdout.write(`${SERVER_NAME} ${VERSION}\n`);
    return;
  }
  if (argv.includes('--help') || !argv.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
    const stream = argv.includes('--help') ? process.stdout : process.stderr;
    stream.write(
      `usage: ${SERVER_NAME} --stdio\n` +
        'Runs the Agreement Annotator language server. Editors start it with --stdio (or --node-ipc, --socket=PORT).\n',
    );
    if (!argv.includes('--help')) process.exitCode = 2;
    return;
  }
  startServer(createConnection(ProposedFeatures.all));
}

main(process.argv.slice(2));
