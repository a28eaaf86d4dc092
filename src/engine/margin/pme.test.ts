/**
 * PME against Deribit's published example and against hand computations of METHODOLOGY.md §4's formulas, written
 * out here independently of the engine (Black-76 from the normal CDF, coin P&L by hand).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MarketSnapshot } from '../../domain/market.ts';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { normCdf } from '../math/normal.ts';
import { resolveBook } from '../resolve.ts';
import { DEFAULT_PME_PARAMS, type PmeParams } from './params.ts';
import { computePortfolioMargin, computePortfolioMarginByVenue, marginReport, pmeScenarioVols, standardMoves } from './pme.ts';
import { propertyRuns } from '../../testing/properties.ts';

let seq = 0;
const pos = (instrument: string, quantity: number, extra: Partial<Position> = {}): Position => ({
  id: `m${++seq}`,
  instrument,
  quantity,
  entryPrice: null,
  venue: 'deribit',
  label: '',
  ...extra,
});

/** Margin test market: 2026-01-01 08:00Z; expiries 16JAN26 (15 days) and 1APR26 (90 days), away from DTE = 30. */
const MARKET: MarketSnapshot = {
  schemaVersion: 1,
  valuationTime: '2026-01-01T08:00:00.000Z',
  source: 'margin test',
  underlyings: {
    BTC: {
      index: 60_000,
      perpetual: 60_030,
      forwards: [
        { expiry: '2026-01-16T08:00:00.000Z', price: 60_150 },
        { expiry: '2026-04-01T08:00:00.000Z', price: 61_200 },
      ],
      smiles: [
        {
          expiry: '2026-01-16T08:00:00.000Z',
          points: [
            { strike: 40_000, iv: 0.9 },
            { strike: 60_000, iv: 0.55 },
            { strike: 80_000, iv: 0.6 },
          ],
        },
        {
          expiry: '2026-04-01T08:00:00.000Z',
          points: [
            { strike: 40_000, iv: 0.8 },
            { strike: 60_000, iv: 0.5 },
            { strike: 80_000, iv: 0.55 },
          ],
        },
      ],
    },
    ETH: { index: 3_000, perpetual: 3_001, forwards: [], smiles: [] },
  },
};
const model = buildMarketModel(MARKET);
const bookOf = (...positions: Position[]) => resolveBook({ name: 't', positions }, model);
const S = 60_000;
const T15 = 15 / 365;
const T90 = 90 / 365;

/** Black-76 call/put, r = 0, written out from the normal CDF. */
function b76(isCall: boolean, F: number, K: number, vol: number, T: number): number {
  const sd = vol * Math.sqrt(T);
  const d1 = Math.log(F / K) / sd + sd / 2;
  const d2 = d1 - sd;
  return isCall ? F * normCdf(d1) - K * normCdf(d2) : K * normCdf(-d2) - F * normCdf(-d1);
}
const callDelta = (F: number, K: number, vol: number, T: number): number => {
  const sd = vol * Math.sqrt(T);
  return normCdf(Math.log(F / K) / sd + sd / 2);
};

const BTC_PAIR = DEFAULT_PME_PARAMS.currency_pair['btc_usd']!;
const BTC_CCY = DEFAULT_PME_PARAMS.currency['btc']!;
const MOVES = [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16];
const EXT = [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5];

/** adj(m)/PnL(m) and damp(m) of METHODOLOGY.md §4 for a coin currency. */
const adjWeight = (m: number, pr = 0.16) => (pr / Math.abs(m)) * ((1 + m) / (1 + Math.sign(m) * pr));
const damp = (m: number, D: number, idx: number, pr = 0.16) => ((Math.max(Math.abs(m) / pr, 1) - 1) * D) / ((1 + Math.sign(m) * pr) * idx);

