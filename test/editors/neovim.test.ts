/**
 * The standalone server outside VS Code: Debian's Neovim 0.7 starts `node dist/server.js --stdio`
 * through `vim.lsp.start_client`, opens seed 000 (copied as `.agr` into a temporary workspace so
 * the server indexes every seed) and asks for symbols, hover and definition. The Lua side is
 * test/editors/neovim/lspProbe.lua; it writes the answers as JSON and quits.
 *
 * Run by hand (needs `apt-get install neovim` and a build):
 *   npm run build && node --import tsx --test test/editors/neovim.test.ts
 * Skips, with one line, when `nvim` is not on PATH.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DocumentSymbol, Hover, Location, LocationLink, MarkupContent } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { DIST_DIR, REPO_ROOT, SEEDS_DIR, seedFiles } from '../support/paths';

const PROBE = join(__dirname, 'neovim', 'lspProbe.lua');
const SERVER = join(DIST_DIR, 'server.js');
const SEED_000 = '000_4fcd428554b688c6';
const SEED_002 = '002_39ea2386c1d7ada1';
/** The probe gives up after 30 s on its own; this is the backstop if Neovim itself hangs. */
const PROBE_TIMEOUT_MS = 45_000;

interface ProbeRequest {
  method: string;
  line?: number;
  character?: number;
  params?: unknown;
}
interface ProbeResult {
  method: string;
  result: unknown;
  error: { code?: number; message: string } | null;
}

function neovimVersion(): string | undefined {
  const run = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error || run.status !== 0) return undefined;
  return run.stdout.split('\n')[0];
}

/** Where `AZEC` starts on its line in seed 000, in UTF-16 code units (what LSP positions count). */
function azecPosition(): { line: number; character: number } {
  const lines = readFileSync(join(SEEDS_DIR, `${SEED_000}.txt`), 'utf8').split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes('AZEC の枠組み'));
  const text = lines[line];
  assert.ok(text !== undefined, 'seed 000 no longer contains "AZEC の枠組み"');
  // A JavaScript string index is a UTF-16 offset already.
  return { line, character: text.indexOf('AZEC') };
}

const version = neovimVersion();

if (version === undefined) {
  test('the standalone server in Neovim', (t) => {
    t.skip('neovim not installed: apt-get install neovim');
  });
} else {
  describe(`the standalone server in Neovim (${version})`, () => {
    let root: string;
    const azec = azecPosition();
    // The first request waits for the workspace index, so definition sees every seed.
    const requests: ProbeRequest[] = [
      { method: 'agreement/termDefinitions', params: { term: 'AZEC', waitForIndex: true } },
      { method: 'textDocument/documentSymbol' },
      { method: 'textDocument/hover', ...azec },
      { method: 'textDocument/definition', ...azec },
    ];
    let results: ProbeResult[] = [];

    const answer = (method: string): unknown => {
      const found = results.find((r) => r.method === method);
      assert.ok(found, `the probe returned nothing for ${method}`);
      assert.equal(found.error, null, `${method} failed: ${JSON.stringify(found.error)}`);
      return found.result;
    };

    before(() => {
      assert.ok(existsSync(SERVER), `${SERVER} does not exist: run \`npm run build\` first (npm test does)`);
      root = mkdtempSync(join(tmpdir(), 'agreement-neovim-'));
      for (const seed of seedFiles()) copyFileSync(join(SEEDS_DIR, seed), join(root, seed.replace(/\.txt$/, '.agr')));
      const output = join(root, 'probe-output.json');
      const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${PROBE}`], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: PROBE_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        env: {
          ...process.env,
          AGREEMENT_SERVER: SERVER,
          AGREEMENT_FILE: join(root, `${SEED_000}.agr`),
          AGREEMENT_ROOT: root,
          AGREEMENT_REQUESTS: JSON.stringify(requests),
          AGREEMENT_OUTPUT: output,
        },
      });
      const context = `nvim exit ${run.status ?? run.signal}${run.error ? ` (${run.error.message})` : ''}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
      assert.ok(existsSync(output), `the probe wrote no output\n${context}`);
      const parsed = JSON.parse(readFileSync(output, 'utf8')) as { results?: ProbeResult[]; error?: string };
      assert.equal(parsed.error, undefined, `the probe failed: ${parsed.error}\n${context}`);
      assert.equal(run.status, 0, context);
      results = parsed.results ?? [];
    });
    after(() => {
      if (root) rmSync(root, { recursive: true, force: true });
    });

    test('documentSymbol outlines seed 000: the five numbered sections, then the signed documents', () => {
      const symbols = answer('textDocument/documentSymbol') as DocumentSymbol[];
      assert.ok(Array.isArray(symbols), JSON.stringify(symbols));
      const names = symbols.map((s) => s.name);
      assert.deepEqual(names.slice(0, 5), [
        '1. 科学技術',
        '2. 半導体',
        '3. 人工知能 (AI)',
        '4. エネルギー・重要鉱物',
        '5. 農業・食料安全保障',
      ]);
      const documents = symbols.find((s) => s.name === '訪越に際して署名・交換された文書');
      assert.ok(documents, `no 訪越に際して署名・交換された文書 heading among ${JSON.stringify(names)}`);
      assert.equal(documents.children?.length, 6, JSON.stringify(documents.children?.map((c) => c.name)));
    });

    test('hover on AZEC in seed 000 expands the acronym', () => {
      const hover = answer('textDocument/hover') as Hover | null;
      assert.ok(hover, `no hover at ${JSON.stringify(azec)}`);
      const contents = hover.contents as MarkupContent;
      assert.equal(contents.kind, 'markdown', JSON.stringify(hover.contents));
      assert.match(contents.value, /Asia Zero Emission Community/);
    });

    test('definition of AZEC in seed 000 goes to its definition in seed 002', () => {
      const definition = answer('textDocument/definition') as Location | Location[] | LocationLink[] | null;
      assert.ok(definition, `no definition at ${JSON.stringify(azec)}`);
      const locations = (Array.isArray(definition) ? definition : [definition]).map((d) =>
        'targetUri' in d
          ? { file: basename(URI.parse(d.targetUri).fsPath), line: d.targetSelectionRange.start.line }
          : { file: basename(URI.parse(d.uri).fsPath), line: d.range.start.line },
      );
      assert.ok(
        locations.some((l) => l.file === `${SEED_002}.agr` && l.line === 11),
        `expected ${SEED_002}.agr line 11 among ${JSON.stringify(locations)}`,
      );
    });
  });
}
