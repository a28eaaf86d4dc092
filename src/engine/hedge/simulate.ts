/**
 * Delta-hedge simulation (issue 7): replay a delta-hedging policy for the book's options on one underlying along
 * historical daily price paths.
 *
 * Path: the historical closes of a window, rescaled to start at today's index (S_t = S0 · close_t / close_0).
 * Each day t the options are fully revalued with the valuation time moved t days forward and the spot moved to
 * S_t (sticky-strike vols, unchanged otherwise). An option settles once, at the first close at or after its expiry
 * (pricers/settlement.ts: intrinsic at that close's forward, paid in coin for inverse options, USDC for linear ones);
 * from then on it is that fixed amount (a coin amount revalued at each later close's index) with no delta, so the
 * hedge no longer trades against it. The hedge is a linear (USDC)
 * perpetual held in h coins, worth h·ΔS per step; its target is h* = −deltaUsd_t / S_t for a flat USD delta (the
 * default) or h* = −delta_t (coin) for a flat coin delta (scope.ts; they differ by F/S on linear options).
 * Policies: 'interval' rebalances every k days; 'band' rebalances when |h* − h| exceeds a band (coins). Day 0
 * always trades to h*. Each trade costs |Δh| · S_t · costBps / 10⁴.
 * Outputs per path: unhedged P&L V_t − V_0, hedged P&L = unhedged + Σ h_{t−1}(S_t − S_{t−1}) − costs, hedge costs,
 * trades; residual risk = standard deviation of the daily changes of the hedged P&L before costs.
 * Verified by: simulate.test.ts (constant path: only theta, one trade; P&L identity recomputed independently;
 * daily hedging cuts the P&L dispersion of a short option on a volatile path).
 */
import type { Portfolio } from '../../domain/position.ts';
import type { MarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import {
  compileBook,
  greeksCompiled,
  newPathSettlement,
  settleRowsOnPath,
  valueCompiled,
  type CompiledBook,
} from '../risk/compiledBook.ts';
import type { DeltaMeasure } from './scope.ts';

export interface HedgePolicy {
  readonly name: string;
  readonly kind: 'interval' | 'band';
  /** interval: rebalance every `everyDays` days (≥ 1). */
  readonly everyDays?: number;
  /** band: rebalance when the hedge is off target by more than this many coins. */
  readonly bandCoin?: number;
  /** Cost per trade, basis points of the traded notional. */
  readonly costBps: number;
}

export interface HedgePathResult {
  readonly policy: string;
  readonly spotUsd: number[];
  readonly unhedgedPnlUsd: number[];
  readonly hedgedPnlUsd: number[];
  readonly hedgeCoins: number[];
  readonly costUsd: number[];
  readonly trades: number;
  readonly totalCostUsd: number;
  readonly residualRiskUsd: number;
}

/** The options of `underlying` in the book, compiled (delta-one positions are what the simulation replaces). */
export function compileOptionsBook(portfolio: Portfolio, model: MarketModel, underlying: string): CompiledBook {
  const resolved = resolveBook(portfolio, model);
  const options = resolved.positions.filter(
    (rp) => rp.instrument.underlying === underlying && (rp.path === 'inverseOption' || rp.path === 'linearOption'),
  );
  return compileBook({ ...resolved, positions: options }, model);
}

function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (xs.length - 1));
}

/**
 * Simulate one policy along one path of daily closes.
 * @param closes at least 2 daily closes, chronological (only ratios to closes[0] matter)
 */
