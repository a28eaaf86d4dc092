/**
 * Hand overrides of the base market (MarketSlice.marketOverrides), applied before valuation.
 *
 * A spot override replaces the index and scales the perpetual and every forward of that underlying by the same
 * ratio (the basis stays proportional); a vol override adds vol points to every smile node, floored like the engine's
 * scenario shift. The result is a new base snapshot: positions' P&L vs entry and the Greeks move with it, and scenarios
 * are measured from it.
 */
import type { MarketSnapshot, UnderlyingMarket } from '../domain/market.ts';
import { MIN_VOL } from '../domain/scenario.ts';

export interface MarketOverridesInput {
  readonly spot: Readonly<Record<string, number>>;
  readonly volPts: Readonly<Record<string, number>>;
}

export function hasOverrides(o: MarketOverridesInput | null | undefined): boolean {
  return !!o && (Object.keys(o.spot).length > 0 || Object.keys(o.volPts).length > 0);
}

export function applyMarketOverrides(market: MarketSnapshot, overrides: MarketOverridesInput | null | undefined): MarketSnapshot {
  if (!overrides || !hasOverrides(overrides)) return market;
  const underlyings: Record<string, UnderlyingMarket> = {};
  for (const [ul, m] of Object.entries(market.underlyings)) {
    underlyings[ul] = overrideUnderlying(m, overrides.spot[ul], overrides.volPts[ul]);
  }
  return { ...market, underlyings };
}

function overrideUnderlying(m: UnderlyingMarket, spot: number | undefined, volPts: number | undefined): UnderlyingMarket {
  let next = m;
  if (spot !== undefined && Number.isFinite(spot) && spot > 0 && m.index > 0) {
    const ratio = spot / m.index;
    next = {
      ...next,
      index: spot,
      perpetual: (m.perpetual ?? m.index) * ratio,
      forwards: m.forwards.map((f) => ({ ...f, price: f.price * ratio })),
    };
  }
  if (volPts !== undefined && Number.isFinite(volPts) && volPts !== 0) {
    const shift = volPts / 100;
    next = {
      ...next,
      smiles: next.smiles.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, iv: Math.max(MIN_VOL, p.iv + shift) })) })),
    };
  }
  return next;
}
