/**
 * The VaR panel's jobs, in order, on the `var` channel (cancel mode: a request there terminates whatever the
 * channel has in flight):
 *
 * 1. VaR of the current (book, market, settings): one `computeVar` call, or for Monte Carlo `prepareMonteCarloRun`
 *    → the worker pool (progress, Cancel) → `finishMonteCarloRun`. A change of any input supersedes the job: it is
 *    aborted (worker and pool terminated) and the new one starts after a short debounce, so typing "2000000" in the
 *    paths field starts one run, not seven.
 * 2. Then the backtest (it shares the channel, so it waits for the VaR; a new VaR job aborts a backtest in flight
 *    and it reruns afterwards).
 *
 * The last good results stay on screen while newer ones compute ("computing…"), after an error, and after a
 * cancel. The runner outlives the panel (module state): switching tabs away aborts the work (`detach`, which also
 * terminates the pool's workers) but keeps the figures, and coming back only recomputes what changed.
 */
import type { BookInputs } from '../../worker/bookCache.ts';
import { isSupersededError, type RiskClient } from '../../worker/riskClient.ts';
import type { PoolEvent, VarPool } from '../../worker/varPool.ts';
import type {
  BacktestPanelData,
  BacktestPanelParams,
  PooledBook,
  VarPanelData,
  VarPanelOutcome,
  VarPanelParams,
} from '../../worker/api/varApi.ts';
import type { GpuAdapterSummary, GpuRunner } from '../../gpu/gpuBackend.ts';
import type { McBackendChoice, McProgress } from './varModel.ts';

export type RunnerClient = Pick<RiskClient, 'request'>;
export type RunnerPool = Pick<VarPool, 'run' | 'terminate' | 'setSize' | 'subscribe'>;
export type RunnerGpu = GpuRunner;

/** What the panel wants computed now. */
export interface VarJob {
  readonly inputs: BookInputs;
  /** Identity of (book, market, VaR parameters): equal keys mean equal results. */
  readonly varKey: string;
  readonly varParams: VarPanelParams;
  /** Monte Carlo on the pool (else one call on the var worker). */
  readonly pooled: boolean;
  readonly poolSize: number;
  /** Where Monte Carlo paths run: WebGPU when an adapter exists (auto), or always the CPU workers. Default auto. */
  readonly backend?: McBackendChoice;
  readonly backtestKey: string;
  readonly backtestParams: BacktestPanelParams;
}

export type JobStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface JobState<T> {
  /** Of the wanted key: running until its result (or error, or cancel) arrives. */
  readonly status: JobStatus;
  /** Last good result (possibly for an older key: shown while the new one computes). */
  readonly data: T | null;
  readonly dataKey: string | null;
  /** Error of the wanted key. */
  readonly error: string | null;
  /** Request-to-result time of `data`, ms. */
  readonly ms: number | null;
}

export interface VarRunnerState {
  readonly var: JobState<VarPanelData> & {
    /** Monte Carlo progress of the running job, else null. */
    readonly progress: McProgress | null;
    /** Backend used for `data` (null: one call on the var worker). */
    readonly pool: McRunInfo | null;
  };
  readonly backtest: JobState<BacktestPanelData>;
  /** A pool worker crashed (and was replaced) or workers are unavailable: said once, beside the progress bar. */
  readonly poolNotice: string | null;
}

/** Where a Monte Carlo run's paths were simulated, and how fast. */
export interface McRunInfo {
  readonly backend: 'cpu' | 'webgpu';
  /** CPU pool workers (0 on WebGPU). */
  readonly workers: number;
  /** Chunks the paths were split into (CPU pool; 0 on WebGPU). */
  readonly chunks: number;
  /** Paths simulated (every book of the run). */
  readonly paths: number;
  /** Simulation time, from the first path handed out to the last P&L back on the page, ms (kernel compile excluded). */
  readonly simulateMs: number;
  readonly pathsPerSecond: number;
  /** WebGPU: time spent compiling the kernel in this run (first run of a book shape), ms; 0 on the CPU. */
  readonly compileMs: number;
  /** The WebGPU adapter, else null. */
  readonly adapter: GpuAdapterSummary | null;
}

