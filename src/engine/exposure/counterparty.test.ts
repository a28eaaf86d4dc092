/** Counterparty exposure per venue: shares, default loss, expected loss and PFE. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import { resolveBook } from '../resolve.ts';
import { TEST_MARKET, pos } from '../testMarket.ts';
import { computePortfolioMargin } from '../margin/pme.ts';
import { computeCounterparty, historicalReturns, horizonReturns, upperQuantile } from './counterparty.ts';

const model = buildMarketModel({
  ...TEST_MARKET,
  underlyings: { ...TEST_MARKET.underlyings, ETH: { ...TEST_MARKET.underlyings['ETH']!, fundingRate: 0.1 } },
});
const bookOf = (...p: Position[]) => resolveBook({ name: 't', positions: p }, model);
const sample = bookOf(
  pos('BTC-31JAN26-65000-C', -2),
  pos('BTC-PERPETUAL', 60_030, { unit: 'usd', entryPrice: 58_000 }),
  pos('USDC', 50_000),
  pos('BTC', 2, { venue: 'okx', entryPrice: 50_000 }),
  pos('ETH-PERPETUAL', -10, { venue: 'okx' }),
  pos('USDC', 20_000, { venue: 'coinbase' }),
);

describe('counterparty exposure', () => {
  const r = computeCounterparty(sample, model, { pd: { okx: 0.02 }, lgd: { okx: 0.6 } });
  it('per venue: collateral, derivatives value, equity and exposure; shares sum to 1', () => {
    expect(r.venues.map((v) => v.venue)).toEqual(['deribit', 'okx', 'coinbase']);
    const okx = r.venues[1]!;
    expect(okx.collateralUsd).toBeCloseTo(120_000, 9);
    // The spot gain against cost (2 × (60,000 − 50,000)) is inside the 120,000 of collateral: reported apart, not
    // in the unrealised P&L (the ETH perpetual has no entry price: 0).
    expect(okx.spotPnlUsd).toBeCloseTo(2 * (60_000 - 50_000), 9);
    expect(okx.unrealisedPnlUsd).toBe(0);
    expect(okx.equityUsd).toBeCloseTo(okx.collateralUsd + okx.derivativesValueUsd, 9);
    const deribit = r.venues[0]!;
    const vals = sample.positions.slice(0, 3).map((rp) => pricePosition(rp, NO_SHOCK).valueUsd);
    expect(deribit.equityUsd).toBeCloseTo(
      vals.reduce((a, b) => a + b, 0),
      9,
    );
    expect(deribit.derivativesValueUsd).toBeCloseTo(vals[0]! + vals[1]!, 9);
    // Deribit: the perpetual bought at 58,000, against entry (its value); the call has no entry price.
    expect(deribit.unrealisedPnlUsd).toBeCloseTo(pricePosition(sample.positions[1]!, NO_SHOCK).valueUsd, 9);
    expect(deribit.spotPnlUsd).toBe(0);
    expect(r.venues.reduce((s, v) => s + v.share, 0)).toBeCloseTo(1, 14);
    expect(r.maxShare).toBe(Math.max(...r.venues.map((v) => v.share)));
  });
  it('unrealised P&L: options against their entry premium, futures against entry; spot never (it is in collateral)', () => {
    const b = bookOf(pos('BTC-31JAN26-65000-C', -2, { entryPrice: 0.01 }), pos('BTC', 1, { entryPrice: 40_000 }), pos('USDC', 1_000));
    const v = computeCounterparty(b, model).venues[0]!;
    const call = pricePosition(b.positions[0]!, NO_SHOCK);
    expect(v.unrealisedPnlUsd).toBeCloseTo(-2 * (call.markPrice - 0.01) * call.index, 9);
    expect(v.spotPnlUsd).toBeCloseTo(60_000 - 40_000, 9);
    expect(v.collateralUsd).toBeCloseTo(60_000 + 1_000, 9);
    expect(v.equityUsd).toBeCloseTo(v.collateralUsd + v.derivativesValueUsd, 9);
  });
  it('margin posted = the venue’s PME IM; default loss = exposure; EL = PD·LGD·EAD', () => {
    const deribitBook = resolveBook({ name: 'd', positions: sample.positions.slice(0, 3).map((rp) => rp.position) }, model);
    expect(r.venues[0]!.marginPostedUsd).toBeCloseTo(computePortfolioMargin(deribitBook, model).initialMarginUsd, 9);
    const okx = r.venues[1]!;
    expect(okx.defaultLossUsd).toBe(okx.exposureUsd);
    expect(okx.expectedLossUsd).toBeCloseTo(0.02 * 0.6 * okx.exposureUsd, 9);
    expect(r.venues[0]!.expectedLossUsd).toBeNull();
    expect(r.totalExpectedLossUsd).toBe(okx.expectedLossUsd);
  });
  it('shares are 0 when nothing is exposed', () => {
    const none = computeCounterparty(bookOf(pos('BTC-31JAN26-65000-C', -2)), model);
    expect(none.venues[0]!.share).toBe(0);
  });
  it('PFE of a spot holding is its price quantile; horizons compound overlapping returns', () => {
    const closes = [100, 101, 99, 103, 98, 104, 97, 105, 100, 102, 96];
    const daily = historicalReturns(closes);
    expect(daily[0]).toBeCloseTo(0.01, 15);
    expect(horizonReturns(daily, 2)[0]).toBeCloseTo(0.99 - 1, 15);
    const book = bookOf(pos('BTC', 1, { venue: 'cold' }));
    const res = computeCounterparty(book, model, { returns: { BTC: daily }, horizonsDays: [1, 3], confidences: [0.9] });
    const pfe1 = res.venues[0]!.pfe[0]!;
    expect(pfe1.scenarios).toBe(10);
    expect(pfe1.pfeUsd).toBeCloseTo(60_000 * (1 + upperQuantile(daily, 0.9)), 6);
    expect(pfe1.eeUsd).toBeCloseTo(60_000 * (1 + daily.reduce((a, b) => a + b, 0) / daily.length), 6);
    expect(res.venues[0]!.pfe[1]!.scenarios).toBe(8);
    expect(upperQuantile([5, 1, 3, 2, 4], 0.6)).toBe(4); // k = ⌈5·0.4⌉ = 2nd largest
  });
  it('warns about underlyings without history (held fixed)', () => {
    const res = computeCounterparty(sample, model, { returns: { BTC: [0.01, -0.02] }, horizonsDays: [1] });
    expect(res.warnings).toEqual(['okx: no return history for ETH (held fixed in the PFE)']);
  });
});
