/**
 * Market model: the snapshot resolved into fast lookups of forwards and implied vols (PRODUCT.md "Market snapshot
 * JSON", METHODOLOGY.md §3).
 *
 * Forwards: quoted per expiry; an expiry without a quote is interpolated linearly in T between the perpetual
 * (T = 0) and the quoted forwards, flat beyond the last; at or before T = 0 it is the perpetual.
 *
 * Volatility (sticky strike, sticky expiry): an option's vol is looked up by its strike in its expiry's smile.
 * - Within a smile, vol is linear in x = ln(K / F0), F0 the snapshot's unshocked forward of that smile's expiry;
 *   flat beyond the end strikes.
 * - Between quoted expiries, total variance w = σ²T is linear in T at the same x (x computed with the option's own
 *   expiry forward); flat vol before the first and after the last expiry.
 * Scenario spot moves and time rolls never move a vol node: pricers resolve σ once at the base and shift it.
 *
 * Verified by: marketModel.test.ts (exact nodes, linear-in-ln(K/F) interpolation, total-variance interpolation,
 * flat extrapolation, forward interpolation).
 */
import type { MarketSnapshot, UnderlyingMarket } from '../../domain/market.ts';
import { parseIsoMs, yearFraction } from './time.ts';

/** One expiry's smile resolved for interpolation. */
export interface ResolvedSmile {
  readonly expiryMs: number;
  /** ACT/365 years from the valuation time (> 0). */
  readonly tteYears: number;
  /** The snapshot's forward at this expiry, USD. */
  readonly forward: number;
  /** ln(K / forward) of each node, ascending. */
  readonly logMoneyness: Float64Array;
  /** Implied vol of each node, decimal. */
  readonly vols: Float64Array;
}

export interface UnderlyingModel {
  readonly underlying: string;
  /** Spot index S0, USD. */
  readonly index: number;
  /** Perpetual mark, USD (defaults to the index). */
  readonly perpetual: number;
  /** Funding rate, annualised decimal, when the snapshot has one. */
  readonly fundingRate: number | null;
  /** Quoted forwards sorted by expiry (T > 0 only), with the perpetual as the T = 0 anchor. */
  readonly forwardTimes: Float64Array;
  readonly forwardPrices: Float64Array;
  /** Expiry instants of quoted forwards (ms), aligned with forwardTimes[1..]. */
  readonly forwardExpiries: readonly number[];
  /** Smiles with T > 0, sorted by expiry; expired smiles are dropped. */
  readonly smiles: readonly ResolvedSmile[];
  readonly halfSpreads: Readonly<Record<string, number>>;
  /** Delivery prices of past expiries (USD), by expiry instant (ms), from the snapshot's `settlementPrices`. */
  readonly settlementPrices: ReadonlyMap<number, number>;
  readonly source: UnderlyingMarket;
}

export interface MarketModel {
  readonly valuationMs: number;
  readonly valuationTime: string;
  readonly source: string;
  readonly underlyings: ReadonlyMap<string, UnderlyingModel>;
  readonly snapshot: MarketSnapshot;
}

/** Linear interpolation in sorted `xs`, flat beyond the ends. */
function interpFlat(xs: Float64Array, ys: Float64Array, x: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo]!;
  const x1 = xs[hi]!;
  const w = (x - x0) / (x1 - x0);
  return ys[lo]! + w * (ys[hi]! - ys[lo]!);
}

function forwardFromCurve(times: Float64Array, prices: Float64Array, tteYears: number): number {
  if (tteYears <= 0) return prices[0]!;
  return interpFlat(times, prices, tteYears);
}

/**
 * Resolve a snapshot for pricing. Input is assumed validated by the importer (io/marketSnapshot.ts);
 * unusable nodes (non-positive prices or vols) are skipped rather than trusted.
 * @throws Error when valuationTime is not a date.
 */
