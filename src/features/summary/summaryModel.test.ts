import { describe, expect, it } from 'vitest';
import { computeReport } from '../../engine/index.ts';
import { TEST_BOOK, TEST_MARKET } from '../../state/testing/fixtures.ts';
import { buildSummary, compareUnderlyings, describeScenario, pnlTone } from './summaryModel.ts';

describe('summary model', () => {
  const report = computeReport(TEST_BOOK, TEST_MARKET, { spot: { BTC: -0.1 }, vol: 0.05, days: 1 });
  const m = buildSummary(report, { spotPct: { BTC: -10 }, volPts: 5, days: 1 });

  it('takes the engine’s numbers unrounded', () => {
    expect(m.valueUsd).toBe(report.totalValueUsd);
    expect(m.scenarioPnlUsd).toBe(report.scenario?.pnlUsd);
    const btc = m.underlyings.find((u) => u.underlying === 'BTC');
    expect(btc?.delta).toBe(report.byUnderlying.BTC?.delta);
    expect(btc?.gammaUsd1pct).toBe(report.byUnderlying.BTC?.gammaUsd1pct);
    expect(btc?.deltaTotal).toBe(report.byUnderlying.BTC?.deltaTotal);
  });

  it('sums vega and theta over underlyings; cash is not a Greeks row', () => {
    const vega = Object.values(report.byUnderlying).reduce((s, a) => s + a.vega, 0);
    expect(m.vegaUsd).toBeCloseTo(vega, 12);
    expect(m.underlyings.map((u) => u.underlying)).not.toContain('USDC');
    expect(m.unpricedCount).toBe(report.errors.length);
    expect(m.unpricedCount).toBeGreaterThan(0); // SOL has no market data in the fixture
  });

  it('counts positions that expired before the valuation time apart from the unpriced ones', () => {
    expect(m.settledCount).toBe(0);
    const withExpired = {
      ...TEST_BOOK,
      positions: [
        ...TEST_BOOK.positions,
        { id: 'x', instrument: 'BTC-27DEC24-60000-C', quantity: 1, entryPrice: null, venue: 'deribit', label: '' },
      ],
    };
    const s = buildSummary(computeReport(withExpired, TEST_MARKET), { spotPct: {}, volPts: 0, days: 0 });
    expect(s.settledCount).toBe(1);
    expect(s.unpricedCount).toBe(m.unpricedCount);
    expect(s.valueUsd).toBe(computeReport(TEST_BOOK, TEST_MARKET).totalValueUsd);
  });

  it('without a report every figure is null', () => {
    const empty = buildSummary(null, { spotPct: {}, volPts: 0, days: 0 });
    expect(empty.valueUsd).toBeNull();
    expect(empty.scenarioLabel).toBe('no shock');
  });

  it('describes the scenario in trader units', () => {
    expect(describeScenario({ spotPct: { ETH: 2.5, BTC: -10 }, volPts: 5, days: 1 })).toBe('BTC \u221210 %, ETH +2.5 %, vol +5 pts, +1 d');
  });

  it('orders BTC, ETH, then alphabetically; tones', () => {
    expect(['SOL', 'ETH', 'AVAX', 'BTC'].sort(compareUnderlyings)).toEqual(['BTC', 'ETH', 'AVAX', 'SOL']);
    expect([pnlTone(5), pnlTone(-5), pnlTone(0.001), pnlTone(null)]).toEqual(['pos', 'neg', 'flat', 'flat']);
  });
});
