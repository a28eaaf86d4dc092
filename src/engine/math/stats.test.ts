import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  binomialCdf,
  chiSquareCdf,
  chiSquareSf,
  ewmaVariances,
  histogram,
  robustHistogram,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
  sampleVariance,
  tailCount,
  tailMeasure,
  zeroMeanCovariance,
} from './stats.ts';

describe('quantile rule k = ⌈N(1 − c) − 1e-9⌉', () => {
  it('counts tail scenarios, exact products not rounded up', () => {
    expect(tailCount(100, 0.99)).toBe(1); // 100 · 0.01 = 1.0000000000000009 in binary
    expect(tailCount(365, 0.99)).toBe(4); // 3.65 → 4
    expect(tailCount(250, 0.99)).toBe(3); // 2.5 → 3
    expect(tailCount(1000, 0.975)).toBe(25);
    expect(tailCount(200, 0.95)).toBe(10);
    expect(tailCount(10, 0.999)).toBe(1); // never 0
  });

  it('VaR is the k-th largest loss and ES the mean of the k largest', () => {
    // Losses: 10, 8, 7, 5, … ; N = 20, c = 0.9 → k = 2.
    const pnl = [-10, 3, -8, 1, -7, 2, -5, 4, 0, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    const t = tailMeasure(pnl, 0.9);
    expect(t.k).toBe(2);
    expect(t.varUsd).toBe(8);
    expect(t.esUsd).toBe(9);
    expect(Array.from(t.tail)).toEqual([0, 2]);
    const t85 = tailMeasure(pnl, 0.85); // k = 3
    expect(t85.varUsd).toBe(7);
    expect(t85.esUsd).toBeCloseTo(25 / 3, 14);
  });

  it('ties are broken by scenario index', () => {
    const t = tailMeasure([-1, -5, -5, 0], 0.5); // k = 2
    expect(Array.from(t.tail)).toEqual([1, 2]);
    expect(t.varUsd).toBe(5);
  });

  it('ES ≥ VaR and both non-decreasing in confidence (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.5, max: 0.995, noNaN: true }),
        (pnl, c) => {
          const a = tailMeasure(pnl, c);
          const b = tailMeasure(pnl, Math.min(0.9999, c + 0.004));
          expect(a.esUsd).toBeGreaterThanOrEqual(a.varUsd - 1e-9 * Math.abs(a.varUsd));
          expect(b.varUsd).toBeGreaterThanOrEqual(a.varUsd);
          expect(b.esUsd).toBeGreaterThanOrEqual(a.esUsd - 1e-9 * Math.abs(a.esUsd));
        },
      ),
    );
  });
});

describe('moments', () => {
  it('sample variance (÷ N − 1) and zero-mean covariance (÷ N)', () => {
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
    const cov = zeroMeanCovariance([Float64Array.of(1, -1, 2), Float64Array.of(0, 1, 1)]);
    expect(Array.from(cov)).toEqual([6 / 3, 1 / 3, 1 / 3, 2 / 3]);
  });

  it('EWMA recursion by hand on 5 numbers', () => {
    const r = [0.01, -0.02, 0.03, 0, -0.01];
    const lambda = 0.94;
    const seed = 0.0004;
    const v = ewmaVariances(r, lambda, seed);
    // σ²_1 = seed; σ²_{t+1} = 0.94 σ²_t + 0.06 r_t², written out:
    const s2 = 0.94 * 0.0004 + 0.06 * 0.0001; // 0.000382
    const s3 = 0.94 * s2 + 0.06 * 0.0004; // 0.00038308
    const s4 = 0.94 * s3 + 0.06 * 0.0009; // 0.0004140952
    const s5 = 0.94 * s4 + 0.06 * 0; // 0.000389249488
    const s6 = 0.94 * s5 + 0.06 * 0.0001; // 0.00037189451872
    expect(v.length).toBe(6);
    expect(v[0]).toBe(seed);
    [s2, s3, s4, s5, s6].forEach((x, i) => expect(v[i + 1]).toBeCloseTo(x, 18));
    expect(s6).toBeCloseTo(0.00037189451872, 16);
  });
});

