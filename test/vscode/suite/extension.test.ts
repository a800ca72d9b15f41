/// <reference types="mocha" />
/**
 * Smoke tests of the real extension inside VS Code: the extension activates for `agreement`
 * documents, its language client starts the bundled server, and the server's outline and folding
 * ranges reach VS Code's own provider commands. The detailed behaviour of the analysis is covered
 * by the unit tests; these tests only prove that the pieces are wired together.
 *
 * The Mocha globals (`suite`, `test`, ...) come from the triple-slash reference above, because the
 * project's tsconfig limits automatic type inclusion to Node's types.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

// `publisher.name` from package.json.
const EXTENSION_ID = 'agreement-annotator.agreement-annotator';
const SEED_WITH_NUMBERED_CLAUSES = '000_4fcd428554b688c6.txt';
const SEED_WITH_ROMAN_ARTICLES = '004_1c12d9f6ba6291dd.txt';
// The language server starts in a separate process after activation, so its first answers can
// take a few seconds on a cold start; requests made before that return nothing rather than failing.
const SERVER_DEADLINE_MS = 20_000;
const POLL_INTERVAL_MS = 250;

/** Calls `probe` until it returns a value that is not undefined, or fails after `deadlineMs`. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  deadlineMs = SERVER_DEADLINE_MS,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${deadlineMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/**
 * Finds a seed text. The runner opens a temporary copy of the repository's seeds/ folder as the
 * workspace, but the tests also work when VS Code is started on the repository itself, or on some
 * other folder (then the extension's own checkout is used).
 */
function seedUri(fileName: string): vscode.Uri {
  const candidates: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    candidates.push(path.join(folder.uri.fsPath, 'seeds', fileName), path.join(folder.uri.fsPath, fileName));
  }
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (extension) candidates.push(path.join(extension.extensionPath, 'seeds', fileName));
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  assert.ok(found, `Seed ${fileName} not found; looked in:\n${candidates.join('\n')}`);
  return vscode.Uri.file(found);
}

/**
 * Opens a seed in an editor as an `agreement` document. The workspace's files.associations
 * (seeds/*.txt → agreement) should already give it that language; when the workspace has no such
 * setting (for example a folder without the repository's .vscode/settings.json), the language is
 * set explicitly so the remaining checks still exercise the language server.
 */
async function openSeed(fileName: string): Promise<vscode.TextDocument> {
  let document = await vscode.workspace.openTextDocument(seedUri(fileName));
  if (document.languageId !== 'agreement') {
    console.log(
      `note: ${fileName} opened as '${document.languageId}'; setting the language to 'agreement' explicitly.`,
    );
    document = await vscode.languages.setTextDocumentLanguage(document, 'agreement');
  }
  await vscode.window.showTextDocument(document);
  return document;
}