/** Least time between two progress repaints, ms. */
const PROGRESS_INTERVAL_MS = 50;

const IDLE = { status: 'idle' as const, data: null, dataKey: null, error: null, ms: null };

export const INITIAL_RUNNER_STATE: VarRunnerState = {
  var: { ...IDLE, progress: null, pool: null },
  backtest: { ...IDLE },
  poolNotice: null,
};

interface Flight {
  readonly key: string;
  readonly controller: AbortController;
}

export interface VarRunnerOptions {
  /** Wait before starting a superseding VaR job, ms (default 120; 0 in tests). */
  readonly debounceMs?: number;
  /** The WebGPU backend; without one every Monte Carlo run uses the pool. */
  readonly gpu?: RunnerGpu;
}

/** A flight superseded while waiting (rejected like a superseded request, so it is ignored). */
class StaleFlightError extends Error {
  override name = 'StaleRequestError';
}

function runInfo(
  backend: McRunInfo['backend'],
  workers: number,
  chunks: number,
  paths: number,
  simulateMs: number,
  adapter: GpuAdapterSummary | null,
  compileMs = 0,
): McRunInfo {
  const ms = Math.max(0, simulateMs - compileMs);
  return { backend, workers, chunks, paths, simulateMs: ms, pathsPerSecond: ms > 0 ? (paths * 1000) / ms : 0, adapter, compileMs };
}

export class VarRunner {
  private state: VarRunnerState = INITIAL_RUNNER_STATE;
  private readonly listeners = new Set<() => void>();
  private job: VarJob | null = null;
  private varFlight: Flight | null = null;
  private backtestFlight: Flight | null = null;
  /** Keys whose outcome (result or error) is known. */
  private varSettled: string | null = null;
  private backtestSettled: string | null = null;
  private cancelledKey: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attached = 0;
  private readonly debounceMs: number;
  private readonly gpu: RunnerGpu | null;
  private unsubscribePool: (() => void) | null = null;
  /** A crash notice is about one run (cleared by the next); a fallback notice stays. */
  private noticeKind: PoolEvent['type'] | null = null;

  constructor(
    private readonly client: RunnerClient,
    private readonly pool: RunnerPool,
    options: VarRunnerOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 120;
    this.gpu = options.gpu ?? null;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): VarRunnerState => this.state;

  /** The panel is on screen: jobs may run. */
  attach(): void {
    this.attached += 1;
    this.unsubscribePool ??= this.pool.subscribe((e) => this.onPoolEvent(e));
  }

  /** The panel left the screen: abort whatever runs and stop the pool's workers; results are kept. */
  detach(): void {
    this.attached = Math.max(0, this.attached - 1);
    if (this.attached > 0) return;
    this.clearTimer();
    this.abortVar();
    this.abortBacktest();
    this.pool.terminate();
    this.gpu?.terminate();
    this.unsubscribePool?.();
    this.unsubscribePool = null;
    this.refreshStatus();
  }

  /** New wanted job (every render with changed inputs); starts what is missing. */
  update(job: VarJob): void {
    this.job = job;
    if (this.attached === 0) return;
    this.schedule();
    this.refreshStatus();
  }

  /** User cancel: stop the running VaR job (Monte Carlo: the pool's workers); keep the last figures. */
  cancel(): void {
    const flight = this.varFlight;
    if (!flight && this.timer === null) return;
    this.clearTimer();
    this.cancelledKey = flight?.key ?? this.job?.varKey ?? null;
    this.abortVar();
    // The pool's workers are terminated (a synchronous chunk cannot stop otherwise); a GPU run stops at its next
    // chunk through the aborted signal and keeps its compiled kernels.
    this.pool.terminate();
    this.refreshStatus();
    this.startBacktestIfDue();
  }

  /** Run the wanted job again after a cancel or an error. */
  rerun(): void {
    this.cancelledKey = null;
    this.varSettled = null;
    this.schedule(true);
    this.refreshStatus();
  }

