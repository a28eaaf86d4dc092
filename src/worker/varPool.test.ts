import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import {
  buildMarketModel,
  compileBook,
  finishMonteCarlo,
  monteCarloPnl,
  prepareMonteCarlo,
  resolveBook,
  runVar,
  type MonteCarloPlan,
} from '../engine/index.ts';
import { buildVarHistory } from '../io/history.ts';
import { importMarketText } from '../io/importMarket.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { createVarChunkApi } from './api/varApi.ts';
import { WorkerCrashedError } from './riskClient.ts';
import {
  VarPool,
  clampPoolSize,
  defaultChunkPaths,
  defaultPoolSize,
  spawnInProcessEndpoint,
  splitPaths,
  type PoolEndpoint,
  type PoolEvent,
  type PoolProgress,
} from './varPool.ts';

function setup() {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'default-portfolio.csv');
  if (!m.ok || !p.ok) throw new Error('default data unreadable');
  const dir = 'public/data/history/';
  const h = buildVarHistory(readdirSync(dir).map((fileName) => ({ fileName, text: readFileSync(dir + fileName, 'utf8') })));
  if (!h.ok) throw new Error(h.error);
  const model = buildMarketModel(m.snapshot);
  const resolved = resolveBook(p.result.portfolio, model);
  return { book: compileBook(resolved, model), positions: resolved.positions, history: h.history };
}

const { book, positions, history } = setup();

function planFor(params: { paths: number; seed: number; distribution?: 'normal' | 'student-t'; horizonDays?: number }): MonteCarloPlan {
  const s = prepareMonteCarlo(book, history, params);
  if (!s.ok) throw new Error(s.error);
  return s.setup.plan;
}

/** In-process endpoints (the real chunk function), counting spawns and terminations. */
function counting() {
  const stats = { spawned: 0, terminated: 0, chunks: 0 };
  const spawn = (): PoolEndpoint => {
    stats.spawned += 1;
    const inner = spawnInProcessEndpoint(async () => createVarChunkApi());
    return {
      ...inner,
      runChunk: async (...a) => {
        stats.chunks += 1;
        return await inner.runChunk(...a);
      },
      terminate: () => {
        stats.terminated += 1;
        inner.terminate();
      },
    };
  };
  return { spawn, stats };
}

