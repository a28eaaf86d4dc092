/**
 * Black (1976) on a forward, with Deribit's conventions (METHODOLOGY.md §2).
 *
 * Conventions:
 * - `forward` F and `strike` K in USD per coin; `vol` σ an annualised decimal (0.45 = 45 %);
 *   `tteYears` T in ACT/365 years (ms / (365 · 86 400 000)); rate r = 0, so no discounting.
 * - Price: USD per 1 coin of underlying. An inverse option's coin mark is price / F (see pricers).
 * - delta = N(d1) (call) or N(d1) − 1 (put): the plain forward delta, NOT premium-adjusted.
 * - gamma = φ(d1) / (F σ √T), per USD of F.
 * - vega = F φ(d1) √T / 100, USD per vol point.
 * - theta (Deribit's published rule), USD per calendar day per coin long:
 *     θ_day = −F φ(d1) σ / (2 √T) / 365,  theta = max(θ_day · min(1, days left), −V), V the option's USD value,
 *   i.e. inside the last day the one-day theta is scaled by the time left, and theta never exceeds the whole value.
 * - rho = ±K T N(±d2) / 100 (call +, put −): Black-Scholes style, USD per 1 % rate (what Deribit publishes).
 * - T ≤ 0: the option has expired and is worth its intrinsic value on F; delta is 1/0 (call) or −1/0 (put) by
 *   moneyness (at the money: 0.5 / −0.5), every other Greek is 0.
 *
 * References: F. Black, "The pricing of commodity contracts", J. Fin. Econ. 3 (1976) 167–179;
 * E. G. Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007) §1.1.5 (Black-76) and §2.1.
 * Verified by: black76.test.ts (163 real Deribit tickers, put-call parity, monotonicity, finite-difference Greeks).
 */
import type { PutCall } from '../../domain/instrument.ts';
import { INV_SQRT_2PI, normCdf } from '../math/normal.ts';

const DAYS_PER_YEAR = 365;

/** Price and Greeks of one option on 1 coin of underlying (units in the module header). */
export interface Black76Result {
  /** USD per coin. */
  readonly price: number;
  /** Forward delta, coin per coin. */
  readonly delta: number;
  /** Per USD. */
  readonly gamma: number;
  /** USD per vol point. */
  readonly vega: number;
  /** USD per calendar day (Deribit's rule). */
  readonly theta: number;
  /** USD per 1 % rate. */
  readonly rho: number;
  /** N(d1)-style values for callers that need them; NaN when expired. */
  readonly d1: number;
  readonly d2: number;
}

/** Intrinsic value on the forward, USD per coin. */
export function intrinsicValue(putCall: PutCall, forward: number, strike: number): number {
  return putCall === 'call' ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
}

/**
 * Black-76 price, USD per coin (r = 0).
 * @param putCall 'call' or 'put'
 * @param forward F, USD per coin (> 0)
 * @param strike K, USD per coin (> 0)
 * @param vol σ, annualised decimal (> 0)
 * @param tteYears T, ACT/365 years; T ≤ 0 returns the intrinsic value on F
 * @example black76Price('call', 100, 100, 0.2, 1) // 7.965567455405804
 */
export function black76Price(putCall: PutCall, forward: number, strike: number, vol: number, tteYears: number): number {
  if (tteYears <= 0) return intrinsicValue(putCall, forward, strike);
  const sd = vol * Math.sqrt(tteYears);
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  return putCall === 'call' ? forward * normCdf(d1) - strike * normCdf(d2) : strike * normCdf(-d2) - forward * normCdf(-d1);
}

/**
 * Black-76 price and Deribit ticker Greeks for 1 coin long.
 * @see module header for units and the theta rule.
 */
export function black76(putCall: PutCall, forward: number, strike: number, vol: number, tteYears: number): Black76Result {
  const isCall = putCall === 'call';
  if (tteYears <= 0) {
    const price = intrinsicValue(putCall, forward, strike);
    const atm = forward === strike;
    const delta = isCall ? (atm ? 0.5 : forward > strike ? 1 : 0) : atm ? -0.5 : forward < strike ? -1 : 0;
    return { price, delta, gamma: 0, vega: 0, theta: 0, rho: 0, d1: NaN, d2: NaN };
  }
  const sqrtT = Math.sqrt(tteYears);
  const sd = vol * sqrtT;
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
  const nd1 = normCdf(d1);
  const nd2 = normCdf(d2);
  // Puts use the lower tails N(−d) directly: 1 − N(d) would cancel for deep out-of-the-money puts.
  const value = isCall ? forward * nd1 - strike * nd2 : strike * normCdf(-d2) - forward * normCdf(-d1);
  const thetaDay = (-forward * pdf * vol) / (2 * sqrtT) / DAYS_PER_YEAR;
  const daysLeft = tteYears * DAYS_PER_YEAR;
  const theta = Math.max(thetaDay * Math.min(1, daysLeft), -value);
  return {
    price: value,
    delta: isCall ? nd1 : nd1 - 1,
    gamma: pdf / (forward * sd),
    vega: (forward * pdf * sqrtT) / 100,
    theta,
    rho: isCall ? (strike * tteYears * nd2) / 100 : (-strike * tteYears * normCdf(-d2)) / 100,
    d1,
    d2,
  };
}
