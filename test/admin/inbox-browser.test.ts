import { mkdirSync } from 'node:fs';
import type { Connection } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHandoff } from '../../src/domain/handoffs.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import type { TestService } from '../helpers/service.ts';
import { logIn, openConsolePage } from '../helpers/browser.ts';
import { MESSENGER_SECRET, seedContacts, staffToken, startWithFakeMessenger, testClock } from '../helpers/console-fixtures.ts';

/**
 * "Hỗ trợ trực tiếp" end to end in Debian's Chromium: a person asks for staff through the signed
 * Messenger webhook, the console shows them waiting (and a second person appearing without a
 * reload), staff reply from the console, the reply arrives at the fake Graph API, release tells the
 * person; a person outside the window is shown with their phone; the lead page shows and notes.
 * Screenshots at 1366×768 and 390×844 go to test-output/.
 */
const PAGE_ID = '1000000000000001';
// 10:00 in Vietnam on the last such morning: notices are not held back for the night.
const morning = new Date();
morning.setUTCHours(3, 0, 0, 0);
if (morning > new Date()) morning.setUTCDate(morning.getUTCDate() - 1);
const clock = testClock(morning.toISOString());
const REPLY = 'Chào chị Lan, em là cán bộ phòng lao động. Chị muốn đi Nhật theo chương trình nào ạ?';

