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
  {
    id: 'positions',
    label: 'Positions',
    area: 'The positions grid',
    hint: 'The book: one row per position with marks and Greeks; edit, add, delete, what-if trades',
    component: PositionsView,
  },
  {
    id: 'market',
    label: 'Market',
    area: 'The market view',
    hint: 'The snapshot in use: index, forwards and ATM vols per expiry; hand overrides',
    component: MarketView,
  },
  {
    id: 'heatmap',
    label: 'Heatmap',
    area: 'The exposure heatmap',
    hint: 'P&L over spot moves × vol shifts and spot moves × days forward; click a cell to make it the what-if',
    component: lazyView(() => import('../features/heatmap/HeatmapView.tsx'), 'HeatmapView'),
  },
  {
    id: 'greeks',
    label: 'Greek ladder',
    area: 'The Greek ladder',
    hint: 'Delta, gamma, vega and theta bucketed by expiry × strike; click a bucket to filter the positions',
    component: lazyView(() => import('../features/ladders/GreekLadderView.tsx'), 'GreekLadderView'),
  },
  {
    id: 'spot-ladder',
    label: 'Spot ladder',
    area: 'The spot ladder',
    hint: 'P&L and Greeks at spot moves from −50 % to +50 %, table and chart',
    component: lazyView(() => import('../features/ladders/SpotLadderView.tsx'), 'SpotLadderView'),
  },
  {
    id: 'payoff',
    label: 'Payoff',
    area: 'The payoff chart',
    hint: 'P&L against spot today, at chosen dates and at each expiry, with breakevens',
    component: lazyView(() => import('../features/payoff/PayoffView.tsx'), 'PayoffView'),
  },
  {
    id: 'surface',
    label: 'Vol surface',
    area: 'The volatility surface',
    hint: 'Smiles per expiry and the ATM term structure of the snapshot in use, with the book’s option nodes',
    component: lazyView(() => import('../features/surface/VolSurfaceView.tsx'), 'VolSurfaceView'),
  },
  {
    id: 'var',
    label: 'VaR',
    area: 'The VaR panel',
    hint: 'VaR and Expected Shortfall (historical, filtered, parametric, Monte Carlo on a worker pool), P&L distribution, component and incremental VaR, backtest with the Basel traffic light',
    component: lazyView(() => import('../features/var/VarView.tsx'), 'VarView'),
  },
  {
    id: 'stress',
    label: 'Stress',
    area: 'The stress tests',
    hint: 'Historical crypto crashes and your own scenarios (spot, vol, basis, venue default): P&L with a waterfall by underlying and position',
    component: lazyView(() => import('../features/stress/StressView.tsx'), 'StressView'),
  },
  {
    id: 'margin',
    label: 'Margin',
    area: 'The margin view',
    hint: 'Deribit portfolio margin per currency (risk matrix, IM/MM), standard and SPAN-style margin, cross-margin per venue and liquidation distance',
    component: lazyView(() => import('../features/margin/MarginView.tsx'), 'MarginView'),
  },
  {
    id: 'exposure',
    label: 'Exposure',
    area: 'The exposure view',
    hint: 'Counterparty exposure per venue with PFE, operational risk and exchange outage, settlement cash flows and funding carry',
    component: lazyView(() => import('../features/exposure/ExposureView.tsx'), 'ExposureView'),
  },
  {
    id: 'limits',
    label: 'Limits',
    area: 'The limits view',
    hint: 'Your limits on delta, vega, VaR, margin usage and venue concentration, and every breach',
    component: lazyView(() => import('../features/limits/LimitsView.tsx'), 'LimitsView'),
  },
  {
    id: 'hedging',
    label: 'Hedging',
    area: 'The hedging view',
    hint: 'Least-cost trades that bring delta, gamma and vega to targets (before / after), and delta-hedge policies replayed on history',
    component: lazyView(() => import('../features/hedging/HedgingView.tsx'), 'HedgingView'),
  },
  {
    id: 'proofs',
    label: 'Proofs',
    area: 'The proofs view',
    hint: 'Signed portfolio-margin proofs of the book (commitment, statement, opening, inclusion proofs), their verification, and private encrypted share links',
    component: lazyView(() => import('../features/proofs/ProofsView.tsx'), 'ProofsView'),
  },
];