  // -------------------------------------------------------------------------------------------------------------

  private schedule(immediate = false): void {
    const job = this.job;
    if (!job) return;
    const known = job.varKey === this.varSettled || job.varKey === this.cancelledKey || job.varKey === this.state.var.dataKey;
    if (known || job.varKey === this.varFlight?.key) {
      // Already shown (or deliberately cancelled), or already computing: stop work for any other key.
      this.clearTimer();
      if (known && this.varFlight) this.abortVar();
      this.startBacktestIfDue();
      return;
    }
    // A superseded job stops now (its figures are no longer wanted); the new one starts after the debounce.
    this.abortVar();
    this.abortBacktest();
    this.clearTimer();
    if (immediate || this.debounceMs <= 0) this.startVar();
    else this.timer = setTimeout(() => this.startVar(), this.debounceMs);
  }

  private startVar(): void {
    this.timer = null;
    const job = this.job;
    if (!job || this.attached === 0) return;
    const flight: Flight = { key: job.varKey, controller: new AbortController() };
    this.varFlight = flight;
    if (this.noticeKind === 'crashed') {
      this.noticeKind = null;
      this.set({ ...this.state, poolNotice: null });
    }
    this.setVar({ progress: null });
    this.refreshStatus();
    const started = performance.now();
    const work = job.pooled
      ? this.runPooled(job, flight)
      : this.client
          .request('var', 'computeVar', [job.inputs, {}, job.varParams], { signal: flight.controller.signal })
          .then((o) => ({ outcome: o, pool: null }));
    work.then(
      ({ outcome, pool }) => {
        if (this.varFlight !== flight) return;
        this.varFlight = null;
        this.varSettled = flight.key;
        if (outcome.ok) {
          this.setVar({ data: outcome.value, dataKey: flight.key, error: null, ms: performance.now() - started, progress: null, pool });
        } else {
          this.setVar({ error: outcome.error, progress: null });
        }
        this.refreshStatus();
        this.startBacktestIfDue();
      },
      (e: unknown) => {
        if (this.varFlight !== flight) return; // superseded or cancelled: the newer state is already set
        this.varFlight = null;
        if (isSupersededError(e)) {
          this.refreshStatus();
          return;
        }
        this.varSettled = flight.key;
        this.setVar({ error: `VaR could not be computed: ${e instanceof Error ? e.message : String(e)}`, progress: null });
        this.refreshStatus();
        this.startBacktestIfDue();
      },
    );
  }

  private async runPooled(job: VarJob, flight: Flight): Promise<{ outcome: VarPanelOutcome; pool: VarRunnerState['var']['pool'] }> {
    const signal = flight.controller.signal;
    const live = () => this.varFlight === flight;
    const workers = job.poolSize;
    this.setVar({ progress: { phase: 'preparing', done: 0, total: 0, workers } });
    const plan = await this.client.request('var', 'prepareMonteCarloRun', [job.inputs, {}, job.varParams], { signal });
    if (plan.kind === 'direct') return { outcome: plan.outcome, pool: null };
    const books = plan.withoutWhatIf ? [plan.main, plan.withoutWhatIf] : [plan.main];
    const adapter = await this.gpuFor(job);
    if (!live()) throw new StaleFlightError();
    if (adapter) {
      try {
        return await this.runGpu(job, flight, books, adapter);
      } catch (e) {
        if (isSupersededError(e) || !live()) throw e;
        // A GPU that fails (device lost, kernel refused) must not leave the panel without figures.
        this.noticeKind = 'crashed';
        this.set({
          ...this.state,
          poolNotice: `WebGPU could not run these paths (${e instanceof Error ? e.message : String(e)}); they ran on the CPU workers.`,
        });
      }
    }
    return this.runOnPool(job, flight, books, workers);
  }

