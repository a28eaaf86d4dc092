import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { compileBook } from '../risk/compiledBook.ts';
import { valueCompiled } from '../risk/compiledBook.ts';
import { tailMeasure } from '../math/stats.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { deltaNormal } from './parametric.ts';
import { drawPathGrowth, makeMonteCarloPlan, monteCarloPnl, runMonteCarloChunk } from './monteCarlo.ts';
import { finishMonteCarlo, prepareMonteCarlo, runVar, type VarHistory } from './index.ts';
import { isoFromDayNumber, isoDayNumber } from './returns.ts';

const market = buildMarketModel(TEST_MARKET);
const compile = (...p: Parameters<typeof book>) => {
  const rb = resolveBook(book(...p), market);
  return { cb: compileBook(rb, market), positions: rb.positions };
};
const OPTIONS = compile(
  pos('BTC-31JAN26-65000-C', -5),
  pos('BTC-1APR26-55000-P', 3),
  pos('ETH-31JAN26-2600-P', 20),
  pos('BTC', 1),
  pos('USDC', 100),
);
const LINEAR = compile(pos('BTC', 2), pos('ETH_USDC-PERPETUAL', -30));

// σ 4 % (BTC) and 5 % (ETH) daily, ρ = 0.75.
const COV = Float64Array.of(0.0016, 0.0015, 0.0015, 0.0025);
const DELTA = [2 * 60_000, -30 * 3_000];

describe('Monte Carlo: splitting', () => {
  it('chunked runs equal the one-shot run bit for bit (normal and Student-t)', () => {
    for (const distribution of ['normal', 'student-t'] as const) {
      const plan = makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 1_000, seed: 77, distribution, dof: 4, horizonDays: 1 });
      const one = monteCarloPnl(OPTIONS.cb, plan);
      const parts = [
        runMonteCarloChunk(OPTIONS.cb, plan, 0, 137),
        runMonteCarloChunk(OPTIONS.cb, plan, 137, 1),
        runMonteCarloChunk(OPTIONS.cb, plan, 138, 500),
        runMonteCarloChunk(OPTIONS.cb, plan, 638, 362),
      ];
      const joined = new Float64Array(1_000);
      let o = 0;
      for (const p of parts) {
        joined.set(p, o);
        o += p.length;
      }
      expect(Array.from(joined)).toEqual(Array.from(one));
      // Reversed order of computation changes nothing either.
      expect(Array.from(runMonteCarloChunk(OPTIONS.cb, plan, 638, 362))).toEqual(Array.from(one.subarray(638)));
    }
  });

  it('is reproducible by seed and changes with it', () => {
    const a = makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 50, seed: 1, distribution: 'normal', horizonDays: 1 });
    const b = makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 50, seed: 2, distribution: 'normal', horizonDays: 1 });
    expect(Array.from(monteCarloPnl(OPTIONS.cb, a))).toEqual(Array.from(monteCarloPnl(OPTIONS.cb, a)));
    expect(Array.from(monteCarloPnl(OPTIONS.cb, a))).not.toEqual(Array.from(monteCarloPnl(OPTIONS.cb, b)));
  });

  it('a negative seed gives other paths than its absolute value', () => {
    const plan = (seed: number) => makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 50, seed, distribution: 'normal', horizonDays: 1 });
    const pnl = (seed: number) => Array.from(monteCarloPnl(OPTIONS.cb, plan(seed)));
    expect(pnl(-7)).not.toEqual(pnl(7));
    expect(pnl(-7)).toEqual(pnl(-7));
    expect(pnl(-7)).not.toEqual(pnl(-8));
  });

  it('each path is a full revaluation (valueCompiled of the drawn growth)', () => {
    const plan = makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 20, seed: 3, distribution: 'normal', horizonDays: 1 });
    const pnl = monteCarloPnl(OPTIONS.cb, plan);
    const g = new Float64Array(2);
    for (let p = 0; p < 20; p++) {
      drawPathGrowth(plan, p, g, new Float64Array(2));
      const ref = valueCompiled(OPTIONS.cb, { growth: g, volShift: 0, days: 0, volTermPower: null }) - OPTIONS.cb.baseValueUsd;
      expect(Math.abs(pnl[p]! - ref)).toBeLessThan(1e-8);
    }
  });

  it('refuses a plan made for other underlyings', () => {
    const plan = makeMonteCarloPlan(['ETH', 'BTC'], COV, { paths: 5, seed: 3, distribution: 'normal', horizonDays: 1 });
    expect(() => runMonteCarloChunk(OPTIONS.cb, plan, 0, 5)).toThrow(/underlyings/);
  });
});

