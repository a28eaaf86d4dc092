import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { compileBook } from '../risk/compiledBook.ts';
import { pathStream, streamPathWords, streamSeedWords, STREAM_DISCARD, Xoshiro128 } from '../math/rng.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { revalKernel } from './revalue.ts';
import { makeMonteCarloPlan } from './monteCarlo.ts';
import {
  encodeGpuMonteCarlo,
  GPU_OPTION_CALL,
  GPU_OPTION_EXPIRED,
  GPU_OPTION_WORDS,
  GPU_PATH_XOR,
  gpuPathWord,
  pathDrawCount,
} from './gpuPlan.ts';

const market = buildMarketModel(TEST_MARKET);
const cb = compileBook(
  resolveBook(
    book(
      pos('BTC-31JAN26-65000-C', -5),
      pos('BTC-31JAN26-65000-C', 2), // nets with the row above
      pos('BTC-1APR26-55000-P', 3),
      pos('ETH-31JAN26-2600-P', 20),
      pos('BTC', 1),
      pos('ETH_USDC-PERPETUAL', -30),
      pos('USDC', 100),
    ),
    market,
  ),
  market,
);
const COV = Float64Array.of(0.0016, 0.0015, 0.0015, 0.0025);
const SEEDS = [1, 7, 0, 123_456_789_012, 2 ** 53 - 1, -5];
const PATHS = [0, 1, 2, 63, 64, 1000, 2 ** 31 - 1, 2 ** 31 + 5, 2 ** 32 - 1];

/** The generator as the kernel seeds it: two seed words from rng.ts, the path word mixed, 16 outputs discarded. */
function kernelStream(seed: number, path: number): Xoshiro128 {
  const [s0, s1] = streamSeedWords(seed);
  const r = new Xoshiro128(s0, s1, gpuPathWord(path), streamPathWords(0)[1]);
  for (let i = 0; i < STREAM_DISCARD; i++) r.nextUint32();
  return r;
}

describe('GPU plan: encoding', () => {
  it('carries every netted option row, the delta-one slopes, the factor and the seed words', () => {
    const plan = makeMonteCarloPlan(cb.underlyings, COV, { paths: 1000, seed: 42, distribution: 'student-t', dof: 5, horizonDays: 1 });
    const enc = encodeGpuMonteCarlo(cb, plan);
    const k = revalKernel(cb);
    expect(enc.nUl).toBe(2);
    expect(enc.nOpt).toBe(cb.nOptions);
    expect(enc.nOpt).toBe(3);
    expect(enc.options.byteLength).toBe(cb.nOptions * GPU_OPTION_WORDS * 4);
    const f = new Float32Array(enc.options);
    const w = new Uint32Array(enc.options);
    for (let i = 0; i < cb.nOptions; i++) {
      const o = i * GPU_OPTION_WORDS;
      expect(f[o]).toBe(Math.fround(cb.optForward0[i]!));
      expect(f[o + 1]).toBe(Math.fround(cb.optStrike[i]!));
      expect(f[o + 2]).toBe(Math.fround(k.lnFK[i]!));
      expect(f[o + 3]).toBe(Math.fround(k.sd0[i]!));
      expect(f[o + 4]).toBe(Math.fround(cb.optWeight[i]!));
      expect(w[o + 6]).toBe(cb.optUl[i]);
      expect(w[o + 7]! & GPU_OPTION_CALL).toBe(cb.optIsCall[i] === 1 ? GPU_OPTION_CALL : 0);
      expect(w[o + 7]! & GPU_OPTION_EXPIRED).toBe(0);
    }
    expect(Array.from(enc.slope)).toEqual(Array.from(cb.d1Slope, Math.fround));
    expect(Array.from(enc.factor)).toEqual(Array.from(plan.factor, Math.fround));
    expect([enc.seedWord0, enc.seedWord1]).toEqual(streamSeedWords(42));
    expect(enc.pathHiWord).toBe(streamPathWords(0)[1]);
    expect(enc.studentT).toBe(true);
    expect(enc.gammaD).toBeCloseTo(2.5 - 1 / 3, 15);
    expect(enc.gammaC).toBeCloseTo(1 / Math.sqrt(9 * (2.5 - 1 / 3)), 15);
    const normal = encodeGpuMonteCarlo(cb, { ...plan, dof: null, distribution: 'normal' });
    expect(normal.studentT).toBe(false);
    expect(normal.dof).toBe(0);
  });

  it('refuses a plan for other underlyings', () => {
    const plan = makeMonteCarloPlan(['ETH', 'BTC'], COV, { paths: 10, seed: 1, distribution: 'normal', horizonDays: 1 });
    expect(() => encodeGpuMonteCarlo(cb, plan)).toThrow(/underlyings/);
  });
});

describe('GPU plan: the kernel’s generator seeding', () => {
  it('mixes the path index as rng.ts does (the xor constant and fmix32)', () => {
    expect(GPU_PATH_XOR).toBe(0xc2b2ae35);
    for (const p of PATHS) expect(gpuPathWord(p)).toBe(streamPathWords(p)[0]);
  });

  it('seeded from rng.ts’s words, it is pathStream output for output', () => {
    for (const seed of SEEDS) {
      for (const p of PATHS) {
        const a = kernelStream(seed, p);
        const b = pathStream(seed, p);
        expect(Array.from({ length: 12 }, () => a.nextUint32())).toEqual(Array.from({ length: 12 }, () => b.nextUint32()));
      }
    }
  });
});

describe('GPU plan: draw counts', () => {
  it('counts the generator outputs of a path’s draw exactly (normal and Student-t)', () => {
    for (const distribution of ['normal', 'student-t'] as const) {
      const plan = makeMonteCarloPlan(cb.underlyings, COV, { paths: 100, seed: 9, distribution, dof: 4, horizonDays: 1 });
      for (let p = 0; p < 60; p++) {
        const count = pathDrawCount(plan, p);
        // Independent check: a fresh stream advanced by `count` outputs continues where the path's draw stopped.
        const used = pathStream(plan.seed, p);
        for (let j = 0; j < 2; j++) used.nextNormal();
        if (plan.dof !== null) used.nextChiSquare(plan.dof);
        const fresh = pathStream(plan.seed, p);
        for (let i = 0; i < count; i++) fresh.nextUint32();
        expect(fresh.nextUint32()).toBe(used.nextUint32());
        // Polar pairs take 4 outputs per trial; a gamma trial 2 more (its normal may be the spare).
        expect(count % 2).toBe(0);
        expect(count).toBeGreaterThanOrEqual(4);
      }
    }
  });
});
