/**
 * Scenarios (PRODUCT.md "Scenario semantics", engine and app alike).
 *
 * `{ spot: m, vol: v, days: d }`:
 * - multiplies the index, the perpetual and every forward of an underlying by (1 + m); m is a decimal
 *   (−0.1 = −10 %) and may differ per underlying; cash never moves;
 * - adds v (decimal, 0.05 = +5 vol points) to every implied vol, floored at 1e-4; with `volTermPower` p set, the
 *   shift of an option is v · (30 / DTE)^p (DTE in fractional days at the base time, term-scaled shock);
 * - moves the valuation time d days forward (forwards, perpetual and smiles unchanged; an option that expires inside
 *   the move settles at intrinsic on its shocked forward).
 * Scenario P&L = USD value after − USD value before.
 */

export interface Scenario {
  /** Relative spot move per underlying (decimal). Missing underlyings use `spotAll`. */
  readonly spot?: Readonly<Record<string, number>>;
  /** Relative spot move applied to every underlying without its own entry (decimal). */
  readonly spotAll?: number;
  /** Parallel vol shift, decimal (0.05 = +5 vol points). */
  readonly vol?: number;
  /** Optional term scaling exponent p: the shift becomes vol · (30/DTE)^p. */
  readonly volTermPower?: number;
  /** Days to move the valuation time forward (fractional allowed, ≥ 0). */
  readonly days?: number;
}

export const BASE_SCENARIO: Scenario = {};

/** Floor applied to every shocked implied vol (decimal). */
export const MIN_VOL = 1e-4;

/** Relative spot move of `underlying` in scenario `s` (decimal). */
export function spotMoveOf(s: Scenario, underlying: string): number {
  return s.spot?.[underlying] ?? s.spotAll ?? 0;
}
