import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll } from 'vitest';
import { connectDatabase } from '../../src/db/connection.ts';
import { createLogger } from '../../src/core/log.ts';

export const testLog = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: is test/setup/per-file-db.ts in setupFiles?');
  return uri;
}

/** A fresh database name for this test file (or a suffix of it, for several databases in one file). */
export function testDbName(suffix = ''): string {
  return `${process.env.TEST_DB_NAME ?? `t_${randomBytes(4).toString('hex')}`}${suffix}`;
}

/**
 * Opens a connection to this file's database, with every model's indexes built, and drops the
 * database and closes the connection after the file's tests. Calling it twice with the same name
 * gives two connections to one database (two "copies of the service").
 */
export async function openTestDb(dbName = testDbName(), options: { monitorCommands?: boolean } = {}): Promise<Connection> {
  const conn = await connectDatabase(testMongoUri(), testLog, { dbName, ...options });
  afterAll(async () => {
    if (conn.readyState === 1) {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    }
  });
  return conn;
}
