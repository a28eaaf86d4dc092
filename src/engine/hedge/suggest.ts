/**
 * Greek-targeting hedge suggestions (issue 7): the least-cost trades in the chosen candidates that bring each
 * underlying's delta (coin) into a band around a target, and optionally gammaUsd1pct and vega to targets.
 *
 * Model: a linear program over buy/sell amounts x⁺, x⁻ ≥ 0 (coins) of each candidate,
 *   minimise Σ cost_i (x⁺_i + x⁻_i)
 *   s.t. per underlying: lo − Δ ≤ Σ δ_i (x⁺_i − x⁻_i) ≤ hi − Δ          (delta band, coin)
 *                        |Γ* − Γ − Σ γ_i (x⁺_i − x⁻_i)| ≤ tolΓ          (gamma, USD per 1 %; optional)
 *                        |V* − V − Σ ν_i (x⁺_i − x⁻_i)| ≤ tolV          (vega, USD per vol point; optional)
 * with Greeks linear in the traded amounts (first order: exact for the Greeks themselves at the current state).
 * The simplex optimum uses at most one instrument per binding constraint: typically a perpetual or future for
 * delta and near-the-money options for gamma/vega. Trades are then rounded to exchange increments (inverse
 * futures/perpetuals 10 USD for BTC, 1 USD for ETH, as `usd` notional; options 0.1 coin) and the Greeks after
 * the rounded trades are recomputed by full revaluation of the book with the trades added.
 * Verified by: suggest.test.ts (delta to zero with the perpetual, gamma/vega targets met with options,
 * infeasible targets reported with the reason).
 */
import type { Portfolio, Position } from '../../domain/position.ts';
import type { Scenario } from '../../domain/scenario.ts';
import type { UnderlyingAggregate } from '../../domain/results.ts';
import { INVERSE_FUTURE_CONTRACT_USD } from '../../domain/instrument.ts';
import type { MarketModel } from '../market/marketModel.ts';
import { computeReport } from '../risk/report.ts';
import { solveLp, type LinearConstraint } from './lp.ts';
import { listHedgeCandidates, type CandidateKind, type HedgeCandidate } from './candidates.ts';

export interface UnderlyingTargets {
  /** Delta band (coin) around which the book's delta must end: [lo, hi]; [0, 0] = flat. */
  readonly delta: { readonly lo: number; readonly hi: number };
  /** gammaUsd1pct target (USD) and tolerance. */
  readonly gammaUsd1pct?: { readonly target: number; readonly tolerance: number };
  /** vega target (USD per vol point) and tolerance. */
  readonly vega?: { readonly target: number; readonly tolerance: number };
}

export interface HedgeRequest {
  readonly targets: Readonly<Record<string, UnderlyingTargets>>;
  readonly kinds: readonly CandidateKind[];
  /** Optional explicit instrument whitelist (names); default all candidates of `kinds`. */
  readonly instruments?: readonly string[];
  /** Market state to hedge in (the what-if scenario); default the base market. */
  readonly scenario?: Scenario;
  /** Round to exchange increments (default true). */
  readonly round?: boolean;
}

export interface HedgeTrade {
  readonly instrument: string;
  readonly kind: CandidateKind;
  readonly underlying: string;
  readonly side: 'buy' | 'sell';
  /** Signed quantity in `unit` (the position row to add). */
  readonly quantity: number;
  readonly unit: 'coin' | 'usd';
  /** Signed coins. */
  readonly quantityCoin: number;
  readonly costUsd: number;
  /** One sentence: what it does and why it was chosen. */
  readonly explanation: string;
}

export type HedgeResult =
  | {
      readonly ok: true;
      readonly trades: HedgeTrade[];
      readonly totalCostUsd: number;
      readonly before: Readonly<Record<string, UnderlyingAggregate>>;
      readonly after: Readonly<Record<string, UnderlyingAggregate>>;
      readonly candidates: HedgeCandidate[];
    }
  | { readonly ok: false; readonly reason: string; readonly candidates: HedgeCandidate[] };

const fmt = (v: number, d = 2) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function roundTrade(c: HedgeCandidate, coins: number): { quantity: number; unit: 'coin' | 'usd'; quantityCoin: number } {
  if (c.kind === 'option') {
    const q = Math.round(coins * 10) / 10;
    return { quantity: q, unit: 'coin', quantityCoin: q };
  }
  const step = INVERSE_FUTURE_CONTRACT_USD[c.underlying] ?? 1;
  const usd = Math.round((coins * c.forwardUsd) / step) * step;
  return { quantity: usd, unit: 'usd', quantityCoin: usd / c.forwardUsd };
}

