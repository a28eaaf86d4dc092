/**
 * Greek ladder (PRODUCT.md §5): Greeks of one underlying's positions bucketed by expiry × strike, in the what-if
 * scenario's market state, with per-expiry and per-strike totals that add up to the underlying's aggregate.
 * Rows: one per expiry (futures in their expiry's row, perpetuals and spot in a 'perpetual / spot' row).
 * Columns: strike buckets [k·w, (k+1)·w) of width w (USD); delta-one instruments go to a 'delta-one' column.
 * Verified by: views.test.ts (totals equal the report's byUnderlying aggregates).
 */
import type { Scenario } from '../../domain/scenario.ts';
import { formatExpiryCode } from '../../domain/instrument.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { shockFor } from '../pricers/shock.ts';
import type { ResolvedBook } from '../resolve.ts';

export type LadderMeasure = 'delta' | 'deltaUsd' | 'gamma' | 'gammaUsd1pct' | 'vega' | 'vegaStd' | 'theta';
export const LADDER_MEASURES: readonly LadderMeasure[] = ['delta', 'deltaUsd', 'gamma', 'gammaUsd1pct', 'vega', 'vegaStd', 'theta'];

export type LadderValues = Record<LadderMeasure, number>;

export interface LadderCell extends LadderValues {
  /** Ids of the positions in this bucket (to filter the grid). */
  readonly positionIds: string[];
}

export interface GreekLadder {
  readonly underlying: string;
  readonly strikeBucketUsd: number;
  /** Row keys: expiry code (e.g. '25SEP26') or 'perpetual / spot'; sorted by expiry. */
  readonly rows: string[];
  /** Column keys: bucket lower bounds (USD) as strings, then 'delta-one' if any. */
  readonly cols: string[];
  /** cells[row][col] or undefined when empty. */
  readonly cells: (LadderCell | undefined)[][];
  readonly rowTotals: LadderValues[];
  readonly colTotals: LadderValues[];
  readonly total: LadderValues;
}

const zero = (): LadderValues => ({ delta: 0, deltaUsd: 0, gamma: 0, gammaUsd1pct: 0, vega: 0, vegaStd: 0, theta: 0 });
function add(into: LadderValues, v: LadderValues) {
  for (const k of LADDER_MEASURES) into[k] += v[k];
}

/** A 'nice' strike bucket width (1, 2, 2.5 or 5 × 10^k) near 5 % of the index. */
export function defaultStrikeBucket(indexUsd: number): number {
  const raw = indexUsd * 0.05;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  const nice = m < 1.5 ? 1 : m < 2.25 ? 2 : m < 3.75 ? 2.5 : m < 7.5 ? 5 : 10;
  return nice * p;
}

const DELTA_ONE = 'delta-one';
const PERP_ROW = 'perpetual / spot';

export function computeGreekLadder(book: ResolvedBook, base: Scenario, underlying: string, strikeBucketUsd?: number): GreekLadder {
  const positions = book.positions.filter((rp) => rp.instrument.underlying === underlying && rp.path !== 'cash');
  const index = positions[0]?.index0 ?? 1;
  const width = strikeBucketUsd && strikeBucketUsd > 0 ? strikeBucketUsd : defaultStrikeBucket(index);
  const rowKey = new Map<string, number>(); // key -> sort order (expiry ms)
  const colKey = new Map<string, number>();
  const bucketed = new Map<string, LadderCell>();
  for (const rp of positions) {
    const v = pricePosition(rp, shockFor(base, underlying, false));
    const inst = rp.instrument;
    const expiryMs = inst.kind === 'option' || inst.kind === 'future' ? inst.expiryMs : -1;
    const row = expiryMs < 0 ? PERP_ROW : formatExpiryCode(expiryMs);
    rowKey.set(row, expiryMs);
    let col: string;
    if (inst.kind === 'option') {
      const lower = Math.floor(inst.strike / width) * width;
      col = String(lower);
      colKey.set(col, lower);
    } else {
      col = DELTA_ONE;
      colKey.set(col, Infinity);
    }
    const key = `${row}\u0000${col}`;
    const cell = bucketed.get(key) ?? { ...zero(), positionIds: [] };
    add(cell, v);
    cell.positionIds.push(rp.position.id);
    bucketed.set(key, cell);
  }
  const rows = [...rowKey.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  const cols = [...colKey.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  const rowTotals = rows.map(zero);
  const colTotals = cols.map(zero);
  const total = zero();
  const cells = rows.map((r, i) =>
    cols.map((c, j) => {
      const cell = bucketed.get(`${r}\u0000${c}`);
      if (cell) {
        add(rowTotals[i]!, cell);
        add(colTotals[j]!, cell);
        add(total, cell);
      }
      return cell;
    }),
  );
  return { underlying, strikeBucketUsd: width, rows, cols, cells, rowTotals, colTotals, total };
}
