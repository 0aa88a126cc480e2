import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../../src/content/read.ts';
import { createI18n, readLocales } from '../../src/content/i18n.ts';

type Tree = { [key: string]: string | Tree };

/** Leaf keys; Vietnamese has only the `_other` plural form, so plural suffixes are compared without it. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`] : keysOf(v, `${prefix}${k}.`),
  );
}

describe('interface strings', () => {
  const resources = readLocales();

  it('Vietnamese and English have the same namespaces and the same keys in each', () => {
    const vi = resources.vi as Record<string, Tree>;
    const en = resources.en as Record<string, Tree>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const ns of Object.keys(vi)) {
      expect({ ns, keys: [...new Set(keysOf(en[ns]!))].sort() }).toEqual({ ns, keys: [...new Set(keysOf(vi[ns]!))].sort() });
    }
  });

  it('no string is empty', () => {
    for (const [lng, namespaces] of Object.entries(resources)) {
      for (const [ns, tree] of Object.entries(namespaces as Record<string, Tree>)) {
        const empty = keysOf(tree).filter((k) => {
          const value = k.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
          return typeof value === 'string' && value.trim() === '';
        });
        expect({ lng, ns, empty }).toEqual({ lng, ns, empty: [] });
      }
    }
  });

  it('translates per language without touching the shared instance', () => {
    const i18n = createI18n();
    expect(i18n.getFixedT('en')('bot:menu.button')).toBe('Menu');
    expect(i18n.getFixedT('vi')('bot:menu.button')).toBe('Danh mục');
    expect(i18n.language).toBe('vi');
  });

  it('a broken locale file stops start-up naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'locales-'));
    mkdirSync(path.join(dir, 'vi'));
    mkdirSync(path.join(dir, 'en'));
    writeFileSync(path.join(dir, 'vi', 'bot.json'), '{"a": "x"}');
    writeFileSync(path.join(dir, 'en', 'bot.json'), '{"a": 1}');
    expect(() => readLocales(dir)).toThrow(ContentError);
    expect(() => readLocales(dir)).toThrow(/en\/bot\.json: field a/);
  });
});
