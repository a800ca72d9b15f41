import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { type ServerSession, startServer } from '../support/lspClient';
import { SEEDS_DIR } from '../support/paths';

/**
 * The seeds as a workspace (copied as .agr so the server indexes them), with seed 000 open:
 * hover, definition, references, related clauses and rename as an editor sees them.
 */
describe('navigation over stdio on the seeds', () => {
  let server: ServerSession;
  let root: string;
  const uri = (seed: string) => URI.file(join(root, `${seed}.agr`)).toString();
  const seed000 = '000_4fcd428554b688c6';
  const seed002 = '002_39ea2386c1d7ada1';
  let text000 = '';
  /** The position of the first occurrence of `needle` (plus `delta` characters) in seed 000. */
  const positionOf = (needle: string, delta = 0) => {
    const lines = text000.split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    return { line, character: lines[line]!.indexOf(needle) + delta };
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'agreement-seeds-'));
    for (const file of readdirSync(SEEDS_DIR))
      copyFileSync(join(SEEDS_DIR, file), join(root, file.replace(/\.txt$/, '.agr')));
    text000 = readFileSync(join(root, `${seed000}.agr`), 'utf8');
    server = await startServer({ rootUri: URI.file(root).toString(), initializationOptions: {} });
    await server.request('agreement/entityMentions', { id: 'none', waitForIndex: true });
    await server.notify('textDocument/didOpen', {
      textDocument: { uri: uri(seed000), languageId: 'agreement', version: 1, text: text000 },
    });
  });
  after(async () => server.stop());

  test('go to definition of AZEC in seed 000 lands on its definition in seed 002', async () => {
    const locations = await server.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri(seed000) },
      position: positionOf('AZEC の枠組み', 1),
    });
    assert.equal(locations.length, 1);
    assert.equal(locations[0]!.uri, uri(seed002));
    assert.equal(locations[0]!.range.start.line, 11);
  });

  test('references to NEXUS list mentions in seeds 000 and 002', async () => {
    const locations = await server.request<Location[]>('textDocument/references', {
      textDocument: { uri: uri(seed000) },
      position: positionOf('NEXUS', 1),
      context: { includeDeclaration: true },
    });
    const files = new Set(locations.map((l) => l.uri));
    assert.ok(files.has(uri(seed000)) && files.has(uri(seed002)), [...files].join('\n'));
    assert.ok(locations.filter((l) => l.uri === uri(seed000)).length >= 3);
  });

  test('a quoted instrument title goes to the list of signed documents', async () => {
    const locations = await server.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri(seed000) },
      position: positionOf('衛星データ交換に関する協定', 2),
    });
    assert.ok(
      locations.some((l) => l.uri === uri(seed000) && l.range.start.line === 55),
      JSON.stringify(locations),
    );
  });

  test('renaming a registry name is refused with a reason; a document-defined acronym is renamed', async () => {
    const refused = server.request('textDocument/prepareRename', {
      textDocument: { uri: uri(seed000) },
      position: positionOf('JAXA', 1),
    });
    await assert.rejects(refused, /registry/);
    const edit = await server.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uri(seed000) },
      position: positionOf('(LLM)', 2),
      newName: 'LLMs',
    });
    const edits = edit.changes?.[uri(seed000)] ?? [];
    assert.ok(edits.length >= 1 && edits.every((e) => e.newText === 'LLMs'), JSON.stringify(edit));
  });

  test('hover on AZEC explains Asia Zero Emission Community and where it is defined', async () => {
    const hover = await server.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: uri(seed000) },
      position: positionOf('AZEC の枠組み', 1),
    });
    const markdown =
      hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(markdown, /Asia Zero Emission Community/);
    assert.match(markdown, /002_39ea2386c1d7ada1\.agr/, 'the hover says where AZEC is defined');
  });

  test('related clauses of 1. 科学技術 include the signed satellite-data agreement, with reasons', async () => {
    const related = await server.request<Array<{ location: Location; title: string; reasons: string[] }>>(
      'agreement/relatedClauses',
      { textDocument: { uri: uri(seed000) }, position: positionOf('1. 科学技術') },
    );
    assert.ok(related.length >= 2, JSON.stringify(related));
    assert.ok(related[0]!.reasons.length >= 1);
    assert.ok(related.some((r) => r.location.range.start.line === 55 && r.location.uri === uri(seed000)));
  });

  test('code lenses count related clauses and resolve to a peek command', async () => {
    const lenses = await server.request<Array<{ range: unknown; data: unknown }>>('textDocument/codeLens', {
      textDocument: { uri: uri(seed000) },
    });
    assert.ok(lenses.length >= 3);
    const resolved = await server.request<{ command: { title: string; command: string; arguments: unknown[] } }>(
      'codeLens/resolve',
      lenses[0],
    );
    assert.match(resolved.command.title, /related clause/);
    assert.equal(resolved.command.command, 'agreement.showRelatedClauses');
    assert.equal((resolved.command.arguments[2] as unknown[]).length > 0, true);
  });

  test('workspace symbols find JAXA by its Japanese name and vice versa', async () => {
    const byAcronym = await server.request<Array<{ name: string }>>('workspace/symbol', { query: 'JAXA' });
    assert.ok(
      byAcronym.some((s) => s.name === '宇宙航空研究開発機構'),
      JSON.stringify(byAcronym.slice(0, 5)),
    );
    const byName = await server.request<Array<{ name: string }>>('workspace/symbol', { query: '宇宙航空' });
    assert.ok(byName.some((s) => s.name === 'JAXA'));
  });

  test('completion offers registry names for a partial name', async () => {
    await server.notify('textDocument/didChange', {
      textDocument: { uri: uri(seed000), version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '宇宙航空' },
      ],
    });
    const list = await server.request<{ items: Array<{ label: string }> }>('textDocument/completion', {
      textDocument: { uri: uri(seed000) },
      position: { line: 0, character: 4 },
    });
    assert.ok(list.items.some((i) => i.label === '宇宙航空研究開発機構'));
  });
});
