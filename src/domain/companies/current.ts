import type { Connection } from 'mongoose';
import { companiesOf, currentListVersion, type ListVersion, type StoredCompany } from './model.ts';
import { indexCompany, lookupCompany, type Indexed, type Lookup } from './match.ts';

export interface CurrentList {
  version: ListVersion;
  companies: StoredCompany[];
  index: Indexed<StoredCompany>[];
}

/**
 * A completed version never changes, so its companies and their index are kept per connection
 * and version: every copy reads which version is current on each question (one small query) and
 * reads the companies again only when staff imported a new list.
 */
const cache = new WeakMap<Connection, CurrentList>();

/** The current list with its search index, or null before any list was imported. */
export async function currentList(conn: Connection): Promise<CurrentList | null> {
  const version = await currentListVersion(conn);
  if (!version) return null;
  const cached = cache.get(conn);
  if (cached?.version.versionId === version.versionId) return cached;
  const companies = await companiesOf(conn, version.versionId);
  const list = { version, companies, index: companies.map((c) => indexCompany(c, c.name, c.shortNames, c.licenceNumber)) };
  cache.set(conn, list);
  return list;
}

/** Looks a message up in the current list (null: no list yet). */
export async function lookupInCurrentList(conn: Connection, text: string): Promise<{ list: CurrentList; result: Lookup<StoredCompany> } | null> {
  const list = await currentList(conn);
  return list ? { list, result: lookupCompany(list.index, text) } : null;
}