describe('χ² and gamma functions', () => {
  it('ln Γ at integers and half-integers', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
  });

  it('5 % critical values: χ²(1) 3.841, χ²(2) 5.991', () => {
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    expect(chiSquareSf(5.991464547107979, 2)).toBeCloseTo(0.05, 14);
    expect(chiSquareCdf(6.634896601021214, 1)).toBeCloseTo(0.99, 13);
  });

  it('the general incomplete-gamma path agrees with the 1 and 2 d.o.f. closed forms', () => {
    for (const x of [0.01, 0.5, 1, 3.84, 7.7, 20, 60]) {
      expect(regularizedGammaQ(0.5, x / 2)).toBeCloseTo(chiSquareSf(x, 1), 13);
      expect(regularizedGammaQ(1, x / 2)).toBeCloseTo(chiSquareSf(x, 2), 13);
      expect(regularizedGammaP(1, x / 2) + regularizedGammaQ(1, x / 2)).toBeCloseTo(1, 14);
    }
  });

  it('other degrees of freedom against scipy.stats.chi2', () => {
    expect(chiSquareCdf(7.5, 3)).toBeCloseTo(0.9424415480273636, 12);
    expect(chiSquareSf(20, 5)).toBeCloseTo(0.0012497305630313773, 14);
    expect(chiSquareCdf(0.5, 4)).toBeCloseTo(0.026499021160743912, 13);
    expect(chiSquareSf(100, 50) / 3.454931382984871e-5).toBeCloseTo(1, 10);
  });

  it('binomial CDF: the Basel table at 250 observations, 99 %', () => {
    // scipy.stats.binom.cdf(x, 250, 0.01)
    const ref = [
      0.08105851616218143, 0.28575173879395216, 0.5431689733157259, 0.7581166977648832, 0.8921876269036251, 0.9588168159301517,
      0.9862985521447963, 0.9959746612881922, 0.9989434675026432, 0.9997498099312595, 0.999946101370953,
    ];
    ref.forEach((p, x) => expect(binomialCdf(x, 250, 0.01)).toBeCloseTo(p, 12));
    expect(binomialCdf(-1, 250, 0.01)).toBe(0);
    expect(binomialCdf(250, 250, 0.01)).toBe(1);
  });
});

describe('histogram', () => {
  it('equal-width bins, the maximum in the last bin', () => {
    const h = histogram([0, 1, 2, 3, 4, 10], 5);
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 1, 0, 1]);
    expect(histogram([3, 3], 10).counts).toEqual([2]);
    expect(histogram([], 10).counts).toEqual([]);
  });
});

describe('robustHistogram', () => {
  it('equals the plain histogram when no value lies far outside the body', () => {
    const v = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 100);
    const r = robustHistogram(v, 20);
    const h = histogram(v, 20);
    expect(r.edges).toEqual(h.edges);
    expect(r.counts).toEqual(h.counts);
    expect(r.clippedBelow).toBe(0);
    expect(r.clippedAbove).toBe(0);
  });

  it('keeps one extreme value from squeezing the body, and counts it', () => {
    const body = Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 10_000) / 100 - 50); // −50 … 50
    const v = [...body, -1e6];
    const plain = histogram(v, 50);
    // The plain histogram puts the whole body into the last bin or two.
    expect(plain.counts.filter((c) => c > 0).length).toBeLessThanOrEqual(2);
    const r = robustHistogram(v, 50);
    expect(r.clippedBelow).toBe(1);
    expect(r.clippedAbove).toBe(0);
    expect(r.minValue).toBe(-1e6);
    expect(r.maxValue).toBeCloseTo(49.99, 10);
    expect(r.counts.reduce((a, b) => a + b, 0) + r.clippedBelow! + r.clippedAbove!).toBe(v.length);
    expect(r.edges[0]!).toBeGreaterThan(-60);
    expect(r.edges[50]).toBe(r.maxValue);
    expect(r.counts.filter((c) => c > 0).length).toBeGreaterThan(40);
  });

  it('widens the range to the values it must include', () => {
    const body = Array.from({ length: 10_000 }, (_, i) => (i % 1000) - 500);
    const v = [...body, -1e5, -2e5];
    const r = robustHistogram(v, 50, { include: [-3000] });
    expect(r.edges[0]!).toBeLessThan(-3000);
    expect(r.clippedBelow).toBe(2);
  });
});
