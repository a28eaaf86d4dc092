/**
 * Parametric VaR and ES: delta-normal and delta-gamma with the Cornish-Fisher expansion, with their Euler
 * allocations.
 *
 * Delta-normal (PRODUCT.md, exactly): ΔP = δᵀr, r ~ N(0, Σ), δ_i the book's `deltaUsd` of underlying i (USD per unit
 * relative move), Σ the zero-mean covariance of the window's returns (÷ N).
 *   σ_P = √(δᵀΣδ),  VaR = z·σ_P,  ES = φ(z)/(1 − c)·σ_P,  z = Φ⁻¹(c).
 *   Euler components (sum to the totals exactly in exact arithmetic): VaR_i = δ_i (Σδ)_i / σ_P · z,
 *   ES_i = δ_i (Σδ)_i / σ_P · φ(z)/(1 − c).
 *
 * Delta-gamma (Cornish-Fisher): ΔP = δᵀr + ½ rᵀΓr, Γ = diag(γ_i) with γ_i = 100·gammaUsd1pct_i = ∂²V/∂m_i² (USD per
 * unit relative move squared; cross-gammas zero: every position has a single underlying). For r ~ N(0, Σ) the
 * cumulants are exact (Mathai & Provost 1992; Jorion, Value at Risk, 3rd ed., §14):
 *   κ1 = ½ tr(ΓΣ),  κ_n = ½ (n − 1)! tr((ΓΣ)^n) + ½ n! δᵀΣ(ΓΣ)^{n−2}δ  (n ≥ 2),
 * skew s = κ3/κ2^{3/2}, excess kurtosis e = κ4/κ2². The α = 1 − c quantile of ΔP is approximated by the
 * Cornish-Fisher expansion q = κ1 + √κ2 · w(z_α), z_α = Φ⁻¹(α):
 *   w(z) = z + (z² − 1) s/6 + (z³ − 3z) e/24 − (2z³ − 5z) s²/36,  VaR = −q.
 * ES rule: the CF expansion defines ΔP ≈ κ1 + √κ2·w(Z) with Z standard normal; where w is increasing on the tail,
 * {ΔP ≤ q} = {Z ≤ z_α}, so ES = −E[κ1 + √κ2 w(Z) | Z ≤ z_α], which is closed-form through the truncated normal
 * moments m1 = −φ(z_α)/α, m2 = 1 − z_α φ(z_α)/α, m3 = −(z_α² + 2) φ(z_α)/α:
 *   ES = −κ1 − √κ2 · [m1 + (m2 − 1) s/6 + (m3 − 3 m1) e/24 − (2 m3 − 5 m1) s²/36].
 * With Γ = 0 both reduce exactly to delta-normal. When w′(z) ≤ 0 somewhere on z ≤ z_α (skew/kurtosis outside the
 * CF domain of validity, e.g. a long-gamma book's positive skew) the CF map is not monotone: `monotone` is false and
 * the caller warns; VaR is still −q(z_α), and ES falls back to the tail mean of the monotone envelope of the CF
 * quantile (numerical, `cornishFisherEnvelopeEs`), which keeps ES ≥ VaR (the closed form above would not).
 * Exact quantile where Cornish-Fisher fails (`deltaGammaVar`): the expansion is used only when it is valid at every
 * confidence asked for (`monotone`, and its quantile inside the support of ΔP: a long-gamma book without delta
 * cannot lose more than −min ΔP = Σ_j b_j²/(4λ_j)); otherwise every figure comes from the exact distribution of the
 * quadratic form by characteristic-function inversion (math/quadraticForm.ts), `quantileMethod` says which:
 *   VaR = −q_α,  ES = −E[ΔP 1{ΔP ≤ q_α}]/α,
 *   ∂VaR/∂δ_i = −E[r_i | ΔP = q_α],  ∂VaR/∂γ_i = −½ E[r_i² | ΔP = q_α]   (Gourieroux, Laurent & Scaillet 2000),
 *   ∂ES/∂δ_i = −E[r_i 1{ΔP ≤ q_α}]/α,  ∂ES/∂γ_i = −½ E[r_i² 1{ΔP ≤ q_α}]/α,
 * so Σ_i δ_i ∂L/∂δ_i + γ_i ∂L/∂γ_i = L exactly (ΔP is linear in (δ, γ)); the gradients are scaled by L/Σ (a factor
 * 1 ± 1e-10 from the quadrature) so the components add up to the total to rounding.
 * Horizon: the caller passes the horizon's covariance (h·Σ, or that of overlapping h-day returns); delta-normal with
 * h·Σ equals √h × the 1-day figures.
 * Euler components of the delta-gamma VaR/ES: both are positively homogeneous of degree 1 in the book's size
 * (κ_n scales as tⁿ, s and e are invariant), so Σ_i δ_i ∂L/∂δ_i + γ_i ∂L/∂γ_i = L. The gradients are analytic
 * (chain rule through s, e and the κ_n; ∂tr((ΓΣ)^m)/∂γ_i = m [Σ(ΓΣ)^{m−1}]_ii, ∂δᵀΣ(ΓΣ)^mδ/∂γ_i =
 * Σ_j v_j[i] v_{m−1−j}[i] with v_j = (ΣΓ)^j Σδ), and a position p contributes δ_p ∂L/∂δ_i + γ_p ∂L/∂γ_i.
 *
 * Verified by: parametric.test.ts (independent delta-normal recomputation; Γ = 0 equals delta-normal; cumulants of
 * a one-asset quadratic against the χ² closed form; gradients against finite differences; Euler sums; CF quantile
 * against a Monte Carlo of the quadratic form; the exact method on a long straddle against the closed form, the
 * method switch, and its gradients against finite differences).
 */
