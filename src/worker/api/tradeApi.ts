/**
 * Quotes for trades added by hand (mark, quoted half spread, cash-leg terms) on the base market with hand overrides:
 * the trade is done now, whatever the what-if inputs are.
 */
import { quoteTrade, type TradeQuoteResult } from '../../engine/index.ts';
import type { MarketSnapshot } from '../../domain/market.ts';
import type { QuantityUnit } from '../../domain/position.ts';
import type { MarketOverridesInput } from '../marketOverrides.ts';
import { marketModelFor } from '../bookCache.ts';

export const tradeApi = {
  /**
   * @param marketKey identity of (market, overrides) for the model cache (the report's key, so the model is shared)
   * @param unit the unit the trade's quantity will be typed in (inverse futures: coins per unit depend on it)
   */
  quoteTrade(
    market: MarketSnapshot,
    overrides: MarketOverridesInput | null,
    marketKey: string | undefined,
    instrument: string,
    unit: QuantityUnit,
  ): TradeQuoteResult {
    return quoteTrade(marketModelFor(market, overrides, marketKey), instrument, unit);
  },
};
