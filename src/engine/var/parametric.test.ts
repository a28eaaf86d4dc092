import { describe, expect, it } from 'vitest';
import { choleskyPsd } from '../math/linalg.ts';
import { pathStream } from '../math/rng.ts';
import { cornishFisherEnvelopeEs, deltaGammaCornishFisher, deltaGammaVar, deltaNormal } from './parametric.ts';

const Z99 = 2.3263478740408408; // Φ⁻¹(0.99), mpmath
const PHI_Z99 = Math.exp(-0.5 * Z99 * Z99) / Math.sqrt(2 * Math.PI);

const cov2 = Float64Array.of(0.0016, 0.0015, 0.0015, 0.0025); // σ 4 % and 5 %, ρ 0.75
const delta2 = [1_000_000, -500_000];

describe('delta-normal', () => {
  it('recomputed by hand: VaR = z√(δᵀΣδ), ES = φ(z)/(1 − c)·√(δᵀΣδ)', () => {
    const variance = 1e12 * 0.0016 + 2 * 1e6 * -5e5 * 0.0015 + 2.5e11 * 0.0025; // 1.6e9 − 1.5e9 + 6.25e8
    const sigma = Math.sqrt(variance);
    const r = deltaNormal(delta2, cov2, 2, 0.99);
    expect(r.sigmaUsd).toBeCloseTo(sigma, 6);
    expect(r.varUsd).toBeCloseTo(Z99 * sigma, 6);
    expect(r.esUsd).toBeCloseTo((PHI_Z99 / 0.01) * sigma, 6);
    expect(r.esUsd).toBeGreaterThan(r.varUsd);
  });

  it('Euler components sum to VaR and ES', () => {
    const r = deltaNormal(delta2, cov2, 2, 0.99);
    expect(r.componentVarUsd[0]! + r.componentVarUsd[1]!).toBeCloseTo(r.varUsd, 7);
    expect(r.componentEsUsd[0]! + r.componentEsUsd[1]!).toBeCloseTo(r.esUsd, 7);
    // The short leg hedges: its component is negative.
    expect(r.componentVarUsd[1]).toBeLessThan(0);
  });

  it('a book with no delta has zero VaR and components', () => {
    const r = deltaNormal([0, 0], cov2, 2, 0.99);
    expect(r.varUsd).toBe(0);
    expect(Array.from(r.componentVarUsd)).toEqual([0, 0]);
  });
});

