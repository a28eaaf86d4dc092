/**
 * Hedge candidates from the market snapshot and their per-unit Greeks and costs.
 *
 * Candidates per underlying: the inverse perpetual, an inverse future per quoted forward expiry, and near-the-money
 * options per smile expiry (the call and the put at the quoted strike nearest the expiry's forward). Futures and
 * options within 2 days of expiry are not offered: a hedge that expires within hours has to be redone at once.
 * The perpetual is listed first, so that on equal cost the solver (Bland's rule: lowest index) picks it. Greeks are those of 1 coin long, priced by the engine's own pricers in the given state.
 *
 * Cost per coin traded (USD), a documented approximation of crossing the spread and paying the taker fee:
 * - half bid-ask spread from the snapshot's `halfSpreads` (coin for inverse options → × F) when present, else
 *   defaults: options 0.0005 coin × F, futures/perpetuals 0.25 bp of F;
 * - taker fee (Deribit schedule): futures/perpetuals 0.05 % of notional; options 0.03 % of the underlying, capped
 *   at 12.5 % of the option's price.
 */
import { formatExpiryCode, formatStrike } from '../../domain/instrument.ts';
import type { Scenario } from '../../domain/scenario.ts';
import type { MarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { shockFor } from '../pricers/shock.ts';
import { resolvePosition } from '../resolve.ts';
import { DAYS_PER_YEAR } from '../market/time.ts';

export type CandidateKind = 'perpetual' | 'future' | 'option';

export interface HedgeCandidate {
  readonly instrument: string;
  readonly kind: CandidateKind;
  readonly underlying: string;
  /** Greeks of 1 coin long in the state: delta coin, gammaUsd1pct USD, vega USD/vol pt, deltaUsd USD. */
  readonly delta: number;
  readonly deltaUsd: number;
  readonly gammaUsd1pct: number;
  readonly vega: number;
  /** Cost of trading 1 coin, USD (half spread + taker fee). */
  readonly costPerCoinUsd: number;
  /** Mark per coin in the instrument's quote currency (coin for inverse options). */
  readonly markPrice: number;
  /** Forward used (USD). */
  readonly forwardUsd: number;
}

/** Instruments expiring within this many days are not offered as hedges. */
export const MIN_HEDGE_DAYS = 2;

export const DEFAULT_COSTS = {
  optionHalfSpreadCoin: 0.0005,
  delta1HalfSpreadBp: 0.25,
  delta1TakerFee: 0.0005,
  optionTakerFeeOfUnderlying: 0.0003,
  optionFeeCapOfPrice: 0.125,
} as const;

function candidateOf(name: string, kind: CandidateKind, ul: string, model: MarketModel, scenario: Scenario): HedgeCandidate | null {
  const rp = resolvePosition({ id: `hedge:${name}`, instrument: name, quantity: 1, entryPrice: null, venue: 'deribit', label: '' }, model);
  if (!('path' in rp)) return null;
  const v = pricePosition(rp, shockFor(scenario, ul, false));
  const F = v.forward ?? rp.forward0;
  const half = model.underlyings.get(ul)?.halfSpreads[rp.instrument.name];
  let cost: number;
  if (kind === 'option') {
    const spread = (half ?? DEFAULT_COSTS.optionHalfSpreadCoin) * F;
    const priceUsd = rp.path === 'inverseOption' ? v.markPrice * F : v.markPrice;
    const fee = Math.min(DEFAULT_COSTS.optionTakerFeeOfUnderlying * F, DEFAULT_COSTS.optionFeeCapOfPrice * priceUsd);
    cost = spread + fee;
  } else {
    cost = F * (DEFAULT_COSTS.delta1HalfSpreadBp / 1e4 + DEFAULT_COSTS.delta1TakerFee);
  }
  return {
    instrument: rp.instrument.name,
    kind,
    underlying: ul,
    delta: v.delta,
    deltaUsd: v.deltaUsd,
    gammaUsd1pct: v.gammaUsd1pct,
    vega: v.vega,
    costPerCoinUsd: cost,
    markPrice: v.markPrice,
    forwardUsd: F,
  };
}

/** All candidates for the given underlyings and kinds, in the market state of `scenario`. */
export function listHedgeCandidates(
  model: MarketModel,
  underlyings: readonly string[],
  kinds: readonly CandidateKind[],
  scenario: Scenario = {},
): HedgeCandidate[] {
  const out: HedgeCandidate[] = [];
  for (const ul of underlyings) {
    const m = model.underlyings.get(ul);
    if (!m) continue;
    if (kinds.includes('perpetual')) {
      const c = candidateOf(`${ul}-PERPETUAL`, 'perpetual', ul, model, scenario);
      if (c) out.push(c);
    }
    if (kinds.includes('future')) {
      for (const e of m.forwardExpiries) {
        if ((e - model.valuationMs) / 86_400_000 <= MIN_HEDGE_DAYS) continue;
        const c = candidateOf(`${ul}-${formatExpiryCode(e)}`, 'future', ul, model, scenario);
        if (c) out.push(c);
      }
    }
    if (kinds.includes('option')) {
      for (const s of m.smiles) {
        if (s.tteYears * DAYS_PER_YEAR <= MIN_HEDGE_DAYS) continue;
        let best = 0;
        for (let i = 1; i < s.logMoneyness.length; i++) if (Math.abs(s.logMoneyness[i]!) < Math.abs(s.logMoneyness[best]!)) best = i;
        const strike = Math.round(s.forward * Math.exp(s.logMoneyness[best]!) * 1e8) / 1e8;
        for (const pc of ['C', 'P']) {
          const c = candidateOf(`${ul}-${formatExpiryCode(s.expiryMs)}-${formatStrike(strike)}-${pc}`, 'option', ul, model, scenario);
          if (c) out.push(c);
        }
      }
    }
  }
  return out;
}
