/**
 * Issue 11, rows 2 and 12, as invariants of the sources of `server/src`:
 *
 * - no function calls itself (directly, or by passing itself as a callback) unless it is on
 *   the list below with the bound of its depth: recursion over an input-sized structure
 *   overflows the stack on a large enough input (row 2). Argument spread (`push(...x)`,
 *   `Math.max(...x)`) is kept out by the ESLint rule `no-restricted-syntax` in
 *   eslint.config.mjs;
 * - no plain object is indexed, or tested with `in`, by a key of type `string`: a word of the
 *   text such as `toString` or `constructor` finds the prototype's member (row 12). Tables
 *   from text keys are `Map`s; output objects keyed by text are built with `Object.fromEntries`.
 *
 * The second check reads types, so it builds the TypeScript program of tsconfig.json once.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../support/paths';

const SERVER_SRC = join(REPO_ROOT, 'server', 'src');

/** Recursive functions whose depth does not grow with the input, each with its bound. */
const BOUNDED_RECURSION = new Map([
  ['server/src/core/features/inlayHints.ts clausePath', 'stops at depth 12'],
  [
    'server/src/core/resolve/clauseReferenceTargets.ts clauseName',
    'one level: an implicit paragraph names its article',
  ],
  ['server/src/core/resolve/clauseReferenceTargets.ts resolvePath', 'stops at depth 8 (同項 of a 同項 …)'],
  ['server/src/cli/outputChunks.ts pump', "not a call: it listens for 'drain' with itself, after returning"],
  [
    'server/src/workspace/agreementWorkspace.ts analyse',
    'not a nested call: after an await, it starts the next analysis of edits that arrived meanwhile',
  ],
  // The codec descends the shape of the data's type, not the data: an array of objects is one
  // column whatever its length, and the analysis nests no deeper with a longer text (its
  // clause tree is written as indexes). test/unit/columnarCodec.test.ts runs it on analyses.
  ['server/src/workspace/columnarCodec.ts encodeColumn', "the nesting depth of the value's type"],
  ['server/src/workspace/columnarCodec.ts decodeColumn', 'the nesting depth of the encoded columns'],
  ['server/src/workspace/columnarCodec.ts checkDeep', "the nesting depth of the value's type"],
  ['server/src/workspace/columnarCodec.ts cut', "the nesting depth of the value's type"],
]);

/**
 * Lookups by a `string` that is a property name of the code's own data, never a word of a
 * text: each with where the name comes from. (File and expression, without the line.)
 */
const PROPERTY_NAME_LOOKUPS = new Map([
  [
    'server/src/workspace/columnarCodec.ts: (row as Record<string, unknown>)[key]',
    "the row's own keys, which made its shape",
  ],
  [
    'server/src/workspace/columnarCodec.ts: (target as Record<string, unknown>)[key]',
    'the path of own keys `cut` took',
  ],
  [
    'server/src/workspace/dependencyRecorder.ts: (record as Record<string, unknown>)[name]',
    "the fields of an index record (getters of IndexedDocumentEntry) or the record's own keys",
  ],
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Marks a method's name among the enclosing names: only `this.name` calls it. */
const METHOD = '#method ';

const shown = (file: string) => relative(REPO_ROOT, file).split(sep).join('/');

/**
 * The name a function is known by inside its own body, if any. A method is not: a bare
 * identifier of its name in its body is some other function (`runRules` of the core called
 * from a method `runRules`); the method calls itself as `this.name`, which is `METHOD` + name.
 */
function functionName(node: ts.Node): string | undefined {
  if (ts.isMethodDeclaration(node)) return `${METHOD}${node.name.getText()}`;
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.getText();
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent))
    return node.parent.name.getText();
  return undefined;
}

test('rows 2 and 11: no function of server/src recurses, except the few with a fixed bound', () => {
  const found = new Set<string>();
  for (const file of sources(SERVER_SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node, enclosing: readonly string[]): void => {
      const name = functionName(node);
      const names = name === undefined ? enclosing : [...enclosing, name];
      const parentNode = node.parent as ts.Node | undefined;
      const isThisMember =
        ts.isIdentifier(node) &&
        parentNode !== undefined &&
        ts.isPropertyAccessExpression(parentNode) &&
        parentNode.name === node &&
        parentNode.expression.kind === ts.SyntaxKind.ThisKeyword;
      if (isThisMember && names.includes(`${METHOD}${node.text}`)) found.add(`${shown(file)} ${node.text}`);
      else if (ts.isIdentifier(node) && names.includes(node.text)) {
        const parent = node.parent;
        const isDeclarationName =
          (ts.isFunctionDeclaration(parent) ||
            ts.isMethodDeclaration(parent) ||
            ts.isFunctionExpression(parent) ||
            ts.isVariableDeclaration(parent)) &&
          parent.name === node;
        // `other.name` is another object's member; `this.name` is this method.
        const isOtherMember =
          ts.isPropertyAccessExpression(parent) &&
          parent.name === node &&
          parent.expression.kind !== ts.SyntaxKind.ThisKeyword;
        const isPropertyName =
          (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent)) && parent.name === node;
        if (!isDeclarationName && !isOtherMember && !isPropertyName) found.add(`${shown(file)} ${node.text}`);
      }
      ts.forEachChild(node, (child) => visit(child, names));
    };
    visit(source, []);
  }
  const unbounded = [...found].filter((key) => !BOUNDED_RECURSION.has(key)).sort();
  assert.deepEqual(unbounded, [], 'recursive functions: rewrite with a loop and an explicit stack');
});

test('row 12: no plain object of server/src is indexed by a string key', () => {
  const configFile = ts.readConfigFile(join(REPO_ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, REPO_ROOT);
  const program = ts.createProgram(
    config.fileNames.filter((f) => f.startsWith(SERVER_SRC)),
    config.options,
  );
  const checker = program.getTypeChecker();
  const isWideString = (type: ts.Type): boolean =>
    type.isUnion()
      ? type.types.some(isWideString)
      : (type.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.Any)) !== 0;
  const lookups: string[] = [];
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(SERVER_SRC)) continue;
    const visit = (node: ts.Node): void => {
      let object: ts.Expression | undefined;
      let key: ts.Expression | undefined;
      if (ts.isElementAccessExpression(node)) [object, key] = [node.expression, node.argumentExpression];
      else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword)
        [object, key] = [node.right, node.left];
      if (object && key && isWideString(checker.getTypeAtLocation(key))) {
        const type = checker.getNonNullableType(checker.getTypeAtLocation(object));
        if (!checker.isArrayLikeType(type) && (type.flags & ts.TypeFlags.StringLike) === 0) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          lookups.push(`${shown(source.fileName)}:${line + 1}: ${node.getText()}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const fromText = lookups.filter((lookup) => !PROPERTY_NAME_LOOKUPS.has(lookup.replace(/:\d+:/, ':')));
  assert.deepEqual(fromText, [], 'use a Map (or Object.fromEntries for an output object) instead');
});
