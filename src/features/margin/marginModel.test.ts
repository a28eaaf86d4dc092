import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BookInputs } from '../../worker/bookCache.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import { marginApi, setAnalysisTextFetcher } from '../../worker/api/marginApi.ts';
import {
  compareCurrencies,
  compareRows,
  currencyCards,
  deltaShockRows,
  describeWorst,
  formatCcy,
  heatColour,
  liquidationRows,
  riskMatrix,
  rollRows,
  standardRateRows,
  toSpanParams,
  toStandardParams,
} from './marginModel.ts';
import { DEFAULT_SPAN_PARAMS, DEFAULT_STANDARD_MARGIN_PARAMS } from '../../engine/index.ts';
import { DEFAULT_SPAN_SETTINGS } from '../../state/slices/analysisSlice.ts';

const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'm');
const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'p');
if (!m.ok || !p.ok) throw new Error('default data');
setAnalysisTextFetcher(async (url) => readFileSync(url.replace('http://t/data/', 'public/data/'), 'utf8'));
const inputs: BookInputs = { portfolio: p.result.portfolio, market: m.snapshot, overrides: null };
const data = { dataUrl: 'http://t/data/', pmeOverride: null };
const view = await marginApi.analysisMargin(inputs, {}, data);
const liq = await marginApi.analysisLiquidation(inputs, {}, data);

