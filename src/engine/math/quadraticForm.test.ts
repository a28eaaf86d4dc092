/** The exact distribution of δᵀr + ½ rᵀΓr against closed forms, conditional moments and a fixed-seed simulation. */
import { describe, expect, it } from 'vitest';
import { choleskyPsd } from './linalg.ts';
import { normCdf, normInv, normPdf } from './normal.ts';
import { pathStream } from './rng.ts';
import { chiSquareCdf } from './stats.ts';
import { QuadraticFormDistribution } from './quadraticForm.ts';

/** One underlying: Q = λw² + bw with λ = ½γs², b = δs (s the return's sd); P(Q ≤ x) from the roots of the quadratic. */
function oneAsset(delta: number, gamma: number, variance: number) {
  const s = Math.sqrt(variance);
  const lam = 0.5 * gamma * variance;
  const b = delta * s;
  const roots = (x: number): [number, number] | null => {
    const disc = b * b + 4 * lam * x;
    if (disc < 0) return null;
    const r1 = (-b - Math.sqrt(disc)) / (2 * lam);
    const r2 = (-b + Math.sqrt(disc)) / (2 * lam);
    return [Math.min(r1, r2), Math.max(r1, r2)];
  };
  const cdf = (x: number): number => {
    if (lam === 0) return normCdf(x / b);
    const r = roots(x);
    if (!r) return lam > 0 ? 0 : 1;
    const inside = normCdf(r[1]) - normCdf(r[0]);
    return lam > 0 ? inside : 1 - inside;
  };
  const quantile = (p: number): number => {
    let lo = -1e3 * (Math.abs(lam) + Math.abs(b)) - 1;
    let hi = -lo;
    for (let i = 0; i < 300; i++) {
      const mid = 0.5 * (lo + hi);
      if (cdf(mid) < p) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  /** Density of Q at x and E[r | Q = x], E[r² | Q = x]: the two roots w weighted by φ(w)/|Q′(w)|. */
  const conditionalReturn = (x: number): { density: number; mean: number; square: number } => {
    const r = roots(x)!;
    const wts = r.map((w) => normPdf(w) / Math.abs(2 * lam * w + b));
    const tot = wts[0]! + wts[1]!;
    return {
      density: tot,
      mean: (s * (r[0]! * wts[0]! + r[1]! * wts[1]!)) / tot,
      square: (variance * (r[0]! ** 2 * wts[0]! + r[1]! ** 2 * wts[1]!)) / tot,
    };
  };
  return { cdf, quantile, conditionalReturn };
}

const PROBS = [0.001, 0.01, 0.025, 0.3, 0.5, 0.9, 0.99];

describe('one underlying against the closed form', () => {
  // Long and short gamma, delta-dominated and gamma-dominated, in USD-sized units.
  const cases: [number, number, number][] = [
    [1_074_784, 9.99458e7, 0.0009], // a long 78k straddle on 100 BTC, σ 3 %/day
    [1_074_784, -9.99458e7, 0.0009],
    [-400_000, 3e8, 0.0016],
    [5_000_000, 1e6, 0.0016], // nearly linear
    [1, 30, 1],
    [1, -30, 1],
  ];
  for (const [delta, gamma, variance] of cases) {
    it(`δ ${delta}, γ ${gamma}, σ² ${variance}: CDF and quantiles to 1e-10`, () => {
      const d = new QuadraticFormDistribution([delta], [gamma], Float64Array.of(variance), 1);
      const ex = oneAsset(delta, gamma, variance);
      for (const p of PROBS) {
        const q = d.quantile(p);
        expect(Math.abs(ex.cdf(q) - p)).toBeLessThan(1e-10);
        expect(Math.abs(d.cdf(q) - p)).toBeLessThan(1e-11);
        expect(Math.abs(q - ex.quantile(p))).toBeLessThan(1e-8 * d.sdUsd);
      }
    });
  }

  it('the conditional return moments on {Q = x} equal the two-root closed form', () => {
    const [delta, gamma, variance] = [1_074_784, 9.99458e7, 0.0009];
    const d = new QuadraticFormDistribution([delta], [gamma], Float64Array.of(variance), 1);
    const ex = oneAsset(delta, gamma, variance);
    for (const p of [0.01, 0.2, 0.7]) {
      const q = d.quantile(p);
      const pt = d.point(q);
      const c = ex.conditionalReturn(q);
      expect(pt.returnMean[0]! / c.mean).toBeCloseTo(1, 8);
      expect(pt.returnSquareMean[0]! / c.square).toBeCloseTo(1, 8);
      expect(pt.density / c.density).toBeCloseTo(1, 8);
    }
  });
});

describe('closed forms', () => {
  it('pure delta: normal quantile, partial mean −σφ(z)', () => {
    const cov = Float64Array.of(0.0016, 0.0015, 0.0015, 0.0025);
    const delta = [1_000_000, -500_000];
    const sigma = Math.sqrt(1e12 * 0.0016 - 2 * 5e11 * 0.0015 + 2.5e11 * 0.0025);
    const d = new QuadraticFormDistribution(delta, [0, 0], cov, 2);
    expect(d.sdUsd / sigma).toBeCloseTo(1, 12);
    for (const p of [0.001, 0.01, 0.025]) {
      const z = normInv(p);
      expect(d.quantile(p) / (z * sigma)).toBeCloseTo(1, 10);
      expect(d.partialMean(z * sigma).partialMeanUsd / (-sigma * normPdf(z))).toBeCloseTo(1, 9);
    }
  });

  it('pure long gamma, one asset: ½γs²·χ²(1) quantiles and E[Q 1{Q ≤ q}] = ½γs²·P(χ²(3) ≤ q/(½γs²))', () => {
    const g = 2e6;
    const s2 = 0.0016;
    const scale = 0.5 * g * s2;
    const d = new QuadraticFormDistribution([0], [g], Float64Array.of(s2), 1);
    for (const p of [0.001, 0.01, 0.025, 0.5]) {
      const chi = normInv((1 + p) / 2) ** 2;
      expect(d.quantile(p) / (scale * chi)).toBeCloseTo(1, 9);
      // Absolute accuracy (the partial mean is tiny near the support's end at 0).
      expect(Math.abs(d.partialMean(scale * chi).partialMeanUsd - scale * chiSquareCdf(chi, 3))).toBeLessThan(1e-11 * d.sdUsd);
    }
    // Below the support's lower end (0) nothing lies.
    expect(d.cdf(-1)).toBe(0);
  });

  it('pure short gamma, one asset: the loss quantile is ½γs²·χ²(1) at 1 − p', () => {
    const g = -2e6;
    const s2 = 0.0016;
    const d = new QuadraticFormDistribution([0], [g], Float64Array.of(s2), 1);
    for (const p of [0.001, 0.01, 0.025]) {
      const chi = normInv(1 - p / 2) ** 2;
      expect(d.quantile(p) / (0.5 * g * s2 * chi)).toBeCloseTo(1, 9);
    }
  });

  it('pure gamma on two independent equal-variance assets: ½γs²·χ²(2), an exponential', () => {
    const g = 1e6;
    const s2 = 0.0025;
    const d = new QuadraticFormDistribution([0, 0], [g, g], Float64Array.of(s2, 0, 0, s2), 2);
    for (const p of [0.001, 0.01, 0.025, 0.5]) expect(d.quantile(p) / (-g * s2 * Math.log(1 - p))).toBeCloseTo(1, 9);
  });
});

describe('several underlyings', () => {
  const cov3 = Float64Array.of(0.0016, 0.0015, 0.0008, 0.0015, 0.0025, 0.001, 0.0008, 0.001, 0.0036);
  /** Fixed-seed draws of the quadratic P&L, sorted, and its return draws for the tail moments. */
  function simulate(delta: number[], gamma: number[], draws: number) {
    const n = 3;
    const L = choleskyPsd(cov3, n).factor;
    const pnl = new Float64Array(draws);
    const r0 = new Float64Array(draws);
    const z = new Float64Array(n);
    const r = new Float64Array(n);
    for (let p = 0; p < draws; p++) {
      const rng = pathStream(20_250_101, p);
      for (let j = 0; j < n; j++) z[j] = rng.nextNormal();
      let q = 0;
      for (let i = 0; i < n; i++) {
        let x = 0;
        for (let j = 0; j <= i; j++) x += L[i * n + j]! * z[j]!;
        r[i] = x;
        q += delta[i]! * x + 0.5 * gamma[i]! * x * x;
      }
      pnl[p] = q;
      r0[p] = r[0]!;
    }
    return { pnl, r0 };
  }
  const books: [string, number[], number[]][] = [
    ['long gamma', [300_000, 120_000, 50_000], [4e6, 1.5e6, 2e6]],
    ['short gamma', [300_000, 120_000, 50_000], [-4e6, -1.5e6, -2e6]],
    ['mixed gamma (the ray goes up or down with x)', [300_000, -120_000, 50_000], [4e6, -3e6, 1e6]],
    ['gamma only, mixed', [0, 0, 0], [4e6, -3e6, 1e6]],
    ['a linear underlying beside two gamma ones', [100_000, 0, 0], [0, 5e6, -5e6]],
  ];
  for (const [name, delta, gamma] of books) {
    it(`${name}: the CDF at the quantiles, and the tail mean, against 400,000 simulated draws`, () => {
      const d = new QuadraticFormDistribution(delta, gamma, cov3, 3);
      const { pnl, r0 } = simulate(delta, gamma, 400_000);
      const N = pnl.length;
      for (const p of [0.001, 0.01, 0.025, 0.5, 0.99]) {
        const q = d.quantile(p);
        let below = 0;
        for (let k = 0; k < N; k++) if (pnl[k]! <= q) below++;
        // Five binomial standard deviations.
        expect(Math.abs(below / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
      }
      const q = d.quantile(0.01);
      const t = d.tail(q);
      let sum = 0;
      let sumR = 0;
      let sumSq = 0;
      for (let k = 0; k < N; k++) {
        if (pnl[k]! <= q) {
          sum += pnl[k]!;
          sumSq += pnl[k]! ** 2;
          sumR += r0[k]!;
        }
      }
      const sdMean = Math.sqrt(sumSq / N) / Math.sqrt(N);
      expect(Math.abs(t.partialMeanUsd - sum / N)).toBeLessThan(5 * sdMean + 1e-3 * Math.abs(sum / N));
      expect(Math.abs(t.returnMoment1[0]! - sumR / N)).toBeLessThan(0.05 * Math.abs(sumR / N) + 2e-5);
      expect(d.worstRayError).toBeLessThan(1e-10);
    });
  }

  it('E[r_i | Q = q] is the derivative of the quantile in δ_i, E[r_i² | Q = q]/2 the one in γ_i', () => {
    const delta = [300_000, -120_000, 50_000];
    const gamma = [4e6, -3e6, 1e6];
    const p = 0.01;
    const base = new QuadraticFormDistribution(delta, gamma, cov3, 3);
    const q = base.quantile(p);
    const pt = base.point(q);
    for (let i = 0; i < 3; i++) {
      const hd = 1e-4 * Math.abs(delta[i]!);
      const qd = (s: number) =>
        new QuadraticFormDistribution(
          delta.map((x, j) => (j === i ? x + s * hd : x)),
          gamma,
          cov3,
          3,
        ).quantile(p);
      expect((qd(1) - qd(-1)) / (2 * hd) / pt.returnMean[i]!).toBeCloseTo(1, 5);
      const hg = 1e-4 * Math.abs(gamma[i]!);
      const qg = (s: number) =>
        new QuadraticFormDistribution(
          delta,
          gamma.map((x, j) => (j === i ? x + s * hg : x)),
          cov3,
          3,
        ).quantile(p);
      expect((qg(1) - qg(-1)) / (2 * hg) / (0.5 * pt.returnSquareMean[i]!)).toBeCloseTo(1, 5);
    }
    // Σ δ_i E[r_i|Q=q] + γ_i E[r_i²|Q=q]/2 = E[Q | Q = q] = q.
    let sum = 0;
    for (let i = 0; i < 3; i++) sum += delta[i]! * pt.returnMean[i]! + 0.5 * gamma[i]! * pt.returnSquareMean[i]!;
    expect(sum / q).toBeCloseTo(1, 8);
  });

  it('a negligible χ² term is merged into the normal part with its mean and variance; the CDF stays exact', () => {
    // Underlying 2 is independent and tiny (sd of its P&L 1e-4 of the total): its χ² part is far below 1e-8.
    const cov = Float64Array.of(0.0016, 0, 0, 0.0016);
    const delta = [1_000_000, 100];
    const gamma = [4e6, 10];
    const d = new QuadraticFormDistribution(delta, gamma, cov, 2);
    expect(d.form.merged).toBe(1);
    expect(d.meanUsd).toBeCloseTo(0.5 * (4e6 + 10) * 0.0016, 9);
    // Exact: P(Q ≤ x) = ∫ φ(w) F₁(x − λ₂w² − b₂w) dw, F₁ the first term's closed form, by the trapezoidal rule.
    const one = oneAsset(delta[0]!, gamma[0]!, 0.0016);
    const lam2 = 0.5 * gamma[1]! * 0.0016;
    const b2 = delta[1]! * 0.04;
    const exact = (x: number) => {
      let sum = 0;
      const h = 16 / 4000;
      for (let k = 0; k <= 4000; k++) {
        const w = -8 + k * h;
        sum += (k === 0 || k === 4000 ? 0.5 : 1) * normPdf(w) * one.cdf(x - lam2 * w * w - b2 * w);
      }
      return sum * h;
    };
    for (const p of [0.001, 0.01, 0.3]) {
      const q = d.quantile(p);
      expect(Math.abs(exact(q) - p)).toBeLessThan(1e-9);
    }
  });

  it('a book without risk is degenerate: every quantile 0', () => {
    const d = new QuadraticFormDistribution([0, 0, 0], [0, 0, 0], cov3, 3);
    expect(d.degenerate).toBe(true);
    expect(d.quantile(0.01)).toBe(0);
  });
});
