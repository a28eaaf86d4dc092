/**
 * Spot ladder: P&L and Greeks of the book at spot moves (default −50 % … +50 % in 5 % steps) of the target
 * underlying (or all together), other dimensions from the what-if scenario (PRODUCT.md §5).
 * Verified by: views.test.ts (rows equal direct revaluations; the 0 % row equals the what-if's Greeks).
 */
import type { Scenario } from '../../domain/scenario.ts';
import type { CompiledBook } from '../risk/compiledBook.ts';
import { range, rowEvaluator, type TargetGreeks, type ViewTarget } from './scenarioGrid.ts';

export interface SpotLadderRow extends TargetGreeks {
  /** Spot move, percent. */
  readonly movePct: number;
  /** Spot price of the target after the move (USD), null for 'ALL'. */
  readonly spotUsd: number | null;
  /** P&L against the unshocked book, USD. */
  readonly pnlUsd: number;
}

export function computeSpotLadder(
  book: CompiledBook,
  base: Scenario,
  target: ViewTarget,
  movesPct: readonly number[] = range(-50, 50, 5),
): SpotLadderRow[] {
  const u = target === 'ALL' ? -1 : book.underlyings.indexOf(target);
  const evaluate = rowEvaluator(book, base, target, {});
  const values = evaluate.values(movesPct.map((m) => m / 100));
  return movesPct.map((movePct, i) => ({
    movePct,
    spotUsd: u >= 0 ? book.index0[u]! * (1 + movePct / 100) : null,
    pnlUsd: values[i]! - book.baseValueUsd,
    ...evaluate.greeks(movePct / 100),
  }));
}
