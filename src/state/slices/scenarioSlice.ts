import type { Scenario } from '../../domain/scenario.ts';
import type { SliceCreator } from '../appState.ts';

/**
 * The what-if inputs in the units a trader types: spot moves in %, vol shift in vol points, days forward.
 * Converted to the engine's decimal `Scenario` by `toEngineScenario`.
 */
export interface ScenarioInputs {
  /** Relative spot move per underlying, % (−10 = −10 %). */
  readonly spotPct: Readonly<Record<string, number>>;
  /** Parallel implied-vol shift, vol points (5 = +5 vol points). */
  readonly volPts: number;
  /** Valuation time moved forward, calendar days (fractional allowed). */
  readonly days: number;
}

export const ZERO_SCENARIO: ScenarioInputs = { spotPct: {}, volPts: 0, days: 0 };

/** Spot may fall at most 99.9 %: a −100 % move leaves inverse products undefined (1/F). */
export const MIN_SPOT_PCT = -99.9;
export const MAX_DAYS = 3650;

export interface ScenarioSlice {
  scenario: ScenarioInputs;
  setSpotShock: (underlying: string, pct: number) => void;
  setVolShift: (volPts: number) => void;
  setDaysForward: (days: number) => void;
  resetScenario: () => void;
  /** Replace all inputs at once (restore from storage, later: click a heatmap cell). */
  applyScenario: (inputs: ScenarioInputs) => void;
}

export function clampSpotPct(pct: number): number {
  return Math.max(MIN_SPOT_PCT, pct);
}

export function clampDays(days: number): number {
  return Math.min(MAX_DAYS, Math.max(0, days));
}

/** The engine's decimal scenario (PRODUCT.md "Scenario semantics"); zero moves are left out. */
export function toEngineScenario(inputs: ScenarioInputs): Scenario {
  const spot: Record<string, number> = {};
  for (const [ul, pct] of Object.entries(inputs.spotPct)) if (pct !== 0) spot[ul] = pct / 100;
  return { spot, vol: inputs.volPts / 100, days: inputs.days };
}

export function isZeroScenario(inputs: ScenarioInputs): boolean {
  return inputs.volPts === 0 && inputs.days === 0 && Object.values(inputs.spotPct).every((v) => v === 0);
}

export const createScenarioSlice: SliceCreator<ScenarioSlice> = (set) => ({
  scenario: ZERO_SCENARIO,

  setSpotShock: (underlying, pct) => {
    if (!Number.isFinite(pct)) return;
    set((s) => ({ scenario: { ...s.scenario, spotPct: { ...s.scenario.spotPct, [underlying]: clampSpotPct(pct) } } }));
  },

  setVolShift: (volPts) => {
    if (!Number.isFinite(volPts)) return;
    set((s) => ({ scenario: { ...s.scenario, volPts } }));
  },

  setDaysForward: (days) => {
    if (!Number.isFinite(days)) return;
    set((s) => ({ scenario: { ...s.scenario, days: clampDays(days) } }));
  },

  resetScenario: () => set({ scenario: ZERO_SCENARIO }),

  applyScenario: (inputs) =>
    set({
      scenario: {
        spotPct: Object.fromEntries(
          Object.entries(inputs.spotPct)
            .filter(([, v]) => Number.isFinite(v))
            .map(([k, v]) => [k, clampSpotPct(v)]),
        ),
        volPts: Number.isFinite(inputs.volPts) ? inputs.volPts : 0,
        days: Number.isFinite(inputs.days) ? clampDays(inputs.days) : 0,
      },
    }),
});