export function simulateDeltaHedge(
  book: CompiledBook,
  underlying: string,
  closes: readonly number[],
  policy: HedgePolicy,
  measure: DeltaMeasure = 'usd',
): HedgePathResult {
  const u = book.underlyings.indexOf(underlying);
  const S0 = u >= 0 ? book.index0[u]! : NaN;
  const growth = new Float64Array(book.underlyings.length).fill(1);
  // Per option row, the growth of the close it settled at (NaN until it expires); fixed once set.
  const settledAt = newPathSettlement(book);
  const stateAt = (t: number) => {
    if (u >= 0) growth[u] = closes[t]! / closes[0]!;
    const s = { growth, volShift: 0, days: t, volTermPower: null, settledAt };
    if (u >= 0) settleRowsOnPath(book, s, settledAt, u);
    const value = u >= 0 ? valueCompiled(book, s, undefined, u) : 0;
    const g = u >= 0 ? greeksCompiled(book, s, u)[u]! : null;
    const spot = S0 * growth[u]!;
    // Hedge coins that flatten the chosen delta.
    const target = g ? (measure === 'usd' ? -g.deltaUsd / spot : -g.delta) : 0;
    return { value, target, spot };
  };
  const start = stateAt(0);
  const spotUsd = [start.spot];
  const unhedged = [0];
  const hedged = [0];
  const hedgeCoins: number[] = [];
  const costUsd = [0];
  let h = start.target;
  let cost = Math.abs(h) * start.spot * (policy.costBps / 1e4);
  let trades = h !== 0 ? 1 : 0;
  let hedgeGain = 0;
  hedgeCoins.push(h);
  costUsd[0] = cost;
  hedged[0] = -cost;
  const dailyGross: number[] = [];
  let prevGross = 0;
  for (let t = 1; t < closes.length; t++) {
    const st = stateAt(t);
    hedgeGain += h * (st.spot - spotUsd[t - 1]!);
    const target = st.target;
    const rebalance =
      policy.kind === 'interval' ? t % Math.max(1, Math.round(policy.everyDays ?? 1)) === 0 : Math.abs(target - h) > (policy.bandCoin ?? 0);
    if (rebalance && target !== h) {
      cost += Math.abs(target - h) * st.spot * (policy.costBps / 1e4);
      h = target;
      trades++;
    }
    const gross = st.value - start.value + hedgeGain;
    dailyGross.push(gross - prevGross);
    prevGross = gross;
    spotUsd.push(st.spot);
    unhedged.push(st.value - start.value);
    hedged.push(gross - cost);
    hedgeCoins.push(h);
    costUsd.push(cost);
  }
  return {
    policy: policy.name,
    spotUsd,
    unhedgedPnlUsd: unhedged,
    hedgedPnlUsd: hedged,
    hedgeCoins,
    costUsd,
    trades,
    totalCostUsd: cost,
    residualRiskUsd: std(dailyGross),
  };
}

export interface PolicySummary {
  readonly policy: string;
  readonly paths: number;
  readonly meanHedgedPnlUsd: number;
  readonly stdHedgedPnlUsd: number;
  readonly meanUnhedgedPnlUsd: number;
  readonly stdUnhedgedPnlUsd: number;
  readonly meanCostUsd: number;
  readonly meanTrades: number;
  readonly meanResidualRiskUsd: number;
}

/**
 * Compare policies over many historical windows of `windowDays` days (window starts every `strideDays`), all
 * rescaled to today's spot. Returns a summary per policy and the paths of the most recent window for charts.
 */
export function compareHedgePolicies(
  book: CompiledBook,
  underlying: string,
  closes: readonly number[],
  policies: readonly HedgePolicy[],
  windowDays: number,
  strideDays: number,
  measure: DeltaMeasure = 'usd',
): { summaries: PolicySummary[]; latest: HedgePathResult[] } {
  const starts: number[] = [];
  for (let s = closes.length - 1 - windowDays; s >= 0; s -= Math.max(1, strideDays)) starts.push(s);
  const summaries = policies.map((p) => {
    const results = starts.map((s) => simulateDeltaHedge(book, underlying, closes.slice(s, s + windowDays + 1), p, measure));
    const finalH = results.map((r) => r.hedgedPnlUsd[r.hedgedPnlUsd.length - 1]!);
    const finalU = results.map((r) => r.unhedgedPnlUsd[r.unhedgedPnlUsd.length - 1]!);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    return {
      policy: p.name,
      paths: results.length,
      meanHedgedPnlUsd: mean(finalH),
      stdHedgedPnlUsd: std(finalH),
      meanUnhedgedPnlUsd: mean(finalU),
      stdUnhedgedPnlUsd: std(finalU),
      meanCostUsd: mean(results.map((r) => r.totalCostUsd)),
      meanTrades: mean(results.map((r) => r.trades)),
      meanResidualRiskUsd: mean(results.map((r) => r.residualRiskUsd)),
    };
  });
  const last = starts[0] ?? 0;
  const latest = policies.map((p) => simulateDeltaHedge(book, underlying, closes.slice(last, last + windowDays + 1), p, measure));
  return { summaries, latest };
}
