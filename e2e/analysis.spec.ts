/**
 * The analysis tabs (issue 6): Stress, Margin, Exposure, Limits, each against the engine's own numbers for the
 * default book, computed here in the test process on the same files the page loads.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './support/test.ts';
import { bookFromText, defaultBook, defaultMarket, report } from './support/engine.ts';
import { AnalysisPage } from './pages/AnalysisPage.ts';
import {
  buildMarketModel,
  buildReturnWindow,
  compileBook,
  computeCounterparty,
  exchangeOutage,
  fundingCarry,
  liquidationDistances,
  marginReport,
  parsePmeParams,
  realizedDailyVol,
  resolveBook,
  runStress,
  runVar,
  settlementSchedule,
  STRESS_PRESETS,
  type StressScenario,
} from '../src/engine/index.ts';
import { buildVarHistory } from '../src/io/history.ts';

const market = defaultMarket();
const book = defaultBook();
const model = buildMarketModel(market);
const resolved = resolveBook(book, model);

function bundledHistory() {
  const files = ['btc', 'eth', 'sol'].map((c) => ({
    fileName: `${c}-usd-daily.csv`,
    text: readFileSync(`public/data/history/${c}-usd-daily.csv`, 'utf8'),
  }));
  const h = buildVarHistory(files);
  if (!h.ok) throw new Error(h.error);
  return h.history;
}

function fileParams() {
  const parsed = parsePmeParams(JSON.parse(readFileSync('public/data/margin-params.json', 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.value;
}

test('stress: presets priced as the engine prices them, waterfalls, a custom scenario survives a reload, apply as what-if', async ({
  app,
  page,
}) => {
  const an = new AnalysisPage(app);
  await app.goto();
  await an.open('stress');
  await an.waitFor('stress');

  const expected = runStress(resolved, model, STRESS_PRESETS);
  await expect(page.getByTestId('stress-row')).toHaveCount(STRESS_PRESETS.length);
  for (const e of expected) expect(await an.numberAttr(an.stressRow(e.id), 'data-pnl')).toBeCloseTo(e.pnlUsd, 6);

  // Waterfall of the selected preset: by underlying (BTC, ETH, cash codes, total), then by position.
  await an.stressRow('may-19-2021').click();
  await expect(page.getByTestId('stress-detail')).toHaveAttribute('data-id', 'may-19-2021');
  const may = expected.find((e) => e.id === 'may-19-2021')!;
  expect(await app.metricValue('stress-pnl-usd')).toBeCloseTo(may.pnlUsd, 6);
  await expect(an.waterfallRows()).toHaveCount(Object.keys(may.byUnderlying).length + 1);
  expect(await an.numberAttr(an.waterfallRows().filter({ hasText: 'BTC' }).first(), 'data-pnl')).toBeCloseTo(may.byUnderlying.BTC!, 6);
  await an.testId('stress-by-position').click();
  await expect(an.waterfallRows()).toHaveCount(15);
  const largest = [...may.byPosition].sort((a, b) => Math.abs(b.pnlUsd) - Math.abs(a.pnlUsd))[0]!;
  expect(await an.numberAttr(an.waterfallRows().first(), 'data-pnl')).toBeCloseTo(largest.pnlUsd, 6);
  await app.screenshot('analysis-stress-positions');
  await an.testId('stress-by-underlying').click();
  await app.screenshot('analysis-stress');

  // A custom scenario: BTC −20 %, ETH −28 % explicitly, vol +15 pts flat, basis −50 %, okx defaults.
  await an.testId('stress-new').click();
  await an.testId('stress-name').fill('Desk crash');
  await an.fillNumber('stress-move-BTC', -20);
  await an.fillNumber('stress-move-ETH', -28);
  await an.fillNumber('stress-vol', 15);
  await an.fillNumber('stress-term', 0);
  await an.fillNumber('stress-basis', 50);
  await an.testId('stress-venue').selectOption('okx');
  const custom: StressScenario = {
    id: 'custom-1',
    name: 'Desk crash',
    description: '',
    spotMove: -0.2,
    spot: { ETH: -0.28 },
    defaultBeta: 1.3,
    volShift: 0.15,
    volTermPower: 0,
    basisCollapse: 0.5,
    venueDefault: 'okx',
  };
  const [customResult] = runStress(resolved, model, [custom]);
  // The draft is priced as it is typed, before it is saved.
  await expect.poll(async () => Number(await an.testId('stress-preview').getAttribute('data-pnl'))).toBeCloseTo(customResult!.pnlUsd, 6);
  await app.screenshot('analysis-stress-builder');
  await an.testId('stress-save').click();
  await an.waitFor('stress');
  await expect(an.stressRow('custom-1')).toBeVisible();
  await expect.poll(() => an.numberAttr(an.stressRow('custom-1'), 'data-pnl')).toBeCloseTo(customResult!.pnlUsd, 6);
  await expect(page.getByTestId('stress-detail')).toHaveAttribute('data-id', 'custom-1');

  // Saved with the session.
  await app.waitForSaved();
  await page.reload();
  await app.waitForBook();
  await an.open('stress');
  await an.waitFor('stress');
  await expect.poll(() => an.numberAttr(an.stressRow('custom-1'), 'data-pnl')).toBeCloseTo(customResult!.pnlUsd, 6);

  // Apply as what-if: the what-if inputs take the scenario's moves; the summary's scenario P&L is the engine's.
  await an.stressRow('custom-1').click();
  await an.testId('stress-apply-whatif').click();
  await expect(page.getByTestId('scenario-spot-BTC')).toHaveValue('-20');
  await expect(page.getByTestId('scenario-spot-ETH')).toHaveValue('-28');
  await expect(page.getByTestId('scenario-vol')).toHaveValue('15');
  const whatIf = report(book, market, { spot: { BTC: -0.2, ETH: -0.28 }, vol: 0.15 }).scenario!.pnlUsd;
  await expect.poll(() => app.metricValue('scenario-pnl-usd')).toBeCloseTo(whatIf, 4);
  // It equals the stress's market component (flat vol, no basis, no default).
  expect(whatIf).toBeCloseTo(customResult!.components.marketUsd, 4);
});

/** |a − b| within a relative 1e-9 (the page and this process run the same code; only the last bits may differ). */
function expectSame(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

test('margin: IM/MM per currency equal the engine’s margin report; heatmap with the worst scenario; cross-margin and liquidation', async ({
  app,
  page,
}) => {
  const an = new AnalysisPage(app);
  await app.goto();
  await an.open('margin');
  await an.waitFor('margin');

  const expected = marginReport(resolved, model, fileParams());
  expect(Object.keys(expected).sort()).toEqual(['BTC', 'ETH', 'USDC']);
  for (const [ccy, e] of Object.entries(expected)) {
    expectSame(await app.metricValue(`im-${ccy}`), e.initialMargin);
    expectSame(await app.metricValue(`mm-${ccy}`), e.maintenanceMargin);
  }
  await expect(an.testId('pme-params-source')).toHaveAttribute('data-source', 'file');

  // The heatmap of the first currency: 3 × 9 standard cells and 8 extended, one worst cell, labelled.
  await expect(an.matrixCells('BTC')).toHaveCount(27 + 8);
  const worst = an.matrixCells('BTC').and(page.locator('[data-worst="true"]'));
  await expect(worst).toHaveCount(1);
  const worstValue = await an.numberAttr(worst, 'data-value');
  expectSame(-worstValue, expected.BTC!.worstCase);
  await expect(an.testId('pme-worst-BTC')).toContainText('bucket 1 right');

  await an.waitFor('liquidation');
  await expect(page.getByTestId('account-row')).toHaveCount(3);
  await expect(page.getByTestId('liquidation-row')).toHaveCount(3);
  await app.screenshot('analysis-margin');
  // The page's own timings (request to result, worker), reported, not asserted.
  const ms = await page.evaluate(() =>
    ['analysisStress', 'analysisMargin', 'analysisLiquidation', 'analysisExposure', 'analysisLimits'].map(
      (m) =>
        `${m} ${
          performance
            .getEntriesByName(`riskdeck:${m}`)
            .map((e) => e.duration.toFixed(0))
            .join('/') || '-'
        } ms`,
    ),
  );
  test.info().annotations.push({ type: 'analysis timings', description: ms.join(', ') });

  await an.testId('pme-card-ETH').click();
  await expect(an.matrixCells('ETH')).toHaveCount(35);
  await page.getByTestId('margin-view').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await app.screenshot('analysis-margin-bottom');

  // Edited PME parameters (JSON, Deribit's model_params shape): mm_factor 0.5 → MM = ½ RMM; then back to the file.
  const edited = { ...fileParams(), general: { ...fileParams().general, mm_factor: 0.5 } };
  await an.testId('pme-params-json').fill(JSON.stringify(edited));
  await an.testId('pme-params-apply').click();
  await expect(an.testId('pme-params-source')).toHaveAttribute('data-source', 'edited');
  await an.waitFor('margin');
  expectSame(await app.metricValue('mm-BTC'), 0.5 * expected.BTC!.riskMatrixMargin);
  await an.testId('pme-params-json').fill('{"general": {}}');
  await an.testId('pme-params-apply').click();
  await expect(an.testId('pme-params-errors')).toContainText('edited parameters:');
  await expect(an.testId('pme-params-source')).toHaveAttribute('data-source', 'file');
  await an.testId('pme-params-reset').click();
  await an.waitFor('margin');
  expectSame(await app.metricValue('mm-BTC'), expected.BTC!.maintenanceMargin);
});

test('margin: liquidation prices of a thinly collateralised account equal the engine’s root search', async ({ app, page }) => {
  const an = new AnalysisPage(app);
  const csv = [
    'instrument,quantity,unit,entry_price,venue,label',
    'BTC-25SEP26-90000-C,-10,,0.013,deribit,short call',
    'BTC-25SEP26-68000-P,-10,,0.0101,deribit,short put',
    'ETH-PERPETUAL,-100,,2564.5,deribit,hedge',
    'BTC,3,,,deribit,collateral',
    'USDC,60000,,,deribit,collateral',
    'USDC,10000,,,okx,cash',
  ].join('\n');
  await app.goto();
  await page.getByTestId('portfolio-file-input').setInputFiles({ name: 'thin.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect.poll(() => app.rowCount()).toBe(6);
  await an.open('margin');
  await an.waitFor('liquidation');

  const thin = resolveBook(bookFromText(csv, 'thin.csv'), model);
  const liq = liquidationDistances(thin, model, 'deribit', fileParams());
  const row = (target: string) => page.locator(`[data-testid="liquidation-row"][data-target="${target}"]`);
  await expect(page.getByTestId('liquidation-row')).toHaveCount(3);
  for (const r of [liq.byUnderlying.BTC!, liq.byUnderlying.ETH!, liq.all]) {
    for (const [attr, point] of [
      ['data-down', r.down],
      ['data-up', r.up],
    ] as const) {
      if (point) expect(await an.numberAttr(row(r.target), attr)).toBeCloseTo(point.movePct, 5);
      else expect(await row(r.target).getAttribute(attr)).toBeNull();
    }
  }
  // Shown as prices: BTC alone falls to ≈ 58,158 (−26 %).
  await expect(row('BTC')).toContainText(`BTC ${Math.round(liq.byUnderlying.BTC!.down!.pricesUsd.BTC!).toLocaleString('en-US')}`);
  await page.getByTestId('margin-view').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await app.screenshot('analysis-margin-liquidation');
});

test('exposure: counterparty per venue with PD/LGD, PFE from history, outage, settlements and funding carry', async ({ app, page }) => {
  const an = new AnalysisPage(app);
  await app.goto();
  await an.open('exposure');
  await an.waitFor('exposure');
  await app.screenshot('analysis-exposure');

  const history = bundledHistory();
  const w = buildReturnWindow(['BTC', 'ETH'], history, { window: 730, returnDays: 1 });
  if (!w.ok) throw new Error(w.error);
  const returns = { BTC: Array.from(w.window.returns[0]!), ETH: Array.from(w.window.returns[1]!) };
  const cp = computeCounterparty(resolved, model, { returns, horizonsDays: [1, 5, 10, 20, 30], pd: { okx: 0.02 }, lgd: { okx: 0.4 } });

  await expect(page.getByTestId('counterparty-row')).toHaveCount(3);
  for (const v of cp.venues) {
    expectSame(await an.numberAttr(an.testId(`default-loss-${v.venue}`), 'data-value'), v.exposureUsd);
    expectSame(await an.numberAttr(an.testId(`venue-share-${v.venue}`), 'data-value'), v.share);
  }
  // PFE: every venue × (1, 5, 10, 20, 30 days) × (95 %, 99 %), the engine's figures on the same history.
  await expect(page.getByTestId('pfe-cell')).toHaveCount(3 * 10);
  const deribit = cp.venues.find((v) => v.venue === 'deribit')!;
  const pfe30 = deribit.pfe.find((p) => p.horizonDays === 30 && p.confidence === 0.99)!.pfeUsd;
  expectSame(
    await an.numberAttr(page.locator('[data-testid="pfe-cell"][data-venue="deribit"][data-h="30"][data-c="0.99"]'), 'data-value'),
    pfe30,
  );

  // PD and LGD typed in give the expected loss.
  await an.fillNumber('pd-input-okx', 2);
  await an.fillNumber('lgd-input-okx', 40);
  const okx = cp.venues.find((v) => v.venue === 'okx')!;
  await expect
    .poll(async () => Number(await an.testId('expected-loss-okx').getAttribute('data-value')))
    .toBeCloseTo(okx.expectedLossUsd!, 6);

  // Exchange outage: deribit down 8 hours, a 2 σ move at each underlying's realised 90-day σ.
  await an.fillNumber('outage-hours', 8);
  await an.fillNumber('outage-k', 2);
  await an.testId('outage-venue').selectOption('deribit');
  const sigma = (ul: string) => {
    const r = buildReturnWindow([ul], history, { window: 90, returnDays: 1 });
    if (!r.ok) throw new Error(r.error);
    return realizedDailyVol(r.window.returns[0]!, 90);
  };
  const outage = exchangeOutage(resolved, { hours: 8, k: 2, dailyVol: { BTC: sigma('BTC'), ETH: sigma('ETH') }, venue: 'deribit' });
  await expect.poll(() => app.metricValue('outage-loss-usd')).toBeCloseTo(outage.unhedgedLossUsd, 4);

  // Settlements by expiry and funding carry at a typed rate.
  await expect(page.getByTestId('settlement-row')).toHaveCount(settlementSchedule(resolved).length);
  await an.fillNumber('funding-input-BTC', 10.95);
  const carry = fundingCarry(resolved, model, { BTC: 0.1095 });
  await expect
    .poll(async () => Number(await an.testId('carry-funding-BTC').getAttribute('data-value')))
    .toBeCloseTo(carry.byUnderlying.BTC!.fundingUsdPerDay, 6);
  await an.waitFor('exposure');
  await app.screenshot('analysis-exposure-inputs');
  await page.getByTestId('exposure-view').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await app.screenshot('analysis-exposure-bottom');
});

test('limits: VaR from the bundled history; a breach marks the summary card, the Greeks cell, margin usage and venue share; saved with the session', async ({
  app,
  page,
}) => {
  const an = new AnalysisPage(app);
  await app.goto();
  await an.open('limits');
  await an.waitFor('limits');

  const v = runVar(compileBook(resolved, model), bundledHistory(), { method: 'historical', confidence: 0.99, horizonDays: 1 });
  if (!v.ok) throw new Error(v.error);
  expectSame(await an.numberAttr(an.testId('limits-var-usd'), 'data-value'), v.report.varUsd);
  await expect(page.getByTestId('summary-card-vega')).not.toHaveAttribute('data-limit-status', /.+/);

  const vega = await app.metricValue('vega-usd');
  await an.setLimit('limit-input-vegaUsd', Math.round(Math.abs(vega) / 2));
  await an.setLimit('limit-input-deltaCoin-BTC', 1);
  await an.setLimit('limit-input-varUsd', Math.round(v.report.varUsd * 2));
  await an.setLimit('limit-input-marginUsage', 10);
  await an.setLimit('limit-input-venueConcentration', 50);
  await an.waitFor('limits');
  const check = (key: string) => page.locator(`[data-testid="limit-check"][data-key="${key}"]`);
  await expect(check('vegaUsd')).toHaveAttribute('data-status', 'breach');
  await expect(check('deltaCoin:BTC')).toHaveAttribute('data-status', 'breach');
  await expect(check('varUsd')).toHaveAttribute('data-status', 'ok');
  await expect(check('marginUsage:deribit')).toHaveAttribute('data-status', 'breach');
  await expect(check('venueConcentration:deribit')).toHaveAttribute('data-status', 'breach');
  await expect(check('venueConcentration:okx')).toHaveAttribute('data-status', 'ok');

  // Marked where the figures appear: the summary's vega card and BTC delta cell …
  await expect(page.getByTestId('summary-card-vega')).toHaveAttribute('data-limit-status', 'breach');
  await expect(page.locator('td', { has: page.getByTestId('metric-delta-BTC') })).toHaveAttribute('data-limit-status', 'breach');
  await expect(page.locator('td', { has: page.getByTestId('metric-delta-ETH') })).not.toHaveAttribute('data-limit-status', /.+/);
  await app.screenshot('analysis-limits');
  // … the cross-margin usage and the counterparty share.
  await an.open('margin');
  await expect(an.testId('margin-usage-deribit')).toHaveAttribute('data-limit-status', 'breach');
  await an.open('exposure');
  await expect(an.testId('venue-share-deribit')).toHaveAttribute('data-limit-status', 'breach');
  await expect(an.testId('venue-share-okx')).not.toHaveAttribute('data-limit-status', /.+/);

  // Saved with the session.
  await app.waitForSaved();
  await page.reload();
  await app.waitForBook();
  await expect(page.getByTestId('summary-card-vega')).toHaveAttribute('data-limit-status', 'breach');
  await an.open('limits');
  await expect(an.testId('limit-input-vegaUsd')).toHaveValue(String(Math.round(Math.abs(vega) / 2)));

  // Lifting the limit clears the mark.
  await an.setLimit('limit-input-vegaUsd', null);
  await expect(page.getByTestId('summary-card-vega')).not.toHaveAttribute('data-limit-status', /.+/);
});
