/**
 * Mocha entry point for the VS Code smoke tests. @vscode/test-electron passes the bundled copy of
 * this file (out/vscode-tests/index.js) to VS Code as --extensionTestsPath; the extension host then
 * calls `run()` and reports a rejected promise as a failed test run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // The language server needs a few seconds to start on a cold VS Code, so the per-test timeout is
  // generous; the tests themselves poll with shorter deadlines and fail with clearer messages.
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 60_000 });

  // The runner bundles each suite file next to this one, so the compiled tests are the
  // `*.test.js` files in this file's own directory.
  const testFiles = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));

  return new Promise((resolve, reject) => {
    if (testFiles.length === 0) {
      reject(new Error(`No *.test.js files found in ${__dirname}.`));
      return;
    }
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} VS Code test(s) failed.`)) : resolve()));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
