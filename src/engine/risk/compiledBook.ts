/**
 * Compiled book: the resolved positions laid out for revaluing thousands of scenarios quickly (heatmaps, ladders,
 * payoff curves, historical and Monte Carlo VaR). Exactly the same valuation rules as the per-position pricers
 * (pricers/*.ts), rearranged:
 *
 * - Options: value_usd = Black76(F0·g, K, σ, T) · w with w = q·S0/F0 for inverse options (since S/F = S0/F0 under
 *   any spot move g = 1 + m) and w = q for linear ones. Identical contracts (same underlying, strike, expiry, type
 *   and base vol) are netted into one row by summing w, so a book's cost is its number of distinct options.
 * - Delta-one (futures, perpetuals, spot): value_usd is affine in g per underlying:
 *     inverse N (1/E − 1/(F0 g)) S0 g = N S0 g / E − N S0 / F0,   linear q (F0 g − E),   spot q S0 g,
 *   so each underlying reduces to value = a + b·g.
 * - Cash: a constant.
 *
 * Verified by: compiledBook.test.ts (equals the sum of pricePosition over positions for random scenarios).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { normCdf } from '../math/normal.ts';
import { DAYS_PER_YEAR } from '../market/time.ts';
import { MIN_VOL } from '../../domain/scenario.ts';
import type { ResolvedBook } from '../resolve.ts';

export interface CompiledBook {
  /** Underlyings in index order (cash excluded). */
  readonly underlyings: readonly string[];
  /** Base index S0 per underlying. */
  readonly index0: Float64Array;
  /** Netted options. */
  readonly nOptions: number;
  readonly optUl: Int32Array;
  readonly optForward0: Float64Array;
  readonly optStrike: Float64Array;
  readonly optVol0: Float64Array;
  readonly optTte0: Float64Array;
  readonly optIsCall: Uint8Array;
  /** USD value per USD of Black-76 price (q·S0/F0 inverse, q linear). */
  readonly optWeight: Float64Array;
  /** Signed coin quantity of the netted row. */
  readonly optQty: Float64Array;
  /** 1 inverse (coin-settled), 0 linear. */
  readonly optInverse: Uint8Array;
  /** Delta-one value per underlying: a + b·g. */
  readonly d1Const: Float64Array;
  readonly d1Slope: Float64Array;
  /** Delta-one coin exposure per underlying: fixed coins (linear, spot) and inverse notional over F0 (N/F0). */
  readonly d1CoinFixed: Float64Array;
  readonly d1InverseCoin0: Float64Array;
  /** Delta Total of delta-one per underlying (futures and perpetuals only; spot is equity): fixed + inverse/g. */
  readonly d1TotalFixed: Float64Array;
  /** Cash (USD). */
  readonly cashUsd: number;
  /** Value at the base market (USD), for P&L. */
  readonly baseValueUsd: number;
}

/** Scenario in compiled form: a growth factor g = 1 + m per underlying, a vol shift and days forward. */
export interface CompiledScenario {
  /** g per underlying index (length = underlyings.length). */
  readonly growth: Float64Array;
  /** Parallel vol shift, decimal. */
  readonly volShift: number;
  /** Days forward. */
  readonly days: number;
  /** Term scaling exponent or null (parallel). */
  readonly volTermPower: number | null;
}

