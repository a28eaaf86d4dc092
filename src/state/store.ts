/**
 * The one store. Slices are plain creators (slices/); middleware is applied only here.
 *
 * Undo/redo (zundo) tracks only `portfolio`: scenario drags, results and UI state never create undo steps, and an
 * undo never rewinds the market or the what-if inputs. Every portfolio command replaces the `portfolio` object, so
 * reference equality is exactly "the book changed".
 */
import { createStore } from 'zustand/vanilla';
import { temporal } from 'zundo';
import type { AppState } from './appState.ts';
import { createPortfolioSlice } from './slices/portfolioSlice.ts';
import { createMarketSlice } from './slices/marketSlice.ts';
import { createScenarioSlice } from './slices/scenarioSlice.ts';
import { createSettingsSlice } from './slices/settingsSlice.ts';
import { createResultsSlice } from './slices/resultsSlice.ts';
import { createUiSlice } from './slices/uiSlice.ts';
import { createAnalysisSlice } from './slices/analysisSlice.ts';

export type { AppState } from './appState.ts';

/** How many book edits can be undone. */
export const UNDO_LIMIT = 100;

export function createAppStore() {
  return createStore<AppState>()(
    temporal(
      (...a) => ({
        ...createPortfolioSlice(...a),
        ...createMarketSlice(...a),
        ...createScenarioSlice(...a),
        ...createSettingsSlice(...a),
        ...createResultsSlice(...a),
        ...createUiSlice(...a),
        ...createAnalysisSlice(...a),
      }),
      {
        partialize: (s) => ({ portfolio: s.portfolio }),
        equality: (past, current) => past.portfolio === current.portfolio,
        limit: UNDO_LIMIT,
      },
    ),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The application's store (tests create their own with `createAppStore`). */
export const appStore: AppStore = createAppStore();

/** Replace the book without an undo step (startup restore, first default load), and forget older history. */
export function replacePortfolioSilently(store: AppStore, portfolio: AppState['portfolio']): void {
  const temporalApi = store.temporal.getState();
  temporalApi.pause();
  store.getState().importPortfolio(portfolio);
  temporalApi.resume();
  temporalApi.clear();
}
