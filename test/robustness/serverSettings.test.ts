/**
 * Issue 11, the server's side of rows 1, 3, 4 and 10, over the bundled server as an editor
 * sees it: with the hostile files of the workspace it answers `initialize`, keeps serving,
 * and says what it skipped. These pass through the modules below the server (the bounded
 * read, the guarded registry parser, the walk) without changes to the server itself; the
 * watcher path's check that a file stays inside the workspace (row 10) is in
 * serverRows.test.ts, each warning once (row 13) in settingsFiles.test.ts.
 *
 * The server runs under the address-space guard: before the fixes, a config.json linked to
 * /dev/zero made it grow to 3.7 GB in 15 s.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { URI } from 'vscode-uri';
import { indexedStatus, type IndexStatus, warnings, withServer } from './serverSupport';
import { aliasHeavyRegistry, makeFifo, makeSymlink, workspace } from './support';

const A_TEXT = '協力に関する覚書\n\n1. テスト第57機構は協力する。\n';

describe('issue 11 over the bundled server', () => {
  test('row 1 (server): with a registry that uses one alias 100 times, the server starts and uses its entries', async () => {
    const root = workspace({ '.agreement/registry.yaml': aliasHeavyRegistry(100), 'a.agr': A_TEXT });
    await withServer(root, async (server) => {
      await indexedStatus(server);
      const mentions = await server.request<Array<{ uri: string }>>('agreement/entityMentions', { id: 'test.x57' });
      assert.equal(mentions.length, 1, server.stderr());
      assert.deepEqual(warnings(server), []);
    });
  });

  test('row 3 (server): config.json -> /dev/zero and registry.json as a FIFO: initialize is answered, both files named in a warning', async () => {
    const root = workspace({ 'a.agr': A_TEXT });
    makeSymlink('/dev/zero', join(root, '.agreement', 'config.json'));
    makeFifo(join(root, '.agreement', 'registry.json'));
    await withServer(root, async (server) => {
      const status = await indexedStatus(server);
      assert.deepEqual(status.documents, [URI.file(join(root, 'a.agr')).toString()]);
      const shown = warnings(server);
      assert.ok(
        shown.some((m) => /config\.json.*not a regular file \(a character device\)/.test(m)),
        shown.join('\n'),
      );
      assert.ok(
        shown.some((m) => /registry\.json.*not a regular file \(a FIFO\)/.test(m)),
        shown.join('\n'),
      );
    });
  });

  test('row 4 (server): a watcher event for a FIFO x.agr or zero.agr -> /dev/zero is skipped; the server keeps answering', async () => {
    const root = workspace({ 'a.agr': A_TEXT });
    await withServer(root, async (server) => {
      await indexedStatus(server);
      makeFifo(join(root, 'x.agr'));
      makeSymlink('/dev/zero', join(root, 'zero.agr'));
      await server.notify('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: URI.file(join(root, 'x.agr')).toString(), type: 1 },
          { uri: URI.file(join(root, 'zero.agr')).toString(), type: 1 },
        ],
      });
      const status = await server.request<IndexStatus>('agreement/indexStatus', {}, 10_000);
      assert.deepEqual(status.documents, [URI.file(join(root, 'a.agr')).toString()]);
      assert.match(server.stderr() + JSON.stringify(server.notifications), /not a regular file/);
    });
  });

  test('row 10 (server): the start of the server does not index link.agr -> /etc/passwd', async () => {
    const root = workspace({ 'a.agr': A_TEXT });
    makeSymlink('/etc/passwd', join(root, 'link.agr'));
    await withServer(root, async (server) => {
      const status = await indexedStatus(server);
      assert.deepEqual(status.documents, [URI.file(join(root, 'a.agr')).toString()]);
    });
  });
});
