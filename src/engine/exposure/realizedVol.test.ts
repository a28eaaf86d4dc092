/** Realised daily vol. */
import { describe, expect, it } from 'vitest';
import { realizedDailyVol } from './realizedVol.ts';

describe('realizedDailyVol', () => {
  it('a series alternating ±r has σ = r (zero mean)', () => {
    const r = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0.03 : -0.03));
    expect(realizedDailyVol(r, 90)).toBeCloseTo(0.03, 15);
  });
  it('uses only the last `lookback` returns', () => {
    const r = [...Array.from({ length: 50 }, () => 0.5), ...Array.from({ length: 10 }, () => 0.02)];
    expect(realizedDailyVol(r, 10)).toBeCloseTo(0.02, 15);
    // A lookback longer than the series uses all of it.
    expect(realizedDailyVol([0.01, -0.01], 90)).toBeCloseTo(0.01, 15);
  });
  it('no returns → NaN', () => {
    expect(realizedDailyVol([], 90)).toBeNaN();
  });
});
