/**
 * The language server's entry point: reads the command line, makes the connection and lets
 * each handler module of `handlers/` register itself. The handlers find the document, call
 * the core and convert the result; nothing here or there analyses text.
 */
import { createConnection, type Connection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerAgreementsView } from './handlers/agreementsView';
import { registerCustomRequests } from './handlers/customRequests';
import { registerDiagnostics } from './handlers/diagnostics';
import { registerDocumentFeatures } from './handlers/documentFeatures';
import { registerDocumentSync } from './handlers/documentSync';
import { registerLifecycle, SERVER_NAME, VERSION } from './handlers/lifecycle';
import { registerNavigation } from './handlers/navigation';
import { registerWorkspaceFeatures } from './handlers/workspaceFeatures';
import { protocolBoundary, registerRefusals } from './protocolBoundary';
import { ServerContext } from './serverContext';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

/**
 * Starts the server on a connection: every handler registered, then listening. The
 * connection must have been made with `protocolBoundary` as its message strategy.
 */
export function startServer(connection: Connection): void {
  const server = new ServerContext(connection);
  registerRefusals(connection);
  registerLifecycle(server);
  registerDocumentSync(server);
  registerDocumentFeatures(server);
  registerNavigation(server);
  registerWorkspaceFeatures(server);
  registerDiagnostics(server);
  registerCustomRequests(server);
  registerAgreementsView(server.connection, server.workspace, () => server.locale);
  server.documents.listen(connection);
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
  // Every message passes the boundary first: the lifecycle, one spelling per URI, parameters
  // checked. It logs only once messages arrive, after the connection is made.
  const messageStrategy = protocolBoundary((message) => connection.console.log(message));
  const connection: Connection = createConnection(ProposedFeatures.all, { messageStrategy });
  startServer(connection);
}

main(process.argv.slice(2));
