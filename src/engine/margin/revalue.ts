/**
 * Margin revaluation: a position's value in its settlement currency under a price move and an absolute vol, and
 * the "moved market" a margin or liquidation calculation is re-run in. Every value comes from the engine's own
 * pricers (pricers/positionPricer.ts); nothing is re-priced here.
 *
 * Conventions (METHODOLOGY.md §4 "Details … fixed here"):
 * - Settlement currency: inverse options, futures and perpetuals settle in their underlying coin (BTC, ETH);
 *   linear (`_USDC`) products in USDC. Spot holdings and cash are collateral, not risk-matrix positions (null).
 * - Value in the settlement currency: inverse option q · mark (coin); inverse future/perpetual N (1/E − 1/F) (coin,
 *   = USD value / index); linear products their USD(C) value. A P&L is the change of this value, so an inverse
 *   future's coin P&L is N (1/F0 − 1/F) = q (1 − 1/(1+m)) whatever its entry price (METHODOLOGY.md §1), and an
 *   inverse option's is q · Δmark. (For positions worth 0 at the base, e.g. futures without an entry price, this is
 *   the same as "ΔUSD / shocked index"; for others it does not re-convert the base value at the moved index.)
 * - A move m multiplies index, perpetual and forwards by (1 + m); an option's vol is set to an absolute level σ
 *   (the pricer's shift σ − σ0, floored at 1e-4 by the pricer); time does not move.
 *
 * Verified by: pme.test.ts (Deribit's published risk vectors of a perpetual and a future to 1e-15; option coin P&L
 * against an independent Black-76 computation), liquidation.test.ts (rebased values equal shocked values).
 */
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK, type PositionShock } from '../pricers/shock.ts';
import type { ResolvedPosition } from '../resolve.ts';

/** Settlement currency of a derivative position (`BTC`, `ETH`, `USDC`, …); null for spot and cash (collateral). */
export function settlementCurrencyOf(rp: ResolvedPosition): string | null {
  switch (rp.path) {
    case 'inverseOption':
    case 'inverseDelta1':
      return rp.instrument.underlying;
    case 'linearOption':
    case 'linearDelta1':
      return 'USDC';
    default:
      return null;
  }
}

/** True for options that have not expired at the base (they carry a vol and get vol scenarios). */
export function isLiveOption(rp: ResolvedPosition): boolean {
  return (rp.path === 'inverseOption' || rp.path === 'linearOption') && rp.tteYears0 > 0 && rp.vol0 > 0;
}

/**
 * Value of a position in its settlement currency in the market state `shock` (see module header).
 * @returns coin for inverse products, USD(C) for linear ones, USD for spot and cash
 */
export function settlementValue(rp: ResolvedPosition, shock: PositionShock = NO_SHOCK): number {
  const v = pricePosition(rp, shock);
  switch (rp.path) {
    case 'inverseOption':
      return rp.quantityCoin * v.markPrice;
    case 'inverseDelta1':
      return v.valueUsd / v.index;
    default:
      return v.valueUsd;
  }
}

/**
 * The pricer shock for a relative move `spotMove` with the option's vol set to `volAbs` (decimal).
 * For anything but a live option the vol is ignored.
 */
export function moveShock(rp: ResolvedPosition, spotMove: number, volAbs: number): PositionShock {
  return { spotMove, volShift: isLiveOption(rp) ? volAbs - rp.vol0 : 0, volTermPower: null, days: 0 };
}

/**
 * The position seen from a moved market: index × growth, forward × growth × forwardFactor, everything else as
 * resolved (strike, sticky-strike vol σ0, time, USD notional and entry price of futures). The coin quantity of an
 * inverse future/perpetual is its notional over the new forward (N / F), as the exchange sizes it.
 * Valued at NO_SHOCK, a rebased position is worth exactly what the original is worth under the shock
 * `{ spotMove: growth − 1 }` when forwardFactor = 1.
 * @param growth 1 + m, the relative move of the underlying
 * @param forwardFactor extra multiplier of the forward only (basis change), 1 = none
 */
export function rebasePosition(rp: ResolvedPosition, growth: number, forwardFactor = 1): ResolvedPosition {
  if (rp.path === 'cash') return rp;
  const index0 = rp.index0 * growth;
  if (rp.path === 'spot') return { ...rp, index0 };
  const forward0 = rp.forward0 * growth * forwardFactor;
  if (rp.path === 'inverseDelta1') return { ...rp, index0, forward0, quantityCoin: rp.notionalUsd / forward0 };
  return { ...rp, index0, forward0 };
}
