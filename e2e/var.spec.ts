import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, whatIfTradeAtMark } from './support/engine.ts';
import { VarPage } from './pages/VarPage.ts';
import {
  buildMarketModel,
  compileBook,
  incrementalVar,
  resolveBook,
  runBacktest,
  runVar,
  type BacktestParams,
  type VarParams,
} from '../src/engine/index.ts';
import { buildVarHistory } from '../src/io/history.ts';

/** The engine in the test process on the files the page fetches (public/data/history): the oracle. */
function engine() {
  const dir = fileURLToPath(new URL('../public/data/history/', import.meta.url));
  const h = buildVarHistory(readdirSync(dir).map((fileName) => ({ fileName, text: readFileSync(dir + fileName, 'utf8') })));
  if (!h.ok) throw new Error(h.error);
  const model = buildMarketModel(defaultMarket());
  const resolved = resolveBook(defaultBook(), model);
  const book = compileBook(resolved, model);
  return {
    var(p: VarParams) {
      const r = runVar(book, h.history, { ...p, positions: resolved.positions });
      if (!r.ok) throw new Error(r.error);
      return r.report;
    },
    backtest(p: BacktestParams) {
      const r = runBacktest(book, h.history, p);
      if (!r.ok) throw new Error(r.error);
      return r.report;
    },
  };
}

