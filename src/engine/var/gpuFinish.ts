/**
 * The finishing step of a GPU Monte Carlo run (gpuPlan.ts): from the kernel's f32 P&L per path to the same report
 * the CPU engine gives, in f64.
 *
 * 1. Flagged paths (a near-boundary accept/reject decision, or a P&L that is not finite in f32) are recomputed in
 *    f64 (`pathDetail`); a flagged path whose CPU draw used another number of generator outputs than the kernel's
 *    had really taken the other branch in f32 (`divergedPaths`). After this every path has the CPU's draws.
 * 2. The f32 VaR and ES (quantile rule over these P&Ls) are kept as the GPU's own figures (`f32VarUsd`,
 *    `f32EsUsd`): what the GPU alone would report.
 * 3. Tail refinement: the k tail paths by the f32 ranking are revalued in f64 (needed anyway for the components),
 *    which measures the f32 error e = max |P&L_f32 − P&L_f64| over them; every other path whose f32 P&L is within
 *    δ = 4e (at least 1e-9 of the largest loss) of the k-th is revalued too, and δ grows while 4e exceeds it. A
 *    path left out has an f32 P&L above the k-th by more than δ, so with errors of that size it cannot enter the
 *    f64 tail: the VaR and ES are then the CPU engine's own, and the components (from the same f64 tail paths) add
 *    up to them. ES at 97.5 % uses these exact tail P&Ls and the f32 P&Ls of the rest of its (larger) tail.
 * 4. `finishMonteCarlo` on the repaired vector, reusing the f64 tail paths.
 *
 * Verified by: gpuFinish.test.ts (with a simulated f32 vector: exact CPU figures after refinement, flagged and
 * diverged paths repaired and counted, the f32 figures within their error), e2e/var-gpu.spec.ts on a real adapter.
 */
import type { CompiledBook } from '../risk/compiledBook.ts';
import { tailMeasure } from '../math/stats.ts';
import { pathDetail } from './monteCarlo.ts';
import { pathDrawCount } from './gpuPlan.ts';
import { finishMonteCarlo, type MonteCarloSetup, type PathDetail, type VarOutcome, type VarParams } from './index.ts';

/** What the GPU hands back for one book (gpu/gpuMonteCarlo.ts `GpuRunOutput`, the part the engine needs). */
export interface GpuPaths {
  /** P&L per path, USD, f32. */
  readonly pnl: Float32Array;
  /** Flagged paths as (path, generator outputs used by the kernel) pairs. */
  readonly flagged: Uint32Array;
  readonly flagOverflow: boolean;
}

/** How the GPU's f32 figures compare with the exact ones, and what was recomputed on the CPU. */
export interface GpuAccuracy {
  /** Paths the kernel flagged (near-boundary decisions) plus paths with a non-finite f32 P&L; recomputed in f64. */
  readonly flaggedPaths: number;
  /** Flagged paths where f32 had taken the other branch (another number of generator outputs than the CPU). */
  readonly divergedPaths: number;
  /** VaR and ES by the quantile rule over the GPU's f32 P&Ls (flagged paths recomputed), USD. */
  readonly f32VarUsd: number;
  readonly f32EsUsd: number;
  /** Paths revalued in f64 for the tail (the k tail paths and the band above the k-th). */
  readonly refinedPaths: number;
  /** Largest |P&L_f32 − P&L_f64| over the refined paths, USD. */
  readonly maxAbsErrorUsd: number;
  /** Final half-width δ of the refinement band, USD. */
  readonly bandUsd: number;
}

export interface GpuFinishOptions {
  readonly onProgress?: (fraction: number, label: string) => void;
}

/** Flagged paths and the refinement take this share of the progress bar; finishMonteCarlo the rest. */
const REFINE_SHARE = 0.4;
const MAX_REFINE_ROUNDS = 6;

/**
 * The report of a GPU run (module header), or an error; `accuracy` is null when the run could not be finished.
 * @param params the run's parameters (positions for per-position components, histogram bins)
 */
