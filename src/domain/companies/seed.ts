import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContentError, defaultContentDir } from '../../content/index.ts';
import type { AppContext, Feature } from '../../core/context.ts';
import { currentListVersion, seedCompanyList } from './model.ts';
import { describeIssue, ListFileError, listMetaSchema, readListFile, type CompanyRow, type ListMeta } from './list-file.ts';

/**
 * content/companies holds the list the bot starts with: a CSV in the list's own columns and
 * meta.json (which file, its source, when it was retrieved, whether it is a made-up sample). It is
 * imported at start-up only while the database has no completed list; after that staff import new
 * versions (POST /api/companies/import or npm run companies:import).
 */
const seedMetaSchema = listMetaSchema.extend({
  file: z.string().regex(/^[\w.-]+\.csv$/, 'must be a .csv file name in content/companies'),
  note: z.string().optional(),
});

export function readSeedList(dir: string = path.join(defaultContentDir, 'companies')): { companies: CompanyRow[]; meta: ListMeta } {
  const metaFile = path.join(dir, 'meta.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (err) {
    throw new ContentError(`${metaFile}: ${(err as Error).message}`);
  }
  const parsed = seedMetaSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(`${metaFile}: field ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const { file, note: _note, ...meta } = parsed.data;
  const csvFile = path.join(dir, file);
  try {
    return { companies: readListFile(readFileSync(csvFile, 'utf8')), meta: { ...meta, fileName: file } };
  } catch (err) {
    if (err instanceof ListFileError) throw new ContentError(`${csvFile}: ${describeIssue(err.issues[0]!)}`);
    throw new ContentError(`${csvFile}: ${(err as Error).message}`);
  }
}

/** Imports the shipped list into an empty database (several copies at once give one version). */
export async function seedCompaniesIfEmpty(ctx: Pick<AppContext, 'conn' | 'clock' | 'log'>, dir?: string): Promise<void> {
  // Read only when needed: once staff imported a list, the shipped file no longer matters.
  if (await currentListVersion(ctx.conn)) return;
  const { companies, meta } = readSeedList(dir);
  const result = await seedCompanyList(ctx.conn, { companies, meta, at: ctx.clock.now() });
  if (result === 'seeded') ctx.log.info({ companies: companies.length, sample: meta.sample }, 'licensed-company list seeded from content/companies');
}

/** The start-up step of the company check; before the channels take turns (features start in order). */
export function createCompanyListFeature(ctx: AppContext): Feature {
  return { name: 'company-list', start: () => seedCompaniesIfEmpty(ctx) };
}
