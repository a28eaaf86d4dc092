/**
 * Deribit standard (per-position) margin, for comparison with the portfolio margin (METHODOLOGY.md §4 "Other
 * models", [3P]).
 *
 * Model (amounts in the settlement currency, per position, summed per currency):
 * - Short options, per coin of underlying (1 inverse contract):
 *     IM = max(0.15 − OTM/S, 0.1) + mark,   MM = 0.075 + mark,
 *   OTM = max(K − S, 0) for calls and max(S − K, 0) for puts, S the index, mark the option's mark in coin;
 *   × |q|. Linear (USDC) options: the same rule in USD per coin, (max(0.15 − OTM/S, 0.1) + 0.075…)·S + mark_usd,
 *   i.e. the coin amounts converted at S.
 * - Long options: 0 (the premium is paid in full; no margin).
 * - Futures and perpetuals (our documented simple rule, Deribit's standard-margin table of 11 January 2022):
 *     IM rate = im_base + |size coin|·increase,  MM rate = mm_base + |size coin|·increase,
 *   BTC: 2 % / 1 % + 0.005 % per BTC; ETH: 2 % / 1 % + 0.0004 % per ETH; other coins 2 % / 1 % with no increase;
 *   margin = rate · |size coin| in coin (inverse) or rate · |size coin| · F in USDC (linear). Each position on its
 *   own (Deribit sizes the increase on the position, not netted across expiries here).
 * - Spot and cash: collateral, no margin.
 * Parameters are data (`StandardMarginParams`), defaults documented above.
 *
 * References: Deribit Knowledge Base, "Margin types and usage"; Deribit announcement "11 January 2022" (futures IM
 * 2 % + size × 0.005 % BTC, 2 % + size × 0.0004 % ETH; MM 1 % + the same increase).
 * Verified by: alternatives.test.ts (hand-computed short call and put, long option 0, future rates).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook } from '../resolve.ts';
import { settlementCurrencyOf } from './revalue.ts';

export interface FuturesMarginRates {
  /** IM base rate (decimal) and MM base rate. */
  readonly imBase: number;
  readonly mmBase: number;
  /** Rate increase per coin of position size (decimal per coin), e.g. 0.00005 = 0.005 %. */
  readonly increasePerCoin: number;
}

export interface StandardMarginParams {
  /** Short option IM: max(imRate − OTM/S, imFloor) + mark; MM: mmRate + mark (per coin). */
  readonly optionImRate: number;
  readonly optionImFloor: number;
  readonly optionMmRate: number;
  /** Futures/perpetual rates per underlying; `default` for the others. */
  readonly futures: Readonly<Record<string, FuturesMarginRates>>;
}

export const DEFAULT_STANDARD_MARGIN_PARAMS: StandardMarginParams = {
  optionImRate: 0.15,
  optionImFloor: 0.1,
  optionMmRate: 0.075,
  futures: {
    BTC: { imBase: 0.02, mmBase: 0.01, increasePerCoin: 0.00005 },
    ETH: { imBase: 0.02, mmBase: 0.01, increasePerCoin: 0.000004 },
    default: { imBase: 0.02, mmBase: 0.01, increasePerCoin: 0 },
  },
};

export interface StandardMarginPosition {
  readonly id: string;
  readonly instrument: string;
  readonly currency: string;
  /** In the settlement currency. */
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
}

export interface StandardMarginCurrency {
  readonly currency: string;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

export interface StandardMarginResult {
  readonly positions: readonly StandardMarginPosition[];
  readonly currencies: Readonly<Record<string, StandardMarginCurrency>>;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

/**
 * Deribit standard margin of every derivative of `book` (see module header).
 * @returns per position and per settlement currency, IM and MM in that currency (and USD totals)
 */
export function computeStandardMargin(
  book: ResolvedBook,
  _model: MarketModel,
  params: StandardMarginParams = DEFAULT_STANDARD_MARGIN_PARAMS,
): StandardMarginResult {
  const positions: StandardMarginPosition[] = [];
  const totals = new Map<string, { im: number; mm: number; usd: number }>();
  for (const rp of book.positions) {
    const currency = settlementCurrencyOf(rp);
    if (currency === null) continue;
    const linear = currency === 'USDC';
    const S = rp.index0;
    const q = rp.quantityCoin;
    const v = pricePosition(rp, NO_SHOCK);
    let im = 0;
    let mm = 0;
    if (rp.path === 'inverseOption' || rp.path === 'linearOption') {
      if (q < 0) {
        const otm = rp.isCall ? Math.max(rp.strike - S, 0) : Math.max(S - rp.strike, 0);
        // Mark per coin in the settlement currency: coin for inverse, USD for linear.
        const markCcy = v.markPrice;
        const toCcy = linear ? S : 1;
        im = -q * (Math.max(params.optionImRate - otm / S, params.optionImFloor) * toCcy + markCcy);
        mm = -q * (params.optionMmRate * toCcy + markCcy);
      }
    } else {
      const rates = params.futures[rp.instrument.underlying] ?? params.futures['default'] ?? { imBase: 0, mmBase: 0, increasePerCoin: 0 };
      const size = Math.abs(q);
      const toCcy = linear ? rp.forward0 : 1;
      im = (rates.imBase + size * rates.increasePerCoin) * size * toCcy;
      mm = (rates.mmBase + size * rates.increasePerCoin) * size * toCcy;
    }
    positions.push({ id: rp.position.id, instrument: rp.instrument.name, currency, initialMargin: im, maintenanceMargin: mm });
    const t = totals.get(currency) ?? { im: 0, mm: 0, usd: linear ? 1 : S };
    t.im += im;
    t.mm += mm;
    totals.set(currency, t);
  }
  const currencies: Record<string, StandardMarginCurrency> = {};
  let initialMarginUsd = 0;
  let maintenanceMarginUsd = 0;
  for (const [currency, t] of totals) {
    currencies[currency] = {
      currency,
      initialMargin: t.im,
      maintenanceMargin: t.mm,
      initialMarginUsd: t.im * t.usd,
      maintenanceMarginUsd: t.mm * t.usd,
    };
    initialMarginUsd += t.im * t.usd;
    maintenanceMarginUsd += t.mm * t.usd;
  }
  return { positions, currencies, initialMarginUsd, maintenanceMarginUsd };
}
