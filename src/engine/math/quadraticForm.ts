/**
 * The exact distribution of a delta-gamma P&L, a quadratic form in correlated normal returns, by numerical
 * inversion of its characteristic function (for delta-gamma VaR and ES where the Cornish-Fisher expansion fails).
 *
 * Model: Q = δᵀr + ½ rᵀΓr with r ~ N(0, Σ), Γ = diag(γ) (USD; δ, γ per underlying as in parametric.ts).
 * Diagonalisation (Imhof 1961; Mathai & Provost, "Quadratic Forms in Random Variables", 1992, ch. 3): with
 * Σ = L·Lᵀ (Cholesky, PSD-repaired when needed), A = ½ Lᵀ Γ L = P Λ Pᵀ and w = Pᵀ z ~ N(0, I),
 *   Q = Σ_j (λ_j w_j² + b_j w_j),  b = Pᵀ Lᵀ δ,  r = M w with M = L P,
 * a sum of independent scaled non-central χ²(1) terms (λ_j ≠ 0) and a normal (the λ_j = 0 terms). Its
 * characteristic function is, for complex t with Re t > 0 (the only singularities are at t = −i/(2λ_j)),
 *   φ(t) = E[e^{itQ}] = Π_j (1 − 2iλ_j t)^{−1/2} exp(−½ b_j² t² / (1 − 2iλ_j t)).
 * Everything is computed in units of s = sd(Q) = √(Σ_j 2λ_j² + b_j²).
 *
 * Inversion (Gil-Pelaez 1951): for a finite measure ν with transform χ(t) = ∫ e^{itq} dν(q),
 *   ν((−∞, x]) = ½ ν(ℝ) − (1/π) ∫_0^∞ Im[e^{−itx} χ(t)] / t dt,   dν/dx = (1/π) Re ∫_0^∞ e^{−itx} χ(t) dt.
 * With ν = P this is the CDF and density of Q. The tilted moments come from the same transform: under the weight
 * e^{itQ} each w_j is Gaussian with mean m_j = i t b_j v_j and variance v_j = 1/(1 − 2iλ_j t), so
 *   E[Q e^{itQ}] = φ Σ_j (λ_j (m_j² + v_j) + b_j m_j),  E[r_i e^{itQ}] = φ Σ_j M_ij m_j,
 *   E[r_i² e^{itQ}] = φ ((Σ_j M_ij m_j)² + Σ_j M_ij² v_j),
 * which give the partial mean E[Q 1{Q ≤ x}] (for ES) and E[r_i | Q = x], E[r_i² | Q = x], E[r_i 1{Q ≤ x}],
 * E[r_i² 1{Q ≤ x}] (for the Euler allocation: ∂q_α/∂θ = E[∂Q/∂θ | Q = q_α], Gourieroux, Laurent & Scaillet 2000).
 *
 * Integration path. The integrand decays like t^{−1−k/2} on the real axis (k = number of λ_j ≠ 0) when there is
 * no normal part: too slowly to truncate. With |φ(t)| ≤ exp(−G(t)), G(t) = ½ Σ_j b_j² t²/(1 + 4λ_j² t²) on the real
 * axis (increasing to S∞ = Σ_j b_j²/(8λ_j²), ∞ with a normal part), two cases:
 * - G reaches 45 at τ before every χ² term is in its asymptotic regime (t ≥ 1/|λ_j|): the real axis [0, τ] alone,
 *   by 24-point Gauss-Legendre panels whose width keeps the phase change per panel ≤ 6 rad;
 * - otherwise the real axis up to T = max(1, max_j 1/|λ_j|), then the ray t = T + r·e^{∓iπ/8}, r ≥ 0 (Cauchy: the
 *   integrand is analytic for Re t > 0 and vanishes on the arc at infinity). On the ray the linear part of the
 *   phase is taken out exactly, log φ(t) = i c t + log φ̂(t), c = −Σ_j b_j²/(4λ_j), each term written as
 *   −½ Log(1 − 2iλ_j t) − S_j + S_j/(1 − 2iλ_j t) (S_j = b_j²/(8λ_j²)), whose real part is ≤ 0 there because
 *   |1 − 2iλ_j t| > 1.6: e^{−itx}φ = e^{−it(x − c)} φ̂ decays like e^{−|x − c| r sin(π/8)} r^{−k/2} without transient
 *   growth, and a normal part loses e^{−1} for every radian its phase turns.
 *   The ray goes down for x ≥ c and up otherwise. The ray integral uses the exp-sinh rule r = exp(½π sinh u)
 *   (trapezoidal in u, step 1/128, |u| ≤ 3.6 so r ∈ [3e-13, 3e12]), refined to 1/256 and 1/512 while two levels
 *   differ by more than 1e-12.
 * A term whose χ² part is negligible (|8λ³ + 6λb²| ≤ 1e-8 s³) is merged into the normal part with its mean and
 * variance (`QuadraticForm.offset`, `extraVariance`): its asymptotic regime would otherwise push T far out.
 * Quantiles by Brent's method on the CDF (|Δx| ≤ 1e-15·s + 4e-16·|x|), bracketed by Cantelli's inequality (and the support's
 * lower end c when Q is bounded below).
 *
 * Verified by: quadraticForm.test.ts (one underlying against the exact closed form P(λw² + bw ≤ x) from its roots,
 * with the density and E[r | Q = x]; pure delta = normal; pure gamma = scaled χ²(1) (long and short) and χ²(2)
 * quantiles and partial means; three underlyings, long, short and mixed gamma, against 400,000 fixed-seed
 * simulated draws; E[r_i | Q = q] and E[r_i² | Q = q]/2 against finite differences of the quantile in δ_i and γ_i).
 */
