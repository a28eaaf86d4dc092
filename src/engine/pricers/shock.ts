/**
 * The market state a position is valued in: the base market moved by a scenario (PRODUCT.md "Scenario semantics").
 * A `PositionShock` is what one position sees: its underlying's relative spot move, the vol shift and the days
 * rolled forward.
 */
import { MIN_VOL, spotMoveOf, type Scenario } from '../../domain/scenario.ts';

export interface PositionShock {
  /** Relative move m of the underlying (decimal): index, perpetual and forwards × (1 + m). */
  readonly spotMove: number;
  /** Parallel vol shift v, decimal (0.05 = +5 vol points). */
  readonly volShift: number;
  /** Term scaling exponent p: the shift becomes v · (30 / DTE)^p, DTE in days at the base time; null = parallel. */
  readonly volTermPower: number | null;
  /** Days the valuation time moves forward. */
  readonly days: number;
}

export const NO_SHOCK: PositionShock = { spotMove: 0, volShift: 0, volTermPower: null, days: 0 };

/** The shock one underlying's positions see under a scenario. Cash never moves. */
export function shockFor(scenario: Scenario, underlying: string, isCash: boolean): PositionShock {
  return {
    spotMove: isCash ? 0 : spotMoveOf(scenario, underlying),
    volShift: scenario.vol ?? 0,
    volTermPower: scenario.volTermPower ?? null,
    days: scenario.days ?? 0,
  };
}

/**
 * Shocked vol: σ0 + v · scale, floored at MIN_VOL (1e-4).
 * @param vol0 base vol (decimal)
 * @param dteDays0 days to expiry at the base time (for the term scaling)
 */
export function shockedVol(vol0: number, shock: PositionShock, dteDays0: number): number {
  const scale = shock.volTermPower === null ? 1 : Math.pow(30 / Math.max(dteDays0, 1e-9), shock.volTermPower);
  return Math.max(vol0 + shock.volShift * scale, MIN_VOL);
}
