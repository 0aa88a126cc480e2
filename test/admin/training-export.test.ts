import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainingLineSchema } from '../../src/content/schema.ts';
import { addTrainingExample } from '../../src/domain/review/training-examples.ts';
import { openTestDb, testDbName, testMongoUri } from '../helpers/db.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'training-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/export-training.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('npm run training:export', () => {
  it('writes the staff examples as training lines, merged with the file without duplicates', async () => {
    const name = testDbName('_x');
    const conn = await openTestDb(name);
    const at = new Date('2026-11-20T03:00:00Z');
    await addTrainingExample(conn, { text: 'vay ở xã nào', faqId: 'loans.bank.amount', by: 'Cán bộ', at });
    await addTrainingExample(conn, { text: 'cho hỏi cái vụ giấy xanh đỏ', faqId: 'loans.bank.amount', by: 'Cán bộ', at });
    await addTrainingExample(conn, { text: 'mục đã bị xoá', faqId: 'no.longer.there', by: 'Cán bộ', at });
    const file = path.join(dir, 'staff.jsonl');
    writeFileSync(file, `${JSON.stringify({ faq: 'loans.bank.amount', text: 'Vay ở xã nào?', style: 'staff' })}\n`);

    const uri = new URL(testMongoUri());
    uri.pathname = `/${name}`;
    const env = { MONGODB_URI: uri.toString(), LOG_LEVEL: 'error' };
    const first = await run(['--out', file], env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ lines: 2, added: 1, updated: 0, skipped: 1 });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => trainingLineSchema.parse(JSON.parse(l)));
    expect(lines).toEqual([
      { faq: 'loans.bank.amount', text: 'Vay ở xã nào?', style: 'staff' },
      { faq: 'loans.bank.amount', text: 'cho hỏi cái vụ giấy xanh đỏ', style: 'staff' },
    ]);

    // Running again adds nothing.
    const again = await run(['--out', file], env);
    expect(JSON.parse(again.out)).toMatchObject({ lines: 2, added: 0 });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  }, 60_000);
});