describe("Deribit's published example (private/pme/simulate, 2024-06-17)", () => {
  // Positions in base currency and the marks of the example's response.
  const market: MarketSnapshot = {
    schemaVersion: 1,
    valuationTime: new Date(1718619740501).toISOString(),
    source: 'Deribit API docs example',
    underlyings: {
      BTC: { index: 65_666.19, perpetual: 65_910.57, forwards: [{ expiry: '2024-06-28T08:00:00.000Z', price: 67_371.75 }], smiles: [] },
    },
  };
  const m = buildMarketModel(market);
  const book = resolveBook({ name: 'deribit', positions: [pos('BTC-PERPETUAL', 0.314538364), pos('BTC-28JUN24', -0.001187534)] }, m);
  const res = computePortfolioMargin(book, m);
  const btc = res.currencies['BTC']!;
  const perpStd = [
    -0.05991206933333334, -0.04289159509090909, -0.027351162086956524, -0.013105765166666668, 0, 0.012097629384615385, 0.023299138074074074,
    0.033700538999999995, 0.043384601931034494,
  ];
  const futStd = [
    0.0002261969523809524, 0.00016193645454545456, 0.00010326382608695652, 0.00004948058333333334, 0, -0.00004567438461538462,
    -0.00008796548148148148, -0.0001272357857142857, -0.00016379779310344832,
  ];
  const close = (a: readonly number[], b: readonly number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 15));

  it('reproduces the initial risk vectors of both positions (every vol row, standard and extended)', () => {
    const [perp, fut] = btc.pairs[0]!.positions;
    for (const row of perp!.standard) close(row, perpStd);
    for (const row of fut!.standard) close(row, futStd);
    close(perp!.extended, [-0.05991206933333334, -0.05991206933333334, ...Array(6).fill(0.04338460193103449)]);
    close(fut!.extended, [0.0002261969523809524, 0.0002261969523809524, ...Array(6).fill(-0.0001637977931034483)]);
  });
  it('reproduces the aggregated vectors (positives at pnl_offset 0, extended dampened to 0)', () => {
    const agg = [-0.05968587238095239, -0.04272965863636364, -0.02724789826086957, -0.013056284583333334, 0, 0, 0, 0, 0];
    for (const row of btc.standard) close(row, agg);
    close(btc.extended, Array(8).fill(0));
  });
  it('worst case, roll shock, RMM and MM as published (worst at bucket 1, left, standard)', () => {
    expect(btc.worstCase).toBeCloseTo(0.05968587238095239, 15);
    expect(btc.rollShock).toBeCloseTo(0.00315725898, 14);
    expect(btc.deltaShock).toBe(0);
    // Deribit: risk_matrix_margin 0.06284313098, maintenance_margin 0.050274504784 (its components are rounded).
    expect(btc.riskMatrixMargin).toBeCloseTo(0.06284313098, 9);
    expect(btc.maintenanceMargin).toBeCloseTo(0.050274504784, 9);
    expect(btc.initialMargin).toBe(btc.riskMatrixMargin);
    expect(btc.worstScenario).toMatchObject({ table: 'standard', bucket: 1, side: 'left', movePct: -16 });
  });
});

describe('a single perpetual', () => {
  it('long: coin P&L q(1 − 1/(1+m)), worst at −16 %, roll 1 % of |q|, MM = 0.8·RMM', () => {
    const q = 3;
    const res = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', q)), model).currencies['BTC']!;
    const expected = MOVES.map((m) => q * (1 - 1 / (1 + m)));
    for (const row of res.pairs[0]!.standardRaw) row.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 14));
    const worst = -q * (1 - 1 / 0.84);
    expect(res.worstCase).toBeCloseTo(worst, 14);
    expect(res.rollShock).toBeCloseTo(0.01 * q, 15);
    expect(res.riskMatrixMargin).toBeCloseTo(worst + 0.01 * q, 14);
    expect(res.maintenanceMargin).toBeCloseTo(0.8 * (worst + 0.01 * q), 14);
    expect(res.initialMarginUsd).toBeCloseTo(res.initialMargin * S, 8);
  });
  it('short: worst at +16 %; its extended entries equal the edge loss and are dampened to 0', () => {
    const q = -2;
    const res = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', q)), model).currencies['BTC']!;
    expect(res.worstCase).toBeCloseTo(-q * (1 - 1 / 1.16), 14);
    expect(res.worstScenario).toMatchObject({ table: 'standard', movePct: 16, side: 'right', bucket: 1 });
    const pair = res.pairs[0]!;
    EXT.filter((m) => m > 0).forEach((m) => expect(pair.extendedRaw[EXT.indexOf(m)]).toBeCloseTo(q * (1 - 1 / 1.16), 14));
    expect(res.extended.every((x) => x === 0)).toBe(true);
  });
  it('an entry price does not change the coin P&L (P&L is the change of the coin value)', () => {
    const a = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', 1)), model).currencies['BTC']!;
    const b = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', 60_030, { unit: 'usd', entryPrice: 50_000 })), model).currencies['BTC']!;
    expect(b.worstCase).toBeCloseTo(a.worstCase, 14);
  });
});

