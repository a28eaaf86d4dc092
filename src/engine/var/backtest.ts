/**
 * VaR backtesting of the current book over history: rolling VaR against the hypothetical next-day P&L, with the
 * Basel traffic light and the Kupiec and Christoffersen likelihood-ratio tests.
 *
 * Alignment: daily returns r_1 … r_{W+T} on common dates (returns.ts), W the VaR window and T the number of test
 * days (default 250, the last T returns of the history). For test day t (the i-th of the T): VaR_t is computed from
 * the W returns ending the day before (t − W … t − 1) by the chosen method, 1-day horizon, today's book; the
 * outcome is the hypothetical P&L of today's book under day t's returns (full revaluation; with the DVOL option,
 * day t's vol change too, the same scenario model as the VaR). An exception is a loss strictly greater than VaR:
 * −P&L_t > VaR_t.
 *
 * Tests (p = 1 − c the expected exception rate, x exceptions in T days):
 * - Basel traffic light (BCBS 1996, "Supervisory framework for the use of backtesting"): with
 *   F(x) = P(Bin(T, p) ≤ x), green while F(x) < 95 %, yellow while F(x) < 99.99 %, red otherwise; at T = 250, 99 %:
 *   green 0–4, yellow 5–9, red ≥ 10 (Basel's plus factor is reported for that case).
 * - Kupiec POF (1995): LR = −2 ln[(1 − p)^{T−x} p^x] + 2 ln[(1 − x/T)^{T−x} (x/T)^x] ~ χ²(1).
 * - Christoffersen (1998) independence: transition counts n_ij of the exception indicator (day t − 1 → t, T − 1
 *   transitions), π0 = n01/(n00 + n01), π1 = n11/(n10 + n11), π = (n01 + n11)/(T − 1);
 *   LR_ind = −2 ln[(1 − π)^{n00+n10} π^{n01+n11}] + 2 ln[(1 − π0)^{n00} π0^{n01} (1 − π1)^{n10} π1^{n11}] ~ χ²(1);
 *   conditional coverage LR_cc = LR_POF + LR_ind ~ χ²(2).
 *   Terms with a zero count are 0 (0·ln 0 = 0). p-values from math/stats.ts; rejection at 5 % (3.841, 5.991).
 *
 * Verified by: backtest.test.ts (Kupiec against its closed form and textbook values; Christoffersen on a hand-made
 * transition table; traffic-light zones at 250/99 %; the rolling alignment on a small book by an independent loop).
 */
import { binomialCdf, chiSquareSf } from '../math/stats.ts';

/** Basel zone. */
export type TrafficLightZone = 'green' | 'yellow' | 'red';

export interface TrafficLight {
  readonly zone: TrafficLightZone;
  /** Largest exception count in the green zone. */
  readonly greenMax: number;
  /** Largest exception count in the yellow zone. */
  readonly yellowMax: number;
  /** P(Bin(T, p) ≤ x). */
  readonly cumulativeProbability: number;
  /** Basel's multiplier plus factor (only for T = 250 at 99 %, else null). */
  readonly plusFactor: number | null;
}

/** Traffic-light zone of x exceptions in T observations at confidence c (module header). */
export function trafficLight(exceptions: number, observations: number, confidence: number): TrafficLight {
  const p = 1 - confidence;
  let greenMax = -1;
  while (greenMax + 1 <= observations && binomialCdf(greenMax + 1, observations, p) < 0.95) greenMax++;
  let yellowMax = greenMax;
  while (yellowMax + 1 <= observations && binomialCdf(yellowMax + 1, observations, p) < 0.9999) yellowMax++;
  const zone: TrafficLightZone = exceptions <= greenMax ? 'green' : exceptions <= yellowMax ? 'yellow' : 'red';
  const basel = observations === 250 && Math.abs(confidence - 0.99) < 1e-12;
  const plus = [0, 0, 0, 0, 0, 0.4, 0.5, 0.65, 0.75, 0.85];
  return {
    zone,
    greenMax,
    yellowMax,
    cumulativeProbability: binomialCdf(exceptions, observations, p),
    plusFactor: basel ? (exceptions < 10 ? plus[exceptions]! : 1) : null,
  };
}

/** n · ln(q), 0 when n = 0 (so 0·ln 0 = 0). */
function nLog(n: number, q: number): number {
  return n === 0 ? 0 : n * Math.log(q);
}

