import { describe, expect, it } from 'vitest';
import { codeFiles, cycles, fileGraph, moduleGraph, moduleOf } from './source-graph.ts';

/**
 * The floor plan (README "Architecture"): a module may import only from modules on an earlier line.
 * Modules on one line do not import each other unless an arrow in the comment says so.
 */
const layers: readonly (readonly string[])[] = [
  ['src/core'],
  ['src/db', 'src/content'],
  ['src/domain'],
  ['src/outbox'],
  ['src/reminders', 'src/broadcasts', 'src/http'],
  ['src/stats', 'src/conversation'], // stats → broadcasts
  ['src/channels'], // runs the conversation's bot (types and turn info only)
  ['src/privacy'], // erasing reaches every store, conversation state and the inbox included
  ['dialogs', 'src/scheduler'],
  ['src/admin'],
  ['src/service'],
  ['src/main'],
  ['bench'],
  ['scripts'],
];
const rank = new Map(layers.flatMap((names, i) => names.map((n) => [n, i] as const)));

const files = fileGraph(codeFiles());
const modules = moduleGraph(files);

describe('imports run one way', () => {
  it('no two files import each other, even through others or by types only', () => {
    expect(cycles(files)).toEqual([]);
  });

  it('no two modules (src/<folder>, dialogs, scripts, bench) import each other', () => {
    expect(cycles(modules)).toEqual([]);
  });

  it('every module has its place in the floor plan', () => {
    const unplaced = [...new Set([...files.keys()].map(moduleOf))].filter((m) => !rank.has(m));
    expect(unplaced).toEqual([]);
  });

  it('a module imports only from the layers below it', () => {
    const upward: string[] = [];
    for (const [file, targets] of files) {
      for (const target of targets) {
        const from = moduleOf(file);
        const to = moduleOf(target);
        if (from !== to && rank.get(to)! >= rank.get(from)!) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself works)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });
});
