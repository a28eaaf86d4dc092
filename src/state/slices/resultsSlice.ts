import type { RiskReport } from '../../domain/results.ts';
import type { SliceCreator } from '../appState.ts';

export type ResultsStatus = 'idle' | 'running' | 'ready' | 'error';

export interface ResultsSlice {
  /** Last report received; kept while a newer one computes, so figures never blank during a drag. */
  report: RiskReport | null;
  resultsStatus: ResultsStatus;
  resultsError: string | null;
  /** Worker compute + transfer time of the last report, ms. */
  resultsMs: number | null;
  markResultsRunning: () => void;
  receiveReport: (report: RiskReport, ms: number) => void;
  failResults: (message: string) => void;
}

export const createResultsSlice: SliceCreator<ResultsSlice> = (set) => ({
  report: null,
  resultsStatus: 'idle',
  resultsError: null,
  resultsMs: null,
  markResultsRunning: () => set({ resultsStatus: 'running' }),
  receiveReport: (report, ms) => set({ report, resultsStatus: 'ready', resultsError: null, resultsMs: ms }),
  failResults: (message) => set({ resultsStatus: 'error', resultsError: message }),
});
