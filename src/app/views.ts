/**
 * The main area's views, in tab order. Later issues add heatmap, ladders, payoff, VaR, stress, margin and hedging
 * entries here (each a lazily loaded feature view), and their ids to `ViewId` in settingsSlice.
 */
import type { ViewId } from '../state/slices/settingsSlice.ts';

export interface ViewEntry {
  readonly id: ViewId;
  readonly label: string;
  readonly hint: string;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'positions', label: 'Positions', hint: 'The book: one row per position with marks and Greeks; edit, add, delete, what-if trades' },
  { id: 'market', label: 'Market', hint: 'The snapshot in use: index, forwards and ATM vols per expiry; hand overrides' },
];
