import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultContentDir } from '../../content/read.ts';
import type { Content } from '../../content/index.ts';

/**
 * The words staff read instead of our internal codes (china_chongzuo, lower_secondary, near_poor,
 * bac_son): the same wording the bot uses with people (content/locales/<lng>/leads.json), and the
 * communes' names from content/communes.json. Used by exports, reports and the console.
 */
export type LabelLanguage = 'vi' | 'en';

const group = z.record(z.string(), z.string());
const localeSchema = z.object({ market: group, education: group, household: group, leadStatus: group });
export type LabelGroups = z.infer<typeof localeSchema>;

const cache = new Map<string, LabelGroups>();

/** Market, education, household and status wording in one language. */
export function labelGroups(lang: LabelLanguage, dir: string = path.join(defaultContentDir, 'locales')): LabelGroups {
  const key = `${dir}:${lang}`;
  let groups = cache.get(key);
  if (!groups) {
    groups = localeSchema.parse(JSON.parse(readFileSync(path.join(dir, lang, 'leads.json'), 'utf8')));
    cache.set(key, groups);
  }
  return groups;
}

export interface Labels {
  market(id: string | null | undefined): string;
  education(id: string | null | undefined): string;
  household(id: string | null | undefined): string;
  status(id: string | null | undefined): string;
  /** The commune's name; a place outside the area shows what the person typed. */
  commune(id: string | null | undefined, typed?: string | null): string;
  yesNo(value: boolean | null | undefined): string;
}

/** Looks codes up; an unknown code is shown as it is rather than dropped. */
export function labelsFor(lang: LabelLanguage, communes: Content['communes']['communes']): Labels {
  const g = labelGroups(lang);
  const pick = (table: Record<string, string>) => (id: string | null | undefined) => (id ? (table[id] ?? id) : '');
  const communeNames = new Map(communes.map((c) => [c.id, c.name[lang]]));
  const other = lang === 'vi' ? 'Nơi khác' : 'Elsewhere';
  return {
    market: pick(g.market),
    education: pick(g.education),
    household: pick(g.household),
    status: pick(g.leadStatus),
    commune: (id, typed) => (!id ? '' : (communeNames.get(id) ?? (typed ? `${other}: ${typed}` : id === 'other' ? other : id))),
    yesNo: (v) => (v === true ? (lang === 'vi' ? 'Có' : 'Yes') : v === false ? (lang === 'vi' ? 'Không' : 'No') : ''),
  };
}
