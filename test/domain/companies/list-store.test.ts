import { describe, expect, it } from 'vitest';
import { currentList } from '../../../src/domain/companies/current.ts';
import { readListFile, type ListMeta } from '../../../src/domain/companies/list-file.ts';
import { seedCompaniesIfEmpty } from '../../../src/domain/companies/seed.ts';
import { Companies, CompanyListVersions, importCompanyList } from '../../../src/domain/companies/model.ts';
import { openTestDb, testDbName, testLog } from '../../helpers/db.ts';

/**
 * The stored list versions, against a real database: the seed is imported once however many
 * copies start together, a version is seen only once complete, and the newest import wins.
 */
const clock = { now: () => new Date('2026-12-04T03:00:00Z') };
const meta = (over: Partial<ListMeta> = {}): ListMeta => ({ source: { title: 'DOLAB', url: 'https://dolab.moha.gov.vn' }, retrievedAt: '2026-12-01', sample: false, fileName: null, ...over });
const csv = (names: string[]) => ['Tên doanh nghiệp,Số giấy phép,Ngày cấp', ...names.map((n, i) => `Công ty TNHH ${n},${i + 1}/LĐTBXH-GP,01/02/2023`)].join('\n');
const namesOf = async (conn: Parameters<typeof currentList>[0]) => (await currentList(conn))!.companies.map((c) => c.name);

describe('licensed-company list versions', () => {
  it('several copies seeding an empty database at once give one complete version', async () => {
    const name = testDbName('_seed');
    const [a, b] = await Promise.all([openTestDb(name), openTestDb(name)]);
    const copies = [a, b, a, b].map((conn) => seedCompaniesIfEmpty({ conn, clock, log: testLog }));
    await Promise.all(copies);
    expect(await CompanyListVersions(a).countDocuments({})).toBe(1);
    const list = (await currentList(b))!;
    expect(list.version).toMatchObject({ sample: true, companyCount: 8, importedBy: 'seed' });
    expect(list.companies).toHaveLength(8);
    expect(await Companies(a).countDocuments({})).toBe(8);
    // A later start finds the list and leaves it alone.
    await seedCompaniesIfEmpty({ conn: a, clock, log: testLog });
    expect(await CompanyListVersions(a).countDocuments({})).toBe(1);
  });

  it('companies written without their completion document (an import that died) are never read', async () => {
    const conn = await openTestDb(testDbName('_draft'));
    await importCompanyList(conn, { companies: readListFile(csv(['Đồi Thông'])), meta: meta(), by: 'staff', at: clock.now() });
    await Companies(conn).insertMany([{ _id: 'dead:2', versionId: 'dead', line: 2, name: 'Công ty TNHH Ma', licenceNumber: '9/GP', licenceDate: '2023-01-01', status: 'active', writtenAt: clock.now() }]);
    expect(await namesOf(conn)).toEqual(['Công ty TNHH Đồi Thông']);
  });

  it('the newest import is current, also when it repeats an older list; old versions keep no companies', async () => {
    const conn = await openTestDb(testDbName('_order'));
    const a = readListFile(csv(['An Khang']));
    const b = readListFile(csv(['Bảo Ngọc', 'Cát Tường']));
    await seedCompaniesIfEmpty({ conn, clock, log: testLog });
    await importCompanyList(conn, { companies: a, meta: meta(), by: 'staff', at: clock.now() });
    expect(await namesOf(conn)).toEqual(['Công ty TNHH An Khang']);
    await importCompanyList(conn, { companies: b, meta: meta(), by: 'staff', at: clock.now() });
    expect(await namesOf(conn)).toEqual(['Công ty TNHH Bảo Ngọc', 'Công ty TNHH Cát Tường']);
    const again = await importCompanyList(conn, { companies: a, meta: meta(), by: 'staff', at: clock.now() });
    expect(again.status).toBe('imported');
    expect(await namesOf(conn)).toEqual(['Công ty TNHH An Khang']);
    // The seed can never come back over an import, even seeded again.
    await seedCompaniesIfEmpty({ conn, clock, log: testLog });
    expect(await namesOf(conn)).toEqual(['Công ty TNHH An Khang']);
    // Four completed versions: the companies of the three newest are kept, the seed's are gone.
    expect(await CompanyListVersions(conn).countDocuments({})).toBe(4);
    expect((await Companies(conn).distinct('versionId')).length).toBe(3);
    expect(await Companies(conn).countDocuments({ versionId: /^seed-/ })).toBe(0);
  });

  it('the same list with a new retrieval date is a new version (the bot says "as of" that date)', async () => {
    const conn = await openTestDb(testDbName('_date'));
    const a = readListFile(csv(['An Khang']));
    await importCompanyList(conn, { companies: a, meta: meta(), by: 'staff', at: clock.now() });
    expect((await importCompanyList(conn, { companies: a, meta: meta(), by: 'staff', at: clock.now() })).status).toBe('unchanged');
    const later = await importCompanyList(conn, { companies: a, meta: meta({ retrievedAt: '2026-12-20' }), by: 'staff', at: clock.now() });
    expect(later.status).toBe('imported');
    expect((await currentList(conn))!.version.retrievedAt).toBe('2026-12-20');
  });
});