describe('VarPool: Monte Carlo paths split across workers, merged in path order', () => {
  it('the merged P&L is bit-for-bit the one-call P&L for any pool size and chunking, and finishes to runVar’s report', async () => {
    const params = { paths: 5003, seed: 42, distribution: 'student-t' as const, horizonDays: 2 };
    const plan = planFor(params);
    const oneCall = monteCarloPnl(book, plan);
    for (const [size, chunkPaths] of [
      [1, 5003],
      [2, 611],
      [3, 1000],
      [4, 250],
      [2, undefined],
    ] as const) {
      const { spawn } = counting();
      const pool = new VarPool(spawn, size);
      const [pnl] = await pool.run([{ book, plan }], chunkPaths ? { chunkPaths } : {});
      expect(Array.from(pnl!)).toEqual(Array.from(oneCall));
      pool.terminate();
    }
    // …and the pooled P&L through finishMonteCarlo is exactly runVar's Monte Carlo report.
    const pool = new VarPool(counting().spawn, 2);
    const [pnl] = await pool.run([{ book, plan }], { chunkPaths: 777 });
    const s = prepareMonteCarlo(book, history, params);
    if (!s.ok) throw new Error(s.error);
    const pooled = finishMonteCarlo(book, s.setup, pnl!, { positions });
    const direct = runVar(book, history, { method: 'montecarlo', ...params, positions });
    expect(pooled.ok && direct.ok).toBe(true);
    if (pooled.ok && direct.ok) {
      expect(pooled.report.varUsd).toBe(direct.report.varUsd);
      expect(pooled.report.esUsd).toBe(direct.report.esUsd);
      expect(pooled.report).toEqual(direct.report);
    }
  });

  it('runs several books in one queue (with and without what-if trades) with one progress count', async () => {
    const planA = planFor({ paths: 1200, seed: 1 });
    const planB = planFor({ paths: 800, seed: 1 });
    const progress: PoolProgress[] = [];
    const pool = new VarPool(counting().spawn, 2);
    const [a, b] = await pool.run(
      [
        { book, plan: planA },
        { book, plan: planB },
      ],
      { chunkPaths: 300, onProgress: (p) => progress.push(p) },
    );
    expect(Array.from(a!)).toEqual(Array.from(monteCarloPnl(book, planA)));
    expect(Array.from(b!)).toEqual(Array.from(monteCarloPnl(book, planB)));
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((x, y) => x - y));
    expect(progress.at(-1)).toEqual({ done: 2000, total: 2000, chunksDone: 7, chunks: 7 });
  });

  it('starts workers on demand, reuses them across runs, and terminates them all on terminate()', async () => {
    const { spawn, stats } = counting();
    const pool = new VarPool(spawn, 3);
    expect(pool.liveWorkers).toBe(0);
    const plan = planFor({ paths: 900, seed: 3 });
    await pool.run([{ book, plan }], { chunkPaths: 100 });
    expect(stats.spawned).toBe(3);
    expect(pool.liveWorkers).toBe(3);
    await pool.run([{ book, plan }], { chunkPaths: 100 });
    expect(stats.spawned).toBe(3);
    pool.setSize(1);
    expect(pool.liveWorkers).toBe(1);
    expect(stats.terminated).toBe(2);
    pool.terminate();
    expect(pool.liveWorkers).toBe(0);
    expect(stats.terminated).toBe(3);
  });

  it('an abort rejects the run and terminates its busy workers; the next run respawns them', async () => {
    const { spawn, stats } = counting();
    const pool = new VarPool(spawn, 2);
    const plan = planFor({ paths: 20_000, seed: 5 });
    const controller = new AbortController();
    const run = pool.run([{ book, plan }], {
      chunkPaths: 250,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.chunksDone === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(stats.terminated).toBe(2);
    expect(pool.isRunning).toBe(false);
    const chunksBefore = stats.chunks;
    await new Promise((r) => setTimeout(r, 20));
    expect(stats.chunks - chunksBefore).toBeLessThanOrEqual(2); // nothing new was handed out after the abort
    const [pnl] = await pool.run([{ book, plan: planFor({ paths: 500, seed: 5 }) }]);
    expect(pnl).toHaveLength(500);
    expect(stats.spawned).toBe(4);
  });

  it('a newer run supersedes the older one (cancel mode)', async () => {
    const pool = new VarPool(counting().spawn, 2);
    const first = pool.run([{ book, plan: planFor({ paths: 10_000, seed: 1 }) }], { chunkPaths: 250 });
    const second = pool.run([{ book, plan: planFor({ paths: 600, seed: 2 }) }]);
    await expect(first).rejects.toMatchObject({ name: 'StaleRequestError' });
    expect(Array.from((await second)[0]!)).toEqual(Array.from(monteCarloPnl(book, planFor({ paths: 600, seed: 2 }))));
  });

  it('a worker that crashes mid-chunk is replaced and the chunk retried: same P&L, one event', async () => {
    let crashes = 1;
    let spawned = 0;
    const spawn = (): PoolEndpoint => {
      spawned += 1;
      const inner = spawnInProcessEndpoint(async () => createVarChunkApi());
      let listener: ((e: Error) => void) | null = null;
      let calls = 0;
      return {
        ...inner,
        onCrash: (l) => {
          listener = l;
        },
        runChunk: async (taskId, start, count) => {
          calls += 1;
          if (calls === 2 && crashes > 0) {
            crashes -= 1;
            const e = new WorkerCrashedError('simulated crash');
            listener?.(e);
            throw e;
          }
          return await inner.runChunk(taskId, start, count);
        },
      };
    };
    const events: PoolEvent[] = [];
    const pool = new VarPool(spawn, 2);
    pool.subscribe((e) => events.push(e));
    const plan = planFor({ paths: 3000, seed: 9 });
    const [pnl] = await pool.run([{ book, plan }], { chunkPaths: 300 });
    expect(Array.from(pnl!)).toEqual(Array.from(monteCarloPnl(book, plan)));
    expect(spawned).toBe(3);
    expect(events).toEqual([{ type: 'crashed', message: 'simulated crash' }]);
  });

  it('workers that cannot start fall back to in-process chunks', async () => {
    const events: PoolEvent[] = [];
    const pool = new VarPool(
      () => {
        throw new Error('Worker is not defined');
      },
      2,
      () => spawnInProcessEndpoint(async () => createVarChunkApi()),
    );
    pool.subscribe((e) => events.push(e));
    const plan = planFor({ paths: 700, seed: 4 });
    const [pnl] = await pool.run([{ book, plan }]);
    expect(Array.from(pnl!)).toEqual(Array.from(monteCarloPnl(book, plan)));
    expect(events[0]).toEqual({ type: 'fallback', message: 'Worker is not defined' });
  });

  it('a chunk error that is not a crash fails the run with its message', async () => {
    const pool = new VarPool(
      () => ({ ...spawnInProcessEndpoint(async () => createVarChunkApi()), runChunk: () => Promise.reject(new Error('boom')) }),
      2,
    );
    await expect(pool.run([{ book, plan: planFor({ paths: 400, seed: 1 }) }])).rejects.toThrow('boom');
  });

  it('sizes and splits', () => {
    expect(defaultPoolSize(8)).toBe(2);
    expect(defaultPoolSize(1)).toBe(1);
    expect(clampPoolSize(12, 4)).toBe(4);
    expect(clampPoolSize(0, 4)).toBe(1);
    expect(clampPoolSize(64, 64)).toBe(16);
    expect(splitPaths(10, 4)).toEqual([
      { start: 0, count: 4 },
      { start: 4, count: 4 },
      { start: 8, count: 2 },
    ]);
    expect(defaultChunkPaths(10_000, 2)).toBe(625);
    expect(defaultChunkPaths(100, 2)).toBe(250);
    expect(defaultChunkPaths(2_000_000, 2)).toBe(50_000);
  });
});
