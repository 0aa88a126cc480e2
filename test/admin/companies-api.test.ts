import type { Connection } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCompanyDialog } from '../../dialogs/check-company.ts';
import { AuditEntries } from '../../src/admin/audit.ts';
import type { BotLogic } from '../../src/conversation/types.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';
import { Chat, newBot } from '../helpers/chat.ts';
import { staffToken } from '../helpers/console-fixtures.ts';

/**
 * Staff replace the licensed-company list with a new version downloaded from DOLAB, in the list's
 * own layout (BOM, a title line, ";" as Excel saves it in Vietnam, extra columns), and the bot
 * answers from it at once. A bad file is refused with the line and column and changes nothing.
 */
const BOM = '\uFEFF';
const NEW_LIST = [
  'DANH SÁCH DOANH NGHIỆP ĐƯỢC CẤP GIẤY PHÉP HOẠT ĐỘNG DỊCH VỤ ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI;;;;;;;',
  ';;;;;;;',
  'STT;Tên doanh nghiệp;Tên giao dịch;Số giấy phép;Ngày cấp giấy phép;Địa chỉ trụ sở;Điện thoại;Tình trạng',
  '1;Công ty Cổ phần Nhân lực Đồi Thông;DOI THONG JSC;101/LĐTBXH-GP;05/01/2023;Số 10 đường Mẫu, Lạng Sơn;;Đang hoạt động',
  '2;Công ty TNHH Thương mại và Dịch vụ Bình Minh Xanh;BMX CO., LTD;MẪU-004/GP;11/01/2023;"Số 4 phố Mẫu; Bắc Ninh";;Bị thu hồi giấy phép',
  '3;Công ty TNHH Nhân lực Quốc tế Kim Sa Việt Nam;KIMSA VN;102/LĐTBXH-GP;30/11/2023;;;Đang hoạt động',
].join('\r\n');
const SOURCE_URL = 'https://dolab.moha.gov.vn/danh-sach-doanh-nghiep';
const IMPORT = `/api/companies/import?retrievedAt=2026-12-01&sourceUrl=${encodeURIComponent(SOURCE_URL)}&fileName=danh-sach.csv`;

type Version = { versionId: string; sample: boolean; companyCount: number; retrievedAt: string; source: { url?: string } };
type ListBody = { version: Version | null; versions: Version[]; match: string | null; items: { name: string; licenceNumber: string; status: string }[] };
type ErrorBody = { error: { code: string; message: string; fields: { path: string; message: string }[] } };