/** The position of the first occurrence of `needle` in a document, moved `delta` characters in. */
function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found in ${document.uri.fsPath}`);
  return document.positionAt(offset + delta);
}

/** Asks VS Code for the document's outline until the language server has answered with symbols. */
async function outlineOf(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
  const symbols = await waitFor(`document symbols for ${path.basename(document.uri.fsPath)}`, async () => {
    const result = await vscode.commands.executeCommand<
      (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined
    >('vscode.executeDocumentSymbolProvider', document.uri);
    return result && result.length > 0 ? result : undefined;
  });
  // The server answers with hierarchical DocumentSymbols; flat SymbolInformation has no children.
  for (const symbol of symbols)
    assert.ok('children' in symbol, `Expected hierarchical DocumentSymbols, got ${JSON.stringify(symbol)}`);
  return symbols as vscode.DocumentSymbol[];
}

/** Checks that `symbols` are, in order, named `<label> …` for each label in `labels`. */
function assertLabels(symbols: readonly vscode.DocumentSymbol[], labels: readonly string[], where: string): void {
  const names = symbols.map((symbol) => symbol.name);
  assert.equal(
    names.length,
    labels.length,
    `${where}: expected ${labels.length} entries, got ${JSON.stringify(names)}`,
  );
  labels.forEach((label, i) => {
    assert.ok(
      names[i]?.startsWith(`${label} `),
      `${where}: entry ${i} should start with "${label} ", got ${JSON.stringify(names[i])}`,
    );
  });
}

suite('Agreement Annotator in VS Code', () => {
  test('activates for an agreement document', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `Extension ${EXTENSION_ID} is not installed in the test instance.`);
    const document = await openSeed(SEED_WITH_NUMBERED_CLAUSES);
    assert.equal(document.languageId, 'agreement');
    // Activation is not forced with extension.activate(): the test should prove that opening an
    // `agreement` document activates the extension through the manifest's activation events.
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  test('outline of a Japanese joint statement (seed 000)', async () => {
    const document = await openSeed(SEED_WITH_NUMBERED_CLAUSES);
    const outline = await outlineOf(document);

    assert.equal(
      outline.length,
      6,
      `Expected 5 clauses and 1 heading, got ${JSON.stringify(outline.map((s) => s.name))}`,
    );
    assertLabels(outline.slice(0, 5), ['1.', '2.', '3.', '4.', '5.'], 'top level');
    const heading = outline[5];
    assert.ok(heading);
    assert.equal(heading.name, '訪越に際して署名・交換された文書');
    assertLabels(heading.children, ['1.', '2.', '3.', '4.', '5.', '6.'], `children of ${heading.name}`);
  });

  test('outline of a memorandum with Roman-numbered articles (seed 004)', async () => {
    const document = await openSeed(SEED_WITH_ROMAN_ARTICLES);
    const outline = await outlineOf(document);
    assertLabels(outline, ['I.', 'II.', 'III.', 'IV.'], 'top level');
  });

  test('folding ranges cover the clauses (seed 000)', async () => {
    const document = await openSeed(SEED_WITH_NUMBERED_CLAUSES);
    const [firstClause] = await outlineOf(document);
    assert.ok(firstClause);
    const ranges = await waitFor('folding ranges', async () => {
      const result = await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>(
        'vscode.executeFoldingRangeProvider',
        document.uri,
      );
      return result && result.length > 0 ? result : undefined;
    });
    // Clause 1 spans several lines, so the server should offer a folding range over exactly it.
    const { start, end } = firstClause.range;
    assert.ok(end.line > start.line, `Clause "${firstClause.name}" should span several lines.`);
    assert.ok(
      ranges.some((range) => range.start === start.line && range.end === end.line),
      `No folding range for lines ${start.line}-${end.line} of "${firstClause.name}"; got ${JSON.stringify(ranges)}`,
    );
  });

  test('hover on AZEC explains Asia Zero Emission Community (seed 000)', async () => {
    const document = await openSeed(SEED_WITH_NUMBERED_CLAUSES);
    const position = positionOf(document, 'AZEC の枠組み', 1);
    const text = await waitFor('a hover on AZEC', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[] | undefined>(
        'vscode.executeHoverProvider',
        document.uri,
        position,
      );
      const joined = (hovers ?? [])
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      return joined.includes('Asia Zero Emission Community') ? joined : undefined;
    });
    assert.match(text, /Asia Zero Emission Community/);
  });

  test('go to definition of an acronym lands on its definition (seed 000)', async () => {
    const document = await openSeed(SEED_WITH_NUMBERED_CLAUSES);
    const position = positionOf(document, '(LLM)', 2);
    const locations = await waitFor('a definition of LLM', async () => {
      const result = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink> | undefined>(
        'vscode.executeDefinitionProvider',
        document.uri,
        position,
      );
      return result && result.length > 0 ? result : undefined;
    });
    const first = locations[0]!;
    const range = 'range' in first ? first.range : first.targetRange;
    assert.equal(range.start.line, position.line);
  });
});
