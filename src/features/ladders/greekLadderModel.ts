/**
 * Greek ladder view-model: the engine's expiry × strike buckets (`computeGreekLadder`) laid out for one measure,
 * with heat colours, row / column totals, the positions behind each bucket (to filter the grid) and its label.
 */
import type { GreekLadder, LadderMeasure } from '../../engine/index.ts';
import { formatCoin, formatNumber, formatSignificant, formatUsd } from '../../lib/format.ts';
import { heatColour, maxAbsOf, type HeatColour } from '../heatmap/viewMath.ts';

export interface MeasureSpec {
  readonly id: LadderMeasure;
  readonly label: string;
  readonly unit: string;
  readonly hint: string;
  readonly format: (x: number) => string;
}

const usd0 = (x: number) => formatUsd(x, { digits: 0 });

export const LADDER_MEASURE_SPECS: readonly MeasureSpec[] = [
  {
    id: 'delta',
    label: 'Delta',
    unit: 'coin',
    hint: 'Coin delta (Deribit ticker delta × signed coin quantity; delta-one: the coin quantity)',
    format: (x) => formatCoin(x),
  },
  { id: 'deltaUsd', label: 'Delta', unit: 'USD', hint: 'USD P&L per unit relative move of the underlying (∂V/∂m)', format: usd0 },
  {
    id: 'gamma',
    label: 'Gamma',
    unit: 'coin / USD',
    hint: 'Change of coin delta per USD move of the underlying',
    format: (x) => formatSignificant(x, 3, 1e-4),
  },
  { id: 'gammaUsd1pct', label: 'Gamma', unit: 'USD / 1 %', hint: 'Change of the USD delta for a +1 % move', format: usd0 },
  { id: 'vega', label: 'Vega', unit: 'USD / vol pt', hint: 'USD P&L for +1 vol point on the position’s own vol', format: usd0 },
  {
    id: 'vegaStd',
    label: 'Vega std',
    unit: 'USD / vol pt',
    hint: 'Standardised vega: each position’s vega × √(30 / days to expiry), so a 1-point move of 30-day vol is comparable across expiries',
    format: usd0,
  },
  { id: 'theta', label: 'Theta', unit: 'USD / day', hint: 'USD P&L of one calendar day passing (Deribit’s theta rule)', format: usd0 },
];

export const LADDER_MEASURE_IDS: readonly LadderMeasure[] = LADDER_MEASURE_SPECS.map((m) => m.id);

export function measureSpec(id: LadderMeasure): MeasureSpec {
  return LADDER_MEASURE_SPECS.find((m) => m.id === id) ?? LADDER_MEASURE_SPECS[0]!;
}

export const DELTA_ONE_COL = 'delta-one';
export const PERP_ROW = 'perpetual / spot';

export interface LadderColumn {
  readonly key: string;
  /** "90,000" or "Delta-one". */
  readonly label: string;
  /** "90,000 – 95,000" for a strike bucket, null for the delta-one column. */
  readonly range: string | null;
}

export interface LadderCellModel {
  readonly row: number;
  readonly col: number;
  /** Null for an empty bucket. */
  readonly value: number | null;
  readonly ids: readonly string[];
  readonly text: string;
  readonly colour: HeatColour;
}

export interface LadderTotal {
  readonly value: number;
  readonly ids: readonly string[];
  readonly text: string;
}

export interface LadderTableModel {
  readonly underlying: string;
  readonly measure: MeasureSpec;
  readonly columns: LadderColumn[];
  readonly rows: { key: string; label: string; cells: LadderCellModel[]; total: LadderTotal }[];
  readonly colTotals: LadderTotal[];
  readonly total: LadderTotal;
  readonly maxAbs: number;
  readonly bucketUsd: number;
}

function strikeRange(lower: number, width: number): string {
  const digits = Number.isInteger(lower) && Number.isInteger(width) ? 0 : 2;
  return `${formatNumber(lower, digits)} – ${formatNumber(lower + width, digits)}`;
}

export function columnOf(key: string, width: number): LadderColumn {
  if (key === DELTA_ONE_COL) return { key, label: 'Delta-one', range: null };
  const lower = Number(key);
  return { key, label: formatNumber(lower, Number.isInteger(lower) ? 0 : 2), range: strikeRange(lower, width) };
}

export function rowLabel(key: string): string {
  return key === PERP_ROW ? 'Perpetual / spot' : key;
}

/** Lay out the ladder for one measure. */
export function buildLadderTable(ladder: GreekLadder, measureId: LadderMeasure): LadderTableModel {
  const measure = measureSpec(measureId);
  const k = measure.id;
  const values = ladder.cells.flat().flatMap((c) => (c ? [c[k]] : []));
  const maxAbs = maxAbsOf(values);
  const columns = ladder.cols.map((c) => columnOf(c, ladder.strikeBucketUsd));
  const colIds: string[][] = ladder.cols.map(() => []);
  const allIds: string[] = [];
  const rows = ladder.rows.map((r, i) => {
    const rowIds: string[] = [];
    const cells = ladder.cols.map((_, j): LadderCellModel => {
      const cell = ladder.cells[i]?.[j];
      if (!cell) return { row: i, col: j, value: null, ids: [], text: '', colour: heatColour(0, maxAbs, 'greek') };
      rowIds.push(...cell.positionIds);
      colIds[j]!.push(...cell.positionIds);
      allIds.push(...cell.positionIds);
      return {
        row: i,
        col: j,
        value: cell[k],
        ids: cell.positionIds,
        text: measure.format(cell[k]),
        colour: heatColour(cell[k], maxAbs, 'greek'),
      };
    });
    const v = ladder.rowTotals[i]![k];
    return { key: r, label: rowLabel(r), cells, total: { value: v, ids: rowIds, text: measure.format(v) } };
  });
  const colTotals = ladder.cols.map((_, j) => {
    const v = ladder.colTotals[j]![k];
    return { value: v, ids: colIds[j]!, text: measure.format(v) };
  });
  const tv = ladder.total[k];
  return {
    underlying: ladder.underlying,
    measure,
    columns,
    rows,
    colTotals,
    total: { value: tv, ids: allIds, text: measure.format(tv) },
    maxAbs,
    bucketUsd: ladder.strikeBucketUsd,
  };
}

/** The grid filter's label for a bucket, a row (col null), a column (row null) or everything. */
export function bucketFilterLabel(underlying: string, row: string | null, col: LadderColumn | null): string {
  const parts = [underlying];
  if (row !== null) parts.push(rowLabel(row));
  if (col !== null) parts.push(col.range !== null ? `strikes ${col.range}` : 'delta-one');
  return `Greek ladder: ${parts.join(' · ')}`;
}
