/**
 * The one place every message from the client passes before any handler sees it (a message
 * strategy of the JSON-RPC connection). Three things are done here, once, so that no handler
 * has to think of them:
 *
 * - **The lifecycle the LSP specification sets**: a request before `initialize` is refused
 *   with `ServerNotInitialized` and a notification then is dropped (except `exit`); a request
 *   after `shutdown` is refused with `InvalidRequest`. vscode-languageserver does neither.
 * - **One spelling per URI**: clients may spell the same file differently (`a(1).agr`,
 *   `a%281%29.agr`); every document URI of a message is rewritten to the spelling `vscode-uri`
 *   prints, the one the server makes from file paths, so that the editor's buffers, the files
 *   found on disk and the watcher's events share one key per file.
 * - **Parameters of the expected shape**: a request whose parameters lack what its handler
 *   reads (a document, a position, a range, a name) is refused with `InvalidParams`, rather
 *   than failing inside the handler as an internal error or an empty answer. What each method
 *   needs is the table `REQUIRED_PARAMS`.
 *
 * A refused request is passed on as a request of `REFUSAL_METHOD` with the same id, whose
 * handler (registered by `registerRefusals`) answers it with the error: the connection sends
 * the answer as it sends every other.
 */
import type { Connection, Message, MessageStrategy, RequestMessage } from 'vscode-languageserver/node';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';

/** The method a refused request is renamed to; its handler answers with the refusal. */
export const REFUSAL_METHOD = '$/agreement/refused';

interface Refusal {
  readonly code: number;
  readonly message: string;
}

/** What the parameters of a method must hold. */
type ParamRule =
  'object' | 'textDocument' | 'position' | 'range' | 'newName' | 'referenceContext' | 'codeActionContext';

/**
 * The parameters each request the server answers must have (requests not listed are not
 * checked). Keep it in step with the handlers of `handlers/`. Maps, since the method is the
 * client's text (`toString` must not find a function).
 */
const REQUIRED_PARAMS: ReadonlyMap<string, readonly ParamRule[]> = new Map<string, readonly ParamRule[]>([
  ['textDocument/hover', ['textDocument', 'position']],
  ['textDocument/definition', ['textDocument', 'position']],
  ['textDocument/references', ['textDocument', 'position', 'referenceContext']],
  ['textDocument/documentHighlight', ['textDocument', 'position']],
  ['textDocument/prepareRename', ['textDocument', 'position']],
  ['textDocument/rename', ['textDocument', 'position', 'newName']],
  ['textDocument/completion', ['textDocument', 'position']],
  ['textDocument/documentSymbol', ['textDocument']],
  ['textDocument/foldingRange', ['textDocument']],
  ['textDocument/semanticTokens/full', ['textDocument']],
  ['textDocument/codeLens', ['textDocument']],
  ['textDocument/inlayHint', ['textDocument', 'range']],
  ['textDocument/codeAction', ['textDocument', 'range', 'codeActionContext']],
  ['textDocument/diagnostic', ['textDocument']],
  ['workspace/diagnostic', ['object']],
  ['workspace/symbol', ['object']],
  ['agreement/relatedClauses', ['textDocument', 'position']],
  ['agreement/entityMentions', ['object']],
  ['agreement/termDefinitions', ['object']],
]);

/** Fields of requests that must be strings (the table above says only "an object"). */
type StringField = 'query' | 'id' | 'term';
const STRING_FIELDS: ReadonlyMap<string, readonly StringField[]> = new Map<string, readonly StringField[]>([
  ['workspace/symbol', ['query']],
  ['agreement/entityMentions', ['id']],
  ['agreement/termDefinitions', ['term']],
]);

/** Notifications about a document, dropped (with a log line) when they do not say which one. */
const DOCUMENT_NOTIFICATIONS = new Set([
  'textDocument/didOpen',
  'textDocument/didChange',
  'textDocument/didClose',
  'textDocument/didSave',
  'textDocument/willSave',
]);

type LifecycleState = 'new' | 'running' | 'shut down';

