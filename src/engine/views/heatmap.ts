/**
 * Exposure heatmap: scenario P&L over spot moves × vol shifts, or spot moves × days forward (PRODUCT.md §4,
 * issue 4). Each cell is a full revaluation of the book (compiled form) in the what-if scenario with the cell's
 * spot move applied to the target underlying (or all together) and the cell's vol shift / days; P&L is against the
 * unshocked book (so the cell at the what-if's own coordinates equals the what-if scenario P&L).
 * Verified by: heatmap.test.ts (a cell equals computeReport's scenario P&L for that shock).
 */
import type { Scenario } from '../../domain/scenario.ts';
import type { CompiledBook } from '../risk/compiledBook.ts';
import { rowEvaluator, type TargetGreeks, type ViewTarget } from './scenarioGrid.ts';

export interface HeatmapRequest {
  readonly target: ViewTarget;
  /** Columns: spot moves in percent (e.g. −30 … 30). */
  readonly spotMovesPct: readonly number[];
  /** Rows: 'vol' → vol shifts in vol points; 'days' → days forward. */
  readonly axis: 'vol' | 'days';
  readonly rowValues: readonly number[];
  /** The what-if scenario the other dimensions come from. */
  readonly base: Scenario;
  /** Compute the target's Greeks in every cell (tooltips). */
  readonly withGreeks?: boolean;
}

export interface HeatmapResult {
  readonly target: ViewTarget;
  readonly axis: 'vol' | 'days';
  readonly spotMovesPct: readonly number[];
  readonly rowValues: readonly number[];
  /** P&L in USD, pnlUsd[row][col]. */
  readonly pnlUsd: number[][];
  /** Target Greeks per cell, greeks[row][col] (when asked). */
  readonly greeks: TargetGreeks[][] | null;
  /** The worst cell (largest loss); ties take the first in row-major order. */
  readonly worst: { readonly row: number; readonly col: number; readonly pnlUsd: number };
}

/** Compute the heatmap of `req` for a compiled book. */
export function computeHeatmap(book: CompiledBook, req: HeatmapRequest): HeatmapResult {
  const pnlUsd: number[][] = [];
  const greeks: TargetGreeks[][] | null = req.withGreeks ? [] : null;
  let worst = { row: 0, col: 0, pnlUsd: Infinity };
  req.rowValues.forEach((rv, row) => {
    const pnlRow: number[] = [];
    const greekRow: TargetGreeks[] = [];
    const evaluate = rowEvaluator(book, req.base, req.target, req.axis === 'vol' ? { volShift: rv / 100 } : { days: rv });
    const values = evaluate.values(req.spotMovesPct.map((m) => m / 100));
    req.spotMovesPct.forEach((movePct, col) => {
      const pnl = values[col]! - book.baseValueUsd;
      pnlRow.push(pnl);
      if (pnl < worst.pnlUsd) worst = { row, col, pnlUsd: pnl };
      if (greeks) greekRow.push(evaluate.greeks(movePct / 100));
    });
    pnlUsd.push(pnlRow);
    if (greeks) greeks.push(greekRow);
  });
  return { target: req.target, axis: req.axis, spotMovesPct: req.spotMovesPct, rowValues: req.rowValues, pnlUsd, greeks, worst };
}
