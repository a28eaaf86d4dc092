import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report } from './support/engine.ts';
import { buildMarketModel, suggestHedge, type HedgeTrade } from '../src/engine/index.ts';
import type { Portfolio } from '../src/domain/position.ts';
import { HedgePage } from './pages/HedgePage.ts';

const FLAT = { delta: { lo: 0, hi: 0 } };

/** The engine's suggestion for the default book with the tab's defaults: both underlyings flat, every candidate. */
function engineSuggestion() {
  const book = defaultBook();
  const r = suggestHedge(book, buildMarketModel(defaultMarket()), {
    targets: { BTC: FLAT, ETH: FLAT },
    kinds: ['perpetual', 'future', 'option'],
  });
  if (!r.ok) throw new Error(r.reason);
  return { book, ...r };
}

function withTrades(book: Portfolio, trades: readonly HedgeTrade[], whatIf: boolean): Portfolio {
  const rows = trades.map((t, i) => ({
    id: `h${i}`,
    instrument: t.instrument,
    quantity: t.quantity,
    ...(t.unit === 'usd' ? { unit: 'usd' as const } : {}),
    entryPrice: null,
    venue: 'deribit',
    label: 'hedge',
    whatIf,
  }));
  return { ...book, positions: [...book.positions, ...rows] };
}

