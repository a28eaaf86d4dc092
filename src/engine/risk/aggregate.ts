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

type MutableAggregate = { -readonly [K in keyof UnderlyingAggregate]: UnderlyingAggregate[K] };

/** Sum valuations per underlying, in first-seen order (accumulated in place: books can have 50,000 rows). */
export function aggregateByUnderlying(
  items: ReadonlyArray<{ readonly rp: ResolvedPosition; readonly v: Valuation }>,
): Record<string, UnderlyingAggregate> {
  const out: Record<string, MutableAggregate> = {};
  for (const { rp, v } of items) {
    if (rp.path === 'cash') continue;
    const ul = rp.instrument.underlying;
    const a = (out[ul] ??= { ...ZERO });
    a.delta += v.delta;
    a.deltaUsd += v.deltaUsd;
    a.gamma += v.gamma;
    a.gammaUsd1pct += v.gammaUsd1pct;
    a.vega += v.vega;
    a.vegaStd += v.vegaStd;
    a.theta += v.theta;
    a.rho += v.rho;
    a.deltaTotal += v.deltaTotal;
    a.valueUsd += v.valueUsd;
  }
  return out;
}
