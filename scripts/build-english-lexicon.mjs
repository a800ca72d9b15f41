#!/usr/bin/env node
// Builds server/src/core/rules/data/englishWords.json: the English words that treaties write in
// lower case, so that the undefined-acronym rule can tell a word in capitals (DESIRING, HAVE
// AGREED) from an acronym. Derived from the treaty texts of the manytreaties dataset
// (globalgov/manytreaties, CC BY 4.0): a word counts when it is written in lower case at least
// 5 times in at least 3 texts. Texts that are case-folded copies (hardly any capital letter)
// are left out, since their acronyms are written in lower case too.
//
//   node scripts/build-english-lexicon.mjs "<manytreaties>/data-raw/agreements/GGO/treaty texts"
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: build-english-lexicon.mjs <treaty texts folder>');
  process.exit(2);
}
const files = [];
for (const sub of readdirSync(root)) {
  const dir = join(root, sub);
  if (!statSync(dir).isDirectory()) continue;
  for (const name of readdirSync(dir)) if (name.endsWith('.txt')) files.push(join(dir, name));
}
const total = new Map();
const documents = new Map();
const capitalised = new Map();
const capitals = new Map();
let used = 0;
for (const file of files) {
  const text = readFileSync(file, 'latin1');
  const upper = text.match(/[A-Z]/g)?.length ?? 0;
  const lower = text.match(/[a-z]/g)?.length ?? 0;
  if (lower === 0 || upper / (upper + lower) < 0.01) continue;
  used++;
  const seen = new Set();
  for (const m of text.matchAll(/(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])/g)) {
    const word = m[0];
    total.set(word, (total.get(word) ?? 0) + 1);
    seen.add(word);
  }
  for (const word of seen) documents.set(word, (documents.get(word) ?? 0) + 1);
  for (const m of text.matchAll(/(?<![A-Za-z])([A-Z])([a-z]+|[A-Z]+)(?![A-Za-z])/g)) {
    const word = m[0].toLowerCase();
    const table = /[a-z]/.test(m[2]) ? capitalised : capitals;
    table.set(word, (table.get(word) ?? 0) + 1);
  }
}
const words = [...total.keys()]
  .filter((w) => total.get(w) >= 5 && documents.get(w) >= 3)
  .filter((w) => total.get(w) + (capitalised.get(w) ?? 0) >= (capitals.get(w) ?? 0))
  .sort();
const data = {
  $comment:
    'English words treaties write in lower case, derived from the treaty texts of globalgov/manytreaties (CC BY 4.0) by scripts/build-english-lexicon.mjs. A word in capitals that is one of these is a word, not an acronym.',
  words,
};
writeFileSync(
  new URL('../server/src/core/rules/data/englishWords.json', import.meta.url),
  `${JSON.stringify(data, null, 2)}\n`,
);
console.log(`${words.length} words from ${used} of ${files.length} texts`);