import { choleskyPsd, symmetricEigen } from './linalg.ts';

/** The form in its diagonal coordinates, in units of s = sd(Q). */
export interface QuadraticForm {
  /** Number of underlyings (= number of terms). */
  readonly n: number;
  /** s = sd(Q), USD. */
  readonly scaleUsd: number;
  /** E[Q] = ½ tr(ΓΣ), USD. */
  readonly meanUsd: number;
  /** λ_j / s. */
  readonly lambda: Float64Array;
  /** b_j / s. */
  readonly b: Float64Array;
  /** M = L·P (n × n, row-major): r_i = Σ_j M_ij w_j. */
  readonly mix: Float64Array;
  /**
   * Terms whose χ² part is negligible (third cumulant |8λ³ + 6λb²| ≤ 1e-8 in units of s³) are merged into the normal
   * part: their λ_j(w_j² − 1) is replaced by its mean λ_j (`offset`, units of s) plus an independent normal of the same
   * variance 2λ_j² (`extraVariance`, units of s²), λ_j set to 0 and b_j kept, so mean, variance and Cov(r, Q) stay
   * exact and the CDF moves by O(1e-9). Such a term's χ² regime would start only at t ≈ 1/|λ_j|, far out.
   */
  readonly offset: number;
  readonly extraVariance: number;
  /** Number of terms merged so. */
  readonly merged: number;
  /** True when Σ was not positive semi-definite and was repaired first (linalg.ts). */
  readonly repaired: boolean;
}

/** Terms with |λ_j|/s below this are normal (their χ² part is far below double precision of the result). */
const LAMBDA_ZERO = 1e-12;
/** Merge a term into the normal part when its third cumulant is at most this (units of s³; CDF error ~ κ3/6·0.6). */
const MERGE_KAPPA3 = 1e-8;

/**
 * Diagonalise Q = δᵀr + ½ rᵀ diag(γ) r, r ~ N(0, Σ) (module header).
 * @param delta δ_i, USD per unit relative move
 * @param gamma γ_i = ∂²V/∂m_i², USD per unit relative move squared
 * @param cov Σ, n × n row-major
 */
export function quadraticForm(delta: ArrayLike<number>, gamma: ArrayLike<number>, cov: Float64Array, n: number): QuadraticForm {
  const chol = choleskyPsd(cov, n);
  const L = chol.factor;
  // A = ½ Lᵀ Γ L.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += L[k * n + i]! * gamma[k]! * L[k * n + j]!;
      a[i * n + j] = 0.5 * s;
      a[j * n + i] = 0.5 * s;
    }
  }
  const { values, vectors: P } = symmetricEigen(a, n);
  // b = Pᵀ (Lᵀ δ), M = L P.
  const ltd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += L[k * n + i]! * delta[k]!;
    ltd[i] = s;
  }
  const bUsd = new Float64Array(n);
  const mix = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += P[k * n + j]! * ltd[k]!;
    bUsd[j] = s;
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let k = 0; k < n; k++) m += L[i * n + k]! * P[k * n + j]!;
      mix[i * n + j] = m;
    }
  }
  let variance = 0;
  let meanUsd = 0;
  for (let j = 0; j < n; j++) {
    variance += 2 * values[j]! * values[j]! + bUsd[j]! * bUsd[j]!;
    meanUsd += values[j]!;
  }
  const scaleUsd = Math.sqrt(variance);
  const lambda = new Float64Array(n);
  const b = new Float64Array(n);
  let offset = 0;
  let extraVariance = 0;
  let merged = 0;
  if (scaleUsd > 0) {
    for (let j = 0; j < n; j++) {
      const l = values[j]! / scaleUsd;
      const bj = bUsd[j]! / scaleUsd;
      b[j] = bj;
      if (Math.abs(l) < LAMBDA_ZERO) continue;
      if (Math.abs(8 * l * l * l + 6 * l * bj * bj) <= MERGE_KAPPA3) {
        offset += l;
        extraVariance += 2 * l * l;
        merged++;
        continue;
      }
      lambda[j] = l;
    }
  }
  return { n, scaleUsd, meanUsd, lambda, b, mix, offset, extraVariance, merged, repaired: chol.repaired };
}