describe('Monte Carlo: convergence', () => {
  it('a linear book converges to delta-normal (200k paths, within 3 %)', () => {
    const plan = makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 200_000, seed: 2024, distribution: 'normal', horizonDays: 1 });
    const tm = tailMeasure(monteCarloPnl(LINEAR.cb, plan), 0.99);
    const dn = deltaNormal(DELTA, COV, 2, 0.99);
    expect(Math.abs(tm.varUsd / dn.varUsd - 1)).toBeLessThan(0.03);
    expect(Math.abs(tm.esUsd / dn.esUsd - 1)).toBeLessThan(0.03);
  });

  it('Student-t (ν = 5) converges to the scaled t quantile and ES (scipy: 2.60646·σ, 3.44884·σ)', () => {
    const plan = makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 200_000, seed: 7, distribution: 'student-t', dof: 5, horizonDays: 1 });
    const tm = tailMeasure(monteCarloPnl(LINEAR.cb, plan), 0.99);
    const sigma = deltaNormal(DELTA, COV, 2, 0.99).sigmaUsd;
    expect(Math.abs(tm.varUsd / (2.606463569384279 * sigma) - 1)).toBeLessThan(0.03);
    expect(Math.abs(tm.esUsd / (3.4488367600480183 * sigma) - 1)).toBeLessThan(0.04);
  });

  it("horizon h simulates h·Σ: a linear book's 4-day VaR is about twice the 1-day", () => {
    const p1 = makeMonteCarloPlan(['BTC', 'ETH'], COV, { paths: 100_000, seed: 5, distribution: 'normal', horizonDays: 1 });
    const p4 = makeMonteCarloPlan(
      ['BTC', 'ETH'],
      COV.map((x) => 4 * x),
      { paths: 100_000, seed: 5, distribution: 'normal', horizonDays: 4 },
    );
    const v1 = tailMeasure(monteCarloPnl(LINEAR.cb, p1), 0.99).varUsd;
    const v4 = tailMeasure(monteCarloPnl(LINEAR.cb, p4), 0.99).varUsd;
    expect(v4 / v1).toBeCloseTo(2, 6); // same draws scaled by 2 (a linear book)
  });

  it('repairs a non-PSD covariance and flags it', () => {
    const bad = Float64Array.of(0.0016, 0.003, 0.003, 0.0025); // |ρ| > 1
    const plan = makeMonteCarloPlan(['BTC', 'ETH'], bad, { paths: 10, seed: 1, distribution: 'normal', horizonDays: 1 });
    expect(plan.repaired).toBe(true);
    expect(plan.covariance[0]).toBeCloseTo(0.0016, 15);
    expect(plan.covariance[3]).toBeCloseTo(0.0025, 15);
    expect(plan.covariance[1]! ** 2).toBeLessThanOrEqual(0.0016 * 0.0025 * (1 + 1e-9));
    expect(monteCarloPnl(LINEAR.cb, plan).every(Number.isFinite)).toBe(true);
  });
});

describe('pooled Monte Carlo API', () => {
  // A synthetic history: 400 days of deterministic pseudo-returns.
  const start = isoDayNumber('2024-01-01')!;
  const n = 401;
  const closes = (s0: number, f: (t: number) => number) => {
    const v = [s0];
    for (let t = 1; t < n; t++) v.push(v[t - 1]! * (1 + f(t)));
    return { dates: v.map((_, t) => isoFromDayNumber(start + t)), values: v };
  };
  const history: VarHistory = {
    prices: { BTC: closes(40_000, (t) => 0.03 * Math.sin(t * 1.7)), ETH: closes(2_000, (t) => 0.04 * Math.sin(t * 1.7 + 0.5)) },
  };

  it('prepare → chunks → finish equals runVar', () => {
    const params = { paths: 3_000, seed: 12, positions: OPTIONS.positions };
    const prep = prepareMonteCarlo(OPTIONS.cb, history, params);
    if (!prep.ok) throw new Error(prep.error);
    const plan = structuredClone(prep.setup.plan); // what a worker receives
    const pnl = new Float64Array(3_000);
    for (let s = 0; s < 3_000; s += 700) pnl.set(runMonteCarloChunk(OPTIONS.cb, plan, s, Math.min(700, 3_000 - s)), s);
    const pooled = finishMonteCarlo(OPTIONS.cb, prep.setup, pnl, params);
    const direct = runVar(OPTIONS.cb, history, { method: 'montecarlo', ...params });
    expect(pooled.ok && direct.ok).toBe(true);
    if (!pooled.ok || !direct.ok) return;
    expect(pooled.report.varUsd).toBe(direct.report.varUsd);
    expect(pooled.report.esUsd).toBe(direct.report.esUsd);
    expect(pooled.report.components).toEqual(direct.report.components);
    expect(pooled.report.observations).toBe(3_000);
    expect(pooled.report.window).toBe(365);
  });

  it('finish refuses a P&L vector of the wrong length', () => {
    const prep = prepareMonteCarlo(OPTIONS.cb, history, { paths: 10 });
    if (!prep.ok) throw new Error(prep.error);
    expect(finishMonteCarlo(OPTIONS.cb, prep.setup, new Float64Array(9)).ok).toBe(false);
  });
});