describe('a single short option (extended table binding)', () => {
  // Short 200 BTC-16JAN26-40000-P: far out of the money, the −66 % extended move is the worst case.
  const q = -200;
  const book = bookOf(pos('BTC-16JAN26-40000-P', q));
  const rp = book.positions[0]!;
  const res = computePortfolioMargin(book, model).currencies['BTC']!;
  const F = 60_150;
  const K = 40_000;
  const sigma = rp.vol0;
  const dte = 15;
  const scale = Math.pow(30 / dte, 0.3); // DTE < 30: short-term vega power
  const up = Math.max(sigma * (1 + 0.5 * scale), 0.5);
  const down = Math.max(sigma * (1 - 0.25 * scale), 0);
  const coinValue = (m: number, vol: number) => (q * b76(false, F * (1 + m), K, vol, T15)) / (F * (1 + m));
  const base = coinValue(0, sigma);

  it('vol scenarios: each option’s own σ and DTE with the short-term power', () => {
    const v = pmeScenarioVols(sigma, dte, BTC_PAIR);
    expect(v.up).toBeCloseTo(up, 14);
    expect(v.down).toBeCloseTo(down, 14);
  });
  it('standard table = coin P&L of the put at every move and vol', () => {
    const pair = res.pairs[0]!;
    [up, sigma, down].forEach((vol, r) =>
      MOVES.forEach((m, c) => expect(pair.standardRaw[r]![c]).toBeCloseTo(coinValue(m, vol) - base, 10)),
    );
  });
  it('extended table: adj, dampener and the worst case', () => {
    const pair = res.pairs[0]!;
    const adj = EXT.map((m) => (coinValue(m, up) - base) * adjWeight(m));
    adj.forEach((x, i) => expect(pair.extendedRaw[i]).toBeCloseTo(x, 10));
    const damped = adj.map((x, i) => (x < 0 ? x + Math.min(damp(EXT[i]!, 100_000, S), -x) : x));
    const positives = damped.map((x) => (x > 0 ? 0 : x)); // BTC pnl_offset 0
    positives.forEach((x, i) => expect(res.extended[i]).toBeCloseTo(x, 10));
    const stdMin = Math.min(...[up, sigma, down].flatMap((vol) => MOVES.map((m) => coinValue(m, vol) - base)));
    const worst = Math.max(0, -Math.min(stdMin, ...positives));
    expect(-positives[0]!).toBeGreaterThan(-stdMin); // the extended −66 % binds in this book
    expect(res.worstCase).toBeCloseTo(worst, 10);
    expect(res.worstScenario).toMatchObject({ table: 'extended', movePct: -66, side: 'left', bucket: 1, vol: 'up' });
  });
  it('roll shock with the Black delta; RMM and MM', () => {
    const delta = q * (callDelta(F, K, sigma, T15) - 1);
    const roll = Math.max(0.01, Math.exp(0.075 * T15) - 1) * Math.abs(delta);
    expect(res.rollShock).toBeCloseTo(roll, 12);
    expect(res.riskMatrixMargin).toBeCloseTo(res.worstCase + roll, 12);
    expect(res.maintenanceMargin).toBeCloseTo(0.8 * (res.worstCase + roll), 12);
  });
});

