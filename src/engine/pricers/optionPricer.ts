/**
 * Option pricers: inverse (coin-settled) and linear (USDC) European options on Black-76 (models/black76.ts).
 *
 * State: F = F0 (1 + m), S = S0 (1 + m), σ = max(σ0 + v·scale, 1e-4), T = T0 − d / 365. T ≤ 0: the option has
 * settled at the scenario's forward F (pricers/settlement.ts): q · payoff / F coins at the index (inverse) or
 * q · payoff USDC (linear), no Greeks.
 * - Inverse, coin quantity q: mark (coin) = Black76(F, K, σ, T) / F; value (USD) = q · mark · S (converted at the
 *   index, not the forward). deltaUsd = q · N(d1)·S (exact: V(u) = q · S/F · Black76(F(1+u))), gammaUsd1pct =
 *   q · Γ · S · F / 100; Delta Total = q · (Δ − mark).
 * - Linear, coin quantity q: mark (USD) = Black76(F, K, σ, T); value = q · mark. deltaUsd = q · Δ · F,
 *   gammaUsd1pct = q · Γ · F² / 100; Delta Total = q · Δ.
 * Greeks: ticker units × q (black76.ts); vegaStd = vega · √(30 / DTE).
 *
 * Verified by: pricers.test.ts (long/short signs, parity between inverse and linear paths, deltaUsd and
 * gammaUsd1pct against finite differences of the value).
 */
import { black76 } from '../models/black76.ts';
import { DAYS_PER_YEAR } from '../market/time.ts';
import type { ResolvedPosition } from '../resolve.ts';
import { hasSettled, settle, settledValuation } from './settlement.ts';
import { shockedVol, type PositionShock } from './shock.ts';
import type { Valuation } from './valuation.ts';

function optionState(rp: ResolvedPosition, shock: PositionShock) {
  const growth = 1 + shock.spotMove;
  const forward = rp.forward0 * growth;
  const index = rp.index0 * growth;
  const tteYears = rp.tteYears0 - shock.days / DAYS_PER_YEAR;
  const vol = rp.tteYears0 > 0 ? shockedVol(rp.vol0, shock, rp.tteYears0 * DAYS_PER_YEAR) : NaN;
  const greeks = black76(rp.isCall ? 'call' : 'put', forward, rp.strike, vol, tteYears);
  const vegaStdFactor = tteYears > 0 ? Math.sqrt(30 / (tteYears * DAYS_PER_YEAR)) : 0;
  return { forward, index, tteYears, vol, greeks, vegaStdFactor };
}

/** An option whose days pass its expiry: settled at the scenario's forward, as cash. */
function settledOption(rp: ResolvedPosition, shock: PositionShock): Valuation {
  const growth = 1 + shock.spotMove;
  return settledValuation(rp, settle(rp, rp.forward0 * growth), rp.index0 * growth, rp.tteYears0 - shock.days / DAYS_PER_YEAR);
}

/** Inverse (coin-settled) option: premium in coin, value converted at the index. */
export function priceInverseOption(rp: ResolvedPosition, shock: PositionShock): Valuation {
  if (hasSettled(rp.tteYears0, shock.days)) return settledOption(rp, shock);
  const q = rp.quantityCoin;
  const { forward, index, tteYears, vol, greeks, vegaStdFactor } = optionState(rp, shock);
  const markCoin = greeks.price / forward;
  const vega = q * greeks.vega;
  return {
    valueUsd: q * markCoin * index,
    markPrice: markCoin,
    iv: tteYears > 0 ? vol : null,
    forward,
    index,
    delta: q * greeks.delta,
    gamma: q * greeks.gamma,
    vega,
    theta: q * greeks.theta,
    rho: q * greeks.rho,
    deltaUsd: q * greeks.delta * index,
    gammaUsd1pct: (q * greeks.gamma * index * forward) / 100,
    vegaStd: vega * vegaStdFactor,
    deltaTotal: q * (greeks.delta - markCoin),
    tteYears,
    settled: false,
  };
}

/** Linear (USDC-settled) option: premium in USDC per coin. */
export function priceLinearOption(rp: ResolvedPosition, shock: PositionShock): Valuation {
  if (hasSettled(rp.tteYears0, shock.days)) return settledOption(rp, shock);
  const q = rp.quantityCoin;
  const { forward, index, tteYears, vol, greeks, vegaStdFactor } = optionState(rp, shock);
  const vega = q * greeks.vega;
  return {
    valueUsd: q * greeks.price,
    markPrice: greeks.price,
    iv: tteYears > 0 ? vol : null,
    forward,
    index,
    delta: q * greeks.delta,
    gamma: q * greeks.gamma,
    vega,
    theta: q * greeks.theta,
    rho: q * greeks.rho,
    deltaUsd: q * greeks.delta * forward,
    gammaUsd1pct: (q * greeks.gamma * forward * forward) / 100,
    vegaStd: vega * vegaStdFactor,
    deltaTotal: q * greeks.delta,
    tteYears,
    settled: false,
  };
}
