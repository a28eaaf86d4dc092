import { describe, expect, it } from 'vitest';
import { SPOT_SLIDER, clampToSlider, scenarioUnderlyings, shockedSpot } from './scenarioModel.ts';
import { TEST_MARKET } from '../../state/testing/fixtures.ts';

describe('scenario model', () => {
  it('underlyings: the market’s plus the book’s, never cash, desk order', () => {
    expect(scenarioUnderlyings(TEST_MARKET, ['SOL', 'USDC', 'BTC'])).toEqual(['BTC', 'ETH', 'SOL']);
    expect(scenarioUnderlyings(null, [])).toEqual([]);
  });

  it('slider position pins at the ends; shocked spot', () => {
    expect(clampToSlider(-80, SPOT_SLIDER)).toBe(-50);
    expect(clampToSlider(12, SPOT_SLIDER)).toBe(12);
    expect(shockedSpot(80000, -10)).toBeCloseTo(72000, 9);
    expect(shockedSpot(undefined, 5)).toBeNull();
  });
});
