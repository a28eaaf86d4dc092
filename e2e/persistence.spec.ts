import { expect, test } from './support/test.ts';
import { fixture } from './support/engine.ts';

test('reload restores the book, its edits and the what-if inputs', async ({ app, page }) => {
  await app.goto();
  await app.uploadPortfolio(fixture('book.json'));
  await expect.poll(() => app.rowCount()).toBe(4);
  await app.editQuantity('BTC-25DEC26-90000-C', 9);
  await app.setSpot('BTC', -7);
  await app.waitForFigures();
  const value = await app.metricValue('value-usd');
  const pnl = await app.metricValue('scenario-pnl-usd');
  await app.waitForSaved();

  await page.reload();
  await app.waitForBook();
  await expect.poll(() => app.rowCount()).toBe(4);
  await expect(page.getByTestId('portfolio-name')).toHaveText('json book');
  await expect(app.rowFor('BTC-25DEC26-90000-C').locator('[col-id="quantity"]')).toHaveText('9');
  await expect(page.getByTestId('scenario-spot-BTC')).toHaveValue('-7');
  expect(await app.metricValue('value-usd')).toBe(value);
  expect(await app.metricValue('scenario-pnl-usd')).toBe(pnl);
  // A restored session starts a fresh undo history.
  await expect(page.getByTestId('undo')).toBeDisabled();
});

test('without IndexedDB the app still works and says autosave is off', async ({ app, page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await app.goto();
  await expect(page.getByTestId('notice-storage')).toContainText('Autosave is off');
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'unavailable');
  expect(await app.rowCount()).toBeGreaterThan(0);
  await app.screenshot('no-indexeddb');
});

test('a crashed worker is restarted, the page says so and keeps its figures', async ({ app, page }) => {
  await app.goto();
  const value = await app.metricValue('value-usd');
  app.expectConsoleError(/simulated worker crash/);
  await page.evaluate(() => (window as unknown as { __riskdeck: { crashWorker(): void } }).__riskdeck.crashWorker());
  await expect(page.getByTestId('notice-worker-crash')).toContainText('restarted');
  await app.waitForFigures();
  expect(await app.metricValue('value-usd')).toBe(value);
  await app.setVol(2);
  await expect.poll(() => app.metricValue('scenario-pnl-usd')).not.toBe(0);
});
