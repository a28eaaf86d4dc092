/**
 * Exposure heatmap view-model: the toolbar's configuration → the worker request, and the worker's grids → what
 * each cell shows (compact P&L, colour, worst / what-if marks, tooltip lines), plus the what-if a click applies.
 *
 * The numbers are the engine's (`computeHeatmap`): a cell is the book's P&L (USD, against the unshocked book) with
 * the target's spot moved by the column's move and the vol shift / days of the row; every other dimension
 * (untargeted underlyings' spot moves, days or vol) is the what-if scenario's.
 */
import type { HeatmapResult, TargetGreeks } from '../../engine/index.ts';
import type { ScenarioInputs } from '../../state/slices/scenarioSlice.ts';
import type { HeatmapViewParams } from '../../worker/api/viewsApi.ts';
import { formatCoin, formatNumber, formatPrice, formatUsd } from '../../lib/format.ts';
import {
  axisValues,
  formatCompact,
  formatSignedStep,
  heatColour,
  maxAbsOf,
  nearestIndex,
  parseNumberList,
  type AxisSpec,
  type HeatColour,
} from './viewMath.ts';

export interface HeatmapConfig {
  /** Underlying, 'ALL', or null for the book's first. */
  readonly target: string | null;
  readonly spot: AxisSpec;
  readonly vol: AxisSpec;
  /** Rows of the spot × days heatmap as typed ("0, 1, 3, 7, 14, 30"). */
  readonly daysText: string;
}

export const DEFAULT_HEATMAP_CONFIG: HeatmapConfig = {
  target: null,
  spot: { from: -30, to: 30, step: 5 },
  vol: { from: -20, to: 20, step: 5 },
  daysText: '0, 1, 3, 7, 14, 30',
};

/** The worker request for a configuration, or the reasons it cannot be sent. */
export function heatmapParams(config: HeatmapConfig): { params: HeatmapViewParams | null; errors: string[] } {
  const spot = axisValues(config.spot, 41, 'Spot');
  const vol = axisValues(config.vol, 41, 'Vol');
  const days = parseNumberList(config.daysText, { min: 0, max: 24, what: 'Days' });
  const errors = [spot, vol, days].flatMap((p) => (p.ok ? [] : [p.error]));
  if (spot.ok && spot.value.some((m) => m <= -100)) errors.push('Spot: moves must stay above −100 %');
  if (errors.length > 0 || !spot.ok || !vol.ok || !days.ok) return { params: null, errors };
  return { params: { target: config.target, spotMovesPct: spot.value, volShiftsPts: vol.value, daysForward: days.value }, errors: [] };
}

/** The what-if's coordinate on the spot axis for `target` (null for 'ALL' when underlyings move differently). */
export function currentSpotPct(inputs: ScenarioInputs, target: string, underlyings: readonly string[]): number | null {
  if (target !== 'ALL') return inputs.spotPct[target] ?? 0;
  const moves = underlyings.map((u) => inputs.spotPct[u] ?? 0);
  if (moves.length === 0) return null;
  return moves.every((m) => m === moves[0]) ? moves[0]! : null;
}

/** The what-if a click on a cell applies: the target's spot (every underlying's for 'ALL') and the row's vol or days. */
export function scenarioForCell(
  inputs: ScenarioInputs,
  target: string,
  underlyings: readonly string[],
  axis: 'vol' | 'days',
  spotPct: number,
  rowValue: number,
): ScenarioInputs {
  const spot = { ...inputs.spotPct };
  for (const u of target === 'ALL' ? underlyings : [target]) spot[u] = spotPct;
  return { spotPct: spot, volPts: axis === 'vol' ? rowValue : inputs.volPts, days: axis === 'days' ? rowValue : inputs.days };
}

export interface HeatmapColumn {
  readonly spotPct: number;
  /** "−30 %". */
  readonly label: string;
  /** Spot after the move (USD) for a single underlying, else null. */
  readonly spotUsd: number | null;
}

export interface HeatmapRow {
  readonly value: number;
  /** "+5" vol pts or "7 d". */
  readonly label: string;
}

export interface HeatmapCellModel {
  readonly row: number;
  readonly col: number;
  readonly spotPct: number;
  readonly rowValue: number;
  readonly pnlUsd: number;
  readonly text: string;
  readonly colour: HeatColour;
  readonly isWorst: boolean;
  /** The what-if scenario is exactly this cell. */
  readonly isCurrent: boolean;
  /** The what-if lies between grid points and this is the nearest cell. */
  readonly isNearCurrent: boolean;
  readonly greeks: TargetGreeks | null;
}

export interface HeatmapGridModel {
  readonly axis: 'vol' | 'days';
  readonly columns: HeatmapColumn[];
  /** Display order: vol from high (top) to low; days from 0 (top) onwards. */
  readonly rows: HeatmapRow[];
  /** cells[displayRow][col]. */
  readonly cells: HeatmapCellModel[][];
  readonly maxAbsUsd: number;
  readonly worst: HeatmapCellModel | null;
  readonly best: HeatmapCellModel | null;
}

