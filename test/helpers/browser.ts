import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with nothing that calls home. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

/**
 * A page for the console at `base`: script errors and console errors go to `problems`, and any
 * request outside the service is refused (the console must work offline).
 */
export async function consolePage(browser: Browser, base: string, problems: string[], options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  return page;
}

/** A browser of its own with one console page (see `consolePage`). */
export async function openConsolePage(base: string, problems: string[], viewport = { width: 1366, height: 768 }): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  return { browser, page: await consolePage(browser, base, problems, { viewport }) };
}

/** Logs in with `token` and waits for the first page. */
export async function logIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/admin`);
  await page.getByLabel('Mã truy cập (token)').fill(token);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Tiến độ thực hiện kế hoạch' }).waitFor();
}