/** Compile a resolved book (see module header). */
export function compileBook(book: ResolvedBook, market: MarketModel): CompiledBook {
  const underlyings: string[] = [];
  const ulIndex = new Map<string, number>();
  const ulOf = (ul: string): number => {
    let i = ulIndex.get(ul);
    if (i === undefined) {
      i = underlyings.length;
      underlyings.push(ul);
      ulIndex.set(ul, i);
    }
    return i;
  };
  const netted = new Map<
    string,
    { ul: number; F0: number; K: number; vol0: number; T0: number; isCall: number; w: number; q: number; inv: number }
  >();
  const d1 = new Map<number, { a: number; b: number; coinFixed: number; invCoin0: number; totalFixed: number }>();
  let cashUsd = 0;
  for (const rp of book.positions) {
    if (rp.path === 'cash') {
      cashUsd += rp.quantityCoin;
      continue;
    }
    const u = ulOf(rp.instrument.underlying);
    if (rp.path === 'inverseOption' || rp.path === 'linearOption') {
      const w = rp.path === 'inverseOption' ? (rp.quantityCoin * rp.index0) / rp.forward0 : rp.quantityCoin;
      const inv = rp.path === 'inverseOption' ? 1 : 0;
      const key = `${u}|${inv}|${rp.strike}|${rp.tteYears0}|${rp.isCall ? 1 : 0}|${rp.vol0}|${rp.forward0}`;
      const row = netted.get(key);
      if (row) {
        row.w += w;
        row.q += rp.quantityCoin;
      } else {
        netted.set(key, {
          ul: u,
          F0: rp.forward0,
          K: rp.strike,
          vol0: rp.vol0,
          T0: rp.tteYears0,
          isCall: rp.isCall ? 1 : 0,
          w,
          q: rp.quantityCoin,
          inv,
        });
      }
      continue;
    }
    const acc = d1.get(u) ?? { a: 0, b: 0, coinFixed: 0, invCoin0: 0, totalFixed: 0 };
    if (rp.path === 'inverseDelta1') {
      acc.b += (rp.notionalUsd * rp.index0) / rp.entryUsd;
      acc.a -= (rp.notionalUsd * rp.index0) / rp.forward0;
      acc.invCoin0 += rp.notionalUsd / rp.forward0;
    } else if (rp.path === 'linearDelta1') {
      acc.b += rp.quantityCoin * rp.forward0;
      acc.a -= rp.quantityCoin * rp.entryUsd;
      acc.coinFixed += rp.quantityCoin;
      acc.totalFixed += rp.quantityCoin;
    } else {
      acc.b += rp.quantityCoin * rp.index0;
      acc.coinFixed += rp.quantityCoin;
    }
    d1.set(u, acc);
  }
  const rows = [...netted.values()];
  const nUl = underlyings.length;
  const compiled: CompiledBook = {
    underlyings,
    index0: Float64Array.from(underlyings, (ul) => market.underlyings.get(ul)?.index ?? NaN),
    nOptions: rows.length,
    optUl: Int32Array.from(rows, (r) => r.ul),
    optForward0: Float64Array.from(rows, (r) => r.F0),
    optStrike: Float64Array.from(rows, (r) => r.K),
    optVol0: Float64Array.from(rows, (r) => r.vol0),
    optTte0: Float64Array.from(rows, (r) => r.T0),
    optIsCall: Uint8Array.from(rows, (r) => r.isCall),
    optWeight: Float64Array.from(rows, (r) => r.w),
    optQty: Float64Array.from(rows, (r) => r.q),
    optInverse: Uint8Array.from(rows, (r) => r.inv),
    d1Const: Float64Array.from({ length: nUl }, (_, i) => d1.get(i)?.a ?? 0),
    d1Slope: Float64Array.from({ length: nUl }, (_, i) => d1.get(i)?.b ?? 0),
    d1CoinFixed: Float64Array.from({ length: nUl }, (_, i) => d1.get(i)?.coinFixed ?? 0),
    d1InverseCoin0: Float64Array.from({ length: nUl }, (_, i) => d1.get(i)?.invCoin0 ?? 0),
    d1TotalFixed: Float64Array.from({ length: nUl }, (_, i) => d1.get(i)?.totalFixed ?? 0),
    cashUsd,
    baseValueUsd: 0,
  };
  const base = valueCompiled(compiled, baseScenario(compiled));
  return { ...compiled, baseValueUsd: base };
}

/** The unshocked scenario for a compiled book. */
export function baseScenario(book: CompiledBook): CompiledScenario {
  return { growth: new Float64Array(book.underlyings.length).fill(1), volShift: 0, days: 0, volTermPower: null };
}

/**
 * Total USD value of the book in a scenario.
 * @param perUnderlying optional output: value per underlying index (options + delta-one), cash excluded
 * @param onlyUl when ≥ 0, value only that underlying's positions (no cash): views that move one underlying
 *   revalue just that one and add the others once
 */
