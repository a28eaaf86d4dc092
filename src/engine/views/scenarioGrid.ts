/**
 * Shared helpers for views that revalue the compiled book over many scenarios derived from the current what-if
 * scenario: a cell overrides the target underlying's spot move (or every underlying's, target 'ALL'), and
 * optionally the vol shift or the days forward; everything else comes from the what-if scenario.
 */
import { spotMoveOf, type Scenario } from '../../domain/scenario.ts';
import {
  greeksCompiled,
  valueCompiled,
  valueCompiledRow,
  type CompiledBook,
  type CompiledScenario,
  type ScenarioGreeks,
} from '../risk/compiledBook.ts';

/** The underlying a view moves, or every underlying together. */
export type ViewTarget = string | 'ALL';

export interface CellOverride {
  /** Spot move of the target (decimal). */
  readonly spotMove?: number;
  /** Vol shift (decimal); undefined keeps the what-if's. */
  readonly volShift?: number;
  /** Days forward; undefined keeps the what-if's. */
  readonly days?: number;
}

/** Compiled scenario for `base` with a cell's overrides applied. */
export function cellScenario(book: CompiledBook, base: Scenario, target: ViewTarget, cell: CellOverride): CompiledScenario {
  const growth = new Float64Array(book.underlyings.length);
  book.underlyings.forEach((ul, u) => {
    const moved = cell.spotMove !== undefined && (target === 'ALL' || target === ul);
    growth[u] = 1 + (moved ? cell.spotMove! : spotMoveOf(base, ul));
  });
  return {
    growth,
    volShift: cell.volShift ?? base.vol ?? 0,
    days: cell.days ?? base.days ?? 0,
    volTermPower: base.volTermPower ?? null,
  };
}

/** USD Greeks of the target (one underlying's, or summed across underlyings for 'ALL'; coin deltas only for one). */
export interface TargetGreeks {
  /** Coin; null for 'ALL' (coins of different underlyings do not add). */
  readonly delta: number | null;
  readonly deltaUsd: number;
  readonly gammaUsd1pct: number;
  readonly vega: number;
  readonly theta: number;
}

export function targetGreeks(book: CompiledBook, greeks: readonly ScenarioGreeks[], target: ViewTarget): TargetGreeks {
  if (target !== 'ALL') {
    const u = book.underlyings.indexOf(target);
    const g = greeks[u];
    if (!g) return { delta: 0, deltaUsd: 0, gammaUsd1pct: 0, vega: 0, theta: 0 };
    return { delta: g.delta, deltaUsd: g.deltaUsd, gammaUsd1pct: g.gammaUsd1pct, vega: g.vega, theta: g.theta };
  }
  let deltaUsd = 0;
  let gammaUsd1pct = 0;
  let vega = 0;
  let theta = 0;
  for (const g of greeks) {
    deltaUsd += g.deltaUsd;
    gammaUsd1pct += g.gammaUsd1pct;
    vega += g.vega;
    theta += g.theta;
  }
  return { delta: null, deltaUsd, gammaUsd1pct, vega, theta };
}

/** Evenly spaced values from `from` to `to` inclusive by `step` (rounded to 1e-9 to avoid 0.30000000000000004). */
export function range(from: number, to: number, step: number): number[] {
  if (!(step > 0) || to < from) return [from];
  const n = Math.floor((to - from) / step + 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Math.round((from + i * step) * 1e9) / 1e9);
}

/**
 * Evaluator for one row of a grid (fixed vol shift and days): the value of every underlying the row does not move
 * is computed once, and each cell revalues only the moved underlying. For target 'ALL' every cell revalues all.
 */
export function rowEvaluator(book: CompiledBook, base: Scenario, target: ViewTarget, row: Omit<CellOverride, 'spotMove'>) {
  const u = target === 'ALL' ? -1 : book.underlyings.indexOf(target);
  const template = cellScenario(book, base, target, row);
  const others = u >= 0 ? valueCompiled(book, template) - valueCompiled(book, template, undefined, u) : 0;
  const scenarioAt = (spotMove: number) => cellScenario(book, base, target, { ...row, spotMove });
  return {
    /** Total book value (USD) with the target moved by `spotMove`. */
    value(spotMove: number): number {
      if (u < 0 && target !== 'ALL') return others + valueCompiled(book, template);
      const s = scenarioAt(spotMove);
      return u >= 0 ? others + valueCompiled(book, s, undefined, u) : valueCompiled(book, s);
    },
    /** Total book values (USD) for many moves of the target at once (one pass over the options). */
    values(spotMoves: readonly number[]): Float64Array {
      if (u < 0) return Float64Array.from(spotMoves, (m) => this.value(m));
      const row = valueCompiledRow(
        book,
        template,
        u,
        spotMoves.map((m) => 1 + m),
      );
      for (let c = 0; c < row.length; c++) row[c] = row[c]! + others;
      return row;
    },
    /** Target Greeks with the target moved by `spotMove`. */
    greeks(spotMove: number): TargetGreeks {
      const s = scenarioAt(spotMove);
      return targetGreeks(book, greeksCompiled(book, s, u), target);
    },
  };
}