export interface LikelihoodRatio {
  readonly statistic: number;
  readonly pValue: number;
  /** Degrees of freedom of the χ² reference. */
  readonly dof: number;
  /** Rejected at the 5 % level. */
  readonly reject5pct: boolean;
}

function lr(statistic: number, dof: number): LikelihoodRatio {
  const s = Math.max(0, statistic);
  const pValue = chiSquareSf(s, dof);
  return { statistic: s, pValue, dof, reject5pct: pValue < 0.05 };
}

/** Kupiec's proportion-of-failures test: x exceptions in T observations at expected rate p = 1 − c. */
export function kupiecPof(exceptions: number, observations: number, confidence: number): LikelihoodRatio {
  const p = 1 - confidence;
  const x = exceptions;
  const t = observations;
  const null0 = nLog(t - x, 1 - p) + nLog(x, p);
  const alt = nLog(t - x, 1 - x / t) + nLog(x, x / t);
  return lr(-2 * (null0 - alt), 1);
}

/** Transition counts of an exception indicator. */
export interface TransitionCounts {
  readonly n00: number;
  readonly n01: number;
  readonly n10: number;
  readonly n11: number;
}

export function transitionCounts(hits: ArrayLike<boolean | number>): TransitionCounts {
  let n00 = 0;
  let n01 = 0;
  let n10 = 0;
  let n11 = 0;
  for (let t = 1; t < hits.length; t++) {
    const a = hits[t - 1] ? 1 : 0;
    const b = hits[t] ? 1 : 0;
    if (a === 0 && b === 0) n00++;
    else if (a === 0) n01++;
    else if (b === 0) n10++;
    else n11++;
  }
  return { n00, n01, n10, n11 };
}

export interface ChristoffersenResult {
  readonly counts: TransitionCounts;
  readonly pi0: number;
  readonly pi1: number;
  readonly pi: number;
  readonly independence: LikelihoodRatio;
  readonly conditionalCoverage: LikelihoodRatio;
}

/** Christoffersen's independence and conditional-coverage tests of an exception indicator sequence. */
export function christoffersen(hits: ArrayLike<boolean | number>, confidence: number): ChristoffersenResult {
  const c = transitionCounts(hits);
  const { n00, n01, n10, n11 } = c;
  const pi0 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0;
  const pi1 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0;
  const total = n00 + n01 + n10 + n11;
  const pi = total > 0 ? (n01 + n11) / total : 0;
  const null0 = nLog(n00 + n10, 1 - pi) + nLog(n01 + n11, pi);
  const alt = nLog(n00, 1 - pi0) + nLog(n01, pi0) + nLog(n10, 1 - pi1) + nLog(n11, pi1);
  const independence = lr(-2 * (null0 - alt), 1);
  let x = 0;
  for (let t = 0; t < hits.length; t++) if (hits[t]) x++;
  const pof = kupiecPof(x, hits.length, confidence);
  return { counts: c, pi0, pi1, pi, independence, conditionalCoverage: lr(pof.statistic + independence.statistic, 2) };
}

/** One test day of a backtest. */
export interface BacktestDay {
  readonly date: string;
  /** VaR from the window ending the day before (USD, positive = loss). */
  readonly varUsd: number;
  readonly esUsd: number;
  /** Hypothetical P&L of today's book under this day's moves (USD, gain positive). */
  readonly pnlUsd: number;
  readonly exception: boolean;
}

/** Summary statistics of a sequence of backtest days. */
export interface BacktestStatistics {
  readonly observations: number;
  readonly exceptions: number;
  readonly expectedExceptions: number;
  readonly trafficLight: TrafficLight;
  readonly kupiec: LikelihoodRatio;
  readonly christoffersen: ChristoffersenResult;
}

/** Exceptions and all tests of a backtest series. */
export function backtestStatistics(days: readonly BacktestDay[], confidence: number): BacktestStatistics {
  const hits = days.map((d) => d.exception);
  const exceptions = hits.filter(Boolean).length;
  return {
    observations: days.length,
    exceptions,
    expectedExceptions: days.length * (1 - confidence),
    trafficLight: trafficLight(exceptions, days.length, confidence),
    kupiec: kupiecPof(exceptions, days.length, confidence),
    christoffersen: christoffersen(hits, confidence),
  };
}
