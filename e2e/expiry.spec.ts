import { expect, test } from './support/test.ts';
import { bookFromText, defaultMarket, fixture, readBook, report } from './support/engine.ts';
import { ViewsPage } from './pages/ViewsPage.ts';

test('a book with an expired and an unlisted-expiry row: flagged in the import report and the grid, expired row in no figure', async ({
  app,
  page,
}) => {
  await app.goto();
  await app.uploadPortfolio(fixture('expiry-book.csv'));
  const r = app.importReport();
  await expect(r).toContainText('expiry-book.csv: 4 positions loaded');
  await expect(page.getByTestId('import-rows-rejected')).toHaveText('0');
  await expect(r).toContainText('1 row expired before the valuation time (settled, in no figure)');
  await expect(r).toContainText('1 row on an expiry not listed in this market (value interpolated)');
  const notes = r.getByTestId('import-note-row');
  await expect(notes).toHaveCount(2);
  await expect(notes.nth(0)).toHaveAttribute('data-kind', 'settled');
  await expect(notes.nth(0)).toContainText('line 3');
  await expect(notes.nth(0)).toContainText('BTC-27DEC24-60000-C');
  await expect(notes.nth(0)).toContainText('expired on 27 Dec 2024 08:00 UTC, settled');
  await expect(notes.nth(1)).toHaveAttribute('data-kind', 'interpolated');
  await expect(notes.nth(1)).toContainText('BTC-26SEP26-80000-C');
  await expect(notes.nth(1)).toContainText('not listed in this market; value interpolated');

  // Grid: the expired row shows what happened instead of a live value; the unlisted one is priced and flagged.
  const expired = app.rowFor('BTC-27DEC24-60000-C');
  await expect(expired.getByTestId('row-flag')).toHaveAttribute('data-flag', 'settled');
  await expect(expired.getByTestId('unpriced-reason')).toContainText('Expired on 27 Dec 2024 08:00 UTC, settled');
  await expect(expired.getByTestId('unpriced-reason')).toHaveAttribute('data-status', 'settled');
  const unlisted = app.rowFor('BTC-26SEP26-80000-C');
  await expect(unlisted.getByTestId('row-flag')).toHaveAttribute('data-flag', 'interpolated');
  await expect(unlisted.getByTestId('row-flag')).toHaveAttribute('aria-label', 'not listed in this market; value interpolated');
  await expect(page.getByTestId('book-counts')).toContainText('1 expired');
  await expect(app.totalsCell('instrument')).toContainText('3 priced · 1 expired');

  // Figures are those of the live rows (the expired call used to add 37,235 USD and +2 BTC of delta).
  const book = readBook(fixture('expiry-book.csv'));
  const expected = report(book, defaultMarket(), {});
  expect(expected.settled).toHaveLength(1);
  await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
  await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(expected.byUnderlying.BTC!.delta, 9);
  const liveOnly = report(
    bookFromText(
      'instrument,quantity,unit,entry_price,venue,label\nBTC-25SEP26-90000-C,-10,,0.013,deribit,\nBTC-26SEP26-80000-C,3,,,deribit,\nBTC-28AUG26-80000-C,-8,,0.0198,deribit,\n',
      'live.csv',
    ),
    defaultMarket(),
    {},
  );
  expect(expected.totalValueUsd).toBeCloseTo(liveOnly.totalValueUsd, 9);
  await app.screenshot('expiry-grid-1600');
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.screenshot('expiry-grid-1280');
});

test('spot ladder seven days forward: the 28AUG26 call has settled, so no delta on any row', async ({ app, page }) => {
  await app.goto();
  const text = 'instrument,quantity\nBTC-28AUG26-80000-C,-8\n';
  await page.getByTestId('portfolio-file-input').setInputFiles({ name: 'short-call.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await expect(app.importReport()).toContainText('short-call.csv: 1 position loaded');
  await app.setDays(7);
  const views = new ViewsPage(app);
  await views.open('spot-ladder');
  await expect(views.spotLadderRows()).toHaveCount(21);
  const book = bookFromText(text, 'short-call.csv');
  // Wait for the ladder of the +7 d what-if (the P&L of the +20 % row is the settled payout's).
  const up = page.locator('[data-testid="spot-ladder-row"][data-move="20"]');
  const settledPnl = report(book, defaultMarket(), { spot: { BTC: 0.2 }, days: 7 }).scenario!.pnlUsd;
  await expect.poll(async () => Number(await up.getAttribute('data-pnl'))).toBeCloseTo(settledPnl, 4);
  const deltas = await views
    .spotLadderRows()
    .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-delta'), r.getAttribute('data-delta-usd')]));
  expect(deltas).toHaveLength(21);
  for (const [coin, usd] of deltas) {
    expect(Number(coin)).toBe(0);
    expect(Number(usd)).toBe(0);
  }
  await app.screenshot('expiry-spot-ladder-7d');

  // Two days forward the option is live: the ladder shows its delta (about −8 BTC deep in the money).
  await app.setDays(2);
  const liveDelta = report(book, defaultMarket(), { spot: { BTC: 0.2 }, days: 2 }).scenario!.byUnderlyingAfter.BTC!.delta;
  expect(liveDelta).toBeLessThan(-7);
  await expect.poll(async () => Number(await up.getAttribute('data-delta'))).toBeCloseTo(liveDelta, 9);
});

test('the Add form says an unlisted expiry is interpolated and an expired one settled, not "unpriced"', async ({ app, page }) => {
  await app.goto();
  await page.getByTestId('add-instrument').fill('BTC-26SEP26-80000-C');
  await page.getByTestId('add-quantity').fill('1');
  await page.getByTestId('add-position').click();
  await expect(page.getByTestId('add-note')).toContainText('expiry 26SEP26 is not listed in this market; its value will be interpolated');
  await page.getByTestId('add-instrument').fill('BTC-27DEC24-60000-C');
  await page.getByTestId('add-quantity').fill('1');
  await page.getByTestId('add-position').click();
  await expect(page.getByTestId('add-note')).toContainText('expired on 27 Dec 2024');
  await expect(page.getByTestId('add-note')).toContainText('settled');
  await expect(app.rowFor('BTC-27DEC24-60000-C').getByTestId('row-flag')).toHaveAttribute('data-flag', 'settled');
});
