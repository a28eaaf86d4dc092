import { describe, expect, it } from 'vitest';
import { buildMarketModel, forwardAt, smileVolAt, volAt } from './marketModel.ts';
import { EXP30, EXP90, TEST_MARKET } from '../testMarket.ts';
import { MS_PER_DAY } from './time.ts';

const model = buildMarketModel(TEST_MARKET);
const btc = model.underlyings.get('BTC')!;
const t0 = model.valuationMs;
const e30 = Date.parse(EXP30);
const e90 = Date.parse(EXP90);

describe('forward curve', () => {
  it('returns quoted forwards exactly and the perpetual at or before T = 0', () => {
    expect(forwardAt(btc, t0, e30)).toBe(60_300);
    expect(forwardAt(btc, t0, e90)).toBe(61_200);
    expect(forwardAt(btc, t0, t0)).toBe(60_030);
    expect(forwardAt(btc, t0, t0 - MS_PER_DAY)).toBe(60_030);
  });
  it('interpolates linearly in T from the perpetual and between quotes, flat beyond the last', () => {
    expect(forwardAt(btc, t0, t0 + 15 * MS_PER_DAY)).toBeCloseTo(60_030 + (60_300 - 60_030) * 0.5, 9);
    expect(forwardAt(btc, t0, t0 + 60 * MS_PER_DAY)).toBeCloseTo(60_300 + (61_200 - 60_300) * 0.5, 9);
    expect(forwardAt(btc, t0, t0 + 400 * MS_PER_DAY)).toBe(61_200);
  });
  it('defaults the perpetual to the index', () => {
    const eth = model.underlyings.get('ETH')!;
    expect(eth.perpetual).toBe(3_000);
  });
});

describe('sticky-strike vol surface', () => {
  it('returns node vols exactly at quoted strikes and expiries', () => {
    expect(volAt(btc, t0, e30, 60_000)).toBeCloseTo(0.5, 14);
    expect(volAt(btc, t0, e90, 80_000)).toBeCloseTo(0.6, 14);
  });
  it('is linear in ln(K/F0) between strikes, F0 the expiry forward', () => {
    const F = 60_300;
    const K = 65_000;
    const x0 = Math.log(60_000 / F);
    const x1 = Math.log(70_000 / F);
    const x = Math.log(K / F);
    expect(volAt(btc, t0, e30, K)).toBeCloseTo(0.5 + ((0.55 - 0.5) * (x - x0)) / (x1 - x0), 14);
  });
  it('is flat beyond the end strikes', () => {
    expect(volAt(btc, t0, e30, 20_000)).toBeCloseTo(0.7, 14);
    expect(volAt(btc, t0, e30, 200_000)).toBeCloseTo(0.55, 14);
  });
  it('interpolates total variance linearly in T at the same ln(K/F0) between expiries', () => {
    const e60 = t0 + 60 * MS_PER_DAY;
    const K = 60_000;
    const F60 = forwardAt(btc, t0, e60);
    const x = Math.log(K / F60);
    const s30 = btc.smiles[0]!;
    const s90 = btc.smiles[1]!;
    const v30 = smileVolAt(s30, x);
    const v90 = smileVolAt(s90, x);
    const w = v30 * v30 * (30 / 365) + ((v90 * v90 * (90 / 365) - v30 * v30 * (30 / 365)) * 30) / 60;
    expect(volAt(btc, t0, e60, K)).toBeCloseTo(Math.sqrt(w / (60 / 365)), 14);
  });
  it('keeps flat vol (at the same moneyness) before the first and after the last expiry', () => {
    const e10 = t0 + 10 * MS_PER_DAY;
    const x = Math.log(60_000 / forwardAt(btc, t0, e10));
    expect(volAt(btc, t0, e10, 60_000)).toBeCloseTo(smileVolAt(btc.smiles[0]!, x), 14);
    const e200 = t0 + 200 * MS_PER_DAY;
    expect(volAt(btc, t0, e200, 60_000)).toBeCloseTo(smileVolAt(btc.smiles[1]!, Math.log(60_000 / 61_200)), 14);
  });
});
