import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Contacts } from '../../src/domain/contacts.ts';
import { openTestDb, testDbName, testMongoUri } from '../helpers/db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dbName = testDbName();
const conn = await openTestDb(dbName);

function mongoUriFor(db: string): string {
  const url = new URL(testMongoUri());
  url.pathname = `/${db}`;
  return url.toString();
}

/** Runs `npm run chat` (its script) with these lines on stdin; resolves with its output. */
function chat(lines: string[], user: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', '--user', user], {
      cwd: root,
      env: { ...process.env, MONGODB_URI: mongoUriFor(dbName), LOG_LEVEL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

// Each run starts a process (tsx, content, database indexes): slow on a shared machine.
describe('npm run chat, scripted through stdin', { timeout: 120_000 }, () => {
  it('prints the replies to one message per line, buttons as a numbered list, and exits at the end of input', async () => {
    const run = await chat(['menu', '3', 'vay ngan hang'], 'script');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Bạn muốn tìm hiểu về điều gì?\n  1. Thị trường\n  2. Chi phí, phí\n  3. Vay vốn');
    expect(run.stdout).toContain('Về vay vốn và hỗ trợ, bạn muốn biết gì?\n  1. Tính khoản vay');
    expect(run.stdout).toMatch(/\nNguồn: .*338\/2025/);
    // The conversation only: no JSON log lines on stdout.
    expect(run.stdout.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
    expect(await Contacts(conn).findById('console:script')).not.toBeNull();
  });

  it('remembers the language chosen in one run in the next run', async () => {
    const first = await chat(['menu', '9', '2'], 'polyglot');
    expect(first.stdout).toContain('Switched to English.');
    const second = await chat(['menu'], 'polyglot');
    expect(second.stdout).toContain('What would you like to know about?');
  });
});
