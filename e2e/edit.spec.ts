import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report } from './support/engine.ts';

test.describe('editing the book', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('editing a quantity updates the totals to the engine’s numbers; undo and redo', async ({ app }) => {
    const market = defaultMarket();
    const book = defaultBook();
    const before = report(book, market, {});
    const edited = {
      ...book,
      positions: book.positions.map((p) => (p.instrument === 'BTC-25SEP26-90000-C' ? { ...p, quantity: -25 } : p)),
    };
    const after = report(edited, market, {});

    await app.editQuantity('BTC-25SEP26-90000-C', -25);
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(after.totalValueUsd, 6);
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(after.byUnderlying.BTC!.delta, 9);
    await expect(app.rowFor('BTC-25SEP26-90000-C').locator('[col-id="quantity"]')).toHaveText('\u221225');

    await app.undo();
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(before.totalValueUsd, 6);
    await expect(app.rowFor('BTC-25SEP26-90000-C').locator('[col-id="quantity"]')).toHaveText('\u221210');
    await app.redo();
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(after.totalValueUsd, 6);

    // Keyboard shortcuts work outside text fields.
    await app.page.locator('body').click({ position: { x: 5, y: 990 } });
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(before.totalValueUsd, 6);
  });

  test('a what-if trade is included, marked, excludable with one click, and deletable', async ({ app }) => {
    const market = defaultMarket();
    const book = defaultBook();
    const base = report(book, market, {});
    await app.page.getByTestId('add-instrument').fill('BTC-PERPETUAL');
    await app.page.getByTestId('add-quantity').fill('-100000');
    await app.page.getByLabel('Unit').selectOption('usd');
    // This test is about the what-if switch of one row: no cash row for the fee (its own spec covers that).
    await app.page.getByTestId('add-pay-premium').uncheck();
    await app.page.getByTestId('add-position').click();

    await expect.poll(() => app.rowCount()).toBe(book.positions.length + 1);
    const withTrade = report(
      {
        ...book,
        positions: [
          ...book.positions,
          {
            id: 'x',
            instrument: 'BTC-PERPETUAL',
            quantity: -100000,
            unit: 'usd',
            entryPrice: market.underlyings.BTC!.perpetual ?? market.underlyings.BTC!.index, // entered at the mark
            venue: 'deribit',
            label: '',
            whatIf: true,
          },
        ],
      },
      market,
      {},
    );
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(withTrade.byUnderlying.BTC!.delta, 9);
    const toggle = app.page.getByTestId('whatif-toggle');
    await expect(toggle).toHaveText('WI');
    await app.screenshot('what-if-row');

    await toggle.click();
    await expect(toggle).toHaveText('off');
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(base.byUnderlying.BTC!.delta, 9);
    await expect(app.gridRows().filter({ has: toggle }).getByTestId('unpriced-reason')).toContainText('excluded');
    await app.screenshot('what-if-excluded');

    await toggle.click();
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(withTrade.byUnderlying.BTC!.delta, 9);

    const wiRow = app.gridRows().filter({ has: app.page.getByTestId('whatif-toggle') });
    await wiRow.getByTestId('delete-position').click();
    await expect.poll(() => app.rowCount()).toBe(book.positions.length);
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(base.byUnderlying.BTC!.delta, 9);
  });

  test('sorting and filtering the grid', async ({ app }) => {
    await app.page.getByLabel('Filter positions').fill('PERPETUAL');
    await expect.poll(() => app.rowCount()).toBe(4);
    await app.page.getByLabel('Filter positions').fill('');
    await expect.poll(() => app.rowCount()).toBe(defaultBook().positions.length);
    await app.page.getByTestId('positions-grid').locator('.ag-header-cell[col-id="valueUsd"]').click();
    const first = app.rowAt(0).locator('[col-id="valueUsd"]');
    const values = report(defaultBook(), defaultMarket(), {})
      .positions.map((p) => p.valueUsd)
      .sort((a, b) => a - b);
    const fmt = (x: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(x).replace('-', '\u2212');
    await expect(first).toHaveText(fmt(values[0]!));
    await app.page.getByTestId('positions-grid').locator('.ag-header-cell[col-id="valueUsd"]').click();
    await expect(first).toHaveText(fmt(values.at(-1)!));
    // The totals follow a filter and say so.
    await app.page.getByLabel('Filter positions').fill('ETH-');
    await expect(app.totalsCell('instrument')).toContainText('of 10 shown');
  });
});
