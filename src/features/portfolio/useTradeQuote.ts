/**
 * The quote of the instrument being typed in the add-position form (mark, half spread, cash-leg terms) from the
 * worker, on the base market with hand overrides. Null while the name is incomplete or not priceable.
 */
import { useEffect, useState } from 'react';
import type { QuantityUnit } from '../../domain/position.ts';
import type { TradeQuote } from '../../engine/trade/quote.ts';
import { useAppStoreShallow } from '../../state/hooks.ts';
import { marketKey } from '../../state/riskRunner.ts';
import { getRiskClient, isSupersededError } from '../../worker/riskClient.ts';

export interface QuoteState {
  readonly quote: TradeQuote | null;
  /** Why there is no quote for a name that parses (e.g. no market data for its underlying). */
  readonly error: string | null;
  /** The instrument and unit the quote is for (a newer name may be waiting for its own). */
  readonly key: string | null;
}

export function useTradeQuote(instrument: string | null, unit: QuantityUnit): QuoteState {
  const { market, overrides } = useAppStoreShallow((s) => ({ market: s.market, overrides: s.marketOverrides }));
  const [state, setState] = useState<QuoteState>({ quote: null, error: null, key: null });
  useEffect(() => {
    if (!market || !instrument) return;
    let live = true;
    const key = `${instrument}|${unit}`;
    getRiskClient()
      .request('quotes', 'quoteTrade', [market, overrides, marketKey(market, overrides), instrument, unit])
      .then(
        (r) => {
          if (live) setState(r.ok ? { quote: r.quote, error: null, key } : { quote: null, error: r.error, key });
        },
        (e: unknown) => {
          if (live && !isSupersededError(e)) setState({ quote: null, error: e instanceof Error ? e.message : String(e), key });
        },
      );
    return () => {
      live = false;
    };
  }, [market, overrides, instrument, unit]);
  const wanted = instrument ? `${instrument}|${unit}` : null;
  return state.key === wanted && wanted !== null ? state : { quote: null, error: null, key: null };
}
