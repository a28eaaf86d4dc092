import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { compareHedgePolicies, compileOptionsBook, simulateDeltaHedge } from './simulate.ts';
import { computeReport } from '../risk/report.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';

const model = buildMarketModel(TEST_MARKET);
const shortCall = book(pos('BTC-1APR26-60000-C', -10), pos('BTC-PERPETUAL', 5), pos('ETH-31JAN26-3000-C', 3));
const compiled = compileOptionsBook(shortCall, model, 'BTC');

describe('delta-hedge simulation', () => {
  it('keeps only the options of the underlying', () => {
    expect(compiled.nOptions).toBe(1);
    expect(compiled.d1Slope[0]).toBe(0);
  });

  it('on a constant path: P&L is pure time decay, one trade at the start when the band is wide', () => {
    const r = simulateDeltaHedge(compiled, 'BTC', [100, 100, 100, 100, 100, 100], { name: 'band', kind: 'band', bandCoin: 10, costBps: 0 });
    const theta = computeReport(book(pos('BTC-1APR26-60000-C', -10)), model, { days: 5 }).scenario!.pnlUsd;
    expect(r.unhedgedPnlUsd[5]).toBeCloseTo(theta, 6);
    expect(r.hedgedPnlUsd[5]).toBeCloseTo(theta, 6);
    expect(r.trades).toBe(1);
    expect(r.unhedgedPnlUsd[5]).toBeGreaterThan(0); // short option earns theta
  });

  it('hedged P&L = unhedged + Σ h(ΔS) − costs (independent recomputation)', () => {
    const closes = [100, 103, 98, 101, 95, 97, 104, 110, 108];
    const r = simulateDeltaHedge(compiled, 'BTC', closes, { name: 'daily', kind: 'interval', everyDays: 1, costBps: 5 });
    let gain = 0;
    for (let t = 1; t < closes.length; t++) gain += r.hedgeCoins[t - 1]! * (r.spotUsd[t]! - r.spotUsd[t - 1]!);
    const last = closes.length - 1;
    expect(r.hedgedPnlUsd[last]).toBeCloseTo(r.unhedgedPnlUsd[last]! + gain - r.totalCostUsd, 6);
    let cost = Math.abs(r.hedgeCoins[0]!) * r.spotUsd[0]! * 5e-4;
    for (let t = 1; t < closes.length; t++) cost += Math.abs(r.hedgeCoins[t]! - r.hedgeCoins[t - 1]!) * r.spotUsd[t]! * 5e-4;
    expect(r.totalCostUsd).toBeCloseTo(cost, 8);
    expect(r.trades).toBe(closes.length);
    expect(r.spotUsd[0]).toBe(60_000);
  });

  it('daily hedging cuts the P&L dispersion of a short option across volatile paths', () => {
    // Deterministic zig-zag paths with 4 % daily moves.
    let seed = 3;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const closes = [100];
    for (let i = 0; i < 400; i++) closes.push(closes[i]! * (1 + (rnd() < 0.5 ? -0.04 : 0.04)));
    const { summaries } = compareHedgePolicies(
      compiled,
      'BTC',
      closes,
      [
        { name: 'daily', kind: 'interval', everyDays: 1, costBps: 0 },
        { name: 'never', kind: 'band', bandCoin: 1e9, costBps: 0 },
      ],
      20,
      10,
    );
    const [daily, never] = summaries;
    expect(daily!.paths).toBeGreaterThan(30);
    expect(daily!.stdHedgedPnlUsd).toBeLessThan(0.5 * never!.stdHedgedPnlUsd);
    expect(never!.meanTrades).toBe(1);
  });

  it('hedges to a flat USD delta by default and to a flat coin delta on request (they differ by F/S on linear options)', () => {
    const p = book(pos('BTC_USDC-1APR26-60000-C', -10), pos('BTC-31JAN26-55000-P', 4));
    const linear = compileOptionsBook(p, model, 'BTC');
    const closes = [100, 103, 98];
    const policy = { name: 'daily', kind: 'interval', everyDays: 1, costBps: 0 } as const;
    const usd = simulateDeltaHedge(linear, 'BTC', closes, policy);
    const coin = simulateDeltaHedge(linear, 'BTC', closes, policy, 'coin');
    closes.forEach((c, t) => {
      const g = computeReport(p, model, { spotAll: c / 100 - 1, days: t }).scenario!.byUnderlyingAfter.BTC!;
      const spot = 60_000 * (c / 100);
      expect(usd.hedgeCoins[t]).toBeCloseTo(-g.deltaUsd / spot, 9);
      expect(coin.hedgeCoins[t]).toBeCloseTo(-g.delta, 9);
    });
    expect(Math.abs(usd.hedgeCoins[0]! - coin.hedgeCoins[0]!)).toBeGreaterThan(1e-3);
    expect(usd.unhedgedPnlUsd).toEqual(coin.unhedgedPnlUsd);
    const viaCompare = compareHedgePolicies(linear, 'BTC', closes, [policy], 2, 1, 'coin').latest[0]!;
    expect(viaCompare.hedgeCoins).toEqual(coin.hedgeCoins);
  });
});
