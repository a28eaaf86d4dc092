/**
 * Operational risk (issue 6 "Operational risk"): a per-venue add-on and an exchange-outage scenario.
 *
 * Model:
 * - Add-on per venue = rate(venue) × assets held there (USD), rate configurable per venue with a default; the
 *   assets are the venue's exposure max(equity, 0) (exposure/counterparty.ts); share = assets / Σ assets.
 * - Exchange outage: no hedging for N hours while every underlying moves k standard deviations together,
 *   σ_N = σ_daily·√(N/24) (σ_daily from an input per underlying, e.g. DVOL/100/√365 via `dailyVolFromAnnual`), a
 *   move of ±k·σ_N; the positions affected (one venue, or all) are fully revalued at both moves with the clock
 *   moved N/24 days (theta accrues while nobody can act); the unhedged loss is the worse of the two P&Ls, shown as
 *   a positive loss (0 if both gain). Moves are floored at −99 %.
 *
 * Verified by: operational.test.ts (add-on sums; a perpetual's outage loss in closed form; the worse side chosen).
 */
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook } from '../resolve.ts';

/** Daily σ from an annualised vol (decimal): σ/√365 (crypto trades every day). */
export function dailyVolFromAnnual(annualVol: number): number {
  return annualVol / Math.sqrt(365);
}

export interface OperationalAddOnVenue {
  readonly venue: string;
  readonly assetsUsd: number;
  readonly share: number;
  readonly rate: number;
  readonly addOnUsd: number;
}

export interface OperationalAddOnResult {
  readonly venues: readonly OperationalAddOnVenue[];
  readonly totalAddOnUsd: number;
}

/**
 * Per-venue operational add-on.
 * @param venueAssets assets per venue (USD), e.g. the counterparty result's `exposureUsd`
 * @param rates rate per venue (decimal), `defaultRate` for the others
 */
export function operationalAddOn(
  venueAssets: ReadonlyArray<{ readonly venue: string; readonly assetsUsd: number }>,
  defaultRate: number,
  rates: Readonly<Record<string, number>> = {},
): OperationalAddOnResult {
  const total = venueAssets.reduce((s, v) => s + Math.max(0, v.assetsUsd), 0);
  const venues = venueAssets.map(({ venue, assetsUsd }) => {
    const assets = Math.max(0, assetsUsd);
    const rate = rates[venue] ?? defaultRate;
    return { venue, assetsUsd: assets, share: total > 0 ? assets / total : 0, rate, addOnUsd: rate * assets };
  });
  return { venues, totalAddOnUsd: venues.reduce((s, v) => s + v.addOnUsd, 0) };
}

export interface OutageOptions {
  /** Hours without hedging. */
  readonly hours: number;
  /** Number of standard deviations. */
  readonly k: number;
  /** Daily σ per underlying (decimal). */
  readonly dailyVol: Readonly<Record<string, number>>;
  /** Daily σ of underlyings not in `dailyVol` (default 0.04). */
  readonly defaultDailyVol?: number;
  /** Only this venue's positions (the exchange that is down); all when omitted. */
  readonly venue?: string;
}

export interface OutageResult {
  readonly hours: number;
  readonly k: number;
  /** Move per underlying (decimal, positive; applied + and −). */
  readonly moves: Readonly<Record<string, number>>;
  readonly upPnlUsd: number;
  readonly downPnlUsd: number;
  /** Worse of the two P&Ls. */
  readonly worstPnlUsd: number;
  readonly worstSide: 'up' | 'down';
  /** max(0, −worstPnlUsd). */
  readonly unhedgedLossUsd: number;
  /** P&L per underlying on the worse side. */
  readonly byUnderlying: Readonly<Record<string, number>>;
}

/** Exchange outage scenario (see module header). */
export function exchangeOutage(book: ResolvedBook, options: OutageOptions): OutageResult {
  const { hours, k } = options;
  const days = hours / 24;
  const scale = Math.sqrt(Math.max(hours, 0) / 24);
  const positions = options.venue === undefined ? book.positions : book.positions.filter((rp) => rp.position.venue === options.venue);
  const moves: Record<string, number> = {};
  for (const rp of positions) {
    if (rp.path === 'cash') continue;
    const ul = rp.instrument.underlying;
    moves[ul] = k * (options.dailyVol[ul] ?? options.defaultDailyVol ?? 0.04) * scale;
  }
  const side = (sign: 1 | -1) => {
    const byUl: Record<string, number> = {};
    let total = 0;
    for (const rp of positions) {
      const ul = rp.instrument.underlying;
      const m = rp.path === 'cash' ? 0 : Math.max(sign * (moves[ul] ?? 0), -0.99);
      const pnl = pricePosition(rp, { spotMove: m, volShift: 0, volTermPower: null, days }).valueUsd - pricePosition(rp, NO_SHOCK).valueUsd;
      byUl[ul] = (byUl[ul] ?? 0) + pnl;
      total += pnl;
    }
    return { total, byUl };
  };
  const up = side(1);
  const down = side(-1);
  const worst = down.total <= up.total ? { side: 'down' as const, ...down } : { side: 'up' as const, ...up };
  return {
    hours,
    k,
    moves,
    upPnlUsd: up.total,
    downPnlUsd: down.total,
    worstPnlUsd: worst.total,
    worstSide: worst.side,
    unhedgedLossUsd: Math.max(0, -worst.total),
    byUnderlying: worst.byUl,
  };
}
