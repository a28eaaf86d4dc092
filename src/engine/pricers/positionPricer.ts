/** Dispatch a resolved position to its own pricer (one valuation path per kind, never mixed). */
import type { ResolvedPosition } from '../resolve.ts';
import { priceCash, priceInverseDelta1, priceLinearDelta1, priceSpot } from './delta1Pricer.ts';
import { priceInverseOption, priceLinearOption } from './optionPricer.ts';
import type { PositionShock } from './shock.ts';
import type { Valuation } from './valuation.ts';

/** Value and Greeks of one resolved position in the market state `shock`. */
export function pricePosition(rp: ResolvedPosition, shock: PositionShock): Valuation {
  switch (rp.path) {
    case 'inverseOption':
      return priceInverseOption(rp, shock);
    case 'linearOption':
      return priceLinearOption(rp, shock);
    case 'inverseDelta1':
      return priceInverseDelta1(rp, shock);
    case 'linearDelta1':
      return priceLinearDelta1(rp, shock);
    case 'spot':
      return priceSpot(rp, shock);
    case 'cash':
      return priceCash(rp);
  }
}

/**
 * P&L against the entry price, USD, at this valuation; null when no entry price was given.
 * Inverse options: q · (mark − E) coin at the index; linear options, spot: q · (mark − E);
 * futures and perpetuals: their value already is the P&L against entry.
 */
export function pnlVsEntryUsd(rp: ResolvedPosition, v: Valuation): number | null {
  const entry = rp.position.entryPrice;
  if (entry === null || rp.path === 'cash') return null;
  const q = rp.quantityCoin;
  switch (rp.path) {
    case 'inverseOption':
      return q * (v.markPrice - entry) * v.index;
    case 'linearOption':
    case 'spot':
      return q * (v.markPrice - entry);
    default:
      return v.valueUsd;
  }
}
