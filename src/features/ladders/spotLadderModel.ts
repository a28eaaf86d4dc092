/**
 * Spot ladder view-model: the toolbar's range → the worker request, and the engine's rows (`computeSpotLadder`:
 * P&L against the unshocked book and the target's Greeks at each spot move, other dimensions from the what-if) →
 * table rows and chart points.
 */
import type { SpotLadderRow } from '../../engine/index.ts';
import type { SpotLadderViewParams } from '../../worker/api/viewsApi.ts';
import { axisValues, formatSignedStep, nearestIndex, type AxisSpec } from '../heatmap/viewMath.ts';

export interface SpotLadderConfig {
  readonly target: string | null;
  readonly range: AxisSpec;
}

export const DEFAULT_SPOT_LADDER: SpotLadderConfig = { target: null, range: { from: -50, to: 50, step: 5 } };

export function spotLadderParams(config: SpotLadderConfig): { params: SpotLadderViewParams | null; errors: string[] } {
  const moves = axisValues(config.range, 201, 'Spot range');
  if (!moves.ok) return { params: null, errors: [moves.error] };
  if (moves.value.some((m) => m <= -100)) return { params: null, errors: ['Spot range: moves must stay above −100 %'] };
  return { params: { target: config.target, movesPct: moves.value }, errors: [] };
}

/** The Greek drawn as a line over the P&L bars. */
export type LadderLine = 'deltaUsd' | 'gammaUsd1pct' | 'vega' | 'theta';

export const LADDER_LINES: readonly { id: LadderLine; label: string; unit: string }[] = [
  { id: 'deltaUsd', label: 'Delta', unit: 'USD' },
  { id: 'gammaUsd1pct', label: 'Gamma', unit: 'USD / 1 %' },
  { id: 'vega', label: 'Vega', unit: 'USD / pt' },
  { id: 'theta', label: 'Theta', unit: 'USD / day' },
];

export interface SpotLadderRowModel extends SpotLadderRow {
  /** "−10 %". */
  readonly label: string;
  readonly isZero: boolean;
  /** The row at (or nearest to) the what-if's move of the target. */
  readonly isCurrent: boolean;
}

/**
 * @param currentMovePct the what-if's move of the target (percent), or null (e.g. 'ALL' with different moves)
 */
export function buildSpotLadder(rows: readonly SpotLadderRow[], currentMovePct: number | null): SpotLadderRowModel[] {
  const moves = rows.map((r) => r.movePct);
  const inside =
    currentMovePct !== null &&
    moves.length > 0 &&
    currentMovePct >= Math.min(...moves) - 1e-9 &&
    currentMovePct <= Math.max(...moves) + 1e-9;
  const current = inside ? nearestIndex(moves, currentMovePct) : -1;
  return rows.map((r, i) => ({
    ...r,
    label: `${formatSignedStep(r.movePct)} %`,
    isZero: Math.abs(r.movePct) < 1e-9,
    isCurrent: i === current,
  }));
}
