import type { Connection } from 'mongoose';

/**
 * Which server is behind a connection. Most of the code is written for what both servers do alike;
 * where FerretDB 1.24 (the database of the tests and of `npm start` without MONGODB_URI) needs a
 * different path, the choice is made here and in due-index.ts, nowhere else.
 *
 * FerretDB 1.24 says so in its `buildInfo` reply (`ferretdbVersion`, `ferretdbFeatures`); MongoDB
 * has no such field. Asked once per connection; a test may force the answer (`forceDatabaseFlavour`)
 * to run the MongoDB path against the suite's FerretDB.
 *
 * What takes a flavour's path: the due indexes (due-index.ts: the delivery queue in
 * src/outbox/queue.ts, the placement agenda in src/domain/placements/agenda.ts). The inbox's work
 * list (InboxPending, src/channels/inbox/) is not on it yet: see the TODO there.
 *
 * Other code that names FerretDB has no branch, on purpose: it is written in what both servers do
 * alike and is as right on MongoDB, so it stays one path —
 * - inserts of uniquely keyed documents instead of compare-and-set updates (bot state in
 *   src/conversation/storage.ts, company lists, the lead lock in src/domain/leads/lock.ts, every
 *   claim and lease): FerretDB's updates are not atomic under concurrency; MongoDB's inserts are
 *   just as exclusive;
 * - our own check of a lead's new number under its locks (src/domain/leads/register.ts) rather than
 *   the unique index's error, which FerretDB reports as a plain InternalError on update;
 * - one accumulator per `$group`, months and years stored when writing instead of date operators
 *   (src/stats/report.ts, admin review counts, deliveryCounts, broadcasts), no sort on the leads
 *   export, erased people skipped in code (broadcast audience): a subset MongoDB runs unchanged;
 * - purging old inbox events, claims and leases by a job instead of TTL indexes (FerretDB has
 *   none), which keeps the same retention on MongoDB;
 * - refusing identifiers with NUL (src/channels/inbox/event.ts: PostgreSQL under FerretDB cannot
 *   store it; no platform sends one);
 * - the connection watchdog (watchdog.ts), seen on FerretDB but about the driver, and starting an
 *   embedded server (embedded.ts, src/main.ts), which is about where the database comes from.
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
