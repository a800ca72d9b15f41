import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  Diagnostic,
  DocumentDiagnosticReport,
  WorkspaceDiagnosticReport,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { type ServerSession, startServer } from '../support/lspClient';
import { SEEDS_DIR } from '../support/paths';

/** Pull diagnostics, workspace diagnostics, project settings and quick fixes, as an editor sees them. */
describe('diagnostics over stdio', () => {
  let server: ServerSession;
  let root: string;
  const uri = (name: string) => URI.file(join(root, name)).toString();
  const pull = async (name: string) =>
    (
      await server.request<DocumentDiagnosticReport & { items: Diagnostic[] }>('textDocument/diagnostic', {
        textDocument: { uri: uri(name) },
      })
    ).items;
  const open = (name: string, text: string, version = 1) =>
    server.notify('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'agreement', version, text } });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'agreement-diagnostics-'));
    for (const seed of ['000_4fcd428554b688c6', '002_39ea2386c1d7ada1'])
      copyFileSync(join(SEEDS_DIR, `${seed}.txt`), join(root, `${seed}.agr`));
    mkdirSync(join(root, '.agreement'));
    writeFileSync(
      join(root, '.agreement', 'config.json'),
      JSON.stringify({ rules: { 'weekday-mismatch': 'error' }, bogus: 1 }),
    );
    server = await startServer({ rootUri: URI.file(root).toString() });
    await server.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
  });
  after(async () => server.stop());

  test('seed 000: AZEC undefined, VNSC defined twice, with codes, links and related places', async () => {
    await open('000_4fcd428554b688c6.agr', readFileSync(join(root, '000_4fcd428554b688c6.agr'), 'utf8'));
    const items = await pull('000_4fcd428554b688c6.agr');
    const azec = items.find((d) => d.code === 'undefined-acronym');
    assert.ok(azec, JSON.stringify(items));
    assert.equal(azec.range.start.line, 34);
    assert.match(azec.codeDescription!.href, /docs\/rules\/undefined-acronym\.md$/);
    const vnsc = items.find((d) => d.code === 'conflicting-definition');
    assert.equal(vnsc?.range.start.line, 55);
    assert.ok((vnsc?.relatedInformation ?? []).length >= 1);
  });

  test('a pull before the didOpen (as after a restart) is answered from the file, not empty', async () => {
    writeFileSync(join(root, 'not-open.agr'), '会談は2021年11月23日(水)に行われた。\n');
    const items = await pull('not-open.agr');
    assert.deepEqual(
      items.map((d) => d.code),
      ['weekday-mismatch'],
    );
    const untitled = await server.request<{ items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri: 'untitled:never-opened' },
    });
    assert.deepEqual(untitled.items, []);
  });

  test('the project file sets a severity, and its unknown key is one warning', async () => {
    await open('w.agr', '会談は2021年11月23日(水)に行われた。\n');
    const [weekday] = await pull('w.agr');
    assert.equal(weekday?.code, 'weekday-mismatch');
    assert.equal(weekday?.severity, 1, 'error, as .agreement/config.json says');
    const warnings = server.notifications
      .filter((n) => n.method === 'window/showMessage')
      .map((n) => JSON.stringify(n.params));
    assert.ok(
      warnings.some((w) => w.includes('bogus')),
      warnings.join('\n'),
    );
  });

  test('a quick fix corrects the weekday, and fix-all is offered', async () => {
    const [weekday] = await pull('w.agr');
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('w.agr') },
      range: weekday!.range,
      context: { diagnostics: [weekday] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix');
    assert.ok(fix, JSON.stringify(actions));
    const edit = fix.edit!.changes![uri('w.agr')]![0]!;
    assert.match(edit.newText, /火/);
    assert.ok(actions.some((a) => a.kind === 'source.fixAll'));
  });

  test('workspace diagnostics cover every file, open documents at their version', async () => {
    const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const files = report.items.map((i) => i.uri);
    assert.ok(files.includes(uri('002_39ea2386c1d7ada1.agr')));
    // An open document is there too, at its version, so that a client that never pulled it still has its findings.
    const open = report.items.find((i) => i.uri === uri('000_4fcd428554b688c6.agr'));
    assert.equal(open?.version, 1);
    assert.ok(open.kind === 'full' && open.items.some((d) => d.code === 'undefined-acronym'));
  });
});
