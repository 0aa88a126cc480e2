import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { z } from 'zod';
import { ContentError, defaultContentDir } from './read.ts';

/** The languages the bot speaks with a person (interface strings and content). */
export const languageSchema = z.enum(['vi', 'en']);
export type Language = z.infer<typeof languageSchema>;

/** Interface strings: one namespace per file in content/locales/<lng>/<namespace>.json. */
export const defaultLocalesDir = path.join(defaultContentDir, 'locales');

// Nested objects of strings; i18next's own interpolation and _other plural suffixes inside.
type Strings = { [key: string]: string | Strings };
const stringsSchema: z.ZodType<Strings> = z.lazy(() => z.record(z.string(), z.union([z.string(), stringsSchema])));

/** Reads every namespace file of every language; a broken file names itself and the field. */
export function readLocales(dir: string = defaultLocalesDir): Resource {
  const resources: Resource = {};
  for (const lng of languageSchema.options) {
    const lngDir = path.join(dir, lng);
    let files: string[];
    try {
      files = readdirSync(lngDir).filter((f) => f.endsWith('.json')).sort();
    } catch {
      throw new ContentError(`${path.relative(process.cwd(), lngDir)}: folder not found`);
    }
    resources[lng] = {};
    for (const file of files) {
      const full = path.join(lngDir, file);
      const shown = path.relative(process.cwd(), full);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(full, 'utf8'));
      } catch (err) {
        throw new ContentError(`${shown}: not valid JSON (${(err as Error).message})`);
      }
      const parsed = stringsSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ContentError(`${shown}: field ${issue.path.join('.') || '(root)'}: must be a string or an object of strings`);
      }
      resources[lng]![file.slice(0, -'.json'.length)] = parsed.data;
    }
  }
  return resources;
}

/**
 * A dedicated i18next instance (never the global one, never changeLanguage per request: turns of
 * different people run at once). Each turn gets `getFixedT(language)`.
 */
export function createI18n(dir: string = defaultLocalesDir): i18n {
  const resources = readLocales(dir);
  const instance = i18next.createInstance();
  // With resources given and initAsync false, init completes synchronously.
  void instance.init({
    resources,
    lng: 'vi',
    supportedLngs: [...languageSchema.options],
    // Set explicitly: i18next 27 changes both defaults.
    fallbackLng: 'vi',
    returnEmptyString: false,
    ns: Object.keys(resources.vi ?? {}),
    defaultNS: 'bot',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

/** The translation function of one language. */
export function fixedT(instance: i18n, language: Language): TFunction {
  return instance.getFixedT(language);
}

/** 'vi' for anything that is not clearly English (e.g. activity locales such as 'en-US'). */
export function languageOfLocale(locale: string | undefined): Language | undefined {
  if (!locale) return undefined;
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'vi' ? base : undefined;
}
