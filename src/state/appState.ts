import type { StateCreator } from 'zustand';
import type { PortfolioSlice } from './slices/portfolioSlice.ts';
import type { MarketSlice } from './slices/marketSlice.ts';
import type { ScenarioSlice } from './slices/scenarioSlice.ts';
import type { SettingsSlice } from './slices/settingsSlice.ts';
import type { ResultsSlice } from './slices/resultsSlice.ts';
import type { UiSlice } from './slices/uiSlice.ts';
import type { AnalysisSlice } from './slices/analysisSlice.ts';

/** The whole store: inputs (portfolio, market, scenario, settings), outputs (results) and transient UI state. */
export type AppState = PortfolioSlice & MarketSlice & ScenarioSlice & SettingsSlice & ResultsSlice & UiSlice & AnalysisSlice;

/** Slice creators see the whole state; the temporal (undo) mutator is applied once, in store.ts. */
export type SliceCreator<T> = StateCreator<AppState, [['temporal', unknown]], [], T>;
