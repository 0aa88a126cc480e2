import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServiceProcess, status, waitFor } from '../helpers/http.ts';

// A newcomer runs `npm start` and, in another terminal, `npm run chat`, both without MONGODB_URI:
// they share the embedded database of one data folder, and chat ending must not take the service's
// database with it. mongod is made unavailable so that the FerretDB path is the one exercised on any
// machine (with internet mongodb-memory-server would be tried first).
const dataDir = mkdtempSync(path.join(tmpdir(), 'bacson-shared-'));
const env = { DATA_DIR: dataDir, MONGODB_URI: '', MONGOMS_SYSTEM_BINARY: '/nonexistent/mongod', SCHEDULER_ENABLED: 'false' };

function chat(lines: string[]): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', '--user', 'shared'], {
    env: { ...process.env, ...env, LOG_LEVEL: '' },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  return once(child, 'exit').then(([code]) => code as number | null);
}

function ferretdbAlive(): boolean {
  try {
    process.kill(Number(readFileSync(path.join(dataDir, 'ferretdb', 'ferretdb.pid'), 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start and npm run chat on the same embedded database', { timeout: 240_000 }, () => {
  afterAll(() => {
    if (ferretdbAlive()) process.kill(Number(readFileSync(path.join(dataDir, 'ferretdb', 'ferretdb.pid'), 'utf8')));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('chat ending leaves the service ready; the last process out stops the database', async () => {
    const port = await freePort();
    const service = startServiceProcess({ ...env, PORT: String(port) });
    await waitFor(async () => (await status(`http://127.0.0.1:${port}/readyz`)) === 200, 120_000, 500);
    // FerretDB keeps the data in the folder (SQLite) or in a PostgreSQL database of its own.
    expect(service.output()).toMatch(/Staff console: http:\/\/localhost:\d+\/admin · database: FerretDB(, data in | on PostgreSQL \(database ferretdb_[0-9a-f]{16}, chosen for )/);
    expect(service.output()).toMatch(/ADMIN_TOKEN is not set/);

    expect(await chat(['menu'])).toBe(0);
    expect(ferretdbAlive()).toBe(true);
    // The driver would hide a short outage: ask several times over a few seconds.
    for (let i = 0; i < 5; i++) {
      expect(await status(`http://127.0.0.1:${port}/readyz`)).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
    }

    service.child.kill('SIGTERM');
    expect((await once(service.child, 'exit'))[0]).toBe(0);
    expect(ferretdbAlive()).toBe(false);
  });
});
