/**
 * What a trader must not be misled by: the age of the market and of the histories against today's date, expired
 * instruments, what-if trades that pay their premium, and which figures are base and which are the what-if.
 */
import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report, whatIfTradeAtMark } from './support/engine.ts';
import { ViewsPage } from './pages/ViewsPage.ts';

test.describe('the age of the data, against the clock', () => {
  test('on 2026-12-04 the 2026-08-22 market is 104 days old (red), VaR data ends 2024-12-31, and 13 positions have expired', async ({
    app,
    page,
  }) => {
    await page.clock.setFixedTime(new Date('2026-12-04T17:01:00Z'));
    await app.goto();
    const age = page.getByTestId('market-age');
    await expect(age).toHaveText('104 d old');
    await expect(age).toHaveAttribute('data-tone', 'red');
    const history = page.getByTestId('history-age');
    await expect(history).toHaveAttribute('data-value', '2024-12-31');
    await expect(history).toHaveAttribute('data-tone', 'red');
    await expect(history).toContainText('2024-12-31');
    const banner = page.getByTestId('notice-expired');
    await expect(banner).toHaveAttribute('data-since-market', '13');
    await expect(banner).toHaveAttribute('data-before-market', '0');
    await expect(banner).toContainText('13 positions have expired');
    await expect(banner).toContainText('Open a current market');
    await app.screenshot('age-stale-1600');
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('age-stale-1280');
  });

  test('half an hour after the snapshot the market is current and nothing has expired', async ({ app, page }) => {
    await page.clock.setFixedTime(new Date('2026-08-22T04:21:00Z'));
    await app.goto();
    await expect(page.getByTestId('market-age')).toHaveText('30 min old');
    await expect(page.getByTestId('market-age')).toHaveAttribute('data-tone', 'ok');
    await expect(page.getByTestId('notice-expired')).toHaveCount(0);
  });

  test('a day later the market is amber and the expiry of the 22AUG26 night has passed', async ({ app, page }) => {
    await page.clock.setFixedTime(new Date('2026-08-22T12:00:00Z'));
    await app.goto();
    await expect(page.getByTestId('market-age')).toHaveText('8 h old');
    await expect(page.getByTestId('market-age')).toHaveAttribute('data-tone', 'amber');
    await app.uploadPortfolio('e2e/fixtures/book.csv');
    await expect(app.importReport()).toContainText('6 positions loaded');
    await expect(page.getByTestId('notice-expired')).toHaveCount(0); // book.csv's expiries are all later
  });
});