/** The message strategy of the server's connection; `log` gets what was dropped and why. */
export function protocolBoundary(log: (message: string) => void): MessageStrategy {
  let state: LifecycleState = 'new';
  return {
    handleMessage(message: Message, next: (message: Message) => void): void {
      const { method, id } = message as Partial<RequestMessage>;
      if (typeof method !== 'string') return next(message); // A response to one of our requests.
      const isRequest = id !== undefined && id !== null;
      const params = (message as RequestMessage).params as unknown;
      if (!isRequest) {
        if (method === 'exit' || method === '$/cancelRequest') return next(message);
        if (state === 'new') return log(`dropped ${method}: the server is not initialised yet`);
        const problem = normaliseUris(method, params);
        if (problem !== undefined) return log(`dropped ${method}: ${problem}`);
        return next(message);
      }
      const refuse = (refusal: Refusal) =>
        next({ ...(message as RequestMessage), method: REFUSAL_METHOD, params: refusal } as RequestMessage);
      if (state === 'shut down')
        return refuse({ code: ErrorCodes.InvalidRequest, message: `${method}: the server was shut down` });
      if (method === 'initialize') {
        state = 'running';
        return next(message);
      }
      if (state === 'new')
        return refuse({
          code: ErrorCodes.ServerNotInitialized,
          message: `${method}: the server is not initialised yet`,
        });
      if (method === 'shutdown') state = 'shut down';
      const problem = checkParams(method, params) ?? normaliseUris(method, params);
      if (problem !== undefined) return refuse({ code: ErrorCodes.InvalidParams, message: `${method}: ${problem}` });
      next(message);
    },
  };
}

/** Answers the requests the boundary refused with their error. */
export function registerRefusals(connection: Connection): void {
  connection.onRequest(REFUSAL_METHOD, (refusal: Refusal) => new ResponseError(refusal.code, refusal.message));
}

/** The one spelling of a URI, or undefined when it is not a URI. */
export function normalUri(uri: string): string | undefined {
  try {
    return URI.parse(uri, true).toString();
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;
const isPosition = (value: unknown): boolean => isRecord(value) && isIndex(value.line) && isIndex(value.character);

/** What is wrong with a request's parameters, or undefined when they have what its handler reads. */
function checkParams(method: string, params: unknown): string | undefined {
  const rules = REQUIRED_PARAMS.get(method);
  if (!rules) return undefined;
  if (!isRecord(params)) return 'the parameters must be an object';
  for (const rule of rules) {
    switch (rule) {
      case 'object':
        break;
      case 'textDocument':
        if (!isRecord(params.textDocument) || typeof params.textDocument.uri !== 'string')
          return 'textDocument.uri must be a string';
        break;
      case 'position':
        if (!isPosition(params.position)) return 'position must have a line and a character (integers from 0)';
        break;
      case 'range':
        if (!isRecord(params.range) || !isPosition(params.range.start) || !isPosition(params.range.end))
          return 'range must have a start and an end position';
        break;
      case 'newName':
        if (typeof params.newName !== 'string') return 'newName must be a string';
        break;
      case 'referenceContext':
        if (!isRecord(params.context) || typeof params.context.includeDeclaration !== 'boolean')
          return 'context.includeDeclaration must be a boolean';
        break;
      case 'codeActionContext':
        if (!isRecord(params.context) || !Array.isArray(params.context.diagnostics))
          return 'context.diagnostics must be an array';
        break;
    }
  }
  for (const field of STRING_FIELDS.get(method) ?? [])
    if (typeof params[field] !== 'string') return `${field} must be a string`;
  return undefined;
}

/**
 * Rewrites the document URIs of a message to their one spelling, in place; what is wrong
 * when a document notification names no document, or a URI is not one.
 */
function normaliseUris(method: string, params: unknown): string | undefined {
  if (!isRecord(params)) return DOCUMENT_NOTIFICATIONS.has(method) ? 'no parameters' : undefined;
  const document = params.textDocument;
  if (isRecord(document) && typeof document.uri === 'string') {
    const uri = normalUri(document.uri);
    if (uri === undefined) return `${document.uri} is not a URI`;
    document.uri = uri;
  } else if (DOCUMENT_NOTIFICATIONS.has(method)) return 'textDocument.uri must be a string';
  // The watcher's events and the result ids of a workspace pull name files too.
  const named =
    method === 'workspace/didChangeWatchedFiles'
      ? params.changes
      : method === 'workspace/diagnostic'
        ? params.previousResultIds
        : undefined;
  if (Array.isArray(named))
    for (const item of named)
      if (isRecord(item) && typeof item.uri === 'string') item.uri = normalUri(item.uri) ?? item.uri;
  return undefined;
}
