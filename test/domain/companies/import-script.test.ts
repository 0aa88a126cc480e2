import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentList } from '../../../src/domain/companies/current.ts';
import { openTestDb, testDbName, testMongoUri } from '../../helpers/db.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'companies-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import-companies.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('npm run companies:import', () => {
  it('imports a list file into the database the service uses; a bad file imports nothing', async () => {
    const name = testDbName('_script');
    const conn = await openTestDb(name);
    const uri = new URL(testMongoUri());
    uri.pathname = `/${name}`;
    const env = { MONGODB_URI: uri.toString(), LOG_LEVEL: 'error' };

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'Tên doanh nghiệp,Số giấy phép,Ngày cấp\nCông ty TNHH Đồi Thông,101/LĐTBXH-GP,32/01/2023\n');
    const refused = await run([bad], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('dòng 2, cột "Ngày cấp"');
    expect(await currentList(conn)).toBeNull();

    const good = path.join(dir, 'danh-sach.csv');
    writeFileSync(good, '\uFEFFTên doanh nghiệp,Số giấy phép,Ngày cấp\nCông ty TNHH Đồi Thông,101/LĐTBXH-GP,05/01/2023\n');
    const first = await run([good, '--retrieved-at', '2026-12-01'], env);
    expect(first.err).toBe('');
    expect(JSON.parse(first.out)).toMatchObject({ status: 'imported', companyCount: 1, retrievedAt: '2026-12-01', sample: false });
    expect((await currentList(conn))!.companies.map((c) => c.licenceNumber)).toEqual(['101/LĐTBXH-GP']);
    const again = await run([good, '--retrieved-at', '2026-12-01'], env);
    expect(JSON.parse(again.out)).toMatchObject({ status: 'unchanged' });
  }, 60_000);
});
