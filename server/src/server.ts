/**
 * The language server: wires the LSP connection to the analysis core and the workspace.
 * Each handler finds the document, calls the core and converts the result; nothing here
 * analyses text.
 */
import {
  CodeActionKind,
  createConnection,
  type Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  type Location,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { definitionAt } from './core/features/definition';
import { codeActionsFor, fixAllAction } from './core/features/codeActions';
import { completionsAt, MAX_COMPLETIONS } from './core/features/completion';
import { hoverAt } from './core/features/hover';
import { inlayHints } from './core/features/inlayHints';
import { clauseAtOffset, relatedClauseCounts, relatedClauses } from './core/features/relatedClauses';
import { workspaceSymbols } from './core/features/workspaceSymbols';
import { documentOutline } from './core/features/documentSymbols';
import { type FeatureContext, type Locale, localeOf } from './core/features/featureContext';
import { documentHighlightsAt, referencesAt } from './core/features/references';
import { prepareRenameAt, renameAt } from './core/features/rename';
import { clauseFoldingRanges } from './core/features/foldingRanges';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from './core/features/semanticTokens';
import { registerAgreementsView } from './handlers/agreementsView';
import {
  fromRange,
  relatedClausesLens,
  toCodeAction,
  toDiagnostics,
  toCompletionItems,
  toDocumentHighlights,
  toDocumentSymbols,
  toFoldingRanges,
  toInlayHints,
  toOffset,
  toRange,
  toSemanticTokens,
  toWorkspaceSymbols,
} from './convert';
import { readTextFile } from './workspace/readTextFile';
import { AgreementWorkspace, type Host } from './workspace/agreementWorkspace';
import { WORKSPACE_REGISTRY_FILES } from './workspace/workspaceRegistry';

const SERVER_NAME = 'agreement-language-server';
const VERSION = '0.1.0';
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

/** Custom requests: the workspace index, for clients and tests. */
export const IndexStatusRequest = 'agreement/indexStatus';
export const EntityMentionsRequest = 'agreement/entityMentions';
export const TermDefinitionsRequest = 'agreement/termDefinitions';
export const RelatedClausesRequest = 'agreement/relatedClauses';

/** How long after the last edit of a document its diagnostics are computed. */
const DIAGNOSTICS_DEBOUNCE_MS = 150;

interface Settings {
  files?: string[];
  rules?: unknown;
  knownAcronyms?: unknown;
  inlayHints?: { enabled?: boolean };
  codeLens?: { relatedClauses?: boolean };
  semanticHighlighting?: { entities?: boolean };
}

/** Starts the server on the transport named on the command line (`--stdio` for other editors). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const host: Host = {
    log: (message) => connection.console.log(message),
    warn: (message) => {
      connection.console.warn(message);
      // A notification, not a request: the warning needs no answer and must not wait for one.
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `Agreement Annotator: ${message}`,
      });
    },
    startProgress: async (title) => {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, undefined, false);
      return { report: (percentage, message) => reporter.report(percentage, message), done: () => reporter.done() };
    },
  };
  const workspace = new AgreementWorkspace(host);
  let roots: string[] = [];
  let canReadConfiguration = false;
  let canWatchFiles = false;
  let locale: Locale = 'en';
  let canRefreshDiagnostics = false;
  /** When each open document last changed, for the diagnostics debounce. */
  const lastChange = new Map<string, number>();
  /** The definitions of each open document, to notice when other documents' diagnostics may change. */
  const definitionKeys = new Map<string, string>();
  const refreshDiagnostics = () => {
    if (canRefreshDiagnostics) connection.languages.diagnostics.refresh();
  };
  let settings: Settings = {};

  /** Everything a feature needs for one document. */
  const contextFor = (document: TextDocument): FeatureContext => ({
    document: workspace.analysisOf(document),
    workspace: workspace.index,
    registry: workspace.registry,
    locale,
  });
  /** The text of any workspace document: the editor's buffer when open, else the file. */
  const textOf = (uri: string): string | undefined => {
    const open = documents.get(uri);
    if (open) return open.getText();
    const read = readTextFile(URI.parse(uri).fsPath);
    return read.ok ? read.text : undefined;
  };

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

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    roots = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (roots.length === 0 && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
    canReadConfiguration = params.capabilities.workspace?.configuration === true;
    locale = localeOf(params.locale);
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    settings = (params.initializationOptions ?? {}) as Settings;
    workspace.configure(roots, settings.files);
    workspace.configureRules(settings.rules, settings.knownAcronyms);
    canRefreshDiagnostics = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: 'Agreement' },
        foldingRangeProvider: true,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['第'] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: true },
        diagnosticProvider: { identifier: 'agreement', interFileDependencies: true, workspaceDiagnostics: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        semanticTokensProvider: {
          legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
          full: true,
        },
      },
      serverInfo: { name: SERVER_NAME, version: VERSION },
    };
  });

  const readSettings = async (): Promise<void> => {
    if (!canReadConfiguration) return;
    settings = ((await connection.workspace.getConfiguration('agreement')) ?? {}) as Settings;
    workspace.configure(roots, settings.files);
    workspace.configureRules(settings.rules, settings.knownAcronyms);
  };

  connection.onInitialized(async () => {
    await readSettings();
    if (canWatchFiles) {
      const globs = [
        '**/*.agr',
        '**/*.agreement',
        '**/*.agreement.txt',
        '**/*.txt',
        ...WORKSPACE_REGISTRY_FILES.map((f) => `**/${f}`),
      ];
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: globs.map((globPattern) => ({ globPattern })),
      });
    }
    await workspace.reindex();
    refreshDiagnostics();
  });

  connection.onDidChangeConfiguration(async () => {
    if (!canReadConfiguration) return;
    const filesBefore = JSON.stringify(settings.files ?? []);
    await readSettings();
    connection.languages.inlayHint.refresh().catch(() => undefined);
    // Typed void, but a request: a client without refresh support answers with an error.
    void Promise.resolve(connection.languages.semanticTokens.refresh() as unknown).catch(() => undefined);
    // VS Code's client sends this notification once at start too: index again only when the files to index changed.
    if (JSON.stringify(settings.files ?? []) !== filesBefore) await workspace.reindex();
    refreshDiagnostics();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) workspace.fileChanged(change.uri, change.type === FileChangeType.Deleted);
    refreshDiagnostics();
  });

  connection.onDocumentSymbol(
    guarded('documentSymbol', [], (_params, document) => {
      const analysis = workspace.analysisOf(document);
      return toDocumentSymbols(analysis, documentOutline(analysis));
    }),
  );
  connection.onFoldingRanges(
    guarded('foldingRange', [], (_params, document) =>
      toFoldingRanges(clauseFoldingRanges(workspace.analysisOf(document))),
    ),
  );
  connection.languages.semanticTokens.on(
    guarded('semanticTokens', { data: [] }, (_params, document) => {
      const analysis = workspace.analysisOf(document);
      return toSemanticTokens(
        analysis,
        semanticTokens(analysis, { entities: settings.semanticHighlighting?.entities !== false }),
      );
    }),
  );

  connection.onHover(
    guarded('hover', null, (params, document) => {
      const context = contextFor(document);
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
    guarded('definition', [], (params, document) => {
      const context = contextFor(document);
      return definitionAt(context, toOffset(context.document.lines, params.position));
    }),
  );
  connection.onReferences(
    guarded('references', [], (params, document) => {
      const context = contextFor(document);
      return referencesAt(
        context,
        toOffset(context.document.lines, params.position),
        params.context.includeDeclaration,
      );
    }),
  );
  connection.onDocumentHighlight(
    guarded('documentHighlight', [], (params, document) => {
      const context = contextFor(document);
      const highlights = documentHighlightsAt(context, toOffset(context.document.lines, params.position));
      return toDocumentHighlights(context.document, highlights);
    }),
  );
  connection.onPrepareRename(
    guarded('prepareRename', null, (params, document) => {
      const context = contextFor(document);
      const result = prepareRenameAt(context, toOffset(context.document.lines, params.position));
      if ('error' in result) return new ResponseError(0, result.error);
      return { range: toRange(context.document.lines, result.range), placeholder: result.placeholder };
    }),
  );
  connection.onRenameRequest(
    guarded('rename', null, (params, document) => {
      const context = contextFor(document);
      const result = renameAt(context, toOffset(context.document.lines, params.position), params.newName, textOf);
      if ('error' in result) return new ResponseError(0, result.error);
      return result;
    }),
  );

  connection.onWorkspaceSymbol((params) =>
    toWorkspaceSymbols(workspaceSymbols(workspace.index, workspace.registry, params.query)),
  );
  connection.onCompletion(
    guarded('completion', null, (params, document) => {
      const context = contextFor(document);
      const items = completionsAt(context, toOffset(context.document.lines, params.position));
      return { isIncomplete: items.length >= MAX_COMPLETIONS, items: toCompletionItems(context.document, items) };
    }),
  );
  connection.languages.inlayHint.on(
    guarded('inlayHint', [], (params, document) => {
      if (settings.inlayHints?.enabled !== true) return [];
      const context = contextFor(document);
      const lines = context.document.lines;
      const range = { start: toOffset(lines, params.range.start), end: toOffset(lines, params.range.end) };
      return toInlayHints(context.document, inlayHints(context, range));
    }),
  );
  connection.onCodeLens(
    guarded('codeLens', [], (_params, document) => {
      if (settings.codeLens?.relatedClauses === false) return [];
      const context = contextFor(document);
      const clauses = context.document.structure.clauses;
      return [...relatedClauseCounts(context)].map(([clause, count]) => ({
        range: toRange(context.document.lines, clauses[clause]!.labelRange),
        data: { uri: document.uri, clause, count },
      }));
    }),
  );
  connection.onCodeLensResolve((lens) => {
    const { uri, clause, count } = lens.data as { uri: string; clause: number; count: number };
    const document = documents.get(uri);
    if (!document) return lens;
    const related = relatedClauses(contextFor(document), clause);
    return { ...lens, command: relatedClausesLens(uri, lens.range.start, related, count, locale) };
  });
  connection.onRequest(
    RelatedClausesRequest,
    (params: { textDocument: { uri: string }; position: { line: number; character: number } }) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const context = contextFor(document);
      const clause = clauseAtOffset(context.document, toOffset(context.document.lines, params.position));
      return clause === undefined ? [] : relatedClauses(context, clause);
    },
  );

  connection.languages.diagnostics.on(async (params) => {
    // Let a burst of typing settle before the rules run.
    const wait = (lastChange.get(params.textDocument.uri) ?? 0) + DIAGNOSTICS_DEBOUNCE_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const document = documents.get(params.textDocument.uri);
    try {
      // After a restart VS Code's client pulls its open documents before it has sent their
      // didOpen again; such a pull is answered from the file rather than left empty for good.
      const uri = params.textDocument.uri;
      const analysis = document
        ? workspace.analysisOf(document)
        : uri.startsWith('file:')
          ? workspace.analyseFromDisk(uri)
          : undefined;
      if (!analysis) return { kind: 'full', items: [] };
      return { kind: 'full', items: toDiagnostics(analysis, workspace.diagnosticsOf(analysis, locale), locale) };
    } catch (error) {
      connection.console.error(
        `diagnostics failed for ${params.textDocument.uri}: ${(error as Error).stack ?? String(error)}`,
      );
      return { kind: 'full', items: [] };
    }
  });
  connection.languages.diagnostics.onWorkspace(async () => {
    await workspace.whenIndexed();
    const items = [];
    for (const uri of workspace.index.uris()) {
      // An open document is reported at its version: the client prefers its own pull of it,
      // but after a restart VS Code's client may never pull a document it already had open.
      const open = documents.get(uri);
      const analysis = open ? workspace.analysisOf(open) : workspace.analyseFromDisk(uri);
      if (!analysis) continue;
      items.push({
        kind: 'full' as const,
        uri,
        version: open ? open.version : null,
        items: toDiagnostics(analysis, workspace.diagnosticsOf(analysis, locale), locale),
      });
    }
    return { items };
  });
  connection.onCodeAction(
    guarded('codeAction', [], (params, document) => {
      const analysis = workspace.analysisOf(document);
      const all = workspace.diagnosticsOf(analysis, locale);
      const range = fromRange(analysis.lines, params.range);
      const inRange = all.filter((d) => d.range.start <= range.end && range.start <= d.range.end);
      const only = params.context.only;
      const actions =
        only && !only.some((k) => k.startsWith(CodeActionKind.QuickFix))
          ? []
          : codeActionsFor(analysis, all, inRange, locale);
      if (
        !only ||
        only.some((k) => CodeActionKind.SourceFixAll.startsWith(k) || k.startsWith(CodeActionKind.SourceFixAll))
      ) {
        const fixAll = fixAllAction(analysis, all, locale);
        if (fixAll) actions.push(fixAll);
      }
      return actions.map((action) => toCodeAction(analysis, action, locale));
    }),
  );

  connection.onRequest(IndexStatusRequest, () => ({
    indexing: workspace.isIndexing,
    documents: workspace.index.uris(),
    registryEntries: workspace.registry.entries.length,
  }));
  connection.onRequest(
    EntityMentionsRequest,
    async (params: { id: string; waitForIndex?: boolean }): Promise<Location[]> => {
      if (params.waitForIndex) await workspace.whenIndexed();
      return workspace.index.mentionsOf(params.id).map((m) => ({ uri: m.uri, range: m.range }));
    },
  );
  connection.onRequest(TermDefinitionsRequest, async (params: { term: string; waitForIndex?: boolean }) => {
    if (params.waitForIndex) await workspace.whenIndexed();
    return workspace.index
      .definitionsOf(params.term)
      .map((d) => ({ uri: d.uri, range: d.termRange, expansion: d.expansion, form: d.form }));
  });

  // Keep the index current with the editor's buffers, not only when a feature asks; when a
  // document's definitions change, other documents' diagnostics may change too.
  documents.onDidChangeContent((event) => {
    lastChange.set(event.document.uri, Date.now());
    const analysis = workspace.analysisOf(event.document);
    const key = analysis.definitions.map((d) => `${d.term}=${d.expansion}`).join('\n');
    const before = definitionKeys.get(event.document.uri);
    definitionKeys.set(event.document.uri, key);
    if (before !== undefined && before !== key) refreshDiagnostics();
  });
  documents.onDidClose((event) => {
    workspace.closed(event.document.uri);
    lastChange.delete(event.document.uri);
    definitionKeys.delete(event.document.uri);
  });
  registerAgreementsView(connection, workspace, () => locale);
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
