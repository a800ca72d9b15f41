#!/usr/bin/env node
// Bundles the extension client, the language server (with its analysis worker, which the server
// starts from dist/analysisWorker.js) and the command-line linter into single CommonJS files
// under dist/. `vscode` is provided by the editor and stays external.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD build requires its modules at run time (`./impl/format`), which a
  // bundle does not have: its ES module build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/workspace/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  { entryPoints: ['server/src/cli/agreementLint.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  const { context } = await import('esbuild');
  for (const entry of entries) await (await context({ ...shared, ...entry })).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(entries.map((entry) => build({ ...shared, ...entry })));
  chmodSync('dist/server.js', 0o755);
  chmodSync('dist/cli.js', 0o755);
}
