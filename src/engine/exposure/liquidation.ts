/**
 * Cross-margin accounts per venue and the distance to liquidation (issue 6 "Cross-margin").
 *
 * Model, per venue (each venue is one cross-margined account):
 * - collateral = USD value of the venue's spot holdings and cash (PRODUCT.md valuation: q·S, cash its amount);
 * - derivatives value = Σ USD value of its options, futures and perpetuals (futures/perpetuals: P&L against entry);
 * - equity = collateral + derivatives value;
 * - IM and MM = the venue's Deribit portfolio margin (margin/pme.ts), every currency converted to USD at its index;
 * - margin usage = IM / equity, margin ratio = MM / equity (null when equity ≤ 0: the account is under water);
 * - liquidation distance: the relative spot move m (one underlying, or all together) at which equity(m) = MM(m).
 *   Both sides are recomputed by full revaluation in the moved market (margin/revalue.ts `rebasePosition`: index,
 *   perpetual and forwards × (1 + m), sticky-strike vols, inverse futures re-sized N/F), so MM(m) is the PME of the
 *   book as it would stand at the moved price. The root is bracketed by scanning f(m) = equity(m) − MM(m) outward
 *   from 0 in steps of `scanStep` up to ±maxMove, and refined by Brent's method (exposure/rootFind.ts). The nearest
 *   crossing on each side is reported as a move and as prices; "none within ±95 %" when f keeps its sign.
 *   Two crossings closer than one scan step could be missed (the step is a parameter).
 *
 * Verified by: liquidation.test.ts (equity and ratios by hand; the root against brute-force scanning of f on a
 * 0.1 % grid; rebased values equal shocked values; none within range; already below MM).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook, ResolvedPosition } from '../resolve.ts';
import { DEFAULT_PME_PARAMS, type PmeParams } from '../margin/params.ts';
import { computePortfolioMargin, venueBook, venuesOf, type PortfolioMarginResult } from '../margin/pme.ts';
import { rebasePosition } from '../margin/revalue.ts';
import { brentRoot } from './rootFind.ts';

export interface VenueAccount {
  readonly venue: string;
  /** Spot holdings and cash, USD. */
  readonly collateralUsd: number;
  /** Options, futures and perpetuals, USD. */
  readonly derivativesValueUsd: number;
  readonly equityUsd: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
  /** equity − IM, USD. */
  readonly availableUsd: number;
  /** IM / equity; null when equity ≤ 0. */
  readonly marginUsage: number | null;
  /** MM / equity; null when equity ≤ 0. */
  readonly marginRatio: number | null;
  /** The venue's PME (per currency). */
  readonly margin: PortfolioMarginResult;
}

const isCollateral = (rp: ResolvedPosition): boolean => rp.path === 'spot' || rp.path === 'cash';

/** Collateral and derivatives value of a list of positions, USD. */
function splitValue(positions: readonly ResolvedPosition[]): { collateralUsd: number; derivativesValueUsd: number } {
  let collateralUsd = 0;
  let derivativesValueUsd = 0;
  for (const rp of positions) {
    const v = pricePosition(rp, NO_SHOCK).valueUsd;
    if (isCollateral(rp)) collateralUsd += v;
    else derivativesValueUsd += v;
  }
  return { collateralUsd, derivativesValueUsd };
}

/** The account figures of one venue's book. */
function accountOf(venue: string, book: ResolvedBook, model: MarketModel, params: PmeParams): VenueAccount {
  const { collateralUsd, derivativesValueUsd } = splitValue(book.positions);
  const equityUsd = collateralUsd + derivativesValueUsd;
  const margin = computePortfolioMargin(book, model, params);
  return {
    venue,
    collateralUsd,
    derivativesValueUsd,
    equityUsd,
    initialMarginUsd: margin.initialMarginUsd,
    maintenanceMarginUsd: margin.maintenanceMarginUsd,
    availableUsd: equityUsd - margin.initialMarginUsd,
    marginUsage: equityUsd > 0 ? margin.initialMarginUsd / equityUsd : null,
    marginRatio: equityUsd > 0 ? margin.maintenanceMarginUsd / equityUsd : null,
    margin,
  };
}

/**
 * Cross-margin account of every venue of the book, in first-seen order.
 * @param params PME parameters (IM and MM)
 */
export function computeVenueAccounts(book: ResolvedBook, model: MarketModel, params: PmeParams = DEFAULT_PME_PARAMS): VenueAccount[] {
  return venuesOf(book).map((venue) => accountOf(venue, venueBook(book, venue), model, params));
}

/** A book moved by a relative spot move per underlying (cash never moves). */
export function moveBook(book: ResolvedBook, moveOf: (underlying: string) => number): ResolvedBook {
  return {
    ...book,
    positions: book.positions.map((rp) => (rp.path === 'cash' ? rp : rebasePosition(rp, 1 + moveOf(rp.instrument.underlying)))),
  };
}

