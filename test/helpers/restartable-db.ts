import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ferretdbScript } from '../../src/db/embedded.ts';

const run = promisify(execFile);

/**
 * A private database server that a test may stop and start again on the same port, to drill
 * outages: FerretDB through scripts/ferretdb.sh where Go is installed, else mongodb-memory-server.
 */
export interface RestartableDb {
  uri: string;
  /** FerretDB's storage (absent for mongodb-memory-server). */
  backend?: 'pg' | 'sqlite';
  /** On PostgreSQL: the database FerretDB stores this server's data in. */
  pgDatabase?: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
  /** The server's own log, for a drill's failure message. */
  logTail(): string;
}

interface FerretOptions {
  /** Forces FerretDB's storage (default: PostgreSQL when one answers, else SQLite). */
  backend?: 'pg' | 'sqlite';
  /** The PostgreSQL to look for (default: FERRETDB_POSTGRESQL_URL, else the local one). */
  postgresqlUrl?: string;
}

export async function startRestartableDb(options: FerretOptions = {}): Promise<RestartableDb> {
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0) return ferret(options);
  return memoryServer();
}

async function ferret({ backend, postgresqlUrl }: FerretOptions): Promise<RestartableDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bacson-drill-'));
  const env = {
    ...process.env,
    ...(backend ? { FERRETDB_BACKEND: backend } : {}),
    ...(postgresqlUrl ? { FERRETDB_POSTGRESQL_URL: postgresqlUrl } : {}),
  };
  const first = await run('bash', [ferretdbScript, 'start', dir], { env });
  const uri = /MONGODB_URI=(\S+)/.exec(first.stdout)![1]!;
  const port = new URL(uri).port;
  return {
    uri,
    backend: /BACKEND=(pg|sqlite)/.exec(first.stdout)?.[1] as 'pg' | 'sqlite' | undefined,
    pgDatabase: /PG_DATABASE=(\S+)/.exec(first.stdout)?.[1],
    stop: async () => {
      await run('bash', [ferretdbScript, 'stop', dir]);
    },
    start: async () => {
      await run('bash', [ferretdbScript, 'start', dir], { env: { ...process.env, FERRETDB_PORT: port } });
    },
    destroy: async () => {
      await run('bash', [ferretdbScript, 'destroy', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
    logTail: () => {
      const log = path.join(dir, 'ferretdb.log');
      return existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(no log)';
    },
  };
}

async function memoryServer(): Promise<RestartableDb> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } });
  return {
    uri: server.getUri(),
    stop: async () => {
      await server.instanceInfo?.instance.stop();
    },
    start: async () => {
      await server.instanceInfo?.instance.start();
    },
    destroy: async () => {
      await server.stop();
    },
    logTail: () => '(mongodb-memory-server keeps no log file)',
  };
}
