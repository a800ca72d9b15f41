/**
 * At start the server indexes the workspace once, with the globs the client hands it, and logs
 * one true line about it — even though VS Code's client sends a `didChangeConfiguration` right
 * after `initialized` (it did index twice, and found nothing, before). A real change of the
 * globs indexes again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { URI } from 'vscode-uri';
import { type ServerSession, startServer } from '../support/lspClient';
import { REPO_ROOT } from '../support/paths';
import { setTimeout as sleep } from 'node:timers/promises';

let server: ServerSession;
const settings = { files: ['**/*.agr', '**/seeds/*.txt'] };
const indexedLines = () =>
  server.notifications
    .filter((n) => n.method === 'window/logMessage')
    .map((n) => (n.params as { message: string }).message)
    .filter((m) => m.startsWith('indexed '));

async function configurationRequests(count: number): Promise<void> {
  for (let i = 0; i < 200 && server.serverRequests.filter((m) => m === 'workspace/configuration').length < count; i++)
    await sleep(25);
}

before(async () => {
  server = await startServer({
    rootUri: URI.file(REPO_ROOT).toString(),
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    initializationOptions: settings,
    configuration: settings,
  });
  // What vscode-languageclient does when it registers its configuration feature.
  await server.notify('workspace/didChangeConfiguration', { settings: null });
});
after(async () => server.stop());

test('one indexing pass at start, one log line, the seeds found', async () => {
  await configurationRequests(2);
  await server.request('agreement/entityMentions', { id: 'jp.jaxa', waitForIndex: true });
  const status = await server.request<{ documents: string[] }>('agreement/indexStatus', {});
  assert.equal(status.documents.filter((d) => d.includes('/seeds/')).length, 5, status.documents.join('\n'));
  const lines = indexedLines();
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0]!, /^indexed \d+ agreement files in \d+ ms.*\*\*\/seeds\/\*\.txt/);
});

test('agreement.semanticHighlighting.entities off: clause labels only', async () => {
  const session = await startServer({
    capabilities: { workspace: { configuration: true } },
    configuration: { semanticHighlighting: { entities: false } },
  });
  try {
    await configurationRequestsOf(session, 1);
    const uri = 'untitled:a';
    await session.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'agreement',
        version: 1,
        text: '1. 宇宙航空研究開発機構(JAXA)、2021年11月23日\n',
      },
    });
    // The settings arrive with the answer to workspace/configuration; ask until they apply.
    let types: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      const tokens = await session.request<{ data: number[] }>('textDocument/semanticTokens/full', {
        textDocument: { uri },
      });
      types = tokens.data.filter((_, i) => i % 5 === 3);
      if (types.length === 1) break;
      await sleep(50);
    }
    assert.deepEqual(types, [0], 'one clause label and nothing else');
  } finally {
    await session.stop();
  }
});

async function configurationRequestsOf(session: ServerSession, count: number): Promise<void> {
  for (let i = 0; i < 200 && session.serverRequests.filter((m) => m === 'workspace/configuration').length < count; i++)
    await sleep(25);
}
