/**
 * What-if trades pay their premium: the quote (mark, spread, fee terms) against an independent Black-76, and the
 * book's value after adding a trade with its cash leg, through the engine's own report, long and short, inverse
 * and linear, options and delta-one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '../../domain/market.ts';
import type { CashLegTerms, Portfolio, Position, QuantityUnit } from '../../domain/position.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import { buildMarketModel, forwardAt, volAt } from '../market/marketModel.ts';
import { yearFraction } from '../market/time.ts';
import { black76Price } from '../models/black76.ts';
import { computeReport } from '../risk/report.ts';
import { cashLegLabel, cashLegQuantity, entryForSide, feePerCoin } from './cashLeg.ts';
import { quoteTrade } from './quote.ts';

const market = JSON.parse(readFileSync(new URL('../../../public/data/default-market.json', import.meta.url), 'utf8')) as MarketSnapshot;
const model = buildMarketModel(market);
/** The same market with a quoted half spread for a linear option (the bundled snapshot has none for USDC options). */
const withLinearSpread = buildMarketModel({
  ...market,
  underlyings: {
    ...market.underlyings,
    BTC: { ...market.underlyings.BTC!, halfSpreads: { ...market.underlyings.BTC!.halfSpreads, 'BTC_USDC-25SEP26-80000-C': 25 } },
  },
});
const sample = (() => {
  const r = importPortfolioText(readFileSync(new URL('../../../public/data/default-portfolio.csv', import.meta.url), 'utf8'), 'sample.csv');
  if (!r.ok) throw new Error(r.error);
  return r.result.portfolio;
})();
const bookValue = (p: Portfolio, on = model) => computeReport(p, on).totalValueUsd;

function withTrade(
  book: Portfolio,
  instrument: string,
  quantity: number,
  entryPrice: number | null,
  terms: CashLegTerms | null,
  unit?: QuantityUnit,
) {
  const trade: Position = {
    id: 't',
    instrument,
    quantity,
    ...(unit ? { unit } : {}),
    entryPrice,
    venue: 'deribit',
    label: '',
    whatIf: true,
  };
  const legs: Position[] = terms
    ? [
        {
          id: 'leg',
          instrument: terms.instrument,
          quantity: cashLegQuantity(terms, quantity, entryPrice),
          entryPrice: null,
          venue: 'deribit',
          label: cashLegLabel(terms, instrument),
          whatIf: true,
          cashLeg: { ...terms, of: 't' },
        },
      ]
    : [];
  return { ...book, positions: [...book.positions, trade, ...legs] };
}

function quote(name: string, unit?: QuantityUnit, on = model) {
  const q = quoteTrade(on, name, unit);
  if (!q.ok) throw new Error(q.error);
  return q.quote;
}

describe('quoteTrade', () => {
  it('marks an inverse put at Black-76 / F in coin, with Deribit’s option fee capped at 12.5 % of the price', () => {
    const q = quote('BTC-25DEC26-70000-P');
    const ul = model.underlyings.get('BTC')!;
    const expiry = Date.UTC(2026, 11, 25, 8);
    const F = forwardAt(ul, model.valuationMs, expiry);
    const sigma = volAt(ul, model.valuationMs, expiry, 70000);
    const T = yearFraction(model.valuationMs, expiry);
    expect(q.markPrice).toBeCloseTo(black76Price('put', F, 70000, sigma, T) / F, 12);
    expect(q.quoteCurrency).toBe('BTC');
    expect(q.quoteToUsd).toBe(ul.index);
    expect(q.cashLeg).toEqual({ instrument: 'BTC', coinsPerUnit: 1, paysPremium: true, feePerCoin: 0.0003, feeCapOfPrice: 0.125 });
    expect(feePerCoin(q.cashLeg!, q.markPrice)).toBe(0.0003);
    expect(feePerCoin(q.cashLeg!, 0.001)).toBeCloseTo(0.000125, 15); // a cheap option: the cap binds
  });

  it('gives the snapshot’s half spread where it has one, and the cash leg currency of each kind', () => {
    expect(quote('BTC-25SEP26-90000-C').halfSpread).toBe(market.underlyings.BTC!.halfSpreads!['BTC-25SEP26-90000-C']);
    expect(quote('BTC-PERPETUAL').halfSpread).toBeNull();
    const linear = quote('BTC_USDC-25SEP26-80000-C');
    expect([linear.quoteCurrency, linear.cashLeg?.instrument, linear.cashLeg?.feePerCoin]).toEqual([
      'USD',
      'USDC',
      0.0003 * market.underlyings.BTC!.index,
    ]);
    const future = quote('BTC-25DEC26', 'usd');
    expect(future.cashLeg).toMatchObject({ instrument: 'BTC', paysPremium: false, feePerCoin: 0.0005, feeCapOfPrice: null });
    expect(future.cashLeg!.coinsPerUnit).toBeCloseTo(1 / future.markPrice, 18);
    expect(quote('ETH_USDC-PERPETUAL').cashLeg).toMatchObject({ instrument: 'USDC', paysPremium: false });
    expect(quote('ETH').cashLeg).toMatchObject({ instrument: 'USDC', paysPremium: true, feePerCoin: 0 });
    expect(quote('USDC').cashLeg).toBeNull();
    expect(quoteTrade(model, 'SOL-PERPETUAL')).toEqual({ ok: false, error: 'no market data for SOL in the snapshot' });
    // An instrument that expired before the market's time has settled: no quote, no cash leg.
    expect(quoteTrade(model, 'BTC-27DEC24-60000-C')).toEqual({
      ok: false,
      error: 'BTC-27DEC24-60000-C expired on 2024-12-27 and has settled: it cannot be traded',
    });
  });
});

