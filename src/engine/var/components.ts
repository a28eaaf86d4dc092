/**
 * Component VaR and ES (Euler allocation) per underlying and per position.
 *
 * Scenario methods (historical, filtered, Monte Carlo): VaR is the loss of one scenario (the k-th largest) and ES
 * the mean loss of the k tail scenarios, so their Euler allocations (Tasche 1999; Hallerbach 2003) are the
 * contributions to those same scenario P&Ls:
 *   component VaR_x = −P&L_x(VaR scenario),  component ES_x = −mean over the tail of P&L_x,
 * x an underlying (its positions revalued together) or a position (revalued alone, same formulas without netting,
 * revalue.ts `positionKernel`, under the same spot growth and vol ratio). They sum to VaR and ES: exactly in exact
 * arithmetic, here to rounding (the netted rows sum the same terms in another order; the difference is reported as
 * `positionResidualVarUsd`/`positionResidualEsUsd`, ~1e-12 relative). The horizon's √h scale multiplies everything.
 * The single-scenario VaR allocation is noisy for small k (a known property of HS Euler allocation); the ES
 * allocation averages k scenarios.
 *
 * Parametric methods: analytic gradients (parametric.ts): a position p of underlying i gets
 *   δ_p ∂L/∂δ_i (+ γ_p ∂L/∂γ_i for delta-gamma),
 * δ_p its `deltaUsd` and γ_p = 100·gammaUsd1pct at the base market, so position components sum to the underlying's.
 *
 * Incremental VaR of what-if trades is VaR(book with them) − VaR(book without) (index.ts `incrementalVar`), not an
 * Euler quantity.
 *
 * Verified by: var.test.ts (components sum to VaR and ES for every method, per underlying and per position; the
 * historical VaR scenario's P&L), revalue.test.ts (the per-position kernel equals pricePosition), parametric.test.ts
 * (analytic gradients against finite differences).
 */
import type { ResolvedPosition } from '../resolve.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import { positionKernel, positionValues } from './revalue.ts';

/** Contribution of one underlying. */
export interface UnderlyingComponent {
  readonly underlying: string;
  readonly varUsd: number;
  readonly esUsd: number;
}

/** Contribution of one position. */
export interface PositionComponent {
  readonly positionId: string;
  readonly instrument: string;
  /** Null for cash (contributes 0). */
  readonly underlying: string | null;
  readonly varUsd: number;
  readonly esUsd: number;
}

/** Euler allocation of a VaR/ES figure. */
export interface ComponentVar {
  /** `scenario`: contributions to the VaR scenario / tail scenarios; `analytic`: δ·∂VaR/∂δ (+ γ·∂VaR/∂γ). */
  readonly rule: 'scenario' | 'analytic';
  readonly byUnderlying: UnderlyingComponent[];
  /** Null when the resolved positions were not supplied. */
  readonly byPosition: PositionComponent[] | null;
  /** VaR − Σ position components (rounding between the netted and per-position valuations); null without positions. */
  readonly positionResidualVarUsd: number | null;
  readonly positionResidualEsUsd: number | null;
}

/** One tail scenario: the spot growth and vol ratio per underlying, and its P&L per underlying. */
export interface TailScenario {
  readonly growth: ArrayLike<number>;
  readonly volRatio: ArrayLike<number> | null;
  readonly perUlPnl: ArrayLike<number>;
}

/** Underlying index of each position in `underlyings` (−1 for cash or an underlying not in the list). */
export function positionUnderlyingIndex(positions: readonly ResolvedPosition[], underlyings: readonly string[]): Int32Array {
  const idx = new Map(underlyings.map((u, i) => [u, i] as const));
  return Int32Array.from(positions, (rp) => (rp.path === 'cash' ? -1 : (idx.get(rp.instrument.underlying) ?? -1)));
}

/**
 * Scenario-rule components (module header).
 * @param tail the k tail scenarios from the largest loss; the last one is the VaR scenario
 * @param onScenario optional: called after each tail scenario's per-position revaluation (progress)
 * @param scale horizon factor applied to the 1-day P&Ls (√h, or 1)
 * @param varUsd, esUsd the totals (for the position residuals)
 */
