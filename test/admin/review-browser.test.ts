import { mkdirSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { api, type TestService } from '../helpers/service.ts';
import { MESSENGER_SECRET, staffToken, startWithFakeMessenger, testClock } from '../helpers/console-fixtures.ts';

/**
 * The review loop end to end, in Debian's Chromium: a person asks something the bot cannot answer
 * with confidence (through the real Messenger webhook), it appears on "Câu hỏi cần xem", staff
 * attach it in one click, and the same message then gets that entry's answer — also after a restart.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const PAGE_ID = '1000000000000001';
const NONSENSE = 'cho hỏi cái vụ giấy xanh đỏ ở xóm trên thế nào';
const SECOND = 'ở chỗ em người ta bảo nộp tiền giữ chỗ trước thì sao';
const content = loadContent();
const clock = testClock(new Date().toISOString());

describe('"Câu hỏi cần xem" in a real browser', () => {
  const name = testDbName();
  let conn: Connection;
  let svc: TestService;
  let graph: FakeGraph;
  let browser: Browser;
  let page: Page;
  let staff: string;
  let mid = 0;
  const problems: string[] = [];

  async function say(psid: string, text: string) {
    const before = graph.sent.filter((s) => s.recipientId === psid).length;
    const event = messengerText(psid, PAGE_ID, `m_rv_${++mid}`, text);
    expect((await postMessenger(svc.base, MESSENGER_SECRET, messengerBatch(PAGE_ID, [event]))).status).toBe(200);
    await waitFor(async () => graph.sent.filter((s) => s.recipientId === psid).length > before || undefined, 20_000);
    // Every reply of the turn (the answer and the "did it help?" question come separately).
    await new Promise((r) => setTimeout(r, 500));
    return graph.sent.filter((s) => s.recipientId === psid).slice(before).map((s) => s.message.text ?? '');
  }

  beforeAll(async () => {
    conn = await openTestDb(name);
    ({ svc, graph } = await startWithFakeMessenger(conn, clock));
    staff = await staffToken(svc.base, 'Cán bộ xã Hưng Vũ');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route('**/*', (route) => (route.request().url().startsWith(svc.base) ? route.continue() : route.abort()));
  });

  afterAll(async () => {
    await browser?.close();
    await graph?.close();
  });

  it('a message the bot cannot answer with confidence shows up on the review page, with the guess as a question', async () => {
    // Both must be close calls for the bot, or they would be answered instead of reviewed.
    expect(svc.service.matcher!.match(NONSENSE).confident).toBe(false);
    expect(svc.service.matcher!.match(SECOND).confident).toBe(false);
    const replies = await say('rv-psid-1', NONSENSE);
    expect(replies.join('\n')).not.toMatch(/\nNguồn: /);
    await say('rv-psid-2', SECOND);

    await page.goto(`${svc.base}/admin`);
    await page.getByLabel('Mã truy cập (token)').fill(staff);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Tiến độ thực hiện kế hoạch' }).waitFor();
    await page.getByRole('link', { name: 'Câu hỏi cần xem' }).click();
    await page.getByRole('heading', { name: 'Câu hỏi cần xem' }).waitFor();
    const card = page.getByTestId('review-item').filter({ hasText: NONSENSE });
    await card.waitFor();
    expect(await page.getByTestId('review-item').count()).toBe(2);
    expect(await page.getByTestId('count-open').textContent()).toContain('(2)');
    // The guess is shown as the FAQ question, never as a raw id.
    const { items } = (await api(svc.base, 'GET', '/api/review-items?status=open', undefined, staff)).json as unknown as { items: { text: string; guess: { faqId: string | null } }[] };
    const guessed = content.faq.find((e) => e.id === items.find((i) => i.text === NONSENSE)!.guess.faqId)!;
    expect(guessed).toBeDefined();
    expect(await card.getByTestId('guess-question').textContent()).toBe(guessed.question.vi);
    expect(await page.locator('main').textContent()).not.toContain(guessed.id);

    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/review-desktop.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-output/review-phone.png', fullPage: true });
  });

  it('staff attach it in one click, and the same message then gets that entry\'s answer', async () => {
    const card = page.getByTestId('review-item').filter({ hasText: NONSENSE });
    const question = (await card.getByTestId('guess-question').textContent())!;
    const entry = content.faq.find((e) => e.question.vi === question)!;
    await card.getByRole('button', { name: 'Đúng câu này' }).click();
    await expect.poll(() => page.getByTestId('review-item').filter({ hasText: NONSENSE }).count()).toBe(0);
    expect(await page.getByTestId('count-attached').textContent()).toContain('(1)');

    await svc.service.matcher!.idle();
    const replies = await say('rv-psid-1', NONSENSE);
    expect(replies[0]).toContain(entry.answer.vi.slice(0, 40));
  });

  it('staff choose another entry from the searchable list, grouped by topic', async () => {
    const target = content.faq.find((e) => e.intent === 'fees.deposit')!;
    const card = page.getByTestId('review-item').filter({ hasText: SECOND });
    await card.getByTestId('rv-choose-search').fill(target.question.vi.split(' ').slice(0, 3).join(' '));
    const option = card.locator(`optgroup option[value="${target.id}"]`);
    expect(await option.count()).toBe(1);
    expect(await option.evaluate((o) => (o.parentElement as unknown as { label: string }).label)).not.toContain('.');
    await card.getByTestId('rv-choose-select').selectOption(target.id);
    await card.getByRole('button', { name: 'Gắn câu đã chọn' }).click();
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(0);
    await page.getByTestId('count-attached').click();
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: 'test-output/review-attached-desktop.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('after a restart the items are still there and the bot still knows the answer', async () => {
    await svc.stop();
    await graph.close();
    ({ svc, graph } = await startWithFakeMessenger(await openTestDb(name), clock));
    const res = await api(svc.base, 'GET', '/api/review-items', undefined, staff);
    const body = res.json as unknown as { items: { text: string; status: string }[] };
    expect(body.items.filter((i) => i.status === 'attached').map((i) => i.text).sort()).toEqual([NONSENSE, SECOND].sort());
    expect(svc.service.matcher!.examples).toBe(2);
    expect(svc.service.matcher!.match(NONSENSE).confident).toBe(true);

    // The restarted service listens on another port: another origin, so staff sign in again.
    await page.goto(`${svc.base}/admin#review`);
    await page.getByLabel('Mã truy cập (token)').fill(staff);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Câu hỏi cần xem' }).waitFor();
    await page.getByTestId('count-attached').click();
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Questions to review' }).waitFor();
  });
});
