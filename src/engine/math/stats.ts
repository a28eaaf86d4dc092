/**
 * Statistics for VaR, ES and backtesting: the tail-quantile rule, moments and covariances of return windows, the
 * EWMA variance recursion, and the χ² and binomial distributions the backtests need.
 *
 * Conventions:
 * - P&L is positive for a gain; VaR and ES are positive losses (METHODOLOGY.md §5).
 * - Quantile rule (PRODUCT.md "Historical VaR convention"): with N scenario P&Ls and confidence c,
 *   k = ⌈N·(1 − c) − 1e-9⌉ (at least 1); VaR is the k-th largest loss, ES the mean of the k largest losses. The
 *   1e-9 keeps N·(1 − c) that is an integer in exact arithmetic (100 · 0.01 = 1.0000000000000002 in binary) from
 *   rounding up. Ties are broken by scenario index (stable), so the "VaR scenario" is well defined.
 * - Covariance of returns for parametric VaR and Monte Carlo: zero-mean, divided by N (PRODUCT.md delta-normal).
 * - Sample variance (the EWMA seed): mean-removed, divided by N − 1.
 * - EWMA (RiskMetrics, J.P. Morgan 1996): σ²_1 = seed, σ²_{t+1} = λ σ²_t + (1 − λ) r_t²; σ²_{N+1} is "today".
 * - χ²: P(k/2, x/2), the regularized lower incomplete gamma function (series for x < a + 1, Lentz continued
 *   fraction otherwise; Numerical Recipes 3rd ed. §6.2), ln Γ by Lanczos (g = 7, n = 9). The survival function is
 *   computed from Q directly (no 1 − P cancellation), and 1 and 2 degrees of freedom use the closed forms
 *   erfc(√(x/2)) and e^{−x/2}.
 * - Binomial CDF by summing the pmf in log space (exact up to rounding for the n ≤ a few thousand of backtests).
 *
 * Verified by: stats.test.ts (rank rule on hand-made vectors, EWMA by hand on 5 numbers, χ² against closed forms
 * and tabulated critical values, binomial CDF against the Basel table, histogram counts).
 */
import { normCdf } from './normal.ts';
import { selectInPlace, smallestK } from './select.ts';

/** Number of tail scenarios k = max(1, ⌈N·(1 − c) − 1e-9⌉) of the quantile rule. */
export function tailCount(n: number, confidence: number): number {
  const k = Math.ceil(n * (1 - confidence) - 1e-9);
  return Math.min(n, Math.max(1, k));
}

/** VaR and ES of a P&L sample under the quantile rule, with the scenarios that make the tail. */
export interface TailMeasure {
  /** k-th largest loss (USD, positive = loss). */
  readonly varUsd: number;
  /** Mean of the k largest losses (USD). */
  readonly esUsd: number;
  /** Number of tail scenarios k. */
  readonly k: number;
  /** Scenario indices ordered from the largest loss; the first k are the tail, `tail[k − 1]` is the VaR scenario. */
  readonly tail: Int32Array;
}

/**
 * VaR and ES of scenario P&Ls (gain positive) at `confidence`, by the rule of the module header.
 * @param pnl P&L per scenario (USD); not modified
 */
export function tailMeasure(pnl: ArrayLike<number>, confidence: number): TailMeasure {
  const n = pnl.length;
  if (n === 0) return { varUsd: NaN, esUsd: NaN, k: 0, tail: new Int32Array(0) };
  const k = tailCount(n, confidence);
  // The k smallest P&Ls (largest losses first), ties by index: deterministic and stable (select.ts, no full sort).
  const tail = smallestK(pnl, k);
  let sum = 0;
  for (let j = 0; j < k; j++) sum -= pnl[tail[j]!]!;
  return { varUsd: -pnl[tail[k - 1]!]!, esUsd: sum / k, k, tail };
}

/** Arithmetic mean. */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample variance: mean removed, divided by N − 1 (NaN for N < 2). */
export function sampleVariance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
  return s / (n - 1);
}

/**
 * Zero-mean covariance Σ_ij = (1/N) Σ_t r_i,t r_j,t of return series of equal length (PRODUCT.md delta-normal).
 * @param series one return series per underlying
 * @returns row-major n × n matrix
 */
export function zeroMeanCovariance(series: readonly ArrayLike<number>[]): Float64Array {
  const n = series.length;
  const out = new Float64Array(n * n);
  const len = n > 0 ? series[0]!.length : 0;
  for (let i = 0; i < n; i++) {
    const a = series[i]!;
    for (let j = 0; j <= i; j++) {
      const b = series[j]!;
      let s = 0;
      for (let t = 0; t < len; t++) s += a[t]! * b[t]!;
      out[i * n + j] = s / len;
      out[j * n + i] = s / len;
    }
  }
  return out;
}

/**
 * EWMA variances σ²_1 … σ²_{N+1} of a return series: σ²_1 = seed, σ²_{t+1} = λσ²_t + (1 − λ) r_t².
 * Element t − 1 of the result is σ²_t, the variance forecast for day t made with data up to day t − 1; the last
 * element σ²_{N+1} is the forecast for tomorrow ("today's" σ² in filtered HS).
 */
