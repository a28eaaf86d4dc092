/**
 * Worker API of issue 5: VaR/ES, component and incremental VaR, backtest. Plain functions of structured-clone data;
 * each takes `BookInputs` and reuses the cached market model and resolved/compiled book (bookCache.ts). Merged into
 * riskApi, so it runs on the `var` channel (cancel mode: a newer request terminates the older one's worker).
 *
 * - VaR is computed on the **base** market (the `scenario` argument is accepted for the feature signature and
 *   ignored): VaR is the distribution of the next h days' P&L from the market as it is; a what-if shock is a
 *   hypothetical instantaneous move, and revaluing history's returns from a shocked market would mix the two (and the
 *   what-if "days forward" would collide with the VaR horizon). What-if *trades* are part of the book, and
 *   `incremental` says what they add (the same method, window and seed with and without them).
 * - Histories: the bundled `public/data/history` files, fetched once per worker from the page's own origin
 *   (`historyUrl`, resolved by the page: a worker's own URL is under assets/) and cached.
 * - Monte Carlo on the pool (worker/varPool.ts): `prepareMonteCarloRun` hands out the compiled book(s) and plan(s),
 *   the pool runs `runMonteCarloChunk` over path ranges (`varChunkApi`, exposed by var.worker.ts), and
 *   `finishMonteCarloRun` turns the merged path P&Ls into the same report `runVar` returns in one call.
 */
import {
  finishMonteCarlo,
  finishMonteCarloGpu,
  incrementalVar,
  prepareMonteCarlo,
  runBacktest,
  runMonteCarloChunk,
  runVar,
  type BacktestParams,
  type BacktestReport,
  type CompiledBook,
  type GpuAccuracy,
  type GpuPaths,
  type IncrementalVar,
  type MonteCarloPlan,
  type MonteCarloSetup,
  type VarHistory,
  type VarOutcome,
  type VarParams,
  type VarReport,
} from '../../engine/index.ts';
import type { Portfolio } from '../../domain/position.ts';
import type { Scenario } from '../../domain/scenario.ts';
import { loadBundledHistory } from '../historyLoader.ts';
import { bookContext, type BookContext, type BookInputs } from '../bookCache.ts';

export { HISTORY_FILES } from '../historyLoader.ts';

/** VaR parameters as the panel sends them: the engine's, plus where the histories live. */
export interface VarPanelParams extends Omit<VarParams, 'positions'> {
  /** Absolute URL of the folder holding HISTORY_FILES (the page's `./data/history/`). */
  readonly historyUrl: string;
}

/** Backtest parameters as the panel sends them. */
export interface BacktestPanelParams extends BacktestParams {
  readonly historyUrl: string;
}

/** The engine's report without the per-scenario P&L vector (up to millions of paths; the histogram is enough). */
export type VarPanelReport = Omit<VarReport, 'pnlUsd'> & { readonly pnlUsd: null };

export interface VarPanelData {
  readonly report: VarPanelReport;
  /** VaR/ES with and without the active what-if trades; null when the book has none. */
  readonly incremental: IncrementalVar | null;
  /** Active (not excluded) what-if rows. */
  readonly whatIfCount: number;
  /** Rows that could not be valued on this market (left out of VaR, as of every figure). */
  readonly unpricedCount: number;
  readonly historyWarnings: readonly string[];
  /** Compute time in the worker, ms (for Monte Carlo: the finishing step only). */
  readonly workerMs: number;
  /** A WebGPU run: what was recomputed in f64 and how the GPU's own f32 figures compare (gpuFinish.ts). */
  readonly gpu?: GpuAccuracy;
}

/** Progress of a finishing step: fraction 0 … 1 and what it is doing. */
export type FinishProgressFn = (fraction: number, label?: string) => void;

export type VarPanelOutcome = { readonly ok: true; readonly value: VarPanelData } | { readonly ok: false; readonly error: string };

export interface BacktestPanelData {
  readonly report: BacktestReport;
  readonly unpricedCount: number;
  readonly workerMs: number;
}

export type BacktestPanelOutcome =
  { readonly ok: true; readonly value: BacktestPanelData } | { readonly ok: false; readonly error: string };

