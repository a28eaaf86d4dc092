/**
 * Market view: what the snapshot in use holds per underlying (index, perpetual, forwards and ATM vols per expiry)
 * and which hand overrides are active. ATM vol = the smile point nearest the expiry's forward (display only; pricing
 * interpolates in the engine).
 */
import type { MarketSnapshot } from '../../domain/market.ts';
import type { MarketOverrides } from '../../state/slices/marketSlice.ts';
import { compareUnderlyings } from '../summary/summaryModel.ts';

export interface ExpiryRow {
  readonly expiry: string;
  readonly forward: number | null;
  /** Decimal, nearest quoted strike to the forward. */
  readonly atmVol: number | null;
  readonly strikes: number;
}

export interface UnderlyingMarketView {
  readonly underlying: string;
  readonly index: number;
  readonly perpetual: number;
  readonly spotOverride: number | null;
  readonly volOverridePts: number | null;
  readonly expiries: readonly ExpiryRow[];
}

export function buildMarketView(market: MarketSnapshot | null, overrides: MarketOverrides): UnderlyingMarketView[] {
  if (!market) return [];
  return Object.entries(market.underlyings)
    .sort(([a], [b]) => compareUnderlyings(a, b))
    .map(([ul, m]) => {
      const forwards = new Map(m.forwards.map((f) => [f.expiry, f.price]));
      const expiries = new Set<string>([...m.forwards.map((f) => f.expiry), ...m.smiles.map((s) => s.expiry)]);
      const rows: ExpiryRow[] = [...expiries].sort().map((expiry) => {
        const forward = forwards.get(expiry) ?? null;
        const smile = m.smiles.find((s) => s.expiry === expiry);
        let atmVol: number | null = null;
        if (smile && smile.points.length > 0) {
          const target = forward ?? m.index;
          let best = smile.points[0]!;
          for (const p of smile.points) if (Math.abs(p.strike - target) < Math.abs(best.strike - target)) best = p;
          atmVol = best.iv;
        }
        return { expiry, forward, atmVol, strikes: smile?.points.length ?? 0 };
      });
      return {
        underlying: ul,
        index: m.index,
        perpetual: m.perpetual ?? m.index,
        spotOverride: overrides.spot[ul] ?? null,
        volOverridePts: overrides.volPts[ul] ?? null,
        expiries: rows,
      };
    });
}