export function ewmaVariances(returns: ArrayLike<number>, lambda: number, seedVariance: number): Float64Array {
  const n = returns.length;
  const out = new Float64Array(n + 1);
  out[0] = seedVariance;
  for (let t = 0; t < n; t++) out[t + 1] = lambda * out[t]! + (1 - lambda) * returns[t]! * returns[t]!;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Gamma function family and the χ² distribution.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Series for P(a, x), valid and fast for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < 1000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction (modified Lentz) for Q(a, x), valid for x ≥ a + 1. */
function gammaQContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

/** χ² cumulative distribution P(X ≤ x) with k degrees of freedom. */
export function chiSquareCdf(x: number, k: number): number {
  return 1 - chiSquareSf(x, k);
}

/**
 * χ² survival function P(X > x) (the p-value of a likelihood-ratio statistic x) with k degrees of freedom.
 * Closed forms for k = 1 (2·(1 − Φ(√x))) and k = 2 (e^{−x/2}); Q(k/2, x/2) otherwise.
 */
export function chiSquareSf(x: number, k: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (k === 1) return 2 * normCdf(-Math.sqrt(x));
  if (k === 2) return Math.exp(-x / 2);
  return regularizedGammaQ(k / 2, x / 2);
}

/** Binomial probability P(X ≤ x) for X ~ Bin(n, p). */
export function binomialCdf(x: number, n: number, p: number): number {
  if (x < 0) return 0;
  if (x >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lnFactN = logGamma(n + 1);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let s = 0;
  for (let i = 0; i <= Math.floor(x); i++) s += Math.exp(lnFactN - logGamma(i + 1) - logGamma(n - i + 1) + i * lp + (n - i) * lq);
  return Math.min(1, s);
}

// ---------------------------------------------------------------------------------------------------------------
// Histogram for the P&L distribution chart.

/** Equal-width histogram: `edges` has bins + 1 entries, `counts[i]` counts values in [edges[i], edges[i+1]). */
export interface Histogram {
  readonly edges: number[];
  readonly counts: number[];
  /** Robust range only: values below the first edge / above the last, in no bin (`robustHistogram`). */
  readonly clippedBelow?: number;
  readonly clippedAbove?: number;
  /** Robust range only: the sample's smallest and largest value. */
  readonly minValue?: number;
  readonly maxValue?: number;
}

/** Equal-width histogram of `values` over [min, max] (the maximum falls in the last bin). */
export function histogram(values: ArrayLike<number>, bins: number): Histogram {
  const n = values.length;
  const nb = Math.max(1, Math.floor(bins));
  if (n === 0) return { edges: [], counts: [] };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) {
    // A degenerate sample (e.g. a book with no market risk): one bin around the value.
    return { edges: [lo - 0.5, lo + 0.5], counts: [n] };
  }
  const width = (hi - lo) / nb;
  const edges = Array.from({ length: nb + 1 }, (_, i) => (i === nb ? hi : lo + i * width));
  const counts = new Array<number>(nb).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(nb - 1, Math.floor((values[i]! - lo) / width));
    counts[b]! += 1;
  }
  return { edges, counts };
}

/** Options of {@link robustHistogram}. */
export interface RobustHistogramOptions {
  /** Share of the sample in each tail that may fall outside the body's range, default 0.001. */
  readonly tailShare?: number;
  /** Values the range must contain (e.g. −VaR and −ES, so their markers sit over bars). */
  readonly include?: readonly number[];
}

/**
 * Equal-width histogram over a robust range, so that a few extreme values (a fat-tailed Monte Carlo's far paths)
 * do not squeeze the body into a handful of bins. The body is the range between the `tailShare` and 1 − `tailShare`
 * quantiles (order statistics ⌊p(n − 1)⌋ and ⌈(1 − p)(n − 1)⌉), widened by 5 % on each side and to contain
 * `include`. A side is clipped only when the sample extends beyond that edge by more than half the body's width;
 * otherwise it keeps the sample's extreme, as `histogram` does. Clipped values are counted, never dropped silently:
 * `clippedBelow`/`clippedAbove`, with `minValue`/`maxValue`. The same bins as `histogram` when nothing is clipped.
 */
export function robustHistogram(values: ArrayLike<number>, bins: number, options: RobustHistogramOptions = {}): Histogram {
  const n = values.length;
  if (n === 0) return { edges: [], counts: [] };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const p = Math.min(0.25, Math.max(0, options.tailShare ?? 0.001));
  const sorted = Float64Array.from(values as ArrayLike<number>);
  const rLo = Math.floor(p * (n - 1));
  const rHi = Math.ceil((1 - p) * (n - 1));
  const qLo = selectInPlace(sorted, rLo);
  // After selecting rank rLo, every rank above it lies in sorted[rLo + 1 …].
  const qHi = rHi > rLo ? selectInPlace(sorted, rHi, rLo + 1) : qLo;
  const width = qHi - qLo;
  if (!(width > 0) || !Number.isFinite(width))
    return { ...histogram(values, bins), clippedBelow: 0, clippedAbove: 0, minValue: min, maxValue: max };
  let lo = qLo - 0.05 * width;
  let hi = qHi + 0.05 * width;
  for (const x of options.include ?? []) {
    if (!Number.isFinite(x)) continue;
    if (x < lo) lo = x - 0.02 * width;
    if (x > hi) hi = x + 0.02 * width;
  }
  const low = min < lo - 0.5 * width ? lo : min;
  const high = max > hi + 0.5 * width ? hi : max;
  const nb = Math.max(1, Math.floor(bins));
  const step = (high - low) / nb;
  const edges = Array.from({ length: nb + 1 }, (_, i) => (i === nb ? high : low + i * step));
  const counts = new Array<number>(nb).fill(0);
  let clippedBelow = 0;
  let clippedAbove = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < low) clippedBelow++;
    else if (v > high) clippedAbove++;
    else counts[Math.min(nb - 1, Math.floor((v - low) / step))]! += 1;
  }
  return { edges, counts, clippedBelow, clippedAbove, minValue: min, maxValue: max };
}