describe('a calendar spread (short 15-day call, long 90-day call, same strike)', () => {
  const book = bookOf(pos('BTC-16JAN26-60000-C', -10), pos('BTC-1APR26-60000-C', 10));
  const [short, long] = book.positions;
  const res = computePortfolioMargin(book, model).currencies['BTC']!;
  const legs = [
    { q: -10, F: 60_150, T: T15, sigma: short!.vol0, p: 0.3, dte: 15 },
    { q: 10, F: 61_200, T: T90, sigma: long!.vol0, p: 0.13, dte: 90 },
  ];
  const vols = legs.map((l) => {
    const s = Math.pow(30 / l.dte, l.p);
    return [Math.max(l.sigma * (1 + 0.5 * s), 0.5), l.sigma, Math.max(l.sigma * (1 - 0.25 * s), 0)];
  });
  const pnl = (m: number, r: number) =>
    legs.reduce((sum, l, i) => {
      const v = (mv: number, vol: number) => (l.q * b76(true, l.F * (1 + mv), 60_000, vol, l.T)) / (l.F * (1 + mv));
      return sum + v(m, vols[i]![r]!) - v(0, l.sigma);
    }, 0);

  it('standard table: the legs’ coin P&L summed, each leg with its own vol shocks', () => {
    [0, 1, 2].forEach((r) => MOVES.forEach((m, c) => expect(res.pairs[0]!.standardRaw[r]![c]).toBeCloseTo(pnl(m, r), 10)));
  });
  it('worst case over both tables, floored at 0; roll shock per expiry', () => {
    const ext = EXT.map((m) => pnl(m, 0) * adjWeight(m)).map((x, i) => (x < 0 ? x + Math.min(damp(EXT[i]!, 100_000, S), -x) : 0));
    const std = [0, 1, 2].flatMap((r) => MOVES.map((m) => Math.min(pnl(m, r), 0)));
    expect(res.worstCase).toBeCloseTo(Math.max(0, -Math.min(...std, ...ext)), 10);
    const roll = legs.reduce(
      (s, l) => s + Math.max(0.01, Math.exp(0.075 * l.T) - 1) * Math.abs(l.q * callDelta(l.F, 60_000, l.sigma, l.T)),
      0,
    );
    expect(res.rollShock).toBeCloseTo(roll, 12);
    expect(res.pairs[0]!.rollBuckets.map((b) => b.expiry)).toEqual(['2026-01-16T08:00:00.000Z', '2026-04-01T08:00:00.000Z']);
  });
});

describe('dampener edge cases', () => {
  const withMoves = (moves: number[], dampener = 100_000): PmeParams => ({
    ...DEFAULT_PME_PARAMS,
    general: { ...DEFAULT_PME_PARAMS.general, extended_moves: moves },
    currency: { ...DEFAULT_PME_PARAMS.currency, btc: { ...BTC_CCY, extended_dampener: dampener } },
  });
  it('|m| ≤ price_range: no dampening (the extended entry is adj itself)', () => {
    const res = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', 5)), model, withMoves([-0.1, -0.16, 0.1])).currencies['BTC']!;
    const pair = res.pairs[0]!;
    expect(pair.dampener).toEqual([0, 0, 0]);
    expect(res.extended[0]).toBe(pair.extendedRaw[0]);
    expect(res.extended[0]).toBeCloseTo(5 * (1 - 1 / 0.9) * adjWeight(-0.1), 14);
  });
  it('cap reached: the dampener exceeds the loss, the entry becomes 0', () => {
    const res = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', 5)), model, withMoves([-0.66])).currencies['BTC']!;
    expect(res.pairs[0]!.dampener[0]).toBeGreaterThan(-res.pairs[0]!.extendedRaw[0]!);
    expect(res.extended[0]).toBe(0);
  });
  it('partial: a loss larger than the dampener is reduced by exactly damp(m)', () => {
    const q = 5_000;
    const res = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', q)), model, withMoves([-0.66])).currencies['BTC']!;
    const adj = q * (1 - 1 / 0.34) * adjWeight(-0.66);
    expect(res.pairs[0]!.extendedRaw[0]).toBeCloseTo(adj, 9);
    expect(res.extended[0]).toBeCloseTo(adj + damp(-0.66, 100_000, S), 9);
  });
  it('gains are not dampened', () => {
    const res = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', -5)), model, withMoves([-0.66])).currencies['BTC']!;
    expect(res.pairs[0]!.extendedRaw[0]).toBeGreaterThan(0);
    expect(res.extended[0]).toBe(0); // positive, counted at BTC's pnl_offset 0
  });
});

