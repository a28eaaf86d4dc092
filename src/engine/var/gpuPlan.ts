/**
 * Monte Carlo on a GPU: the compiled book and the Monte Carlo plan encoded for the WGSL kernel (src/gpu/), and the
 * CPU's reference for what the kernel must reproduce. Pure data and arithmetic, no WebGPU: the browser-only runner
 * uploads these arrays, and Node tests check them.
 *
 * What the kernel computes, per path p (the same draws as `drawPathGrowth` of monteCarlo.ts):
 * - generator: xoshiro128** seeded with (seedWord0, seedWord1, fmix32(p ⊕ 0xc2b2ae35), pathHiWord), 16 outputs
 *   discarded. The seed words and the high path word (paths < 2^32, so pathHi = 0) come from rng.ts's own
 *   `streamSeedWords`/`streamPathWords`, never from a copy of their formulas; the kernel only mixes the path index.
 *   u32 arithmetic in WGSL wraps modulo 2^32 exactly as Math.imul and >>> do.
 * - normals: Marsaglia's polar method on the 53-bit uniforms. The accept test s = u² + v² < 1 is decided in exact
 *   integer arithmetic on the 53-bit draws (16-bit limbs), so it is the CPU's decision except where f64 rounding of
 *   s could differ from the exact value (|1 − s| < 2^-52): such a path is flagged. u, s and 1 − s then enter f32 to
 *   full f32 precision, log(s) through an accurate log/log1p.
 * - Student-t: V ~ χ²(ν) = 2·Gamma(ν/2) by Marsaglia–Tsang in f32; a path is flagged when any of its accept/reject
 *   comparisons lies within an error margin of its threshold (f32 could have decided the other way).
 * - growth g_u = max(1 + s·(L z)_u, 1e-6) with L the plan's Cholesky factor in f32.
 * - P&L = Σ_u b_u (g_u − 1) + Σ_i w_i (price_i(g) − price_i(1)): delta-one a + b·g and the netted options by
 *   Black-76 in f32, each option's base price computed by the same f32 code, so the base scenario has P&L 0.
 * Flagged paths are listed with the number of generator outputs they used; the finishing step recomputes them in f64
 * on the CPU (`gpuRepairFlagged`) and counts those where f32 really took the other branch (the CPU used a different
 * number of outputs).
 *
 * Verified by: gpuPlan.test.ts (encoding against the compiled book and the kernel of revalue.ts; the path-mixing
 * words against pathStream; draw counts), and in the browser e2e/var-gpu.spec.ts (the WGSL generator against
 * rng.ts stream for stream; GPU VaR/ES against the CPU engine).
 */
import type { CompiledBook } from '../risk/compiledBook.ts';
import { MIN_VOL } from '../../domain/scenario.ts';
import { fmix32, pathStream, streamPathWords, streamSeedWords, type Xoshiro128 } from '../math/rng.ts';
import type { MonteCarloPlan } from './monteCarlo.ts';

/** Words per option row: f0, k, ln(F0/K), sd, weight, (unused), underlying index, flags. */
export const GPU_OPTION_WORDS = 8;
/** Option row flag bits. */
export const GPU_OPTION_CALL = 1;
export const GPU_OPTION_EXPIRED = 2;
/** The constant the kernel xors into the path index before fmix32 (rng.ts's K2; gpuPlan.test.ts checks it). */
export const GPU_PATH_XOR = 0xc2b2ae35;
/** Most paths a GPU plan can address (the kernel mixes a 32-bit path index). */
export const GPU_MAX_PATHS = 2 ** 32 - 1;

/** Everything the kernel needs for one book: typed arrays and scalars (structured-clone data). */
export interface GpuMonteCarloInput {
  readonly nUl: number;
  readonly nOpt: number;
  readonly paths: number;
  readonly studentT: boolean;
  /** Student-t degrees of freedom (0 for normal). */
  readonly dof: number;
  /** Marsaglia–Tsang d = ν/2 − 1/3 and c = 1/√(9d), computed in f64 (0 for normal). */
  readonly gammaD: number;
  readonly gammaC: number;
  /** First two words of every path's generator state (rng.ts `streamSeedWords`). */
  readonly seedWord0: number;
  readonly seedWord1: number;
  /** Fourth word of the state, the same for every path below 2^32 (rng.ts `streamPathWords`). */
  readonly pathHiWord: number;
  /** Lower Cholesky factor, row-major nUl × nUl. */
  readonly factor: Float32Array;
  /** Delta-one USD per unit of growth per underlying (b of a + b·g). */
  readonly slope: Float32Array;
  /** nOpt rows of GPU_OPTION_WORDS 32-bit words (f32 except the last two, u32). */
  readonly options: ArrayBuffer;
}

