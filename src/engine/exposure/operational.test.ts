/** Operational add-on and exchange outage. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { TEST_MARKET, pos } from '../testMarket.ts';
import { dailyVolFromAnnual, exchangeOutage, operationalAddOn } from './operational.ts';

const model = buildMarketModel(TEST_MARKET);
const bookOf = (...p: Position[]) => resolveBook({ name: 't', positions: p }, model);

describe('operational risk', () => {
  it('add-on = rate × assets per venue, shares of the assets', () => {
    const r = operationalAddOn(
      [
        { venue: 'a', assetsUsd: 300 },
        { venue: 'b', assetsUsd: 100 },
        { venue: 'c', assetsUsd: -50 },
      ],
      0.01,
      { b: 0.05 },
    );
    expect(r.venues.map((v) => v.addOnUsd)).toEqual([3, 5, 0]);
    expect(r.venues.map((v) => v.share)).toEqual([0.75, 0.25, 0]);
    expect(r.totalAddOnUsd).toBe(8);
  });
  it('outage: a long perpetual loses on the down move of k·σ·√(N/24); full revaluation', () => {
    const q = 2;
    const book = bookOf(pos('BTC_USDC-PERPETUAL', q));
    const r = exchangeOutage(book, { hours: 6, k: 3, dailyVol: { BTC: 0.04 } });
    const m = 3 * 0.04 * Math.sqrt(6 / 24);
    expect(r.moves['BTC']).toBeCloseTo(m, 15);
    expect(r.worstSide).toBe('down');
    expect(r.downPnlUsd).toBeCloseTo(-q * 60_030 * m, 8);
    expect(r.unhedgedLossUsd).toBeCloseTo(q * 60_030 * m, 8);
    expect(dailyVolFromAnnual(Math.sqrt(365) * 0.05)).toBeCloseTo(0.05, 15);
  });
  it('outage: a short straddle loses both ways; the worse side is reported, theta accrues; venue filter', () => {
    const book = bookOf(pos('BTC-31JAN26-60000-C', -1), pos('BTC-31JAN26-60000-P', -1), pos('BTC-PERPETUAL', 5, { venue: 'other' }));
    const r = exchangeOutage(book, { hours: 12, k: 2, dailyVol: { BTC: 0.03 }, venue: 'deribit' });
    expect(r.upPnlUsd).toBeLessThan(0);
    expect(r.downPnlUsd).toBeLessThan(0);
    expect(r.worstPnlUsd).toBe(Math.min(r.upPnlUsd, r.downPnlUsd));
    expect(r.byUnderlying['BTC']).toBeCloseTo(r.worstPnlUsd, 9);
  });
});
