import { describe, expect, it } from 'vitest';
import { fmix32, pathStream, seedWords, Xoshiro128 } from './rng.ts';

describe('xoshiro128**', () => {
  it('reproduces the reference C implementation (Blackman & Vigna, xoshiro128starstar.c)', () => {
    // Outputs of the authors' next() compiled with gcc, from the states {1,2,3,4} and
    // {0x12345678, 0x9abcdef0, 0xdeadbeef, 0xcafebabe}.
    const a = new Xoshiro128(1, 2, 3, 4);
    expect(Array.from({ length: 8 }, () => a.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
    const b = new Xoshiro128(0x12345678, 0x9abcdef0, 0xdeadbeef, 0xcafebabe);
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual([
      2576881682, 1162350735, 4137641899, 2022364260, 2212368400, 4265758206, 428836279, 1859057998,
    ]);
  });

  it('fmix32 is MurmurHash3 fmix32', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });

  it('path streams depend only on (seed, path)', () => {
    const draw = (seed: number, path: number) => {
      const r = pathStream(seed, path);
      return [r.nextDouble(), r.nextNormal(), r.nextNormal(), r.nextChiSquare(4)];
    };
    expect(draw(7, 12345)).toEqual(draw(7, 12345));
    expect(draw(7, 12345)).not.toEqual(draw(7, 12346));
    expect(draw(7, 12345)).not.toEqual(draw(8, 12345));
    expect(draw(2 ** 40 + 3, 5)).not.toEqual(draw(3, 5)); // high seed bits count
  });

  it('a negative seed has its own streams, distinct from its absolute value', () => {
    const draw = (seed: number, path: number) => {
      const r = pathStream(seed, path);
      return [r.nextDouble(), r.nextNormal(), r.nextNormal()];
    };
    for (const s of [1, 7, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      for (const p of [0, 1, 999]) {
        expect(draw(-s, p)).not.toEqual(draw(s, p));
        expect(draw(-s, p)).toEqual(draw(-s, p));
      }
    }
    expect(draw(-5, 3)).not.toEqual(draw(-6, 3));
    // −0 is 0.
    expect(draw(-0, 3)).toEqual(draw(0, 3));
  });

  it('seed words: injective over signed safe integers; non-negative seeds keep their old words', () => {
    const old = (x: number) => [x >>> 0, Math.floor(x / 2 ** 32) >>> 0];
    for (const s of [0, 1, 7, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) expect(seedWords(s)).toEqual(old(s));
    const seen = new Set<string>();
    for (const s of [
      0,
      1,
      -1,
      2 ** 32,
      -(2 ** 32),
      2 ** 52,
      -(2 ** 52),
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      -(2 ** 50 + 12_345),
    ]) {
      const key = seedWords(s).join(',');
      expect(seen.has(key), `seed ${s}`).toBe(false);
      seen.add(key);
    }
  });

  it('refuses seeds that are not safe integers instead of aliasing them', () => {
    expect(() => pathStream(1.5, 0)).toThrow(RangeError);
    expect(() => pathStream(2 ** 53, 0)).toThrow(/2\^53/);
    expect(() => pathStream(1, -1)).toThrow(RangeError);
  });

  it('uniforms in [0, 1), normals and χ² with the right moments', () => {
    let su = 0;
    let sz = 0;
    let sz2 = 0;
    let sz4 = 0;
    let sc = 0;
    let sc2 = 0;
    let min = 1;
    let max = 0;
    const n = 200_000;
    for (let p = 0; p < n; p++) {
      const r = pathStream(42, p);
      const u = r.nextDouble();
      min = Math.min(min, u);
      max = Math.max(max, u);
      su += u;
      const z = r.nextNormal();
      sz += z;
      sz2 += z * z;
      sz4 += z ** 4;
      const c = r.nextChiSquare(5);
      sc += c;
      sc2 += c * c;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(Math.abs(sz / n)).toBeLessThan(0.01); // se 0.0022
    expect(sz2 / n).toBeCloseTo(1, 1.5); // se 0.003
    expect(sz4 / n).toBeGreaterThan(2.9); // 3 ± 0.02
    expect(sz4 / n).toBeLessThan(3.1);
    expect(sc / n).toBeCloseTo(5, 1); // mean ν
    expect(sc2 / n - (sc / n) ** 2).toBeGreaterThan(9.8); // variance 2ν = 10
    expect(sc2 / n - (sc / n) ** 2).toBeLessThan(10.2);
  });

  it('gamma with shape < 1 (boost) has mean α', () => {
    const r = pathStream(3, 0);
    let s = 0;
    for (let i = 0; i < 100_000; i++) s += r.nextGamma(0.4);
    expect(s / 100_000).toBeCloseTo(0.4, 2);
  });
});
