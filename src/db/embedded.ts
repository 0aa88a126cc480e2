import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../core/log.ts';
import { repoRoot } from '../core/repo-root.ts';

/**
 * The database used when MONGODB_URI is unset, in order of preference:
 *  1. mongodb-memory-server (a real mongod) when a binary can be obtained (cached or downloadable);
 *  2. FerretDB 1.24.2 built with Go by scripts/ferretdb.sh, on machines without internet: on
 *     PostgreSQL when one answers (FERRETDB_POSTGRESQL_URL, default the local server on port 5432),
 *     else SQLite; FERRETDB_BACKEND=pg|sqlite forces one;
 *  3. otherwise: a clear message saying what to do.
 * `persistentDir` keeps the data between runs (npm start); without it the data is throw-away (tests).
 */
export interface EmbeddedDatabase {
  uri: string;
  kind: 'mongodb-memory-server' | 'ferretdb';
  /** FerretDB's storage: PostgreSQL or SQLite. */
  backend?: 'pg' | 'sqlite';
  /** On PostgreSQL: the database FerretDB keeps this data folder's data in. */
  pgDatabase?: string;
  stop(): Promise<void>;
}

const run = promisify(execFile);
export const ferretdbScript = path.join(repoRoot, 'scripts/ferretdb.sh');

export class NoEmbeddedDatabaseError extends Error {
  constructor(mongodReason: string) {
    super(
      'No database available. Do one of: set MONGODB_URI to a MongoDB server; ' +
        'or install Go 1.24+ (then FerretDB is built and started automatically from the Go module proxy); ' +
        `or connect to the internet once so mongodb-memory-server can download mongod (${mongodReason}).`,
    );
  }
}

export async function startEmbeddedDatabase(log: Logger, persistentDir?: string): Promise<EmbeddedDatabase> {
  let mongodReason = 'not tried';
  try {
    const db = await startMemoryServer(persistentDir && path.join(persistentDir, 'mongodb'));
    log.info({ kind: db.kind, persistent: Boolean(persistentDir) }, 'embedded database: mongodb-memory-server');
    return db;
  } catch (err) {
    mongodReason = (err as Error).message.split('\n')[0] ?? 'unknown error';
    log.info({ reason: mongodReason }, 'mongod unavailable; trying FerretDB');
  }
  if (!hasGo()) throw new NoEmbeddedDatabaseError(mongodReason);
  const db = await startFerretDb(persistentDir ? path.join(persistentDir, 'ferretdb') : undefined);
  log.info(
    { kind: db.kind, backend: db.backend, pgDatabase: db.pgDatabase, persistent: Boolean(persistentDir) },
    `embedded database: FerretDB (${db.backend === 'pg' ? 'PostgreSQL' : 'SQLite'})`,
  );
  return db;
}

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

async function startMemoryServer(dbPath?: string): Promise<EmbeddedDatabase> {
  // A dev dependency: production installs (npm ci --omit=dev) set MONGODB_URI or use FerretDB.
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
  // Obtain (or download) the binary first: it fails quietly, whereas a failed create() prints a
  // stack trace to the console before rejecting.
  const systemBinary = await MongoBinary.getPath();
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: { systemBinary },
    instance: dbPath ? { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' } : { ip: '127.0.0.1' },
  });
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    stop: async () => {
      await server.stop({ doCleanup: !dbPath });
    },
  };
}

async function startFerretDb(dataDir?: string): Promise<EmbeddedDatabase> {
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'bacson-ferretdb-'));
  const { stdout } = await run('bash', [ferretdbScript, 'start', dir], { maxBuffer: 1 << 20, timeout: 15 * 60_000 });
  const uri = /MONGODB_URI=(\S+)/.exec(stdout)?.[1];
  if (!uri) throw new Error(`scripts/ferretdb.sh printed no MONGODB_URI: ${stdout}`);
  const backend = /BACKEND=(pg|sqlite)/.exec(stdout)?.[1] as 'pg' | 'sqlite' | undefined;
  const pgDatabase = /PG_DATABASE=(\S+)/.exec(stdout)?.[1];
  const users = sharedServerUsers(dir);
  users.join();
  return {
    uri,
    kind: 'ferretdb',
    backend,
    pgDatabase,
    stop: async () => {
      // `npm start` and `npm run chat` share the server of one data folder: the last one out stops it.
      if (!users.leaveLast()) return;
      // Throw-away data goes entirely, its PostgreSQL database included; kept data stays.
      await run('bash', [ferretdbScript, dataDir ? 'stop' : 'destroy', dir]);
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The processes using the server of one data folder, one empty file per process id. A process
 * that died without leaving is skipped (its id no longer answers); when two leave at the same moment
 * both may see the other and leave the server running, which the next start simply reuses.
 */
function sharedServerUsers(dir: string) {
  const folder = path.join(dir, 'users');
  const mine = path.join(folder, String(process.pid));
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  return {
    join() {
      mkdirSync(folder, { recursive: true });
      writeFileSync(mine, '');
    },
    /** Leaves; true when no other live process uses the server. */
    leaveLast(): boolean {
      rmSync(mine, { force: true });
      const others = readdirSync(folder).map(Number).filter((pid) => pid !== process.pid && alive(pid));
      return others.length === 0;
    },
  };
}