import { normInv, normPdf } from '../math/normal.ts';
import { matVec } from '../math/linalg.ts';
import { QuadraticFormDistribution } from '../math/quadraticForm.ts';

/** Delta-normal VaR/ES with per-underlying Euler components. */
export interface DeltaNormalResult {
  readonly varUsd: number;
  readonly esUsd: number;
  /** σ_P = √(δᵀΣδ), USD. */
  readonly sigmaUsd: number;
  /** z = Φ⁻¹(c). */
  readonly z: number;
  /** (Σδ)_i / σ_P per underlying: ∂σ_P/∂δ_i (0 when σ_P = 0). */
  readonly marginal: Float64Array;
  readonly componentVarUsd: Float64Array;
  readonly componentEsUsd: Float64Array;
}

/**
 * Delta-normal VaR and ES (module header).
 * @param delta δ per underlying (USD per unit relative move)
 * @param cov n × n covariance of relative returns (row-major)
 */
export function deltaNormal(delta: ArrayLike<number>, cov: Float64Array, n: number, confidence: number): DeltaNormalResult {
  const z = normInv(confidence);
  const esFactor = normPdf(z) / (1 - confidence);
  const sd = matVec(cov, n, delta);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += delta[i]! * sd[i]!;
  const sigmaUsd = Math.sqrt(Math.max(variance, 0));
  const marginal = new Float64Array(n);
  const componentVarUsd = new Float64Array(n);
  const componentEsUsd = new Float64Array(n);
  if (sigmaUsd > 0) {
    for (let i = 0; i < n; i++) {
      marginal[i] = sd[i]! / sigmaUsd;
      componentVarUsd[i] = delta[i]! * marginal[i]! * z;
      componentEsUsd[i] = delta[i]! * marginal[i]! * esFactor;
    }
  }
  return { varUsd: z * sigmaUsd, esUsd: esFactor * sigmaUsd, sigmaUsd, z, marginal, componentVarUsd, componentEsUsd };
}

/** Cumulants of ΔP = δᵀr + ½ rᵀΓr under r ~ N(0, Σ), with what their gradients need. */
interface QuadraticMoments {
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
  readonly k4: number;
  /** v_j = (ΣΓ)^j Σδ for j = 0, 1, 2. */
  readonly v: readonly Float64Array[];
  /** Diagonals of M_m = Σ(ΓΣ)^{m−1} for m = 1 … 4 (index m − 1). */
  readonly mDiag: readonly Float64Array[];
}

