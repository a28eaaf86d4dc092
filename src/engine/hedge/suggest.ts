/**
 * Greek-targeting hedge suggestions: the least-cost trades in the chosen candidates that bring each underlying's
 * delta into a band around a target, and optionally gammaUsd1pct and vega to targets, for the positions of a scope.
 *
 * Targets (scope.ts): delta is USD delta (`deltaUsd` = ∂V_usd/∂m, the default: a USD-neutral book) or coin delta
 * (Deribit's), per underlying; the scope is the whole book (default) or one venue's account or derivatives.
 *
 * Model: a linear program over buy/sell amounts x⁺, x⁻ ≥ 0 (coins) of each candidate,
 *   minimise Σ cost_i (x⁺_i + x⁻_i)
 *   s.t. per underlying: lo − D ≤ Σ d_i (x⁺_i − x⁻_i) ≤ hi − D            (delta band; d = deltaUsd or delta)
 *                        |Γ* − Γ − Σ γ_i (x⁺_i − x⁻_i)| ≤ tolΓ           (gamma, USD per 1 %; optional)
 *                        |V* − V − Σ ν_i (x⁺_i − x⁻_i)| ≤ tolV           (vega, USD per vol point; optional)
 * with D, Γ, V the scope's figures and the candidates' Greeks per coin in the same market state. Greeks are linear
 * in the traded amounts, so the LP's figures are the exact Greeks after the trades (at the current state).
 *
 * Rounding to exchange increments (inverse futures/perpetuals 10 USD for BTC, 1 USD for ETH, as `usd` notional;
 * options 0.1 coin) is a step of its own, because rounding alone can push a target the LP left at the edge of its
 * tolerance outside it:
 * 1. per underlying, the option quantities are chosen among the 0.1-coin lattice points around the LP solution
 *    (nearest ± 2 steps for up to 3 options, ± 1 for up to 5) as the cheapest combination that meets every gamma and
 *    vega target (and delta, when no delta-one instrument is selected); none meeting them → the least violation;
 * 2. the delta the options leave is brought back into its band with the cheapest delta-one candidate, rounded to
 *    one contract, so delta ends within half a contract of the band;
 * 3. when step 1 finds no combination that meets every target, the LP is solved again with the gamma and vega
 *    tolerances tightened by the largest error rounding can cause (½ step × Σ |Greek| of the options used), and
 *    the rounding retried (up to 3 times);
 * 4. the Greeks after are recomputed by full revaluation of the book with the trades, and every target is checked
 *    on them: a target no rounded trade set meets is named with its miss (`misses`).
 * Verified by: suggest.test.ts (USD-neutral inverse repro long and short, inverse and linear, with and without
 * spot collateral; coin target; venue scopes; every ticked target within tolerance after rounding on the default
 * book; misses named; infeasible targets reported with the reason).
 */
import type { Portfolio, Position } from '../../domain/position.ts';
import type { Scenario } from '../../domain/scenario.ts';
import type { UnderlyingAggregate } from '../../domain/results.ts';
import { INVERSE_FUTURE_CONTRACT_USD, parseInstrument } from '../../domain/instrument.ts';
import type { MarketModel } from '../market/marketModel.ts';
import { computeReport } from '../risk/report.ts';
import { solveLp, type LinearConstraint, type LpResult } from './lp.ts';
import { listHedgeCandidates, type CandidateKind, type HedgeCandidate } from './candidates.ts';
import {
  deltaField,
  deltaMeasureLabel,
  HEDGE_VENUE,
  hedgeScopeLabel,
  inHedgeScope,
  WHOLE_BOOK,
  type DeltaMeasure,
  type HedgeScope,
} from './scope.ts';

