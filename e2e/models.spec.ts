/**
 * The parametric VaR's quantile method and the comparison margin models, on the page against the engine:
 * a long straddle's delta-gamma VaR is the exact quantile (not a Cornish-Fisher figure), the SPAN-style margin of a
 * calendar spread carries its inter-month spread charge, the short option minimum is a parameter of the tab, a short
 * deep put's standard MM follows Deribit's put rule, and the Exposure tab's unrealised P&L leaves spot gains in the
 * collateral.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, fixture, readBook } from './support/engine.ts';
import { VarPage } from './pages/VarPage.ts';
import { AnalysisPage } from './pages/AnalysisPage.ts';
import {
  buildMarketModel,
  compileBook,
  computeCounterparty,
  computeSpanMargin,
  computeStandardMargin,
  DEFAULT_SPAN_PARAMS,
  resolveBook,
  runVar,
} from '../src/engine/index.ts';
import { buildVarHistory } from '../src/io/history.ts';

function resolved(file: string) {
  const model = buildMarketModel(defaultMarket());
  return { model, book: resolveBook(readBook(fixture(file)), model) };
}

async function load(app: VarPage['app'], file: string, rows: number): Promise<void> {
  await app.goto();
  await app.uploadPortfolio(fixture(file));
  await expect(app.importReport()).toContainText(`${file}: ${rows} positions loaded`);
  await expect.poll(() => app.rowCount()).toBe(rows);
  await app.waitForFigures();
}

test('delta-gamma VaR of a long straddle: the exact quantile, named in the VaR tab', async ({ app, page }) => {
  await load(app, 'long-straddle.csv', 2);
  const dir = fileURLToPath(new URL('../public/data/history/', import.meta.url));
  const h = buildVarHistory(readdirSync(dir).map((fileName) => ({ fileName, text: readFileSync(dir + fileName, 'utf8') })));
  if (!h.ok) throw new Error(h.error);
  const { model, book } = resolved('long-straddle.csv');
  const r = runVar(compileBook(book, model), h.history, { method: 'parametric', deltaGamma: true });
  if (!r.ok) throw new Error(r.error);
  expect(r.report.quantileMethod).toBe('fourier-inversion');

  await page.getByTestId('tab-var').click();
  const v = new VarPage(app);
  await v.setMethod('delta-gamma');
  await v.waitForVar();
  const method = page.getByTestId('var-quantile-method');
  await expect(method).toHaveAttribute('data-method', 'fourier-inversion');
  await expect(method).toContainText('exact quantile');
  await expect(method).toContainText('because Cornish-Fisher is not monotone');
  await expect(page.getByTestId('var-model')).toContainText('Parametric delta-gamma (exact distribution)');
  const varUsd = await v.varUsd();
  expect(varUsd).toBeGreaterThan(0);
  expect(Math.abs(varUsd - r.report.varUsd)).toBeLessThanOrEqual(1e-6 * r.report.varUsd);
  await expect(page.getByTestId('var-histogram')).toHaveAttribute('data-kind', 'density');
  await v.screenshot('models-var-delta-gamma-exact');
  await page.setViewportSize({ width: 1280, height: 800 });
  await v.screenshot('models-var-delta-gamma-exact-1280');
  await page.setViewportSize({ width: 1600, height: 1000 });

  // Delta-normal says how its quantile was found too.
  await v.setMethod('delta-normal');
  await v.waitForVar();
  await expect(method).toHaveAttribute('data-method', 'normal');
});

test('SPAN-style margin: the calendar spread charge appears; the short option minimum is set in the Margin tab', async ({ app, page }) => {
  await load(app, 'calendar-and-put.csv', 3);
  const an = new AnalysisPage(app);
  await an.open('margin');
  await an.waitFor('margin');
  const { model, book } = resolved('calendar-and-put.csv');
  const span = computeSpanMargin(book, model);
  const btc = span.currencies['BTC']!;
  expect(btc.calendarSpreadCharge).toBeGreaterThan(10 * btc.scanRisk);
  const attr = async (id: string) => Number(await an.testId(id).getAttribute('data-value'));
  expect(Math.abs((await attr('span-calendar-BTC')) - btc.calendarSpreadCharge)).toBeLessThan(1e-12);
  expect(Math.abs((await attr('span-scan-BTC')) - btc.scanRisk)).toBeLessThan(1e-12);
  expect(Math.abs((await attr('compare-span-im-BTC')) - btc.initialMargin)).toBeLessThan(1e-12);
  // Deribit standard margin of the short deep put: MM = max(0.075, 0.075·mark) + mark per coin (mark > 1 ETH).
  const std = computeStandardMargin(book, model).currencies['ETH']!;
  expect(std.maintenanceMargin).toBeCloseTo(14.652, 3);
  expect(Math.abs((await attr('compare-standard-mm-ETH')) - std.maintenanceMargin)).toBeLessThan(1e-12);
  // Standard rates: published lines and the assumed stand-in, labelled.
  await expect(an.testId('std-rate-status-BTC')).toHaveText('published');
  await expect(an.testId('std-rate-status-default')).toHaveText('assumed');
  await page.getByTestId('span-parts').scrollIntoViewIfNeeded();
  await app.screenshot('models-margin-span');

  // The short deep put: raise the short option minimum to 300 % of the scan charge and it binds.
  const eth = span.currencies['ETH']!;
  expect(Math.abs((await attr('span-som-ETH')) - eth.shortOptionMinimum)).toBeLessThan(1e-12);
  await an.fillNumber('span-som-input', 300);
  const som = computeSpanMargin(book, model, { ...DEFAULT_SPAN_PARAMS, shortOptionMinimum: 3 }).currencies['ETH']!;
  expect(som.shortOptionMinimum).toBeGreaterThan(som.scanRisk);
  await expect.poll(() => attr('span-som-ETH')).toBeCloseTo(som.shortOptionMinimum, 10);
  await expect.poll(() => attr('compare-span-im-ETH')).toBeCloseTo(som.initialMargin, 10);
  await an.waitFor('margin');
  await page.getByTestId('margin-model-params').scrollIntoViewIfNeeded();
  await app.screenshot('models-margin-params');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('margin-model-params').scrollIntoViewIfNeeded();
  await app.screenshot('models-margin-params-1280');
  await page.getByTestId('span-parts').scrollIntoViewIfNeeded();
  await app.screenshot('models-margin-span-1280');
  await page.setViewportSize({ width: 1600, height: 1000 });
  // Reset brings the default back.
  await page.getByTestId('margin-model-reset').click();
  await expect.poll(() => attr('span-som-ETH')).toBeCloseTo(eth.shortOptionMinimum, 10);
});

test('exposure: collateral + derivatives = equity; a spot-only venue shows no unrealised P&L (its gain is in the collateral)', async ({
  app,
}) => {
  await app.goto();
  const an = new AnalysisPage(app);
  await an.open('exposure');
  await an.waitFor('exposure');
  const model = buildMarketModel(defaultMarket());
  const book = resolveBook(defaultBook(), model);
  const cp = computeCounterparty(book, model);
  const attr = async (id: string) => Number(await an.testId(id).getAttribute('data-value'));
  for (const v of cp.venues) {
    expect(
      Math.abs((await attr(`collateral-${v.venue}`)) + (await attr(`derivatives-${v.venue}`)) - (await attr(`equity-${v.venue}`))),
    ).toBeLessThan(1e-6);
    expect(Math.abs((await attr(`unrealised-${v.venue}`)) - v.unrealisedPnlUsd)).toBeLessThan(1e-6);
  }
  // Coinbase holds spot BTC (bought at 78,302.84) and cash: its gain is inside the collateral, not repeated.
  const coinbase = cp.venues.find((v) => v.venue === 'coinbase')!;
  expect(coinbase.spotPnlUsd).not.toBe(0);
  expect(await attr('unrealised-coinbase')).toBe(0);
  await app.screenshot('models-exposure');
});
