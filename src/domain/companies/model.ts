import { Types, Schema, type Connection } from 'mongoose';
import { insertedDespiteDuplicates, isDuplicateKeyError } from '../../db/errors.ts';
import { companyStatuses, listHash, type CompanyRow, type ListMeta } from './list-file.ts';
import { defineModel } from '../../db/define.ts';

/**
 * The licensed-company lists staff imported, every version kept apart: one document per company
 * per version (`<versionId>:<line>`), and one "version completed" document per version, inserted
 * last. The bot reads only versions that have that document, so a list is seen whole or not at
 * all, even if the copy importing it dies halfway. The completion document is an insert with a
 * unique key, never an update: FerretDB does not make updates atomic.
 */
const companySchema = new Schema(
  {
    _id: { type: String, required: true },
    versionId: { type: String, required: true },
    line: { type: Number, required: true },
    name: { type: String, required: true },
    shortNames: { type: [String], default: [] },
    licenceNumber: { type: String, required: true },
    licenceDate: { type: String, required: true },
    address: { type: String, default: null },
    status: { type: String, enum: companyStatuses, required: true },
    writtenAt: { type: Date, required: true },
  },
  { versionKey: false },
);
companySchema.index({ versionId: 1 });
export const Companies = defineModel('Company', companySchema);

/**
 * `_id` is the completion key: the version id for a staff import, `seed` for the list shipped in
 * content/companies (so several copies starting at once complete it once). `order` decides which
 * completed version is current: the newest ObjectId; the seed's '0' is older than any import.
 */
