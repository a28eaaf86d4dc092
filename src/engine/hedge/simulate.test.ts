import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildMarketModel } from '../market/marketModel.ts';
import { compareHedgePolicies, compileOptionsBook, simulateDeltaHedge } from './simulate.ts';
import { computeReport } from '../risk/report.ts';
import { isResolved, resolvePosition } from '../resolve.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import { settle, settledValueUsd } from '../pricers/settlement.ts';
import { importMarketText } from '../../io/importMarket.ts';
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

describe('options that expire inside the window settle once and leave the hedge', () => {
  // The embedded market: valuation 2026-08-22 03:50:45 UTC, so day 7 is the first close after the 28AUG26 08:00 expiry.
  const snapshot = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  if (!snapshot.ok) throw new Error(snapshot.error);
  const model = buildMarketModel(snapshot.snapshot);
  const closes = [100, 100, 100, 100, 100, 100, 100, 110, 110, 90, 90];
  const daily = { name: 'daily', kind: 'interval', everyDays: 1, costBps: 5 } as const;

  /** Value of one position along the path, recomputed from the pricer and the settlement rule directly. */
  function independentValues(instrument: string, q: number): number[] {
    const rp = resolvePosition(pos(instrument, q), model);
    if (!isResolved(rp)) throw new Error('not live');
    let settledAmount: ReturnType<typeof settle> | null = null;
    return closes.map((c, t) => {
      const g = c / closes[0]!;
      const v = pricePosition(rp, { ...NO_SHOCK, spotMove: g - 1, days: t });
      if (!v.settled) return v.valueUsd;
      settledAmount ??= settle(rp, rp.forward0 * g);
      return settledValueUsd(settledAmount, rp.index0 * g);
    });
  }

  it('short 8 × BTC-28AUG26-80000-C: payout fixed at the first close after expiry (0.6057 BTC), −31,714 on day 9, no option hedge after', () => {
    const compiled = compileOptionsBook(book(pos('BTC-28AUG26-80000-C', -8)), model, 'BTC');
    const r = simulateDeltaHedge(compiled, 'BTC', closes, daily, 'coin');
    const usd = simulateDeltaHedge(compiled, 'BTC', closes, daily, 'usd');
    const F7 = 78_684.38 * 1.1;
    const payoutCoin = (-8 * (F7 - 80_000)) / F7;
    expect(payoutCoin).toBeCloseTo(-0.6057, 4);
    const value0 = independentValues('BTC-28AUG26-80000-C', -8)[0]!;
    expect(Math.round(r.unhedgedPnlUsd[7]!)).toBe(-41_237);
    expect(Math.round(r.unhedgedPnlUsd[9]!)).toBe(-31_714);
    expect(r.unhedgedPnlUsd[9]! + value0).toBeCloseTo(payoutCoin * 78_617.31 * 0.9, 6);
    // The coin-delta (Deribit) hedge holds the option's delta until it settles, then nothing.
    expect(r.hedgeCoins[6]!).toBeGreaterThan(0);
    expect(r.hedgeCoins.slice(7).every((h) => h === 0)).toBe(true);
    expect(r.trades).toBe(8);
    // The USD-delta hedge drops the option too, and from then on hedges only the coin it owes: −0.6057 BTC is a
    // short coin balance, so a USD-neutral book holds +0.6057 BTC of perpetual against it (not the option's 8).
    expect(usd.hedgeCoins[6]!).toBeCloseTo(r.hedgeCoins[6]!, 9); // inverse option: USD delta = coin delta × S
    for (const h of usd.hedgeCoins.slice(7)) expect(h).toBeCloseTo(-payoutCoin, 12);
    expect(usd.unhedgedPnlUsd).toEqual(r.unhedgedPnlUsd);
    // Every day equals the pricer (live) or the settlement rule (after), recomputed independently.
    const values = independentValues('BTC-28AUG26-80000-C', -8);
    values.forEach((v, t) => expect(r.unhedgedPnlUsd[t]!).toBeCloseTo(v - values[0]!, 6));
  });

  it('long and short, inverse and linear: the settled amount is fixed (coin at each close, USDC at face)', () => {
    for (const [instrument, q] of [
      ['BTC-28AUG26-80000-C', 8],
      ['BTC-28AUG26-76000-P', -5],
      ['BTC_USDC-28AUG26-80000-C', -8],
      ['BTC_USDC-28AUG26-80000-C', 3],
    ] as const) {
      const cb = compileOptionsBook(book(pos(instrument, q)), model, 'BTC');
      const r = simulateDeltaHedge(cb, 'BTC', closes, daily, 'coin');
      const values = independentValues(instrument, q);
      values.forEach((v, t) => expect(r.unhedgedPnlUsd[t]!, `${instrument} ${q} day ${t}`).toBeCloseTo(v - values[0]!, 6));
      expect(r.hedgeCoins.slice(7).every((h) => h === 0)).toBe(true);
      // USD delta: a USDC payout needs no hedge; a coin payout c is hedged by −c coins.
      const usd = simulateDeltaHedge(cb, 'BTC', closes, daily, 'usd');
      const F7 = 78_684.38 * 1.1;
      const K = instrument.includes('76000') ? 76_000 : 80_000;
      const payoutUsd = q * (instrument.endsWith('-C') ? Math.max(F7 - K, 0) : Math.max(K - F7, 0));
      const expectedHedge = instrument.includes('_USDC') ? 0 : -payoutUsd / F7;
      for (const h of usd.hedgeCoins.slice(7)) expect(h).toBeCloseTo(expectedHedge, 12);
      if (instrument.includes('_USDC')) expect(r.unhedgedPnlUsd[10]).toBe(r.unhedgedPnlUsd[7]);
    }
  });
});
