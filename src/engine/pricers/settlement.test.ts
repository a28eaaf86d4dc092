import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildMarketModel, type MarketModel } from '../market/marketModel.ts';
import { isResolved, isSettled, resolveBook, resolvePosition, type ResolvedPosition } from '../resolve.ts';
import { compileBook } from '../risk/compiledBook.ts';
import { computeReport } from '../risk/report.ts';
import { computeSpotLadder } from '../views/spotLadder.ts';
import { computeHeatmap } from '../views/heatmap.ts';
import { computePortfolioMargin } from '../margin/pme.ts';
import { listHedgeCandidates } from '../hedge/candidates.ts';
import { pricePosition } from './positionPricer.ts';
import { NO_SHOCK, type PositionShock } from './shock.ts';
import { optionPayoffUsd, settle, settledValueUsd } from './settlement.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { importMarketText } from '../../io/importMarket.ts';
import type { MarketSnapshot } from '../../domain/market.ts';
import type { Position } from '../../domain/position.ts';

const testModel = buildMarketModel(TEST_MARKET);

function resolved(p: Position, model: MarketModel = testModel): ResolvedPosition {
  const r = resolvePosition(p, model);
  if (!isResolved(r)) throw new Error('message' in r ? r.message : 'settled');
  return r;
}

const shock = (spotMove: number, days: number): PositionShock => ({ ...NO_SHOCK, spotMove, days });

/** The embedded default market (valuation 2026-08-22 03:50:45 UTC), as the app and the CLI load it. */
function defaultMarket(): MarketSnapshot {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  if (!m.ok) throw new Error(m.error);
  return m.snapshot;
}
const defaultSnapshot = defaultMarket();
const defaultModel = buildMarketModel(defaultSnapshot);

const GREEKS = ['delta', 'deltaUsd', 'gamma', 'gammaUsd1pct', 'vega', 'vegaStd', 'theta', 'rho', 'deltaTotal'] as const;

describe('settlement amounts (closed forms, long and short)', () => {
  const P = 70_000;
  it('inverse options pay q·max(±(P − K), 0)/P coins; linear options q·max(±(P − K), 0) USDC', () => {
    for (const q of [2, -2]) {
      const call = resolved(pos('BTC-31JAN26-65000-C', q));
      const put = resolved(pos('BTC-31JAN26-75000-P', q));
      const linCall = resolved(pos('BTC_USDC-31JAN26-65000-C', q));
      expect(settle(call, P)).toEqual({ unit: 'coin', amount: (q * 5_000) / P, priceUsd: P });
      expect(settle(put, P)).toEqual({ unit: 'coin', amount: (q * 5_000) / P, priceUsd: P });
      expect(settle(linCall, P)).toEqual({ unit: 'usd', amount: q * 5_000, priceUsd: P });
      // Out of the money: nothing.
      expect(Math.abs(settle(resolved(pos('BTC-31JAN26-75000-C', q)), P).amount)).toBe(0);
      expect(Math.abs(settle(resolved(pos('BTC_USDC-31JAN26-65000-P', q)), P).amount)).toBe(0);
    }
    expect(optionPayoffUsd(true, 65_000, 65_000)).toBe(0);
  });

  it('inverse futures pay N(1/E − 1/P) coins; linear futures q(P − E) USDC', () => {
    for (const sign of [1, -1]) {
      const inv = resolved(pos('BTC-31JAN26', sign * 100_000, { unit: 'usd', entryPrice: 58_000 }));
      const lin = resolved(pos('BTC_USDC-31JAN26', sign * 1.5, { entryPrice: 58_000 }));
      const s = settle(inv, P);
      expect(s.unit).toBe('coin');
      expect(s.amount).toBeCloseTo(sign * 100_000 * (1 / 58_000 - 1 / P), 14);
      expect(settle(lin, P)).toEqual({ unit: 'usd', amount: sign * 1.5 * (P - 58_000), priceUsd: P });
    }
    expect(() => settle(resolved(pos('BTC', 1)), P)).toThrow(/never settles/);
  });

  it('a coin amount is worth amount · S, a USDC amount its face', () => {
    expect(settledValueUsd({ unit: 'coin', amount: -0.5, priceUsd: 1 }, 80_000)).toBe(-40_000);
    expect(settledValueUsd({ unit: 'usd', amount: 1_234, priceUsd: 1 }, 80_000)).toBe(1_234);
  });
});

