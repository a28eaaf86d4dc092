/**
 * Small dense linear algebra for covariance matrices (n = number of underlyings, a handful): Cholesky with a
 * positive-semidefinite repair, the symmetric eigen-decomposition it needs, quadratic forms.
 *
 * Matrices are row-major Float64Array of n × n.
 *
 * Cholesky (`choleskyPsd`): the lower-triangular L with L·Lᵀ = A.
 * - Semidefinite pivots: a pivot d with |d| ≤ tol, tol = 1e-12 · n · max(diag A), means a column that depends on the
 *   earlier ones (e.g. two perfectly correlated underlyings, a constant price); that column of L is set to zero, so a
 *   singular PSD matrix still factors and L·Lᵀ reproduces it to rounding. The rest of such a column must vanish too
 *   (|residual| ≤ 10·√(tol·max diag)); a non-zero entry proves the matrix indefinite (e.g. [[0, 1], [1, 0]]).
 * - Repair: a pivot below −tol proves A is not PSD (e.g. a covariance assembled from different windows, or typed in).
 *   A is then replaced by its eigenvalue-clipped version V·max(Λ, 0)·Vᵀ, rescaled by D = diag(√(a_ii / ã_ii)) so the
 *   variances (the diagonal) are exactly those of A (a congruence, so the result stays PSD; this is the first step
 *   of Higham's alternating projections, "Higham-lite"), and factored again. The result says whether it repaired
 *   and reports the smallest eigenvalue of A.
 * Eigen-decomposition: cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, §8.5), to machine precision;
 * ample for n ≤ a few dozen.
 *
 * Verified by: linalg.test.ts (L·Lᵀ = A for PSD input including singular ones; a non-PSD input is repaired to a PSD
 * matrix with the same diagonal; eigen-decomposition V Λ Vᵀ = A, VᵀV = I).
 */

/** y = A·x for an n × n row-major A. */
export function matVec(a: Float64Array, n: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** xᵀ·A·x. */
export function quadForm(a: Float64Array, n: number, x: ArrayLike<number>): number {
  const y = matVec(a, n, x);
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
  return s;
}

/** C = A·B for n × n row-major matrices. */
export function matMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j]! += aik * b[k * n + j]!;
    }
  }
  return c;
}

/** Eigen-decomposition of a symmetric matrix: A = V·diag(values)·Vᵀ, eigenvectors in the columns of V. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  /** Row-major n × n; column j is the eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

/** Cyclic Jacobi eigen-decomposition of a symmetric n × n matrix (the input is not modified). */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i]! ** 2;
      for (let j = i + 1; j < n; j++) off += m[i * n + j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const app = m[p * n + p]!;
        const aqq = m[q * n + q]!;
        // Rotation angle that zeroes m[p][q] (Golub & Van Loan Alg. 8.5.1, the stable choice of t).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // Columns p and q: M ← M·J.
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          // Rows p and q: M ← Jᵀ·M.
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => m[i * n + i]!), vectors: v };
}

/**
 * The nearest-PSD repair of the module header: eigenvalues clipped at 0, then the diagonal restored by the
 * congruence D·Ã·D. A zero variance stays zero.
 */
export function repairToPsd(a: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const clipped = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k]! * Math.max(values[k]!, 0) * vectors[j * n + k]!;
      clipped[i * n + j] = s;
      clipped[j * n + i] = s;
    }
  }
  const d = Float64Array.from({ length: n }, (_, i) => {
    const target = a[i * n + i]!;
    const got = clipped[i * n + i]!;
    return got > 0 && target > 0 ? Math.sqrt(target / got) : 0;
  });
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) clipped[i * n + j] = d[i]! * clipped[i * n + j]! * d[j]!;
  return clipped;
}

/** Result of {@link choleskyPsd}. */
export interface CholeskyResult {
  /** Lower-triangular factor, row-major n × n, L·Lᵀ = the (repaired) matrix. */
  readonly factor: Float64Array;
  /** True when the input was not PSD and was repaired first. */
  readonly repaired: boolean;
  /** Number of non-zero pivots (numerical rank). */
  readonly rank: number;
  /** Smallest eigenvalue of the input (computed only when a repair was needed; otherwise NaN). */
  readonly minEigenvalue: number;
  /** The matrix actually factored (the input, or its repair). */
  readonly matrix: Float64Array;
}

/** Semidefinite Cholesky: null when a pivot is below −tol (not PSD). */
function choleskyTry(a: Float64Array, n: number): { factor: Float64Array; rank: number } | null {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]!));
  const tol = 1e-12 * n * maxDiag;
  const offTol = 10 * Math.sqrt(tol * maxDiag);
  const l = new Float64Array(n * n);
  let rank = 0;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (d < -tol || Number.isNaN(d)) return null;
    if (d <= tol) {
      // Dependent column: leave it zero. In a PSD matrix the rest of the column must then vanish too
      // (|a_ij|² ≤ a_ii·a_jj for the Schur complement); a non-zero entry proves the matrix indefinite.
      for (let i = j + 1; i < n; i++) {
        let s = a[i * n + j]!;
        for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
        if (Math.abs(s) > offTol) return null;
      }
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    rank++;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return { factor: l, rank };
}

/**
 * Cholesky factor of a covariance matrix, repaired to PSD when needed (module header).
 * @param a symmetric n × n row-major matrix (the upper triangle is read through symmetry of the algorithm: both
 *   triangles should agree)
 */
export function choleskyPsd(a: Float64Array, n: number): CholeskyResult {
  const first = choleskyTry(a, n);
  if (first) return { factor: first.factor, repaired: false, rank: first.rank, minEigenvalue: NaN, matrix: a };
  const minEigenvalue = Math.min(...symmetricEigen(a, n).values);
  const fixed = repairToPsd(a, n);
  const second = choleskyTry(fixed, n) ?? { factor: new Float64Array(n * n), rank: 0 };
  return { factor: second.factor, repaired: true, rank: second.rank, minEigenvalue, matrix: fixed };
}