export function valueCompiled(book: CompiledBook, s: CompiledScenario, perUnderlying?: Float64Array, onlyUl = -1): number {
  let total = onlyUl >= 0 ? 0 : book.cashUsd;
  const nUl = book.underlyings.length;
  if (perUnderlying) perUnderlying.fill(0);
  for (let u = 0; u < nUl; u++) {
    if (onlyUl >= 0 && u !== onlyUl) continue;
    const v = book.d1Const[u]! + book.d1Slope[u]! * s.growth[u]!;
    total += v;
    if (perUnderlying) perUnderlying[u] = v;
  }
  const dt = s.days / DAYS_PER_YEAR;
  const { optUl, optForward0, optStrike, optVol0, optTte0, optIsCall, optWeight } = book;
  const v = s.volShift;
  const p = s.volTermPower;
  for (let i = 0; i < book.nOptions; i++) {
    if (onlyUl >= 0 && optUl[i] !== onlyUl) continue;
    const F = optForward0[i]! * s.growth[optUl[i]!]!;
    const K = optStrike[i]!;
    const T0 = optTte0[i]!;
    const T = T0 - dt;
    let price: number;
    if (T <= 0) {
      price = optIsCall[i] === 1 ? (F > K ? F - K : 0) : K > F ? K - F : 0;
    } else {
      const shift = p === null ? v : v * Math.pow(30 / (T0 * DAYS_PER_YEAR), p);
      let sigma = optVol0[i]! + shift;
      if (sigma < MIN_VOL) sigma = MIN_VOL;
      const sd = sigma * Math.sqrt(T);
      const d1 = Math.log(F / K) / sd + 0.5 * sd;
      price = optIsCall[i] === 1 ? F * normCdf(d1) - K * normCdf(d1 - sd) : K * normCdf(sd - d1) - F * normCdf(-d1);
    }
    const val = price * optWeight[i]!;
    total += val;
    if (perUnderlying) perUnderlying[optUl[i]!]! += val;
  }
  return total;
}

/** Aggregated Greeks of one underlying in a scenario (same units as UnderlyingAggregate). */
export interface ScenarioGreeks {
  /** Coin. */
  delta: number;
  /** USD per unit relative move. */
  deltaUsd: number;
  /** Per USD. */
  gamma: number;
  /** USD change of deltaUsd for +1 %. */
  gammaUsd1pct: number;
  /** USD per vol point. */
  vega: number;
  /** USD per vol point, 30-day equivalent. */
  vegaStd: number;
  /** USD per day (Deribit's rule). */
  theta: number;
  /** Coin (Deribit's premium-adjusted Delta Total). */
  deltaTotal: number;
}

const emptyGreeks = (): ScenarioGreeks => ({
  delta: 0,
  deltaUsd: 0,
  gamma: 0,
  gammaUsd1pct: 0,
  vega: 0,
  vegaStd: 0,
  theta: 0,
  deltaTotal: 0,
});

/**
 * Greeks per underlying in a scenario, from the compiled book (same rules as the pricers: ticker Greeks × coin
 * quantity; deltaUsd = qΔS inverse / qΔF linear; gammaUsd1pct = qΓSF/100 inverse / qΓF²/100 linear).
 * @returns one entry per underlying index
 */