/**
 * Lay out one engine heatmap for display.
 * @param current the what-if's coordinates (spot move %, vol pts or days) or null when not on this grid's axes
 * @param indexUsd the target's index (USD) for the spot labels; null for 'ALL'
 */
export function buildHeatmapGrid(
  result: HeatmapResult,
  current: { spotPct: number | null; rowValue: number },
  indexUsd: number | null,
): HeatmapGridModel {
  const { axis, spotMovesPct, rowValues, pnlUsd, greeks } = result;
  const maxAbsUsd = maxAbsOf(pnlUsd.flat());
  const columns: HeatmapColumn[] = spotMovesPct.map((m) => ({
    spotPct: m,
    label: `${formatSignedStep(m)} %`,
    spotUsd: indexUsd !== null && Number.isFinite(indexUsd) ? indexUsd * (1 + m / 100) : null,
  }));
  const exactCol = current.spotPct === null ? -1 : spotMovesPct.findIndex((m) => Math.abs(m - current.spotPct!) < 1e-9);
  const exactRow = rowValues.findIndex((v) => Math.abs(v - current.rowValue) < 1e-9);
  const inRange = (xs: readonly number[], x: number | null) =>
    x !== null && xs.length > 0 && x >= Math.min(...xs) - 1e-9 && x <= Math.max(...xs) + 1e-9;
  const near =
    exactCol >= 0 && exactRow >= 0
      ? null
      : inRange(spotMovesPct, current.spotPct) && inRange(rowValues, current.rowValue)
        ? { col: nearestIndex(spotMovesPct, current.spotPct!), row: nearestIndex(rowValues, current.rowValue) }
        : null;
  const order = rowValues.map((_, i) => i);
  if (axis === 'vol') order.sort((a, b) => rowValues[b]! - rowValues[a]!);
  else order.sort((a, b) => rowValues[a]! - rowValues[b]!);
  const rows: HeatmapRow[] = order.map((i) => ({
    value: rowValues[i]!,
    label: axis === 'vol' ? formatSignedStep(rowValues[i]!) : `${formatNumber(rowValues[i]!, Number.isInteger(rowValues[i]!) ? 0 : 1)} d`,
  }));
  let worst: HeatmapCellModel | null = null;
  let best: HeatmapCellModel | null = null;
  const cells = order.map((r) =>
    spotMovesPct.map((m, c) => {
      const pnl = pnlUsd[r]![c]!;
      const cell: HeatmapCellModel = {
        row: r,
        col: c,
        spotPct: m,
        rowValue: rowValues[r]!,
        pnlUsd: pnl,
        text: formatCompact(pnl, { signed: true }),
        colour: heatColour(pnl, maxAbsUsd, 'pnl'),
        isWorst: result.worst.row === r && result.worst.col === c && Number.isFinite(result.worst.pnlUsd),
        isCurrent: exactRow === r && exactCol === c,
        isNearCurrent: near !== null && near.row === r && near.col === c,
        greeks: greeks?.[r]?.[c] ?? null,
      };
      if (cell.isWorst) worst = cell;
      if (best === null || pnl > (best as HeatmapCellModel).pnlUsd) best = cell;
      return cell;
    }),
  );
  return { axis, columns, rows, cells, maxAbsUsd, worst, best };
}

/** "BTC −10 % (70,755), vol +5 pts, +3 d": where a cell sits, for tooltips and the worst-cell line. */
export function describeCell(
  target: string,
  cell: HeatmapCellModel,
  axis: 'vol' | 'days',
  other: { volPts: number; days: number },
  indexUsd: number | null,
): string {
  const who = target === 'ALL' ? 'all underlyings' : target;
  const spotUsd = indexUsd !== null && Number.isFinite(indexUsd) ? ` (${formatPrice(indexUsd * (1 + cell.spotPct / 100))})` : '';
  const vol = axis === 'vol' ? cell.rowValue : other.volPts;
  const days = axis === 'days' ? cell.rowValue : other.days;
  return `${who} ${formatSignedStep(cell.spotPct)} %${spotUsd}, vol ${formatSignedStep(vol)} pts, +${formatNumber(days, Number.isInteger(days) ? 0 : 1)} d`;
}

/** Tooltip lines: label and value of the target's Greeks at the cell. */
export function greekLines(g: TargetGreeks | null, target: string): { label: string; unit: string; value: string }[] {
  if (!g) return [];
  const lines = [
    { label: 'Delta', unit: 'coin', value: g.delta === null ? '\u2014' : formatCoin(g.delta, { signed: true }) },
    { label: 'Delta', unit: 'USD', value: formatUsd(g.deltaUsd, { digits: 0, signed: true }) },
    { label: 'Gamma', unit: 'USD / 1 %', value: formatUsd(g.gammaUsd1pct, { digits: 0, signed: true }) },
    { label: 'Vega', unit: 'USD / pt', value: formatUsd(g.vega, { digits: 0, signed: true }) },
    { label: 'Theta', unit: 'USD / day', value: formatUsd(g.theta, { digits: 0, signed: true }) },
  ];
  return target === 'ALL' ? lines.slice(1) : lines;
}