describe('entryForSide', () => {
  it('bid and ask around the mark; crossing buys at the ask and sells at the bid; no spread or a bid ≤ 0 gives the mark', () => {
    expect(entryForSide(0.05, 0.001, 'ask', -3)).toEqual({ price: 0.05 + 0.001, side: 'ask' });
    expect(entryForSide(0.05, 0.001, 'bid', 3).price).toBeCloseTo(0.049, 15);
    expect(entryForSide(0.05, 0.001, 'cross', 3).price).toBeCloseTo(0.051, 15);
    expect(entryForSide(0.05, 0.001, 'cross', -3).price).toBeCloseTo(0.049, 15);
    expect(entryForSide(0.05, null, 'ask', 3)).toEqual({ price: 0.05, side: 'mark' });
    expect(entryForSide(0.0005, 0.001, 'bid', -3)).toEqual({ price: 0.0005, side: 'mark' });
  });
});

describe('a what-if trade with its cash leg moves the book value only by the spread and the fee', () => {
  const base = bookValue(sample);

  it('25 × BTC-25DEC26-70000-P at the mark: without a cash leg the book gains the whole premium, with it only the fee is lost', () => {
    const q = quote('BTC-25DEC26-70000-P');
    const S = market.underlyings.BTC!.index;
    const free = bookValue(withTrade(sample, q.instrument, 25, null, null)) - base;
    expect(free).toBeCloseTo(25 * q.markPrice * S, 6); // the premium appears out of nothing
    expect(free).toBeCloseTo(91_906.78, 1); // the +$91,907 a trader saw on the 2026-08-22 snapshot
    const paid = bookValue(withTrade(sample, q.instrument, 25, q.markPrice, q.cashLeg)) - base;
    expect(paid).toBeCloseTo(-25 * 0.0003 * S, 6);
  });

  it('long at the ask and short at the bid lose the half spread and the fee, on inverse and linear options', () => {
    for (const name of ['BTC-25SEP26-90000-C', 'BTC_USDC-25SEP26-80000-C']) {
      const on = withLinearSpread;
      const q = quote(name, undefined, on);
      const hs = q.halfSpread ?? 0;
      expect(hs).toBeGreaterThan(0);
      for (const qty of [4, -4]) {
        const entry = entryForSide(q.markPrice, q.halfSpread, 'cross', qty).price;
        const change = bookValue(withTrade(sample, name, qty, entry, q.cashLeg), on) - bookValue(sample, on);
        const feeQuote = feePerCoin(q.cashLeg!, entry) * Math.abs(qty); // leg currency: coin (inverse) or USDC
        const expected = -(hs * Math.abs(qty) * q.quoteToUsd) - feeQuote * (q.quoteCurrency === 'USD' ? 1 : q.quoteToUsd);
        expect(change).toBeCloseTo(expected, 6);
      }
    }
  });

  it('futures and perpetuals pay no premium, only the taker fee (0.05 % of the notional), in coin or USDC', () => {
    const S = market.underlyings.BTC!.index;
    const inv = quote('BTC-25DEC26', 'usd');
    const change = bookValue(withTrade(sample, 'BTC-25DEC26', 100_000, inv.markPrice, inv.cashLeg, 'usd')) - base;
    expect(change).toBeCloseTo(-0.0005 * (100_000 / inv.markPrice) * S, 6);
    const lin = quote('ETH_USDC-PERPETUAL');
    const short = bookValue(withTrade(sample, 'ETH_USDC-PERPETUAL', -20, lin.markPrice, lin.cashLeg)) - base;
    expect(short).toBeCloseTo(-0.0005 * 20 * lin.markPrice, 6);
  });

  it('spot bought at the index pays USDC for it: the book value does not move', () => {
    const q = quote('ETH');
    expect(bookValue(withTrade(sample, 'ETH', 12, q.markPrice, q.cashLeg)) - base).toBeCloseTo(0, 6);
  });
});
