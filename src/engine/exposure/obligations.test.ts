/** Settlement flows by expiry and funding carry. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import { resolveBook } from '../resolve.ts';
import { TEST_MARKET, pos } from '../testMarket.ts';
import { fundingCarry, settlementSchedule } from './obligations.ts';

const model = buildMarketModel({
  ...TEST_MARKET,
  underlyings: { ...TEST_MARKET.underlyings, ETH: { ...TEST_MARKET.underlyings['ETH']!, fundingRate: 0.1 } },
});
const bookOf = (...p: Position[]) => resolveBook({ name: 't', positions: p }, model);

describe('future obligations', () => {
  it('settlement by expiry at current forwards: options’ intrinsic, futures’ P&L vs entry, coin and USD', () => {
    const book = bookOf(
      pos('BTC-31JAN26-55000-C', 2),
      pos('BTC_USDC-31JAN26-65000-P', -1),
      pos('BTC-31JAN26', 10_000, { unit: 'usd', entryPrice: 59_000 }),
      pos('BTC_USDC-1APR26', 1, { entryPrice: 62_000 }),
      pos('BTC-PERPETUAL', 1),
    );
    const s = settlementSchedule(book);
    expect(s.map((o) => [o.expiry, o.settlementCurrency])).toEqual([
      ['2026-01-31T08:00:00.000Z', 'BTC'],
      ['2026-01-31T08:00:00.000Z', 'USDC'],
      ['2026-04-01T08:00:00.000Z', 'USDC'],
    ]);
    const F = 60_300;
    const coin = (2 * (F - 55_000)) / F + 10_000 * (1 / 59_000 - 1 / F);
    expect(s[0]!.amount).toBeCloseTo(coin, 12);
    expect(s[0]!.usd).toBeCloseTo(coin * F, 8);
    expect(s[1]!.amount).toBeCloseTo(-(65_000 - F), 9);
    expect(s[1]!.coin).toBeCloseTo(-(65_000 - F) / F, 12);
    expect(s[2]!.usd).toBeCloseTo(61_200 - 62_000, 9);
  });
  it('funding carry per day = −notional·rate/365 (longs pay a positive rate), beside theta', () => {
    const book = bookOf(pos('ETH-PERPETUAL', -10), pos('ETH-31JAN26-3000-C', 5), pos('BTC-PERPETUAL', 1));
    const r = fundingCarry(book, model, { BTC: 0.2 });
    const eth = r.byUnderlying['ETH']!;
    expect(eth.fundingRateSource).toBe('market');
    expect(eth.fundingUsdPerDay).toBeCloseTo((10 * 3_000 * 0.1) / 365, 9);
    expect(eth.thetaUsdPerDay).toBeCloseTo(pricePosition(book.positions[1]!, NO_SHOCK).theta, 12);
    expect(eth.thetaUsdPerDay).toBeLessThan(0);
    expect(r.byUnderlying['BTC']).toMatchObject({ fundingRate: 0.2, fundingRateSource: 'input' });
    expect(r.byUnderlying['BTC']!.fundingUsdPerDay).toBeCloseTo((-60_030 * 0.2) / 365, 9);
    expect(r.netCarryUsdPerDay).toBeCloseTo(r.fundingUsdPerDay + r.thetaUsdPerDay, 12);
  });
});