// ---------------------------------------------------------------------------------------------------------------
// Quadrature rules.

/** Gauss-Legendre nodes and weights on [−1, 1] (Newton on P_n from Tricomi's initial guesses). */
function gaussLegendre(m: number): { readonly x: Float64Array; readonly w: Float64Array } {
  const x = new Float64Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < Math.ceil(m / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= m; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (m * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[m - 1 - i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
    w[m - 1 - i] = w[i]!;
  }
  return { x, w };
}

const GL = gaussLegendre(24);

/**
 * Angle of the ray below (or above) the real axis. π/8 rather than π/4: on it a normal part e^{−½σ²t²} decays by
 * e^{−1} for every radian its phase turns (cos 2θ = sin 2θ), instead of chirping at constant magnitude.
 */
const RAY_ANGLE = Math.PI / 8;
/** Exp-sinh: |u| ≤ U_MAX, r = exp(½π sinh u). */
const U_MAX = 3.6;
const HALF_PI = Math.PI / 2;
/** The real segment before the ray, in units of 1/s. */
const RAY_START = 1;
/** Real-axis cut-off exponent: integrand ≤ e^{−45} beyond. */
const DEAD_EXPONENT = 45;
/** Largest exp-sinh refinement (step 1/512). */
const MAX_LEVEL = 9;

/** Quadrature nodes with the form's log φ̂ (reduced by e^{ict} on a ray). */
interface NodeSet {
  readonly count: number;
  /** t = p + iq. */
  readonly p: Float64Array;
  readonly q: Float64Array;
  /** Complex weight dt. */
  readonly wRe: Float64Array;
  readonly wIm: Float64Array;
  /** log φ(t) − i·shift·t. */
  readonly lRe: Float64Array;
  readonly lIm: Float64Array;
  /** The linear phase taken out (c on a ray, 0 on the real axis). */
  readonly shift: number;
  /** For a ray: 1 where the node is also on the next coarser level (every other node), for the error estimate. */
  readonly coarse: Uint8Array | null;
  /** Precomputed for the CDF: |w/t|·e^{Re L} and Im L + arg(w/t). */
  readonly cdfMag: Float64Array;
  readonly cdfArg: Float64Array;
}

/** log φ(t) − i·shift·t at complex t (module header); `asymptotic` takes the linear phase out term by term. */
function logPhi(form: QuadraticForm, tr: number, ti: number, asymptotic: boolean, out: Float64Array): void {
  // −½σ_e²t² of the merged terms; i·offset·t except on a ray, where the shift c (which holds the offset) is out.
  const ev = form.extraVariance;
  let re = -0.5 * ev * (tr * tr - ti * ti);
  let im = -0.5 * ev * (2 * tr * ti);
  if (!asymptotic) {
    re += -form.offset * ti;
    im += form.offset * tr;
  }
  const { lambda, b } = form;
  for (let j = 0; j < form.n; j++) {
    const l = lambda[j]!;
    const bj = b[j]!;
    if (l === 0) {
      // −½ b² t²
      re += -0.5 * bj * bj * (tr * tr - ti * ti);
      im += -0.5 * bj * bj * (2 * tr * ti);
      continue;
    }
    // d = 1 − 2iλt = (1 + 2λ ti) − 2iλ tr
    const dr = 1 + 2 * l * ti;
    const di = -2 * l * tr;
    const dm = dr * dr + di * di;
    // −½ Log d (principal: d never crosses the negative real axis for Re t > 0)
    re += -0.25 * Math.log(dm);
    im += -0.5 * Math.atan2(di, dr);
    // 1/d
    const ir = dr / dm;
    const ii = -di / dm;
    const S = (bj * bj) / (8 * l * l);
    if (asymptotic) {
      // −½b²t²/d − i c_j t = −S + S/d   (c_j = −b²/(4λ))
      re += -S + S * ir;
      im += S * ii;
    } else {
      // −½ b² t² / d
      const t2r = tr * tr - ti * ti;
      const t2i = 2 * tr * ti;
      re += -0.5 * bj * bj * (t2r * ir - t2i * ii);
      im += -0.5 * bj * bj * (t2r * ii + t2i * ir);
    }
  }
  out[0] = re;
  out[1] = im;
}

/**
 * |d/dt log φ(t)| on the real axis, bounded term by term: the local rate of change of the integrand (with the
 * |x| bound added by the caller), which sets the Gauss-Legendre panel width.
 */
function logPhiRate(form: QuadraticForm, t: number): number {
  let rate = Math.abs(form.offset) + form.extraVariance * t;
  for (let j = 0; j < form.n; j++) {
    const l = form.lambda[j]!;
    const bj = form.b[j]!;
    const d2 = 1 + 4 * l * l * t * t;
    rate += Math.abs(l) / Math.sqrt(d2) + (bj * bj * t * Math.sqrt(1 + l * l * t * t)) / d2;
  }
  return rate;
}

/** G(t) = −log|φ(t)| lower bound from the b terms on the real axis (module header). */
function decayExponent(form: QuadraticForm, t: number): number {
  let g = 0.5 * form.extraVariance * t * t;
  for (let j = 0; j < form.n; j++) {
    const l = form.lambda[j]!;
    const bj = form.b[j]!;
    g += (0.5 * bj * bj * t * t) / (1 + 4 * l * l * t * t);
  }
  return g;
}

function finishNodes(
  form: QuadraticForm,
  p: Float64Array,
  q: Float64Array,
  wRe: Float64Array,
  wIm: Float64Array,
  asymptotic: boolean,
  shift: number,
  coarse: Uint8Array | null,
): NodeSet {
  const count = p.length;
  const lRe = new Float64Array(count);
  const lIm = new Float64Array(count);
  const cdfMag = new Float64Array(count);
  const cdfArg = new Float64Array(count);
  const tmp = new Float64Array(2);
  for (let k = 0; k < count; k++) {
    logPhi(form, p[k]!, q[k]!, asymptotic, tmp);
    lRe[k] = tmp[0]!;
    lIm[k] = tmp[1]!;
    // w / t
    const tm = p[k]! * p[k]! + q[k]! * q[k]!;
    const ar = (wRe[k]! * p[k]! + wIm[k]! * q[k]!) / tm;
    const ai = (wIm[k]! * p[k]! - wRe[k]! * q[k]!) / tm;
    cdfMag[k] = Math.hypot(ar, ai) * Math.exp(tmp[0]!);
    cdfArg[k] = tmp[1]! + Math.atan2(ai, ar);
  }
  return { count, p, q, wRe, wIm, lRe, lIm, shift, coarse, cdfMag, cdfArg };
}

/** Gauss-Legendre panels on the real segment [0, end] (module header). */
function segmentNodes(form: QuadraticForm, end: number, xBound: number): NodeSet {
  const ps: number[] = [];
  const ws: number[] = [];
  let a = 0;
  let panels = 0;
  while (a < end) {
    const rateA = xBound + logPhiRate(form, a);
    let width = Math.min(1, 6 / rateA, end - a);
    const rateB = xBound + logPhiRate(form, a + width);
    width = Math.min(width, 6 / rateB);
    const half = width / 2;
    for (let k = 0; k < GL.x.length; k++) {
      ps.push(a + half * (1 + GL.x[k]!));
      ws.push(half * GL.w[k]!);
    }
    a += width;
    if (++panels > 50_000) throw new Error('quadratic form: the real-axis integral needs more than 50,000 panels');
  }
  const count = ps.length;
  return finishNodes(form, Float64Array.from(ps), new Float64Array(count), Float64Array.from(ws), new Float64Array(count), false, 0, null);
}

/** Exp-sinh nodes on the ray t = start + r·e^{−iθ·sign} (θ = RAY_ANGLE) at step 2^{−level}. */
function rayNodes(form: QuadraticForm, start: number, sign: 1 | -1, level: number, shift: number): NodeSet {
  const h = 2 ** -level;
  const K = Math.ceil(U_MAX / h);
  const count = 2 * K + 1;
  const p = new Float64Array(count);
  const q = new Float64Array(count);
  const wRe = new Float64Array(count);
  const wIm = new Float64Array(count);
  const coarse = new Uint8Array(count);
  const c = Math.cos(RAY_ANGLE);
  const sn = Math.sin(RAY_ANGLE);
  for (let k = -K; k <= K; k++) {
    const u = k * h;
    const r = Math.exp(HALF_PI * Math.sinh(u));
    const dr = HALF_PI * Math.cosh(u) * r * h;
    const i = k + K;
    p[i] = start + r * c;
    q[i] = -sign * r * sn;
    wRe[i] = dr * c;
    wIm[i] = -sign * dr * sn;
    coarse[i] = (k & 1) === 0 ? 1 : 0;
  }
  return finishNodes(form, p, q, wRe, wIm, true, shift, coarse);
}

// ---------------------------------------------------------------------------------------------------------------
// The distribution.

/** Tail quantities at a point x (USD), for ES and its Euler allocation. */
export interface QuadraticTail {
  /** P(Q ≤ x). */
  readonly probability: number;
  /** E[Q 1{Q ≤ x}], USD. */
  readonly partialMeanUsd: number;
  /** E[r_i 1{Q ≤ x}] per underlying. */
  readonly returnMoment1: Float64Array;
  /** E[r_i² 1{Q ≤ x}] per underlying. */
  readonly returnMoment2: Float64Array;
}

/** Conditional quantities on {Q = x}, for the VaR's Euler allocation. */
export interface QuadraticPoint {
  /** Density of Q at x, per USD. */
  readonly density: number;
  /** E[r_i | Q = x]. */
  readonly returnMean: Float64Array;
  /** E[r_i² | Q = x]. */
  readonly returnSquareMean: Float64Array;
}

/**
 * Distribution of Q = δᵀr + ½ rᵀΓr by characteristic-function inversion (module header). Node sets are built
 * lazily and reused, so many CDF evaluations (a quantile search) cost one pass over the nodes each.
 */
export class QuadraticFormDistribution {
  readonly form: QuadraticForm;
  /** E[Q] and sd(Q), USD. */
  readonly meanUsd: number;
  readonly sdUsd: number;
  /** Linear phase c = −Σ_j b_j²/(4λ_j) (units of s), the centre of the χ² terms; Q ≥ c·s when every λ_j > 0 and no term is normal. */
  private readonly shift: number;
  private readonly saturation: number;
  /** Smallest value Q can take (units of s), or −∞. */
  private readonly lowerBound: number;
  private readonly upperBound: number;
  /** Real-axis end: τ where the integrand is below e^{−45}, or where a ray follows (module header). */
  private readonly segmentEnd: number;
  private readonly useRay: boolean;
  private xBound = 0;
  private segment: NodeSet | null = null;
  private readonly rays = new Map<string, NodeSet>();
  /** Largest error estimate of a ray integral met so far (diagnostic; tests read it). */
  worstRayError = 0;

  constructor(delta: ArrayLike<number>, gamma: ArrayLike<number>, cov: Float64Array, n: number) {
    this.form = quadraticForm(delta, gamma, cov, n);
    this.meanUsd = this.form.meanUsd;
    this.sdUsd = this.form.scaleUsd;
    const { lambda, b, offset, extraVariance } = this.form;
    let shift = offset;
    let saturation = extraVariance > 0 ? Infinity : 0;
    let allPositive = extraVariance === 0;
    let allNegative = extraVariance === 0;
    /** Where every χ² term is in its asymptotic regime (|2λ_j t| ≥ 2): the ray may start there. */
    let asymptoticFrom = RAY_START;
    for (let j = 0; j < n; j++) {
      const l = lambda[j]!;
      const bj = b[j]!;
      if (l === 0) {
        if (bj !== 0) {
          saturation = Infinity;
          allPositive = false;
          allNegative = false;
        }
        continue;
      }
      if (l < 0) allPositive = false;
      if (l > 0) allNegative = false;
      shift += -(bj * bj) / (4 * l);
      saturation += (bj * bj) / (8 * l * l);
      asymptoticFrom = Math.max(asymptoticFrom, 1 / Math.abs(l));
    }
    this.shift = shift;
    this.saturation = saturation;
    this.lowerBound = allPositive ? shift : -Infinity;
    this.upperBound = allNegative ? shift : Infinity;
    // τ: where the real-axis integrand is below e^{−45} (G increases to S∞), if it gets there.
    let dead = Infinity;
    if (saturation >= DEAD_EXPONENT) {
      let lo = 0;
      let hi = 1;
      while (decayExponent(this.form, hi) < DEAD_EXPONENT && hi < 1e15) hi *= 2;
      for (let it = 0; it < 200 && hi - lo > 1e-9 * hi; it++) {
        const mid = 0.5 * (lo + hi);
        if (decayExponent(this.form, mid) < DEAD_EXPONENT) lo = mid;
        else hi = mid;
      }
      dead = hi;
    }
    // The real axis up to τ when that comes first; otherwise up to where every χ² term is asymptotic, then the ray:
    // there each term's reduced factor is bounded by 1 (|1 − 2iλ_j t| > 1.6 on the ray), so the integrand decays
    // like e^{−|x − c| r sin θ} r^{−k/2}, with no transient growth to cancel.
    this.useRay = dead > asymptoticFrom;
    this.segmentEnd = this.useRay ? asymptoticFrom : dead;
  }

  /** True when Q is a.s. constant (no risk). */
  get degenerate(): boolean {
    return !(this.sdUsd > 0);
  }

  private toUnit(xUsd: number): number {
    return xUsd / this.sdUsd;
  }

  private segmentFor(x: number): NodeSet {
    const need = Math.abs(x) + 1;
    if (!this.segment || need > this.xBound) {
      this.xBound = Math.max(need, 2 * this.xBound, 8);
      this.segment = segmentNodes(this.form, this.segmentEnd, this.xBound);
    }
    return this.segment;
  }

  private rayFor(sign: 1 | -1, level: number): NodeSet {
    const key = `${sign}:${level}`;
    let r = this.rays.get(key);
    if (!r) {
      r = rayNodes(this.form, this.segmentEnd, sign, level, this.useRay ? this.shift : 0);
      this.rays.set(key, r);
    }
    return r;
  }

  /** Ray direction for x (units of s): down when x ≥ c (e^{−it(x−c)} decays for Im t < 0). */
  private raySign(x: number): 1 | -1 {
    return x >= this.shift ? 1 : -1;
  }

  /** ∫ Im[e^{−itx}φ(t)]/t dt over the segment (x in units of s). */
  private cdfSegment(x: number): number {
    const s = this.segmentFor(x);
    let sum = 0;
    for (let k = 0; k < s.count; k++) sum += s.cdfMag[k]! * Math.sin(s.cdfArg[k]! - s.p[k]! * x);
    return sum;
  }

  /** Im ∫_ray e^{−itx}φ(t)/t dt at a given level, with the coarse-level estimate. */
  private cdfRayLevel(x: number, sign: 1 | -1, level: number): { fine: number; coarse: number } {
    const r = this.rayFor(sign, level);
    const omega = x - r.shift;
    let fine = 0;
    let coarse = 0;
    for (let k = 0; k < r.count; k++) {
      const e = r.q[k]! * omega;
      if (e < -745) continue;
      const v = r.cdfMag[k]! * Math.exp(e) * Math.sin(r.cdfArg[k]! - r.p[k]! * omega);
      fine += v;
      if (r.coarse![k]) coarse += 2 * v;
    }
    return { fine, coarse };
  }

  /** The ray part with refinement until two levels agree within 1e-12 (module header). */
  private cdfRay(x: number): number {
    if (!this.useRay) return 0;
    const sign = this.raySign(x);
    let level = 7;
    for (;;) {
      const { fine, coarse } = this.cdfRayLevel(x, sign, level);
      const err = Math.abs(fine - coarse);
      if (err <= 1e-12 || level >= MAX_LEVEL) {
        this.worstRayError = Math.max(this.worstRayError, err);
        return fine;
      }
      level++;
    }
  }

  /** P(Q ≤ x) in units of s. */
  private cdfUnit(x: number): number {
    if (x <= this.lowerBound) return 0;
    if (x >= this.upperBound) return 1;
    const v = 0.5 - (this.cdfSegment(x) + this.cdfRay(x)) / Math.PI;
    return Math.min(1, Math.max(0, v));
  }

  /** P(Q ≤ x), x in USD. */
  cdf(xUsd: number): number {
    if (this.degenerate) return xUsd >= 0 ? 1 : 0;
    return this.cdfUnit(this.toUnit(xUsd));
  }

  /**
   * The p-quantile of Q, USD: the x with P(Q ≤ x) = p, by Brent's method (module header).
   * @param p probability, 0 < p < 1
   */
  quantile(p: number): number {
    if (this.degenerate) return 0;
    const mu = this.meanUsd / this.sdUsd;
    // Cantelli: P(Q − μ ≤ −k) ≤ 1/(1 + k²) and P(Q − μ ≥ k) ≤ 1/(1 + k²).
    const kLo = Math.sqrt(Math.max(1 / p - 1, 0)) * 1.0001 + 1e-6;
    const kHi = Math.sqrt(Math.max(1 / (1 - p) - 1, 0)) * 1.0001 + 1e-6;
    let a = Math.max(mu - kLo, this.lowerBound);
    let b = Math.min(mu + kHi, this.upperBound);
    let fa = this.cdfUnit(a) - p;
    let fb = this.cdfUnit(b) - p;
    if (fa > 0) return a * this.sdUsd;
    if (fb < 0) return b * this.sdUsd;
    // Brent (Numerical Recipes 3rd ed. §9.3).
    let c = b;
    let fc = fb;
    let d = b - a;
    let e = d;
    // Absolute tolerance far below the 1e-12 relative accuracy of the CDF itself: near the end of a χ² support the
    // density is large and x must be pinned down finely.
    const tol = 1e-15;
    for (let iter = 0; iter < 200; iter++) {
      if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
        c = a;
        fc = fa;
        d = b - a;
        e = d;
      }
      if (Math.abs(fc) < Math.abs(fb)) {
        a = b;
        b = c;
        c = a;
        fa = fb;
        fb = fc;
        fc = fa;
      }
      const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
      const xm = 0.5 * (c - b);
      if (Math.abs(xm) <= tol1 || fb === 0) break;
      if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
        const s = fb / fa;
        let pp: number;
        let qq: number;
        if (a === c) {
          pp = 2 * xm * s;
          qq = 1 - s;
        } else {
          const q0 = fa / fc;
          const r = fb / fc;
          pp = s * (2 * xm * q0 * (q0 - r) - (b - a) * (r - 1));
          qq = (q0 - 1) * (r - 1) * (s - 1);
        }
        if (pp > 0) qq = -qq;
        pp = Math.abs(pp);
        if (2 * pp < Math.min(3 * xm * qq - Math.abs(tol1 * qq), Math.abs(e * qq))) {
          e = d;
          d = pp / qq;
        } else {
          d = xm;
          e = d;
        }
      } else {
        d = xm;
        e = d;
      }
      a = b;
      fa = fb;
      b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
      fb = this.cdfUnit(b) - p;
    }
    return b * this.sdUsd;
  }

  /**
   * Sum over all nodes of w·e^{−itx}φ(t)·χ̂(t) (χ̂ = χ/φ given per node by `fill`), split into the value over t
   * ("density" kind) and over t with the 1/t factor ("cumulative" kind). `fill` writes `width` complex values
   * (re, im interleaved) for the node at t.
   */
  private transformSums(
    x: number,
    width: number,
    fill: (tr: number, ti: number, out: Float64Array) => void,
  ): { density: Float64Array; cumulative: Float64Array } {
    const density = new Float64Array(width);
    const cumulative = new Float64Array(width);
    const chi = new Float64Array(Math.max(2 * width, 4 + 4 * this.form.n));
    const sets: NodeSet[] = [this.segmentFor(x)];
    if (this.useRay) {
      const sign = this.raySign(x);
      // The finest level the CDF needed here (at least 1/256 for the extra polynomial factors of χ̂).
      let level = 8;
      for (; level < MAX_LEVEL; level++) {
        const { fine, coarse } = this.cdfRayLevel(x, sign, level);
        if (Math.abs(fine - coarse) <= 1e-13) break;
      }
      sets.push(this.rayFor(sign, level));
    }
    for (const s of sets) {
      const omega = x - s.shift;
      for (let k = 0; k < s.count; k++) {
        const tr = s.p[k]!;
        const ti = s.q[k]!;
        // e^{L − i t ω}: Re = lRe + ti·ω, Im = lIm − tr·ω
        const er = s.lRe[k]! + ti * omega;
        if (er < -745) continue;
        const mag = Math.exp(er);
        const ang = s.lIm[k]! - tr * omega;
        // z = w · e^{…}
        const cr = mag * Math.cos(ang);
        const ci = mag * Math.sin(ang);
        const zr = s.wRe[k]! * cr - s.wIm[k]! * ci;
        const zi = s.wRe[k]! * ci + s.wIm[k]! * cr;
        // 1/t
        const tm = tr * tr + ti * ti;
        const itr = tr / tm;
        const iti = -ti / tm;
        fill(tr, ti, chi);
        for (let m = 0; m < width; m++) {
          const hr = chi[2 * m]!;
          const hi = chi[2 * m + 1]!;
          const vr = zr * hr - zi * hi;
          const vi = zr * hi + zi * hr;
          density[m]! += vr;
          cumulative[m]! += vr * iti + vi * itr;
        }
      }
    }
    for (let m = 0; m < width; m++) {
      density[m] = density[m]! / Math.PI;
      cumulative[m] = -cumulative[m]! / Math.PI;
    }
    return { density, cumulative };
  }

  /**
   * χ̂ values at t for: 1 (probability), Q (units of s), r_i (i < n), r_i² (i < n), in that order.
   */
  private moments(): { width: number; fill: (tr: number, ti: number, out: Float64Array) => void } {
    const { n, lambda, b, mix } = this.form;
    const mRe = new Float64Array(n);
    const mIm = new Float64Array(n);
    const vRe = new Float64Array(n);
    const vIm = new Float64Array(n);
    return {
      width: 2 + 2 * n,
      fill: (tr, ti, out) => {
        let qr = 0;
        let qi = 0;
        for (let j = 0; j < n; j++) {
          const l = lambda[j]!;
          // v = 1/(1 − 2iλt)
          const dr = 1 + 2 * l * ti;
          const di = -2 * l * tr;
          const dm = dr * dr + di * di;
          const vr = dr / dm;
          const vi = -di / dm;
          // m = i t b v
          const itr = -ti * b[j]!;
          const iti = tr * b[j]!;
          const mr = itr * vr - iti * vi;
          const mi = itr * vi + iti * vr;
          vRe[j] = vr;
          vIm[j] = vi;
          mRe[j] = mr;
          mIm[j] = mi;
          // λ (m² + v) + b m
          qr += l * (mr * mr - mi * mi + vr) + b[j]! * mr;
          qi += l * (2 * mr * mi + vi) + b[j]! * mi;
        }
        // The merged terms: offset + i t σ_e² (E[X e^{itX}] = itσ² φ_X for X ~ N(0, σ²)).
        out[0] = 1;
        out[1] = 0;
        out[2] = qr + this.form.offset - ti * this.form.extraVariance;
        out[3] = qi + tr * this.form.extraVariance;
        for (let i = 0; i < n; i++) {
          let sr = 0;
          let si = 0;
          let ur = 0;
          let ui = 0;
          for (let j = 0; j < n; j++) {
            const mij = mix[i * n + j]!;
            sr += mij * mRe[j]!;
            si += mij * mIm[j]!;
            ur += mij * mij * vRe[j]!;
            ui += mij * mij * vIm[j]!;
          }
          out[4 + 2 * i] = sr;
          out[5 + 2 * i] = si;
          out[4 + 2 * n + 2 * i] = sr * sr - si * si + ur;
          out[5 + 2 * n + 2 * i] = 2 * sr * si + ui;
        }
      },
    };
  }

  /** P(Q ≤ x) and E[Q 1{Q ≤ x}] (USD) only: what ES needs without its allocation. */
  partialMean(xUsd: number): { readonly probability: number; readonly partialMeanUsd: number } {
    if (this.degenerate) return { probability: xUsd >= 0 ? 1 : 0, partialMeanUsd: 0 };
    const { fill } = this.moments();
    const { cumulative } = this.transformSums(this.toUnit(xUsd), 2, fill);
    const mu = this.meanUsd / this.sdUsd;
    return {
      probability: Math.min(1, Math.max(0, 0.5 + cumulative[0]!)),
      partialMeanUsd: (0.5 * mu + cumulative[1]!) * this.sdUsd,
    };
  }

  /** Tail quantities at x (USD): P(Q ≤ x), E[Q 1{Q ≤ x}] and the return moments on the tail. */
  tail(xUsd: number): QuadraticTail {
    const n = this.form.n;
    if (this.degenerate) {
      const inTail = xUsd >= 0;
      return {
        probability: inTail ? 1 : 0,
        partialMeanUsd: 0,
        returnMoment1: new Float64Array(n),
        returnMoment2: new Float64Array(n),
      };
    }
    const x = this.toUnit(xUsd);
    const { width, fill } = this.moments();
    const { cumulative } = this.transformSums(x, width, fill);
    const { mix } = this.form;
    const m1 = new Float64Array(n);
    const m2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // ν(ℝ): E[r_i] = 0, E[r_i²] = Σ_j M_ij².
      let total2 = 0;
      for (let j = 0; j < n; j++) total2 += mix[i * n + j]! ** 2;
      m1[i] = cumulative[2 + i]!;
      m2[i] = 0.5 * total2 + cumulative[2 + n + i]!;
    }
    const mu = this.meanUsd / this.sdUsd;
    return {
      probability: Math.min(1, Math.max(0, 0.5 + cumulative[0]!)),
      partialMeanUsd: (0.5 * mu + cumulative[1]!) * this.sdUsd,
      returnMoment1: m1,
      returnMoment2: m2,
    };
  }

  /** Density of Q and the conditional return moments on {Q = x} (x in USD). */
  point(xUsd: number): QuadraticPoint {
    const n = this.form.n;
    const x = this.toUnit(xUsd);
    const { width, fill } = this.moments();
    const { density } = this.transformSums(x, width, fill);
    const f = density[0]!;
    const returnMean = new Float64Array(n);
    const returnSquareMean = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      returnMean[i] = f > 0 ? density[2 + i]! / f : 0;
      returnSquareMean[i] = f > 0 ? density[2 + n + i]! / f : 0;
    }
    return { density: f / this.sdUsd, returnMean, returnSquareMean };
  }

  /** Density of Q at x (per USD). */
  density(xUsd: number): number {
    if (this.degenerate) return 0;
    const x = this.toUnit(xUsd);
    const { density } = this.transformSums(x, 1, (_tr, _ti, out) => {
      out[0] = 1;
      out[1] = 0;
    });
    return Math.max(0, density[0]!) / this.sdUsd;
  }

  /** The support's ends in USD (±∞ when unbounded). */
  get supportUsd(): { readonly lower: number; readonly upper: number } {
    return { lower: this.lowerBound * this.sdUsd, upper: this.upperBound * this.sdUsd };
  }

  /** S∞ of the module header (diagnostic). */
  get saturationExponent(): number {
    return this.saturation;
  }

  /** Whether the path includes the rotated ray (diagnostic). */
  get usesRay(): boolean {
    return this.useRay;
  }
}
