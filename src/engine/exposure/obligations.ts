/**
 * Future obligations (issue 6): settlement cash flows by expiry at current marks, and perpetual funding carry
 * per day beside theta.
 *
 * Model:
 * - Settlement at expiry, estimated at today's forward F of that expiry (the expected settlement price):
 *     inverse option q·max(±(F − K), 0)/F coin (USD: × F);  linear option q·max(±(F − K), 0) USDC;
 *     inverse future N·(1/E − 1/F) coin (USD: × F);      linear future q·(F − E) USDC;
 *   E the entry price (F0 when none: the future then settles 0 against today's mark). Positive = received.
 *   Grouped by expiry, underlying and settlement currency; amounts in the settlement currency, as coin
 *   (USDC amounts / F) and in USD. Perpetuals do not expire (they carry funding); spot and cash do not settle.
 * - Funding: a perpetual's holder pays notional × rate per year, accrued daily: carry per day = −notional·rate/365
 *   (USD; notional = signed coin quantity × perpetual mark, long > 0, so a long pays a positive rate). The rate is
 *   the input override, else the market's `fundingRate` (annualised decimal), else 0 (reported as such).
 *   Theta per day (USD, Deribit's rule, pricers) of the underlying's options is shown beside it; net carry = both.
 *
 * Verified by: obligations.test.ts (each settlement flow by hand, grouping, funding sign and theta sum).
 */
import { intrinsicValue } from '../models/black76.ts';
import type { MarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook } from '../resolve.ts';
import { settlementCurrencyOf } from '../margin/revalue.ts';

export interface SettlementFlow {
  readonly id: string;
  readonly instrument: string;
  readonly kind: 'option' | 'future';
  /** In the settlement currency (coin for inverse, USDC for linear). */
  readonly amount: number;
  readonly coin: number;
  readonly usd: number;
}

export interface ExpiryObligation {
  /** Expiry instant, ISO. */
  readonly expiry: string;
  readonly expiryMs: number;
  readonly underlying: string;
  readonly settlementCurrency: string;
  /** Today's forward of the expiry (the settlement estimate), USD. */
  readonly forwardUsd: number;
  readonly amount: number;
  readonly coin: number;
  readonly usd: number;
  readonly flows: readonly SettlementFlow[];
}

/**
 * Settlement cash flows by expiry at current marks (see module header).
 * @returns one row per (expiry, underlying, settlement currency), earliest first
 */
export function settlementSchedule(book: ResolvedBook): ExpiryObligation[] {
  const groups = new Map<string, { expiryMs: number; underlying: string; ccy: string; F: number; flows: SettlementFlow[] }>();
  for (const rp of book.positions) {
    const inst = rp.instrument;
    if (inst.kind !== 'option' && inst.kind !== 'future') continue;
    const ccy = settlementCurrencyOf(rp) ?? 'USDC';
    const F = rp.forward0;
    const q = rp.quantityCoin;
    let amount: number;
    if (rp.path === 'inverseOption') amount = (q * intrinsicValue(rp.isCall ? 'call' : 'put', F, rp.strike)) / F;
    else if (rp.path === 'linearOption') amount = q * intrinsicValue(rp.isCall ? 'call' : 'put', F, rp.strike);
    else if (rp.path === 'inverseDelta1') amount = rp.notionalUsd * (1 / rp.entryUsd - 1 / F);
    else amount = q * (F - rp.entryUsd);
    const inverse = rp.path === 'inverseOption' || rp.path === 'inverseDelta1';
    const flow: SettlementFlow = {
      id: rp.position.id,
      instrument: inst.name,
      kind: inst.kind,
      amount,
      coin: inverse ? amount : amount / F,
      usd: inverse ? amount * F : amount,
    };
    const key = `${inst.expiryMs}|${inst.underlying}|${ccy}`;
    const g = groups.get(key) ?? { expiryMs: inst.expiryMs, underlying: inst.underlying, ccy, F, flows: [] };
    g.flows.push(flow);
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.expiryMs - b.expiryMs || a.underlying.localeCompare(b.underlying) || a.ccy.localeCompare(b.ccy))
    .map((g) => ({
      expiry: new Date(g.expiryMs).toISOString(),
      expiryMs: g.expiryMs,
      underlying: g.underlying,
      settlementCurrency: g.ccy,
      forwardUsd: g.F,
      amount: g.flows.reduce((s, f) => s + f.amount, 0),
      coin: g.flows.reduce((s, f) => s + f.coin, 0),
      usd: g.flows.reduce((s, f) => s + f.usd, 0),
      flows: g.flows,
    }));
}

export interface CarryUnderlying {
  readonly underlying: string;
  /** Annualised decimal, and where it came from. */
  readonly fundingRate: number;
  readonly fundingRateSource: 'input' | 'market' | 'none';
  /** Σ signed perpetual notionals (coin × perpetual mark), USD. */
  readonly perpetualNotionalUsd: number;
  readonly fundingUsdPerDay: number;
  readonly thetaUsdPerDay: number;
  readonly netCarryUsdPerDay: number;
}

export interface CarryResult {
  readonly byUnderlying: Readonly<Record<string, CarryUnderlying>>;
  readonly fundingUsdPerDay: number;
  readonly thetaUsdPerDay: number;
  readonly netCarryUsdPerDay: number;
}

/**
 * Perpetual funding carry and option theta per day, per underlying (see module header).
 * @param fundingRates annualised funding rate per underlying (decimal), overriding the market's
 */
export function fundingCarry(book: ResolvedBook, model: MarketModel, fundingRates: Readonly<Record<string, number>> = {}): CarryResult {
  const acc = new Map<string, { notional: number; theta: number }>();
  for (const rp of book.positions) {
    if (rp.path === 'cash' || rp.path === 'spot') continue;
    const ul = rp.instrument.underlying;
    const a = acc.get(ul) ?? { notional: 0, theta: 0 };
    if (rp.instrument.kind === 'perpetual') a.notional += rp.quantityCoin * rp.forward0;
    if (rp.instrument.kind === 'option') a.theta += pricePosition(rp, NO_SHOCK).theta;
    acc.set(ul, a);
  }
  const byUnderlying: Record<string, CarryUnderlying> = {};
  let funding = 0;
  let theta = 0;
  for (const [ul, a] of acc) {
    const input = fundingRates[ul];
    const market = model.underlyings.get(ul)?.fundingRate ?? null;
    const rate = input ?? market ?? 0;
    const source = input !== undefined ? 'input' : market !== null ? 'market' : 'none';
    const fundingUsdPerDay = (-a.notional * rate) / 365;
    byUnderlying[ul] = {
      underlying: ul,
      fundingRate: rate,
      fundingRateSource: source,
      perpetualNotionalUsd: a.notional,
      fundingUsdPerDay,
      thetaUsdPerDay: a.theta,
      netCarryUsdPerDay: fundingUsdPerDay + a.theta,
    };
    funding += fundingUsdPerDay;
    theta += a.theta;
  }
  return { byUnderlying, fundingUsdPerDay: funding, thetaUsdPerDay: theta, netCarryUsdPerDay: funding + theta };
}
