import { mkdirSync } from 'node:fs';
import type { Connection } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../src/admin/console.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import type { TestService } from '../helpers/service.ts';
import { consolePage, launchChromium } from '../helpers/browser.ts';
import { seedContacts, staffToken, startWithFakeMessenger, testClock } from '../helpers/console-fixtures.ts';

/**
 * The staff console in Debian's Chromium: log in, create a conference, compose and send a
 * broadcast to a small audience through the fake Messenger, check the dashboard numbers, and keep
 * a screenshot of the dashboard in test-output/.
 */
const year = new Date().getUTCFullYear();
// Mid-morning in Vietnam on a fixed day of this year, so messages are not held back for the night.
const clock = testClock(`${year}-05-12T03:00:00Z`);

async function seedLead(conn: Connection, phoneKey: string, communeId: string, contactIds: string[], departure?: { market: string; month: string }) {
  const created = new Date(`${year}-02-01T03:00:00Z`);
  await Leads(conn).create({
    phoneKey,
    fullName: 'Người Thử',
    birthYear: 1999,
    communeId,
    markets: [departure?.market ?? 'japan'],
    education: 'upper_secondary',
    hasPassport: true,
    wantsLoan: false,
    contactIds,
    consent: { version: 'v1', at: created, channel: 'messenger' },
    status: departure ? 'departed' : 'new',
    ...(departure ? { departure: { market: departure.market, at: new Date(`${year}-${departure.month}-10T03:00:00Z`), year } } : {}),
    createdAt: created,
    updatedAt: created,
    lastActivityAt: created,
    createdYear: year,
    createdMonth: `${year}-02`,
  });
}