export interface UnderlyingTargets {
  /**
   * Delta band [lo, hi] the scope must end in, in the unit of `measure`: USD (`deltaUsd`) for 'usd', the default,
   * coin for 'coin'. [0, 0] = flat. Omitted: delta is not constrained.
   */
  readonly delta?: { readonly lo: number; readonly hi: number; readonly measure?: DeltaMeasure };
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
  /** Whose Greeks the targets apply to; default the whole book. */
  readonly scope?: HedgeScope;
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

/** The aggregate field a target constrains. */
export type TargetGreek = 'deltaUsd' | 'delta' | 'gammaUsd1pct' | 'vega';

/** One ticked target, checked on the full revaluation after the (rounded) trades. */
export interface TargetCheck {
  readonly underlying: string;
  readonly greek: TargetGreek;
  /** "BTC USD delta", "ETH gamma". */
  readonly label: string;
  /** "USD", "BTC", "USD per 1 %", "USD per vol point". */
  readonly unit: string;
  /** The band asked for (target ± tolerance for gamma and vega). */
  readonly lo: number;
  readonly hi: number;
  /**
   * Slack for the exchange's trade increments: delta only, half a contract of the cheapest delta-one candidate in
   * the target's unit (half an option step when no delta-one instrument is selected; 0 unrounded). Gamma and vega
   * get none: their tolerance is the trader's.
   */
  readonly roundingAllowance: number;
  /** The scope's figure before and after the trades. */
  readonly before: number;
  readonly after: number;
  readonly met: boolean;
  /** How far `after` lies outside [lo − allowance, hi + allowance]; 0 when met. */
  readonly missBy: number;
}

export type HedgeResult =
  | {
      readonly ok: true;
      readonly trades: HedgeTrade[];
      readonly totalCostUsd: number;
      /** Whole-book Greeks per underlying before and after the trades. */
      readonly before: Readonly<Record<string, UnderlyingAggregate>>;
      readonly after: Readonly<Record<string, UnderlyingAggregate>>;
      readonly candidates: HedgeCandidate[];
      /** Whose Greeks the targets apply to, and in words. */
      readonly scope: HedgeScope;
      readonly scopeLabel: string;
      /** The scope's Greeks before and after (equal to before/after for the whole book). */
      readonly scopeBefore: Readonly<Record<string, UnderlyingAggregate>>;
      readonly scopeAfter: Readonly<Record<string, UnderlyingAggregate>>;
      /** Every ticked target, checked after the trades. */
      readonly checks: TargetCheck[];
      /** One sentence per target the trades miss; empty when every ticked target is met. */
      readonly misses: string[];
    }
  | { readonly ok: false; readonly reason: string; readonly candidates: HedgeCandidate[] };

/** Option trades are rounded to this many coins. */
export const OPTION_STEP_COIN = 0.1;

const fmt = (v: number, d = 2) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const fmtSigned = (v: number, d = 2) => `${v > 0 ? '+' : ''}${fmt(v, d)}`;

const ZERO: Pick<UnderlyingAggregate, TargetGreek> = { delta: 0, deltaUsd: 0, gammaUsd1pct: 0, vega: 0 };

/** One band on one Greek of one underlying. */
interface Spec {
  readonly ul: string;
  readonly greek: TargetGreek;
  readonly kind: 'delta' | 'gamma' | 'vega';
  readonly lo: number;
  readonly hi: number;
  readonly label: string;
  readonly unit: string;
  readonly digits: number;
}

function specsOf(targets: Readonly<Record<string, UnderlyingTargets>>): Spec[] {
  const out: Spec[] = [];
  for (const [ul, t] of Object.entries(targets)) {
    if (t.delta) {
      const measure = t.delta.measure ?? 'usd';
      out.push({
        ul,
        greek: deltaField(measure),
        kind: 'delta',
        lo: t.delta.lo,
        hi: t.delta.hi,
        label: `${ul} ${deltaMeasureLabel(measure)}`,
        unit: measure === 'usd' ? 'USD' : ul,
        digits: measure === 'usd' ? 2 : 4,
      });
    }
    if (t.gammaUsd1pct) {
      const g = t.gammaUsd1pct;
      out.push({
        ul,
        greek: 'gammaUsd1pct',
        kind: 'gamma',
        lo: g.target - g.tolerance,
        hi: g.target + g.tolerance,
        label: `${ul} gamma`,
        unit: 'USD per 1 %',
        digits: 2,
      });
    }
    if (t.vega) {
      const v = t.vega;
      out.push({
        ul,
        greek: 'vega',
        kind: 'vega',
        lo: v.target - v.tolerance,
        hi: v.target + v.tolerance,
        label: `${ul} vega`,
        unit: 'USD per vol point',
        digits: 2,
      });
    }
  }
  return out;
}

/** Distance of `value` outside [lo − slack, hi + slack]; 0 inside (a relative 1e-9 absorbs floating error). */
function missOf(spec: Spec, value: number, slack: number): number {
  const miss = Math.max(0, spec.lo - slack - value, value - spec.hi - slack);
  return miss <= 1e-9 * Math.max(1, Math.abs(value), Math.abs(spec.lo), Math.abs(spec.hi)) ? 0 : miss;
}

/** "0.00 ± 313.53" (gamma, vega), "0.00" or "-50,000.00 … 50,000.00" (delta), with the rounding allowance. */
function bandText(s: Spec, allowance: number): string {
  const core =
    s.kind === 'delta'
      ? s.lo === s.hi
        ? fmt(s.lo, s.digits)
        : `${fmt(s.lo, s.digits)} … ${fmt(s.hi, s.digits)}`
      : `${fmt((s.lo + s.hi) / 2, s.digits)} ± ${fmt((s.hi - s.lo) / 2, s.digits)}`;
  return allowance > 0 ? `${core} (± ${fmt(allowance, s.digits)} for rounding)` : core;
}

const contractUsd = (c: HedgeCandidate) => INVERSE_FUTURE_CONTRACT_USD[c.underlying] ?? 1;

/** Trades in the unit of their row: options in coin, delta-one instruments in USD notional. */
type Plan = number[];

/** Suggest hedge trades for `portfolio` (see module header). */
export function suggestHedge(portfolio: Portfolio, model: MarketModel, req: HedgeRequest): HedgeResult {
  const scenario = req.scenario ?? {};
  const scope = req.scope ?? WHOLE_BOOK;
  const round = req.round !== false;
  const underlyings = Object.keys(req.targets);
  let candidates = listHedgeCandidates(model, underlyings, req.kinds, scenario);
  if (req.instruments) {
    const allow = new Set(req.instruments.map((s) => s.toUpperCase()));
    candidates = candidates.filter((c) => allow.has(c.instrument.toUpperCase()));
  }
  if (scope.venue !== null && scope.venue.trim().toLowerCase() !== HEDGE_VENUE) {
    return {
      ok: false,
      reason: `the hedge instruments trade at Deribit, so they cannot change the ${hedgeScopeLabel(scope)}: target the whole book or the Deribit account`,
      candidates,
    };
  }
  const aggregates = (positions: readonly Position[]) => {
    const r = computeReport({ ...portfolio, positions }, model, scenario);
    return r.scenario?.byUnderlyingAfter ?? r.byUnderlying;
  };
  const wholeBook = scope.venue === null && !scope.derivativesOnly;
  const kindOf = (name: string) => {
    const p = parseInstrument(name);
    return p.ok ? p.value.kind : null;
  };
  const inScope = (positions: readonly Position[]) => positions.filter((p) => inHedgeScope(p.venue, kindOf(p.instrument), scope));
  const before = aggregates(portfolio.positions);
  const scopeBefore = wholeBook ? before : aggregates(inScope(portfolio.positions));
  const cur = (ul: string, g: TargetGreek) => (scopeBefore[ul] ?? ZERO)[g];

  const specs = specsOf(req.targets);
  const n = candidates.length;
  const gOf = (i: number, g: TargetGreek) => candidates[i]![g];

  // Targets no selected candidate can move.
  for (const s of specs) {
    const movable = candidates.some((c) => c.underlying === s.ul && Math.abs(c[s.greek]) > 1e-12);
    if (movable || missOf(s, cur(s.ul, s.greek), 0) === 0) continue;
    const reason =
      s.kind === 'delta'
        ? `${s.label} ${fmt(cur(s.ul, s.greek), s.digits)} ${s.unit} is outside [${s.lo}, ${s.hi}] and no ${s.ul} candidate was selected`
        : `${s.ul} ${s.kind === 'gamma' ? 'gamma (USD per 1 %)' : 'vega (USD per vol point)'} target needs option candidates: only delta-one instruments were selected`;
    return { ok: false, reason, candidates };
  }
  if (n === 0) {
    // Nothing to trade and every target already met.
    return finish(new Array<number>(0));
  }

  /** The LP with each gamma/vega band narrowed by `shrink[spec]` on both sides. */
  const solve = (shrink: readonly number[]): LpResult => {
    const constraints: LinearConstraint[] = [];
    specs.forEach((s, k) => {
      const coef = candidates.map((c) => (c.underlying === s.ul ? c[s.greek] : 0));
      const row = [...coef, ...coef.map((v) => -v)];
      const half = (s.hi - s.lo) / 2;
      const cut = Math.min(shrink[k] ?? 0, half);
      constraints.push({ coefficients: row, sense: '>=', rhs: s.lo + cut - cur(s.ul, s.greek) });
      constraints.push({ coefficients: row, sense: '<=', rhs: s.hi - cut - cur(s.ul, s.greek) });
    });
    const cost = [...candidates.map((c) => c.costPerCoinUsd), ...candidates.map((c) => c.costPerCoinUsd)];
    return solveLp(cost, constraints);
  };

  const coinsOf = (i: number, q: number) => (candidates[i]!.kind === 'option' ? q : q / candidates[i]!.forwardUsd);
  const roundDelta1 = (i: number, coins: number) => {
    const step = contractUsd(candidates[i]!);
    return Math.round((coins * candidates[i]!.forwardUsd) / step) * step;
  };
  const valueOf = (s: Spec, plan: Plan) => {
    let v = cur(s.ul, s.greek);
    for (let i = 0; i < n; i++) if (plan[i] && candidates[i]!.underlying === s.ul) v += coinsOf(i, plan[i]!) * gOf(i, s.greek);
    return v;
  };
  const delta1Of = (ul: string) =>
    candidates
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.underlying === ul && c.kind !== 'option')
      .sort((a, b) => a.c.costPerCoinUsd - b.c.costPerCoinUsd || a.i - b.i);
  /** Rounding slack of a delta target (see TargetCheck.roundingAllowance). */
  const allowanceOf = (s: Spec, plan: Plan): number => {
    if (!round || s.kind !== 'delta') return 0;
    const d1 = delta1Of(s.ul)[0];
    if (d1) return 0.5 * (contractUsd(d1.c) / d1.c.forwardUsd) * Math.abs(d1.c[s.greek]);
    const opts = candidates.map((c, i) => ({ c, i })).filter(({ c }) => c.underlying === s.ul && c.kind === 'option');
    const used = opts.filter(({ i }) => plan[i]);
    return 0.5 * OPTION_STEP_COIN * Math.max(0, ...(used.length ? used : opts).map(({ c }) => Math.abs(c[s.greek])));
  };
  const costOf = (plan: Plan) => plan.reduce((sum, q, i) => sum + Math.abs(coinsOf(i, q)) * candidates[i]!.costPerCoinUsd, 0);
  /** Σ miss / band scale over the given specs: 0 when every one is met. */
  const violation = (plan: Plan, which: readonly Spec[]) =>
    which.reduce((sum, s) => {
      const miss = missOf(s, valueOf(s, plan), allowanceOf(s, plan));
      return sum + miss / Math.max(s.hi - s.lo, 1e-9 * Math.max(1, Math.abs(s.lo), Math.abs(s.hi)), 1e-9);
    }, 0);

