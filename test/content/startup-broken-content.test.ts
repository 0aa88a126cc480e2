import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'startup-content-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm start with broken content', () => {
  it('stops before anything starts, with one line naming the file and the field', async () => {
    // A copy of the service whose content has one factual entry without sources.
    for (const p of ['src', 'content', 'dialogs', 'package.json']) cpSync(path.join(repo, p), path.join(work, p), { recursive: true });
    symlinkSync(path.join(repo, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const file = path.join(work, 'content/faq/fees.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { entries: { sources: unknown[] }[] };
    json.entries[1]!.sources = [];
    writeFileSync(file, JSON.stringify(json));

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: work,
      // An unreachable database: start-up must stop on the content before it ever tries it.
      env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:9/', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(code).toBe(1);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Content error: content\/faq\/fees\.json: field entries\[1\]\.sources: /);
    expect(out).not.toMatch(/listening/);
  }, 60_000);
});