test.describe('what-if trades', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('25 × BTC-25DEC26-70000-P at the mark pays its premium: book value moves by the fee, not by +$91,907', async ({ app, page }) => {
    const market = defaultMarket();
    const book = defaultBook();
    const base = report(book, market, {}).totalValueUsd;
    const legs = whatIfTradeAtMark(market, 'BTC-25DEC26-70000-P', 25);
    const after = report({ ...book, positions: [...book.positions, ...legs] }, market, {}).totalValueUsd;
    const free = report({ ...book, positions: [...book.positions, { ...legs[0]!, entryPrice: null }] }, market, {}).totalValueUsd;
    expect(free - base).toBeCloseTo(91_906.78, 1); // what adding it used to do
    expect(after - base).toBeCloseTo(-25 * 0.0003 * market.underlyings.BTC!.index, 6); // the taker fee

    await page.getByTestId('add-instrument').fill('BTC-25DEC26-70000-P');
    await page.getByTestId('add-quantity').fill('25');
    const quote = page.getByTestId('add-quote');
    await expect(quote).toContainText('mark 0.0468 BTC');
    await expect(quote).toContainText(`spread ± ${market.underlyings.BTC!.halfSpreads!['BTC-25DEC26-70000-P']!.toFixed(4)} BTC`);
    await expect(quote).toContainText('entry 0.0468 BTC (mark)');
    await expect
      .poll(async () => Number(await page.getByTestId('add-quote-change').getAttribute('data-value')))
      .toBeCloseTo(after - base, 6);
    await expect
      .poll(async () => Number(await page.getByTestId('add-quote-leg').getAttribute('data-quantity')))
      .toBeCloseTo(legs[1]!.quantity, 12);
    await app.screenshot('whatif-premium-ticket-1600');
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('whatif-premium-ticket-1280');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.getByTestId('add-position').click();
    // The grid renders only the rows in view: count the book, not the DOM.
    await expect(page.getByTestId('book-counts')).toContainText(`${book.positions.length + 2} positions · 2 what-if`);
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(after, 6);
    await expect
      .poll(() => app.metricValue('delta-BTC'))
      .toBeCloseTo(report({ ...book, positions: [...book.positions, ...legs] }, market, {}).byUnderlying.BTC!.delta, 9);
    await page.getByLabel('Filter positions').fill('premium');
    await expect(app.gridRows()).toHaveCount(1);
    await expect(app.gridRows().first().locator('[col-id="instrument"]')).toHaveText('BTC');
    await page.getByLabel('Filter positions').fill('');
    await app.screenshot('whatif-premium-added-1600');

    // Undo removes the trade and its cash row in one step; redo brings both back.
    await app.undo();
    await expect(page.getByTestId('book-counts')).toHaveText(`${book.positions.length} positions`);
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(base, 6);
    await app.redo();
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(after, 6);

    // Switching the trade off switches its cash row off too: back to the base book.
    await page.getByLabel('Filter positions').fill('70000-P');
    const toggle = app.rowFor('BTC-25DEC26-70000-P').getByTestId('whatif-toggle');
    await toggle.click();
    await expect(page.getByTestId('book-counts')).toContainText('2 what-if (2 off)');
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(base, 6);
    await toggle.click();
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(after, 6);
  });

  test('crossing the quoted spread on a short option: entry at the bid, the book loses half the spread and the fee', async ({
    app,
    page,
  }) => {
    const market = defaultMarket();
    const half = market.underlyings.BTC!.halfSpreads!['BTC-25SEP26-90000-C']!;
    await page.getByTestId('add-instrument').fill('BTC-25SEP26-90000-C');
    await page.getByTestId('add-quantity').fill('-4');
    await page.getByTestId('add-entry-side').selectOption('cross');
    await expect(page.getByTestId('add-quote')).toContainText('bid (mark − half spread)');
    const S = market.underlyings.BTC!.index;
    await expect
      .poll(async () => Number(await page.getByTestId('add-quote-change').getAttribute('data-value')))
      .toBeCloseTo(-4 * (half + 0.0003) * S, 6);
    await page.getByTestId('add-position').click();
    const base = report(defaultBook(), market, {}).totalValueUsd;
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(base - 4 * (half + 0.0003) * S, 6);
  });
});

test.describe('base or what-if: one badge wherever shocked figures appear', () => {
  test('the summary says its Greeks are base; the Greek ladder and payoff say what-if; payoff curves are named by date', async ({
    app,
    page,
  }) => {
    await app.goto();
    await expect(page.getByTestId('showing-badge-summary')).toHaveText('Showing: base');
    await app.setSpot('BTC', -5);
    await app.setDays(7);
    await app.waitForFigures();
    await expect(page.getByTestId('showing-badge-summary')).toHaveText('Showing: base · Scenario P&L: what-if (BTC −5 %, +7 d)');
    const views = new ViewsPage(app);
    await views.open('greeks');
    const badge = page.getByTestId('ladder-view').getByTestId('showing-badge');
    await expect(badge).toHaveAttribute('data-mode', 'what-if');
    await expect(badge).toHaveText('Showing: what-if (BTC −5 %, +7 d)');
    await app.screenshot('showing-greeks-1600');
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('showing-greeks-1280');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await views.open('payoff');
    await expect(page.getByTestId('payoff-view').getByTestId('showing-badge')).toHaveAttribute('data-mode', 'what-if');
    const first = page.getByTestId('payoff-curve').first();
    await expect(first).toHaveAttribute('data-days', '7');
    await expect(first.locator('td').first()).toHaveText('29AUG26 · +7 d');
    await expect(page.getByTestId('payoff-view')).not.toContainText('Today');
    await app.screenshot('showing-payoff-1600');
  });
});
