/**
 * The browser bench page (bench.html, built only with `vite build --mode bench|e2e`): Monte Carlo VaR of the bench
 * book on WebGPU and on the CPU worker pool in the same page, with the same plan, through the app's own backends
 * (gpu/gpuBackend.ts with its worker, worker/varPool.ts with var workers) and finishing steps (the engine's
 * `finishMonteCarloGpu` / `finishMonteCarlo`, here on the page's thread). `npm run bench:gpu` and the WebGPU e2e
 * tests drive it through `window.riskdeckBench`; nothing here asserts a time.
 */
import {
  buildMarketModel,
  compileBook,
  finishMonteCarlo,
  finishMonteCarloGpu,
  prepareMonteCarlo,
  resolveBook,
  runMonteCarloChunk,
  type CompiledBook,
  type McDistribution,
  type MonteCarloSetup,
  type VarReport,
} from '../engine/index.ts';
import type { ResolvedPosition } from '../engine/resolve.ts';
import { importMarketText } from '../io/importMarket.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import type { Portfolio } from '../domain/position.ts';
import { loadBundledHistory } from '../worker/historyLoader.ts';
import { VarPool, clampPoolSize, spawnInProcessEndpoint, spawnVarWorkerEndpoint } from '../worker/varPool.ts';
import { GpuBackend } from '../gpu/gpuBackend.ts';
import { checkStride } from '../gpu/mcShader.ts';
import { monteCarloBenchBook } from './benchBook.ts';

/** Which book a bench call uses: the bench book of n positions, or the app's default sample book. */
export type BenchBook = { readonly positions: number } | 'default';

export interface BenchRunOptions {
  readonly book?: BenchBook;
  readonly paths: number;
  readonly seed?: number;
  readonly distribution?: McDistribution;
  readonly dof?: number;
  readonly confidence?: number;
  /** CPU pool size (default: 2, at most the machine's cores). */
  readonly workers?: number;
  readonly backends?: readonly ('webgpu' | 'cpu')[];
}

/** One backend's run of the bench. */
export interface BenchBackendResult {
  readonly backend: 'webgpu' | 'cpu';
  readonly device: string;
  readonly paths: number;
  readonly positions: number;
  readonly options: number;
  readonly simulateMs: number;
  readonly finishMs: number;
  readonly totalMs: number;
  readonly pathsPerSecond: number;
  readonly varUsd: number;
  readonly esUsd: number;
  readonly es975Usd: number;
  /** WebGPU: the GPU's own f32 figures and what the CPU recomputed (null for the CPU pool). */
  readonly gpu: {
    readonly f32VarUsd: number;
    readonly f32EsUsd: number;
    readonly flaggedPaths: number;
    readonly divergedPaths: number;
    readonly refinedPaths: number;
    readonly maxAbsErrorUsd: number;
    readonly chunks: number;
  } | null;
}

const log = document.getElementById('log')!;
const say = (line: string) => {
  log.textContent = `${log.textContent === 'loading…' ? '' : `${log.textContent}\n`}${line}`;
  console.info(`[bench] ${line}`);
};

const gpu = new GpuBackend();

/** A progress logger that prints each tenth of the paths once. */
function tenths(name: string): (done: number, total: number) => void {
  let shown = 0;
  return (done, total) => {
    const tenth = Math.floor((10 * done) / total);
    if (tenth <= shown) return;
    shown = tenth;
    console.info(`[bench] ${name} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} paths`);
  };
}

async function loadData() {
  const [marketText, bookText] = await Promise.all([
    fetch('./data/default-market.json').then((r) => r.text()),
    fetch('./data/default-portfolio.csv').then((r) => r.text()),
  ]);
  const m = importMarketText(marketText, 'default-market.json');
  if (!m.ok) throw new Error(m.error);
  const b = importPortfolioText(bookText, 'default-portfolio.csv');
  if (!b.ok) throw new Error(b.error);
  const { history } = await loadBundledHistory(new URL('./data/history/', document.baseURI).href);
  return { market: m.snapshot, model: buildMarketModel(m.snapshot), defaultBook: b.result.portfolio, history };
}
const data = loadData();

interface Prepared {
  readonly book: CompiledBook;
  readonly positions: readonly ResolvedPosition[];
  readonly setup: MonteCarloSetup;
}

async function prepare(o: BenchRunOptions): Promise<Prepared> {
  const { market, model, defaultBook, history } = await data;
  const spec = o.book ?? { positions: 1000 };
  const portfolio: Portfolio = spec === 'default' ? defaultBook : monteCarloBenchBook(market, spec.positions);
  const resolved = resolveBook(portfolio, model);
  const book = compileBook(resolved, model);
  const s = prepareMonteCarlo(book, history, {
    paths: o.paths,
    seed: o.seed ?? 1,
    distribution: o.distribution ?? 'normal',
    ...(o.dof !== undefined ? { dof: o.dof } : {}),
    ...(o.confidence !== undefined ? { confidence: o.confidence } : {}),
  });
  if (!s.ok) throw new Error(s.error);
  return { book, positions: resolved.positions, setup: s.setup };
}

function figures(r: VarReport) {
  return { varUsd: r.varUsd, esUsd: r.esUsd, es975Usd: r.es975Usd };
}