  /** The LP solution on the exchange's lattice (module header, steps 1–2). */
  const roundPlan = (x: readonly number[]): Plan => {
    const plan: Plan = new Array<number>(n).fill(0);
    for (const ul of underlyings) {
      const d1 = delta1Of(ul);
      const ulSpecs = specs.filter((s) => s.ul === ul);
      const optSpecs = ulSpecs.filter((s) => s.kind !== 'delta' || d1.length === 0);
      const opts = candidates.map((_, i) => i).filter((i) => candidates[i]!.underlying === ul && candidates[i]!.kind === 'option');
      const used = opts.filter((i) => Math.abs(x[i]!) > 1e-9);
      const nearest = used.map((i) => Math.round(x[i]! / OPTION_STEP_COIN));
      const span = used.length <= 3 ? 2 : used.length <= 5 ? 1 : 0;
      let best: { steps: number[]; v: number; cost: number } | null = null;
      const steps = [...nearest];
      const trial: Plan = new Array<number>(n).fill(0);
      const visit = (j: number) => {
        if (j === used.length) {
          used.forEach((i, k) => (trial[i] = Math.round(steps[k]! * OPTION_STEP_COIN * 10) / 10));
          const v = violation(trial, optSpecs);
          const cost = costOf(trial);
          if (!best || v < best.v - 1e-12 || (Math.abs(v - best.v) <= 1e-12 && cost < best.cost)) best = { steps: [...steps], v, cost };
          return;
        }
        for (let off = -span; off <= span; off++) {
          steps[j] = nearest[j]! + off;
          visit(j + 1);
        }
        steps[j] = nearest[j]!;
      };
      visit(0);
      const found = best as { steps: number[]; v: number } | null;
      const chosen = found?.steps ?? nearest;
      used.forEach((i, k) => (plan[i] = Math.round(chosen[k]! * OPTION_STEP_COIN * 10) / 10));
      if (found && found.v > 0) localSearch(plan, opts, optSpecs);
      for (const { i } of d1) if (Math.abs(x[i]!) > 1e-9) plan[i] = roundDelta1(i, x[i]!);
      const ds = ulSpecs.find((s) => s.kind === 'delta');
      const cheapest = d1[0];
      if (ds && cheapest) {
        const value = valueOf(ds, plan);
        const want = Math.min(Math.max(value, ds.lo), ds.hi);
        const per = cheapest.c[ds.greek];
        if (want !== value && per !== 0) {
          // Whole contracts either side of the exact size: one inside the band when the band is wider than a
          // contract, else the nearest (within half a contract of the band).
          const i = cheapest.i;
          const step = contractUsd(cheapest.c);
          const exactUsd = (coinsOf(i, plan[i]!) + (want - value) / per) * cheapest.c.forwardUsd;
          const options = [Math.floor(exactUsd / step) * step, Math.ceil(exactUsd / step) * step];
          const valueWith = (usd: number) => value + (coinsOf(i, usd) - coinsOf(i, plan[i]!)) * per;
          const inside = options.filter((usd) => missOf(ds, valueWith(usd), 0) === 0);
          const pick = (xs: number[]) => xs.reduce((a, b) => (Math.abs(valueWith(b) - want) < Math.abs(valueWith(a) - want) ? b : a));
          plan[i] = pick(inside.length ? inside : options);
        }
      }
    }
    return plan;
  };
  /**
   * When no lattice point around the LP solution meets the targets: moves of one step on one or two options of the
   * underlying (any of them, not only those the LP used), the best move first, until every target is met or no move
   * reduces the violation. Finds e.g. a second expiry whose vega fills the gap between two steps of the first.
   */
  const localSearch = (plan: Plan, opts: readonly number[], which: readonly Spec[]) => {
    const setStep = (i: number, q: number) => (plan[i] = Math.round(q * 10) / 10 || 0);
    let v = violation(plan, which);
    for (let iter = 0; iter < 200 && v > 0; iter++) {
      let bestMove: { moves: [number, number][]; v: number; cost: number } | null = null;
      const tryMoves = (moves: [number, number][]) => {
        const saved = moves.map(([i]) => plan[i]!);
        for (const [i, d] of moves) setStep(i, plan[i]! + d * OPTION_STEP_COIN);
        const nv = violation(plan, which);
        const cost = costOf(plan);
        moves.forEach(([i], k) => (plan[i] = saved[k]!));
        if (nv < v - 1e-12 && (!bestMove || nv < bestMove.v - 1e-12 || (Math.abs(nv - bestMove.v) <= 1e-12 && cost < bestMove.cost)))
          bestMove = { moves, v: nv, cost };
      };
      for (let a = 0; a < opts.length; a++)
        for (const da of [-1, 1]) {
          tryMoves([[opts[a]!, da]]);
          for (let b = a + 1; b < opts.length; b++)
            for (const db of [-1, 1])
              tryMoves([
                [opts[a]!, da],
                [opts[b]!, db],
              ]);
        }
      const move = bestMove as { moves: [number, number][]; v: number } | null;
      if (!move) break;
      for (const [i, d] of move.moves) setStep(i, plan[i]! + d * OPTION_STEP_COIN);
      v = move.v;
    }
  };
  const exactPlan = (x: readonly number[]): Plan =>
    candidates.map((c, i) => {
      const coins = x[i]! - x[i + n]!;
      return Math.abs(coins) < 1e-9 ? 0 : c.kind === 'option' ? coins : coins * c.forwardUsd;
    });

