/**
 * Delta-one pricers: inverse and linear futures/perpetuals, spot holdings and cash (PRODUCT.md "Valuation (USD)").
 *
 * State: F = F0 (1 + m), S = S0 (1 + m); days forward do not change forwards.
 * - Inverse future/perpetual, USD notional N, entry E (F0 when none): coin P&L N · (1/E − 1/F), valued at the
 *   (shocked) index: value = N (1/E − 1/F) S. delta (coin) = N / F; deltaUsd = N · S / E (exact derivative of
 *   V(u) = N S (1+u)/E − N S/F); gammaUsd1pct = 0.
 * - Linear future/perpetual, coin quantity q: value = q (F − E); delta = q; deltaUsd = q F.
 * - Spot holding: value = q S; delta = q; deltaUsd = q S; excluded from Delta Total (it is equity).
 * - Cash (USDC, USD, USDT): value = amount; no risk.
 * - A future whose days pass its expiry has settled at the scenario's forward (pricers/settlement.ts): its coin
 *   amount N (1/E − 1/F) at the index (inverse) or q (F − E) USDC (linear) — the same value — with no Greeks.
 *
 * Verified by: pricers.test.ts (closed forms long and short; inverse P&L against METHODOLOGY.md §1's
 * q·(1 − 1/(1+m)) rule; finite-difference deltaUsd).
 */
import { DAYS_PER_YEAR } from '../market/time.ts';
import type { ResolvedPosition } from '../resolve.ts';
import { hasSettled, settle, settledValuation } from './settlement.ts';
import type { PositionShock } from './shock.ts';
import type { Valuation } from './valuation.ts';

const NO_OPTION_GREEKS = { gamma: 0, vega: 0, theta: 0, rho: 0, gammaUsd1pct: 0, vegaStd: 0, iv: null, settled: false } as const;

function tteAfter(rp: ResolvedPosition, shock: PositionShock): number | null {
  return rp.instrument.kind === 'future' ? rp.tteYears0 - shock.days / DAYS_PER_YEAR : null;
}

/** A future whose days pass its expiry has settled at the scenario's forward F: its amount as cash, no Greeks. */
function settledFuture(rp: ResolvedPosition, shock: PositionShock, forward: number, index: number): Valuation | null {
  if (rp.instrument.kind !== 'future' || !hasSettled(rp.tteYears0, shock.days)) return null;
  return settledValuation(rp, settle(rp, forward), index, rp.tteYears0 - shock.days / DAYS_PER_YEAR);
}

/** Inverse (coin-margined) future or perpetual. */
export function priceInverseDelta1(rp: ResolvedPosition, shock: PositionShock): Valuation {
  const growth = 1 + shock.spotMove;
  const forward = rp.forward0 * growth;
  const index = rp.index0 * growth;
  const settled = settledFuture(rp, shock, forward, index);
  if (settled) return settled;
  const n = rp.notionalUsd;
  return {
    ...NO_OPTION_GREEKS,
    valueUsd: n * (1 / rp.entryUsd - 1 / forward) * index,
    markPrice: forward,
    forward,
    index,
    delta: n / forward,
    deltaUsd: (n * index) / rp.entryUsd,
    deltaTotal: n / forward,
    tteYears: tteAfter(rp, shock),
  };
}

/** Linear (USDC) future or perpetual. */
export function priceLinearDelta1(rp: ResolvedPosition, shock: PositionShock): Valuation {
  const growth = 1 + shock.spotMove;
  const forward = rp.forward0 * growth;
  const settled = settledFuture(rp, shock, forward, rp.index0 * growth);
  if (settled) return settled;
  const q = rp.quantityCoin;
  return {
    ...NO_OPTION_GREEKS,
    valueUsd: q * (forward - rp.entryUsd),
    markPrice: forward,
    forward,
    index: rp.index0 * growth,
    delta: q,
    deltaUsd: q * forward,
    deltaTotal: q,
    tteYears: tteAfter(rp, shock),
  };
}

/** Spot holding of the coin. */
export function priceSpot(rp: ResolvedPosition, shock: PositionShock): Valuation {
  const index = rp.index0 * (1 + shock.spotMove);
  const q = rp.quantityCoin;
  return {
    ...NO_OPTION_GREEKS,
    valueUsd: q * index,
    markPrice: index,
    forward: null,
    index,
    delta: q,
    deltaUsd: q * index,
    deltaTotal: 0,
    tteYears: null,
  };
}

/** Cash in a USD stablecoin or USD: its amount. */
export function priceCash(rp: ResolvedPosition): Valuation {
  return {
    ...NO_OPTION_GREEKS,
    valueUsd: rp.quantityCoin,
    markPrice: 1,
    forward: null,
    index: 1,
    delta: 0,
    deltaUsd: 0,
    deltaTotal: 0,
    tteYears: null,
  };
}