async function runGpu(p: Prepared): Promise<BenchBackendResult> {
  const adapter = await gpu.available();
  if (!adapter) throw new Error('this browser offers no WebGPU adapter');
  const t0 = performance.now();
  const [out] = await gpu.run([{ book: p.book, plan: p.setup.plan }], { onProgress: tenths('webgpu') });
  const t1 = performance.now();
  const fin = finishMonteCarloGpu(p.book, p.setup, out!, { positions: p.positions });
  const t2 = performance.now();
  if (!fin.outcome.ok) throw new Error(fin.outcome.error);
  const a = fin.accuracy!;
  const paths = p.setup.plan.paths;
  return {
    backend: 'webgpu',
    device: adapter.label,
    paths,
    positions: p.positions.length,
    options: p.book.nOptions,
    simulateMs: t1 - t0,
    finishMs: t2 - t1,
    totalMs: t2 - t0,
    pathsPerSecond: (paths * 1000) / (t1 - t0),
    ...figures(fin.outcome.report),
    gpu: {
      f32VarUsd: a.f32VarUsd,
      f32EsUsd: a.f32EsUsd,
      flaggedPaths: a.flaggedPaths,
      divergedPaths: a.divergedPaths,
      refinedPaths: a.refinedPaths,
      maxAbsErrorUsd: a.maxAbsErrorUsd,
      chunks: out!.chunks,
    },
  };
}

async function runCpu(p: Prepared, workers: number): Promise<BenchBackendResult> {
  const pool = new VarPool(
    () => spawnVarWorkerEndpoint(),
    workers,
    () => spawnInProcessEndpoint(),
  );
  try {
    const t0 = performance.now();
    const progress = tenths('cpu');
    const [pnl] = await pool.run([{ book: p.book, plan: p.setup.plan }], { onProgress: (q) => progress(q.done, q.total) });
    const t1 = performance.now();
    const out = finishMonteCarlo(p.book, p.setup, pnl!, { positions: p.positions });
    const t2 = performance.now();
    if (!out.ok) throw new Error(out.error);
    const paths = p.setup.plan.paths;
    return {
      backend: 'cpu',
      device: `${workers} CPU worker${workers === 1 ? '' : 's'}`,
      paths,
      positions: p.positions.length,
      options: p.book.nOptions,
      simulateMs: t1 - t0,
      finishMs: t2 - t1,
      totalMs: t2 - t0,
      pathsPerSecond: (paths * 1000) / (t1 - t0),
      ...figures(out.report),
      gpu: null,
    };
  } finally {
    pool.terminate();
  }
}

const api = {
  ready: data.then(() => true),

  /** The WebGPU adapter of this browser, or null. */
  adapter: () => gpu.available(),

  /** Monte Carlo VaR on each backend in turn, same book and plan. */
  async monteCarlo(o: BenchRunOptions): Promise<BenchBackendResult[]> {
    const p = await prepare(o);
    const workers = clampPoolSize(o.workers ?? 2);
    const out: BenchBackendResult[] = [];
    for (const backend of o.backends ?? ['webgpu', 'cpu']) {
      say(`${backend}: ${o.paths.toLocaleString('en-US')} paths × ${p.positions.length} positions (${p.book.nOptions} distinct options)…`);
      const r = backend === 'webgpu' ? await runGpu(p) : await runCpu(p, workers);
      say(
        `${backend} (${r.device}): simulate ${r.simulateMs.toFixed(0)} ms, finish ${r.finishMs.toFixed(0)} ms, VaR ${r.varUsd.toFixed(2)}`,
      );
      out.push(r);
    }
    return out;
  },

  /**
   * The WGSL generator for `paths` under the plan of `o` (checkStride(nUl) words per path: the path, 8 raw outputs,
   * the normals' and the scale's f32 bits, the outputs used, the flag).
   */
  async checkStreams(
    o: BenchRunOptions & { readonly check: readonly number[] },
  ): Promise<{ words: number[]; stride: number; nUl: number }> {
    const p = await prepare(o);
    const words = await gpu.checkStreams({ book: p.book, plan: p.setup.plan }, o.check);
    const nUl = p.setup.plan.underlyings.length;
    return { words: Array.from(words), stride: checkStride(nUl), nUl };
  },

  /** Per-path P&L on the GPU against the CPU engine's f64 (`runMonteCarloChunk`) for the plan of `o`. */
  async comparePaths(o: BenchRunOptions) {
    const p = await prepare(o);
    const [out] = await gpu.run([{ book: p.book, plan: p.setup.plan }]);
    const cpu = runMonteCarloChunk(p.book, p.setup.plan, 0, p.setup.plan.paths);
    const flagged = new Set<number>();
    for (let i = 0; i < out!.flagged.length; i += 2) flagged.add(out!.flagged[i]!);
    let maxAbsErrorUsd = 0;
    let maxAbsPnlUsd = 0;
    for (let i = 0; i < cpu.length; i++) {
      maxAbsPnlUsd = Math.max(maxAbsPnlUsd, Math.abs(cpu[i]!));
      if (!flagged.has(i)) maxAbsErrorUsd = Math.max(maxAbsErrorUsd, Math.abs(out!.pnl[i]! - cpu[i]!));
    }
    return { paths: cpu.length, flaggedPaths: flagged.size, maxAbsErrorUsd, maxAbsPnlUsd, options: p.book.nOptions };
  },
};

(window as unknown as { riskdeckBench: typeof api }).riskdeckBench = api;
void data.then(
  () => say('ready'),
  (e: unknown) => say(`could not load the bundled data: ${e instanceof Error ? e.message : String(e)}`),
);

export type RiskdeckBench = typeof api;