describe('pnl_offset on positive entries (ETH: 0.6, cap USD 20,000,000)', () => {
  const eth = (q: number) => computePortfolioMargin(bookOf(pos('ETH-PERPETUAL', q)), model).currencies['ETH']!;
  it('a positive entry counts at 60 %', () => {
    const r = eth(10);
    const raw = r.pairs[0]!.standardRaw[1]!;
    raw.forEach((x, c) => expect(r.standard[1]![c]).toBeCloseTo(x > 0 ? 0.6 * x : x, 14));
    expect(raw.some((x) => x > 0)).toBe(true);
  });
  it('cap reached: a huge gain is credited at most cap / S coin', () => {
    const r = eth(2_000_000);
    const raw = r.pairs[0]!.standardRaw[1]!;
    const cap = 20_000_000 / 3_000;
    expect(0.6 * raw[8]!).toBeGreaterThan(cap);
    expect(r.standard[1]![8]).toBeCloseTo(cap, 9);
  });
  it('no positive entries: the offset changes nothing (the extended row of a short strangle, any pnl_offset)', () => {
    const book = bookOf(pos('BTC-16JAN26-40000-P', -50), pos('BTC-16JAN26-80000-C', -50));
    const withOffset = (pnl_offset: number): PmeParams => ({
      ...DEFAULT_PME_PARAMS,
      currency: { ...DEFAULT_PME_PARAMS.currency, btc: { ...BTC_CCY, pnl_offset, max_offsetable_pnl: 1e12 } },
    });
    const a = computePortfolioMargin(book, model, withOffset(0)).currencies['BTC']!;
    const b = computePortfolioMargin(book, model, withOffset(0.6)).currencies['BTC']!;
    const pair = a.pairs[0]!;
    const damped = pair.extendedRaw.map((x, i) => (x < 0 ? x + Math.min(pair.dampener[i]!, -x) : x));
    expect(damped.every((x) => x <= 0)).toBe(true);
    expect(a.extended).toEqual(damped);
    expect(b.extended).toEqual(damped);
    // The standard table differs only in its positive (vol-down) entries, so the worst case is the same.
    pair.standardRaw.flat().forEach((x, i) => expect(b.standard.flat()[i]).toBe(x > 0 ? 0.6 * x : x));
    expect(b.worstCase).toBe(a.worstCase);
  });
});

describe('roll shock buckets', () => {
  it('the perpetual is its own bucket (T = 0, floor) even with a future of the same underlying', () => {
    const res = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', 4), pos('BTC-1APR26', -4)), model).currencies['BTC']!;
    const buckets = res.pairs[0]!.rollBuckets;
    expect(buckets.map((b) => b.expiry)).toEqual(['PERPETUAL', '2026-04-01T08:00:00.000Z']);
    expect(buckets[0]!.moveFraction).toBe(0.01);
    expect(buckets[1]!.moveFraction).toBeCloseTo(Math.max(0.01, Math.exp(0.075 * T90) - 1), 15);
    expect(res.rollShock).toBeCloseTo(0.01 * 4 + (Math.exp(0.075 * T90) - 1) * 4, 14);
  });
  it('options and futures of one expiry net their deltas', () => {
    const book = bookOf(pos('BTC-1APR26-60000-C', 10), pos('BTC-1APR26', -5));
    const d = 10 * callDelta(61_200, 60_000, book.positions[0]!.vol0, T90) - 5;
    const res = computePortfolioMargin(book, model).currencies['BTC']!;
    expect(res.pairs[0]!.rollBuckets).toHaveLength(1);
    expect(res.pairs[0]!.rollBuckets[0]!.deltaCoin).toBeCloseTo(d, 12);
    expect(res.rollShock).toBeCloseTo((Math.exp(0.075 * T90) - 1) * Math.abs(d), 13);
  });
});