describe('margin view-model', () => {
  it('cards in desk order with the engine’s IM/MM and the worst scenario in words', () => {
    const cards = currencyCards(view);
    expect(cards.map((c) => c.ccy)).toEqual(['BTC', 'ETH', 'USDC']);
    const btc = cards[0]!;
    expect(btc.initialMargin).toBe(view.currencies.BTC!.initialMargin);
    expect(btc.riskMatrixMargin).toBeCloseTo(btc.worstCase + btc.rollShock + btc.deltaShock, 12);
    expect(btc.worstText).toBe('+16 %, vol down — standard table, bucket 1 right');
    expect(cards[2]!.underlyings).toEqual(['BTC', 'ETH']);
    expect(currencyCards(null)).toEqual([]);
    expect(['USDC', 'XRP', 'ETH', 'BTC'].sort(compareCurrencies)).toEqual(['BTC', 'ETH', 'USDC', 'XRP']);
  });
  it('risk matrix: 3 × 9 standard cells and the extended row, one worst cell equal to −worst case', () => {
    const mx = riskMatrix(view.currencies.ETH!);
    expect(mx.rows.map((r) => r.vol)).toEqual(['up', 'same', 'down']);
    expect(mx.rows.every((r) => r.cells.length === 9)).toBe(true);
    expect(mx.extended).toHaveLength(8);
    const worst = [...mx.rows.flatMap((r) => r.cells), ...mx.extended].filter((c) => c.worst);
    expect(worst).toHaveLength(1);
    expect(-worst[0]!.value).toBeCloseTo(view.currencies.ETH!.worstCase, 12);
    // ETH credits 60 % of a gain: such cells carry the gain before the offset.
    const credited = mx.rows.flatMap((r) => r.cells).filter((c) => c.rawGain !== null);
    expect(credited.length).toBeGreaterThan(0);
    for (const c of credited) expect(c.value).toBeCloseTo(0.6 * c.rawGain!, 10);
    expect(mx.pnlOffset).toBe(0.6);
  });
  it('colours: losses red, gains green, stronger with size, zero transparent', () => {
    expect(heatColour(0, 10)).toBe('transparent');
    expect(heatColour(-10, 10)).toBe('rgba(255, 100, 100, 0.720)');
    expect(heatColour(5, 10)).toBe('rgba(52, 201, 139, 0.410)');
    expect(heatColour(3, 0)).toBe('transparent');
  });
  it('roll and delta shock rows add up to the card’s shocks', () => {
    const c = view.currencies.BTC!;
    expect(rollRows(c).reduce((s, r) => s + r.shock, 0)).toBeCloseTo(c.rollShock, 12);
    expect(rollRows(c)[0]!.expiry).toBe('Perpetual');
    expect(deltaShockRows(c).reduce((s, r) => s + r.shock, 0)).toBeCloseTo(c.deltaShock, 12);
  });
  it('comparison rows per currency and USD totals', () => {
    const { rows, totalsUsd } = compareRows(view);
    expect(rows.map((r) => r.ccy)).toEqual(['BTC', 'ETH', 'USDC']);
    expect(rows[0]!.standard!.im).toBe(view.standard.currencies.BTC!.initialMargin);
    expect(totalsUsd.span).toBe(view.span.initialMarginUsd);
  });
  it('SPAN parts per currency add up to the SPAN IM (scan + calendar, at least the short option minimum)', () => {
    const { rows } = compareRows(view);
    for (const r of rows) {
      const p = r.spanParts!;
      expect(r.span!.im).toBeGreaterThanOrEqual(Math.max(p.scanRisk + p.calendarSpreadCharge, p.shortOptionMinimum) - 1e-12);
      expect(p.scanRisk).toBe(view.span.currencies[r.ccy]!.scanRisk);
    }
  });
  it('settings in the tab’s units become engine decimals; blanks keep the defaults', () => {
    expect(toSpanParams(DEFAULT_SPAN_SETTINGS)).toEqual(DEFAULT_SPAN_PARAMS);
    expect(
      toSpanParams({
        ...DEFAULT_SPAN_SETTINGS,
        shortOptionMinimumPct: 25,
        extremeCoverPct: 33,
        extremeMultiple: 3,
        volScanPts: 8,
        calendarAnnualPct: 10,
      }),
    ).toEqual({
      ...DEFAULT_SPAN_PARAMS,
      shortOptionMinimum: 0.25,
      extremeCover: 0.33,
      extremeMultiple: 3,
      volScan: 0.08,
      calendarMove: { annualised: 0.1, minimum: 0 },
    });
    const std = toStandardParams({
      XRP_USDC: { imPct: 10, mmPct: null, addOnPctPerCoin: null },
      BTC: { imPct: null, mmPct: 1.5, addOnPctPerCoin: null },
    });
    expect(std.futures['XRP_USDC']).toMatchObject({ imBase: 0.1, mmBase: 0.02, increasePerCoin: 0.000005, assumed: false });
    expect(std.futures['BTC']).toMatchObject({ imBase: 0.02, mmBase: 0.015, increasePerCoin: 0.00005 });
    expect(toStandardParams({})).toEqual(DEFAULT_STANDARD_MARGIN_PARAMS);
  });
  it('standard-rate rows: published, assumed or edited, with their source, the book’s lines marked', () => {
    const rows = standardRateRows(view, { SOL_USDC: { imPct: 5, mmPct: null, addOnPctPerCoin: null } });
    const by = Object.fromEntries(rows.map((r) => [r.line, r]));
    expect(by['BTC']).toMatchObject({ status: 'published', imPct: 2, mmPct: 1, inBook: true });
    expect(by['BTC']!.source).toMatch(/11 January 2022/);
    expect(by['ETH_USDC']!.status).toBe('assumed');
    expect(by['default']).toMatchObject({ status: 'assumed', label: 'other linear (XRP_USDC …)' });
    expect(by['SOL_USDC']).toMatchObject({ status: 'edited', imPct: 4 });
    expect(rows.at(-1)!.line).toBe('default');
  });
  it('edited SPAN parameters reach the engine; invalid ones fall back to the defaults with the reason', async () => {
    const som = await marginApi.analysisMargin(inputs, {}, { ...data, span: { ...DEFAULT_SPAN_PARAMS, shortOptionMinimum: 0.5 } });
    expect(som.span.params.shortOptionMinimum).toBe(0.5);
    expect(som.spanErrors).toEqual([]);
    const bad = await marginApi.analysisMargin(inputs, {}, { ...data, span: { ...DEFAULT_SPAN_PARAMS, extremeCover: 2 } });
    expect(bad.spanErrors).toEqual(['extreme-move cover must be between 0 and 1']);
    expect(bad.span.params).toEqual(DEFAULT_SPAN_PARAMS);
  });
  it('liquidation rows: each underlying alone, then all together, with prices', () => {
    const rows = liquidationRows(liq);
    expect(rows.map((r) => r.target)).toEqual(['BTC', 'ETH', 'ALL']);
    expect(rows[2]!.label).toBe('All together (BTC + ETH)');
    expect(rows.every((r) => r.note === 'none within ±95 %' && r.nearestPct === null)).toBe(true);
  });
  it('formats amounts per currency and names the worst scenario', () => {
    expect(formatCcy(1.23456, 'BTC')).toBe('1.2346');
    expect(formatCcy(38233.1, 'USDC')).toBe('38,233');
    expect(describeWorst({ table: 'extended', movePct: -66, vol: 'up', side: 'left', bucket: 1, row: 0, column: 0, text: '' })).toBe(
      '−66 %, vol up — extended table, bucket 1 left',
    );
  });
});
