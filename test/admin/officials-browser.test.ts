import { mkdirSync, readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Leads } from '../../src/domain/leads/model.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { api, type TestService } from '../helpers/service.ts';
import { consolePage, launchChromium } from '../helpers/browser.ts';
import { seedContacts, staffToken, startWithFakeMessenger, testClock } from '../helpers/console-fixtures.ts';

/**
 * The console as a district official uses it, in Debian's Chromium set to New York time: names
 * instead of codes, errors in Vietnamese next to their field, times in Vietnam time, a broadcast
 * through a channel that is off reported honestly, and every page at desktop and phone size with
 * no internal code, English text or ISO time on it. Screenshots go to test-output/.
 */
const year = new Date().getUTCFullYear();
const clock = testClock(`${year}-05-12T03:00:00Z`);
const PAGES = ['dashboard', 'inbox', 'conferences', 'broadcasts', 'leads', 'placements', 'review', 'audit'];
const CODES = /\b(KR|JP|TW|bac_son|vu_lang|hung_vu|tan_tri|china_chongzuo|middle_east|lower_secondary|upper_secondary|near_poor|window_closed|opted_out|departed|withdrawn)\b/;
const ENGLISH = /\b(bootstrap|Save|Cancel|Send|Status|Leads|Broadcasts?|Conferences?|failed|sent|pending|required|must|invalid|Loading|Nothing|Dashboard|channel)\b/;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}:\d{2}(\.\d+)?Z/;

async function seedLead(conn: Connection, o: { phoneKey: string; name: string; communeId: string; contactIds: string[]; education: 'lower_secondary' | 'upper_secondary'; market: string }) {
  const created = new Date(`${year}-03-01T03:00:00Z`);
  const lead = await Leads(conn).create({
    phoneKey: o.phoneKey,
    fullName: o.name,
    birthYear: 1996,
    communeId: o.communeId,
    markets: [o.market],
    education: o.education,
    hasPassport: false,
    wantsLoan: true,
    contactIds: o.contactIds,
    consent: { version: 'v1', at: created, channel: 'zalo' },
    status: 'new',
    createdAt: created,
    updatedAt: created,
    lastActivityAt: created,
    createdYear: year,
    createdMonth: `${year}-03`,
  });
  return String(lead._id);
}

