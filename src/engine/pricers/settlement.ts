/**
 * Settlement: what a dated position (option or future) becomes at its expiry. This is the one place the rule lives;
 * the per-position pricers (a scenario whose days pass an expiry), the compiled book (heatmaps, ladders, payoff,
 * VaR), the delta-hedge simulation (a price path) and the resolution of positions that expired before the
 * valuation time all call it (docs/METHODOLOGY.md "Expiry and settlement").
 *
 * At its expiry a position stops being a derivative and becomes an amount of its settlement currency, fixed at the
 * settlement price P (USD per coin):
 * - inverse option, q coins: q · max(P − K, 0) / P coins (call; put max(K − P, 0) / P): Deribit pays an inverse
 *   option's intrinsic value in coin at the delivery price;
 * - linear option, q coins: q · max(P − K, 0) USDC (put max(K − P, 0));
 * - inverse future, USD notional N, entry E: N · (1/E − 1/P) coins;
 * - linear future, q coins: q · (P − E) USDC.
 * Where P comes from:
 * - at the valuation time, for a position that expired before it: Deribit's delivery price for that expiry from the
 *   market snapshot's optional `settlementPrices` (docs/FORMATS.md); none given → the amount is unknown (never a
 *   live price);
 * - inside a scenario whose days pass the expiry: the scenario's forward of that expiry, F0 · (1 + m);
 * - along a price path (delta-hedge simulation, history replay): the forward at the first close at or after the
 *   expiry; the amount is then fixed and later closes only revalue it.
 * After settlement the amount is cash in its currency: a coin amount is worth amount · S (S the index of the state
 * it is valued in), a USDC amount its face. It is a balance, not a derivative: delta (coin, Deribit's), gamma, vega,
 * theta, rho, gammaUsd1pct and Delta Total are all 0, and no margin or option view counts it. The one sensitivity it
 * keeps is the plain fact that a coin balance is worth more in USD when the coin rises: deltaUsd = ∂V_usd/∂m =
 * amount · S for a coin amount (0 for USDC), exactly as a spot holding or unrealised coin P&L counts in the USD
 * delta (docs/METHODOLOGY.md "Hedging"). So a USD-delta hedge keeps hedging a coin payout, and a coin-delta
 * (Deribit) hedge holds nothing once the option has settled.
 *
 * Verified by: settlement.test.ts (closed forms long and short, inverse and linear; pricers past an expiry equal
 * the settled amount and have zero Greeks; the compiled book and the simulation use the same amounts).
 */
import { DAYS_PER_YEAR } from '../market/time.ts';
import type { ResolvedPosition } from '../resolve.ts';
import type { Valuation } from './valuation.ts';

/** What a settled position paid, in its settlement currency. */
export interface SettledAmount {
  /** `coin`: coins of the underlying (inverse products); `usd`: USDC (linear products). */
  readonly unit: 'coin' | 'usd';
  /** Signed amount received (+) or paid (−), in `unit`. */
  readonly amount: number;
  /** Settlement price P, USD per coin. */
  readonly priceUsd: number;
}

/** The contract terms settlement needs (a ResolvedPosition has them all). */
export interface SettlementTerms {
  readonly path: ResolvedPosition['path'];
  /** Options and linear futures: signed coin quantity. */
  readonly quantityCoin: number;
  /** Inverse futures: signed USD notional N. */
  readonly notionalUsd: number;
  /** Futures: entry price E (USD). */
  readonly entryUsd: number;
  /** Options: strike K (USD). */
  readonly strike: number;
  readonly isCall: boolean;
}

/**
 * True when a dated instrument `tteYears0` years from expiry at the base has expired once the valuation time moves
 * `days` days forward (expiry at or before the new valuation time).
 */
export function hasSettled(tteYears0: number, days: number): boolean {
  return tteYears0 - days / DAYS_PER_YEAR <= 0;
}

