import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report, whatIfTradeAtMark } from './support/engine.ts';
import { ViewsPage } from './pages/ViewsPage.ts';

test('Greek ladder: renders, totals equal the aggregate Greeks, a bucket click filters the positions grid', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('greeks');
  await expect(views.ladderCells().first()).toBeVisible();
  const r = report(defaultBook(), defaultMarket());

  // Totals equal the report's byUnderlying aggregates, and the summary's figures.
  const btc = r.byUnderlying.BTC!;
  for (const m of ['delta', 'deltaUsd', 'gamma', 'gammaUsd1pct', 'vega', 'vegaStd', 'theta'] as const) {
    const shown = Number(await page.getByTestId(`ladder-total-${m}`).getAttribute('data-value'));
    expect(shown, m).toBeCloseTo(btc[m], 6);
  }
  expect(Number(await views.ladderTotal().getAttribute('data-value'))).toBeCloseTo(await app.metricValue('delta-usd-BTC'), 6);
  await app.screenshot('views-greek-ladder');

  await views.setLadderMeasure('vega');
  await views.setLadderUnderlying('ETH');
  await views.waitFor('greeks');
  expect(Number(await views.ladderTotal().getAttribute('data-value'))).toBeCloseTo(r.byUnderlying.ETH!.vega, 6);
  await app.screenshot('views-greek-ladder-eth-vega');

  // A bucket click: the grid shows exactly that bucket's positions, with a chip that clears it.
  const bucket = page.locator('[data-testid="ladder-cell"][data-row="25SEP26"]').first();
  const n = Number(await bucket.getAttribute('data-positions'));
  expect(n).toBeGreaterThan(0);
  await bucket.click();
  await expect(page.getByTestId('tab-positions')).toHaveAttribute('aria-selected', 'true');
  await expect(views.filterChip()).toContainText('ETH · 25SEP26');
  await expect(app.gridRows()).toHaveCount(n);
  for (const row of await app.gridRows().all()) await expect(row.locator('[col-id="instrument"]')).toContainText('ETH-25SEP26');
  await expect(app.totalsCell('instrument')).toContainText(`of ${n} shown`);
  await app.screenshot('views-ladder-filter');
  await page.getByTestId('position-filter-clear').click();
  await expect(views.filterChip()).toHaveCount(0);
  await expect(app.gridRows()).toHaveCount(defaultBook().positions.length);
});

test('spot ladder: table and chart; rows are the engine’s revaluations', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('spot-ladder');
  await expect(views.spotLadderRows()).toHaveCount(21);
  await expect(page.getByTestId('spot-ladder-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  const row = page.locator('[data-testid="spot-ladder-row"][data-move="-20"]');
  const expected = report(defaultBook(), defaultMarket(), { spot: { BTC: -0.2 } }).scenario!;
  expect(Number(await row.getAttribute('data-pnl'))).toBeCloseTo(expected.pnlUsd, 4);
  expect(Number(await row.getAttribute('data-delta-usd'))).toBeCloseTo(expected.byUnderlyingAfter.BTC!.deltaUsd, 4);
  await app.screenshot('views-spot-ladder');
});

test('payoff: today, +7 d, +30 d and expiry curves with breakevens; follows the what-if', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('payoff');
  const labels = await views.payoffCurveRows().evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
  expect(labels.slice(0, 3)).toEqual(['today', '+7d', '+30d']);
  expect(labels.filter((l) => l?.startsWith('expiry')).length).toBeGreaterThan(0);
  await expect(page.getByTestId('payoff-chart').locator('.recharts-line').first()).toBeVisible();
  await app.screenshot('views-payoff');

  // The what-if vol shift moves the curves (the today curve at the current spot is the scenario P&L).
  await app.setVol(10);
  await views.waitFor('payoff');
  const today = views.payoffCurveRows().first();
  const pnl = report(defaultBook(), defaultMarket(), { vol: 0.1 }).scenario!.pnlUsd;
  await expect.poll(async () => Number(await today.getAttribute('data-pnl-at-spot'))).toBeCloseTo(pnl, 0);

  // A what-if trade enters the curves: +30 d at the current spot is the book-with-trade's P&L after 30 days.
  await page.getByTestId('tab-positions').click();
  await page.getByTestId('add-instrument').fill('BTC-25SEP26-80000-C');
  await page.getByTestId('add-quantity').fill('25');
  await page.getByTestId('add-position').click();
  await expect.poll(() => app.rowCount()).toBe(defaultBook().positions.length + 2); // the trade and the cash row paying it
  await views.open('payoff');
  const book = defaultBook();
  const trade = whatIfTradeAtMark(defaultMarket(), 'BTC-25SEP26-80000-C', 25);
  const days30 = report({ ...book, positions: [...book.positions, ...trade] }, defaultMarket(), { vol: 0.1, days: 30 }).scenario!.pnlUsd;
  const row30 = page.locator('[data-testid="payoff-curve"][data-label="+30d"]');
  await expect.poll(async () => Number(await row30.getAttribute('data-pnl-at-spot'))).toBeCloseTo(days30, 4);
  await app.screenshot('views-payoff-what-if-trade');
});

test('vol surface: term structure, a smile per expiry, the book’s option nodes', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('surface');
  await expect(page.getByTestId('term-structure')).toBeVisible();
  const market = defaultMarket();
  expect(await views.smileCards().count()).toBeGreaterThanOrEqual(market.underlyings.BTC!.smiles.length - 1);
  const btcOptions = defaultBook().positions.filter((p) => /^BTC(_USDC)?-\d+[A-Z]{3}\d{2}-\d+-[CP]$/.test(p.instrument)).length;
  await expect(page.getByTestId('surface-position')).toHaveCount(btcOptions);
  await app.screenshot('views-surface');
});