describe('worst case', () => {
  it('a long-only option book still has a margin: it loses in the vol-down scenarios', () => {
    const res = computePortfolioMargin(bookOf(pos('BTC-1APR26-60000-C', 5)), model).currencies['BTC']!;
    expect(res.worstCase).toBeGreaterThan(0);
    expect(res.worstScenario).toMatchObject({ table: 'standard', vol: 'down', movePct: -16 });
    // A long call gains when only the vol rises: the vol-up row is positive at 0 move (counted at BTC's offset 0).
    expect(res.pairs[0]!.standardRaw[0]![4]).toBeGreaterThan(0);
  });
  it('is never negative and the (0 %, same vol) cell is 0 (random books)', () => {
    const names = [
      'BTC-PERPETUAL',
      'BTC-1APR26',
      'BTC-16JAN26-60000-C',
      'BTC-1APR26-40000-P',
      'BTC-16JAN26-80000-C',
      'BTC_USDC-PERPETUAL',
      'ETH-PERPETUAL',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...names), fc.double({ min: -50, max: 50, noNaN: true })), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const res = computePortfolioMargin(bookOf(...rows.map(([n, q]) => pos(n, q))), model);
          for (const c of Object.values(res.currencies)) {
            expect(c.worstCase).toBeGreaterThanOrEqual(0);
            expect(Math.abs(c.standard[1]![4]!)).toBeLessThan(1e-9);
            expect(c.maintenanceMargin).toBeCloseTo(0.8 * c.riskMatrixMargin, 12);
          }
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });
});

describe('delta shock ([3P] form: USD delta notional above the threshold, capped at 10 % of it)', () => {
  it('0 under the threshold, the excess just above it, 10 % of the notional well above', () => {
    const at = (usd: number) => computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', usd / 60_030)), model).currencies['BTC']!;
    expect(at(19_000_000).deltaShock).toBe(0);
    const n21 = (21_000_000 / 60_030) * S;
    expect(at(21_000_000).deltaShock).toBeCloseTo((n21 - 20_000_000) / S, 9);
    const n50 = (50_000_000 / 60_030) * S;
    expect(at(50_000_000).deltaShock).toBeCloseTo((0.1 * n50) / S, 9);
    expect(at(50_000_000).riskMatrixMargin).toBeCloseTo(at(50_000_000).worstCase + at(50_000_000).rollShock + (0.1 * n50) / S, 9);
  });
});

describe('USDC (linear) products', () => {
  it('P&L in USDC; the extended entry of a linear perpetual equals its edge loss; roll in USDC at S', () => {
    const q = -2;
    const res = computePortfolioMargin(bookOf(pos('BTC_USDC-PERPETUAL', q)), model).currencies['USDC']!;
    const pair = res.pairs[0]!;
    MOVES.forEach((m, c) => expect(pair.standardRaw[1]![c]).toBeCloseTo(q * 60_030 * m, 8));
    EXT.filter((m) => m > 0).forEach((m) => expect(pair.extendedRaw[EXT.indexOf(m)]).toBeCloseTo(q * 60_030 * 0.16, 7));
    expect(res.worstCase).toBeCloseTo(-q * 60_030 * 0.16, 8);
    expect(res.rollShock).toBeCloseTo(0.01 * 2 * S, 8);
    expect(res.currencyUsd).toBe(1);
    expect(res.initialMarginUsd).toBe(res.initialMargin);
  });
  it('two underlyings: added bucket by bucket, a gain of one offsets a loss of the other at 40 %', () => {
    const res = computePortfolioMargin(bookOf(pos('BTC_USDC-PERPETUAL', 1), pos('ETH_USDC-PERPETUAL', -10)), model).currencies['USDC']!;
    const [btc, eth] = res.pairs;
    expect(btc!.underlying).toBe('BTC');
    expect(eth!.params.price_range).toBe(0.18);
    const off = (x: number) => (x > 0 ? 0.4 * x : x);
    res.standard[1]!.forEach((x, c) => expect(x).toBeCloseTo(off(btc!.standardRaw[1]![c]!) + off(eth!.standardRaw[1]![c]!), 8));
    expect(res.rollShock).toBeCloseTo(btc!.rollShock + eth!.rollShock, 10);
  });
});

