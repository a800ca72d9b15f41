import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import type { Location } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { type ServerSession, startServer } from '../support/lspClient';

/**
 * A workspace on disk, none of it opened: the server must index it at start, in every
 * encoding, skip what it cannot read, take the workspace registry, and follow changes.
 */
describe('the workspace index over stdio', () => {
  let server: ServerSession;
  let root: string;
  const uri = (name: string) => URI.file(join(root, name)).toString();

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'agreement-workspace-'));
    mkdirSync(join(root, '.agreement'));
    writeFileSync(
      join(root, '.agreement', 'registry.yaml'),
      [
        'entries:',
        '  - id: test.zeta',
        '    kind: agency',
        '    names: { ja: [ゼータ研究機構], en: [Zeta Research Organisation] }',
        '    acronyms: [ZRO]',
        '    country: JP',
        '    description: { en: A test body., ja: テスト用の機関。 }',
        '  - id: Not Valid',
        '    kind: agency',
      ].join('\n'),
    );
    writeFileSync(join(root, 'a.agr'), '1. 協力\nゼータ研究機構(ZRO)とベトナム宇宙センター(VNSC)は協力する。\n');
    writeFileSync(
      join(root, 'b.agreement.txt'),
      iconv.encode('第一条　ＺＲＯ及びVNSCは、協定を結ぶ。\r\n', 'shift_jis'),
    );
    writeFileSync(join(root, 'c.agr'), Buffer.from([0x00, 0x01, 0x02, 0x00]));
    writeFileSync(join(root, 'notes.md'), 'ZRO is not an agreement file.');
    server = await startServer({ rootUri: URI.file(root).toString() });
  });
  after(async () => server.stop());

  test('every readable agreement file is indexed, the binary one is skipped with a log line', async () => {
    await server.request('agreement/entityMentions', { id: 'test.zeta', waitForIndex: true });
    const status = await server.request<{ documents: string[]; indexing: boolean }>('agreement/indexStatus', {});
    assert.deepEqual(status.documents, [uri('a.agr'), uri('b.agreement.txt')]);
    const logs = server.notifications
      .filter((n) => n.method === 'window/logMessage')
      .map((n) => (n.params as { message: string }).message);
    assert.ok(
      logs.some((m) => m.includes('c.agr') && m.includes('binary')),
      logs.join('\n'),
    );
  });

  test('a workspace registry entry names mentions in unopened files, in Shift_JIS too', async () => {
    const mentions = await server.request<Location[]>('agreement/entityMentions', {
      id: 'test.zeta',
      waitForIndex: true,
    });
    assert.deepEqual(
      mentions.map((m) => [m.uri, m.range.start.line, m.range.start.character]),
      [
        [uri('a.agr'), 1, 0],
        [uri('a.agr'), 1, 8],
        [uri('b.agreement.txt'), 0, 4],
      ],
    );
  });

  test('the invalid registry entry is one warning naming the file and line', () => {
    const warnings = server.notifications
      .filter((n) => n.method === 'window/showMessage')
      .map((n) => (n.params as { message: string }).message);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /registry\.yaml:8: entries\[1\] \(Not Valid\): "id" must match/);
  });

  test('a definition in one file is found from the workspace', async () => {
    const definitions = await server.request<Array<{ uri: string; expansion: string }>>('agreement/termDefinitions', {
      term: 'VNSC',
      waitForIndex: true,
    });
    assert.deepEqual(
      definitions.map((d) => [d.uri, d.expansion]),
      [[uri('a.agr'), 'ベトナム宇宙センター']],
    );
  });

  test('created and deleted files are followed', async () => {
    writeFileSync(join(root, 'd.agr'), 'ZROの報告\n');
    await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('d.agr'), type: 1 }] });
    let mentions = await server.request<Location[]>('agreement/entityMentions', { id: 'test.zeta' });
    assert.ok(mentions.some((m) => m.uri === uri('d.agr')));
    unlinkSync(join(root, 'b.agreement.txt'));
    await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('b.agreement.txt'), type: 3 }] });
    mentions = await server.request<Location[]>('agreement/entityMentions', { id: 'test.zeta' });
    assert.ok(!mentions.some((m) => m.uri === uri('b.agreement.txt')));
  });

  test('an open document is indexed from its buffer, and from disk again once closed', async () => {
    await server.notify('textDocument/didOpen', {
      textDocument: { uri: uri('a.agr'), languageId: 'agreement', version: 1, text: '何もない。\n' },
    });
    await server.request('textDocument/documentSymbol', { textDocument: { uri: uri('a.agr') } });
    let mentions = await server.request<Location[]>('agreement/entityMentions', { id: 'test.zeta' });
    assert.ok(!mentions.some((m) => m.uri === uri('a.agr')));
    await server.notify('textDocument/didClose', { textDocument: { uri: uri('a.agr') } });
    mentions = await server.request<Location[]>('agreement/entityMentions', { id: 'test.zeta' });
    assert.ok(mentions.some((m) => m.uri === uri('a.agr')));
  });
});