function quadraticMoments(delta: ArrayLike<number>, gamma: ArrayLike<number>, cov: Float64Array, n: number): QuadraticMoments {
  // M_1 = Σ, M_{m+1} = M_m Γ Σ (Γ diagonal: scale the columns of M_m, then multiply).
  const ms: Float64Array[] = [cov];
  for (let m = 1; m < 4; m++) {
    const prev = ms[m - 1]!;
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const a = prev[i * n + k]! * gamma[k]!;
        if (a === 0) continue;
        for (let j = 0; j < n; j++) next[i * n + j]! += a * cov[k * n + j]!;
      }
    }
    ms.push(next);
  }
  const mDiag = ms.map((mm) => Float64Array.from({ length: n }, (_, i) => mm[i * n + i]!));
  // tr((ΓΣ)^m) = Σ_i γ_i [M_m]_ii.
  const tr = mDiag.map((d) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += gamma[i]! * d[i]!;
    return s;
  });
  const v0 = matVec(cov, n, delta);
  const gv0 = Float64Array.from({ length: n }, (_, i) => gamma[i]! * v0[i]!);
  const v1 = matVec(cov, n, gv0);
  const gv1 = Float64Array.from({ length: n }, (_, i) => gamma[i]! * v1[i]!);
  const v2 = matVec(cov, n, gv1);
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  for (let i = 0; i < n; i++) {
    q0 += delta[i]! * v0[i]!;
    q1 += delta[i]! * v1[i]!;
    q2 += delta[i]! * v2[i]!;
  }
  return {
    k1: 0.5 * tr[0]!,
    k2: q0 + 0.5 * tr[1]!,
    k3: 3 * q1 + tr[2]!,
    k4: 12 * q2 + 3 * tr[3]!,
    v: [v0, v1, v2],
    mDiag,
  };
}

/** Delta-gamma Cornish-Fisher VaR/ES, moments, and Euler gradients. */
export interface DeltaGammaResult {
  readonly varUsd: number;
  readonly esUsd: number;
  readonly meanUsd: number;
  readonly sdUsd: number;
  readonly skew: number;
  readonly excessKurtosis: number;
  /** False when the CF map is not increasing on the tail (figures unreliable). */
  readonly monotone: boolean;
  /** How the quantile was found: the Cornish-Fisher expansion, or exact inversion of the characteristic function. */
  readonly quantileMethod: DeltaGammaMethod;
  /** ∂VaR/∂δ_i and ∂VaR/∂γ_i. */
  readonly varGradDelta: Float64Array;
  readonly varGradGamma: Float64Array;
  readonly esGradDelta: Float64Array;
  readonly esGradGamma: Float64Array;
  /** Euler components per underlying: δ_i ∂L/∂δ_i + γ_i ∂L/∂γ_i. */
  readonly componentVarUsd: Float64Array;
  readonly componentEsUsd: Float64Array;
}

/**
 * ES of the monotone envelope of the CF quantile: q̃(z) = min over z′ ∈ [z, z_α] of κ1 + √κ2 w(z′), a
 * non-decreasing quantile that equals the CF quantile wherever that is increasing; ES = −E[q̃(Z) | Z ≤ z_α] by the
 * trapezoidal rule on z ∈ [−12, z_α] (4,000 steps). Always ≥ VaR.
 */
export function cornishFisherEnvelopeEs(k1: number, sd: number, s: number, e: number, za: number, alpha: number): number {
  const steps = 4000;
  const lo = -12;
  const h = (za - lo) / steps;
  let running = Infinity;
  let sum = 0;
  for (let j = steps; j >= 0; j--) {
    const z = lo + j * h;
    const w = z + ((z * z - 1) * s) / 6 + ((z * z * z - 3 * z) * e) / 24 - ((2 * z * z * z - 5 * z) * s * s) / 36;
    running = Math.min(running, k1 + sd * w);
    const f = running * normPdf(z) * (j === 0 || j === steps ? 0.5 : 1);
    sum += f;
  }
  return -(sum * h) / alpha;
}

/** Coefficients c of W(s, e) = c0 + c1 s + c2 e + c3 s² for the VaR quantile or the ES tail mean. */
function cfCoefficients(m1: number, m2: number, m3: number): [number, number, number, number] {
  return [m1, (m2 - 1) / 6, (m3 - 3 * m1) / 24, -(2 * m3 - 5 * m1) / 36];
}