  /** The adapter to run on, or null for the pool (backend choice, adapter availability). */
  private async gpuFor(job: VarJob): Promise<GpuAdapterSummary | null> {
    const choice = job.backend ?? 'auto';
    if (choice === 'cpu' || !this.gpu) return null;
    const adapter = await this.gpu.available();
    if (!adapter && choice === 'webgpu') {
      this.noticeKind = 'crashed';
      this.set({ ...this.state, poolNotice: 'This browser offers no WebGPU adapter: the paths ran on the CPU workers.' });
    }
    return adapter;
  }

  private async runOnPool(
    job: VarJob,
    flight: Flight,
    books: readonly PooledBook[],
    workers: number,
  ): Promise<{ outcome: VarPanelOutcome; pool: McRunInfo }> {
    const signal = flight.controller.signal;
    const live = () => this.varFlight === flight;
    const total = books.reduce((s, b) => s + b.plan.paths, 0);
    this.pool.setSize(workers);
    if (live()) this.setVar({ progress: { phase: 'simulating', done: 0, total, workers, backend: 'cpu' } });
    let chunks = 0;
    let shown = 0;
    const t0 = performance.now();
    const [pnl, pnlWithout] = await this.pool.run(books, {
      signal,
      onProgress: (p) => {
        chunks = p.chunks;
        // At most ~20 repaints a second: the page's time is the pool's too (results arrive through it).
        const now = performance.now();
        if (!live() || now - shown < PROGRESS_INTERVAL_MS) return;
        shown = now;
        this.setVar({ progress: { phase: 'simulating', done: p.done, total: p.total, workers, backend: 'cpu' } });
      },
    });
    const simulateMs = performance.now() - t0;
    const outcome = await this.client.request('var', 'finishMonteCarloRun', [job.inputs, {}, job.varParams, pnl!, pnlWithout ?? null], {
      signal,
      onProgress: this.finishingProgress(flight, total, workers, 'cpu'),
    });
    return { outcome, pool: runInfo('cpu', workers, chunks, total, simulateMs, null) };
  }

  private async runGpu(
    job: VarJob,
    flight: Flight,
    books: readonly PooledBook[],
    adapter: GpuAdapterSummary,
  ): Promise<{ outcome: VarPanelOutcome; pool: McRunInfo }> {
    const signal = flight.controller.signal;
    const live = () => this.varFlight === flight;
    const total = books.reduce((s, b) => s + b.plan.paths, 0);
    const progress = (done: number): McProgress => ({
      phase: 'simulating',
      done,
      total,
      workers: 0,
      backend: 'webgpu',
      device: adapter.label,
    });
    if (live()) this.setVar({ progress: progress(0) });
    let shown = 0;
    const t0 = performance.now();
    const [main, without] = await this.gpu!.run(books, {
      signal,
      onProgress: (done) => {
        const now = performance.now();
        if (!live() || now - shown < PROGRESS_INTERVAL_MS) return;
        shown = now;
        this.setVar({ progress: progress(done) });
      },
    });
    const simulateMs = performance.now() - t0;
    const strip = (o: typeof main) => (o ? { pnl: o.pnl, flagged: o.flagged, flagOverflow: o.flagOverflow } : null);
    const outcome = await this.client.request(
      'var',
      'finishMonteCarloGpuRun',
      [job.inputs, {}, job.varParams, strip(main)!, strip(without)],
      {
        signal,
        onProgress: this.finishingProgress(flight, total, 0, 'webgpu', adapter.label),
      },
    );
    const compileMs = (main?.compileMs ?? 0) + (without?.compileMs ?? 0);
    return { outcome, pool: runInfo('webgpu', 0, main?.chunks ?? 0, total, simulateMs, adapter, compileMs) };
  }

  /** Progress callback of a finishing step: the fraction and what it does, repainted at most every 50 ms. */
  private finishingProgress(
    flight: Flight,
    total: number,
    workers: number,
    backend: 'cpu' | 'webgpu',
    device?: string,
  ): (fraction: number, label?: string) => void {
    const base = { phase: 'finishing' as const, done: total, total, workers, backend, ...(device ? { device } : {}) };
    if (this.varFlight === flight) this.setVar({ progress: { ...base, fraction: 0 } });
    let shown = 0;
    return (fraction, label) => {
      const now = performance.now();
      if (this.varFlight !== flight || now - shown < PROGRESS_INTERVAL_MS) return;
      shown = now;
      this.setVar({ progress: { ...base, fraction, ...(label ? { label } : {}) } });
    };
  }

