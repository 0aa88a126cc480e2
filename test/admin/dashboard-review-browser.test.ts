import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFaq, loadContent } from '../../src/content/index.ts';
import { openTestDb } from '../helpers/db.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { staffToken, testClock } from '../helpers/console-fixtures.ts';

/**
 * The dashboard's report header (what the report counts, its due date, its recipient, the
 * carried-on targets) and the list of content due for review, in Debian's Chromium on a laptop
 * and a phone screen; screenshots in test-output/.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const clock = testClock('2026-12-04T03:00:00Z');
const content = loadContent();

describe('dashboard: report header and content to review', () => {
  let svc: TestService;
  let browser: Browser;
  let page: Page;
  let staff: string;
  const problems: string[] = [];

  beforeAll(async () => {
    svc = await startTestService(await openTestDb(), { clock });
    staff = await staffToken(svc.base);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route('**/*', (route) => (route.request().url().startsWith(svc.base) ? route.continue() : route.abort()));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('says what the report counts and lists the dated entries by their question, on a laptop and a phone', async () => {
    await page.goto(`${svc.base}/admin`);
    await page.getByLabel('Mã truy cập (token)').fill(staff);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('report-head').waitFor();
    await page.getByLabel('Năm').selectOption('2026');
    await page.getByTestId('content-review').locator('tbody tr').first().waitFor();
    // The browser's own clock decides "this year"; the service's clock is 4/12/2026.
    await expect.poll(() => page.getByTestId('report-counted').textContent()).toMatch(/01\/01\/2026 đến hết ngày 04\/12\/2026 \(ngày lập báo cáo; kỳ chưa kết thúc\)\. Hạn nộp: trước ngày 15\/12\/2026/);
    expect(await page.getByTestId('report-recipient').textContent()).toMatch(/chưa đặt/);
    expect(await page.getByTestId('plan-note').textContent()).toMatch(/2023–2025/);
    expect(await page.getByTestId('baseline').textContent()).toMatch(/growthBaseline/);
    const review = (await page.getByTestId('content-review').textContent()) ?? '';
    expect(review).toContain(findFaq(content, 'markets.japan.pay')!.question.vi);
    expect(review).toContain('31/12/2026');
    expect(review).not.toContain('markets.japan.pay');
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/dashboard-review-1366.png', fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Progress against the plan' }).waitFor();
    await page.getByTestId('content-review').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('content-review').textContent()).toContain(findFaq(content, 'markets.japan.pay')!.question.en);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-output/dashboard-review-390.png', fullPage: true });
    await page.getByTestId('content-review').screenshot({ path: 'test-output/dashboard-review-390-list.png' });
    expect(problems).toEqual([]);
  });
});
