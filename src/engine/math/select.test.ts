import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { orderStatistic, selectInPlace, smallestK } from './select.ts';

/** The reference: the stable index sort by (value, index), as tailMeasure always did it. */
function reference(values: ArrayLike<number>, k: number): number[] {
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  return Array.from(idx.slice(0, k));
}

function sample(n: number, seed: number, distinct: number): Float64Array {
  let a = seed >>> 0;
  const next = () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
  // Few distinct values force ties; signed zeros and infinities are mixed in.
  return Float64Array.from({ length: n }, () => {
    const r = next();
    if (r < 0.01) return -0;
    if (r < 0.02) return 0;
    if (r < 0.025) return -Infinity;
    if (r < 0.03) return Infinity;
    return Math.floor(next() * distinct) - distinct / 2;
  });
}

describe('smallestK', () => {
  it('equals the stable index sort on large samples with ties, signed zeros and infinities', () => {
    for (const [n, distinct] of [
      [20_000, 50],
      [50_000, 1e9],
      [8_192, 3],
    ] as const) {
      const v = sample(n, n + distinct, distinct);
      for (const k of [1, 2, 7, 100, Math.ceil(n * 0.01), Math.floor(n / 4)]) {
        expect(Array.from(smallestK(v, k))).toEqual(reference(v, k));
      }
    }
  });

  it('equals the index sort for every k on random small and large inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 1, max: 40 }),
        (xs, kSeed, repeat) => {
          // Repeat the sample so it is above the sort threshold and full of ties.
          const v = Float64Array.from({ length: xs.length * repeat * 15 }, (_, i) => xs[i % xs.length]!);
          const k = 1 + (kSeed % Math.max(1, Math.floor(v.length / 4)));
          expect(Array.from(smallestK(v, k))).toEqual(reference(v, k));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('falls back to the index sort when the sample holds NaN, and handles k = 0 and k = n', () => {
    const v = sample(10_000, 5, 100);
    v[17] = NaN;
    expect(Array.from(smallestK(v, 50))).toEqual(reference(v, 50));
    expect(smallestK(v, 0).length).toBe(0);
    const w = Float64Array.of(3, 1, 2);
    expect(Array.from(smallestK(w, 3))).toEqual([1, 2, 0]);
  });
});

describe('order statistics', () => {
  it('selectInPlace and orderStatistic give the sorted sample’s entries', () => {
    const v = sample(30_000, 11, 1e6).filter((x) => Number.isFinite(x));
    const sorted = Float64Array.from(v).sort();
    for (const r of [0, 1, 29, 1000, Math.floor(v.length / 2), v.length - 2, v.length - 1]) {
      // === (not Object.is): −0 and +0 are the same rank.
      expect(orderStatistic(v, r) === sorted[r]).toBe(true);
      const copy = Float64Array.from(v);
      expect(selectInPlace(copy, r) === sorted[r]).toBe(true);
      // Everything before rank r is ≤ it, everything after ≥ it.
      for (let i = 0; i < r; i += 97) expect(copy[i]!).toBeLessThanOrEqual(sorted[r]!);
      for (let i = r + 1; i < copy.length; i += 97) expect(copy[i]!).toBeGreaterThanOrEqual(sorted[r]!);
    }
  });

  it('survives adversarial inputs (sorted, reversed, constant) in linear-ish time', () => {
    const n = 200_000;
    for (const v of [
      Float64Array.from({ length: n }, (_, i) => i),
      Float64Array.from({ length: n }, (_, i) => n - i),
      new Float64Array(n).fill(4),
      Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : -i)),
    ]) {
      const sorted = Float64Array.from(v).sort();
      expect(orderStatistic(v, 12_345)).toBe(sorted[12_345]);
    }
  });
});