describe('report object and moves', () => {
  it('heatmap input: 3 × 9 standard matrix (rows up/same/down), 8 extended entries, the worst cell located', () => {
    const res = computePortfolioMarginByVenue(bookOf(pos('BTC-1APR26-60000-C', -3), pos('BTC-PERPETUAL', 1, { venue: 'b' })), model);
    expect(Object.keys(res)).toEqual(['deribit', 'b']);
    const c = res['deribit']!.currencies['BTC']!;
    expect(c.standard.map((r) => r.length)).toEqual([9, 9, 9]);
    expect(c.extended).toHaveLength(8);
    expect(c.standardMovesPct).toEqual([-16, -12, -8, -4, 0, 4, 8, 12, 16]);
    expect(c.extendedMovesPct).toEqual([-66, -33, 50, 100, 200, 300, 400, 500]);
    const w = c.worstScenario!;
    const cell = w.table === 'standard' ? c.standard[w.row]![w.column]! : c.extended[w.column]!;
    expect(-cell).toBeCloseTo(c.worstCase, 15);
  });
  it('standard moves are k·price_range/4', () => {
    standardMoves(0.16, 4).forEach((m, i) => expect(m).toBeCloseTo(MOVES[i]!, 15));
  });
  it('margin{} per settlement currency with PRODUCT.md names over the whole book; each venue account separately in byVenue', () => {
    const book = bookOf(
      pos('BTC-PERPETUAL', 1),
      pos('BTC-PERPETUAL', -1, { venue: 'okx' }),
      pos('ETH-PERPETUAL', 2),
      pos('BTC', 3),
      pos('USDC', 10),
    );
    const rep = marginReport(book, model);
    expect(Object.keys(rep).sort()).toEqual(['BTC', 'ETH']);
    for (const k of ['worstCase', 'rollShock', 'deltaShock', 'riskMatrixMargin', 'initialMargin', 'maintenanceMargin'] as const) {
      expect(typeof rep['BTC']![k]).toBe('number');
    }
    const one = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', 1)), model).currencies['BTC']!;
    const other = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', -1)), model).currencies['BTC']!;
    const whole = computePortfolioMargin(book, model).currencies['BTC']!;
    // The long and short perpetuals net in the book-level PME (METHODOLOGY.md §4 has no venues)…
    expect(rep['BTC']!.initialMargin).toBeCloseTo(whole.initialMargin, 14);
    expect(rep['BTC']!.worstCase).toBeCloseTo(0, 14);
    // …while each venue account is margined on its own position.
    expect(Object.keys(rep['BTC']!.byVenue)).toEqual(['deribit', 'okx']);
    expect(rep['BTC']!.byVenue['deribit']!.initialMargin).toBeCloseTo(one.initialMargin, 14);
    expect(rep['BTC']!.byVenue['okx']!.initialMargin).toBeCloseTo(other.initialMargin, 14);
  });
  it('spot and cash are not margined; warnings name parameter fall-backs', () => {
    const withSol = buildMarketModel({ ...MARKET, underlyings: { ...MARKET.underlyings, SOL: { index: 150, forwards: [], smiles: [] } } });
    const book = resolveBook({ name: 't', positions: [pos('SOL_USDC-PERPETUAL', 10), pos('BTC', 1)] }, withSol);
    const res = computePortfolioMargin(book, withSol);
    expect(Object.keys(res.currencies)).toEqual(['USDC']);
    expect(res.warnings.join(' ')).toMatch(/sol_usd: the default pair set/);
  });
});
