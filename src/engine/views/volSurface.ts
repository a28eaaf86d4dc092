/**
 * Volatility surface view (PRODUCT.md §2): the smiles of the snapshot in use (quoted nodes and the interpolated
 * curve the engine prices with), the ATM term structure (vol at K = F0 per expiry) and each option position's
 * node (strike, expiry, the vol it is priced at).
 */
import { formatExpiryCode } from '../../domain/instrument.ts';
import type { MarketModel } from '../market/marketModel.ts';
import { smileVolAt, volAt } from '../market/marketModel.ts';
import { DAYS_PER_YEAR } from '../market/time.ts';
import type { ResolvedBook } from '../resolve.ts';

export interface SmileView {
  readonly expiry: string;
  readonly expiryMs: number;
  readonly days: number;
  readonly forwardUsd: number;
  /** Quoted nodes: strike (USD), vol (percent). */
  readonly nodes: { strike: number; volPct: number }[];
}

export interface VolSurfaceView {
  readonly underlying: string;
  readonly smiles: SmileView[];
  readonly atmTerm: { expiry: string; days: number; atmVolPct: number }[];
  readonly positionNodes: {
    id: string;
    instrument: string;
    strike: number;
    expiry: string;
    days: number;
    volPct: number;
    quantity: number;
  }[];
}

export function computeVolSurface(model: MarketModel, book: ResolvedBook, underlying: string): VolSurfaceView {
  const ul = model.underlyings.get(underlying);
  if (!ul) return { underlying, smiles: [], atmTerm: [], positionNodes: [] };
  const smiles = ul.smiles.map((s) => ({
    expiry: formatExpiryCode(s.expiryMs),
    expiryMs: s.expiryMs,
    days: s.tteYears * DAYS_PER_YEAR,
    forwardUsd: s.forward,
    nodes: Array.from(s.logMoneyness, (x, i) => ({ strike: s.forward * Math.exp(x), volPct: s.vols[i]! * 100 })),
  }));
  const atmTerm = ul.smiles.map((s) => ({
    expiry: formatExpiryCode(s.expiryMs),
    days: s.tteYears * DAYS_PER_YEAR,
    atmVolPct: smileVolAt(s, 0) * 100,
  }));
  const positionNodes = book.positions
    .filter((rp) => rp.instrument.kind === 'option' && rp.instrument.underlying === underlying && rp.tteYears0 > 0)
    .map((rp) => {
      const inst = rp.instrument as Extract<typeof rp.instrument, { kind: 'option' }>;
      return {
        id: rp.position.id,
        instrument: rp.position.instrument,
        strike: inst.strike,
        expiry: formatExpiryCode(inst.expiryMs),
        days: rp.tteYears0 * DAYS_PER_YEAR,
        volPct: volAt(ul, model.valuationMs, inst.expiryMs, inst.strike) * 100,
        quantity: rp.quantityCoin,
      };
    });
  return { underlying, smiles, atmTerm, positionNodes };
}