describe('a scenario whose days pass the expiry settles the position: its amount, no Greeks but a coin balance’s USD delta', () => {
  // 31JAN26 expires 30 days after the test market's valuation time.
  const cases: [string, Position][] = [
    ['inverse call, long', pos('BTC-31JAN26-55000-C', 3)],
    ['inverse call, short', pos('BTC-31JAN26-55000-C', -3)],
    ['inverse put, short', pos('BTC-31JAN26-65000-P', -2)],
    ['linear call, long', pos('BTC_USDC-31JAN26-55000-C', 2)],
    ['linear put, short', pos('BTC_USDC-31JAN26-65000-P', -2)],
    ['inverse future, short', pos('BTC-31JAN26', -100_000, { unit: 'usd', entryPrice: 58_000 })],
    ['linear future, long', pos('BTC_USDC-31JAN26', 1.5, { entryPrice: 61_000 })],
  ];
  it.each(cases)('%s', (_name, p) => {
    const rp = resolved(p);
    for (const [m, days] of [
      [0, 30],
      [-0.1, 31],
      [0.2, 45.5],
    ] as const) {
      const v = pricePosition(rp, shock(m, days));
      const F = rp.forward0 * (1 + m);
      const S = rp.index0 * (1 + m);
      expect(v.settled).toBe(true);
      const amount = settle(rp, F);
      expect(v.valueUsd).toBeCloseTo(settledValueUsd(amount, S), 8);
      for (const k of GREEKS) if (k !== 'deltaUsd') expect(v[k], k).toBe(0);
      // A coin payout is a coin balance: worth amount · S, so ∂V_usd/∂m = amount · S; a USDC payout does not move.
      if (amount.unit === 'coin') expect(v.deltaUsd).toBeCloseTo(amount.amount * S, 8);
      else expect(v.deltaUsd).toBe(0);
      // The same by a central difference of the settled value in the index (amount held fixed).
      const h = 1e-5;
      const fd = (settledValueUsd(amount, S * (1 + h)) - settledValueUsd(amount, S * (1 - h))) / (2 * h);
      expect(v.deltaUsd).toBeCloseTo(fd, 6);
      expect(v.iv).toBeNull();
    }
    // One minute before the expiry the position is live (its Greeks are those of the live contract).
    const live = pricePosition(rp, shock(0, 30 - 1 / 1440));
    expect(live.settled).toBe(false);
    expect(Math.abs(live.delta)).toBeGreaterThan(0);
  });

  it('the value is continuous across the expiry (the settled amount is the live value at T → 0)', () => {
    const rp = resolved(pos('BTC-31JAN26-55000-C', -3));
    const before = pricePosition(rp, shock(0.05, 30 - 1e-7)).valueUsd;
    const after = pricePosition(rp, shock(0.05, 30)).valueUsd;
    expect(after).toBeCloseTo(before, 3);
  });
});

