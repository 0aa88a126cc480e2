import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with nothing that calls home. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * A browser page on the console of the service at `base`: console errors and page errors are
 * collected in `problems`, and every request outside the service is refused (the console must
 * work offline).
 */
export async function openConsolePage(base: string, problems: string[], viewport = { width: 1366, height: 768 }): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport });
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  return { browser, page };
}

/** Logs in with `token` and waits for the first page. */
export async function logIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/admin`);
  await page.getByLabel('Mã truy cập (token)').fill(token);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Tiến độ thực hiện kế hoạch' }).waitFor();
}
