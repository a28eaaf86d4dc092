/**
 * The VaR tab's own inputs (method, confidence, horizon, window, Monte Carlo paths/seed/workers, backtest choice).
 * They live outside the app store on purpose: they are not part of the book (no undo step, no autosave), but must
 * survive switching tabs, which unmounts the view.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { defaultPoolSize } from '../../worker/varPool.ts';
import { DEFAULT_VAR_SETTINGS, type VarSettings } from './varModel.ts';

export interface VarSettingsState {
  readonly settings: VarSettings;
  set: (patch: Partial<VarSettings>) => void;
  reset: () => void;
}

const initial = (): VarSettings => ({ ...DEFAULT_VAR_SETTINGS, workers: defaultPoolSize() });

export const varSettingsStore = createStore<VarSettingsState>()((set) => ({
  settings: initial(),
  set: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  reset: () => set({ settings: initial() }),
}));

export function useVarSettings(): VarSettingsState {
  return useStore(varSettingsStore);
}