/** Equity and margins (USD) of a venue's book in a moved market. */
export interface AccountHealth {
  readonly equityUsd: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

/** Equity and margins of `book` (one account) after moving spot by `moveOf(ul)`: full revaluation and PME. */
export function accountHealth(
  book: ResolvedBook,
  model: MarketModel,
  moveOf: (underlying: string) => number,
  params: PmeParams = DEFAULT_PME_PARAMS,
): AccountHealth {
  const moved = moveBook(book, moveOf);
  const { collateralUsd, derivativesValueUsd } = splitValue(moved.positions);
  const margin = computePortfolioMargin(moved, model, params);
  return {
    equityUsd: collateralUsd + derivativesValueUsd,
    initialMarginUsd: margin.initialMarginUsd,
    maintenanceMarginUsd: margin.maintenanceMarginUsd,
  };
}

export interface LiquidationPoint {
  /** Relative move (decimal) and in percent. */
  readonly move: number;
  readonly movePct: number;
  /** Index of each moved underlying at that move, USD. */
  readonly pricesUsd: Readonly<Record<string, number>>;
  readonly equityUsd: number;
  readonly maintenanceMarginUsd: number;
}

export interface LiquidationResult {
  readonly venue: string;
  /** The underlying moved, or `ALL` (every underlying of the venue together). */
  readonly target: string;
  readonly underlyings: readonly string[];
  /** Equity − MM at the base (USD). */
  readonly cushionUsd: number;
  /** Equity already below MM at the base: liquidation is due now (distance 0). */
  readonly alreadyBelow: boolean;
  /** Nearest crossing below and above the current price; null when none within ±maxMove. */
  readonly down: LiquidationPoint | null;
  readonly up: LiquidationPoint | null;
  /** The nearer of the two. */
  readonly nearest: LiquidationPoint | null;
  /** "none within ±95 %" when neither side has a crossing. */
  readonly note: string | null;
}

export interface LiquidationOptions {
  /** Largest move searched, each side (decimal, default 0.95). */
  readonly maxMove?: number;
  /** Scan step for the bracket (decimal, default 0.02). */
  readonly scanStep?: number;
  /** Tolerance of the move (decimal, default 1e-7). */
  readonly tol?: number;
}

/**
 * Distance to liquidation of one venue's account (see module header).
 * @param target an underlying of the venue's book, or `ALL` to move every underlying together
 * @returns the nearest crossing below and above, with prices; `note` "none within ±95 %" when there is none
 */
export function liquidationDistance(
  book: ResolvedBook,
  model: MarketModel,
  venue: string,
  target: string,
  params: PmeParams = DEFAULT_PME_PARAMS,
  options: LiquidationOptions = {},
): LiquidationResult {
  const maxMove = options.maxMove ?? 0.95;
  const step = options.scanStep ?? 0.02;
  const tol = options.tol ?? 1e-7;
  const vb = venueBook(book, venue);
  const all = [...new Set(vb.positions.filter((rp) => rp.path !== 'cash').map((rp) => rp.instrument.underlying))];
  const moved = target === 'ALL' ? all : all.filter((ul) => ul === target);
  const movedSet = new Set(moved);
  const index0 = new Map(vb.positions.filter((rp) => rp.path !== 'cash').map((rp) => [rp.instrument.underlying, rp.index0] as const));
  const health = (m: number): AccountHealth => accountHealth(vb, model, (ul) => (movedSet.has(ul) ? m : 0), params);
  const f = (m: number): number => {
    const h = health(m);
    return h.equityUsd - h.maintenanceMarginUsd;
  };
  const f0 = f(0);
  const point = (m: number): LiquidationPoint => {
    const h = health(m);
    const pricesUsd: Record<string, number> = {};
    for (const ul of moved) pricesUsd[ul] = (index0.get(ul) ?? NaN) * (1 + m);
    return { move: m, movePct: m * 100, pricesUsd, equityUsd: h.equityUsd, maintenanceMarginUsd: h.maintenanceMarginUsd };
  };
  /** First crossing walking from 0 toward `sign`·maxMove. */
  const side = (sign: 1 | -1): LiquidationPoint | null => {
    if (moved.length === 0) return null;
    let a = 0;
    let fa = f0;
    const n = Math.ceil(maxMove / step - 1e-12);
    for (let i = 1; i <= n; i++) {
      const b = sign * Math.min(i * step, maxMove);
      const fb = f(b);
      if (fa > 0 && fb <= 0) {
        const root = brentRoot(f, a, b, tol, 200, fa, fb);
        return root === null ? null : point(root);
      }
      a = b;
      fa = fb;
    }
    return null;
  };
  const alreadyBelow = f0 <= 0;
  const zero = point(0);
  const down = alreadyBelow ? zero : side(-1);
  const up = alreadyBelow ? zero : side(1);
  const nearest = down && up ? (Math.abs(down.move) <= Math.abs(up.move) ? down : up) : (down ?? up);
  const pctText = Math.round(maxMove * 100);
  return {
    venue,
    target,
    underlyings: moved,
    cushionUsd: f0,
    alreadyBelow,
    down,
    up,
    nearest,
    note: nearest ? null : `none within ±${pctText} %`,
  };
}

/** Liquidation distances of a venue: every underlying alone, and all together. */
export function liquidationDistances(
  book: ResolvedBook,
  model: MarketModel,
  venue: string,
  params: PmeParams = DEFAULT_PME_PARAMS,
  options: LiquidationOptions = {},
): { readonly all: LiquidationResult; readonly byUnderlying: Readonly<Record<string, LiquidationResult>> } {
  const uls = [
    ...new Set(
      venueBook(book, venue)
        .positions.filter((rp) => rp.path !== 'cash')
        .map((rp) => rp.instrument.underlying),
    ),
  ];
  const byUnderlying: Record<string, LiquidationResult> = {};
  for (const ul of uls) byUnderlying[ul] = liquidationDistance(book, model, venue, ul, params, options);
  return { all: liquidationDistance(book, model, venue, 'ALL', params, options), byUnderlying };
}