describe('default market (2026-08-22): expired and unlisted instruments', () => {
  it('BTC-27DEC24-60000-C is settled, not valued as live: no value, no Greeks, in no figure', () => {
    const portfolio = book(pos('BTC-27DEC24-60000-C', 2, { line: 2 }), pos('BTC-25SEP26-90000-C', -1, { line: 3 }));
    const r = computeReport(portfolio, defaultSnapshot, { spotAll: -0.1, days: 1 });
    expect(r.positions.map((p) => p.instrument)).toEqual(['BTC-25SEP26-90000-C']);
    expect(r.errors).toEqual([]);
    expect(r.settled).toHaveLength(1);
    const s = r.settled![0]!;
    expect(s).toMatchObject({
      instrument: 'BTC-27DEC24-60000-C',
      line: 2,
      kind: 'option',
      expiry: '2024-12-27T08:00:00.000Z',
      settlementPriceUsd: null,
      payout: null,
      payoutCurrency: 'BTC',
      valueUsd: null,
    });
    expect(s.message).toMatch(/^expired on 27 Dec 2024 08:00 UTC, settled; settlement amount unknown/);
    // The book's figures are those of the live option alone (old valuation: +37,235 USD and delta +2).
    const alone = computeReport(book(pos('BTC-25SEP26-90000-C', -1)), defaultSnapshot, { spotAll: -0.1, days: 1 });
    expect(r.totalValueUsd).toBe(alone.totalValueUsd);
    expect(r.byUnderlying.BTC).toEqual(alone.byUnderlying.BTC);
    expect(r.scenario!.pnlUsd).toBe(alone.scenario!.pnlUsd);
  });

  it('values the settlement amount when the snapshot has the delivery price (long and short, inverse and linear)', () => {
    const P = 94_000;
    const withPrice: MarketSnapshot = {
      ...defaultSnapshot,
      underlyings: {
        ...defaultSnapshot.underlyings,
        BTC: { ...defaultSnapshot.underlyings.BTC!, settlementPrices: [{ expiry: '2024-12-27T08:00:00.000Z', price: P }] },
      },
    };
    const S0 = defaultSnapshot.underlyings.BTC!.index;
    const model = buildMarketModel(withPrice);
    for (const q of [2, -2]) {
      const rows = [
        pos('BTC-27DEC24-60000-C', q),
        pos('BTC_USDC-27DEC24-100000-P', q),
        pos('BTC-27DEC24', q * 50_000, { unit: 'usd', entryPrice: 90_000 }),
        pos('BTC_USDC-27DEC24', q, { entryPrice: 90_000 }),
        pos('BTC-27DEC24', q * 50_000, { unit: 'usd' }),
      ];
      const r = resolveBook(book(...rows), model);
      expect(r.positions).toEqual([]);
      expect(r.settled.map((s) => s.valueUsd)).toEqual([
        expect.closeTo(((q * (P - 60_000)) / P) * S0, 6),
        expect.closeTo(q * 6_000, 9),
        expect.closeTo(q * 50_000 * (1 / 90_000 - 1 / P) * S0, 6),
        expect.closeTo(q * 4_000, 9),
        null,
      ]);
      expect(r.settled[0]!.payout).toEqual({ unit: 'coin', amount: (q * (P - 60_000)) / P, priceUsd: P });
      expect(r.settled[4]!.unknownReason).toMatch(/without an entry price/);
      const report = computeReport(book(...rows), withPrice);
      expect(report.settled![0]!.message).toMatch(
        new RegExp(`^expired on 27 Dec 2024 08:00 UTC, settled at 94,000.00 USD into ${q > 0 ? '\\+' : '-'}0.7234 BTC \\(`),
      );
      expect(report.totalValueUsd).toBe(0);
      expect(report.byUnderlying).toEqual({});
    }
  });

  it('an expired position is in no risk view: compiled book, margin, hedge candidates', () => {
    const live = book(pos('BTC-25SEP26-90000-C', -10), pos('BTC-PERPETUAL', 100_000, { unit: 'usd' }));
    const withExpired = book(...live.positions, pos('BTC-27DEC24-60000-C', 25), pos('BTC-27DEC24', -1_000_000, { unit: 'usd' }));
    const a = compileBook(resolveBook(live, defaultModel), defaultModel);
    const b = compileBook(resolveBook(withExpired, defaultModel), defaultModel);
    expect(b.nOptions).toBe(a.nOptions);
    expect(b.baseValueUsd).toBe(a.baseValueUsd);
    expect(computePortfolioMargin(resolveBook(withExpired, defaultModel), defaultModel)).toEqual(
      computePortfolioMargin(resolveBook(live, defaultModel), defaultModel),
    );
    const names = listHedgeCandidates(defaultModel, ['BTC'], ['perpetual', 'future', 'option'], {}).map((c) => c.instrument);
    expect(names.some((n) => n.includes('27DEC24'))).toBe(false);
    expect(isSettled(resolvePosition(pos('BTC-27DEC24-60000-C', 1), defaultModel))).toBe(true);
  });

  it('flags expiries the market does not list (26SEP26) and not the listed ones (25SEP26)', () => {
    const r = computeReport(
      book(
        pos('BTC-26SEP26-80000-C', 1),
        pos('BTC-25SEP26-80000-C', 1),
        pos('BTC-26SEP26', 10_000, { unit: 'usd' }),
        pos('BTC-25SEP26', 10_000, { unit: 'usd' }),
        pos('BTC-PERPETUAL', 1),
        pos('BTC', 1),
      ),
      defaultSnapshot,
    );
    expect(r.positions.map((p) => [p.instrument, p.expiryListed])).toEqual([
      ['BTC-26SEP26-80000-C', false],
      ['BTC-25SEP26-80000-C', true],
      ['BTC-26SEP26', false],
      ['BTC-25SEP26', true],
      ['BTC-PERPETUAL', true],
      ['BTC', true],
    ]);
    // Interpolated, but valued: between the 25SEP26 and 30OCT26 nodes.
    expect(r.positions[0]!.valueUsd).toBeGreaterThan(0);
  });
});

