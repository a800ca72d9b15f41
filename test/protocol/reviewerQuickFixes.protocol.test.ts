/**
 * Issue 9, the reviewer's way out over the protocol: quick fixes that add an acronym to the
 * project's known acronyms or ignore a finding, as edits of `.agreement/config.json` (created
 * when the client can create files), and `ignore` entries with `files` globs applied per
 * document by the server as agreement-lint applies them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { type ServerSession, startServer } from '../support/lspClient';

const CAN_CREATE_FILES = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } };

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'agreement-reviewer-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function withServer(
  root: string,
  capabilities: Record<string, unknown>,
  run: (server: ServerSession, uri: (name: string) => string) => Promise<void>,
): Promise<void> {
  const server = await startServer({ rootUri: URI.file(root).toString(), capabilities });
  try {
    await server.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
    await run(server, (name) => URI.file(join(root, name)).toString());
  } finally {
    await server.stop();
  }
}

async function findingsOf(server: ServerSession, uri: string): Promise<Diagnostic[]> {
  const report = await server.request<{ items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
  return report.items ?? [];
}

async function open(server: ServerSession, uri: string, text: string): Promise<void> {
  await server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'agreement', version: 1, text } });
}

async function actionsFor(server: ServerSession, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return server.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
}

/** Applies LSP text edits to a text (edits given in any order, not overlapping). */
function applied(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const TEXT = '第一条 ZQXCは、観測データを提供する。\n';

describe("the reviewer's quick fixes over stdio", () => {
  test('with no configuration file, "add to known acronyms" creates it; applied, the finding is gone', async () => {
    const root = project({ 'a.agr': TEXT });
    await withServer(root, CAN_CREATE_FILES, async (server, uri) => {
      await open(server, uri('a.agr'), TEXT);
      const [finding] = await findingsOf(server, uri('a.agr'));
      assert.equal(finding?.code, 'undefined-acronym');
      const actions = await actionsFor(server, uri('a.agr'), finding!);
      const known = actions.find((a) => /known acronyms/.test(a.title));
      assert.ok(known, actions.map((a) => a.title).join('\n'));
      assert.ok(actions.some((a) => /^Ignore undefined-acronym for “ZQXC”/.test(a.title)));
      const configUri = URI.file(join(root, '.agreement', 'config.json')).toString();
      const [create, textEdit] = known.edit!.documentChanges! as [
        { kind: string; uri: string },
        { textDocument: { uri: string }; edits: TextEdit[] },
      ];
      assert.equal(create.kind, 'create');
      assert.equal(create.uri, configUri);
      assert.equal(textEdit.textDocument.uri, configUri);
      const config = applied('', textEdit.edits);
      assert.deepEqual(JSON.parse(config), { knownAcronyms: ['ZQXC'] });

      // The client writes the file; the watcher tells the server; the finding is gone.
      mkdirSync(join(root, '.agreement'));
      writeFileSync(join(root, '.agreement', 'config.json'), config);
      await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
      assert.deepEqual(await findingsOf(server, uri('a.agr')), []);
    });
  });

  test('a client that cannot create files is not offered an edit of a file that does not exist', async () => {
    const root = project({ 'a.agr': TEXT });
    await withServer(root, {}, async (server, uri) => {
      await open(server, uri('a.agr'), TEXT);
      const [finding] = await findingsOf(server, uri('a.agr'));
      const actions = await actionsFor(server, uri('a.agr'), finding!);
      assert.deepEqual(
        actions.filter((a) => /config\.json/.test(a.title)),
        [],
      );
    });
  });

  test('an existing configuration keeps its keys, comments and order; "ignore" adds one entry', async () => {
    const config =
      '{\n  // The project\'s settings.\n  "severities": { "undefined-term": "off" },\n  "ignore": []\n}\n';
    const root = project({ 'a.agr': TEXT, '.agreement/config.json': config });
    await withServer(root, {}, async (server, uri) => {
      await open(server, uri('a.agr'), TEXT);
      const [finding] = await findingsOf(server, uri('a.agr'));
      const actions = await actionsFor(server, uri('a.agr'), finding!);
      const ignore = actions.find((a) => /^Ignore undefined-acronym/.test(a.title));
      const configUri = URI.file(join(root, '.agreement', 'config.json')).toString();
      const edits = ignore?.edit?.changes?.[configUri];
      assert.ok(edits, JSON.stringify(ignore));
      const after = applied(readFileSync(join(root, '.agreement', 'config.json'), 'utf8'), edits);
      assert.match(after, /^\{\n {2}\/\/ The project's settings\.\n {2}"severities": \{ "undefined-term": "off" \},/);
      assert.match(after, /"ignore": \[\s*\{\s*"rule": "undefined-acronym",\s*"text": "ZQXC"\s*\}\s*\]/);
    });
  });

  test('an ignore entry with files globs silences the rule in the files it matches only', async () => {
    const config = JSON.stringify({ ignore: [{ rule: 'undefined-acronym', files: ['drafts/**'] }] });
    const root = project({ 'a.agr': TEXT, 'drafts/b.agr': TEXT, '.agreement/config.json': config });
    await withServer(root, {}, async (server, uri) => {
      assert.equal((await findingsOf(server, uri('a.agr')))[0]?.code, 'undefined-acronym');
      assert.deepEqual(await findingsOf(server, uri('drafts/b.agr')), []);
      // Open, from the editor's buffer, the same.
      await open(server, uri('drafts/b.agr'), TEXT);
      assert.deepEqual(await findingsOf(server, uri('drafts/b.agr')), []);
    });
  });
});
