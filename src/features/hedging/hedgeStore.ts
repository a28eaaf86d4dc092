/**
 * The Hedging tab's own inputs (targets, candidate picks, simulation settings). They live outside the app store on
 * purpose: they are not part of the book (no undo step, no autosave), but they must survive switching tabs, which
 * unmounts the view.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { CandidateKind } from '../../engine/index.ts';
import type { ScopeChoice, TargetInput } from './suggestModel.ts';
import type { PolicyInput } from './simulationModel.ts';

export type HedgeSection = 'suggest' | 'simulate';

export interface HedgeUiState {
  section: HedgeSection;
  /** Inputs the trader touched, per underlying (others use defaults). */
  targets: Readonly<Record<string, TargetInput>>;
  /** Whose Greeks the targets apply to (and whose options the simulation replays). */
  scope: ScopeChoice;
  kinds: Readonly<Record<CandidateKind, boolean>>;
  /** Unticked candidates. */
  excluded: readonly string[];
  simUnderlying: string | null;
  windowDays: number;
  strideDays: number;
  /** Last N closes of the history, null = all. */
  lookbackDays: number | null;
  /** Policies per underlying (a band in BTC means nothing for ETH); missing = defaults. */
  policies: Readonly<Record<string, readonly PolicyInput[]>>;
  set: (patch: Partial<Omit<HedgeUiState, 'set'>>) => void;
}

export function createHedgeStore() {
  return createStore<HedgeUiState>()((set) => ({
    section: 'suggest',
    targets: {},
    scope: 'book',
    kinds: { perpetual: true, future: true, option: true },
    excluded: [],
    simUnderlying: null,
    windowDays: 30,
    strideDays: 7,
    lookbackDays: null,
    policies: {},
    set: (patch) => set(patch),
  }));
}

export const hedgeStore = createHedgeStore();

export function useHedgeUi<T>(selector: (s: HedgeUiState) => T): T {
  return useStore(hedgeStore, selector);
}