describe('staff console in a real browser', () => {
  let conn: Connection;
  let svc: TestService;
  let graph: FakeGraph;
  let browser: Browser;
  let page: Page;
  let staff: string;
  const problems: string[] = [];

  beforeAll(async () => {
    conn = await openTestDb();
    ({ svc, graph } = await startWithFakeMessenger(conn, clock));
    staff = await staffToken(svc.base, 'Cán bộ xã Vũ Lăng');
    const lastInboundAt = new Date(clock.now().getTime() - 3600_000);
    await seedContacts(conn, [{ id: 'psid-1', lastInboundAt }, { id: 'psid-2', lastInboundAt }, { id: 'psid-3', lastInboundAt }]);
    await seedLead(conn, '84912000001', 'vu_lang', ['messenger:psid-1'], { market: 'china_chongzuo', month: '03' });
    await seedLead(conn, '84912000002', 'vu_lang', ['messenger:psid-2'], { market: 'china_chongzuo', month: '04' });
    await seedLead(conn, '84912000003', 'bac_son', ['messenger:psid-3'], { market: 'japan', month: '04' });
    await seedLead(conn, '84912000004', 'bac_son', []);
    browser = await launchChromium();
    page = await consolePage(browser, svc.base, problems, { viewport: { width: 1200, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await graph?.close();
  });

  it('serves the console with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${svc.base}/admin/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(await res.text()).not.toMatch(/https?:\/\//);
  });

  it('refuses a wrong token and logs in with a staff token', async () => {
    await page.goto(`${svc.base}/admin`);
    await page.getByLabel('Mã truy cập (token)').fill('not-the-right-token');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('không đúng');
    await page.getByLabel('Mã truy cập (token)').fill(staff);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Tiến độ thực hiện kế hoạch' }).waitFor();
    // The browser reports the deliberate wrong token as a failed request; nothing else may fail.
    expect(problems.every((p) => /status of 401/.test(p))).toBe(true);
    problems.length = 0;
    expect(await page.getByTestId('target-chongzuo-actual').textContent()).toBe('2');
    expect(await page.getByTestId('target-other_countries-actual').textContent()).toBe('1');
  });

  it('creates a conference', async () => {
    await page.getByRole('link', { name: 'Hội nghị' }).click();
    const form = page.getByTestId('conference-form');
    await form.getByLabel('Tên (tiếng Việt)').fill('Hội nghị tư vấn lao động Sùng Tả');
    await form.getByLabel('Thời gian bắt đầu').fill(`${year}-05-20T08:00`);
    await form.getByLabel('Xã', { exact: true }).selectOption({ label: 'Xã Vũ Lăng (trước đây: Tân Lập, Tân Hương, Chiêu Vũ)' });
    await form.getByLabel('Địa điểm', { exact: true }).fill('Hội trường UBND xã Vũ Lăng');
    await form.getByLabel('Sùng Tả (Trung Quốc)').check();
    await form.getByRole('button', { name: 'Tạo hội nghị' }).click();
    await page.getByTestId('conferences').getByText('Hội nghị tư vấn lao động Sùng Tả').waitFor();
    const res = await fetch(`${svc.base}/api/conferences`, { headers: { authorization: `Bearer ${staff}` } });
    const { items } = (await res.json()) as { items: { title: { vi: string }; communeId: string; markets: string[] }[] };
    expect(items).toEqual([expect.objectContaining({ title: { vi: 'Hội nghị tư vấn lao động Sùng Tả' }, communeId: 'vu_lang', markets: ['china_chongzuo'] })]);
  });

  it('previews and sends a broadcast to one commune, and shows its progress live', async () => {
    await page.getByRole('link', { name: 'Thông báo' }).click();
    const form = page.getByTestId('broadcast-form');
    await form.getByLabel('Nội dung (tiếng Việt)').fill('Mời bà con dự hội nghị tuyển lao động Sùng Tả ngày 20/5');
    await form.getByLabel(/^Xã Vũ Lăng/).check();
    await form.getByRole('button', { name: 'Xem trước số người nhận' }).click();
    await expect.poll(() => page.getByTestId('reach').textContent()).toBe('2');
    expect(await page.getByTestId('outside-window').textContent()).toBe('0');
    await form.getByRole('button', { name: 'Gửi thông báo' }).click();
    const confirm = page.getByTestId('confirm-send');
    expect(await confirm.textContent()).toContain('Xã Vũ Lăng');
    expect(await confirm.textContent()).toContain('Số người nhận được ngay: 2');
    await confirm.getByRole('button', { name: 'Gửi', exact: true }).click();
    const row = page.getByTestId('broadcasts').locator('tbody tr').first();
    await row.waitFor();

    // The scheduler tick (driven here instead of waiting for the minute) sends through the fake.
    await waitFor(async () => {
      clock.advance(61_000);
      await svc.service.scheduler.runTick(clock.now());
      return graph.sent.length === 2 || undefined;
    }, 20_000);
    expect(graph.sent.map((s) => s.recipientId).sort()).toEqual(['psid-1', 'psid-2']);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    expect(await row.getByTestId('result').textContent()).toBe('2 đã gửi, 0 lỗi');
    expect(await row.getByTestId('state').getAttribute('class')).toContain('ok');
  });

  it('filters leads by status', async () => {
    await page.getByRole('link', { name: 'Người đăng ký' }).click();
    await page.getByTestId('leads').waitFor();
    expect(await page.getByTestId('leads').locator('tbody tr').count()).toBe(4);
    await page.getByLabel('Trạng thái').selectOption('departed');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect.poll(() => page.getByTestId('leads').locator('tbody tr').count()).toBe(3);
  });

  it('shows the dashboard numbers, switches to English, and fits a phone screen', async () => {
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    await page.getByTestId('broadcasts-count').waitFor();
    expect(await page.getByTestId('departures-total').textContent()).toBe('3');
    expect(await page.getByTestId('leads-total').textContent()).toBe('4');
    expect(await page.getByTestId('broadcasts-count').textContent()).toBe('1');
    expect(await page.getByTestId('target-chongzuo-bar').getAttribute('aria-valuenow')).toBe('2');
    expect(await page.getByTestId('month-chart').locator('rect').count()).toBe(24);
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/console-dashboard.png', fullPage: true });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Progress against the plan' }).waitFor();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit').getByText('Created a broadcast').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone the menu is folded behind one button.
    expect(await page.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('departures-total').waitFor();
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-output/console-dashboard-phone.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