async function upload(base: string, path: string, body: string | Uint8Array, token: string, type = 'text/csv; charset=utf-8') {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('licensed-company list: staff import', () => {
  let conn: Connection;
  let svc: TestService;
  let staff: string;
  let bot: BotLogic;
  const list = async (query = '') => (await api(svc.base, 'GET', `/api/companies${query}`, undefined, staff)).json as unknown as ListBody;
  const say = async (user: string, text: string) => (await new Chat(bot, user).say(text)).map((r) => r.text).join('\n');

  beforeAll(async () => {
    conn = await openTestDb();
    svc = await startTestService(conn);
    staff = await staffToken(svc.base, 'Cán bộ Hoà');
    bot = newBot(conn, { featureDialogs: [checkCompanyDialog] });
  });

  it('starts with the shipped sample list, said to be a sample', async () => {
    const body = await list();
    expect(body.version).toMatchObject({ sample: true, companyCount: 8, retrievedAt: '2026-12-04' });
    expect(await say('api-before', 'cty Doi Thong co giay phep ko')).toContain('Tôi KHÔNG thấy "Doi Thong"');
  });

  it('a new version in the list\'s own format replaces what the bot answers, and is in the audit log', async () => {
    const res = await upload(svc.base, IMPORT, BOM + NEW_LIST, staff);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'imported', version: { sample: false, companyCount: 3, retrievedAt: '2026-12-01', source: { url: SOURCE_URL } } });

    const found = await say('api-after-1', 'cty Doi Thong co giay phep ko');
    expect(found).toContain('Công ty Cổ phần Nhân lực Đồi Thông CÓ trong danh sách');
    expect(found).toContain('Giấy phép số 101/LĐTBXH-GP, cấp ngày 05/01/2023');
    expect(found).toContain('danh sách ngày 01/12/2026');
    expect(found).not.toContain('MẪU');
    expect(found.split('\n').at(-1)).toContain(SOURCE_URL);
    expect(await say('api-after-2', 'cong ty BMX co giay phep khong')).toContain('đã BỊ THU HỒI giấy phép');
    expect(await say('api-after-3', 'cty sao khue co giay phep ko')).toContain('Tôi KHÔNG thấy "sao khue"');

    const body = await list('?q=' + encodeURIComponent('công ty TNHH Đồi Thông có phép không'));
    expect(body.match).toBe('found');
    expect(body.items).toEqual([expect.objectContaining({ licenceNumber: '101/LĐTBXH-GP', status: 'active' })]);
    expect(body.versions.map((v) => v.sample)).toEqual([false, true]);
    const audit = await AuditEntries(conn).find({ action: 'companies.import' }).lean();
    expect(audit).toEqual([expect.objectContaining({ actorName: 'Cán bộ Hoà', after: expect.objectContaining({ status: 'imported', companyCount: 3 }) })]);
  });

  it('importing the same file again is harmless: same version, same answers', async () => {
    const before = await list();
    const res = await upload(svc.base, IMPORT, NEW_LIST, staff);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'unchanged', version: { versionId: before.version!.versionId } });
    const after = await list();
    expect(after.versions.map((v) => v.versionId)).toEqual(before.versions.map((v) => v.versionId));
    expect(await say('api-again', 'cty Doi Thong co giay phep ko')).toContain('Đồi Thông CÓ trong danh sách');
  });

  it('a bad file is refused with a clear 400 naming the line and column, in Vietnamese first, and changes nothing', async () => {
    const before = await list();
    const badDate = NEW_LIST.replace('11/01/2023', '31/02/2023');
    const res = await upload(svc.base, IMPORT, badDate, staff);
    expect(res.status).toBe(400);
    const { error } = res.json as unknown as ErrorBody;
    expect(error.code).toBe('invalid_file');
    expect(error.message).toMatch(/^Tệp danh sách có lỗi, chưa nhập gì/);
    expect(error.fields).toEqual([{ path: expect.stringContaining('dòng 5, cột "Ngày cấp giấy phép"'), message: expect.stringContaining('ngày "31/02/2023" không đọc được') }]);

    const noLicence = NEW_LIST.replace('Số giấy phép', 'Ghi chú');
    const missing = (await upload(svc.base, IMPORT, noLicence, staff)).json as unknown as ErrorBody;
    expect(missing.error.message).toContain('không thấy dòng tiêu đề');
    const excel = await upload(svc.base, IMPORT, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), staff, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(excel.status).toBe(400);
    expect((excel.json as unknown as ErrorBody).error.message).toContain('tệp Excel');
    const json = await api(svc.base, 'POST', IMPORT, { csv: NEW_LIST }, staff);
    expect(json.status).toBe(400);
    expect(json.text).toContain('text/csv');
    const future = await upload(svc.base, '/api/companies/import?retrievedAt=2099-01-01', NEW_LIST.replace('101/', '103/'), staff);
    expect(future.status).toBe(400);

    const after = await list();
    expect(after.versions.map((v) => v.versionId)).toEqual(before.versions.map((v) => v.versionId));
    expect(await say('api-bad', 'cty BMX co phep ko')).toContain('đã BỊ THU HỒI giấy phép');
  });

  it('only staff may import; the route is in the OpenAPI document as a CSV upload', async () => {
    expect((await upload(svc.base, IMPORT, NEW_LIST, 'not-a-token-0123456789')).status).toBe(401);
    const doc = (await api(svc.base, 'GET', '/api/openapi.json')).json as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; 'x-role'?: string }>> };
    const route = doc.paths['/api/companies/import']!.post!;
    expect(Object.keys(route.requestBody!.content)).toEqual(['text/csv']);
    expect(route['x-role']).toBe('staff');
  });
});