/** An option's payoff per coin at settlement price P, USD: max(P − K, 0) for a call, max(K − P, 0) for a put. */
export function optionPayoffUsd(isCall: boolean, strikeUsd: number, priceUsd: number): number {
  return isCall ? (priceUsd > strikeUsd ? priceUsd - strikeUsd : 0) : strikeUsd > priceUsd ? strikeUsd - priceUsd : 0;
}

/**
 * The amount a dated position pays at settlement price P (module header). Callers pass options and futures only
 * (a perpetual shares the delta-one terms but has no expiry).
 * @throws Error for spot and cash.
 */
export function settle(terms: SettlementTerms, priceUsd: number): SettledAmount {
  switch (terms.path) {
    case 'inverseOption':
      return { unit: 'coin', amount: (terms.quantityCoin * optionPayoffUsd(terms.isCall, terms.strike, priceUsd)) / priceUsd, priceUsd };
    case 'linearOption':
      return { unit: 'usd', amount: terms.quantityCoin * optionPayoffUsd(terms.isCall, terms.strike, priceUsd), priceUsd };
    case 'inverseDelta1':
      return { unit: 'coin', amount: terms.notionalUsd * (1 / terms.entryUsd - 1 / priceUsd), priceUsd };
    case 'linearDelta1':
      return { unit: 'usd', amount: terms.quantityCoin * (priceUsd - terms.entryUsd), priceUsd };
    default:
      throw new Error(`a ${terms.path} position has no expiry and never settles`);
  }
}

/** USD value of a settled amount in a state whose index is S: coin · S, or the USDC amount. */
export function settledValueUsd(s: SettledAmount, indexUsd: number): number {
  return s.unit === 'coin' ? s.amount * indexUsd : s.amount;
}

/**
 * The valuation of a position that has settled, in a state with index S: its amount as cash, no Greeks.
 * `markPrice` keeps its per-coin meaning: an option's payoff per coin (payoff / P in coin for inverse options, USD
 * for linear ones), a future's settlement price P; `forward` is P.
 * @param rp the position (option or future)
 * @param s its settled amount (from `settle`)
 * @param indexUsd index S of the state it is valued in
 * @param tteYears years to expiry in that state (≤ 0)
 */
export function settledValuation(rp: ResolvedPosition, s: SettledAmount, indexUsd: number, tteYears: number): Valuation {
  const P = s.priceUsd;
  let markPrice: number;
  if (rp.path === 'inverseOption') markPrice = optionPayoffUsd(rp.isCall, rp.strike, P) / P;
  else if (rp.path === 'linearOption') markPrice = optionPayoffUsd(rp.isCall, rp.strike, P);
  else markPrice = P;
  // Written out in the option pricers' field order (one object shape for the consumers that read many valuations).
  return {
    valueUsd: settledValueUsd(s, indexUsd),
    markPrice,
    iv: null,
    forward: P,
    index: indexUsd,
    delta: 0,
    gamma: 0,
    vega: 0,
    theta: 0,
    rho: 0,
    deltaUsd: s.unit === 'coin' ? s.amount * indexUsd : 0,
    gammaUsd1pct: 0,
    vegaStd: 0,
    deltaTotal: 0,
    tteYears,
    settled: true,
  };
}

/**
 * USD value of a compiled option row (weight w = q·S0/F0 inverse, q linear; see risk/compiledBook.ts) that settled
 * when its underlying's growth was gS, valued at growth g. Inverse: the coin amount q·payoff/(F0·gS) at the index
 * S0·g = w · payoff · g/gS; linear: w · payoff. In a single scenario gS = g and both reduce to w · payoff.
 */
export function settledOptionRowUsd(
  weight: number,
  isCall: boolean,
  strikeUsd: number,
  forward0Usd: number,
  settleGrowth: number,
  growth: number,
  inverse: boolean,
): number {
  const payoff = optionPayoffUsd(isCall, strikeUsd, forward0Usd * settleGrowth);
  return inverse ? (weight * payoff * growth) / settleGrowth : weight * payoff;
}