export function greeksCompiled(book: CompiledBook, s: CompiledScenario, onlyUl = -1): ScenarioGreeks[] {
  const out = book.underlyings.map(emptyGreeks);
  for (let u = 0; u < out.length; u++) {
    const g = s.growth[u]!;
    const o = out[u]!;
    o.delta = book.d1CoinFixed[u]! + book.d1InverseCoin0[u]! / g;
    o.deltaTotal = book.d1TotalFixed[u]! + book.d1InverseCoin0[u]! / g;
    o.deltaUsd = book.d1Slope[u]! * g;
  }
  const dt = s.days / DAYS_PER_YEAR;
  for (let i = 0; i < book.nOptions; i++) {
    const u = book.optUl[i]!;
    if (onlyUl >= 0 && u !== onlyUl) continue;
    const g = s.growth[u]!;
    const o = out[u]!;
    const F = book.optForward0[i]! * g;
    const S = book.index0[u]! * g;
    const K = book.optStrike[i]!;
    const T0 = book.optTte0[i]!;
    const T = T0 - dt;
    const q = book.optQty[i]!;
    const inverse = book.optInverse[i] === 1;
    const call = book.optIsCall[i] === 1;
    if (T <= 0) {
      const d = call ? (F === K ? 0.5 : F > K ? 1 : 0) : F === K ? -0.5 : F < K ? -1 : 0;
      const price = call ? Math.max(F - K, 0) : Math.max(K - F, 0);
      o.delta += q * d;
      o.deltaUsd += q * d * (inverse ? S : F);
      o.deltaTotal += inverse ? q * (d - price / F) : q * d;
      continue;
    }
    const shift = s.volTermPower === null ? s.volShift : s.volShift * Math.pow(30 / (T0 * DAYS_PER_YEAR), s.volTermPower);
    const sigma = Math.max(book.optVol0[i]! + shift, MIN_VOL);
    const sqrtT = Math.sqrt(T);
    const sd = sigma * sqrtT;
    const d1 = Math.log(F / K) / sd + 0.5 * sd;
    const pdf = Math.exp(-0.5 * d1 * d1) * 0.3989422804014327;
    const nd1 = normCdf(d1);
    const price = call ? F * nd1 - K * normCdf(d1 - sd) : K * normCdf(sd - d1) - F * normCdf(-d1);
    const delta = call ? nd1 : nd1 - 1;
    const gamma = pdf / (F * sd);
    const vega = (F * pdf * sqrtT) / 100;
    const daysLeft = T * DAYS_PER_YEAR;
    const theta = Math.max(((-F * pdf * sigma) / (2 * sqrtT) / DAYS_PER_YEAR) * Math.min(1, daysLeft), -price);
    o.delta += q * delta;
    o.deltaUsd += q * delta * (inverse ? S : F);
    o.gamma += q * gamma;
    o.gammaUsd1pct += (q * gamma * (inverse ? S * F : F * F)) / 100;
    o.vega += q * vega;
    o.vegaStd += q * vega * Math.sqrt(30 / daysLeft);
    o.theta += q * theta;
    o.deltaTotal += inverse ? q * (delta - price / F) : q * delta;
  }
  return out;
}

/**
 * Values of the book (USD) at several growth factors of one underlying, every other input fixed: a row of a
 * heatmap, a ladder or a payoff curve. Same numbers as calling valueCompiled per cell (tested), but each option's
 * σ√T, ln K and ln F0 are computed once per row instead of once per cell.
 * @param s the row's scenario (its growth for `u` is ignored)
 * @param u the underlying whose growth varies; only its positions are valued (no cash)
 * @param growths g = 1 + m for each cell
 */
export function valueCompiledRow(book: CompiledBook, s: CompiledScenario, u: number, growths: readonly number[]): Float64Array {
  const out = new Float64Array(growths.length);
  const lnG = Float64Array.from(growths, (g) => Math.log(g));
  const a = book.d1Const[u] ?? 0;
  const b = book.d1Slope[u] ?? 0;
  for (let c = 0; c < growths.length; c++) out[c] = a + b * growths[c]!;
  const dt = s.days / DAYS_PER_YEAR;
  const { optUl, optForward0, optStrike, optVol0, optTte0, optIsCall, optWeight } = book;
  const p = s.volTermPower;
  for (let i = 0; i < book.nOptions; i++) {
    if (optUl[i] !== u) continue;
    const F0 = optForward0[i]!;
    const K = optStrike[i]!;
    const w = optWeight[i]!;
    const call = optIsCall[i] === 1;
    const T0 = optTte0[i]!;
    const T = T0 - dt;
    if (T <= 0) {
      for (let c = 0; c < growths.length; c++) {
        const F = F0 * growths[c]!;
        out[c] = out[c]! + w * (call ? (F > K ? F - K : 0) : K > F ? K - F : 0);
      }
      continue;
    }
    const shift = p === null ? s.volShift : s.volShift * Math.pow(30 / (T0 * DAYS_PER_YEAR), p);
    let sigma = optVol0[i]! + shift;
    if (sigma < MIN_VOL) sigma = MIN_VOL;
    const sd = sigma * Math.sqrt(T);
    const lnF0K = Math.log(F0 / K);
    for (let c = 0; c < growths.length; c++) {
      const F = F0 * growths[c]!;
      const d1 = (lnF0K + lnG[c]!) / sd + 0.5 * sd;
      out[c] = out[c]! + w * (call ? F * normCdf(d1) - K * normCdf(d1 - sd) : K * normCdf(sd - d1) - F * normCdf(-d1));
    }
  }
  return out;
}