/** One book to simulate on the pool: the compiled book and its plan (plain data, posted to the pool workers). */
export interface PooledBook {
  readonly book: CompiledBook;
  readonly plan: MonteCarloPlan;
}

/**
 * What the pool must run: the book (with its what-if trades) and, when there are active what-if trades, the book
 * without them (for incremental VaR). `direct` when nothing needs simulating (a cash-only book): the final outcome.
 */
export type MonteCarloRunPlan =
  | { readonly kind: 'pooled'; readonly main: PooledBook; readonly withoutWhatIf: PooledBook | null }
  | { readonly kind: 'direct'; readonly outcome: VarPanelOutcome };

// ---------------------------------------------------------------------------------------------------------------
// Histories.

/** The bundled histories under `baseUrl` (see historyLoader.ts). */
export const loadHistory = loadBundledHistory;

// ---------------------------------------------------------------------------------------------------------------
// Books with and without the what-if trades.

/** Active what-if rows (excluded rows are in no figure anyway). */
function whatIfCount(portfolio: Portfolio): number {
  return portfolio.positions.filter((p) => p.whatIf && !p.excluded).length;
}

/** The book without its what-if rows, cached beside the full book (key derived from the full book's key). */
function contextWithoutWhatIf(inputs: BookInputs): BookContext {
  const portfolio: Portfolio = { ...inputs.portfolio, positions: inputs.portfolio.positions.filter((p) => !p.whatIf) };
  return bookContext({ ...inputs, portfolio, ...(inputs.bookKey !== undefined ? { bookKey: `${inputs.bookKey}:without-what-if` } : {}) });
}

function engineParams(params: VarPanelParams): Omit<VarParams, 'positions'> {
  const { historyUrl: _url, ...rest } = params;
  return rest;
}

function panelReport(report: VarReport): VarPanelReport {
  return { ...report, pnlUsd: null };
}

function errorOutcome(e: unknown): { ok: false; error: string } {
  return { ok: false, error: e instanceof Error ? e.message : String(e) };
}

function since(t0: number): number {
  return performance.now() - t0;
}

/** The panel's answer for a finished VaR report (one-call and pooled runs alike). */
function panelOutcome(
  report: VarReport,
  incremental: IncrementalVar | null,
  whatIfCount: number,
  ctx: BookContext,
  historyWarnings: readonly string[],
  t0: number,
  gpu?: GpuAccuracy,
): VarPanelOutcome {
  return {
    ok: true,
    value: {
      report: panelReport(report),
      incremental,
      whatIfCount,
      unpricedCount: ctx.resolved.errors.length,
      historyWarnings,
      workerMs: since(t0),
      ...(gpu ? { gpu } : {}),
    },
  };
}

/**
 * Incremental VaR of the active what-if trades after a pooled or GPU Monte Carlo run: the full book's report and the
 * bare book's figures from its own paths (`finishBare`); null when the book has no what-if trade.
 */
function monteCarloIncremental<T>(
  inputs: BookInputs,
  history: VarHistory,
  p: Omit<VarParams, 'positions'>,
  report: VarReport,
  pathsWithout: T | null,
  finishBare: (bare: CompiledBook, setup: MonteCarloSetup, paths: T) => VarOutcome,
): { ok: true; incremental: IncrementalVar | null; whatIfCount: number } | { ok: false; error: string } {
  const nWhatIf = whatIfCount(inputs.portfolio);
  if (nWhatIf === 0) return { ok: true, incremental: null, whatIfCount: 0 };
  const bare = contextWithoutWhatIf(inputs).compiled();
  let without = { varUsd: 0, esUsd: 0 };
  if (bare.underlyings.length > 0) {
    if (!pathsWithout) return { ok: false, error: 'incremental VaR of the what-if trades: the paths of the book without them are missing' };
    const ws = prepareMonteCarlo(bare, history, p);
    if (!ws.ok) return ws;
    const w = finishBare(bare, ws.setup, pathsWithout);
    if (!w.ok) return w;
    without = { varUsd: w.report.varUsd, esUsd: w.report.esUsd };
  }
  return {
    ok: true,
    whatIfCount: nWhatIf,
    incremental: {
      varWithUsd: report.varUsd,
      varWithoutUsd: without.varUsd,
      esWithUsd: report.esUsd,
      esWithoutUsd: without.esUsd,
      incrementalVarUsd: report.varUsd - without.varUsd,
      incrementalEsUsd: report.esUsd - without.esUsd,
    },
  };
}

