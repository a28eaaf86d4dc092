/**
 * The main area's views, in tab order: each feature registers one entry (its id must also be in `ViewId`,
 * settingsSlice.ts). Heavy views are lazy components so their code (charts) loads when the tab is first opened.
 * Edit this list with one-line additions: several features add themselves here.
 */
import { lazy, type ComponentType } from 'react';
import type { ViewId } from '../state/slices/settingsSlice.ts';
import { PositionsView } from '../features/portfolio/PositionsView.tsx';
import { MarketView } from '../features/market/MarketView.tsx';

export interface ViewEntry {
  readonly id: ViewId;
  readonly label: string;
  /** Tab tooltip: what the view shows. */
  readonly hint: string;
  /** Name used in error messages ("The heatmap could not be drawn"). */
  readonly area: string;
  readonly component: ComponentType;
}

/** A lazily loaded named export of a feature module. */
export function lazyView<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): ComponentType {
  const View = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
  return View as ComponentType;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'positions', label: 'Positions', area: 'The positions grid', hint: 'The book: one row per position with marks and Greeks; edit, add, delete, what-if trades', component: PositionsView },
  { id: 'market', label: 'Market', area: 'The market view', hint: 'The snapshot in use: index, forwards and ATM vols per expiry; hand overrides', component: MarketView },
  { id: 'hedging', label: 'Hedging', area: 'The hedging view', hint: 'Least-cost trades that bring delta, gamma and vega to targets (before / after), and delta-hedge policies replayed on history', component: lazyView(() => import('../features/hedging/HedgingView.tsx'), 'HedgingView') },
];