export function scenarioComponents(
  underlyings: readonly string[],
  tail: readonly TailScenario[],
  scale: number,
  varUsd: number,
  esUsd: number,
  positions?: readonly ResolvedPosition[],
  onScenario?: (done: number, total: number) => void,
): ComponentVar {
  const k = tail.length;
  const nUl = underlyings.length;
  const ulVar = new Float64Array(nUl);
  const ulEs = new Float64Array(nUl);
  for (let j = 0; j < k; j++) {
    const sc = tail[j]!;
    for (let u = 0; u < nUl; u++) {
      ulEs[u]! -= sc.perUlPnl[u]!;
      if (j === k - 1) ulVar[u] = 0 - sc.perUlPnl[u]! * scale; // 0 − x: no −0 for a zero contribution
    }
  }
  const byUnderlying = underlyings.map((underlying, u) => ({ underlying, varUsd: ulVar[u]!, esUsd: (ulEs[u]! / k) * scale }));
  if (!positions) return { rule: 'scenario', byUnderlying, byPosition: null, positionResidualVarUsd: null, positionResidualEsUsd: null };
  const pk = positionKernel(positions, underlyings);
  const pVar = new Float64Array(positions.length);
  const pEs = new Float64Array(positions.length);
  const value = new Float64Array(positions.length);
  for (let j = 0; j < k; j++) {
    const sc = tail[j]!;
    positionValues(pk, sc.growth, sc.volRatio, value);
    for (let p = 0; p < positions.length; p++) {
      const pnl = value[p]! - pk.base[p]!;
      pEs[p]! -= pnl;
      if (j === k - 1) pVar[p] = 0 - pnl * scale;
    }
    onScenario?.(j + 1, k);
  }
  return finishPositions(
    'scenario',
    byUnderlying,
    positions,
    pk.ul,
    underlyings,
    pVar,
    pEs.map((x) => (x / k) * scale),
    varUsd,
    esUsd,
  );
}

function finishPositions(
  rule: ComponentVar['rule'],
  byUnderlying: UnderlyingComponent[],
  positions: readonly ResolvedPosition[],
  ulIndex: Int32Array,
  underlyings: readonly string[],
  pVar: Float64Array,
  pEs: Float64Array,
  varUsd: number,
  esUsd: number,
): ComponentVar {
  let sumVar = 0;
  let sumEs = 0;
  const byPosition = positions.map((rp, p) => {
    sumVar += pVar[p]!;
    sumEs += pEs[p]!;
    const u = ulIndex[p]!;
    return {
      positionId: rp.position.id,
      instrument: rp.instrument.name,
      underlying: u >= 0 ? underlyings[u]! : null,
      varUsd: pVar[p]!,
      esUsd: pEs[p]!,
    };
  });
  return { rule, byUnderlying, byPosition, positionResidualVarUsd: varUsd - sumVar, positionResidualEsUsd: esUsd - sumEs };
}

/** Base-market sensitivities of each position: deltaUsd and γ = 100·gammaUsd1pct. */
export interface PositionSensitivities {
  readonly ulIndex: Int32Array;
  readonly deltaUsd: Float64Array;
  readonly gammaUsd: Float64Array;
}

export function positionSensitivities(positions: readonly ResolvedPosition[], underlyings: readonly string[]): PositionSensitivities {
  const ulIndex = positionUnderlyingIndex(positions, underlyings);
  const deltaUsd = new Float64Array(positions.length);
  const gammaUsd = new Float64Array(positions.length);
  positions.forEach((rp, p) => {
    if (ulIndex[p]! < 0) return;
    const v = pricePosition(rp, NO_SHOCK);
    deltaUsd[p] = v.deltaUsd;
    gammaUsd[p] = 100 * v.gammaUsd1pct;
  });
  return { ulIndex, deltaUsd, gammaUsd };
}

/**
 * Analytic-rule components: underlying i gets δ_i g^δ_i + γ_i g^γ_i, position p of underlying i gets
 * δ_p g^δ_i + γ_p g^γ_i (module header); g the gradients of VaR (resp. ES) in δ and γ, already horizon-scaled.
 */
export function analyticComponents(
  underlyings: readonly string[],
  delta: ArrayLike<number>,
  gamma: ArrayLike<number> | null,
  varGrad: { delta: ArrayLike<number>; gamma: ArrayLike<number> | null },
  esGrad: { delta: ArrayLike<number>; gamma: ArrayLike<number> | null },
  varUsd: number,
  esUsd: number,
  positions?: readonly ResolvedPosition[],
): ComponentVar {
  const contrib = (grad: typeof varGrad, d: number, g: number, i: number): number =>
    d * grad.delta[i]! + (gamma && grad.gamma ? g * grad.gamma[i]! : 0);
  const byUnderlying = underlyings.map((underlying, i) => ({
    underlying,
    varUsd: contrib(varGrad, delta[i]!, gamma ? gamma[i]! : 0, i),
    esUsd: contrib(esGrad, delta[i]!, gamma ? gamma[i]! : 0, i),
  }));
  if (!positions) return { rule: 'analytic', byUnderlying, byPosition: null, positionResidualVarUsd: null, positionResidualEsUsd: null };
  const sens = positionSensitivities(positions, underlyings);
  const pVar = new Float64Array(positions.length);
  const pEs = new Float64Array(positions.length);
  for (let p = 0; p < positions.length; p++) {
    const i = sens.ulIndex[p]!;
    if (i < 0) continue;
    pVar[p] = contrib(varGrad, sens.deltaUsd[p]!, sens.gammaUsd[p]!, i);
    pEs[p] = contrib(esGrad, sens.deltaUsd[p]!, sens.gammaUsd[p]!, i);
  }
  return finishPositions('analytic', byUnderlying, positions, sens.ulIndex, underlyings, pVar, pEs, varUsd, esUsd);
}
