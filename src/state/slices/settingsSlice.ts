import type { SliceCreator } from '../appState.ts';

/** Views of the main area. Later issues add heatmap, ladders, payoff, VaR, stress, margin and hedging here. */
export type ViewId =
  | 'positions'
  | 'market'
  | 'hedging'
  | 'heatmap'
  | 'greeks'
  | 'spot-ladder'
  | 'payoff'
  | 'surface'
  | 'stress'
  | 'margin'
  | 'exposure'
  | 'limits'
  | 'var'
  | 'proofs';

export interface SettingsSlice {
  activeView: ViewId;
  setActiveView: (view: ViewId) => void;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  activeView: 'positions',
  setActiveView: (activeView) => set({ activeView }),
});
