/**
 * Summary cards: book-level figures and the Greeks table per underlying, straight from the report (the numbers are
 * the engine's; this only picks, sums across underlyings where the unit allows it, and orders).
 */
import { CASH_CURRENCIES } from '../../domain/instrument.ts';
import type { RiskReport } from '../../domain/results.ts';
import type { ScenarioInputs } from '../../state/slices/scenarioSlice.ts';
import { formatNumber } from '../../lib/format.ts';

export interface UnderlyingSummary {
  readonly underlying: string;
  /** Coin. */
  readonly delta: number;
  /** USD P&L per unit relative move. */
  readonly deltaUsd: number;
  /** Coin per USD. */
  readonly gamma: number;
  /** Change of USD delta for a +1 % move. */
  readonly gammaUsd1pct: number;
  /** Deribit premium-adjusted delta, coin. */
  readonly deltaTotal: number;
  /** USD per vol point. */
  readonly vega: number;
  /** USD per day. */
  readonly theta: number;
  readonly valueUsd: number;
  /** Scenario P&L of this underlying, USD. */
  readonly scenarioPnlUsd: number | null;
}

export interface SummaryModel {
  readonly valueUsd: number | null;
  readonly vegaUsd: number | null;
  readonly thetaUsd: number | null;
  readonly scenarioPnlUsd: number | null;
  /** "BTC −10 %, vol +5 pts, +1 d", or "no shock". */
  readonly scenarioLabel: string;
  readonly underlyings: readonly UnderlyingSummary[];
  /** Cash and other non-risk holdings, USD. */
  readonly cashUsd: number;
  readonly unpricedCount: number;
  /** Positions that expired before the valuation time (settled, not in the value). */
  readonly settledCount: number;
}

const isCash = (code: string) => (CASH_CURRENCIES as readonly string[]).includes(code);

/** Human description of the what-if inputs, in the units the panel shows. */
export function describeScenario(s: ScenarioInputs): string {
  const parts: string[] = [];
  for (const [ul, pct] of Object.entries(s.spotPct).sort(([a], [b]) => a.localeCompare(b))) {
    if (pct !== 0) parts.push(`${ul} ${formatNumber(pct, Number.isInteger(pct) ? 0 : 1, { signed: true })} %`);
  }
  if (s.volPts !== 0) parts.push(`vol ${formatNumber(s.volPts, Number.isInteger(s.volPts) ? 0 : 1, { signed: true })} pts`);
  if (s.days !== 0) parts.push(`+${formatNumber(s.days, Number.isInteger(s.days) ? 0 : 1)} d`);
  return parts.length > 0 ? parts.join(', ') : 'no shock';
}

/** Underlyings in a stable desk order: BTC, ETH first, then alphabetical. */
export function compareUnderlyings(a: string, b: string): number {
  const rank = (x: string) => (x === 'BTC' ? 0 : x === 'ETH' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

export function buildSummary(report: RiskReport | null, scenario: ScenarioInputs): SummaryModel {
  const scenarioLabel = describeScenario(scenario);
  if (!report) {
    return {
      valueUsd: null,
      vegaUsd: null,
      thetaUsd: null,
      scenarioPnlUsd: null,
      scenarioLabel,
      underlyings: [],
      cashUsd: 0,
      unpricedCount: 0,
      settledCount: 0,
    };
  }
  const underlyings: UnderlyingSummary[] = [];
  let vega = 0;
  let theta = 0;
  let cashUsd = 0;
  for (const [ul, agg] of Object.entries(report.byUnderlying)) {
    vega += agg.vega;
    theta += agg.theta;
    if (isCash(ul)) {
      cashUsd += agg.valueUsd;
      continue;
    }
    underlyings.push({
      underlying: ul,
      delta: agg.delta,
      deltaUsd: agg.deltaUsd,
      gamma: agg.gamma,
      gammaUsd1pct: agg.gammaUsd1pct,
      deltaTotal: agg.deltaTotal,
      vega: agg.vega,
      theta: agg.theta,
      valueUsd: agg.valueUsd,
      scenarioPnlUsd: report.scenario?.pnlByUnderlyingUsd[ul] ?? null,
    });
  }
  underlyings.sort((a, b) => compareUnderlyings(a.underlying, b.underlying));
  return {
    valueUsd: report.totalValueUsd,
    vegaUsd: vega,
    thetaUsd: theta,
    scenarioPnlUsd: report.scenario?.pnlUsd ?? null,
    scenarioLabel,
    underlyings,
    cashUsd,
    unpricedCount: report.errors.length,
    settledCount: report.settled?.length ?? 0,
  };
}

/** "+" for gains, "−" for losses: CSS tone of a P&L figure. */
export function pnlTone(x: number | null | undefined): 'pos' | 'neg' | 'flat' {
  if (x === null || x === undefined || !Number.isFinite(x) || Math.abs(x) < 0.005) return 'flat';
  return x > 0 ? 'pos' : 'neg';
}
