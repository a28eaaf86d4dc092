/**
 * Black-76 over struct-of-arrays inputs: the engine's hot loop for revaluing many options at once (heatmaps,
 * VaR scenarios, benchmarks). Same conventions and results as `black76()` (black76.ts), bit for bit: price (USD per
 * coin), delta (forward delta), gamma (per USD), vega (USD per vol point) and Deribit's theta rule (USD per day).
 *
 * Inputs are plain Float64Arrays so the loop stays monomorphic and allocation-free.
 * Verified by: black76Batch.test.ts (equals the scalar function on random inputs, including expired options).
 */
import { INV_SQRT_2PI, normCdf } from '../math/normal.ts';

export interface OptionBatch {
  /** Number of options. */
  readonly n: number;
  /** F, USD. */
  readonly forward: Float64Array;
  /** K, USD. */
  readonly strike: Float64Array;
  /** σ, decimal. */
  readonly vol: Float64Array;
  /** T, ACT/365 years (≤ 0: expired, intrinsic). */
  readonly tteYears: Float64Array;
  /** 1 call, 0 put. */
  readonly isCall: Uint8Array;
}

export interface GreekBatch {
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly vega: Float64Array;
  readonly theta: Float64Array;
}

/** Allocate output arrays for `n` options. */
export function allocGreekBatch(n: number): GreekBatch {
  return {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
  };
}

/** Price and the four ticker Greeks of every option in `inp`, written into `out`. */
export function black76Batch(inp: OptionBatch, out: GreekBatch): void {
  const { n, forward, strike, vol, tteYears, isCall } = inp;
  const { price, delta, gamma, vega, theta } = out;
  for (let i = 0; i < n; i++) {
    const F = forward[i]!;
    const K = strike[i]!;
    const T = tteYears[i]!;
    const call = isCall[i] === 1;
    if (T <= 0) {
      price[i] = call ? Math.max(F - K, 0) : Math.max(K - F, 0);
      delta[i] = call ? (F === K ? 0.5 : F > K ? 1 : 0) : F === K ? -0.5 : F < K ? -1 : 0;
      gamma[i] = 0;
      vega[i] = 0;
      theta[i] = 0;
      continue;
    }
    const s = vol[i]!;
    const sqrtT = Math.sqrt(T);
    const sd = s * sqrtT;
    const d1 = Math.log(F / K) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
    const nd1 = normCdf(d1);
    const value = call ? F * nd1 - K * normCdf(d2) : K * normCdf(-d2) - F * normCdf(-d1);
    const thetaDay = (-F * pdf * s) / (2 * sqrtT) / 365;
    const daysLeft = T * 365;
    price[i] = value;
    delta[i] = call ? nd1 : nd1 - 1;
    gamma[i] = pdf / (F * sd);
    vega[i] = (F * pdf * sqrtT) / 100;
    theta[i] = Math.max(thetaDay * (daysLeft < 1 ? daysLeft : 1), -value);
  }
}
