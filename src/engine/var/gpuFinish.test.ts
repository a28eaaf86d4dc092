import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { compileBook } from '../risk/compiledBook.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { makeMonteCarloPlan, monteCarloPnl } from './monteCarlo.ts';
import { pathDrawCount } from './gpuPlan.ts';
import { finishMonteCarloGpu, type GpuPaths } from './gpuFinish.ts';
import { finishMonteCarlo, type MonteCarloSetup, type VarReport } from './index.ts';

const market = buildMarketModel(TEST_MARKET);
const rb = resolveBook(
  book(
    pos('BTC-31JAN26-65000-C', -5),
    pos('BTC-1APR26-55000-P', 3),
    pos('ETH-31JAN26-2600-P', 20),
    pos('BTC', 1),
    pos('ETH_USDC-PERPETUAL', -30),
    pos('USDC', 100),
  ),
  market,
);
const cb = compileBook(rb, market);
const COV = Float64Array.of(0.0016, 0.0015, 0.0015, 0.0025);

function setupFor(paths: number, distribution: 'normal' | 'student-t', confidence = 0.99): MonteCarloSetup {
  const plan = makeMonteCarloPlan(cb.underlyings, COV, { paths, seed: 11, distribution, dof: 4, horizonDays: 1 });
  return { plan, confidence, window: 365, windowStart: null, windowEnd: null, overlapping: false, covariance: COV, warnings: [] };
}

/** An f32 copy of the exact P&Ls with a deterministic relative error of up to `rel` of the largest |P&L|. */
function f32Copy(exact: Float64Array, rel: number): Float32Array {
  let scale = 0;
  for (const x of exact) scale = Math.max(scale, Math.abs(x));
  let a = 12345;
  return Float32Array.from(exact, (x) => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return x + (a / 2 ** 32 - 0.5) * 2 * rel * scale;
  });
}

function reference(setup: MonteCarloSetup): VarReport {
  const r = finishMonteCarlo(cb, setup, monteCarloPnl(cb, setup.plan), { positions: rb.positions });
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

describe('GPU finishing step', () => {
  for (const distribution of ['normal', 'student-t'] as const) {
    for (const rel of [1e-7, 1e-4, 3e-3]) {
      it(`gives the CPU engine's VaR, ES and components from f32 P&Ls with errors up to ${rel} (${distribution})`, () => {
        const setup = setupFor(20_000, distribution);
        const ref = reference(setup);
        const exact = monteCarloPnl(cb, setup.plan);
        const gpu: GpuPaths = { pnl: f32Copy(exact, rel), flagged: new Uint32Array(0), flagOverflow: false };
        // Largest error of the f32 copy: the noise plus f32 rounding.
        const bound = exact.reduce((m, x, i) => Math.max(m, Math.abs(gpu.pnl[i]! - x)), 0);
        const { outcome, accuracy } = finishMonteCarloGpu(cb, setup, gpu, { positions: rb.positions });
        if (!outcome.ok) throw new Error(outcome.error);
        const r = outcome.report;
        expect(r.varUsd).toBe(ref.varUsd);
        expect(r.esUsd).toBe(ref.esUsd);
        expect(r.varScenario).toEqual(ref.varScenario);
        expect(r.components).toEqual(ref.components);
        // ES 97.5 % mixes the exact 99 % tail with f32 P&Ls: within the copy's largest error.
        expect(Math.abs(r.es975Usd - ref.es975Usd)).toBeLessThanOrEqual(bound);
        expect(accuracy!.maxAbsErrorUsd).toBeLessThanOrEqual(bound);
        // The GPU's own figures differ by about the f32 error; the measured error is reported.
        expect(accuracy!.maxAbsErrorUsd).toBeGreaterThan(0);
        expect(Math.abs(accuracy!.f32VarUsd - ref.varUsd)).toBeLessThanOrEqual(accuracy!.maxAbsErrorUsd + 1e-9);
        expect(Math.abs(accuracy!.f32EsUsd - ref.esUsd)).toBeLessThanOrEqual(accuracy!.maxAbsErrorUsd + 1e-9);
        expect(accuracy!.refinedPaths).toBeGreaterThanOrEqual(r.tailCount!);
        expect(accuracy!.bandUsd).toBeGreaterThanOrEqual(4 * accuracy!.maxAbsErrorUsd);
        expect(accuracy!.flaggedPaths).toBe(0);
      });
    }
  }

  it('recomputes flagged and non-finite paths in f64 and counts those where f32 took the other branch', () => {
    const setup = setupFor(5_000, 'student-t');
    const ref = reference(setup);
    const exact = monteCarloPnl(cb, setup.plan);
    const pnl = f32Copy(exact, 1e-7);
    // Path 10: the kernel took another branch (more outputs, another P&L); path 20: flagged but the same branch;
    // path 30: an f32 overflow. The worst CPU path is made to look harmless on the GPU.
    const worst = ref.varScenario!.index;
    pnl[10] = 1e9;
    pnl[30] = NaN;
    pnl[worst] = 0;
    const flagged = Uint32Array.of(
      10,
      pathDrawCount(setup.plan, 10) + 2,
      20,
      pathDrawCount(setup.plan, 20),
      worst,
      pathDrawCount(setup.plan, worst) + 4,
    );
    const { outcome, accuracy } = finishMonteCarloGpu(cb, setup, { pnl, flagged, flagOverflow: false }, { positions: rb.positions });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.report.varUsd).toBe(ref.varUsd);
    expect(outcome.report.esUsd).toBe(ref.esUsd);
    expect(accuracy!.flaggedPaths).toBe(4);
    expect(accuracy!.divergedPaths).toBe(2);
  });

  it('reports progress from 0 to 1, and refuses a run whose flag list overflowed or has the wrong length', () => {
    const setup = setupFor(4_000, 'normal');
    const fractions: number[] = [];
    const gpu: GpuPaths = { pnl: f32Copy(monteCarloPnl(cb, setup.plan), 1e-7), flagged: new Uint32Array(0), flagOverflow: false };
    const { outcome } = finishMonteCarloGpu(cb, setup, gpu, { positions: rb.positions }, { onProgress: (f) => fractions.push(f) });
    expect(outcome.ok).toBe(true);
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBeCloseTo(1, 12);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(finishMonteCarloGpu(cb, setup, { ...gpu, flagOverflow: true }).outcome.ok).toBe(false);
    expect(finishMonteCarloGpu(cb, setup, { ...gpu, pnl: gpu.pnl.subarray(1) }).outcome.ok).toBe(false);
  });
});

describe('finishMonteCarlo', () => {
  it('reports its progress and uses supplied tail paths', () => {
    const setup = setupFor(10_000, 'student-t');
    const pnl = monteCarloPnl(cb, setup.plan);
    const seen: [number, string][] = [];
    const r = finishMonteCarlo(cb, setup, pnl, { positions: rb.positions }, { onProgress: (f, l) => seen.push([f, l]) });
    expect(r.ok).toBe(true);
    expect(seen[0]![0]).toBe(0);
    expect(seen.at(-1)![0]).toBeCloseTo(1, 12);
    expect(seen.some(([, l]) => l.startsWith('tail paths'))).toBe(true);
    expect(seen.some(([, l]) => l.startsWith('position components'))).toBe(true);
    expect(seen.length).toBeLessThan(260);
  });
});