/** Suggest hedge trades for `portfolio` (see module header). */
export function suggestHedge(portfolio: Portfolio, model: MarketModel, req: HedgeRequest): HedgeResult {
  const scenario = req.scenario ?? {};
  const report = computeReport(portfolio, model, scenario);
  const before = report.scenario?.byUnderlyingAfter ?? report.byUnderlying;
  const underlyings = Object.keys(req.targets);
  let candidates = listHedgeCandidates(model, underlyings, req.kinds, scenario);
  if (req.instruments) {
    const allow = new Set(req.instruments.map((s) => s.toUpperCase()));
    candidates = candidates.filter((c) => allow.has(c.instrument.toUpperCase()));
  }
  const n = candidates.length;
  const constraints: LinearConstraint[] = [];
  const row = (f: (c: HedgeCandidate) => number): number[] => [...candidates.map(f), ...candidates.map((c) => -f(c))];
  for (const ul of underlyings) {
    const t = req.targets[ul]!;
    const cur = before[ul] ?? { delta: 0, gammaUsd1pct: 0, vega: 0 };
    const inUl = (f: (c: HedgeCandidate) => number) => (c: HedgeCandidate) => (c.underlying === ul ? f(c) : 0);
    const deltaRow = row(inUl((c) => c.delta));
    const needDelta = cur.delta < t.delta.lo || cur.delta > t.delta.hi;
    if (needDelta && deltaRow.every((v) => v === 0)) {
      return {
        ok: false,
        reason: `${ul} delta ${fmt(cur.delta, 4)} is outside [${t.delta.lo}, ${t.delta.hi}] and no ${ul} candidate was selected`,
        candidates,
      };
    }
    constraints.push({ coefficients: deltaRow, sense: '>=', rhs: t.delta.lo - cur.delta });
    constraints.push({ coefficients: deltaRow, sense: '<=', rhs: t.delta.hi - cur.delta });
    for (const [key, label] of [
      ['gammaUsd1pct', 'gamma (USD per 1 %)'],
      ['vega', 'vega (USD per vol point)'],
    ] as const) {
      const target = t[key];
      if (!target) continue;
      const r = row(inUl((c) => c[key]));
      const gap = target.target - cur[key];
      if (Math.abs(gap) > target.tolerance && r.every((v) => Math.abs(v) < 1e-12)) {
        return { ok: false, reason: `${ul} ${label} target needs option candidates: only delta-one instruments were selected`, candidates };
      }
      constraints.push({ coefficients: r, sense: '>=', rhs: gap - target.tolerance });
      constraints.push({ coefficients: r, sense: '<=', rhs: gap + target.tolerance });
    }
  }
  if (n === 0) {
    const anyNeeded = underlyings.some((ul) => {
      const d = before[ul]?.delta ?? 0;
      return d < req.targets[ul]!.delta.lo || d > req.targets[ul]!.delta.hi;
    });
    if (anyNeeded) return { ok: false, reason: 'no hedge candidates selected', candidates };
  }
  const cost = [...candidates.map((c) => c.costPerCoinUsd), ...candidates.map((c) => c.costPerCoinUsd)];
  const lp = solveLp(cost, constraints);
  if (lp.status !== 'optimal') {
    return {
      ok: false,
      reason:
        lp.status === 'infeasible'
          ? 'the targets cannot all be met with the selected instruments (e.g. gamma and vega targets in opposite directions need options of different expiries): widen the tolerances or add candidates'
          : 'the hedge problem is unbounded',
      candidates,
    };
  }
  const trades: HedgeTrade[] = [];
  candidates.forEach((c, i) => {
    const coins = lp.x[i]! - lp.x[i + n]!;
    if (Math.abs(coins) < 1e-9) return;
    const r =
      req.round === false
        ? {
            quantity: c.kind === 'option' ? coins : coins * c.forwardUsd,
            unit: (c.kind === 'option' ? 'coin' : 'usd') as 'coin' | 'usd',
            quantityCoin: coins,
          }
        : roundTrade(c, coins);
    if (r.quantity === 0) return;
    const side = r.quantityCoin > 0 ? 'buy' : 'sell';
    const effects = [
      `delta ${fmt(r.quantityCoin * c.delta, 4)} ${c.underlying}`,
      ...(c.kind === 'option'
        ? [`gamma ${fmt(r.quantityCoin * c.gammaUsd1pct)} USD/1%`, `vega ${fmt(r.quantityCoin * c.vega)} USD/pt`]
        : []),
    ];
    const why =
      c.kind === 'option'
        ? 'the cheapest near-the-money option for the gamma/vega target'
        : `the cheapest ${c.underlying} delta-one instrument per coin of delta`;
    trades.push({
      instrument: c.instrument,
      kind: c.kind,
      underlying: c.underlying,
      side,
      quantity: r.quantity,
      unit: r.unit,
      quantityCoin: r.quantityCoin,
      costUsd: Math.abs(r.quantityCoin) * c.costPerCoinUsd,
      explanation:
        `${side === 'buy' ? 'Buy' : 'Sell'} ${fmt(Math.abs(r.quantity), r.unit === 'usd' ? 0 : 1)} ${r.unit === 'usd' ? 'USD of' : ''} ${c.instrument}: ${effects.join(', ')}; ${why} (≈ ${fmt(Math.abs(r.quantityCoin) * c.costPerCoinUsd)} USD).`.replace(
          '  ',
          ' ',
        ),
    });
  });
  const toPositions = (ts: readonly HedgeTrade[]): Position[] =>
    ts.map((t, i) => ({
      id: `hedge-${i}`,
      instrument: t.instrument,
      quantity: t.quantity,
      ...(t.unit === 'usd' ? { unit: 'usd' as const } : {}),
      entryPrice: null,
      venue: 'deribit',
      label: 'hedge',
      whatIf: true,
    }));
  const aggregateAfter = (ts: readonly HedgeTrade[]) => {
    const r = computeReport({ ...portfolio, positions: [...portfolio.positions, ...toPositions(ts)] }, model, scenario);
    return r.scenario?.byUnderlyingAfter ?? r.byUnderlying;
  };
  let after = aggregateAfter(trades);
  // Rounding options to 0.1 coin moves delta: re-flatten the residual with the cheapest delta-one candidate.
  if (req.round !== false) {
    let changed = false;
    for (const ul of underlyings) {
      const band = req.targets[ul]!.delta;
      const d = after[ul]?.delta ?? 0;
      const want = Math.min(Math.max(d, band.lo), band.hi);
      const c = candidates.filter((x) => x.underlying === ul && x.kind !== 'option').sort((a, b) => a.costPerCoinUsd - b.costPerCoinUsd)[0];
      // Only a residual larger than the delta-one instrument's own rounding (half a contract) is worth a re-trade.
      const halfStepCoin = c ? (INVERSE_FUTURE_CONTRACT_USD[c.underlying] ?? 1) / c.forwardUsd / 2 : 0;
      if (!c || Math.abs(want - d) <= halfStepCoin * Math.abs(c.delta) + 1e-12) continue;
      const existing = trades.findIndex((t) => t.instrument === c.instrument);
      const coins = (existing >= 0 ? trades[existing]!.quantityCoin : 0) + (want - d) / c.delta;
      const r = roundTrade(c, coins);
      const side = r.quantityCoin > 0 ? 'buy' : 'sell';
      const trade: HedgeTrade = {
        instrument: c.instrument,
        kind: c.kind,
        underlying: ul,
        side,
        quantity: r.quantity,
        unit: r.unit,
        quantityCoin: r.quantityCoin,
        costUsd: Math.abs(r.quantityCoin) * c.costPerCoinUsd,
        explanation: `${side === 'buy' ? 'Buy' : 'Sell'} ${fmt(Math.abs(r.quantity), 0)} USD of ${c.instrument}: delta ${fmt(r.quantityCoin * c.delta, 4)} ${ul}; the cheapest ${ul} delta-one instrument per coin of delta, sized after rounding the option trades (≈ ${fmt(Math.abs(r.quantityCoin) * c.costPerCoinUsd)} USD).`,
      };
      if (existing >= 0) trades.splice(existing, 1, trade);
      else trades.push(trade);
      changed = true;
    }
    if (changed) {
      for (let i = trades.length - 1; i >= 0; i--) if (trades[i]!.quantity === 0) trades.splice(i, 1);
      after = aggregateAfter(trades);
    }
  }
  return { ok: true, trades, totalCostUsd: trades.reduce((s, t) => s + t.costUsd, 0), before, after, candidates };
}
