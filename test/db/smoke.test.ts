import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { inject, describe, expect, it, beforeAll, afterAll } from 'vitest';
import mongoose, { Schema, type Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connection.ts';
import { startRestartableDb, type RestartableDb } from '../helpers/restartable-db.ts';
import { freePort } from '../helpers/http.ts';
import { isDuplicateKeyError } from '../../src/db/errors.ts';
import { openTestDb, testDbName, testLog, testMongoUri } from '../helpers/db.ts';

// Pins what the application relies on from the database, so a server that breaks it fails here
// loudly (see ../shared/docs/mongodb-in-tests.md for the FerretDB 1.24 differences).

const noteSchema = new Schema({ key: { type: String, required: true, unique: true }, body: String, n: Number });

/**
 * The behaviours, against the suite's own database and — where the suite runs on FerretDB with
 * PostgreSQL — against FerretDB on SQLite too, the fallback for machines without PostgreSQL.
 */
function pinBehaviours(open: () => Promise<{ conn: Connection; uri: string; dbName: string }>, ferret: boolean) {
  let conn: Connection;
  let uri: string;
  let dbName: string;
  beforeAll(async () => {
    ({ conn, uri, dbName } = await open());
    await conn.model('Note', noteSchema).createIndexes();
  });

  it('keeps a document written through mongoose, readable over a new connection', async () => {
    await conn.model('Note', noteSchema).create({ key: 'persisted', body: 'Xin chào Bắc Sơn' });
    const other = await connectDatabase(uri, testLog, { dbName });
    try {
      const found = await other.model('Note', noteSchema).findOne({ key: 'persisted' }).lean();
      expect(found?.body).toBe('Xin chào Bắc Sơn');
    } finally {
      await other.close();
    }
  });

  it('rejects a duplicate insert on a unique index with E11000', async () => {
    const Note = conn.model('Note', noteSchema);
    await Note.create({ key: 'dup' });
    const err = await Note.create({ key: 'dup' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 11000 });
    expect(isDuplicateKeyError(err)).toBe(true);
  });

  it('rejects a duplicate upsert on a unique index with E11000', async () => {
    const raw = conn.collection('upserts');
    await raw.createIndex({ k: 1 }, { unique: true });
    await raw.insertOne({ k: 'a', v: 1 });
    const err = await raw.updateOne({ v: 2 }, { $set: { k: 'a' } }, { upsert: true }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(err)).toBe(true);
  });

  it('lets exactly one of 20 concurrent claims of one key win', async () => {
    const claims = conn.collection<{ _id: string; owner: number }>('claims');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, owner) => claims.insertOne({ _id: 'job:42', owner })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => isDuplicateKeyError((r as PromiseRejectedResult).reason))).toBe(true);
    expect(await claims.countDocuments({ _id: 'job:42' })).toBe(1);
  });

  // FerretDB 1.24 computes only the first accumulator of a $group correctly (the others come back
  // 0), so the application uses one accumulator per $group stage. Both forms are pinned here.
  it('groups with one $sum accumulator per stage, and counts with countDocuments', async () => {
    const c = conn.collection('sums');
    await c.insertMany([
      { commune: 'a', n: 1 },
      { commune: 'a', n: 2 },
      { commune: 'b', n: 5 },
    ]);
    const group = (acc: object) =>
      c.aggregate<{ _id: string; v: number }>([{ $match: { n: { $gte: 1 } } }, { $group: { _id: '$commune', v: acc } }, { $sort: { _id: 1 } }]).toArray();
    expect(await group({ $sum: '$n' })).toEqual([
      { _id: 'a', v: 3 },
      { _id: 'b', v: 5 },
    ]);
    expect(await group({ $sum: 1 })).toEqual([
      { _id: 'a', v: 2 },
      { _id: 'b', v: 1 },
    ]);
    expect(await c.countDocuments({ commune: 'a' })).toBe(2);
  });

  it('returns the new document from findOneAndUpdate with upsert', async () => {
    const doc = await conn
      .collection('fau')
      .findOneAndUpdate({ _id: 'x' as unknown as mongoose.mongo.ObjectId }, { $setOnInsert: { a: 1 } }, { upsert: true, returnDocument: 'after' });
    expect(doc).toMatchObject({ a: 1 });
  });

  it('streams a cursor in batches', async () => {
    const c = conn.collection('cursor');
    await c.insertMany(Array.from({ length: 600 }, (_, i) => ({ i })));
    let seen = 0;
    for await (const _doc of c.find({}).sort({ i: 1 }).batchSize(100)) seen++;
    expect(seen).toBe(600);
  });

  it.runIf(ferret)('refuses TTL indexes on FerretDB, so the code must not declare them', async () => {
    const err = await conn
      .collection('ttl')
      .createIndex({ at: 1 }, { expireAfterSeconds: 60 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
  });
}

describe('database the suite runs against', () => {
  pinBehaviours(async () => ({ conn: await openTestDb(), uri: testMongoUri(), dbName: testDbName() }), inject('dbBackend') === 'ferretdb');
});

// Where Go builds FerretDB, the SQLite backend is pinned as well (the suite itself runs on
// PostgreSQL where one answers): one private server, dropped afterwards.
const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
describe.runIf(hasGo)('FerretDB on SQLite (the fallback without PostgreSQL)', () => {
  let db: RestartableDb | undefined;
  let conn: Connection | undefined;
  afterAll(async () => {
    await conn?.close();
    await db?.destroy();
  });
  pinBehaviours(async () => {
    db = await startRestartableDb({ backend: 'sqlite' });
    expect(db.backend).toBe('sqlite');
    conn = await connectDatabase(db.uri, testLog, { dbName: 'smoke' });
    return { conn, uri: db.uri, dbName: 'smoke' };
  }, true);
});

/** The local PostgreSQL the FerretDB chain looks for by default, asked the way scripts/ferretdb.sh asks. */
const localPg = `postgres://${process.env.PGUSER ?? userInfo().username}@127.0.0.1:5432/postgres`;
function pgDatabases(): string[] | undefined {
  const r = spawnSync('psql', [process.env.FERRETDB_POSTGRESQL_URL ?? localPg, '-Atqc', "select datname from pg_database where datname like 'ferretdb%'"], {
    encoding: 'utf8',
    env: { ...process.env, PGCONNECT_TIMEOUT: '3' },
  });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : undefined;
}

// FERRETDB_BACKEND set by whoever runs the suite overrides the choice pinned here.
describe.runIf(hasGo && !process.env.FERRETDB_BACKEND)("choosing FerretDB's storage", () => {
  it('falls back to SQLite when no PostgreSQL answers', async () => {
    const db = await startRestartableDb({ postgresqlUrl: `postgres://nobody@127.0.0.1:${await freePort()}/postgres` });
    try {
      expect(db.backend).toBe('sqlite');
    } finally {
      await db.destroy();
    }
  });

  it.runIf(pgDatabases() !== undefined)('uses PostgreSQL when one answers, in a database of its own that destroy drops', async () => {
    const db = await startRestartableDb();
    let destroyed = false;
    try {
      expect(db.backend).toBe('pg');
      expect(db.pgDatabase).toMatch(/^ferretdb_[0-9a-f]{16}$/);
      expect(pgDatabases()).toContain(db.pgDatabase);
      await db.destroy();
      destroyed = true;
      expect(pgDatabases()).not.toContain(db.pgDatabase);
    } finally {
      if (!destroyed) await db.destroy();
    }
  });
});
