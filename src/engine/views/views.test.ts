import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { compileBook } from '../risk/compiledBook.ts';
import { computeReport } from '../risk/report.ts';
import { computeHeatmap } from './heatmap.ts';
import { computeSpotLadder } from './spotLadder.ts';
import { computePayoff } from './payoff.ts';
import { computeGreekLadder, defaultStrikeBucket, LADDER_MEASURES } from './greekLadder.ts';
import { computeVolSurface } from './volSurface.ts';
import { range } from './scenarioGrid.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';

const market = buildMarketModel(TEST_MARKET);
const portfolio = book(
  pos('BTC-31JAN26-65000-C', -2),
  pos('BTC-31JAN26-55000-P', -1),
  pos('BTC-1APR26-60000-C', 3),
  pos('BTC-PERPETUAL', -50_000, { unit: 'usd' }),
  pos('BTC', 0.5),
  pos('ETH-31JAN26-3200-C', 10),
  pos('USDC', 1_000),
);
const resolved = resolveBook(portfolio, market);
const compiled = compileBook(resolved, market);
const whatIf = { spot: { ETH: 0.05 }, vol: 0.02, days: 2 };

describe('heatmap', () => {
  const spot = range(-30, 30, 5);
  const vols = range(-20, 20, 5);
  const h = computeHeatmap(compiled, { target: 'BTC', spotMovesPct: spot, axis: 'vol', rowValues: vols, base: whatIf, withGreeks: true });
  it('has one cell per spot × vol and each cell equals computeReport for that shock', () => {
    expect(h.pnlUsd).toHaveLength(9);
    expect(h.pnlUsd[0]).toHaveLength(13);
    for (const [row, col] of [
      [0, 0],
      [4, 6],
      [8, 12],
      [2, 9],
    ] as const) {
      const r = computeReport(portfolio, TEST_MARKET, { spot: { BTC: spot[col]! / 100, ETH: 0.05 }, vol: vols[row]! / 100, days: 2 });
      expect(h.pnlUsd[row]![col]).toBeCloseTo(r.scenario!.pnlUsd, 6);
      expect(h.greeks![row]![col]!.deltaUsd).toBeCloseTo(r.scenario!.byUnderlyingAfter.BTC!.deltaUsd, 6);
    }
  });
  it('marks the worst cell', () => {
    const min = Math.min(...h.pnlUsd.flat());
    expect(h.worst.pnlUsd).toBe(min);
    expect(h.pnlUsd[h.worst.row]![h.worst.col]).toBe(min);
  });
  it('moves every underlying for target ALL and supports spot × days', () => {
    const all = computeHeatmap(compiled, { target: 'ALL', spotMovesPct: [-10], axis: 'days', rowValues: [0, 7], base: {} });
    const r = computeReport(portfolio, TEST_MARKET, { spotAll: -0.1, days: 7 });
    expect(all.pnlUsd[1]![0]).toBeCloseTo(r.scenario!.pnlUsd, 6);
  });
});

describe('spot ladder', () => {
  it('rows are full revaluations with the what-if elsewhere; the 0 % row has the what-if Greeks', () => {
    const rows = computeSpotLadder(compiled, whatIf, 'BTC');
    expect(rows.map((r) => r.movePct)).toEqual(range(-50, 50, 5));
    const r20 = computeReport(portfolio, TEST_MARKET, { spot: { BTC: -0.2, ETH: 0.05 }, vol: 0.02, days: 2 });
    expect(rows[6]!.pnlUsd).toBeCloseTo(r20.scenario!.pnlUsd, 6);
    const r0 = computeReport(portfolio, TEST_MARKET, whatIf);
    expect(rows[10]!.vega).toBeCloseTo(r0.scenario!.byUnderlyingAfter.BTC!.vega, 8);
    expect(rows[10]!.spotUsd).toBe(60_000);
  });
});

describe('payoff', () => {
  const p = computePayoff(compiled, { underlying: 'BTC', base: {}, dateOffsetsDays: [7], points: 41 });
  it('has today, +7d and one curve per BTC option expiry', () => {
    expect(p.curves.map((c) => c.label)).toEqual(['today', '+7d', 'expiry +30.0d', 'expiry +90.0d']);
    expect(p.spotUsd[20]).toBeCloseTo(60_000, 9);
  });
  it('today curve at the current spot is 0 P&L (ETH unmoved) and curves equal direct revaluation', () => {
    expect(p.curves[0]!.pnlUsd[20]).toBeCloseTo(0, 6);
    const r = computeReport(portfolio, TEST_MARKET, { spot: { BTC: p.spotUsd[5]! / 60_000 - 1 }, days: 30 });
    expect(p.curves[2]!.pnlUsd[5]).toBeCloseTo(r.scenario!.pnlUsd, 6);
  });
  it('breakevens are zeros of the curve', () => {
    for (const c of p.curves) {
      for (const be of c.breakevensUsd) {
        const r = computeReport(portfolio, TEST_MARKET, { spot: { BTC: be / 60_000 - 1 }, days: c.days });
        expect(Math.abs(r.scenario!.pnlUsd)).toBeLessThan(0.02 * Math.max(...c.pnlUsd.map(Math.abs)));
      }
    }
  });
});

describe('greek ladder', () => {
  it('totals equal the aggregate Greeks (in the what-if state) and buckets hold the positions', () => {
    const l = computeGreekLadder(resolved, whatIf, 'BTC');
    const agg = computeReport(portfolio, TEST_MARKET, whatIf).scenario!.byUnderlyingAfter.BTC!;
    for (const k of LADDER_MEASURES) {
      expect(l.total[k]).toBeCloseTo(agg[k], 8);
      expect(l.rowTotals.reduce((s, r) => s + r[k], 0)).toBeCloseTo(agg[k], 8);
      expect(l.colTotals.reduce((s, r) => s + r[k], 0)).toBeCloseTo(agg[k], 8);
    }
    expect(l.rows).toEqual(['perpetual / spot', '31JAN26', '1APR26']);
    expect(l.strikeBucketUsd).toBe(defaultStrikeBucket(60_000));
    expect(l.cols).toEqual(['55000', '60000', '65000', 'delta-one']);
    expect(
      l.cells
        .flat()
        .filter(Boolean)
        .flatMap((c) => c!.positionIds),
    ).toHaveLength(5);
  });
  it('picks nice bucket widths', () => {
    expect(defaultStrikeBucket(78_617)).toBe(5_000);
    expect(defaultStrikeBucket(2_519)).toBe(100);
    expect(defaultStrikeBucket(150)).toBe(10);
  });
});

describe('vol surface', () => {
  it('lists smiles, the ATM term structure and position nodes', () => {
    const v = computeVolSurface(market, resolved, 'BTC');
    expect(v.smiles.map((s) => s.expiry)).toEqual(['31JAN26', '1APR26']);
    expect(v.smiles[0]!.nodes[1]).toEqual({ strike: expect.closeTo(60_000, 6), volPct: expect.closeTo(50, 9) });
    expect(v.atmTerm[0]!.atmVolPct).toBeGreaterThan(50);
    expect(v.positionNodes).toHaveLength(3);
  });
});
