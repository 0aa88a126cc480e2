import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../log.ts';
import { initAllModels } from '../store/define.ts';

/**
 * One mongoose connection per service instance (not the global default connection), so tests and
 * drills can run two instances in one process against one database.
 *
 * Timeouts are short on purpose: when the database is down, requests must fail fast (503, so the
 * platforms retry) rather than queue for mongoose's default 10-30 s, and the driver's frequent
 * heartbeat lets /readyz recover by itself within a couple of seconds once it is back.
 */
export async function connectDatabase(uri: string, log: Logger, options: { dbName?: string } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: 2000,
    heartbeatFrequencyMS: 1000,
    connectTimeoutMS: 2000,
    socketTimeoutMS: 20000,
    bufferCommands: false,
    autoIndex: false,
    maxPoolSize: 20,
  });
  conn.on('disconnected', () => log.warn('database connection lost'));
  conn.on('reconnected', () => log.info('database connection restored'));
  // Without a listener an 'error' event would crash the process.
  conn.on('error', (err: Error) => log.error({ err }, 'database error'));
  await conn.asPromise();
  await initAllModels(conn);
  return conn;
}

/** Answers within `timeoutMs` whether the database responds to a ping right now. */
export async function pingDatabase(conn: Connection, timeoutMs = 1500): Promise<boolean> {
  const db = conn.db;
  if (!db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.admin().command({ ping: 1 }).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** 'ferretdb' or 'mongodb': a few behaviours differ (see docs in ../shared/docs/mongodb-in-tests.md). */
export async function databaseFlavour(conn: Connection): Promise<'ferretdb' | 'mongodb'> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  return info.ferretdbVersion !== undefined ? 'ferretdb' : 'mongodb';
}
