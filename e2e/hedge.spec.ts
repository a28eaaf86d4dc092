import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report } from './support/engine.ts';
import { buildMarketModel, suggestHedge, type HedgeTrade, type UnderlyingTargets } from '../src/engine/index.ts';
import type { Portfolio } from '../src/domain/position.ts';
import { HedgePage } from './pages/HedgePage.ts';

const FLAT = { delta: { lo: 0, hi: 0 } };
const ok = <T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> => {
  if (!r.ok) throw new Error((r as unknown as { reason: string }).reason);
  return r as Extract<T, { ok: true }>;
};

/** The engine's suggestion for the default book with the tab's defaults: both underlyings USD-flat, every candidate. */
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

  test('suggestions bring the default book’s USD delta to zero: the after-delta shown is the engine’s', async ({ app, page }) => {
    const hedge = new HedgePage(app);
    const engine = engineSuggestion();
    await hedge.open();
    await hedge.waitForSuggestion();

    for (const [ul, halfContractUsd] of [
      ['BTC', 5],
      ['ETH', 0.5],
    ] as const) {
      await expect.poll(() => hedge.figure('after', `delta-usd-${ul}`)).toBeCloseTo(engine.after[ul]!.deltaUsd, 6);
      expect(Math.abs(await hedge.figure('after', `delta-usd-${ul}`))).toBeLessThanOrEqual(halfContractUsd);
      expect(await hedge.figure('before', `delta-${ul}`)).toBeCloseTo(engine.before[ul]!.delta, 9);
      expect(await hedge.figure('after', `delta-${ul}`)).toBeCloseTo(engine.after[ul]!.delta, 9);
      await expect(hedge.checkRow(`${ul}-deltaUsd`)).toHaveAttribute('data-met', 'true');
    }
    await expect(page.getByTestId('hedge-target-scope-label')).toHaveText(
      'Targets of the whole book (every venue, spot included), after the trades',
    );
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

    // A band instead of flat (USD 50k either side): the cheapest hedge stops at the band's edge, inside it.
    await page.getByTestId('hedge-target-delta-mode-BTC').selectOption('band');
    await hedge.waitForSuggestion();
    const banded = ok(
      suggestHedge(engine.book, buildMarketModel(defaultMarket()), {
        targets: { BTC: { delta: { lo: -50_000, hi: 50_000 } }, ETH: FLAT },
        kinds: ['perpetual', 'future', 'option'],
      }),
    );
    await expect.poll(() => hedge.figure('after', 'delta-usd-BTC')).toBeCloseTo(banded.after.BTC!.deltaUsd, 6);
    expect(banded.after.BTC!.deltaUsd).toBeLessThanOrEqual(50_000);
    expect(banded.after.BTC!.deltaUsd).toBeGreaterThan(50_000 - 10);
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
    expect(Math.abs(hedged.byUnderlying.BTC!.deltaUsd)).toBeLessThanOrEqual(5);
    // With the hedge in the book, the solver has nothing left to do.
    await hedge.waitForSuggestion();
    await expect(page.getByTestId('hedge-no-trade')).toBeVisible();

    await hedge.openPositions();
    await expect.poll(() => app.rowCount()).toBe(n + engine.trades.length);
    // The grid renders only the rows in view: narrow it to the hedge rows so that all of them are in the DOM.
    await page.getByLabel('Filter positions').fill('hedge');
    const hedgeRows = app.gridRows().filter({ has: page.locator('[col-id="label"]', { hasText: /^hedge$/ }) });
    await expect(hedgeRows).toHaveCount(engine.trades.length);
    for (let i = 0; i < engine.trades.length; i++) {
      await expect(hedgeRows.nth(i)).toHaveClass(/row-whatif/);
      await expect(hedgeRows.nth(i).getByTestId('whatif-toggle')).toHaveText('WI');
    }
    await hedgeRows.last().scrollIntoViewIfNeeded();
    await app.screenshot('hedge-applied');

    await page.getByLabel('Filter positions').fill('');
    await app.undo();
    await expect.poll(() => app.rowCount()).toBe(n);
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(base.byUnderlying.BTC!.delta, 9);

    // Commit: the same trades as real positions (one undo step too).
    await hedge.open();
    await hedge.waitForSuggestion();
    await hedge.commit();
    await expect.poll(() => app.metricValue('delta-BTC')).toBeCloseTo(hedged.byUnderlying.BTC!.delta, 9);
    await hedge.openPositions();
    await page.getByLabel('Filter positions').fill('hedge');
    await expect(hedgeRows).toHaveCount(engine.trades.length);
    for (let i = 0; i < engine.trades.length; i++) await expect(hedgeRows.nth(i)).not.toHaveClass(/row-whatif/);
    await page.getByLabel('Filter positions').fill('');
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

  test('the delta target is USD or coin delta, of the whole book or Deribit only: the page says which and shows the engine’s figures', async ({
    app,
    page,
  }) => {
    const hedge = new HedgePage(app);
    const book = defaultBook();
    const model = buildMarketModel(defaultMarket());
    const now = report(book, defaultMarket()).byUnderlying;
    await hedge.open();
    await hedge.waitForSuggestion();
    // Default: USD delta of the whole book, spot held at Coinbase and OKX included.
    await expect(page.getByTestId('hedge-target-scope')).toHaveValue('book');
    await expect(page.getByTestId('hedge-target-delta-measure-BTC')).toHaveValue('usd');
    expect(await hedge.deltaNow('BTC')).toBeCloseTo(now.BTC!.deltaUsd, 6);

    // Coin delta for BTC: the "Now" cell, the solver and the check switch to Deribit's coin delta.
    await hedge.setDeltaMeasure('BTC', 'coin');
    expect(await hedge.deltaNow('BTC')).toBeCloseTo(now.BTC!.delta, 9);
    await hedge.waitForSuggestion();
    const coinTargets: Record<string, UnderlyingTargets> = { BTC: { delta: { lo: 0, hi: 0, measure: 'coin' } }, ETH: FLAT };
    const coin = ok(suggestHedge(book, model, { targets: coinTargets, kinds: ['perpetual', 'future', 'option'] }));
    await expect.poll(() => hedge.checkAfter('BTC-delta')).toBeCloseTo(coin.after.BTC!.delta, 9);
    expect(Math.abs(coin.after.BTC!.delta)).toBeLessThanOrEqual(5 / 78_617.31);
    await expect(hedge.checkRow('BTC-delta')).toContainText('BTC coin delta');
    await expect(hedge.checkRow('ETH-deltaUsd')).toContainText('ETH USD delta');
    expect(await hedge.figure('after', 'delta-BTC')).toBeCloseTo(coin.after.BTC!.delta, 9);
    await app.screenshot('hedge-coin-target');

    // Deribit derivatives only (what its margin sees): the collateral is out of the target; IM falls instead of rising.
    await hedge.setScope('deribit-derivatives');
    await hedge.waitForSuggestion();
    const scope = { venue: 'deribit', derivativesOnly: true };
    const derivs = ok(suggestHedge(book, model, { targets: coinTargets, kinds: ['perpetual', 'future', 'option'], scope }));
    expect(await hedge.deltaNow('BTC')).toBeCloseTo(derivs.scopeBefore.BTC!.delta, 9);
    await expect(page.getByTestId('hedge-target-scope-label')).toHaveText(
      'Targets of the Deribit derivatives (what its margin sees), after the trades',
    );
    await expect.poll(() => hedge.checkAfter('BTC-delta')).toBeCloseTo(derivs.scopeAfter.BTC!.delta, 9);
    expect(await hedge.checkAfter('ETH-deltaUsd')).toBeCloseTo(derivs.scopeAfter.ETH!.deltaUsd, 6);
    for (const t of derivs.trades)
      await expect(page.getByTestId('hedge-trade-explanation').filter({ hasText: t.instrument })).toHaveText(t.explanation);
    expect(await hedge.figure('after', 'im-usd')).toBeLessThan(await hedge.figure('before', 'im-usd'));
    await app.screenshot('hedge-scope-deribit');

    // The simulation hedges the same delta (coin for BTC now) and says so; switching it there switches the target too.
    await hedge.openSimulation();
    await hedge.waitForSimulation();
    await expect(page.getByTestId('hedge-sim-delta-measure')).toHaveValue('coin');
    await expect(page.getByTestId('hedge-sim-measure-label')).toHaveText('coin delta');
    const coinMean = await hedge.simFigure('mean', 0);
    await page.getByTestId('hedge-sim-delta-measure').selectOption('usd');
    await expect(page.getByTestId('hedge-sim-measure-label')).toHaveText('USD delta');
    await hedge.waitForSimulation();
    await expect.poll(() => hedge.simFigure('mean', 0)).not.toBeCloseTo(coinMean, 2);
    await page.getByTestId('hedge-section-suggest').click();
    await expect(page.getByTestId('hedge-target-delta-measure-BTC')).toHaveValue('usd');
  });

  test('gamma and vega targets stay within tolerance after rounding; a target no rounded trade meets is named with its miss', async ({
    app,
    page,
  }) => {
    const hedge = new HedgePage(app);
    const book = defaultBook();
    const model = buildMarketModel(defaultMarket());
    const now = report(book, defaultMarket()).byUnderlying;
    // 2 % of today's size, to the cent (ETH gamma: ± 313.53).
    const tol = (x: number) => Math.round(0.02 * Math.abs(x) * 100) / 100;
    const targets: Record<string, UnderlyingTargets> = {};
    await hedge.open();
    await hedge.waitForSuggestion();
    for (const ul of ['BTC', 'ETH']) {
      const g = tol(now[ul]!.gammaUsd1pct);
      const v = tol(now[ul]!.vega);
      await hedge.targetGamma(ul, 0, g);
      await hedge.targetVega(ul, 0, v);
      targets[ul] = { delta: { lo: 0, hi: 0 }, gammaUsd1pct: { target: 0, tolerance: g }, vega: { target: 0, tolerance: v } };
    }
    expect(targets.ETH!.gammaUsd1pct!.tolerance).toBe(313.53);
    await hedge.waitForSuggestion();
    const engine = ok(suggestHedge(book, model, { targets, kinds: ['perpetual', 'future', 'option'] }));
    expect(engine.misses).toEqual([]);
    await expect.poll(() => hedge.figure('after', 'gamma-usd-ETH')).toBeCloseTo(engine.after.ETH!.gammaUsd1pct, 6);
    expect(Math.abs(await hedge.figure('after', 'gamma-usd-ETH'))).toBeLessThanOrEqual(313.53);
    await expect(page.getByTestId('hedge-check-row')).toHaveCount(6);
    await expect(page.locator('[data-testid="hedge-check-row"][data-met="true"]')).toHaveCount(6);
    await expect(page.getByTestId('hedge-target-misses')).toHaveCount(0);
    await app.screenshot('hedge-rounded-targets');

    // ETH gamma to exactly 0: no 0.1-coin option lattice point meets it; the page names the target and the miss.
    await hedge.setGammaTolerance('ETH', 0);
    await hedge.waitForSuggestion();
    const exact = { ...targets, ETH: { ...targets.ETH!, gammaUsd1pct: { target: 0, tolerance: 0 } } };
    const missed = ok(suggestHedge(book, model, { targets: exact, kinds: ['perpetual', 'future', 'option'] }));
    expect(missed.misses).toHaveLength(1);
    await expect(page.getByTestId('hedge-target-miss')).toHaveText(missed.misses);
    await expect(page.getByTestId('hedge-target-miss')).toContainText('ETH gamma after the rounded trades is');
    await expect(hedge.checkRow('ETH-gammaUsd1pct')).toHaveAttribute('data-met', 'false');
    await expect(page.getByTestId('hedge-apply-whatif')).toBeEnabled();
    await app.screenshot('hedge-target-missed');
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