describe('"Hỗ trợ trực tiếp" in a real browser', () => {
  let conn: Connection;
  let svc: TestService;
  let graph: FakeGraph;
  let browser: Browser;
  let page: Page;
  let staff: string;
  let leadId = '';
  let mid = 0;
  const problems: string[] = [];

  /** The person writes; returns once the bot's turn is done (all its replies sent). */
  async function say(psid: string, text: string) {
    clock.advance(20_000);
    const id = `m_ib_${++mid}`;
    expect((await postMessenger(svc.base, MESSENGER_SECRET, messengerBatch(PAGE_ID, [messengerText(psid, PAGE_ID, id, text, clock.now().getTime())]))).status).toBe(200);
    await waitFor(async () => (await InboxEvents(conn).findById(`messenger:${id}`).lean())?.status === 'done' || undefined, 20_000);
  }
  async function tick() {
    clock.advance(61_000);
    await svc.service.scheduler.runTick(clock.now());
  }
  /** `fullPage: false` keeps what an official sees on the first screen (a chat scrolled to its end). */
  async function shot(name: string, width: number, height: number, fullPage = true) {
    await page.setViewportSize({ width, height });
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: `test-output/${name}.png`, fullPage });
  }

  beforeAll(async () => {
    conn = await openTestDb();
    ({ svc, graph } = await startWithFakeMessenger(conn, clock));
    staff = await staffToken(svc.base, 'Cán bộ xã Tân Tri');
    const now = clock.now();
    const lead = await Leads(conn).create({
      phoneKey: '84912345001', fullName: 'Hoàng Thị Lan', birthYear: 1998, communeId: 'tan_tri', markets: ['japan'], education: 'upper_secondary',
      hasPassport: false, wantsLoan: true, contactIds: ['messenger:ib-psid-1'], consent: { version: 'v1', at: now, channel: 'messenger' },
      status: 'new', createdAt: now, updatedAt: now, lastActivityAt: now, createdYear: now.getUTCFullYear(), createdMonth: now.toISOString().slice(0, 7),
    });
    leadId = String(lead._id);
    graph.profiles.set('ib-psid-2', { first_name: 'Dũng', last_name: 'Vi Văn' });
    ({ browser, page } = await openConsolePage(svc.base, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await graph?.close();
  });

  it('shows the person who asked for staff, by name, with a count in the menu; a new one appears without reload', async () => {
    await say('ib-psid-1', 'cho em hỏi đi Nhật cần những gì');
    await say('ib-psid-1', 'gặp cán bộ');
    clock.advance(5 * 60_000);
    await logIn(page, svc.base, staff);
    await expect.poll(() => page.locator('#inbox-badge').textContent(), { timeout: 10_000 }).toBe('1');

    await page.getByRole('link', { name: /Hỗ trợ trực tiếp/ }).click();
    const first = page.getByTestId('waiting').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/Hoàng Thị Lan\s*Messenger · đã chờ 5 phút/);
    expect(await page.locator('main').textContent()).not.toContain('ib-psid');

    clock.advance(60_000);
    await say('ib-psid-2', 'gặp cán bộ');
    await expect.poll(() => page.getByTestId('waiting').count(), { timeout: 15_000 }).toBe(2);
    // Oldest first; the second person is named from their Messenger profile, never by an id.
    expect(await page.getByTestId('waiting').nth(1).textContent()).toContain('Dũng');
    await expect.poll(() => page.locator('#inbox-badge').textContent(), { timeout: 20_000 }).toBe('2');
  });

  it('shows the conversation, sends a staff reply through Messenger and records it', async () => {
    await page.getByTestId('waiting').first().click();
    const conv = page.getByTestId('conversation');
    await conv.getByRole('heading', { name: 'Hoàng Thị Lan' }).waitFor();
    const messages = conv.getByTestId('message');
    await expect.poll(() => messages.first().textContent()).toContain('cho em hỏi đi Nhật cần những gì');
    expect(await conv.locator('[data-from="bot"]').count()).toBeGreaterThan(0);
    expect(await conv.getByTestId('window').textContent()).toContain('Có thể nhắn tin cho người này đến');
    await shot('inbox-desktop', 1366, 768, false);

    await conv.getByRole('button', { name: 'Gửi' }).click();
    expect(await conv.getByRole('alert').first().textContent()).toContain('Hãy viết nội dung trả lời');
    await conv.getByLabel('Trả lời').fill(REPLY);
    await conv.getByRole('button', { name: 'Gửi' }).click();
    const staffBubble = conv.locator('[data-from="staff"]').last();
    await expect.poll(() => staffBubble.textContent(), { timeout: 10_000 }).toContain(REPLY);
    expect(await staffBubble.textContent()).toContain('đang gửi');

    await tick();
    expect(graph.textsTo('ib-psid-1').filter((t) => t === REPLY)).toHaveLength(1);
    await expect.poll(() => staffBubble.textContent(), { timeout: 10_000 }).not.toContain('đang gửi');
    await shot('inbox-phone', 390, 844);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('hands the person back to the bot, and the person is told', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Trả lại cho trợ lý tự động' }).click();
    await expect.poll(() => page.getByTestId('waiting').count(), { timeout: 10_000 }).toBe(1);
    await tick();
    expect(graph.textsTo('ib-psid-1').at(-1)).toContain('Trợ lý tự động trả lời bạn trở lại');
  });

  it('says plainly when the window is closed, with the phone number to call', async () => {
    const wroteLongAgo = new Date(clock.now().getTime() - 30 * 3_600_000);
    await seedContacts(conn, [{ id: 'ib-psid-old', lastInboundAt: wroteLongAgo }]);
    await Leads(conn).updateOne({ _id: leadId }, { $push: { contactIds: 'messenger:ib-psid-old' } });
    await startHandoff(conn, { contactId: 'messenger:ib-psid-old', channel: 'messenger', now: clock.now(), hours: 24 });
    await page.goto(`${svc.base}/admin#inbox?c=messenger:ib-psid-old`);
    const alert = page.getByTestId('conversation').getByTestId('window');
    await expect.poll(() => alert.textContent()).toContain('Đã quá thời hạn nhắn tin — hãy gọi điện: 0912 345 001');
    expect(await page.getByTestId('reply-form').count()).toBe(0);
  });

  it('opens the lead page from the conversation: registration, history, notes, channels and messages', async () => {
    await page.getByTestId('conversation').getByRole('link', { name: 'Xem hồ sơ' }).click();
    await page.getByRole('heading', { name: /Hoàng Thị Lan/ }).waitFor();
    const main = page.locator('main');
    expect(await main.textContent()).toContain('THPT (lớp 12)');
    expect(await main.textContent()).toContain('Xã Tân Tri');
    expect(await main.textContent()).not.toContain('tan_tri');
    expect(await main.textContent()).toContain('Nhật Bản');

    await page.getByTestId('note-form').getByRole('button', { name: 'Thêm ghi chú' }).click();
    expect(await page.getByTestId('note-form').getByRole('alert').textContent()).toBe('Hãy viết nội dung ghi chú.');
    await page.getByLabel('Ghi chú mới').fill('Đã gọi điện, hẹn thứ Hai lên phòng lao động');
    await page.getByTestId('note-form').getByRole('button', { name: 'Thêm ghi chú' }).click();
    await expect.poll(() => page.getByTestId('notes').textContent()).toContain('Đã gọi điện, hẹn thứ Hai');
    expect(await page.getByTestId('notes').textContent()).toContain('Cán bộ xã Tân Tri');

    await page.getByTestId('status-action').getByRole('button', { name: 'Đổi trạng thái' }).click();
    await page.getByTestId('status-action').getByLabel('Đổi trạng thái').selectOption('contacted');
    await page.getByTestId('status-action').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByTestId('lead-status').textContent()).toBe('Đã liên hệ');
    expect(await page.getByTestId('status-history').textContent()).toContain('Mới → Đã liên hệ');
    expect(await page.getByTestId('contacts').textContent()).toContain('Messenger');
    expect(await page.getByTestId('messages').textContent()).toContain(REPLY);
    await shot('lead-desktop', 1366, 768);
    await shot('lead-phone', 390, 844);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('reads in English when the console is in English', async () => {
    await page.goto(`${svc.base}/admin#inbox`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    expect(await page.getByTestId('waiting').first().textContent()).toContain('waiting');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Hỗ trợ trực tiếp' }).waitFor();
    expect(problems).toEqual([]);
  });
});
