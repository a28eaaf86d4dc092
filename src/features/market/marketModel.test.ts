import { describe, expect, it } from 'vitest';
import { buildMarketView } from './marketModel.ts';
import { TEST_MARKET } from '../../state/testing/fixtures.ts';

describe('market view model', () => {
  it('per underlying: index, perpetual (defaulting to index), expiries with ATM vol nearest the forward', () => {
    const v = buildMarketView(TEST_MARKET, { spot: { BTC: 81000 }, volPts: {} });
    expect(v.map((u) => u.underlying)).toEqual(['BTC', 'ETH']);
    expect(v[0]).toMatchObject({ index: 80000, perpetual: 80000, spotOverride: 81000, volOverridePts: null });
    expect(v[0]?.expiries).toEqual([{ expiry: '2026-09-25T08:00:00.000Z', forward: 80500, atmVol: 0.45, strikes: 3 }]);
    expect(v[1]?.perpetual).toBe(2501);
  });

  it('no market, no rows', () => {
    expect(buildMarketView(null, { spot: {}, volPts: {} })).toEqual([]);
  });
});