/** Relative closeness for USD figures computed in two JavaScript engines. */
function expectClose(actual: number, expected: number, rel = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

test('the VaR panel shows the engine’s VaR and ES for the default book, and they follow method and confidence', async ({ app }) => {
  const v = new VarPage(app);
  const oracle = engine();
  await v.open();
  await v.waitForVar();

  const hs = oracle.var({ method: 'historical' });
  expectClose(await v.varUsd(), hs.varUsd);
  expectClose(await v.esUsd(), hs.esUsd);
  expectClose(await v.es975Usd(), hs.es975Usd);
  await expect(v.volModel()).toContainText('Spot-only');
  await expect(v.componentCheck()).toHaveAttribute('data-ok', 'true');
  await v.waitForBacktest();
  await v.screenshot('var-historical');

  // Components per position add up to VaR too (the engine's Euler allocation, summed on the page).
  await v.page.getByTestId('var-components-by-position').click();
  await expect(v.page.getByTestId('var-components')).toHaveAttribute('data-by', 'position');
  await expect(v.componentCheck()).toHaveAttribute('data-ok', 'true');
  const sum = hs.components.byPosition!.reduce((a, p) => a + p.varUsd, 0);
  expectClose(Number(await v.componentCheck().getAttribute('data-sum')), sum);
  await v.screenshot('var-components-positions');

  // VaR rises with confidence (each figure the engine's).
  const seen: number[] = [];
  for (const pct of [95, 97.5, 99.9]) {
    await v.setConfidence(pct);
    await v.waitForVar();
    const expected = oracle.var({ method: 'historical', confidence: pct / 100 });
    expectClose(await v.varUsd(), expected.varUsd);
    expectClose(await v.esUsd(), expected.esUsd);
    seen.push(await v.varUsd());
  }
  expect(seen[0]).toBeLessThan(seen[1]!);
  expect(seen[1]).toBeLessThan(seen[2]!);

  // Another method, another figure: delta-normal at 99 %.
  await v.setConfidence(99);
  await v.setMethod('delta-normal');
  await v.waitForVar();
  const dn = oracle.var({ method: 'parametric' });
  expectClose(await v.varUsd(), dn.varUsd);
  expectClose(await v.esUsd(), dn.esUsd);
  expect(Math.abs(dn.varUsd - hs.varUsd)).toBeGreaterThan(1);
  await v.screenshot('var-delta-normal');
});

test('the backtest shows the engine’s exceptions, Basel traffic light and coverage tests; DVOL-driven VaR says so', async ({ app }) => {
  const v = new VarPage(app);
  const oracle = engine();
  await v.open();
  await v.waitForVar();
  await v.waitForBacktest();

  const bt = oracle.backtest({ method: 'historical' });
  await expect(v.trafficLight()).toHaveAttribute('data-zone', bt.trafficLight.zone);
  await expect(v.trafficLight()).toHaveAttribute('data-exceptions', String(bt.exceptions));
  await expect(v.trafficLight()).toHaveAttribute('data-observations', '250');
  expectClose(Number(await v.backtestTest('kupiec').getAttribute('data-p-value')), bt.kupiec.pValue);
  expectClose(Number(await v.backtestTest('independence').getAttribute('data-statistic')), bt.christoffersen.independence.statistic);
  expectClose(
    Number(await v.backtestTest('conditional-coverage').getAttribute('data-p-value')),
    bt.christoffersen.conditionalCoverage.pValue,
  );
  await v.page.getByTestId('var-backtest').scrollIntoViewIfNeeded();
  await v.screenshot('var-backtest');

  // Parametric rolling VaR: another count of exceptions, another zone (the engine's).
  await v.page.getByTestId('var-backtest-method').selectOption('delta-normal');
  await v.waitForBacktest();
  const dn = oracle.backtest({ method: 'parametric' });
  await expect(v.trafficLight()).toHaveAttribute('data-zone', dn.trafficLight.zone);
  await expect(v.trafficLight()).toHaveAttribute('data-exceptions', String(dn.exceptions));

  // DVOL: each day's relative DVOL change moves the options' vols, and the panel says on how many days.
  await v.setDvol(true);
  await v.waitForVar();
  const dvol = oracle.var({ method: 'historical', volFromDvol: true });
  expectClose(await v.varUsd(), dvol.varUsd);
  await expect(v.model()).toHaveAttribute('data-vol-model', 'dvol');
  await expect(v.model()).toHaveAttribute('data-dvol-days', String(dvol.dvolDays));
  await expect(v.volModel()).toContainText(`DVOL-driven on ${dvol.dvolDays} of ${dvol.observations} days`);
});

test('a what-if trade shows its incremental VaR, with and without, as the engine computes it', async ({ app }) => {
  const v = new VarPage(app);
  await v.open();
  await v.waitForVar();
  const before = await v.varUsd();
  await expect(v.page.getByTestId('var-incremental')).toHaveAttribute('data-what-if', '0');

  // Rows added by hand are what-if trades.
  await v.page.getByTestId('tab-positions').click();
  await v.page.getByTestId('add-instrument').fill('BTC-PERPETUAL');
  await v.page.getByTestId('add-quantity').fill('-3');
  await v.page.getByTestId('add-position').click();
  await v.page.getByTestId('tab-var').click();
  await v.waitForVar();
  await expect(v.page.getByTestId('var-incremental')).toHaveAttribute('data-what-if', '2');

  const market = defaultMarket();
  const book = defaultBook();
  const dir = fileURLToPath(new URL('../public/data/history/', import.meta.url));
  const h = buildVarHistory(readdirSync(dir).map((fileName) => ({ fileName, text: readFileSync(dir + fileName, 'utf8') })));
  if (!h.ok) throw new Error(h.error);
  const model = buildMarketModel(market);
  // The form books the trade at the mark with its taker fee paid in BTC (a cash row).
  const withTrade = { ...book, positions: [...book.positions, ...whatIfTradeAtMark(market, 'BTC-PERPETUAL', -3)] };
  const inc = incrementalVar(compileBook(resolveBook(withTrade, model), model), compileBook(resolveBook(book, model), model), h.history, {
    method: 'historical',
  });
  if (!inc.ok) throw new Error(inc.error);
  expectClose(await v.varUsd(), inc.value.varWithUsd);
  expectClose(before, inc.value.varWithoutUsd);
  expectClose(await app.metricValue('incremental-var-usd'), inc.value.incrementalVarUsd);
  expectClose(await app.metricValue('incremental-es-usd'), inc.value.incrementalEsUsd);
  await v.screenshot('var-incremental');
});

test('every method and horizon rule shows the engine’s figures', async ({ app }) => {
  const v = new VarPage(app);
  const oracle = engine();
  await v.open();
  await v.waitForVar();
  const cases: {
    method: 'filtered' | 'delta-gamma' | 'historical';
    horizon: number;
    rule: 'sqrt' | 'overlapping';
    window: number;
    params: VarParams;
  }[] = [
    { method: 'filtered', horizon: 1, rule: 'sqrt', window: 365, params: { method: 'historical', filtered: true } },
    { method: 'delta-gamma', horizon: 1, rule: 'sqrt', window: 365, params: { method: 'parametric', deltaGamma: true } },
    { method: 'delta-gamma', horizon: 10, rule: 'sqrt', window: 365, params: { method: 'parametric', deltaGamma: true, horizonDays: 10 } },
    { method: 'historical', horizon: 10, rule: 'sqrt', window: 365, params: { method: 'historical', horizonDays: 10 } },
    {
      method: 'historical',
      horizon: 10,
      rule: 'overlapping',
      window: 730,
      params: { method: 'historical', horizonDays: 10, overlapping: true, window: 730 },
    },
  ];
  for (const c of cases) {
    await v.setMethod(c.method);
    await v.setHorizon(c.horizon);
    if (c.horizon > 1) await v.setHorizonRule(c.rule);
    await v.setWindow(c.window);
    await v.waitForVar();
    const expected = oracle.var(c.params);
    expectClose(await v.varUsd(), expected.varUsd);
    expectClose(await v.esUsd(), expected.esUsd);
    expectClose(await v.es975Usd(), expected.es975Usd);
    await expect(v.componentCheck()).toHaveAttribute('data-ok', 'true');
    if (c.method === 'delta-gamma' && c.horizon === 10) await v.screenshot('var-delta-gamma-10d');
  }
  await expect(v.model()).toContainText('overlapping 10-day returns');
  await v.screenshot('var-overlapping-10d');
});
