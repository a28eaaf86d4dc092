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
 * - Expiry inside a scenario's days (pricers/settlement.ts): an option row settles at the scenario's forward F0·g and
 *   is its amount as cash, w · payoff (inverse: q·payoff/F coins at S = S0·g), with no Greeks; a future keeps its
 *   a + b·g value (its settled amount at the scenario's price) and drops out of the Greeks. Along a price path
 *   (`settleRowsOnPath`) each option row and future settles once, at the growth of the first state at or after its
 *   expiry, and later states revalue the fixed amount (a coin amount at each state's index).
 *
 * Verified by: compiledBook.test.ts (equals the sum of pricePosition over positions for random scenarios, days past
 * expiries included).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { normCdf } from '../math/normal.ts';
import { DAYS_PER_YEAR } from '../market/time.ts';
import { MIN_VOL } from '../../domain/scenario.ts';
import type { ResolvedBook } from '../resolve.ts';
import { settledOptionRowUsd } from '../pricers/settlement.ts';

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
  /**
   * Dated futures, one row each, for their Greeks to drop out once a scenario's days pass their expiry: underlying
   * index, years to expiry T0, and their share of d1CoinFixed / d1InverseCoin0 / d1TotalFixed / d1Slope.
   */
  readonly nFutures: number;
  readonly futUl: Int32Array;
  readonly futTte0: Float64Array;
  readonly futCoinFixed: Float64Array;
  readonly futInverseCoin0: Float64Array;
  readonly futSlope: Float64Array;
  /** 1 inverse future (its a = −N·S0/F0 in futConst), 0 linear. */
  readonly futInverse: Uint8Array;
  readonly futConst: Float64Array;
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
  /**
   * Along a price path: the growth each option row and future settled at (`settleRowsOnPath`); absent for a single
   * scenario, where a row past its expiry settles at this scenario's own growth.
   */
  readonly settledAt?: PathSettlement;
}

/** Per option row and per future of a compiled book: the growth g it settled at along a path, NaN until then. */
export interface PathSettlement {
  readonly options: Float64Array;
  readonly futures: Float64Array;
}

/** Nothing settled yet. */
export function newPathSettlement(book: CompiledBook): PathSettlement {
  return { options: new Float64Array(book.nOptions).fill(NaN), futures: new Float64Array(book.nFutures).fill(NaN) };
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
  const futures: { ul: number; T0: number; coinFixed: number; invCoin0: number; slope: number; inv: number; a: number }[] = [];
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
    const dated = rp.instrument.kind === 'future';
    if (rp.path === 'inverseDelta1') {
      const slope = (rp.notionalUsd * rp.index0) / rp.entryUsd;
      const a = -(rp.notionalUsd * rp.index0) / rp.forward0;
      acc.b += slope;
      acc.a += a;
      acc.invCoin0 += rp.notionalUsd / rp.forward0;
      if (dated) futures.push({ ul: u, T0: rp.tteYears0, coinFixed: 0, invCoin0: rp.notionalUsd / rp.forward0, slope, inv: 1, a });
    } else if (rp.path === 'linearDelta1') {
      acc.b += rp.quantityCoin * rp.forward0;
      acc.a -= rp.quantityCoin * rp.entryUsd;
      acc.coinFixed += rp.quantityCoin;
      acc.totalFixed += rp.quantityCoin;
      if (dated) {
        const slope = rp.quantityCoin * rp.forward0;
        futures.push({
          ul: u,
          T0: rp.tteYears0,
          coinFixed: rp.quantityCoin,
          invCoin0: 0,
          slope,
          inv: 0,
          a: -rp.quantityCoin * rp.entryUsd,
        });
      }
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
    nFutures: futures.length,
    futUl: Int32Array.from(futures, (f) => f.ul),
    futTte0: Float64Array.from(futures, (f) => f.T0),
    futCoinFixed: Float64Array.from(futures, (f) => f.coinFixed),
    futInverseCoin0: Float64Array.from(futures, (f) => f.invCoin0),
    futSlope: Float64Array.from(futures, (f) => f.slope),
    futInverse: Uint8Array.from(futures, (f) => f.inv),
    futConst: Float64Array.from(futures, (f) => f.a),
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
  const settledAt = s.settledAt?.options;
  const futSettledAt = s.settledAt?.futures;
  if (futSettledAt !== undefined) {
    // A future settled earlier on the path keeps its amount: correct a + b·g (which settles at g) to gS.
    for (let j = 0; j < book.nFutures; j++) {
      const gs = futSettledAt[j]!;
      const u = book.futUl[j]!;
      if (Number.isNaN(gs) || (onlyUl >= 0 && u !== onlyUl)) continue;
      const g = s.growth[u]!;
      const c = settledFutureCorrectionUsd(book.futInverse[j] === 1, book.futConst[j]!, book.futSlope[j]!, gs, g);
      total += c;
      if (perUnderlying) perUnderlying[u]! += c;
    }
  }
  const dt = s.days / DAYS_PER_YEAR;
  const { optUl, optForward0, optStrike, optVol0, optTte0, optIsCall, optWeight, optInverse } = book;
  const v = s.volShift;
  const p = s.volTermPower;
  for (let i = 0; i < book.nOptions; i++) {
    if (onlyUl >= 0 && optUl[i] !== onlyUl) continue;
    const g = s.growth[optUl[i]!]!;
    const F = optForward0[i]! * g;
    const K = optStrike[i]!;
    const T0 = optTte0[i]!;
    const T = T0 - dt;
    if (T <= 0) {
      const gs = settledAt !== undefined && !Number.isNaN(settledAt[i]!) ? settledAt[i]! : g;
      const val = settledOptionRowUsd(optWeight[i]!, optIsCall[i] === 1, K, optForward0[i]!, gs, g, optInverse[i] === 1);
      total += val;
      if (perUnderlying) perUnderlying[optUl[i]!]! += val;
      continue;
    }
    const shift = p === null ? v : v * Math.pow(30 / (T0 * DAYS_PER_YEAR), p);
    let sigma = optVol0[i]! + shift;
    if (sigma < MIN_VOL) sigma = MIN_VOL;
    const sd = sigma * Math.sqrt(T);
    const d1 = Math.log(F / K) / sd + 0.5 * sd;
    const price = optIsCall[i] === 1 ? F * normCdf(d1) - K * normCdf(d1 - sd) : K * normCdf(sd - d1) - F * normCdf(-d1);
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
  const futSettledAt = s.settledAt?.futures;
  const optSettledAt = s.settledAt?.options;
  // Futures whose expiry the days pass have settled into cash: their delta leaves the underlying's. An inverse
  // future's coin amount keeps the USD delta of a coin balance (its USD value; pricers/settlement.ts).
  for (let j = 0; j < book.nFutures; j++) {
    if (book.futTte0[j]! - dt > 0) continue;
    const u = book.futUl[j]!;
    const g = s.growth[u]!;
    const o = out[u]!;
    const coins = book.futCoinFixed[j]! + book.futInverseCoin0[j]! / g;
    o.delta -= coins;
    o.deltaTotal -= coins;
    o.deltaUsd -= book.futSlope[j]! * g;
    if (book.futInverse[j] === 1) {
      const a = book.futConst[j]!;
      const b = book.futSlope[j]!;
      const gs = futSettledAt !== undefined && !Number.isNaN(futSettledAt[j]!) ? futSettledAt[j]! : g;
      o.deltaUsd += a + b * g + settledFutureCorrectionUsd(true, a, b, gs, g);
    }
  }
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
    // Settled (the days pass the expiry): cash, no Greeks but the USD delta of a coin balance (its USD value).
    if (T <= 0) {
      if (inverse) {
        const gs = optSettledAt !== undefined && !Number.isNaN(optSettledAt[i]!) ? optSettledAt[i]! : g;
        o.deltaUsd += settledOptionRowUsd(book.optWeight[i]!, call, K, book.optForward0[i]!, gs, g, true);
      }
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
  const { optUl, optForward0, optStrike, optVol0, optTte0, optIsCall, optWeight, optInverse } = book;
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
      // Settled at each cell's own forward (a row of single scenarios, not a path).
      const inverse = optInverse[i] === 1;
      for (let c = 0; c < growths.length; c++) {
        const g = growths[c]!;
        out[c] = out[c]! + settledOptionRowUsd(w, call, K, F0, g, g, inverse);
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

/**
 * A future's value settled at growth gS minus its a + b·g value at g (which is the amount settled at g): inverse
 * c·S0·g with c = N(1/E − 1/(F0·gS)) gives a·(g/gS − 1), a = −N·S0/F0; linear q(F0·gS − E) gives b·(gS − g).
 */
function settledFutureCorrectionUsd(inverse: boolean, a: number, b: number, gs: number, g: number): number {
  return inverse ? a * (g / gs - 1) : b * (gs - g);
}

/**
 * Along a price path: settle the option rows and futures whose expiry the state `s` has reached and that have not
 * settled yet, at `s`'s growth of their underlying (the first state at or after the expiry fixes the amount;
 * pricers/settlement.ts). Pass the same `settled` as `s.settledAt` so valueCompiled values the fixed amounts.
 * @param settled updated in place
 * @param onlyUl when ≥ 0, only that underlying's rows
 * @returns how many rows settled in this call
 */
export function settleRowsOnPath(book: CompiledBook, s: CompiledScenario, settled: PathSettlement, onlyUl = -1): number {
  const dt = s.days / DAYS_PER_YEAR;
  let n = 0;
  for (let i = 0; i < book.nOptions; i++) {
    if (onlyUl >= 0 && book.optUl[i] !== onlyUl) continue;
    if (!Number.isNaN(settled.options[i]!) || book.optTte0[i]! - dt > 0) continue;
    settled.options[i] = s.growth[book.optUl[i]!]!;
    n++;
  }
  for (let j = 0; j < book.nFutures; j++) {
    if (onlyUl >= 0 && book.futUl[j] !== onlyUl) continue;
    if (!Number.isNaN(settled.futures[j]!) || book.futTte0[j]! - dt > 0) continue;
    settled.futures[j] = s.growth[book.futUl[j]!]!;
    n++;
  }
  return n;
}
