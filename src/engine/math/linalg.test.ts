import { describe, expect, it } from 'vitest';
import { choleskyPsd, matMul, quadForm, repairToPsd, symmetricEigen } from './linalg.ts';

const n3 = 3;
/** L·Lᵀ. */
function llt(l: Float64Array, n: number): Float64Array {
  const lt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) lt[i * n + j] = l[j * n + i]!;
  return matMul(l, lt, n);
}

describe('Cholesky with PSD repair', () => {
  it('factors a positive-definite covariance exactly (L·Lᵀ = A, L lower triangular)', () => {
    const a = Float64Array.of(0.0016, 0.0012, 0.0008, 0.0012, 0.0025, 0.001, 0.0008, 0.001, 0.0036);
    const c = choleskyPsd(a, n3);
    expect(c.repaired).toBe(false);
    expect(c.rank).toBe(3);
    expect(c.factor[0 * 3 + 1]).toBe(0);
    expect(c.factor[0 * 3 + 2]).toBe(0);
    expect(c.factor[1 * 3 + 2]).toBe(0);
    llt(c.factor, n3).forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 17));
    expect(c.factor[0]).toBeCloseTo(0.04, 16);
  });

  it('factors a singular PSD matrix (perfect correlation, a zero-variance asset) and reproduces it', () => {
    // Assets 0 and 1 perfectly correlated (1 = 2 × 0), asset 2 constant.
    const a = Float64Array.of(0.0004, 0.0008, 0, 0.0008, 0.0016, 0, 0, 0, 0);
    const c = choleskyPsd(a, n3);
    expect(c.repaired).toBe(false);
    expect(c.rank).toBe(1);
    llt(c.factor, n3).forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 17));
  });

  it('repairs a non-PSD matrix: PSD result, same variances, the input flagged', () => {
    // A "correlation" matrix with inconsistent pairs: ρ12 = 0.9, ρ13 = 0.9, ρ23 = −0.9 (eigenvalue −0.8).
    const a = Float64Array.of(1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1);
    const c = choleskyPsd(a, n3);
    expect(c.repaired).toBe(true);
    expect(c.minEigenvalue).toBeCloseTo(-0.8, 12);
    const fixed = llt(c.factor, n3);
    for (let i = 0; i < 3; i++) expect(fixed[i * 3 + i]).toBeCloseTo(1, 12); // variances kept
    const eig = symmetricEigen(fixed, n3);
    expect(Math.min(...eig.values)).toBeGreaterThan(-1e-12);
    fixed.forEach((x, i) => expect(x).toBeCloseTo(c.matrix[i]!, 12));
    // The quadratic form is non-negative in every direction.
    for (const x of [
      [1, -1, -1],
      [0, 1, -1],
      [1, 1, 1],
    ])
      expect(quadForm(fixed, 3, x)).toBeGreaterThanOrEqual(-1e-12);
  });

  it('detects an indefinite matrix whose first pivot is zero', () => {
    const c = choleskyPsd(Float64Array.of(0, 1, 1, 0), 2);
    expect(c.repaired).toBe(true);
    expect(c.minEigenvalue).toBeCloseTo(-1, 12);
  });

  it('repairing a PSD matrix returns it unchanged', () => {
    const a = Float64Array.of(2, 1, 1, 3);
    repairToPsd(a, 2).forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 13));
  });
});

describe('Jacobi eigen-decomposition', () => {
  it('A = VΛVᵀ and VᵀV = I', () => {
    const a = Float64Array.of(4, 1, -2, 1, 2, 0, -2, 0, 3);
    const { values, vectors } = symmetricEigen(a, 3);
    const lam = new Float64Array(9);
    values.forEach((v, i) => (lam[i * 3 + i] = v));
    const vt = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) vt[i * 3 + j] = vectors[j * 3 + i]!;
    matMul(matMul(vectors, lam, 3), vt, 3).forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 13));
    matMul(vt, vectors, 3).forEach((x, i) => expect(x).toBeCloseTo(i % 4 === 0 ? 1 : 0, 13));
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(9, 13); // trace
  });
});