  // Solve; when rounding misses a target, tighten gamma/vega by the rounding error bound and solve again.
  const shrink = new Array<number>(specs.length).fill(0);
  let best: { plan: Plan; v: number; cost: number } | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const lp = solve(shrink);
    if (lp.status !== 'optimal') {
      if (attempt > 0) break;
      return {
        ok: false,
        reason:
          lp.status === 'infeasible'
            ? 'the targets cannot all be met with the selected instruments (e.g. gamma and vega targets in opposite directions need options of different expiries): widen the tolerances or add candidates'
            : 'the hedge problem is unbounded',
        candidates,
      };
    }
    const net = candidates.map((_, i) => lp.x[i]! - lp.x[i + n]!);
    const plan = round ? roundPlan(net) : exactPlan(lp.x);
    const v = violation(plan, specs);
    const cost = costOf(plan);
    if (!best || v < best.v - 1e-12 || (Math.abs(v - best.v) <= 1e-12 && cost < best.cost)) best = { plan, v, cost };
    if (v === 0 || !round) break;
    specs.forEach((s, k) => {
      if (s.kind === 'delta') return;
      let bound = 0;
      net.forEach((q, i) => {
        if (Math.abs(q) > 1e-9 && candidates[i]!.kind === 'option' && candidates[i]!.underlying === s.ul)
          bound += 0.5 * OPTION_STEP_COIN * Math.abs(gOf(i, s.greek));
      });
      shrink[k] = Math.max(shrink[k]!, bound);
    });
  }
  return finish(best!.plan);

  function finish(plan: Plan): HedgeResult {
    const trades: HedgeTrade[] = [];
    plan.forEach((q, i) => {
      if (!q) return;
      const c = candidates[i]!;
      const coins = coinsOf(i, q);
      const side = coins > 0 ? 'buy' : 'sell';
      const verb = side === 'buy' ? 'Buy' : 'Sell';
      const costUsd = Math.abs(coins) * c.costPerCoinUsd;
      let explanation: string;
      if (c.kind === 'option') {
        explanation = `${verb} ${fmt(Math.abs(q), 1)} ${c.instrument}: delta ${fmt(coins * c.delta, 4)} ${c.underlying}, gamma ${fmt(coins * c.gammaUsd1pct)} USD/1%, vega ${fmt(coins * c.vega)} USD/pt; the cheapest near-the-money option for the gamma/vega target (≈ ${fmt(costUsd)} USD).`;
      } else {
        const ds = specs.find((s) => s.ul === c.underlying && s.kind === 'delta');
        const what = ds ? deltaMeasureLabel(ds.greek === 'deltaUsd' ? 'usd' : 'coin') : 'delta';
        const afterOptions = plan.some((p, j) => p && candidates[j]!.underlying === c.underlying && candidates[j]!.kind === 'option');
        explanation = `${verb} ${fmt(Math.abs(q), 0)} USD of ${c.instrument}: USD delta ${fmtSigned(coins * c.deltaUsd, 0)}, coin delta ${fmtSigned(coins * c.delta, 4)} ${c.underlying}; the cheapest ${c.underlying} delta-one instrument per unit of ${what}${afterOptions ? ', sized after rounding the option trades' : ''} (≈ ${fmt(costUsd)} USD).`;
      }
      trades.push({
        instrument: c.instrument,
        kind: c.kind,
        underlying: c.underlying,
        side,
        quantity: q,
        unit: c.kind === 'option' ? 'coin' : 'usd',
        quantityCoin: coins,
        costUsd,
        explanation,
      });
    });
    const rows = tradePositions(trades);
    const after = trades.length ? aggregates([...portfolio.positions, ...rows]) : before;
    const scopeAfter = wholeBook ? after : trades.length ? aggregates(inScope([...portfolio.positions, ...rows])) : scopeBefore;
    const checks: TargetCheck[] = specs.map((s) => {
      const b = cur(s.ul, s.greek);
      const a = (scopeAfter[s.ul] ?? ZERO)[s.greek];
      const allowance = allowanceOf(s, plan);
      const missBy = missOf(s, a, allowance);
      return {
        underlying: s.ul,
        greek: s.greek,
        label: s.label,
        unit: s.unit,
        lo: s.lo,
        hi: s.hi,
        roundingAllowance: allowance,
        before: b,
        after: a,
        met: missBy === 0,
        missBy,
      };
    });
    const misses = checks
      .map((c, k) => ({ c, s: specs[k]! }))
      .filter(({ c }) => !c.met)
      .map(
        ({ c, s }) =>
          `${c.label} after the ${round ? 'rounded ' : ''}trades is ${fmt(c.after, s.digits)} ${c.unit}, outside ${bandText(s, c.roundingAllowance)} by ${fmt(c.missBy, s.digits)}: no ${round ? 'rounded ' : ''}trade set in the selected candidates meets it; widen the tolerance or add candidates`,
      );
    return {
      ok: true,
      trades,
      totalCostUsd: trades.reduce((sum, t) => sum + t.costUsd, 0),
      before,
      after,
      candidates,
      scope,
      scopeLabel: hedgeScopeLabel(scope),
      scopeBefore,
      scopeAfter,
      checks,
      misses,
    };
  }
}

/** The rows a set of trades adds to the book: booked at Deribit, labelled `hedge`, marked what-if. */
export function tradePositions(trades: readonly HedgeTrade[]): Position[] {
  return trades.map((t, i) => ({
    id: `hedge-${i}`,
    instrument: t.instrument,
    quantity: t.quantity,
    ...(t.unit === 'usd' ? { unit: 'usd' as const } : {}),
    entryPrice: null,
    venue: HEDGE_VENUE,
    label: 'hedge',
    whatIf: true,
  }));
}