/** L = −(κ1 + √κ2 W(s, e)) and its gradient in (δ, γ) through the cumulants. */
function lossAndGradient(
  mo: QuadraticMoments,
  c: [number, number, number, number],
  cov: Float64Array,
  n: number,
): { loss: number; gDelta: Float64Array; gGamma: Float64Array } {
  const gDelta = new Float64Array(n);
  const gGamma = new Float64Array(n);
  const { k1, k2, k3, k4 } = mo;
  if (!(k2 > 0)) return { loss: -k1, gDelta, gGamma: Float64Array.from({ length: n }, (_, i) => -0.5 * cov[i * n + i]!) };
  const sd = Math.sqrt(k2);
  const s = k3 / (k2 * sd);
  const e = k4 / (k2 * k2);
  const [c0, c1, c2, c3] = c;
  const w = c0 + c1 * s + c2 * e + c3 * s * s;
  const ws = c1 + 2 * c3 * s;
  const we = c2;
  // ∂q/∂κ_n, q = κ1 + √κ2 W.
  const dq1 = 1;
  const dq2 = w / (2 * sd) + sd * ((ws * (-1.5 * s)) / k2 + (we * (-2 * e)) / k2);
  const dq3 = ws / k2;
  const dq4 = we / (k2 * sd);
  const [v0, v1, v2] = mo.v as [Float64Array, Float64Array, Float64Array];
  const [, m2, m3, m4] = mo.mDiag as [Float64Array, Float64Array, Float64Array, Float64Array];
  for (let i = 0; i < n; i++) {
    // ∂κ2/∂δ = 2v0, ∂κ3/∂δ = 6v1, ∂κ4/∂δ = 24v2.
    gDelta[i] = -(dq2 * 2 * v0[i]! + dq3 * 6 * v1[i]! + dq4 * 24 * v2[i]!);
    // ∂κ1/∂γ_i = ½Σ_ii; ∂κ2/∂γ_i = [M2]_ii; ∂κ3/∂γ_i = 3 v0_i² + 3[M3]_ii; ∂κ4/∂γ_i = 24 v0_i v1_i + 12[M4]_ii.
    const dk1 = 0.5 * cov[i * n + i]!;
    const dk2 = m2[i]!;
    const dk3 = 3 * v0[i]! * v0[i]! + 3 * m3[i]!;
    const dk4 = 24 * v0[i]! * v1[i]! + 12 * m4[i]!;
    gGamma[i] = -(dq1 * dk1 + dq2 * dk2 + dq3 * dk3 + dq4 * dk4);
  }
  return { loss: -(k1 + sd * w), gDelta, gGamma };
}

/**
 * Delta-gamma VaR and ES by Cornish-Fisher (module header).
 * @param delta δ_i, USD per unit relative move
 * @param gamma γ_i = ∂²V/∂m_i², USD per unit relative move squared (100 × gammaUsd1pct)
 * @param cov covariance of the horizon's relative returns
 */
