import { normalize } from '../../content/normalize.ts';
import type { Content } from '../../content/index.ts';

type Communes = Content['communes']['communes'];

/** Words people put before a place name that say nothing about which one ("xã", "thị trấn", "tt"). */
const PLACE_PREFIXES = /^(?:xa|thi tran|tt|phuong|commune)\s+/;

/**
 * Every way a commune of the area may be named, folded (no diacritics, lower case): its new name
 * in both languages and each former commune merged into it (`formedFrom`, Resolution 1672). People
 * often still say the old name ("long dong", now part of xã Bắc Sơn). A name that two communes
 * would share is left out rather than guessed.
 */
function namesOf(communes: Communes): Map<string, string> {
  const byName = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const c of communes) {
    for (const name of [c.name.vi, c.name.en, c.id.replace(/_/g, ' '), ...c.formedFrom]) {
      const key = placeKey(name).replace(/\s+commune$/, '');
      if (!key) continue;
      if (byName.has(key) && byName.get(key) !== c.id) ambiguous.add(key);
      else byName.set(key, c.id);
    }
  }
  for (const key of ambiguous) byName.delete(key);
  return byName;
}

function placeKey(text: string): string {
  return normalize(text).replace(PLACE_PREFIXES, '');
}

const cache = new WeakMap<Communes, Map<string, string>>();

/**
 * The commune id a typed place means: the whole answer as a name ("Long Đống", "xa bac son"), or
 * a longer answer naming exactly one commune of the area as whole words ("thôn Nà Hin, Long
 * Đống"). Undefined for a place we do not know: the dialog keeps it as text under "other".
 */
export function communeIdOf(text: string, communes: Communes): string | undefined {
  let names = cache.get(communes);
  if (!names) {
    names = namesOf(communes);
    cache.set(communes, names);
  }
  const key = placeKey(text);
  if (!key) return undefined;
  const whole = names.get(key);
  if (whole) return whole;
  const padded = ` ${key} `;
  const named = new Set([...names].filter(([name]) => padded.includes(` ${name} `)).map(([, id]) => id));
  return named.size === 1 ? [...named][0] : undefined;
}