test.describe('hedging', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('suggestions bring the default book’s delta to zero: the after-delta shown is the engine’s', async ({ app, page }) => {
    const hedge = new HedgePage(app);
    const engine = engineSuggestion();
    await hedge.open();
    await hedge.waitForSuggestion();

    for (const ul of ['BTC', 'ETH']) {
      await expect.poll(() => hedge.figure('after', `delta-${ul}`)).toBeCloseTo(engine.after[ul]!.delta, 9);
      expect(Math.abs(await hedge.figure('after', `delta-${ul}`))).toBeLessThan(0.001);
      expect(await hedge.figure('before', `delta-${ul}`)).toBeCloseTo(engine.before[ul]!.delta, 9);
    }
    await expect(hedge.tradeRows()).toHaveCount(engine.trades.length);
    for (const t of engine.trades)
      await expect(page.getByTestId('hedge-trade-explanation').filter({ hasText: t.instrument })).toHaveText(t.explanation);
    expect(Number(await page.getByTestId('hedge-total-cost').getAttribute('data-value'))).toBeCloseTo(engine.totalCostUsd, 6);
    // Risk and margin rows are filled on both sides (VaR from the bundled history, fetched by the worker).
    for (const key of ['heatmap-worst', 'var', 'es', 'im-BTC', 'mm-BTC', 'im-usd']) {
      await expect(page.getByTestId(`hedge-before-${key}`)).toHaveAttribute('data-value', /\d/);
      await expect(page.getByTestId(`hedge-after-${key}`)).toHaveAttribute('data-value', /\d/);
    }
    expect(await hedge.figure('after', 'var')).toBeLessThan(await hedge.figure('before', 'var'));
    const ms = await page.evaluate(() => performance.getEntriesByName('riskdeck:hedgeSuggest').map((e) => e.duration));
    test.info().annotations.push({ type: 'hedgeSuggest ms', description: ms.map((x) => x.toFixed(0)).join(', ') });
    await app.screenshot('hedge-suggestions');

    // A band instead of flat: the cheapest hedge stops at the band's edge (within one 10 USD contract).
    await page.getByTestId('hedge-target-delta-mode-BTC').selectOption('band');
    await hedge.waitForSuggestion();
    const banded = suggestHedge(engine.book, buildMarketModel(defaultMarket()), {
      targets: { BTC: { delta: { lo: -0.5, hi: 0.5 } }, ETH: FLAT },
      kinds: ['perpetual', 'future', 'option'],
    });
    if (!banded.ok) throw new Error(banded.reason);
    await expect.poll(() => hedge.figure('after', 'delta-BTC')).toBeCloseTo(banded.after.BTC!.delta, 9);
    expect(Math.abs(banded.after.BTC!.delta - 0.5)).toBeLessThan(2e-4);
    await app.screenshot('hedge-band');
  });

  test('"Apply as what-if" adds marked hedge rows, the summary delta follows, undo removes them; Commit adds real rows', async ({
    app,
    page,
  }) => {
    const hedge = new HedgePage(app);
    const engine = engineSuggestion();
    const n = engine.book.positions.length;
    const hedged = report(withTrades(engine.book, engine.trades, true), defaultMarket(), {});
    const base = report(engine.book, defaultMarket(), {});
    await hedge.open();
    await hedge.waitForSuggestion();
    await expect(page.getByTestId('hedge-apply-whatif')).toBeEnabled();
    await hedge.applyAsWhatIf();

    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(hedged.byUnderlying.BTC!.delta, 9);
    await expect.poll(() => app.metricValue('delta-ETH')).toBeCloseTo(hedged.byUnderlying.ETH!.delta, 9);
    // With the hedge in the book, the solver has nothing left to do.
    await hedge.waitForSuggestion();
    await expect(page.getByTestId('hedge-no-trade')).toBeVisible();

    await hedge.openPositions();
    await expect.poll(() => app.rowCount()).toBe(n + engine.trades.length);
    const hedgeRows = app.gridRows().filter({ has: page.locator('[col-id="label"]', { hasText: /^hedge$/ }) });
    await expect(hedgeRows).toHaveCount(engine.trades.length);
    for (let i = 0; i < engine.trades.length; i++) {
      await expect(hedgeRows.nth(i)).toHaveClass(/row-whatif/);
      await expect(hedgeRows.nth(i).getByTestId('whatif-toggle')).toHaveText('WI');
    }
    await hedgeRows.last().scrollIntoViewIfNeeded();
    await app.screenshot('hedge-applied');

    await app.undo();
    await expect.poll(() => app.rowCount()).toBe(n);
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(base.byUnderlying.BTC!.delta, 9);

    // Commit: the same trades as real positions (one undo step too).
    await hedge.open();
    await hedge.waitForSuggestion();
    await hedge.commit();
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(hedged.byUnderlying.BTC!.delta, 9);
    await hedge.openPositions();
    await expect(hedgeRows).toHaveCount(engine.trades.length);
    for (let i = 0; i < engine.trades.length; i++) await expect(hedgeRows.nth(i)).not.toHaveClass(/row-whatif/);
    await app.undo();
    await expect.poll(() => app.rowCount()).toBe(n);
  });

  test('an infeasible target shows the solver’s reason and nothing can be applied', async ({ app, page }) => {
    const hedge = new HedgePage(app);
    await hedge.open();
    await hedge.waitForSuggestion();
    await hedge.setKind('future', false);
    await hedge.setKind('option', false);
    await hedge.targetVega('BTC', 0, 100);
    await hedge.waitForSuggestion();
    await expect(hedge.infeasibleReason()).toHaveText(
      'BTC vega (USD per vol point) target needs option candidates: only delta-one instruments were selected',
    );
    await expect(page.getByTestId('hedge-apply-whatif')).toBeDisabled();
    await expect(page.getByTestId('hedge-commit')).toBeDisabled();
    await app.screenshot('hedge-infeasible');

    // Options back on: the vega target is met with options, within its tolerance.
    await hedge.setKind('option', true);
    await hedge.waitForSuggestion();
    await expect(
      page
        .locator('[data-testid="hedge-trade-row"][data-instrument$="-C"], [data-testid="hedge-trade-row"][data-instrument$="-P"]')
        .first(),
    ).toBeVisible();
    expect(Math.abs(await hedge.figure('after', 'vega-BTC'))).toBeLessThanOrEqual(100 + 1e-6);
    await app.screenshot('hedge-vega-target');
  });

  test('the delta-hedge simulation renders, and a policy change updates the comparison', async ({ app, page }) => {
    const hedge = new HedgePage(app);
    await hedge.open();
    await hedge.openSimulation();
    await hedge.waitForSimulation();
    await expect(hedge.simRows()).toHaveCount(3);
    await expect(page.getByTestId('hedge-sim-chart-pnl').locator('.recharts-line-curve')).toHaveCount(4);
    await expect(page.getByTestId('hedge-sim-chart-cost').locator('.recharts-line-curve')).toHaveCount(3);
    const tradesBefore = await hedge.simFigure('trades', 2);
    const costBefore = await hedge.simFigure('cost', 2);
    const ms = await page.evaluate(() => performance.getEntriesByName('riskdeck:hedgeSimulate').map((e) => e.duration));
    test.info().annotations.push({ type: 'hedgeSimulate ms', description: ms.map((x) => x.toFixed(0)).join(', ') });
    await app.screenshot('hedge-simulation');

    // A tighter band trades more often and costs more.
    await hedge.setPolicyBand(2, 0.1);
    await expect(hedge.simRows().nth(2)).toHaveAttribute('data-policy', /Band ±0\.1 BTC/);
    await hedge.waitForSimulation();
    await expect.poll(() => hedge.simFigure('trades', 2)).toBeGreaterThan(tradesBefore);
    expect(await hedge.simFigure('cost', 2)).toBeGreaterThan(costBefore);

    // Another options book.
    await page.getByTestId('hedge-sim-underlying').selectOption('ETH');
    await hedge.waitForSimulation();
    await expect(hedge.simRows().nth(2)).toHaveAttribute('data-policy', /ETH/);
    await app.screenshot('hedge-simulation-eth');
  });
});
