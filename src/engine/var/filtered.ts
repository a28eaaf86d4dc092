/**
 * Filtered historical simulation (Barone-Adesi, Giannopoulos & Vosper 1999; Hull & White 1998): each underlying's
 * historical return is rescaled from the volatility of its own day to today's, so a calm window does not understate
 * risk after a volatility spike (and vice versa).
 *
 * Model, per underlying, on the window's daily returns r_1 … r_N (chronological):
 *   σ²_1 = sample variance of r_1 … r_N (mean removed, ÷ (N − 1)) — the seed (METHODOLOGY.md §5);
 *   σ²_{t+1} = λ σ²_t + (1 − λ) r_t², λ = 0.94 (RiskMetrics daily);
 *   σ_today = σ_{N+1}, the forecast for the day after the window;
 *   r̃_t = r_t · σ_today / σ_t.
 * σ_t uses data up to t − 1 only, so r_t / σ_t is the standardised innovation of day t. Underlyings are filtered
 * independently (their cross-correlation is kept through using the same dates). A zero σ_t (a constant price)
 * leaves the return unscaled.
 *
 * Verified by: filtered.test.ts (the recursion by hand on 5 numbers; a constant-vol series is left unchanged up to the
 * EWMA noise; a doubled recent vol doubles old returns).
 */
import { ewmaVariances, sampleVariance } from '../math/stats.ts';

/** RiskMetrics daily decay. */
export const DEFAULT_EWMA_LAMBDA = 0.94;

/** Result of filtering one return series. */
export interface FilteredSeries {
  /** r̃_t = r_t σ_today / σ_t. */
  readonly returns: Float64Array;
  /** σ_t for t = 1 … N (daily, decimal). */
  readonly sigma: Float64Array;
  /** σ_today = σ_{N+1}. */
  readonly sigmaToday: number;
  /** The seed σ²_1 (sample variance). */
  readonly seedVariance: number;
}

/**
 * Filter one return series by EWMA volatility (module header).
 * @param returns daily relative returns, chronological
 * @param lambda decay, 0 < λ < 1 (default 0.94)
 */
export function filterReturns(returns: ArrayLike<number>, lambda = DEFAULT_EWMA_LAMBDA): FilteredSeries {
  const n = returns.length;
  // With one return the sample variance is undefined: seed with r² (the only information there is).
  const seedVariance = n >= 2 ? sampleVariance(returns) : n === 1 ? returns[0]! ** 2 : 0;
  const v = ewmaVariances(returns, lambda, seedVariance);
  const sigma = new Float64Array(n);
  for (let t = 0; t < n; t++) sigma[t] = Math.sqrt(v[t]!);
  const sigmaToday = Math.sqrt(v[n]!);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const s = sigma[t]!;
    out[t] = s > 0 ? (returns[t]! * sigmaToday) / s : returns[t]!;
  }
  return { returns: out, sigma, sigmaToday, seedVariance };
}
