/**
 * Stress-test revaluation: the P&L of a book under each stress scenario (stress/scenarios.ts), by full revaluation
 * with the engine's pricers, with a waterfall by component, underlying, venue and position.
 *
 * Model, per position (USD, P&L = value after − value before, PRODUCT.md "Scenario semantics"):
 * 1. market: the pricer shock { spotMove: the underlying's stress move, volShift v, volTermPower p, days } — the
 *    same market state as computeReport's scenario { spot: moves, vol: v, volTermPower: p, days } (cash unmoved);
 * 2. basis collapse b: the position is re-based on a forward F0' = S0 + (1 − b)(F0 − S0) (margin/revalue.ts
 *    `rebasePosition`, forward factor F0'/F0; sticky-strike vols, entry prices and USD notionals unchanged) and
 *    valued under the same shock; the basis component is the difference from step 1. It applies to futures,
 *    perpetuals and options (an option is priced on its expiry's forward); spot and cash have no basis;
 * 3. venue default: when the scenario names a venue whose base equity (Σ base values there) is positive, every
 *    position there is lost: its P&L is −(base value), and the venue component is the difference from 1 + 2.
 *    (A venue the book owes money to is not "lost": its default component is 0.)
 * Total = market + basis + venue default; by underlying (cash under its own code), by venue and by position.
 *
 * Verified by: stress.test.ts (equals computeReport's scenario P&L with no basis/venue component; basis collapse of
 * an inverse future by hand; venue default writes off the venue's equity; sums of the waterfalls).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK, type PositionShock } from '../pricers/shock.ts';
import type { ResolvedBook, ResolvedPosition } from '../resolve.ts';
import { rebasePosition } from '../margin/revalue.ts';
import { stressMoveOf, type StressScenario } from './scenarios.ts';

export interface StressPositionPnl {
  readonly id: string;
  readonly instrument: string;
  readonly underlying: string;
  readonly venue: string;
  readonly label: string;
  /** Base value, USD. */
  readonly valueUsd: number;
  readonly pnlUsd: number;
  readonly marketPnlUsd: number;
  readonly basisPnlUsd: number;
  readonly venueDefaultPnlUsd: number;
}

export interface StressComponents {
  /** Spot, vol and time. */
  readonly marketUsd: number;
  readonly basisUsd: number;
  readonly venueDefaultUsd: number;
}

export interface StressResult {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly pnlUsd: number;
  /** P&L per underlying (cash under its own code), USD. */
  readonly byUnderlying: Readonly<Record<string, number>>;
  readonly byVenue: Readonly<Record<string, number>>;
  readonly components: StressComponents;
  /** The move applied to each underlying of the book and of the market (decimal). */
  readonly spotMoves: Readonly<Record<string, number>>;
  /** Book order. */
  readonly byPosition: readonly StressPositionPnl[];
  readonly scenario: StressScenario;
}

const hasForward = (rp: ResolvedPosition): boolean => rp.path !== 'spot' && rp.path !== 'cash';

/** The pricer shock a position sees in scenario `s`. */
export function stressShockFor(s: StressScenario, rp: ResolvedPosition): PositionShock {
  return {
    spotMove: rp.path === 'cash' ? 0 : stressMoveOf(s, rp.instrument.underlying),
    volShift: s.volShift,
    volTermPower: s.volTermPower,
    days: s.days ?? 0,
  };
}

function runOne(book: ResolvedBook, model: MarketModel, s: StressScenario, base: readonly number[]): StressResult {
  // Base equity per venue decides whether a default is a loss.
  const venueEquity = new Map<string, number>();
  book.positions.forEach((rp, i) => venueEquity.set(rp.position.venue, (venueEquity.get(rp.position.venue) ?? 0) + base[i]!));
  const defaulted = s.venueDefault !== null && (venueEquity.get(s.venueDefault) ?? 0) > 0 ? s.venueDefault : null;
  const b = s.basisCollapse;
  const byUnderlying: Record<string, number> = {};
  const byVenue: Record<string, number> = {};
  let marketUsd = 0;
  let basisUsd = 0;
  let venueDefaultUsd = 0;
  const byPosition = book.positions.map((rp, i): StressPositionPnl => {
    const v0 = base[i]!;
    const shock = stressShockFor(s, rp);
    const market = pricePosition(rp, shock).valueUsd - v0;
    let basis = 0;
    if (b !== 0 && hasForward(rp)) {
      const factor = (rp.index0 + (1 - b) * (rp.forward0 - rp.index0)) / rp.forward0;
      basis = pricePosition(rebasePosition(rp, 1, factor), shock).valueUsd - v0 - market;
    }
    const venueDefault = defaulted !== null && rp.position.venue === defaulted ? -v0 - market - basis : 0;
    const pnl = market + basis + venueDefault;
    marketUsd += market;
    basisUsd += basis;
    venueDefaultUsd += venueDefault;
    const ul = rp.instrument.underlying;
    byUnderlying[ul] = (byUnderlying[ul] ?? 0) + pnl;
    byVenue[rp.position.venue] = (byVenue[rp.position.venue] ?? 0) + pnl;
    return {
      id: rp.position.id,
      instrument: rp.instrument.name,
      underlying: ul,
      venue: rp.position.venue,
      label: rp.position.label,
      valueUsd: v0,
      pnlUsd: pnl,
      marketPnlUsd: market,
      basisPnlUsd: basis,
      venueDefaultPnlUsd: venueDefault,
    };
  });
  const spotMoves: Record<string, number> = {};
  for (const ul of [
    ...model.underlyings.keys(),
    ...book.positions.filter((rp) => rp.path !== 'cash').map((rp) => rp.instrument.underlying),
  ]) {
    spotMoves[ul] = stressMoveOf(s, ul);
  }
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    pnlUsd: marketUsd + basisUsd + venueDefaultUsd,
    byUnderlying,
    byVenue,
    components: { marketUsd, basisUsd, venueDefaultUsd },
    spotMoves,
    byPosition,
    scenario: s,
  };
}

/**
 * Run stress scenarios on a resolved book (see module header).
 * @param scenarios presets (STRESS_PRESETS) and/or custom scenarios
 * @returns one result per scenario, in the given order
 */
export function runStress(book: ResolvedBook, model: MarketModel, scenarios: readonly StressScenario[]): StressResult[] {
  const base = book.positions.map((rp) => pricePosition(rp, NO_SHOCK).valueUsd);
  return scenarios.map((s) => runOne(book, model, s, base));
}

/** One entry of the report's `stress[]` (PRODUCT.md "Report JSON"): the result without the per-position rows. */
export interface StressReportEntry {
  readonly id: string;
  readonly name: string;
  readonly pnlUsd: number;
  readonly byUnderlying: Readonly<Record<string, number>>;
  readonly byVenue: Readonly<Record<string, number>>;
  readonly components: StressComponents;
  readonly spotMoves: Readonly<Record<string, number>>;
}

/** The CLI's `stress[]` entry of a result. */
export function stressReportEntry(r: StressResult): StressReportEntry {
  return {
    id: r.id,
    name: r.name,
    pnlUsd: r.pnlUsd,
    byUnderlying: r.byUnderlying,
    byVenue: r.byVenue,
    components: r.components,
    spotMoves: r.spotMoves,
  };
}