export function finishMonteCarloGpu(
  book: CompiledBook,
  setup: MonteCarloSetup,
  gpu: GpuPaths,
  params: Omit<VarParams, 'method'> = {},
  options: GpuFinishOptions = {},
): { outcome: VarOutcome; accuracy: GpuAccuracy | null } {
  const { plan } = setup;
  const N = plan.paths;
  const progress = options.onProgress;
  if (gpu.pnl.length !== N)
    return { outcome: { ok: false, error: `expected ${N} path P&Ls from the GPU, got ${gpu.pnl.length}` }, accuracy: null };
  if (gpu.flagOverflow)
    return {
      outcome: { ok: false, error: 'the GPU flagged more near-boundary draws than it can list; run this on the CPU workers' },
      accuracy: null,
    };
  const pnl = Float64Array.from(gpu.pnl);
  const f32 = gpu.pnl;
  const cache = new Map<number, PathDetail>();
  const exact = (p: number): PathDetail => {
    let d = cache.get(p);
    if (!d) {
      d = pathDetail(book, plan, p);
      cache.set(p, d);
    }
    return d;
  };

  // 1. Flagged and non-finite paths: the CPU's draws, in f64.
  progress?.(0, 'recomputing flagged paths');
  const kernelDraws = new Map<number, number>();
  for (let i = 0; i + 1 < gpu.flagged.length; i += 2) kernelDraws.set(gpu.flagged[i]!, gpu.flagged[i + 1]!);
  for (let p = 0; p < N; p++) if (!Number.isFinite(pnl[p]!)) kernelDraws.set(p, kernelDraws.get(p) ?? -1);
  let diverged = 0;
  for (const [p, draws] of kernelDraws) {
    if (p >= N) continue;
    pnl[p] = exact(p).pnl;
    if (draws >= 0 && pathDrawCount(plan, p) !== draws) diverged++;
  }
  const bad = pnl.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0)
    return {
      outcome: { ok: false, error: `the book's P&L is not a finite number on Monte Carlo path ${bad} (check the market data)` },
      accuracy: null,
    };

  // 2. The GPU's own figures.
  progress?.(0.05 * REFINE_SHARE, 'selecting the GPU tail');
  const tm = tailMeasure(pnl, setup.confidence);

  // 3. Refinement around the k-th P&L.
  const vk = pnl[tm.tail[tm.k - 1]!]!;
  const worst = Math.abs(pnl[tm.tail[0]!]!);
  const refined = new Set<number>();
  let maxErr = 0;
  const refine = (p: number) => {
    if (refined.has(p)) return;
    refined.add(p);
    const v = exact(p).pnl;
    if (!kernelDraws.has(p)) maxErr = Math.max(maxErr, Math.abs(f32[p]! - v));
    pnl[p] = v;
  };
  const tailEvery = Math.max(1, Math.floor(tm.k / 50));
  tm.tail.forEach((p, j) => {
    refine(p);
    if (progress && (j + 1) % tailEvery === 0)
      progress((0.1 + (0.85 * (j + 1)) / tm.k) * REFINE_SHARE, `tail paths in f64 ${j + 1} / ${tm.k}`);
  });
  let band = Math.max(4 * maxErr, 1e-9 * worst);
  for (let round = 0; round < MAX_REFINE_ROUNDS; round++) {
    const limit = vk + band;
    for (let p = 0; p < N; p++) if (!refined.has(p) && !kernelDraws.has(p) && f32[p]! <= limit) refine(p);
    if (4 * maxErr <= band) break;
    band = 4 * maxErr;
  }

  // 4. The report from the repaired vector, reusing the f64 tail paths.
  const outcome = finishMonteCarlo(book, setup, pnl, params, {
    detail: (p) => cache.get(p),
    ...(progress ? { onProgress: (f: number, label: string) => progress(REFINE_SHARE + (1 - REFINE_SHARE) * f, label) } : {}),
  });
  return {
    outcome,
    accuracy: {
      flaggedPaths: kernelDraws.size,
      divergedPaths: diverged,
      f32VarUsd: tm.varUsd,
      f32EsUsd: tm.esUsd,
      refinedPaths: refined.size,
      maxAbsErrorUsd: maxErr,
      bandUsd: band,
    },
  };
}