const versionSchema = new Schema(
  {
    _id: { type: String, required: true },
    versionId: { type: String, required: true },
    order: { type: String, required: true },
    source: { title: { type: String, required: true }, url: { type: String } },
    retrievedAt: { type: String, required: true },
    sample: { type: Boolean, required: true },
    fileName: { type: String, default: null },
    companyCount: { type: Number, required: true },
    contentHash: { type: String, required: true },
    importedBy: { type: String, required: true },
    completedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
versionSchema.index({ versionId: 1 }, { unique: true });
versionSchema.index({ order: -1 });
export const CompanyListVersions = defineModel('CompanyListVersion', versionSchema);

export interface ListVersion {
  versionId: string;
  source: { title: string; url?: string };
  retrievedAt: string;
  sample: boolean;
  fileName: string | null;
  companyCount: number;
  contentHash: string;
  importedBy: string;
  completedAt: Date;
}

export interface StoredCompany {
  id: string;
  name: string;
  shortNames: string[];
  licenceNumber: string;
  licenceDate: string;
  address: string | null;
  status: (typeof companyStatuses)[number];
}

const SEED_KEY = 'seed';
/** Completed versions whose companies are kept; older ones keep only their completion document. */
const KEEP_VERSIONS = 3;
/** A version never completed (its import died) is removed after this long. */
const ABANDONED_AFTER_MS = 24 * 3_600_000;

function toVersion(doc: ListVersion): ListVersion {
  const { versionId, source, retrievedAt, sample, fileName, companyCount, contentHash, importedBy, completedAt } = doc;
  return { versionId, source: { title: source.title, ...(source.url ? { url: source.url } : {}) }, retrievedAt, sample, fileName: fileName ?? null, companyCount, contentHash, importedBy, completedAt };
}

/** The current list: the latest completed version, or null before the first one. */
export async function currentListVersion(conn: Connection): Promise<ListVersion | null> {
  const doc = await CompanyListVersions(conn).findOne({}).sort({ order: -1 }).lean<ListVersion>();
  return doc ? toVersion(doc) : null;
}

/** Completed versions, newest first. */
export async function listVersions(conn: Connection, limit = 10): Promise<ListVersion[]> {
  const docs = await CompanyListVersions(conn).find({}).sort({ order: -1 }).limit(limit).lean<ListVersion[]>();
  return docs.map(toVersion);
}

/** The companies of one version, in the order of the file. */
export async function companiesOf(conn: Connection, versionId: string): Promise<StoredCompany[]> {
  const docs = await Companies(conn).find({ versionId }).sort({ line: 1 }).lean();
  return docs.map((d) => ({ id: d._id, name: d.name, shortNames: d.shortNames, licenceNumber: d.licenceNumber, licenceDate: d.licenceDate, address: d.address ?? null, status: d.status }));
}

/** Writes the companies of a version; rows already written (a repeated seed) are left as they are. */
async function writeCompanies(conn: Connection, versionId: string, companies: readonly CompanyRow[], at: Date): Promise<void> {
  const docs = companies.map((c) => ({ _id: `${versionId}:${c.line}`, versionId, ...c, writtenAt: at }));
  try {
    await Companies(conn).insertMany(docs, { ordered: false });
  } catch (err) {
    insertedDespiteDuplicates(err, docs.length);
  }
}

interface Completion {
  key: string;
  versionId: string;
  order: string;
  companies: readonly CompanyRow[];
  meta: ListMeta;
  by: string;
  at: Date;
}

/** The commit point: true if this call completed the version, false if it was already complete. */
async function complete(conn: Connection, c: Completion): Promise<boolean> {
  try {
    await CompanyListVersions(conn).create({
      _id: c.key,
      versionId: c.versionId,
      order: c.order,
      source: c.meta.source,
      retrievedAt: c.meta.retrievedAt,
      sample: c.meta.sample,
      fileName: c.meta.fileName,
      companyCount: c.companies.length,
      contentHash: listHash(c.companies, c.meta),
      importedBy: c.by,
      completedAt: c.at,
    });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

export type ImportResult = { status: 'imported' | 'unchanged'; version: ListVersion };

/**
 * Imports a new version of the list (already validated). The same list as the current one again
 * changes nothing ('unchanged'); anything else becomes the current list once complete.
 */
export async function importCompanyList(conn: Connection, input: { companies: readonly CompanyRow[]; meta: ListMeta; by: string; at: Date }): Promise<ImportResult> {
  const current = await currentListVersion(conn);
  if (current && current.contentHash === listHash(input.companies, input.meta)) return { status: 'unchanged', version: current };
  const versionId = new Types.ObjectId().toHexString();
  await writeCompanies(conn, versionId, input.companies, input.at);
  await complete(conn, { key: versionId, versionId, order: versionId, ...input });
  await pruneOldVersions(conn, input.at);
  const version = await CompanyListVersions(conn).findById(versionId).lean<ListVersion>();
  return { status: 'imported', version: toVersion(version!) };
}

/**
 * Imports the shipped list when no version is complete yet. Copies starting together write the
 * same documents (ids from the file's content) and race for the one `seed` key: one version.
 */
export async function seedCompanyList(conn: Connection, input: { companies: readonly CompanyRow[]; meta: ListMeta; at: Date }): Promise<'seeded' | 'present'> {
  if (await currentListVersion(conn)) return 'present';
  const versionId = `seed-${listHash(input.companies, input.meta).slice(0, 16)}`;
  await writeCompanies(conn, versionId, input.companies, input.at);
  const done = await complete(conn, { key: SEED_KEY, versionId, order: '0', by: 'seed', ...input });
  return done ? 'seeded' : 'present';
}

/** Removes the companies of completed versions beyond the newest few, and of abandoned imports. */
async function pruneOldVersions(conn: Connection, now: Date): Promise<void> {
  const completed = await CompanyListVersions(conn).find({}, { versionId: 1 }).sort({ order: -1 }).lean();
  const keep = new Set(completed.slice(0, KEEP_VERSIONS).map((v) => v.versionId));
  const done = new Set(completed.map((v) => v.versionId));
  const stored: string[] = await Companies(conn).distinct('versionId');
  for (const versionId of stored.filter((v) => !keep.has(v))) {
    // A version not completed may be an import still being written by another copy: give it time.
    if (!done.has(versionId)) {
      const one = await Companies(conn).findOne({ versionId }, { writtenAt: 1 }).lean();
      if (!one || now.getTime() - one.writtenAt.getTime() < ABANDONED_AFTER_MS) continue;
    }
    await Companies(conn).deleteMany({ versionId });
  }
}
