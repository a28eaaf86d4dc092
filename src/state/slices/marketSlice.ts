import type { MarketSnapshot } from '../../domain/market.ts';
import type { MarketInstrument } from '../../engine/index.ts';
import type { SliceCreator } from '../appState.ts';

export type { MarketInstrument } from '../../engine/index.ts';

/** Where the snapshot in use came from. */
export interface MarketSource {
  readonly fileName: string;
  /** Importer's format tag, e.g. `snapshot` or `deribit-book-summary`. */
  readonly format: string;
  /** True for the embedded default snapshot (not written to IndexedDB: it ships with the app). */
  readonly isDefault: boolean;
  readonly warnings: readonly string[];
}

/**
 * Hand overrides on top of the snapshot, per underlying: the spot index in USD (index, perpetual and forwards are
 * scaled by the same ratio) and a parallel vol shift in vol points. They change the base market, unlike a scenario.
 */
export interface MarketOverrides {
  readonly spot: Readonly<Record<string, number>>;
  readonly volPts: Readonly<Record<string, number>>;
}

export const NO_OVERRIDES: MarketOverrides = { spot: {}, volPts: {} };

export function hasMarketOverrides(o: MarketOverrides): boolean {
  return Object.keys(o.spot).length > 0 || Object.keys(o.volPts).length > 0;
}

export interface MarketSlice {
  market: MarketSnapshot | null;
  marketSource: MarketSource | null;
  marketOverrides: MarketOverrides;
  /** Instruments of the snapshot, for the picker; filled by the risk runner from the worker. */
  marketInstruments: readonly MarketInstrument[];
  /** Use a new snapshot; overrides of the old one no longer apply and are cleared. */
  loadMarket: (market: MarketSnapshot, source: MarketSource) => void;
  setMarketInstruments: (instruments: readonly MarketInstrument[]) => void;
  /** `null` removes the override. */
  setSpotOverride: (underlying: string, indexUsd: number | null) => void;
  setVolOverride: (underlying: string, volPts: number | null) => void;
  clearMarketOverrides: () => void;
  /** Replace all overrides (restore from storage). */
  setMarketOverrides: (overrides: MarketOverrides) => void;
}

function withEntry(record: Readonly<Record<string, number>>, key: string, value: number | null): Record<string, number> {
  const { [key]: _old, ...rest } = record;
  return value === null ? rest : { ...rest, [key]: value };
}

export const createMarketSlice: SliceCreator<MarketSlice> = (set) => ({
  market: null,
  marketSource: null,
  marketOverrides: NO_OVERRIDES,
  marketInstruments: [],

  loadMarket: (market, source) => set({ market, marketSource: source, marketOverrides: NO_OVERRIDES, marketInstruments: [] }),

  setMarketInstruments: (marketInstruments) => set({ marketInstruments }),

  setSpotOverride: (underlying, indexUsd) => {
    if (indexUsd !== null && !(Number.isFinite(indexUsd) && indexUsd > 0)) return;
    set((s) => ({ marketOverrides: { ...s.marketOverrides, spot: withEntry(s.marketOverrides.spot, underlying, indexUsd) } }));
  },

  setVolOverride: (underlying, volPts) => {
    if (volPts !== null && !Number.isFinite(volPts)) return;
    const value = volPts === 0 ? null : volPts;
    set((s) => ({ marketOverrides: { ...s.marketOverrides, volPts: withEntry(s.marketOverrides.volPts, underlying, value) } }));
  },

  clearMarketOverrides: () => set({ marketOverrides: NO_OVERRIDES }),

  setMarketOverrides: (marketOverrides) => set({ marketOverrides }),
});
