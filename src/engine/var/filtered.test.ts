import { describe, expect, it } from 'vitest';
import { filterReturns } from './filtered.ts';

describe('filtered HS (EWMA rescaling)', () => {
  it('rescales by σ_today/σ_t, written out on 5 returns', () => {
    const r = [0.01, -0.02, 0.03, 0, -0.01];
    const mean = (0.01 - 0.02 + 0.03 + 0 - 0.01) / 5; // 0.002
    const seed = ((0.01 - mean) ** 2 + (-0.02 - mean) ** 2 + (0.03 - mean) ** 2 + (0 - mean) ** 2 + (-0.01 - mean) ** 2) / 4;
    const v: number[] = [seed];
    for (const x of r) v.push(0.94 * v[v.length - 1]! + 0.06 * x * x);
    const f = filterReturns(r, 0.94);
    expect(f.seedVariance).toBeCloseTo(0.00037, 18); // 0.00148 / 4
    expect(f.seedVariance).toBeCloseTo(seed, 18);
    expect(f.sigmaToday).toBeCloseTo(Math.sqrt(v[5]!), 16);
    r.forEach((x, t) => {
      expect(f.sigma[t]).toBeCloseTo(Math.sqrt(v[t]!), 16);
      expect(f.returns[t]).toBeCloseTo((x * Math.sqrt(v[5]!)) / Math.sqrt(v[t]!), 16);
    });
  });

  it('a recent vol spike scales the calm history up', () => {
    const calm = Array.from({ length: 200 }, (_, i) => (i % 2 ? 0.01 : -0.01));
    const spike = Array.from({ length: 30 }, (_, i) => (i % 2 ? 0.05 : -0.05));
    const f = filterReturns([...calm, ...spike]);
    expect(f.sigmaToday).toBeGreaterThan(0.045);
    expect(Math.abs(f.returns[50]!)).toBeGreaterThan(0.04); // a calm 1 % day becomes a ~5 % day
    expect(Math.abs(f.returns[229]!)).toBeCloseTo(0.05, 2); // recent days are nearly unchanged
  });

  it('a zero σ leaves returns unscaled', () => {
    const f = filterReturns([0, 0, 0]);
    expect(Array.from(f.returns)).toEqual([0, 0, 0]);
  });
});
