import { describe, expect, it } from 'vitest';
import { applyMarketOverrides, hasOverrides } from './marketOverrides.ts';
import { TEST_MARKET } from '../state/testing/fixtures.ts';

describe('market overrides', () => {
  it('no overrides returns the same snapshot object', () => {
    expect(applyMarketOverrides(TEST_MARKET, { spot: {}, volPts: {} })).toBe(TEST_MARKET);
    expect(applyMarketOverrides(TEST_MARKET, null)).toBe(TEST_MARKET);
    expect(hasOverrides({ spot: {}, volPts: { BTC: 1 } })).toBe(true);
  });

  it('a spot override scales index, perpetual and forwards by the same ratio', () => {
    const m = applyMarketOverrides(TEST_MARKET, { spot: { BTC: 88000 }, volPts: {} });
    const btc = m.underlyings.BTC!;
    expect(btc.index).toBe(88000);
    expect(btc.perpetual).toBeCloseTo(88000, 9); // defaulted to index before scaling
    expect(btc.forwards[0]!.price).toBeCloseTo(80500 * 1.1, 9);
    expect(m.underlyings.ETH).toBe(TEST_MARKET.underlyings.ETH);
    expect(TEST_MARKET.underlyings.BTC!.index).toBe(80000); // never mutated
  });

  it('a vol override shifts every smile node, floored', () => {
    const m = applyMarketOverrides(TEST_MARKET, { spot: {}, volPts: { ETH: -70 } });
    expect(m.underlyings.ETH!.smiles[0]!.points[0]!.iv).toBe(1e-4);
    const up = applyMarketOverrides(TEST_MARKET, { spot: {}, volPts: { BTC: 5 } });
    expect(up.underlyings.BTC!.smiles[0]!.points.map((p) => p.iv)).toEqual([0.55, 0.5, 0.52].map((x) => expect.closeTo(x, 12)));
  });
});
