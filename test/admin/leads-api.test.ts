import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { insertGeneratedLeads } from '../../src/domain/leads/generate.ts';
import { registerLead } from '../../src/domain/leads/register.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { api, startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/service.ts';
import { consent, createContact, leadInput } from '../helpers/leads.ts';

/** Parses our CSV (every text cell quoted, CRLF rows) back into rows of cells. */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function csv(base: string, query = '') {
  const res = await fetch(`${base}/api/leads?format=csv${query}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { res, bytes, text, rows: parseCsv(text.slice(1)) };
}

describe('staff API for leads and contacts', () => {
  let svc: TestService;
  let conn: Connection;
  let hoa: string;
  let lang: string;
  let injected: string;
  beforeAll(async () => {
    conn = await openTestDb();
    svc = await startTestService(conn);
    await createContact(conn, 'zalo:hoa');
    await createContact(conn, 'messenger:lang', new Date('2026-11-02T03:00:00Z'), 'Lăng');
    await Contacts(conn).updateOne({ _id: 'messenger:lang' }, { $set: { 'optOut.broadcasts': true } });
    hoa = (await registerLead(conn, { input: leadInput({ phoneKey: '84912000111' }), contactId: 'zalo:hoa', consent: consent(), now: new Date('2026-10-05T03:00:00Z') })).leadId;
    lang = (
      await registerLead(conn, {
        input: leadInput({ fullName: 'Vũ Lăng', phoneKey: '84386000222', communeId: 'bac_son', markets: ['china_chongzuo'] }),
        contactId: 'messenger:lang',
        consent: consent('messenger'),
        now: new Date('2026-11-03T03:00:00Z'),
      })
    ).leadId;
    injected = (
      await registerLead(conn, {
        input: leadInput({ fullName: 'Lò Văn Tú', phoneKey: '84977000333', communeId: 'other', communeText: '=HYPERLINK("http://x","y")' }),
        contactId: 'zalo:tu',
        consent: consent(),
        now: new Date('2026-11-04T03:00:00Z'),
      })
    ).leadId;
  });

  it('answers 401 without a valid token on every route', async () => {
    for (const [method, path] of [
      ['GET', '/api/leads'],
      ['GET', `/api/leads/${hoa}`],
      ['PATCH', `/api/leads/${hoa}/status`],
      ['DELETE', `/api/leads/${hoa}`],
      ['GET', '/api/contacts'],
      ['POST', '/api/contacts/zalo:hoa/erase'],
    ] as const) {
      const res = await api(svc.base, method, path, method === 'PATCH' ? { status: 'contacted' } : undefined, 'not-a-token');
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('lets a staff token list leads, filter them and search names without diacritics and phone fragments', async () => {
    const created = await api(svc.base, 'POST', '/api/tokens', { name: 'commune officer', role: 'staff' });
    const staff = created.json.token as string;
    const all = await api(svc.base, 'GET', '/api/leads', undefined, staff);
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(3);
    const names = (r: { json: Record<string, unknown> }) => (r.json.items as { fullName: string }[]).map((i) => i.fullName).sort();
    expect(names(await api(svc.base, 'GET', '/api/leads?q=hoa'))).toEqual(['Nguyễn Thị Hoà']);
    expect(names(await api(svc.base, 'GET', '/api/leads?q=v%C5%A9%20l%C4%83ng'))).toEqual(['Vũ Lăng']);
    expect(names(await api(svc.base, 'GET', '/api/leads?q=0386%20000'))).toEqual(['Vũ Lăng']);
    expect(names(await api(svc.base, 'GET', '/api/leads?market=china_chongzuo'))).toEqual(['Vũ Lăng']);
    expect(names(await api(svc.base, 'GET', '/api/leads?communeId=vu_lang'))).toEqual(['Nguyễn Thị Hoà']);
    expect(names(await api(svc.base, 'GET', '/api/leads?from=2026-11-01&to=2026-11-03'))).toEqual(['Vũ Lăng']);
    const paged = await api(svc.base, 'GET', '/api/leads?pageSize=2&page=2');
    expect((paged.json.items as unknown[]).length).toBe(1);
    expect(paged.json.total).toBe(3);
  });

  it('answers 400 naming the field for bad filters and bodies', async () => {
    const bad = await api(svc.base, 'GET', '/api/leads?status=famous&pageSize=1000');
    expect(bad.status).toBe(400);
    expect(bad.json.error!.fields!.map((f) => f.path).sort()).toEqual(['pageSize', 'status']);
    const range = await api(svc.base, 'GET', '/api/leads?from=2026-11-05&to=2026-11-01');
    expect(range.json.error!.fields!.map((f) => f.path)).toEqual(['to']);
    const body = await api(svc.base, 'PATCH', `/api/leads/${hoa}/status`, { status: 'king' });
    expect(body.status).toBe(400);
    expect(body.json.error!.fields!.map((f) => f.path)).toEqual(['status']);
    const market = await api(svc.base, 'PATCH', `/api/leads/${hoa}/status`, { status: 'departed' });
    expect(market.status).toBe(400);
    expect(market.json.error!.fields!).toEqual([expect.objectContaining({ path: 'market', code: 'required_for_departed' })]);
    // Each bad field carries a stable code the console translates (the message is for developers).
    expect(body.json.error!.fields!).toEqual([expect.objectContaining({ path: 'status', code: 'invalid_choice' })]);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const path of ['/api/leads/0123456789abcdef01234567', '/api/leads/nonsense', '/api/leads/0123456789abcdef01234567/status']) {
      const method = path.endsWith('/status') ? 'PATCH' : 'GET';
      expect((await api(svc.base, method, path, method === 'PATCH' ? { status: 'contacted' } : undefined)).status, path).toBe(404);
    }
    expect((await api(svc.base, 'DELETE', '/api/leads/nonsense')).status).toBe(404);
    expect((await api(svc.base, 'POST', '/api/contacts/zalo:nobody/erase')).status).toBe(404);
    expect((await api(svc.base, 'POST', '/api/contacts/garbage/erase')).status).toBe(404);
  });

  it('moves a lead through the pipeline with a note, refuses going back (409), and audits each change', async () => {
    const contacted = await api(svc.base, 'PATCH', `/api/leads/${hoa}/status`, { status: 'contacted', note: 'đã gọi' });
    expect(contacted.status).toBe(200);
    expect(contacted.json).toMatchObject({ status: 'contacted', statusHistory: [{ from: 'new', to: 'contacted', by: 'bootstrap admin', note: 'đã gọi' }] });
    const departed = await api(svc.base, 'PATCH', `/api/leads/${hoa}/status`, { status: 'departed', market: 'japan' });
    expect(departed.json).toMatchObject({ status: 'departed', departure: { market: 'japan' } });
    const back = await api(svc.base, 'PATCH', `/api/leads/${hoa}/status`, { status: 'new' });
    expect(back.status).toBe(409);
    expect(back.json.error!.code).toBe('invalid_transition');
    const detail = await api(svc.base, 'GET', `/api/leads/${hoa}`);
    expect(detail.json.statusHistory as unknown[]).toHaveLength(2);
    const audit = await api(svc.base, 'GET', '/api/audit?action=lead.status');
    expect((audit.json.items as unknown[]).length).toBe(2);
  });

  it('exports CSV with a BOM, Vietnamese headings and values, formulas neutralised, and audits who exported how many rows', async () => {
    const { res, bytes, rows, text } = await csv(svc.base);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows[0]!.slice(0, 10)).toEqual(['Mã hồ sơ', 'Ngày đăng ký', 'Họ tên', 'Điện thoại', 'Năm sinh', 'Xã', 'Nơi ở ghi thêm', 'Nước muốn đi', 'Học vấn', 'Có hộ chiếu']);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byId.size).toBe(3);
    expect(byId.get(hoa)![2]).toBe('Nguyễn Thị Hoà');
    // Names, not codes; dates as written in Vietnam (05/10/2026, the day in Vietnam time).
    expect(byId.get(hoa)!.slice(1, 2)).toEqual(['05/10/2026']);
    expect(byId.get(hoa)!.slice(5, 11)).toEqual(['Xã Vũ Lăng', '', 'Nhật Bản; Hàn Quốc', 'THPT (lớp 12)', 'Không', 'Có']);
    expect(byId.get(hoa)!.slice(13, 15)).toEqual(['Đã xuất cảnh', 'Nhật Bản']);
    expect(byId.get(lang)![5]).toBe('Xã Bắc Sơn');
    expect(byId.get(injected)![5]).toBe('Nơi khác');
    expect(text).not.toMatch(/bac_son|vu_lang|china_chongzuo|upper_secondary|departed/);
    const english = await csv(svc.base, '&lang=en');
    expect(english.rows[0]![0]).toBe('Record id');
    expect(new Map(english.rows.slice(1).map((r) => [r[0], r])).get(hoa)!.slice(5, 9)).toEqual(['Vũ Lăng commune', '', 'Japan; Korea', 'Upper secondary']);
    expect(byId.get(lang)![2]).toBe('Vũ Lăng');
    expect(byId.get(injected)![6]).toBe(`'=HYPERLINK("http://x","y")`);
    const filtered = await csv(svc.base, '&market=china_chongzuo');
    expect(filtered.rows).toHaveLength(2);
    expect((await csv(svc.base, '&q=0386%20000%20222')).rows).toHaveLength(2);
    const audit = await api(svc.base, 'GET', '/api/audit?action=lead.export');
    const entries = audit.json.items as { actor: string; after: { rows: number; filter: Record<string, unknown> } }[];
    expect(entries.map((e) => e.after.rows).sort()).toEqual([1, 1, 3, 3]);
    expect(entries.some((e) => e.after.filter.market === 'china_chongzuo')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('0386');
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${svc.base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/leads', '/api/leads/{id}', '/api/leads/{id}/status', '/api/contacts', '/api/contacts/{id}/erase']));
    expect(Object.keys(doc.paths['/api/leads/{id}']!).sort()).toEqual(['delete', 'get']);
  });

  it('lists contacts with opt-outs and no message texts', async () => {
    const res = await api(svc.base, 'GET', '/api/contacts?optedOut=broadcasts');
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([expect.objectContaining({ id: 'messenger:lang', channel: 'messenger', optOut: { reminders: false, nudges: false, broadcasts: true } })]);
    expect((await api(svc.base, 'GET', '/api/contacts?channel=fax')).status).toBe(400);
  });

  it('erases a person through the API: gone from the list and the CSV, anonymised lead kept, audited', async () => {
    const erased = await api(svc.base, 'POST', '/api/contacts/messenger:lang/erase');
    expect(erased.status).toBe(200);
    expect(erased.json).toEqual({ erased: true, leads: 1 });
    const { text, rows } = await csv(svc.base);
    // "Vũ Lăng" is also a commune's name, which the export now writes: look at the name column.
    expect(rows.map((r) => r[2])).not.toContain('Vũ Lăng');
    expect(text).not.toContain('0386 000 222');
    expect((await api(svc.base, 'GET', '/api/leads?q=lang')).json.total).toBe(0);
    const kept = await api(svc.base, 'GET', `/api/leads/${lang}`);
    expect(kept.json).toMatchObject({ fullName: null, phone: null, markets: ['china_chongzuo'] });
    expect(kept.json.erasedAt).not.toBeNull();

    expect((await api(svc.base, 'DELETE', `/api/leads/${injected}`)).status).toBe(204);
    expect((await csv(svc.base)).text).not.toContain('Lò Văn Tú');
    expect((await Leads(conn).findById(injected).lean())!.fullName).toBeUndefined();
    const audit = await api(svc.base, 'GET', '/api/audit');
    const actions = (audit.json.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['contact.erase', 'lead.erase']));
  });
});

