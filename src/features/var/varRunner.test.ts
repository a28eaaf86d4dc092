import { describe, expect, it } from 'vitest';
import { RequestAbortedError } from '../../worker/riskClient.ts';
import type { PoolRunOptions } from '../../worker/varPool.ts';
import type { GpuRunOptions, GpuRunOutput } from '../../gpu/gpuBackend.ts';
import { VarRunner, type RunnerClient, type RunnerGpu, type RunnerPool, type VarJob } from './varRunner.ts';

interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((fraction: number, label?: string) => void) | undefined;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/** A client whose calls stay pending until the test settles them; aborts reject as the real client does. */
function fakeClient() {
  const calls: Call[] = [];
  const client = {
    request(
      _channel: string,
      method: string,
      args: readonly unknown[],
      opts: { signal?: AbortSignal; onProgress?: (fraction: number, label?: string) => void } = {},
    ) {
      return new Promise((resolve, reject) => {
        calls.push({ method, args, signal: opts.signal, onProgress: opts.onProgress, resolve, reject });
        opts.signal?.addEventListener('abort', () => reject(new RequestAbortedError()));
      });
    },
  } as unknown as RunnerClient;
  return { client, calls };
}

function fakePool() {
  const runs: { books: unknown[]; opts: PoolRunOptions; resolve(v: Float64Array[]): void; reject(e: unknown): void }[] = [];
  const stats = { terminated: 0, size: 0 };
  const pool: RunnerPool = {
    run: (books, opts = {}) =>
      new Promise((resolve, reject) => {
        runs.push({ books: [...books], opts, resolve, reject });
        opts.signal?.addEventListener('abort', () => reject(new RequestAbortedError()));
      }),
    terminate: () => {
      stats.terminated += 1;
    },
    setSize: (n) => {
      stats.size = n;
    },
    subscribe: () => () => undefined,
  };
  return { pool, runs, stats };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

const ADAPTER = { vendor: 'google', architecture: 'swiftshader', description: '', fallback: true, label: 'google swiftshader (software)' };

/** A GPU backend whose runs stay pending until the test settles them. */
function fakeGpu(adapter: typeof ADAPTER | null = ADAPTER) {
  const runs: {
    books: unknown[];
    opts: GpuRunOptions;
    resolve(v: GpuRunOutput[]): void;
    reject(e: unknown): void;
  }[] = [];
  const stats = { terminated: 0, asked: 0 };
  const gpu: RunnerGpu = {
    available: () => {
      stats.asked += 1;
      return Promise.resolve(adapter);
    },
    run: (books, opts = {}) =>
      new Promise((resolve, reject) => {
        runs.push({ books: [...books], opts, resolve, reject });
        opts.signal?.addEventListener('abort', () => reject(new RequestAbortedError()));
      }),
    terminate: () => {
      stats.terminated += 1;
    },
  };
  return { gpu, runs, stats };
}

const gpuOut = (paths: number): GpuRunOutput => ({
  pnl: new Float32Array(paths),
  flagged: new Uint32Array(0),
  flagOverflow: false,
  chunks: 3,
  gpuMs: 5,
  compileMs: 0,
});

function job(varKey: string, backtestKey = 'bt1', pooled = false, backend: VarJob['backend'] = 'auto'): VarJob {
  return {
    inputs: {} as VarJob['inputs'],
    varKey,
    varParams: { historyUrl: 'u', method: pooled ? 'montecarlo' : 'historical' },
    pooled,
    poolSize: 2,
    backend,
    backtestKey,
    backtestParams: { historyUrl: 'u', method: 'historical' },
  };
}

const data = (varUsd: number) => ({
  ok: true,
  value: { report: { varUsd }, incremental: null, whatIfCount: 0, unpricedCount: 0, historyWarnings: [], workerMs: 1 },
});
const btData = (zone: string) => ({ ok: true, value: { report: { zone }, unpricedCount: 0, workerMs: 1 } });

describe('VarRunner: VaR, then the backtest, on one cancel-mode channel', () => {
  it('runs VaR first and the backtest after it; results and statuses follow', async () => {
    const { client, calls } = fakeClient();
    const r = new VarRunner(client, fakePool().pool, { debounceMs: 0 });
    r.attach();
    r.update(job('v1'));
    expect(calls.map((c) => c.method)).toEqual(['computeVar']);
    expect(r.getState().var.status).toBe('running');
    expect(r.getState().backtest.status).toBe('running'); // waiting for the VaR
    calls[0]!.resolve(data(42));
    await tick();
    expect(r.getState().var).toMatchObject({ status: 'done', dataKey: 'v1' });
    expect(r.getState().var.data?.report.varUsd).toBe(42);
    expect(calls.map((c) => c.method)).toEqual(['computeVar', 'computeBacktest']);
    calls[1]!.resolve(btData('green'));
    await tick();
    expect(r.getState().backtest).toMatchObject({ status: 'done', dataKey: 'bt1' });
  });

  it('a newer VaR request aborts the older one and a backtest in flight; old figures stay while computing', async () => {
    const { client, calls } = fakeClient();
    const r = new VarRunner(client, fakePool().pool, { debounceMs: 0 });
    r.attach();
    r.update(job('v1'));
    calls[0]!.resolve(data(1));
    await tick();
    r.update(job('v2', 'bt2')); // backtest of v1 in flight → aborted
    expect(calls[1]!.signal?.aborted).toBe(true);
    expect(calls[2]!.method).toBe('computeVar');
    r.update(job('v3', 'bt3'));
    expect(calls[2]!.signal?.aborted).toBe(true);
    expect(r.getState().var).toMatchObject({ status: 'running', dataKey: 'v1' });
    expect(r.getState().var.data?.report.varUsd).toBe(1);
    calls[3]!.resolve(data(3));
    await tick();
    expect(r.getState().var).toMatchObject({ status: 'done', dataKey: 'v3' });
    expect(calls.at(-1)!.method).toBe('computeBacktest');
    expect(calls.at(-1)!.args[2]).toEqual(job('v3', 'bt3').backtestParams);
  });

  it('only the backtest changed: only the backtest reruns', async () => {
    const { client, calls } = fakeClient();
    const r = new VarRunner(client, fakePool().pool, { debounceMs: 0 });
    r.attach();
    r.update(job('v1'));
    calls[0]!.resolve(data(1));
    await tick();
    calls[1]!.resolve(btData('green'));
    await tick();
    r.update(job('v1', 'bt2'));
    expect(calls.map((c) => c.method)).toEqual(['computeVar', 'computeBacktest', 'computeBacktest']);
    expect(r.getState().var.status).toBe('done');
    expect(r.getState().backtest.status).toBe('running');
  });

  it('an engine error is shown for its key, with the last figures kept', async () => {
    const { client, calls } = fakeClient();
    const r = new VarRunner(client, fakePool().pool, { debounceMs: 0 });
    r.attach();
    r.update(job('v1'));
    calls[0]!.resolve(data(1));
    await tick();
    r.update(job('v2'));
    calls[2]!.resolve({ ok: false, error: 'no history for XRP' });
    await tick();
    expect(r.getState().var).toMatchObject({ status: 'error', error: 'no history for XRP', dataKey: 'v1' });
    r.update(job('v1')); // back to a known key: its figures, no recompute
    expect(r.getState().var).toMatchObject({ status: 'done', error: null });
  });

  it('debounces a burst of edits into one request', async () => {
    const { client, calls } = fakeClient();
    const r = new VarRunner(client, fakePool().pool, { debounceMs: 20 });
    r.attach();
    for (const k of ['2', '20', '200', '2000']) r.update(job(`v${k}`));
    expect(calls).toHaveLength(0);
    expect(r.getState().var.status).toBe('running');
    await new Promise((res) => setTimeout(res, 40));
    expect(calls.map((c) => c.args[2])).toHaveLength(1);
  });

  it('Monte Carlo: prepare → pool (progress) → finish; Cancel stops the pool and keeps the last figures', async () => {
    const { client, calls } = fakeClient();
    const { pool, runs, stats } = fakePool();
    const r = new VarRunner(client, pool, { debounceMs: 0 });
    r.attach();
    r.update(job('mc1', 'bt1', true));
    expect(calls[0]!.method).toBe('prepareMonteCarloRun');
    expect(r.getState().var.progress?.phase).toBe('preparing');
    const plan = { book: {}, plan: { paths: 1000 } };
    calls[0]!.resolve({ kind: 'pooled', main: plan, withoutWhatIf: null });
    await tick();
    expect(stats.size).toBe(2);
    expect(runs).toHaveLength(1);
    expect(r.getState().var.progress).toMatchObject({ phase: 'simulating', done: 0, total: 1000 });
    runs[0]!.opts.onProgress?.({ done: 1000, total: 1000, chunksDone: 8, chunks: 8 });
    runs[0]!.resolve([new Float64Array(1000)]);
    await tick();
    expect(r.getState().var.progress?.phase).toBe('finishing');
    expect(calls[1]!.method).toBe('finishMonteCarloRun');
    expect(calls[1]!.args[3]).toBeInstanceOf(Float64Array);
    calls[1]!.resolve(data(7));
    await tick();
    expect(r.getState().var).toMatchObject({ status: 'done', dataKey: 'mc1', pool: { workers: 2, chunks: 8 }, progress: null });

    // A long run, cancelled while simulating.
    r.update(job('mc2', 'bt1', true));
    const prepare = calls.find((c, i) => i > 1 && c.method === 'prepareMonteCarloRun')!;
    prepare.resolve({ kind: 'pooled', main: { book: {}, plan: { paths: 2_000_000 } }, withoutWhatIf: null });
    await tick();
    expect(runs).toHaveLength(2);
    const terminatedBefore = stats.terminated;
    r.cancel();
    expect(runs[1]!.opts.signal?.aborted).toBe(true);
    expect(stats.terminated).toBe(terminatedBefore + 1);
    await tick();
    expect(r.getState().var).toMatchObject({ status: 'cancelled', dataKey: 'mc1', progress: null });
    expect(r.getState().var.data?.report.varUsd).toBe(7);
    r.update(job('mc2', 'bt1', true)); // same inputs: stays cancelled until asked
    expect(r.getState().var.status).toBe('cancelled');
    r.rerun();
    expect(calls.at(-1)!.method).toBe('prepareMonteCarloRun');
    expect(r.getState().var.status).toBe('running');
  });

  it('runs with both books when there are what-if trades (incremental VaR)', async () => {
    const { client, calls } = fakeClient();
    const { pool, runs } = fakePool();
    const r = new VarRunner(client, pool, { debounceMs: 0 });
    r.attach();
    r.update(job('mc1', 'bt1', true));
    calls[0]!.resolve({ kind: 'pooled', main: { book: {}, plan: { paths: 10 } }, withoutWhatIf: { book: {}, plan: { paths: 10 } } });
    await tick();
    expect(runs[0]!.books).toHaveLength(2);
    const a = new Float64Array(10);
    const b = new Float64Array(10).fill(1);
    runs[0]!.resolve([a, b]);
    await tick();
    expect(calls[1]!.args[3]).toBe(a);
    expect(calls[1]!.args[4]).toBe(b);
  });

  it('leaving the tab aborts the work and stops the pool; coming back recomputes only what is missing', async () => {
    const { client, calls } = fakeClient();
    const { pool, stats } = fakePool();
    const r = new VarRunner(client, pool, { debounceMs: 0 });
    r.attach();
    r.update(job('v1'));
    calls[0]!.resolve(data(1));
    await tick();
    r.detach(); // backtest in flight
    expect(calls[1]!.signal?.aborted).toBe(true);
    expect(stats.terminated).toBe(1);
    r.attach();
    r.update(job('v1'));
    expect(calls.map((c) => c.method)).toEqual(['computeVar', 'computeBacktest', 'computeBacktest']);
    expect(r.getState().var.status).toBe('done');
  });
});

describe('VarRunner: Monte Carlo on WebGPU or the CPU pool', () => {
  const plan = { kind: 'pooled', main: { book: {}, plan: { paths: 1000 } }, withoutWhatIf: null };

  it('auto runs on the GPU when an adapter exists, finishes with the GPU finisher and says which ran, with paths/s', async () => {
    const { client, calls } = fakeClient();
    const { pool, runs: poolRuns } = fakePool();
    const { gpu, runs } = fakeGpu();
    const r = new VarRunner(client, pool, { debounceMs: 0, gpu });
    r.attach();
    r.update(job('mc1', 'bt1', true));
    calls[0]!.resolve(plan);
    await tick();
    expect(poolRuns).toHaveLength(0);
    expect(runs).toHaveLength(1);
    expect(r.getState().var.progress).toMatchObject({ phase: 'simulating', backend: 'webgpu', device: ADAPTER.label, total: 1000 });
    runs[0]!.resolve([gpuOut(1000)]);
    await tick();
    expect(calls[1]!.method).toBe('finishMonteCarloGpuRun');
    const sent = calls[1]!.args[3] as { pnl: Float32Array; flagged: Uint32Array; flagOverflow: boolean };
    expect(Object.keys(sent).sort()).toEqual(['flagOverflow', 'flagged', 'pnl']);
    expect(calls[1]!.args[4]).toBeNull();
    // Finishing progress from the worker moves the bar with its label.
    calls[1]!.onProgress?.(0.5, 'tail paths 5 / 10');
    expect(r.getState().var.progress).toMatchObject({ phase: 'finishing', backend: 'webgpu' });
    calls[1]!.resolve(data(9));
    await tick();
    const info = r.getState().var.pool!;
    expect(info).toMatchObject({ backend: 'webgpu', workers: 0, paths: 1000, adapter: ADAPTER });
    expect(info.pathsPerSecond).toBeGreaterThan(0);
    expect(r.getState().var.status).toBe('done');
  });

  it('the CPU backend, or auto without an adapter, runs on the pool; a forced WebGPU without adapter says so', async () => {
    for (const [backend, adapter, notice] of [
      ['cpu', ADAPTER, false],
      ['auto', null, false],
      ['webgpu', null, true],
    ] as const) {
      const { client, calls } = fakeClient();
      const { pool, runs: poolRuns } = fakePool();
      const { gpu, runs } = fakeGpu(adapter);
      const r = new VarRunner(client, pool, { debounceMs: 0, gpu });
      r.attach();
      r.update(job('mc1', 'bt1', true, backend));
      calls[0]!.resolve(plan);
      await tick();
      expect(runs).toHaveLength(0);
      expect(poolRuns).toHaveLength(1);
      expect(r.getState().var.progress).toMatchObject({ phase: 'simulating', backend: 'cpu' });
      expect(r.getState().poolNotice !== null).toBe(notice);
      poolRuns[0]!.opts.onProgress?.({ done: 1000, total: 1000, chunksDone: 4, chunks: 4 });
      poolRuns[0]!.resolve([new Float64Array(1000)]);
      await tick();
      expect(calls[1]!.method).toBe('finishMonteCarloRun');
      calls[1]!.resolve(data(3));
      await tick();
      expect(r.getState().var.pool).toMatchObject({ backend: 'cpu', workers: 2, chunks: 4, adapter: null });
    }
  });

  it('a GPU that fails falls back to the pool with a notice; a cancel stops the GPU run and keeps the figures', async () => {
    const { client, calls } = fakeClient();
    const { pool, runs: poolRuns, stats: poolStats } = fakePool();
    const { gpu, runs, stats } = fakeGpu();
    const r = new VarRunner(client, pool, { debounceMs: 0, gpu });
    r.attach();
    r.update(job('mc1', 'bt1', true));
    calls[0]!.resolve(plan);
    await tick();
    runs[0]!.reject(new Error('the WebGPU device was lost'));
    await tick();
    expect(poolRuns).toHaveLength(1);
    expect(r.getState().poolNotice).toMatch(/device was lost.*CPU workers/);
    poolRuns[0]!.resolve([new Float64Array(1000)]);
    await tick();
    calls[1]!.resolve(data(4));
    await tick();
    expect(r.getState().var).toMatchObject({ status: 'done', pool: { backend: 'cpu' } });

    r.update(job('mc2', 'bt1', true));
    calls.find((c, i) => i > 1 && c.method === 'prepareMonteCarloRun')!.resolve(plan);
    await tick();
    expect(runs).toHaveLength(2);
    const terminated = poolStats.terminated;
    r.cancel();
    expect(runs[1]!.opts.signal?.aborted).toBe(true);
    expect(poolStats.terminated).toBe(terminated + 1);
    expect(stats.terminated).toBe(0); // the GPU worker keeps its compiled kernels
    await tick();
    expect(r.getState().var).toMatchObject({ status: 'cancelled', dataKey: 'mc1' });
    r.detach();
    expect(stats.terminated).toBe(1);
  });
});
