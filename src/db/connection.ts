import mongoose, { type ConnectOptions, type Connection } from 'mongoose';
import type { Logger } from '../core/log.ts';
import { initAllModels } from './define.ts';
import { initDueIndexes } from './due-index.ts';
import { createWatchdog } from './watchdog.ts';

/**
 * One mongoose connection per service instance (not the global default connection), so tests and
 * drills can run two instances in one process against one database.
 *
 * Timeouts are short on purpose: when the database is down, requests must fail fast (503, so the
 * platforms retry) rather than queue for mongoose's default 10-30 s, and the driver's frequent
 * heartbeat lets /readyz recover by itself within a couple of seconds once it is back. A watchdog
 * (watchdog.ts) reconnects in the rare case where the driver does not.
 */
export async function connectDatabase(uri: string, log: Logger, options: { dbName?: string; monitorCommands?: boolean } = {}): Promise<Connection> {
  const clientOptions: ConnectOptions = {
    dbName: options.dbName,
    serverSelectionTimeoutMS: 2000,
    heartbeatFrequencyMS: 1000,
    connectTimeoutMS: 2000,
    socketTimeoutMS: 20000,
    bufferCommands: false,
    autoIndex: false,
    maxPoolSize: 20,
    // Command events, for counting a turn's round trips (test and bench); off in service.
    ...(options.monitorCommands ? { monitorCommands: true } : {}),
  };
  const conn = mongoose.createConnection(uri, clientOptions);
  conn.on('disconnected', () => log.warn('database connection lost'));
  conn.on('reconnected', () => log.info('database connection restored'));
  // Without a listener an 'error' event would crash the process.
  conn.on('error', (err: Error) => log.error({ err }, 'database error'));
  await conn.asPromise();
  await initAllModels(conn);
  // After the models: asks the server's flavour once, and makes side collections (FerretDB) or
  // the main collections' due indexes (MongoDB).
  await initDueIndexes(conn);
  opened.set(conn, { uri, clientOptions });
  watchConnection(conn, uri, log);
  return conn;
}

const opened = new WeakMap<Connection, { uri: string; clientOptions: ConnectOptions }>();

/**
 * Closes the connection's client and opens a new one with the same address and options;
 * the models bound to the connection carry on with it.
 */
export async function reopenConnection(conn: Connection): Promise<void> {
  const how = opened.get(conn);
  if (!how) throw new Error('reopenConnection: not a connection made by connectDatabase');
  // Not `close(true)`: mongoose remembers a forced close and refuses every later operation.
  await conn.close();
  await conn.openUri(how.uri, how.clientOptions);
}

/** Runs the watchdog (watchdog.ts) on `conn` until the connection is closed by its owner. */
function watchConnection(conn: Connection, uri: string, log: Logger): void {
  let reconnecting = false;
  const watchdog = createWatchdog(
    {
      ownConnectionAnswers: () => pingDatabase(conn),
      freshClientAnswers: () => freshClientAnswers(uri),
      onReconnect: (failedForMs) => log.warn({ failedForMs }, 'database answers a new client but not this connection: reconnecting'),
      reconnect: async () => {
        reconnecting = true;
        try {
          await reopenConnection(conn);
        } finally {
          reconnecting = false;
        }
      },
    },
    { intervalMs: 5000 },
  );
  conn.on('close', () => {
    if (!reconnecting) watchdog.stop();
  });
}

async function freshClientAnswers(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
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
