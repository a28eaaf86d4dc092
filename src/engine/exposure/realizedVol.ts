/**
 * Realised daily volatility of a return series, for the exchange-outage scenario (exposure/operational.ts takes a
 * daily σ per underlying) when it is estimated from the bundled daily closes rather than typed in.
 *
 * Model: σ_daily = √(Σ r² / n) over the last `lookback` daily returns (zero mean, as the covariance of the
 * historical VaR in PRODUCT.md: over days the mean return is noise next to its spread). Fewer returns than
 * `lookback` uses them all; no returns gives NaN (the caller falls back to a default and says so).
 *
 * Verified by: realizedVol.test.ts (constant ±r series, lookback window, empty input).
 */

/**
 * Zero-mean realised σ of the last `lookback` entries of `returns` (decimal, per day).
 * @param returns daily simple returns, oldest first
 * @param lookback number of most recent returns used (default 90)
 */
export function realizedDailyVol(returns: ArrayLike<number>, lookback = 90): number {
  const n = Math.min(returns.length, Math.max(1, Math.floor(lookback)));
  if (n === 0) return NaN;
  let sumSq = 0;
  for (let i = returns.length - n; i < returns.length; i++) sumSq += returns[i]! * returns[i]!;
  return Math.sqrt(sumSq / n);
}