/** A Comlink progress proxy called at most every 40 ms (each call is a message to the page). */
function throttled(onProgress: FinishProgressFn | undefined): ((fraction: number, label: string) => void) | undefined {
  if (!onProgress) return undefined;
  let last = -Infinity;
  return (fraction, label) => {
    const now = performance.now();
    if (now - last < 40 && fraction < 1) return;
    last = now;
    void onProgress(fraction, label);
  };
}

export const varApi = {
  /**
   * VaR and ES of the book at the base market by any method in one call (Monte Carlo single-threaded: the panel
   * uses the pool instead), with components per underlying and position and the incremental VaR of the what-if
   * trades.
   */
  async computeVar(inputs: BookInputs, _scenario: Scenario, params: VarPanelParams): Promise<VarPanelOutcome> {
    try {
      const { history, warnings } = await loadHistory(params.historyUrl);
      const t0 = performance.now();
      const ctx = bookContext(inputs);
      const book = ctx.compiled();
      const p = engineParams(params);
      const out = runVar(book, history, { ...p, positions: ctx.resolved.positions });
      if (!out.ok) return out;
      const nWhatIf = whatIfCount(inputs.portfolio);
      let incremental: IncrementalVar | null = null;
      if (nWhatIf > 0) {
        const inc = incrementalVar(book, contextWithoutWhatIf(inputs).compiled(), history, p);
        if (!inc.ok) return { ok: false, error: `incremental VaR of the what-if trades: ${inc.error}` };
        incremental = inc.value;
      }
      return panelOutcome(out.report, incremental, nWhatIf, ctx, warnings, t0);
    } catch (e) {
      return errorOutcome(e);
    }
  },

  /** First step of a pooled Monte Carlo run: compiled book(s) and plan(s) for the pool workers. */
  async prepareMonteCarloRun(inputs: BookInputs, scenario: Scenario, params: VarPanelParams): Promise<MonteCarloRunPlan> {
    try {
      const { history } = await loadHistory(params.historyUrl);
      const ctx = bookContext(inputs);
      const book = ctx.compiled();
      // Nothing to simulate (cash only): the one-call path gives the engine's answer.
      if (book.underlyings.length === 0) return { kind: 'direct', outcome: await varApi.computeVar(inputs, scenario, params) };
      const p = engineParams(params);
      const main = prepareMonteCarlo(book, history, p);
      if (!main.ok) return { kind: 'direct', outcome: main };
      let withoutWhatIf: PooledBook | null = null;
      if (whatIfCount(inputs.portfolio) > 0) {
        const bare = contextWithoutWhatIf(inputs).compiled();
        if (bare.underlyings.length > 0) {
          const w = prepareMonteCarlo(bare, history, p);
          if (!w.ok) return { kind: 'direct', outcome: { ok: false, error: `incremental VaR of the what-if trades: ${w.error}` } };
          withoutWhatIf = { book: bare, plan: w.setup.plan };
        }
      }
      return { kind: 'pooled', main: { book, plan: main.setup.plan }, withoutWhatIf };
    } catch (e) {
      return { kind: 'direct', outcome: errorOutcome(e) };
    }
  },

  /**
   * Last step of a pooled Monte Carlo run: the report from the merged path P&Ls (bit-for-bit those of a one-call
   * run), components, and the incremental VaR from the without-what-if book's paths.
   * @param pnlWithout P&L of the book without its what-if trades (null when it has none, or is cash only)
   */
  async finishMonteCarloRun(
    inputs: BookInputs,
    _scenario: Scenario,
    params: VarPanelParams,
    pnl: Float64Array,
    pnlWithout: Float64Array | null,
    onProgress?: FinishProgressFn,
  ): Promise<VarPanelOutcome> {
    try {
      const { history, warnings } = await loadHistory(params.historyUrl);
      const t0 = performance.now();
      const ctx = bookContext(inputs);
      const book = ctx.compiled();
      const p = engineParams(params);
      // The plan is a pure function of (book, history, params): recomputing it is cheaper than keeping it.
      const setup = prepareMonteCarlo(book, history, p);
      if (!setup.ok) return setup;
      const progress = throttled(onProgress);
      const out = finishMonteCarlo(
        book,
        setup.setup,
        pnl,
        { ...p, positions: ctx.resolved.positions },
        progress ? { onProgress: progress } : {},
      );
      if (!out.ok) return out;
      const inc = monteCarloIncremental(inputs, history, p, out.report, pnlWithout, (bare, setup, paths) =>
        finishMonteCarlo(bare, setup, paths, p),
      );
      if (!inc.ok) return inc;
      return panelOutcome(out.report, inc.incremental, inc.whatIfCount, ctx, warnings, t0);
    } catch (e) {
      return errorOutcome(e);
    }
  },

  /**
   * Last step of a WebGPU Monte Carlo run (engine/var/gpuFinish.ts): flagged paths recomputed in f64, the tail
   * refined in f64 (so VaR, ES and components are the CPU engine's), the GPU's own f32 figures kept in `gpu`.
   * @param without the GPU's paths of the book without its what-if trades (null when it has none, or is cash only)
   */
  async finishMonteCarloGpuRun(
    inputs: BookInputs,
    _scenario: Scenario,
    params: VarPanelParams,
    main: GpuPaths,
    without: GpuPaths | null,
    onProgress?: FinishProgressFn,
  ): Promise<VarPanelOutcome> {
    try {
      const { history, warnings } = await loadHistory(params.historyUrl);
      const t0 = performance.now();
      const ctx = bookContext(inputs);
      const book = ctx.compiled();
      const p = engineParams(params);
      const setup = prepareMonteCarlo(book, history, p);
      if (!setup.ok) return setup;
      const progress = throttled(onProgress);
      const fin = finishMonteCarloGpu(
        book,
        setup.setup,
        main,
        { ...p, positions: ctx.resolved.positions },
        progress ? { onProgress: progress } : {},
      );
      if (!fin.outcome.ok) return fin.outcome;
      const report = fin.outcome.report;
      const inc = monteCarloIncremental(
        inputs,
        history,
        p,
        report,
        without,
        (bare, s, paths) => finishMonteCarloGpu(bare, s, paths, p).outcome,
      );
      if (!inc.ok) return inc;
      return panelOutcome(report, inc.incremental, inc.whatIfCount, ctx, warnings, t0, fin.accuracy ?? undefined);
    } catch (e) {
      return errorOutcome(e);
    }
  },

  /** Rolling 1-day VaR of today's book against its hypothetical daily P&L, with the traffic light and the tests. */
  async computeBacktest(inputs: BookInputs, _scenario: Scenario, params: BacktestPanelParams): Promise<BacktestPanelOutcome> {
    try {
      const { history } = await loadHistory(params.historyUrl);
      const t0 = performance.now();
      const ctx = bookContext(inputs);
      const { historyUrl: _url, ...p } = params;
      const out = runBacktest(ctx.compiled(), history, p);
      if (!out.ok) return out;
      return { ok: true, value: { report: out.report, unpricedCount: ctx.resolved.errors.length, workerMs: since(t0) } };
    } catch (e) {
      return errorOutcome(e);
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The pool workers' API (var.worker.ts exposes it; the Node bench runs it on worker_threads).

/**
 * The pool workers' API: one loaded task (book + plan) at a time, chunks of its paths on request. A factory, so
 * in-process endpoints (tests, the no-worker fallback) each get their own state, as separate workers would.
 */
export function createVarChunkApi() {
  let task: { id: number; book: CompiledBook; plan: MonteCarloPlan } | null = null;
  return {
    /** Keep the book and plan of run `taskId` for the chunks that follow. */
    load(taskId: number, book: CompiledBook, plan: MonteCarloPlan): void {
      task = { id: taskId, book, plan };
    },

    /** P&L of paths start … start + count − 1 of the loaded task (`runMonteCarloChunk`). */
    runChunk(taskId: number, start: number, count: number): Float64Array {
      if (!task || task.id !== taskId) throw new Error(`Monte Carlo task ${taskId} is not loaded in this worker`);
      return runMonteCarloChunk(task.book, task.plan, start, count);
    },
  };
}

export type VarChunkApi = ReturnType<typeof createVarChunkApi>;
