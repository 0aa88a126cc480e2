/**
 * The repository's own source as data for the architecture tests: every TypeScript file under the
 * code folders, the files it imports (type imports and dynamic imports count: a cycle of types is
 * still a cycle for the reader), and the module each file belongs to.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const codeFolders = ['src', 'dialogs', 'scripts', 'bench'];

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'public' ? [] : tsFilesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Repository-relative paths of the code files. */
export function codeFiles(folders: readonly string[] = codeFolders): string[] {
  return folders.flatMap((f) => tsFilesUnder(path.join(repoRoot, f))).map((f) => path.relative(repoRoot, f));
}

/** The repository files `file` imports through relative specifiers. */
export function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(repoRoot, file), 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.normalize(path.join(path.dirname(file), spec)))
    .filter((target) => existsSync(path.join(repoRoot, target)));
}

/** `src/<folder>` for files in a folder of src/, `src/<name>` for src's own files, else the top folder. */
export function moduleOf(file: string): string {
  const parts = file.split(path.sep);
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length > 2 ? `src/${parts[1]}` : `src/${parts[1]!.replace(/\.ts$/, '')}`;
}

export type Graph = Map<string, Set<string>>;

export function fileGraph(files: readonly string[]): Graph {
  const known = new Set(files);
  return new Map(files.map((f) => [f, new Set(importsOf(f).filter((t) => known.has(t)))]));
}

export function moduleGraph(files: Graph): Graph {
  const modules: Graph = new Map();
  for (const [file, targets] of files) {
    const from = moduleOf(file);
    if (!modules.has(from)) modules.set(from, new Set());
    for (const t of targets) if (moduleOf(t) !== from) modules.get(from)!.add(moduleOf(t));
  }
  return modules;
}

/** Strongly connected components with more than one member (Tarjan): each one is an import cycle. */
export function cycles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}