describe('delta-gamma Cornish-Fisher', () => {
  it('with Γ = 0 equals delta-normal', () => {
    const dn = deltaNormal(delta2, cov2, 2, 0.99);
    const dg = deltaGammaCornishFisher(delta2, [0, 0], cov2, 2, 0.99);
    expect(dg.varUsd).toBeCloseTo(dn.varUsd, 6);
    expect(dg.esUsd).toBeCloseTo(dn.esUsd, 6);
    expect(dg.skew).toBe(0);
    expect(dg.excessKurtosis).toBe(0);
    expect(dg.componentVarUsd[0]).toBeCloseTo(dn.componentVarUsd[0]!, 6);
  });

  it('pure gamma on one asset: the moments of ½γs²χ²(1)', () => {
    const g = 2e6;
    const s2 = 0.0016;
    const r = deltaGammaCornishFisher([0], [g], Float64Array.of(s2), 1, 0.99);
    expect(r.meanUsd).toBeCloseTo(0.5 * g * s2, 9);
    expect(r.sdUsd).toBeCloseTo(Math.sqrt(0.5) * g * s2, 9);
    expect(r.skew).toBeCloseTo(Math.sqrt(8), 12);
    expect(r.excessKurtosis).toBeCloseTo(12, 12);
  });

  it('gradients equal finite differences, and the Euler components sum to VaR and ES', () => {
    const delta = [300_000, 120_000];
    const gamma = [-4e6, 1.5e6];
    const c = 0.99;
    const base = deltaGammaCornishFisher(delta, gamma, cov2, 2, c);
    for (let i = 0; i < 2; i++) {
      const hd = 1e-4 * Math.abs(delta[i]!);
      const hg = 1e-4 * Math.abs(gamma[i]!);
      const bump = (d: number[], g: number[]) => deltaGammaCornishFisher(d, g, cov2, 2, c);
      const dUp = bump(
        delta.map((x, j) => (j === i ? x + hd : x)),
        gamma,
      );
      const dDn = bump(
        delta.map((x, j) => (j === i ? x - hd : x)),
        gamma,
      );
      const gUp = bump(
        delta,
        gamma.map((x, j) => (j === i ? x + hg : x)),
      );
      const gDn = bump(
        delta,
        gamma.map((x, j) => (j === i ? x - hg : x)),
      );
      expect(base.varGradDelta[i]).toBeCloseTo((dUp.varUsd - dDn.varUsd) / (2 * hd), 6);
      expect(base.esGradDelta[i]).toBeCloseTo((dUp.esUsd - dDn.esUsd) / (2 * hd), 6);
      expect(base.varGradGamma[i]! * 1e4).toBeCloseTo(((gUp.varUsd - gDn.varUsd) / (2 * hg)) * 1e4, 4);
      expect(base.esGradGamma[i]! * 1e4).toBeCloseTo(((gUp.esUsd - gDn.esUsd) / (2 * hg)) * 1e4, 4);
    }
    const sumVar = base.componentVarUsd.reduce((s, x) => s + x, 0);
    const sumEs = base.componentEsUsd.reduce((s, x) => s + x, 0);
    expect(sumVar / base.varUsd).toBeCloseTo(1, 12);
    expect(sumEs / base.esUsd).toBeCloseTo(1, 12);
    expect(base.esUsd).toBeGreaterThan(base.varUsd);
  });

  it('scaling the book by k scales VaR and ES by k (homogeneity)', () => {
    const delta = [300_000, 120_000];
    const gamma = [-4e6, 1.5e6];
    const a = deltaGammaCornishFisher(delta, gamma, cov2, 2, 0.99);
    const b = deltaGammaCornishFisher(
      delta.map((x) => 3 * x),
      gamma.map((x) => 3 * x),
      cov2,
      2,
      0.99,
    );
    expect(b.varUsd / a.varUsd).toBeCloseTo(3, 12);
    expect(b.esUsd / a.esUsd).toBeCloseTo(3, 12);
  });

  it('is close to a simulation of the quadratic P&L (short gamma, negative skew)', () => {
    const delta = [300_000, 120_000];
    const gamma = [-4e6, -1.5e6];
    const cf = deltaGammaCornishFisher(delta, gamma, cov2, 2, 0.99);
    expect(cf.skew).toBeLessThan(-0.2);
    expect(cf.monotone).toBe(true);
    const L = choleskyPsd(cov2, 2).factor;
    const n = 200_000;
    const pnl = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const rng = pathStream(11, p);
      const z0 = rng.nextNormal();
      const z1 = rng.nextNormal();
      const r0 = L[0]! * z0;
      const r1 = L[2]! * z0 + L[3]! * z1;
      pnl[p] = delta[0]! * r0 + delta[1]! * r1 + 0.5 * (gamma[0]! * r0 * r0 + gamma[1]! * r1 * r1);
    }
    pnl.sort();
    const k = n / 100;
    const mcVar = -pnl[k - 1]!;
    let s = 0;
    for (let i = 0; i < k; i++) s -= pnl[i]!;
    const mcEs = s / k;
    expect(Math.abs(cf.varUsd / mcVar - 1)).toBeLessThan(0.03);
    expect(Math.abs(cf.esUsd / mcEs - 1)).toBeLessThan(0.06);
    // Short gamma makes the loss tail heavier than delta-normal.
    expect(cf.varUsd).toBeGreaterThan(deltaNormal(delta, cov2, 2, 0.99).varUsd);
  });
});

describe('Cornish-Fisher outside its domain of validity', () => {
  it('long gamma (positive skew): flagged non-monotone, ES still ≥ VaR and near a simulation', () => {
    const delta = [300_000, 120_000];
    const gamma = [4e6, 1.5e6];
    const cf = deltaGammaCornishFisher(delta, gamma, cov2, 2, 0.99);
    expect(cf.monotone).toBe(false);
    expect(cf.esUsd).toBeGreaterThanOrEqual(cf.varUsd);
    // Simulated (400k paths): VaR 15,846, ES 15,949.
    expect(Math.abs(cf.varUsd / 15_846 - 1)).toBeLessThan(0.03);
    expect(Math.abs(cf.esUsd / 15_949 - 1)).toBeLessThan(0.06);
    const sumEs = cf.componentEsUsd.reduce((s, x) => s + x, 0);
    expect(sumEs / cf.esUsd).toBeCloseTo(1, 12);
  });

  it('the envelope integral equals the closed-form ES where the map is monotone', () => {
    const delta = [300_000, 120_000];
    const gamma = [-4e6, -1.5e6];
    const cf = deltaGammaCornishFisher(delta, gamma, cov2, 2, 0.99);
    const za = -Z99;
    expect(cornishFisherEnvelopeEs(cf.meanUsd, cf.sdUsd, cf.skew, cf.excessKurtosis, za, 0.01) / cf.esUsd).toBeCloseTo(1, 5); // trapezoid, 4,000 steps
  });
});

