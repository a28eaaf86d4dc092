/**
 * What-if panel: which underlyings get a spot input, and the slider ranges. The number inputs accept any value the
 * store allows (the slider just pins at its end), so a trader can type −60 % even though the slider stops at −50 %.
 */
import { CASH_CURRENCIES } from '../../domain/instrument.ts';
import type { MarketSnapshot } from '../../domain/market.ts';
import { compareUnderlyings } from '../summary/summaryModel.ts';

export interface SliderSpec {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

export const SPOT_SLIDER: SliderSpec = { min: -50, max: 50, step: 0.5 };
export const VOL_SLIDER: SliderSpec = { min: -30, max: 30, step: 0.5 };
export const DAYS_SLIDER: SliderSpec = { min: 0, max: 90, step: 1 };

/**
 * Underlyings that can be shocked: every one the market quotes plus any the book's report mentions (so a book on an
 * underlying without data still shows its input), never cash.
 */
export function scenarioUnderlyings(market: MarketSnapshot | null, reportUnderlyings: readonly string[]): string[] {
  const set = new Set<string>([...Object.keys(market?.underlyings ?? {}), ...reportUnderlyings]);
  return [...set].filter((u) => !(CASH_CURRENCIES as readonly string[]).includes(u)).sort(compareUnderlyings);
}

/** Slider position for a value that may lie outside the slider's range. */
export function clampToSlider(value: number, spec: SliderSpec): number {
  return Math.min(spec.max, Math.max(spec.min, value));
}

/** Spot level after a move, for the hint under each input ("→ 70,755.58"). */
export function shockedSpot(index: number | undefined, pct: number): number | null {
  if (index === undefined || !Number.isFinite(index)) return null;
  return index * (1 + pct / 100);
}
