/**
 * The terms a hand-added trade is priced at: its mark at the base market (with hand overrides, without the what-if
 * shock: the trade is done now), the half spread the snapshot quotes for it, and how its cash leg is computed.
 *
 * Taker fees follow Deribit's schedule (the same constants as the hedge costs, hedge/candidates.ts): options 0.03 %
 * of the underlying per coin (in coin for inverse options; × the index in USDC for linear ones), capped at 12.5 % of
 * the option's price; futures and perpetuals 0.05 % of the notional (in coin for inverse, USDC for linear). Spot is
 * charged no fee here.
 */
import { parseInstrument } from '../../domain/instrument.ts';
import type { CashLegTerms, QuantityUnit } from '../../domain/position.ts';
import type { MarketModel } from '../market/marketModel.ts';
import { DEFAULT_COSTS } from '../hedge/candidates.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import { resolvePosition } from '../resolve.ts';

export interface TradeQuote {
  /** Canonical instrument name. */
  readonly instrument: string;
  /** Mark per coin at the base market, in the quote currency (coin for inverse options, USD otherwise). */
  readonly markPrice: number;
  /** `BTC`, `ETH`, … for inverse options, else `USD`. */
  readonly quoteCurrency: string;
  /** Half bid-ask spread the snapshot quotes for the instrument, quote currency; null when it has none. */
  readonly halfSpread: number | null;
  /** USD per 1 unit of the quote currency (the index for coin quotes, 1 otherwise), to show prices in USD. */
  readonly quoteToUsd: number;
  /** USD per 1 unit of the cash leg's currency (the index for a coin leg, 1 for USDC). */
  readonly legToUsd: number;
  /** Pricing path, for the form's estimate of the value change. */
  readonly path: 'inverseOption' | 'linearOption' | 'inverseDelta1' | 'linearDelta1' | 'spot' | 'cash';
  /** Base forward (futures, perpetuals, options), USD; NaN for spot and cash. */
  readonly forwardUsd: number;
  /** How the premium and fee become a cash row; null for cash (nothing to pay). */
  readonly cashLeg: CashLegTerms | null;
}

export type TradeQuoteResult = { readonly ok: true; readonly quote: TradeQuote } | { readonly ok: false; readonly error: string };

/**
 * Quote one instrument for a trade in `unit` (coins per unit depend on it for inverse futures in usd or contracts).
 * @returns the quote, or why the instrument cannot be priced on this market
 */
export function quoteTrade(model: MarketModel, instrumentName: string, unit: QuantityUnit = 'coin'): TradeQuoteResult {
  const parsed = parseInstrument(instrumentName);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const inst = parsed.value;
  const r = resolvePosition(
    { id: 'quote', instrument: inst.name, quantity: 1, unit, entryPrice: null, venue: 'deribit', label: '' },
    model,
  );
  if (!('path' in r)) {
    if ('message' in r) return { ok: false, error: r.message };
    return {
      ok: false,
      error: `${inst.name} expired on ${new Date(r.expiryMs).toISOString().slice(0, 10)} and has settled: it cannot be traded`,
    };
  }
  const v = pricePosition(r, NO_SHOCK);
  const ul = model.underlyings.get(inst.underlying);
  const hs = ul?.halfSpreads[inst.name];
  const halfSpread = hs !== undefined && hs > 0 ? hs : null;
  const coinQuote = r.path === 'inverseOption';
  const base = {
    instrument: inst.name,
    markPrice: v.markPrice,
    quoteCurrency: coinQuote ? inst.underlying : 'USD',
    halfSpread,
    quoteToUsd: coinQuote ? r.index0 : 1,
    legToUsd: r.path === 'inverseOption' || r.path === 'inverseDelta1' ? r.index0 : 1,
    path: r.path,
    forwardUsd: r.forward0,
  };
  const coinsPerUnit = r.quantityCoin; // the position holds 1 unit
  let cashLeg: CashLegTerms | null;
  switch (r.path) {
    case 'inverseOption':
      cashLeg = {
        instrument: inst.underlying,
        coinsPerUnit,
        paysPremium: true,
        feePerCoin: DEFAULT_COSTS.optionTakerFeeOfUnderlying,
        feeCapOfPrice: DEFAULT_COSTS.optionFeeCapOfPrice,
      };
      break;
    case 'linearOption':
      cashLeg = {
        instrument: 'USDC',
        coinsPerUnit,
        paysPremium: true,
        feePerCoin: DEFAULT_COSTS.optionTakerFeeOfUnderlying * r.index0,
        feeCapOfPrice: DEFAULT_COSTS.optionFeeCapOfPrice,
      };
      break;
    case 'inverseDelta1':
      cashLeg = {
        instrument: inst.underlying,
        coinsPerUnit,
        paysPremium: false,
        feePerCoin: DEFAULT_COSTS.delta1TakerFee,
        feeCapOfPrice: null,
      };
      break;
    case 'linearDelta1':
      cashLeg = {
        instrument: 'USDC',
        coinsPerUnit,
        paysPremium: false,
        feePerCoin: DEFAULT_COSTS.delta1TakerFee * r.forward0,
        feeCapOfPrice: null,
      };
      break;
    case 'spot':
      cashLeg = { instrument: 'USDC', coinsPerUnit, paysPremium: true, feePerCoin: 0, feeCapOfPrice: null };
      break;
    case 'cash':
      cashLeg = null;
      break;
  }
  return { ok: true, quote: { ...base, cashLeg } };
}
