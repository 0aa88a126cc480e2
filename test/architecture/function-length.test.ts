import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeFiles, repoRoot } from './source-graph.ts';

/** Longest function a reader should have to hold in their head (nested functions count inside it). */
const MAX_LINES = 80;

/** `file:line name (n lines)` for every function, method or arrow longer than `max` lines. */
function longFunctions(file: string, source: string, max: number): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push(`${file}:${first + 1} ${nameOf(node, sf)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(sf);
  return '(anonymous)';
}

describe('functions stay short', () => {
  it(`no function in src/ or dialogs/ is longer than ${MAX_LINES} lines`, () => {
    const long = codeFiles(['src', 'dialogs']).flatMap((f) => longFunctions(f, readFileSync(path.join(repoRoot, f), 'utf8'), MAX_LINES));
    expect(long).toEqual([]);
  });

  it('counts a long function, nested ones included (the check itself works)', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const source = `export function outer() {\n  function inner() {\n${body}\n  }\n  return inner;\n}\n`;
    expect(longFunctions('x.ts', source, 6)).toEqual(['x.ts:1 outer (10 lines)', 'x.ts:2 inner (7 lines)']);
  });
});