export function deltaGammaCornishFisher(
  delta: ArrayLike<number>,
  gamma: ArrayLike<number>,
  cov: Float64Array,
  n: number,
  confidence: number,
): DeltaGammaResult {
  const alpha = 1 - confidence;
  const za = normInv(alpha);
  const phi = normPdf(za);
  const mo = quadraticMoments(delta, gamma, cov, n);
  const varPart = lossAndGradient(mo, cfCoefficients(za, za * za, za * za * za), cov, n);
  const m1 = -phi / alpha;
  const m2 = 1 - (za * phi) / alpha;
  const m3 = (-(za * za + 2) * phi) / alpha;
  const esPart = lossAndGradient(mo, cfCoefficients(m1, m2, m3), cov, n);
  const sd = Math.sqrt(Math.max(mo.k2, 0));
  const skew = sd > 0 ? mo.k3 / (sd * sd * sd) : 0;
  const excessKurtosis = sd > 0 ? mo.k4 / (mo.k2 * mo.k2) : 0;
  // w′(z) = 1 + z s/3 + (z² − 1) e/8 − (6z² − 5) s²/36 must stay positive on the tail z ≤ z_α.
  let monotone = true;
  for (let z = za; z >= -8; z -= 0.05) {
    if (1 + (z * skew) / 3 + ((z * z - 1) * excessKurtosis) / 8 - ((6 * z * z - 5) * skew * skew) / 36 <= 0) {
      monotone = false;
      break;
    }
  }
  const componentVarUsd = Float64Array.from({ length: n }, (_, i) => delta[i]! * varPart.gDelta[i]! + gamma[i]! * varPart.gGamma[i]!);
  let componentEsUsd = Float64Array.from({ length: n }, (_, i) => delta[i]! * esPart.gDelta[i]! + gamma[i]! * esPart.gGamma[i]!);
  let esUsd = esPart.loss;
  let esGradDelta = esPart.gDelta;
  let esGradGamma = esPart.gGamma;
  if (!monotone && sd > 0) {
    // Fallback outside the CF domain of validity: integrate the tail of the monotone envelope of the CF quantile
    // (components proportional to the VaR components).
    esUsd = cornishFisherEnvelopeEs(mo.k1, sd, skew, excessKurtosis, za, alpha);
    const ratio = varPart.loss !== 0 ? esUsd / varPart.loss : 0;
    componentEsUsd = componentVarUsd.map((x) => x * ratio);
    esGradDelta = varPart.gDelta.map((x) => x * ratio);
    esGradGamma = varPart.gGamma.map((x) => x * ratio);
  }
  return {
    varUsd: varPart.loss,
    esUsd,
    meanUsd: mo.k1,
    sdUsd: sd,
    skew,
    excessKurtosis,
    monotone,
    quantileMethod: 'cornish-fisher',
    varGradDelta: varPart.gDelta,
    varGradGamma: varPart.gGamma,
    esGradDelta,
    esGradGamma,
    componentVarUsd,
    componentEsUsd,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Method choice and the exact quantile.

/** Quantile of the delta-gamma P&L: Cornish-Fisher, or exact inversion of the characteristic function. */
export type DeltaGammaMethod = 'cornish-fisher' | 'fourier-inversion';

/** `auto` = Cornish-Fisher where valid (module header), exact otherwise. */
export type DeltaGammaChoice = 'auto' | DeltaGammaMethod;

/** Result of {@link deltaGammaVar}: one result per confidence, all by the same method. */
export interface DeltaGammaVarResult {
  readonly method: DeltaGammaMethod;
  readonly results: readonly DeltaGammaResult[];
  /** Why Cornish-Fisher was not used (null when it was). */
  readonly reason: string | null;
  /** The exact distribution (for the density curve), null for Cornish-Fisher. */
  readonly distribution: QuadraticFormDistribution | null;
}

/**
 * Whether the Cornish-Fisher result is usable: the map is monotone on the tail and the quantile lies inside the
 * support of ΔP (a P&L the quadratic form can take).
 * @returns null when valid, else the reason
 */
function cornishFisherProblem(cf: DeltaGammaResult, support: { lower: number; upper: number }, confidence: number): string | null {
  const pct = `${+(confidence * 100).toFixed(4)} %`;
  if (!cf.monotone)
    return `Cornish-Fisher is not monotone on the tail at ${pct} (skew ${cf.skew.toFixed(2)}, excess kurtosis ${cf.excessKurtosis.toFixed(2)})`;
  if (!Number.isFinite(cf.varUsd) || !Number.isFinite(cf.esUsd)) return `the Cornish-Fisher quantile is not finite at ${pct}`;
  const q = -cf.varUsd;
  const tol = 1e-9 * Math.max(1, cf.sdUsd);
  if (q < support.lower - tol || q > support.upper + tol)
    return `the Cornish-Fisher quantile at ${pct} lies outside the values the P&L can take`;
  return null;
}

/**
 * Delta-gamma VaR and ES by the exact distribution of ΔP (module header).
 * @param withAllocation false skips the Euler gradients (zero), e.g. for a backtest
 */
export function deltaGammaExact(
  dist: QuadraticFormDistribution,
  moments: Pick<DeltaGammaResult, 'meanUsd' | 'sdUsd' | 'skew' | 'excessKurtosis' | 'monotone'>,
  delta: ArrayLike<number>,
  gamma: ArrayLike<number>,
  n: number,
  confidence: number,
  withAllocation = true,
): DeltaGammaResult {
  const alpha = 1 - confidence;
  const zero = () => new Float64Array(n);
  const base = { ...moments, quantileMethod: 'fourier-inversion' as const };
  if (dist.degenerate) {
    return {
      ...base,
      varUsd: 0,
      esUsd: 0,
      varGradDelta: zero(),
      varGradGamma: zero(),
      esGradDelta: zero(),
      esGradGamma: zero(),
      componentVarUsd: zero(),
      componentEsUsd: zero(),
    };
  }
  const q = dist.quantile(alpha);
  const varUsd = -q;
  if (!withAllocation) {
    const pm = dist.partialMean(q);
    return {
      ...base,
      varUsd,
      esUsd: -pm.partialMeanUsd / alpha,
      varGradDelta: zero(),
      varGradGamma: zero(),
      esGradDelta: zero(),
      esGradGamma: zero(),
      componentVarUsd: zero(),
      componentEsUsd: zero(),
    };
  }
  const tail = dist.tail(q);
  const point = dist.point(q);
  const esUsd = -tail.partialMeanUsd / alpha;
  const varGradDelta = Float64Array.from(point.returnMean, (x) => -x);
  const varGradGamma = Float64Array.from(point.returnSquareMean, (x) => -0.5 * x);
  const esGradDelta = Float64Array.from(tail.returnMoment1, (x) => -x / alpha);
  const esGradGamma = Float64Array.from(tail.returnMoment2, (x) => (-0.5 * x) / alpha);
  // Euler: Σ δ_i g_i + γ_i h_i = L in exact arithmetic; remove the quadrature's 1e-10 so the parts add up.
  const normalise = (gd: Float64Array, gg: Float64Array, total: number): void => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += delta[i]! * gd[i]! + gamma[i]! * gg[i]!;
    if (sum !== 0 && Number.isFinite(sum) && Math.abs(total / sum - 1) < 1e-6) {
      const k = total / sum;
      for (let i = 0; i < n; i++) {
        gd[i] = gd[i]! * k;
        gg[i] = gg[i]! * k;
      }
    }
  };
  normalise(varGradDelta, varGradGamma, varUsd);
  normalise(esGradDelta, esGradGamma, esUsd);
  return {
    ...base,
    varUsd,
    esUsd,
    varGradDelta,
    varGradGamma,
    esGradDelta,
    esGradGamma,
    componentVarUsd: Float64Array.from({ length: n }, (_, i) => delta[i]! * varGradDelta[i]! + gamma[i]! * varGradGamma[i]!),
    componentEsUsd: Float64Array.from({ length: n }, (_, i) => delta[i]! * esGradDelta[i]! + gamma[i]! * esGradGamma[i]!),
  };
}

/**
 * Delta-gamma VaR and ES at several confidences with one method for all (module header): Cornish-Fisher when it is
 * valid at every confidence, else the exact distribution (`auto`), or the method asked for.
 * @param confidences e.g. [0.99, 0.975] (the report's and FRTB's)
 * @param withAllocation false skips the exact method's Euler gradients
 */
export function deltaGammaVar(
  delta: ArrayLike<number>,
  gamma: ArrayLike<number>,
  cov: Float64Array,
  n: number,
  confidences: readonly number[],
  choice: DeltaGammaChoice = 'auto',
  withAllocation = true,
): DeltaGammaVarResult {
  const cf = confidences.map((c) => deltaGammaCornishFisher(delta, gamma, cov, n, c));
  if (choice === 'cornish-fisher') return { method: 'cornish-fisher', results: cf, reason: null, distribution: null };
  const dist = new QuadraticFormDistribution(delta, gamma, cov, n);
  let reason: string | null = null;
  if (choice === 'auto') {
    for (let k = 0; k < cf.length && reason === null; k++) reason = cornishFisherProblem(cf[k]!, dist.supportUsd, confidences[k]!);
    if (reason === null) return { method: 'cornish-fisher', results: cf, reason: null, distribution: null };
  }
  const results = confidences.map((c, k) => deltaGammaExact(dist, cf[k]!, delta, gamma, n, c, withAllocation));
  return { method: 'fourier-inversion', results, reason, distribution: dist };
}
