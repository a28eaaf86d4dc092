/**
 * Aggregation by underlying (PRODUCT.md "Greeks and aggregates"): plain sums of the per-position figures, so every
 * aggregate equals the sum of the grid's rows. Cash has no risk and no underlying to move: it is not aggregated here.
 */
import type { UnderlyingAggregate } from '../../domain/results.ts';
import type { ResolvedPosition } from '../resolve.ts';
import type { Valuation } from '../pricers/valuation.ts';

const ZERO: UnderlyingAggregate = {
  delta: 0,
  deltaUsd: 0,
  gamma: 0,
  gammaUsd1pct: 0,
  vega: 0,
  vegaStd: 0,
  theta: 0,
  rho: 0,
  deltaTotal: 0,
  valueUsd: 0,
};

/** Sum valuations per underlying, in first-seen order. */
export function aggregateByUnderlying(
  items: ReadonlyArray<{ readonly rp: ResolvedPosition; readonly v: Valuation }>,
): Record<string, UnderlyingAggregate> {
  const out: Record<string, UnderlyingAggregate> = {};
  for (const { rp, v } of items) {
    if (rp.path === 'cash') continue;
    const ul = rp.instrument.underlying;
    const a = out[ul] ?? ZERO;
    out[ul] = {
      delta: a.delta + v.delta,
      deltaUsd: a.deltaUsd + v.deltaUsd,
      gamma: a.gamma + v.gamma,
      gammaUsd1pct: a.gammaUsd1pct + v.gammaUsd1pct,
      vega: a.vega + v.vega,
      vegaStd: a.vegaStd + v.vegaStd,
      theta: a.theta + v.theta,
      rho: a.rho + v.rho,
      deltaTotal: a.deltaTotal + v.deltaTotal,
      valueUsd: a.valueUsd + v.valueUsd,
    };
  }
  return out;
}
