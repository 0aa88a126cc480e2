import type { Connection } from 'mongoose';

/**
 * Which server is behind a connection. Most of the code is written for what both servers do alike;
 * where FerretDB 1.24 (the database of the tests and of `npm start` without MONGODB_URI) needs a
 * different path, the choice is made here and in due-index.ts, nowhere else.
 *
 * FerretDB 1.24 says so in its `buildInfo` reply (`ferretdbVersion`, `ferretdbFeatures`); MongoDB
 * has no such field. Asked once per connection; a test may force the answer (`forceDatabaseFlavour`)
 * to run the MongoDB path against the suite's FerretDB.
 */
export type DatabaseFlavour = 'ferretdb' | 'mongodb';

const flavours = new WeakMap<Connection, Promise<DatabaseFlavour>>();

export function databaseFlavour(conn: Connection): Promise<DatabaseFlavour> {
  let known = flavours.get(conn);
  if (!known) {
    known = detectFlavour(conn);
    // A failed look (database down) is asked again next time rather than remembered.
    known.catch(() => flavours.delete(conn));
    flavours.set(conn, known);
  }
  return known;
}

/** Makes `conn` take the given flavour's paths from now on (tests). */
export function forceDatabaseFlavour(conn: Connection, flavour: DatabaseFlavour): void {
  flavours.set(conn, Promise.resolve(flavour));
}

async function detectFlavour(conn: Connection): Promise<DatabaseFlavour> {
  if (!conn.db) throw new Error('databaseFlavour: the connection is not open');
  const info: Record<string, unknown> = await conn.db.admin().command({ buildInfo: 1 });
  return isFerretDb(info) ? 'ferretdb' : 'mongodb';
}

/** Exported for its test: what marks a `buildInfo` reply as FerretDB's. */
export function isFerretDb(info: Record<string, unknown>): boolean {
  return info.ferretdbVersion !== undefined || info.ferretdbFeatures !== undefined || info.ferretdb !== undefined;
}