describe('delta-gamma method choice and the exact quantile', () => {
  it('long gamma: Cornish-Fisher is not monotone, so the exact quantile is used; it matches a simulation', () => {
    const delta = [300_000, 120_000];
    const gamma = [4e6, 1.5e6];
    const r = deltaGammaVar(delta, gamma, cov2, 2, [0.99, 0.975]);
    expect(r.method).toBe('fourier-inversion');
    expect(r.reason).toMatch(/not monotone/);
    const [v99, v975] = r.results as [ReturnType<typeof deltaGammaCornishFisher>, ReturnType<typeof deltaGammaCornishFisher>];
    expect(v99.quantileMethod).toBe('fourier-inversion');
    // Simulated (400k paths, the test above): VaR 15,846, ES 15,949.
    expect(Math.abs(v99.varUsd / 15_846 - 1)).toBeLessThan(0.01);
    expect(Math.abs(v99.esUsd / 15_949 - 1)).toBeLessThan(0.01);
    expect(v99.esUsd).toBeGreaterThanOrEqual(v99.varUsd);
    expect(v975.varUsd).toBeLessThan(v99.varUsd);
    // Euler components add up.
    expect(v99.componentVarUsd.reduce((a, x) => a + x, 0) / v99.varUsd).toBeCloseTo(1, 12);
    expect(v99.componentEsUsd.reduce((a, x) => a + x, 0) / v99.esUsd).toBeCloseTo(1, 12);
  });

  it('short gamma, monotone and inside the support: Cornish-Fisher stays, figures unchanged', () => {
    const delta = [300_000, 120_000];
    const gamma = [-4e6, -1.5e6];
    const r = deltaGammaVar(delta, gamma, cov2, 2, [0.99, 0.975]);
    expect(r.method).toBe('cornish-fisher');
    expect(r.reason).toBeNull();
    expect(r.results[0]!.varUsd).toBe(deltaGammaCornishFisher(delta, gamma, cov2, 2, 0.99).varUsd);
  });

  it('the exact method’s VaR and ES gradients equal finite differences', () => {
    const delta = [300_000, 120_000];
    const gamma = [4e6, 1.5e6];
    const f = (d: number[], g: number[]) => deltaGammaVar(d, g, cov2, 2, [0.99], 'fourier-inversion').results[0]!;
    const base = f(delta, gamma);
    for (let i = 0; i < 2; i++) {
      const hd = 1e-4 * Math.abs(delta[i]!);
      const hg = 1e-4 * Math.abs(gamma[i]!);
      const dUp = f(
        delta.map((x, j) => (j === i ? x + hd : x)),
        gamma,
      );
      const dDn = f(
        delta.map((x, j) => (j === i ? x - hd : x)),
        gamma,
      );
      const gUp = f(
        delta,
        gamma.map((x, j) => (j === i ? x + hg : x)),
      );
      const gDn = f(
        delta,
        gamma.map((x, j) => (j === i ? x - hg : x)),
      );
      expect((dUp.varUsd - dDn.varUsd) / (2 * hd) / base.varGradDelta[i]!).toBeCloseTo(1, 5);
      expect((dUp.esUsd - dDn.esUsd) / (2 * hd) / base.esGradDelta[i]!).toBeCloseTo(1, 5);
      expect((gUp.varUsd - gDn.varUsd) / (2 * hg) / base.varGradGamma[i]!).toBeCloseTo(1, 5);
      expect((gUp.esUsd - gDn.esUsd) / (2 * hg) / base.esGradGamma[i]!).toBeCloseTo(1, 5);
    }
  });

  it('pure delta through the exact method equals delta-normal', () => {
    const dn = deltaNormal(delta2, cov2, 2, 0.99);
    const ex = deltaGammaVar(delta2, [0, 0], cov2, 2, [0.99], 'fourier-inversion').results[0]!;
    expect(ex.varUsd / dn.varUsd).toBeCloseTo(1, 10);
    expect(ex.esUsd / dn.esUsd).toBeCloseTo(1, 9);
    expect(ex.componentVarUsd[0]! / dn.componentVarUsd[0]!).toBeCloseTo(1, 7);
  });
});