export function buildMarketModel(snapshot: MarketSnapshot): MarketModel {
  const valuationMs = parseIsoMs(snapshot.valuationTime);
  const underlyings = new Map<string, UnderlyingModel>();
  for (const [code, ul] of Object.entries(snapshot.underlyings)) {
    const perpetual = ul.perpetual !== undefined && ul.perpetual > 0 ? ul.perpetual : ul.index;
    const quoted = ul.forwards
      .map((f) => ({ expiryMs: parseIsoMs(f.expiry), price: f.price }))
      .filter((f) => f.price > 0 && Number.isFinite(f.price) && f.expiryMs > valuationMs)
      .sort((a, b) => a.expiryMs - b.expiryMs);
    const forwardTimes = new Float64Array(quoted.length + 1);
    const forwardPrices = new Float64Array(quoted.length + 1);
    forwardPrices[0] = perpetual;
    quoted.forEach((f, i) => {
      forwardTimes[i + 1] = yearFraction(valuationMs, f.expiryMs);
      forwardPrices[i + 1] = f.price;
    });
    const smiles: ResolvedSmile[] = [];
    for (const smile of ul.smiles) {
      const expiryMs = parseIsoMs(smile.expiry);
      const tteYears = yearFraction(valuationMs, expiryMs);
      if (tteYears <= 0) continue;
      const forward = forwardFromCurve(forwardTimes, forwardPrices, tteYears);
      const nodes = smile.points
        .filter((p) => p.strike > 0 && p.iv > 0 && Number.isFinite(p.iv) && Number.isFinite(p.strike))
        .map((p) => ({ x: Math.log(p.strike / forward), iv: p.iv }))
        .sort((a, b) => a.x - b.x);
      if (nodes.length === 0) continue;
      smiles.push({
        expiryMs,
        tteYears,
        forward,
        logMoneyness: Float64Array.from(nodes, (n) => n.x),
        vols: Float64Array.from(nodes, (n) => n.iv),
      });
    }
    smiles.sort((a, b) => a.expiryMs - b.expiryMs);
    const settlementPrices = new Map<number, number>();
    for (const sp of ul.settlementPrices ?? []) {
      const expiryMs = parseIsoMs(sp.expiry);
      if (sp.price > 0 && Number.isFinite(sp.price) && expiryMs <= valuationMs) settlementPrices.set(expiryMs, sp.price);
    }
    underlyings.set(code, {
      underlying: code,
      index: ul.index,
      perpetual,
      fundingRate: ul.fundingRate ?? null,
      forwardTimes,
      forwardPrices,
      forwardExpiries: quoted.map((f) => f.expiryMs),
      smiles,
      halfSpreads: ul.halfSpreads ?? {},
      settlementPrices,
      source: ul,
    });
  }
  return { valuationMs, valuationTime: snapshot.valuationTime, source: snapshot.source, underlyings, snapshot };
}

/**
 * The snapshot's (unshocked) forward for an expiry, USD per coin.
 * @param expiryMs expiry instant; at or before the valuation time the perpetual is returned.
 */
export function forwardAt(model: UnderlyingModel, valuationMs: number, expiryMs: number): number {
  return forwardFromCurve(model.forwardTimes, model.forwardPrices, yearFraction(valuationMs, expiryMs));
}

/** Vol of one smile at log-moneyness x: linear in x, flat beyond the end nodes. */
export function smileVolAt(smile: ResolvedSmile, logMoneyness: number): number {
  return interpFlat(smile.logMoneyness, smile.vols, logMoneyness);
}

/**
 * True when the snapshot quotes this expiry itself: a forward at that instant and, for options, a smile. Otherwise
 * the forward and the vol are interpolated between the quoted expiries (or flat beyond them).
 */
export function isExpiryListed(model: UnderlyingModel, expiryMs: number, isOption: boolean): boolean {
  if (!model.forwardExpiries.includes(expiryMs)) return false;
  return !isOption || model.smiles.some((s) => s.expiryMs === expiryMs);
}

/**
 * Implied vol (decimal) of strike K at an expiry, by the sticky-strike rules of the module header.
 * @returns NaN when the underlying has no usable smile.
 */
export function volAt(model: UnderlyingModel, valuationMs: number, expiryMs: number, strike: number): number {
  const smiles = model.smiles;
  const n = smiles.length;
  if (n === 0) return NaN;
  const tte = yearFraction(valuationMs, expiryMs);
  const x = Math.log(strike / forwardAt(model, valuationMs, expiryMs));
  const first = smiles[0]!;
  const last = smiles[n - 1]!;
  if (expiryMs <= first.expiryMs) return smileVolAt(first, x);
  if (expiryMs >= last.expiryMs) return smileVolAt(last, x);
  let hi = 1;
  while (smiles[hi]!.expiryMs < expiryMs) hi++;
  const after = smiles[hi]!;
  if (after.expiryMs === expiryMs) return smileVolAt(after, x);
  const before = smiles[hi - 1]!;
  const v0 = smileVolAt(before, x);
  const v1 = smileVolAt(after, x);
  const w0 = v0 * v0 * before.tteYears;
  const w1 = v1 * v1 * after.tteYears;
  const w = w0 + ((w1 - w0) * (tte - before.tteYears)) / (after.tteYears - before.tteYears);
  return Math.sqrt(w / tte);
}