/**
 * Encode a compiled book and its Monte Carlo plan for the kernel.
 * @throws Error when the plan was made for other underlyings or has more paths than the kernel can address
 */
export function encodeGpuMonteCarlo(book: CompiledBook, plan: MonteCarloPlan): GpuMonteCarloInput {
  const a = book.underlyings;
  const b = plan.underlyings;
  if (a.length !== b.length || a.some((u, i) => u !== b[i]))
    throw new Error(`Monte Carlo plan is for underlyings [${b.join(', ')}] but the book has [${a.join(', ')}]`);
  if (!(plan.paths >= 1 && plan.paths <= GPU_MAX_PATHS)) throw new Error(`a GPU run takes 1 … 2^32 − 1 paths (got ${plan.paths})`);
  const nUl = a.length;
  const nOpt = book.nOptions;
  const buffer = new ArrayBuffer(nOpt * GPU_OPTION_WORDS * 4);
  const f = new Float32Array(buffer);
  const w = new Uint32Array(buffer);
  for (let i = 0; i < nOpt; i++) {
    const o = i * GPU_OPTION_WORDS;
    const T0 = book.optTte0[i]!;
    const expired = T0 <= 0;
    const sigma = book.optVol0[i]! < MIN_VOL ? MIN_VOL : book.optVol0[i]!;
    f[o] = book.optForward0[i]!;
    f[o + 1] = book.optStrike[i]!;
    f[o + 2] = Math.log(book.optForward0[i]! / book.optStrike[i]!);
    f[o + 3] = expired ? 0 : sigma * Math.sqrt(T0);
    f[o + 4] = book.optWeight[i]!;
    f[o + 5] = 0;
    w[o + 6] = book.optUl[i]!;
    w[o + 7] = (book.optIsCall[i] === 1 ? GPU_OPTION_CALL : 0) | (expired ? GPU_OPTION_EXPIRED : 0);
  }
  const [seedWord0, seedWord1] = streamSeedWords(plan.seed);
  const pathHiWord = streamPathWords(0)[1];
  const studentT = plan.dof !== null;
  const shape = studentT ? plan.dof! / 2 : 0;
  const gammaD = studentT ? shape - 1 / 3 : 0;
  return {
    nUl,
    nOpt,
    paths: plan.paths,
    studentT,
    dof: plan.dof ?? 0,
    gammaD,
    gammaC: studentT ? 1 / Math.sqrt(9 * gammaD) : 0,
    seedWord0,
    seedWord1,
    pathHiWord,
    factor: Float32Array.from(plan.factor),
    slope: Float32Array.from(book.d1Slope),
    options: buffer,
  };
}

/** The third state word the kernel derives from the path index (paths < 2^32). */
export function gpuPathWord(path: number): number {
  return fmix32((path >>> 0) ^ GPU_PATH_XOR);
}

/**
 * Generator outputs (after the 16 discarded) that `drawPathGrowth` consumes for path `path`: the CPU's count, to
 * compare with the kernel's for a flagged path.
 */
export function pathDrawCount(plan: MonteCarloPlan, path: number): number {
  const rng = pathStream(plan.seed, path);
  let draws = 0;
  const next = rng.nextUint32.bind(rng);
  // nextDouble calls this.nextUint32, so an own property counts every output.
  (rng as { nextUint32: Xoshiro128['nextUint32'] }).nextUint32 = () => {
    draws += 1;
    return next();
  };
  const n = plan.underlyings.length;
  for (let j = 0; j < n; j++) rng.nextNormal();
  if (plan.dof !== null) rng.nextChiSquare(plan.dof);
  return draws;
}
