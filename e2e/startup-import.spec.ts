/**
 * A book opened while the page is still starting (reading IndexedDB, fetching the default market and sample book)
 * must be the book that comes back on reload. Each round runs in a fresh browser context (empty IndexedDB, no
 * service worker), as a new user would.
 */
import type { Browser, Page, Route } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { RiskdeckPage } from './pages/RiskdeckPage.ts';
import { fixture } from './support/engine.ts';

const ROUNDS = 3;

async function freshPage(browser: Browser, baseURL: string): Promise<{ app: RiskdeckPage; page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  return { app: new RiskdeckPage(page), page, close: () => context.close() };
}

/** After reload: the imported JSON book, not the sample. */
async function expectImportedBookBack(app: RiskdeckPage, page: Page): Promise<void> {
  await page.reload();
  await app.waitForBook();
  await expect(page.getByTestId('portfolio-name')).toHaveText('json book');
  await expect.poll(() => app.rowCount()).toBe(4);
  await expect(app.rowFor('BTC-25DEC26-90000-C')).toBeVisible();
}

test('a book opened while the sample book is still loading is saved and comes back on reload', async ({ browser, baseURL }) => {
  for (let round = 1; round <= ROUNDS; round++) {
    const { app, page, close } = await freshPage(browser, baseURL!);
    // Hold the sample book's download until the user's file has been read, so start-up is certainly unfinished.
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    await page.route('**/data/default-portfolio.csv', async (route: Route) => {
      await released;
      await route.continue();
    });
    await page.goto('/');
    await app.uploadPortfolio(fixture('book.json'));
    await expect(app.importReport(), `round ${round}`).toContainText('book.json');
    await expect(page.getByTestId('portfolio-name')).toHaveText('json book');
    release();
    // Start-up finishes after the import: the user's book stays and is written.
    await app.waitForBook();
    await expect(page.getByTestId('portfolio-name')).toHaveText('json book');
    await app.waitForSaved();
    await expectImportedBookBack(app, page);
    expect(app.unexpectedConsoleErrors(), `round ${round}`).toEqual([]);
    await close();
  }
});

test('the repro as a user does it: set the file input at once, wait for the report, reload', async ({ browser, baseURL }) => {
  for (let round = 1; round <= ROUNDS; round++) {
    const { app, page, close } = await freshPage(browser, baseURL!);
    await page.goto('/', { waitUntil: 'commit' });
    await app.uploadPortfolio(fixture('book.json'));
    await expect(app.importReport(), `round ${round}`).toContainText('book.json');
    await app.waitForBook();
    await app.waitForSaved();
    await expectImportedBookBack(app, page);
    expect(app.unexpectedConsoleErrors(), `round ${round}`).toEqual([]);
    await close();
  }
});
