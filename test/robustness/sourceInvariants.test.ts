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
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const shown = (file: string) => relative(REPO_ROOT, file).split(sep).join('/');

/** The name a function is known by inside its own body, if any. */
function functionName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name)
    return node.name.getText();
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
      if (ts.isIdentifier(node) && names.includes(node.text)) {
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
  assert.deepEqual(lookups, [], 'use a Map (or Object.fromEntries for an output object) instead');
});