describe('the console as an official uses it', () => {
  let conn: Connection;
  let svc: TestService;
  let graph: FakeGraph;
  let browser: Browser;
  let page: Page;
  let staff: string;
  /** One person's page ('lead/<id>'), walked with the others. */
  let leadPage: string;
  const problems: string[] = [];
  mkdirSync('test-output', { recursive: true });

  beforeAll(async () => {
    conn = await openTestDb();
    ({ svc, graph } = await startWithFakeMessenger(conn, clock));
    staff = await staffToken(svc.base, 'Cán bộ xã Vũ Lăng');
    const lastInboundAt = new Date(clock.now().getTime() - 3600_000);
    // Zalo is off in this service (no credentials): its person cannot get a broadcast.
    await seedContacts(conn, [{ id: 'z-1', channel: 'zalo', lastInboundAt }, { id: 'm-1', lastInboundAt }]);
    await seedLead(conn, { phoneKey: '84912000101', name: 'Hoàng Văn Pác', communeId: 'hung_vu', contactIds: ['zalo:z-1'], education: 'lower_secondary', market: 'china_chongzuo' });
    const lead = await seedLead(conn, { phoneKey: '84912000102', name: 'Lục Thị Mai', communeId: 'bac_son', contactIds: ['messenger:m-1'], education: 'upper_secondary', market: 'korea' });
    const placement = await api(svc.base, 'POST', '/api/placements', { leadId: lead, country: 'KR', city: 'Ansan', timeZone: 'Asia/Seoul', contractEnd: `${year}-07-01`, consent: { version: 'v1', at: clock.now().toISOString(), channel: 'zalo' } }, staff);
    expect(placement.status).toBe(201);
    leadPage = `lead/${lead}`;
    browser = await launchChromium();
    // A browser set to another time zone: the console must still enter and show Vietnam time.
    page = await consolePage(browser, svc.base, problems, { viewport: { width: 1366, height: 768 }, timezoneId: 'America/New_York', locale: 'en-US', acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await graph?.close();
  });

  it('shows nothing behind the login before it, on a phone too', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${svc.base}/admin`);
    await page.getByLabel('Mã truy cập (token)').waitFor();
    expect(await page.locator('#nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await page.screenshot({ path: 'test-output/officials-login-phone.png' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByLabel('Mã truy cập (token)').fill(staff);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Tiến độ thực hiện kế hoạch' }).waitFor();
  });

  it('says what is wrong in Vietnamese next to each field', async () => {
    await page.getByRole('link', { name: 'Hội nghị' }).click();
    const form = page.getByTestId('conference-form');
    await form.getByRole('button', { name: 'Tạo hội nghị' }).click();
    await form.getByTestId('error-title.vi').waitFor();
    expect(await form.getByTestId('error-title.vi').textContent()).toBe('Chưa điền mục này.');
    expect(await form.getByTestId('error-communeId').textContent()).toBe('Chưa điền mục này.');
    expect(await form.getByRole('alert').textContent()).toBe('Vui lòng sửa các ô được đánh dấu đỏ.');
    expect(await form.textContent()).not.toMatch(ENGLISH);
    await page.screenshot({ path: 'test-output/officials-conference-errors.png', fullPage: true });
    // In English the same problems read in English.
    await page.getByRole('button', { name: 'English' }).click();
    const en = page.getByTestId('conference-form');
    await en.getByRole('button', { name: 'Create conference' }).click();
    await en.getByTestId('error-communeId').waitFor();
    expect(await en.getByTestId('error-communeId').textContent()).toBe('Required.');
    expect(await en.getByRole('alert').textContent()).toBe('Please correct the fields marked in red.');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByTestId('conference-form').waitFor();
  });

  it('enters and shows a conference at 08:00 Vietnam time in a browser set to New York time', async () => {
    const form = page.getByTestId('conference-form');
    await form.getByLabel('Tên (tiếng Việt)').fill('Hội nghị tư vấn xuất khẩu lao động');
    await form.getByLabel(/Thời gian bắt đầu/).fill(`${year}-05-20T08:00`);
    // Former commune names are in the list: "Long Đống" is now part of xã Bắc Sơn.
    const commune = form.getByLabel('Xã', { exact: true });
    expect(await commune.locator('option', { hasText: 'Long Đống' }).textContent()).toMatch(/^Xã Bắc Sơn \(trước đây: .*Long Đống/);
    await commune.selectOption('bac_son');
    await form.getByLabel('Địa điểm', { exact: true }).fill('Nhà văn hoá thôn');
    await form.getByRole('button', { name: 'Tạo hội nghị' }).click();
    const row = page.getByTestId('conferences').locator('tbody tr').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('08:00');
    expect(await row.textContent()).toContain('Xã Bắc Sơn');
    const { items } = (await api(svc.base, 'GET', '/api/conferences', undefined, staff)).json as { items: { startsAt: string }[] };
    expect(items[0]!.startsAt).toBe(`${year}-05-20T01:00:00.000Z`);
    // Editing shows the same 08:00 back.
    await row.getByRole('button', { name: 'Sửa' }).click();
    expect(await page.getByTestId('conference-edit').getByLabel(/Thời gian bắt đầu/).inputValue()).toBe(`${year}-05-20T08:00`);
    await page.getByTestId('conference-edit').getByRole('button', { name: 'Huỷ' }).click();
  });

  it('names the channel that is off, asks before sending, and ends a broadcast that reached nobody in red with the reason in words', async () => {
    await page.getByRole('link', { name: 'Thông báo' }).click();
    const form = page.getByTestId('broadcast-form');
    await form.getByLabel('Nội dung (tiếng Việt)').fill('Lịch hội nghị tư vấn ngày 20/5');
    await form.getByLabel(/^Xã Hưng Vũ/).check();
    await form.getByRole('button', { name: 'Xem trước số người nhận' }).click();
    await page.getByTestId('channel-off-zalo').waitFor();
    expect(await page.getByTestId('channel-off-zalo').textContent()).toBe('Kênh Zalo chưa được bật trên máy chủ: 1 người dùng kênh này sẽ không nhận được.');
    expect(await page.getByTestId('will-get').textContent()).toBe('0');
    expect(await page.getByTestId('nobody').isVisible()).toBe(true);
    expect(await page.getByTestId('preview').innerText()).not.toMatch(/\bnull\b|undefined/);
    await form.getByRole('button', { name: 'Gửi thông báo' }).click();
    const confirm = page.getByTestId('confirm-send');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Người nhận: Xã Hưng Vũ');
    expect(await confirm.textContent()).toContain('Số người nhận được ngay: 0 (trên 1 người phù hợp)');
    await page.screenshot({ path: 'test-output/officials-broadcast-confirm.png' });
    await confirm.getByRole('button', { name: 'Gửi', exact: true }).click();
    const row = page.getByTestId('broadcasts').locator('tbody tr').first();
    await row.waitFor();
    await waitFor(async () => {
      clock.advance(61_000);
      await svc.service.scheduler.runTick(clock.now());
      const b = await api(svc.base, 'GET', '/api/broadcasts', undefined, staff);
      return (b.json.items as { state: string }[])[0]?.state === 'done' || undefined;
    }, 20_000);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    expect(await row.getByTestId('result').textContent()).toBe('0 đã gửi, 1 lỗi');
    expect(await row.getByTestId('state').getAttribute('class')).toContain('bad');
    expect(await row.getByTestId('state').textContent()).toBe('Không gửi được cho ai');
    expect(await row.getByTestId('failure').textContent()).toBe('Kênh Zalo chưa được cấu hình trên máy chủ: 1');
    expect(graph.sent).toEqual([]);
    await page.screenshot({ path: 'test-output/officials-broadcasts.png', fullPage: true });
  });

  it('lists people, workers abroad and the audit log with names, not codes', async () => {
    await page.getByRole('link', { name: 'Người đăng ký' }).click();
    await page.getByTestId('leads').waitFor();
    expect(await page.getByTestId('leads').textContent()).toContain('Xã Hưng Vũ');
    await page.getByLabel('Xã', { exact: true }).selectOption('bac_son');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect.poll(() => page.getByTestId('leads').locator('tbody tr').count()).toBe(1);
    // Changing to "departed" without a destination: the reason in Vietnamese under the field.
    await page.getByTestId('leads').getByRole('button', { name: 'Đổi trạng thái' }).click();
    await page.getByLabel('Đổi trạng thái').selectOption('departed');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('error-market').waitFor();
    expect(await page.getByTestId('error-market').textContent()).toBe('Bắt buộc chọn nước đến khi chuyển sang "Đã xuất cảnh".');

    await page.getByRole('link', { name: 'Lao động ở nước ngoài' }).click();
    await page.getByTestId('placements').waitFor();
    const row = await page.getByTestId('placements').locator('tbody tr').first().textContent();
    expect(row).toContain('Lục Thị Mai');
    expect(row).toContain('Hàn Quốc, Ansan');
  });

  it('downloads the report to hand in as an Excel file and the leads as a Vietnamese CSV', async () => {
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    await page.getByTestId('month-chart').waitFor();
    expect(await page.getByTestId('target-line').count()).toBe(1);
    expect(await page.getByTestId('by-commune').textContent()).toContain('Xã Hưng Vũ');
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải báo cáo (Excel)' }).click()]);
    expect(report.suggestedFilename()).toBe(`bao-cao-bac-son-${year}-ca-nam.xlsx`);
    const bytes = readFileSync((await report.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    await page.getByRole('link', { name: 'Người đăng ký' }).click();
    const [leads] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    const csv = readFileSync((await leads.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFMã hồ sơ,Ngày đăng ký,Họ tên/);
    expect(csv).toContain('Xã Hưng Vũ');
    expect(csv).toContain('THCS (lớp 9)');
  });

  for (const [size, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`walks every page at ${size} size: no internal code, English text or ISO time, nothing wider than the screen`, async () => {
      await page.setViewportSize(viewport);
      for (const name of [...PAGES, leadPage]) {
        await page.goto(`${svc.base}/admin#${name}`);
        await page.locator('main h1').first().waitFor();
        await expect.poll(() => page.locator('main').innerText()).not.toContain('Đang tải');
        const text = await page.locator('main').innerText();
        const nav = await page.locator('header').innerText();
        expect(text, name).not.toMatch(CODES);
        expect(text, name).not.toMatch(ENGLISH);
        expect(text, name).not.toMatch(ISO_TIME);
        expect(text, name).not.toMatch(/\bnull\b|\bundefined\b|NaN/);
        // Logged in as staff: erasing a person is offered to admins only, and the page says whom to ask.
        if (name === leadPage) expect(await page.getByTestId('erase-admin-only').isVisible()).toBe(true);
        expect(nav.replace('English', ''), name).not.toMatch(ENGLISH);
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
        expect(overflow, name).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `test-output/officials-${name.replace('/', '-')}-${size}.png`, fullPage: true });
      }
      if (size === 'phone') {
        // Tables become cards: each value carries its column's name.
        await page.goto(`${svc.base}/admin#leads`);
        await page.getByTestId('leads').waitFor();
        expect(await page.getByTestId('leads').locator('thead').isVisible()).toBe(false);
        expect(await page.getByTestId('leads').locator('td').first().getAttribute('data-label')).toBe('Họ tên');
      }
      // The refused forms above show as failed requests (400) in the browser's log; nothing else may fail.
      expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    });
  }
});