describe('CSV export of many leads', () => {
  it('streams every lead across many database batches, each row intact', async () => {
    const conn = await openTestDb(testDbName('_bulk'));
    const svc = await startTestService(conn);
    await insertGeneratedLeads(conn, 1_200, { now: new Date('2026-11-20T00:00:00Z'), batchSize: 500 });
    const { rows } = await csv(svc.base);
    expect(rows).toHaveLength(1_201);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(1_200);
    expect(rows.slice(1).every((r) => r.length === rows[0]!.length)).toBe(true);
    expect(rows.some((r) => r[2] === 'Lăng Văn Hoà')).toBe(true);
  });
});

describe('what a staff token may see and do with personal data', () => {
  it('sensitive fields only for admins, erasing only by admins, every read of leads audited', async () => {
    const conn = await openTestDb(testDbName('_roles'));
    const svc = await startTestService(conn);
    const { leadId } = await registerLead(conn, {
      input: leadInput({ phoneKey: '84912000999', sensitive: { consentVersion: 'v1', consentAt: new Date('2026-11-05T03:00:00Z'), ethnicity: 'Tày', householdCategory: 'poor' } }),
      contactId: 'zalo:roles-1',
      consent: consent(),
      now: new Date('2026-11-05T03:00:00Z'),
    });
    const staff = (await api(svc.base, 'POST', '/api/tokens', { name: 'officer', role: 'staff' })).json.token as string;

    const asStaff = await api(svc.base, 'GET', `/api/leads/${leadId}`, undefined, staff);
    expect(asStaff.json).toMatchObject({ fullName: 'Nguyễn Thị Hoà', ethnicity: null, householdCategory: null });
    expect((await api(svc.base, 'GET', `/api/leads/${leadId}`)).json).toMatchObject({ ethnicity: 'Tày', householdCategory: 'poor' });
    const staffCsv = await (await fetch(`${svc.base}/api/leads?format=csv`, { headers: { authorization: `Bearer ${staff}` } })).text();
    expect(staffCsv).toContain('0912 000 999');
    expect(staffCsv).not.toContain('Tày');
    expect(staffCsv).not.toContain('poor');
    const adminCsv = await (await fetch(`${svc.base}/api/leads?format=csv`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).text();
    expect(adminCsv).toContain('Tày');

    expect((await api(svc.base, 'DELETE', `/api/leads/${leadId}`, undefined, staff)).status).toBe(403);
    expect((await api(svc.base, 'POST', '/api/contacts/zalo:roles-1/erase', undefined, staff)).status).toBe(403);
    expect((await Leads(conn).findById(leadId).lean())?.fullName).toBe('Nguyễn Thị Hoà');

    const reads = await api(svc.base, 'GET', '/api/audit?action=lead.read');
    expect(reads.json.items).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'officer', target: `lead:${leadId}` })]));
    expect((await api(svc.base, 'GET', '/api/leads', undefined, staff)).json.items).toEqual([expect.objectContaining({ id: leadId, ethnicity: null })]);
    const lists = await api(svc.base, 'GET', '/api/audit?action=lead.list');
    expect(JSON.stringify(lists.json.items)).toContain(leadId);

    expect((await api(svc.base, 'DELETE', `/api/leads/${leadId}`)).status).toBe(204);
    expect((await Leads(conn).findById(leadId).lean())?.fullName).toBeUndefined();
  });
});