  private startBacktestIfDue(): void {
    const job = this.job;
    if (!job || this.attached === 0 || this.varFlight || this.timer) return;
    if (
      job.backtestKey === this.backtestSettled ||
      job.backtestKey === this.backtestFlight?.key ||
      job.backtestKey === this.state.backtest.dataKey
    )
      return;
    this.abortBacktest();
    const flight: Flight = { key: job.backtestKey, controller: new AbortController() };
    this.backtestFlight = flight;
    this.refreshStatus();
    const started = performance.now();
    this.client.request('var', 'computeBacktest', [job.inputs, {}, job.backtestParams], { signal: flight.controller.signal }).then(
      (outcome) => {
        if (this.backtestFlight !== flight) return;
        this.backtestFlight = null;
        this.backtestSettled = flight.key;
        if (outcome.ok) this.setBacktest({ data: outcome.value, dataKey: flight.key, error: null, ms: performance.now() - started });
        else this.setBacktest({ error: outcome.error });
        this.refreshStatus();
      },
      (e: unknown) => {
        if (this.backtestFlight !== flight) return;
        this.backtestFlight = null;
        if (!isSupersededError(e)) {
          this.backtestSettled = flight.key;
          this.setBacktest({ error: `The backtest could not be computed: ${e instanceof Error ? e.message : String(e)}` });
        }
        this.refreshStatus();
      },
    );
  }

  private abortVar(): void {
    const f = this.varFlight;
    if (!f) return;
    this.varFlight = null;
    f.controller.abort();
    this.setVar({ progress: null });
  }

  private abortBacktest(): void {
    const f = this.backtestFlight;
    if (!f) return;
    this.backtestFlight = null;
    f.controller.abort();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private onPoolEvent(e: PoolEvent): void {
    const text =
      e.type === 'crashed'
        ? `A Monte Carlo worker stopped unexpectedly (${e.message}); it was replaced and its paths recomputed.`
        : `Monte Carlo workers could not start (${e.message}); paths now run on the page itself, which is slower.`;
    this.noticeKind = e.type;
    this.set({ ...this.state, poolNotice: text });
  }

  /** Status of each job for the wanted keys. */
  private refreshStatus(): void {
    const job = this.job;
    const s = this.state;
    const varStatus: JobStatus = !job
      ? s.var.data
        ? 'done'
        : 'idle'
      : this.varFlight || this.timer
        ? 'running'
        : this.cancelledKey === job.varKey
          ? 'cancelled'
          : s.var.dataKey === job.varKey
            ? 'done'
            : this.varSettled === job.varKey
              ? 'error'
              : this.attached > 0
                ? 'running'
                : 'idle';
    const btStatus: JobStatus = !job
      ? s.backtest.data
        ? 'done'
        : 'idle'
      : this.backtestFlight
        ? 'running'
        : s.backtest.dataKey === job.backtestKey
          ? 'done'
          : this.backtestSettled === job.backtestKey
            ? 'error'
            : this.attached > 0
              ? 'running'
              : 'idle';
    const varError = varStatus === 'error' ? s.var.error : null;
    const btError = btStatus === 'error' ? s.backtest.error : null;
    if (varStatus === s.var.status && btStatus === s.backtest.status && varError === s.var.error && btError === s.backtest.error) return;
    this.set({
      ...s,
      var: { ...s.var, status: varStatus, error: varError },
      backtest: { ...s.backtest, status: btStatus, error: btError },
    });
  }

  private setVar(patch: Partial<VarRunnerState['var']>): void {
    this.set({ ...this.state, var: { ...this.state.var, ...patch } });
  }

  private setBacktest(patch: Partial<VarRunnerState['backtest']>): void {
    this.set({ ...this.state, backtest: { ...this.state.backtest, ...patch } });
  }

  private set(next: VarRunnerState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }
}