describe('views with days forward: a settled option has no delta (default market, short 8 × 28AUG26 80k call)', () => {
  const compiled = compileBook(resolveBook(book(pos('BTC-28AUG26-80000-C', -8)), defaultModel), defaultModel);

  it('spot ladder at +7 days: zero coin delta and Greeks on every row; USD delta only of the coin payout; P&L is the settled amount', () => {
    const rows = computeSpotLadder(compiled, { days: 7 }, 'BTC');
    for (const row of rows) {
      expect(row.delta).toBe(0);
      // The payout −8·max(F − K, 0)/F coins is a coin balance worth that many coins at S: its USD delta is its value
      // (0 where the call expired out of the money); no −8 BTC cliff.
      const g = 1 + row.movePct / 100;
      const F = 78_684.38 * g;
      const S = 78_617.31 * g;
      expect(row.deltaUsd).toBeCloseTo(((-8 * Math.max(F - 80_000, 0)) / F) * S, 6);
      expect(row.gammaUsd1pct).toBe(0);
      expect(row.vega).toBe(0);
      expect(row.theta).toBe(0);
    }
    // +20 %: the call settled in the money at F = F0·1.2; the payout is −8·(F − K)/F coins at S = S0·1.2.
    const up = rows.find((r) => r.movePct === 20)!;
    const F = 78_684.38 * 1.2;
    const S = 78_617.31 * 1.2;
    expect(up.pnlUsd).toBeCloseTo(((-8 * (F - 80_000)) / F) * S - compiled.baseValueUsd, 6);
    // Two days forward the option is live: the ladder shows its delta.
    const live = computeSpotLadder(compiled, { days: 2 }, 'BTC').find((r) => r.movePct === 20)!;
    expect(live.delta).toBeLessThan(-7);
  });

  it('heatmap × days: Greeks of cells past the expiry are 0', () => {
    const h = computeHeatmap(compiled, {
      target: 'BTC',
      spotMovesPct: [-10, 0, 10],
      axis: 'days',
      rowValues: [0, 3, 7, 10],
      base: {},
      withGreeks: true,
    });
    const greeks = h.greeks!;
    for (const row of [2, 3]) for (const cell of greeks[row]!) expect(cell.delta).toBe(0);
    expect(greeks[0]![2]!.delta).toBeLessThan(-4);
  });
});
