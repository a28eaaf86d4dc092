/* eslint-disable no-loss-of-precision -- mpmath reference values are kept at 20 significant digits; each rounds to the nearest double. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normCdf, normInv, normPdf } from './normal.ts';

// Reference values: mpmath 1.3 at 50 significant digits (mp.ncdf, √2·erfinv(2p−1)), printed to 20 digits.
const NORM_CDF_REF: ReadonlyArray<readonly [number, number]> = [
  [-38, 2.8854283600687843084e-316],
  [-30, 4.9067139271481870595e-198],
  [-20, 2.7536241186062336951e-89],
  [-10, 7.619853024160526066e-24],
  [-8, 6.2209605742717841235e-16],
  [-6, 9.865876450376981407e-10],
  [-5.7, 5.9903714010635281878e-9],
  [-5.5, 1.8989562465887719384e-8],
  [-4, 0.000031671241833119921254],
  [-3, 0.0013498980316300945267],
  [-2.5, 0.006209665325776135167],
  [-1.5, 0.066807201268858066004],
  [-1, 0.15865525393145705141],
  [-0.7, 0.24196365222307302862],
  [-0.6744, 0.25002852137294061469],
  [-0.5, 0.30853753872598689636],
  [-0.1, 0.46017216272297101633],
  [-1e-10, 0.49999999996010577196],
  [0, 0.5],
  [1e-10, 0.50000000003989422804],
  [0.3, 0.61791142218895263307],
  [0.6744, 0.74997147862705938531],
  [0.7, 0.75803634777692697138],
  [1, 0.84134474606854294859],
  [2, 0.9772498680518207928],
  [3.3, 0.99951657585761622249],
  [5, 0.99999971334842812081],
  [5.6, 0.99999998928240974169],
  [5.7, 0.99999999400962859894],
  [7, 0.99999999999872018746],
  [9, 0.99999999999999999989],
];
const NORM_INV_REF: ReadonlyArray<readonly [number, number]> = [
  [1e-12, -7.0344838253011319326],
  [1e-6, -4.7534243088228989573],
  [0.001, -3.0902323061678135354],
  [0.01, -2.3263478740408410931],
  [0.025, -1.9599639845400542118],
  [0.05, -1.644853626951472688],
  [0.1, -1.2815515655446004353],
  [0.3, -0.52440051270804081597],
  [0.5, 0.0],
  [0.7, 0.52440051270804065631],
  [0.9, 1.2815515655446005935],
  [0.95, 1.6448536269514722843],
  [0.975, 1.9599639845400538556],
  [0.99, 2.3263478740408407676],
  [0.999, 3.0902323061678132778],
  [0.999999, 4.7534243088170877657],
];

describe('normCdf', () => {
  it.each(NORM_CDF_REF)('Φ(%s) matches mpmath to 1e-15 relative', (x, expected) => {
    const got = normCdf(x);
    const rel = Math.abs(got - expected) / expected;
    expect(rel, `x=${x} got=${got} expected=${expected}`).toBeLessThan(1e-15 + (Math.abs(x) > 5 ? 1e-14 : 0));
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    fc.assert(fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => Math.abs(normCdf(x) + normCdf(-x) - 1) < 2e-16));
  });

  it('is monotone non-decreasing', () => {
    let prev = 0;
    for (let x = -12; x <= 12; x += 0.001) {
      const v = normCdf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });

  it('has the density as its derivative (central difference)', () => {
    for (const x of [-3, -1.2, -0.3, 0, 0.4, 0.8, 2.5]) {
      const h = 1e-5;
      expect((normCdf(x + h) - normCdf(x - h)) / (2 * h)).toBeCloseTo(normPdf(x), 9);
    }
  });

  it('returns NaN for NaN and the limits at ±Infinity', () => {
    expect(normCdf(NaN)).toBeNaN();
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
  });
});

describe('normInv', () => {
  it.each(NORM_INV_REF)('Φ⁻¹(%s) matches mpmath to 1e-14 relative', (p, expected) => {
    const got = normInv(p);
    if (expected === 0) expect(Math.abs(got)).toBeLessThan(1e-15);
    else expect(Math.abs(got - expected) / Math.abs(expected), `p=${p} got=${got}`).toBeLessThan(1e-14);
  });

  // Upper bound 5: above it Φ(x) rounds to within a few ulps of 1 and the inverse is ill-conditioned in doubles.
  it('inverts normCdf', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 5, noNaN: true }), (x) => Math.abs(normInv(normCdf(x)) - x) < 1e-9 * Math.max(1, Math.abs(x))),
    );
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => normInv(1.2)).toThrow(RangeError);
    expect(() => normInv(NaN)).toThrow(RangeError);
    expect(normInv(0)).toBe(-Infinity);
    expect(normInv(1)).toBe(Infinity);
  });
});
