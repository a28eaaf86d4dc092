/**
 * The Monte Carlo worker pool: N workers (var.worker.ts) each running the engine's `runMonteCarloChunk` over path
 * ranges; the pool splits the paths into chunks, hands them out as workers free up, and merges the chunk P&Ls in
 * path order. Paths are independent and each is drawn from its own seeded stream, so the merged vector is
 * bit-for-bit the one-call `monteCarloPnl` whatever the split (varPool.test.ts).
 *
 * Lifecycle, explicitly:
 * - **start on demand**: no worker exists until the first `run`; a run starts the missing ones (up to `size`);
 * - **cancel**: aborting a run (its AbortSignal) or starting a newer one terminates the busy workers (a synchronous
 *   chunk cannot be interrupted any other way); the next run respawns them;
 * - **terminate**: `terminate()` (the panel's unmount, page unload) stops every worker;
 * - **progress**: `onProgress` after every chunk (paths done / total, over all books of the run);
 * - **crash**: a worker that dies mid-chunk is replaced and the chunk retried once on the new worker; listeners hear
 *   about it. If workers cannot start at all (twice without completing a call), chunks run in-process instead.
 *
 * Main-thread module: riskClient.ts stays the only owner of the risk workers; this pool owns only its own.
 */
import { releaseProxy, wrap } from 'comlink';
import type { CompiledBook, MonteCarloPlan } from '../engine/index.ts';
import { RequestAbortedError, StaleRequestError, WorkerCrashedError } from './riskClient.ts';
import type { PooledBook, VarChunkApi } from './api/varApi.ts';

/** One pool worker as the pool sees it (a Web Worker, a Node worker thread, or the engine in-process). */
export interface PoolEndpoint {
  load(taskId: number, book: CompiledBook, plan: MonteCarloPlan): Promise<void>;
  runChunk(taskId: number, start: number, count: number): Promise<Float64Array>;
  terminate(): void;
  /** Called once if the worker dies on its own (not after terminate); pending calls reject with WorkerCrashedError. */
  onCrash(listener: (error: Error) => void): void;
}

export type SpawnPoolEndpoint = () => PoolEndpoint;

export interface PoolProgress {
  /** Paths simulated so far, over every book of the run. */
  readonly done: number;
  readonly total: number;
  readonly chunksDone: number;
  readonly chunks: number;
}

export interface PoolRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: PoolProgress) => void;
  /** Paths per chunk; default: about 8 chunks per worker, 250 … 50,000 paths each. */
  readonly chunkPaths?: number;
}

export type PoolEvent = { readonly type: 'crashed'; readonly message: string } | { readonly type: 'fallback'; readonly message: string };

/** Most workers a pool may have (the UI bounds it further by the machine's cores). */
export const MAX_POOL_SIZE = 16;
const MAX_CHUNK_ATTEMPTS = 2;
/**
 * Chunks in flight per worker: the next one waits in the worker's message queue, so a worker never idles while the
 * page is busy (painting progress) before it hands out more.
 */
const PIPELINE_DEPTH = 2;
const START_FAILURES_BEFORE_FALLBACK = 2;

/** Cores the platform reports (browser or Node ≥ 21), else 2. */
export function hardwareThreads(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? Math.floor(n) : 2;
}

/** Pool size bounded by the cores: 1 … min(cores, MAX_POOL_SIZE). */
export function clampPoolSize(n: number, cores = hardwareThreads()): number {
  const max = Math.max(1, Math.min(cores, MAX_POOL_SIZE));
  return Math.max(1, Math.min(max, Math.floor(Number.isFinite(n) ? n : 2)));
}

/** The default: 2 workers, fewer on a single-core machine. */
export function defaultPoolSize(cores = hardwareThreads()): number {
  return clampPoolSize(2, cores);
}

/** Paths per chunk (see PoolRunOptions.chunkPaths). */
export function defaultChunkPaths(totalPaths: number, workers: number): number {
  return Math.max(250, Math.min(50_000, Math.ceil(totalPaths / (Math.max(1, workers) * 8))));
}

/** Path ranges [start, start + count) covering 0 … paths − 1 in order. */
export function splitPaths(paths: number, chunkPaths: number): { start: number; count: number }[] {
  const size = Math.max(1, Math.floor(chunkPaths));
  const out: { start: number; count: number }[] = [];
  for (let start = 0; start < paths; start += size) out.push({ start, count: Math.min(size, paths - start) });
  return out;
}

interface Member {
  readonly endpoint: PoolEndpoint;
  /** Task loaded (or being loaded) in the worker, and the load's promise. */
  loaded: number | null;
  loading: Promise<void> | null;
  completed: number;
  dead: boolean;
}

interface Task {
  readonly id: number;
  readonly book: CompiledBook;
  readonly plan: MonteCarloPlan;
  readonly out: Float64Array;
}

interface Chunk {
  readonly task: Task;
  readonly start: number;
  readonly count: number;
  attempts: number;
}

interface Run {
  stopped: boolean;
  readonly fail: (e: unknown) => void;
}

let nextTaskId = 1;

export class VarPool {
  private members: (Member | null)[] = [];
  private current: Run | null = null;
  private readonly listeners = new Set<(e: PoolEvent) => void>();
  private startFailures = 0;
  private useFallback = false;
  private poolSize: number;

  constructor(
    private readonly spawn: SpawnPoolEndpoint,
    size = defaultPoolSize(),
    private readonly spawnFallback: SpawnPoolEndpoint | null = null,
  ) {
    this.poolSize = Math.max(1, Math.floor(size));
  }

  get size(): number {
    return this.poolSize;
  }

  /** Workers currently alive (0 before the first run and after terminate). */
  get liveWorkers(): number {
    return this.members.filter((m) => m && !m.dead).length;
  }

  get isRunning(): boolean {
    return this.current !== null;
  }

  /** Change the pool size; extra workers are stopped now, missing ones start with the next run. */
  setSize(n: number): void {
    this.poolSize = Math.max(1, Math.floor(n));
    for (let i = this.poolSize; i < this.members.length; i++) this.retire(i);
    this.members.length = Math.min(this.members.length, this.poolSize);
  }

  subscribe(listener: (e: PoolEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Simulate every path of each book; resolves with one P&L vector per book (path order). A newer run or an abort
   * rejects this one (StaleRequestError / AbortError) and terminates its busy workers.
   */
  run(books: readonly PooledBook[], opts: PoolRunOptions = {}): Promise<Float64Array[]> {
    this.cancelCurrent(new StaleRequestError());
    return new Promise<Float64Array[]>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new RequestAbortedError());
        return;
      }
      const tasks: Task[] = books.map((b) => ({ id: nextTaskId++, book: b.book, plan: b.plan, out: new Float64Array(b.plan.paths) }));
      const total = tasks.reduce((s, t) => s + t.plan.paths, 0);
      const chunkPaths = opts.chunkPaths ?? defaultChunkPaths(total, this.poolSize);
      const queue: Chunk[] = tasks.flatMap((task) => splitPaths(task.plan.paths, chunkPaths).map((c) => ({ task, ...c, attempts: 0 })));
      const chunks = queue.length;
      let done = 0;
      let chunksDone = 0;
      const run: Run = {
        stopped: false,
        fail: (e) => {
          if (run.stopped) return;
          run.stopped = true;
          if (this.current === run) this.current = null;
          // Busy workers are mid-chunk for a run nobody wants: only terminating stops them.
          this.members.forEach((m, i) => {
            if (m && m.loaded !== null && tasks.some((t) => t.id === m.loaded)) this.retire(i);
          });
          reject(e);
        },
      };
      this.current = run;
      const onAbort = () => run.fail(new RequestAbortedError());
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      const drive = async (slot: number): Promise<void> => {
        while (!run.stopped) {
          const chunk = queue.shift();
          if (!chunk) return;
          let member: Member;
          try {
            member = this.member(slot);
          } catch (e) {
            run.fail(e);
            return;
          }
          try {
            // Messages to a worker are handled in order: the chunk request follows its task's load, never another's.
            if (member.loaded !== chunk.task.id) {
              member.loaded = chunk.task.id;
              member.loading = member.endpoint.load(chunk.task.id, chunk.task.book, chunk.task.plan);
            }
            const loading = member.loading;
            const pending = member.endpoint.runChunk(chunk.task.id, chunk.start, chunk.count);
            pending.catch(() => undefined); // observed below, after the load
            await loading;
            const pnl = await pending;
            if (run.stopped) return;
            if (pnl.length !== chunk.count)
              throw new Error(`a Monte Carlo worker returned ${pnl.length} paths for a chunk of ${chunk.count}`);
            member.completed += 1;
            this.startFailures = 0;
            chunk.task.out.set(pnl, chunk.start);
            done += chunk.count;
            chunksDone += 1;
            opts.onProgress?.({ done, total, chunksDone, chunks });
          } catch (e) {
            if (run.stopped) return;
            if (e instanceof Error && e.name === 'WorkerCrashedError') {
              this.handleCrash(slot, member, e);
              chunk.attempts += 1;
              if (chunk.attempts < MAX_CHUNK_ATTEMPTS) {
                queue.unshift(chunk); // retried on this slot's fresh worker
                continue;
              }
              run.fail(
                new WorkerCrashedError(
                  `a Monte Carlo worker stopped twice on paths ${chunk.start}–${chunk.start + chunk.count - 1}: ${e.message}`,
                ),
              );
              return;
            }
            run.fail(e);
            return;
          }
        }
      };

      const slots = Math.max(1, Math.min(this.poolSize, chunks));
      const drivers = Math.min(chunks, slots * PIPELINE_DEPTH);
      void Promise.all(Array.from({ length: Math.max(1, drivers) }, (_, i) => drive(i % slots))).then(() => {
        if (run.stopped) return;
        run.stopped = true;
        if (this.current === run) this.current = null;
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(tasks.map((t) => t.out));
      });
    });
  }

  /** Stop the current run (if any) and every worker; the pool starts again on the next run. */
  terminate(): void {
    this.cancelCurrent(new RequestAbortedError());
    for (let i = 0; i < this.members.length; i++) this.retire(i);
    this.members = [];
  }

  private cancelCurrent(reason: Error): void {
    this.current?.fail(reason);
    this.current = null;
  }

  private member(slot: number): Member {
    const existing = this.members[slot];
    if (existing && !existing.dead) return existing;
    let endpoint: PoolEndpoint;
    if (this.useFallback && this.spawnFallback) {
      endpoint = this.spawnFallback();
    } else {
      try {
        endpoint = this.spawn();
      } catch (e) {
        if (!this.spawnFallback) throw e;
        this.switchToFallback(e instanceof Error ? e.message : String(e));
        endpoint = this.spawnFallback();
      }
    }
    const m: Member = { endpoint, loaded: null, loading: null, completed: 0, dead: false };
    endpoint.onCrash((error) => {
      if (!m.dead) this.handleCrash(slot, m, error);
    });
    this.members[slot] = m;
    return m;
  }

  private handleCrash(slot: number, m: Member, error: Error): void {
    if (m.dead) return;
    if (this.members[slot] === m) this.retire(slot);
    else m.dead = true;
    if (m.completed === 0 && !this.useFallback) {
      this.startFailures += 1;
      if (this.startFailures >= START_FAILURES_BEFORE_FALLBACK && this.spawnFallback) {
        this.switchToFallback(error.message);
        return;
      }
    }
    this.emit({ type: 'crashed', message: error.message });
  }

  private switchToFallback(message: string): void {
    if (this.useFallback) return;
    this.useFallback = true;
    this.emit({ type: 'fallback', message });
  }

  private retire(slot: number): void {
    const m = this.members[slot];
    if (!m) return;
    m.dead = true;
    this.members[slot] = null;
    try {
      m.endpoint.terminate();
    } catch {
      // already gone
    }
  }

  private emit(e: PoolEvent): void {
    for (const l of this.listeners) l(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Endpoints.

/** A module Worker running var.worker.ts, wrapped with Comlink; calls reject with WorkerCrashedError if it dies. */
export function spawnVarWorkerEndpoint(): PoolEndpoint {
  const worker = new Worker(new URL('./var.worker.ts', import.meta.url), { type: 'module', name: 'riskdeck-montecarlo' });
  const remote = wrap<VarChunkApi>(worker);
  let crashListener: ((e: Error) => void) | null = null;
  let failDeath: (e: Error) => void = () => undefined;
  const death = new Promise<never>((_, reject) => {
    failDeath = reject;
  });
  death.catch(() => undefined);
  let alive = true;
  const die = (error: Error) => {
    if (!alive) return;
    alive = false;
    failDeath(error);
    crashListener?.(error);
  };
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    die(new WorkerCrashedError(ev.message || 'a Monte Carlo worker failed to start or stopped'));
  });
  worker.addEventListener('messageerror', () => die(new WorkerCrashedError('a message from a Monte Carlo worker could not be read')));
  const guard = <T>(p: Promise<T>): Promise<T> =>
    alive ? Promise.race([p, death]) : Promise.reject(new WorkerCrashedError('the Monte Carlo worker is not running'));
  return {
    load: (taskId, book, plan) => guard(remote.load(taskId, book, plan)),
    runChunk: (taskId, start, count) => guard(remote.runChunk(taskId, start, count)),
    terminate() {
      alive = false;
      failDeath(new WorkerCrashedError('terminated'));
      remote[releaseProxy]();
      worker.terminate();
    },
    onCrash(listener) {
      crashListener = listener;
    },
  };
}

/**
 * The chunk function on the calling thread (workers unavailable, and the unit tests): the same `varChunkApi`, with
 * the arguments structured-cloned as a worker boundary would, and a macrotask between chunks so the page can paint
 * the progress bar.
 */
export function spawnInProcessEndpoint(
  load: () => Promise<VarChunkApi> = async () => (await import('./api/varApi.ts')).createVarChunkApi(),
): PoolEndpoint {
  const api = load();
  let terminated = false;
  // One call at a time, in call order, as a worker's message queue.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0));
  return {
    load: (taskId, book, plan) => {
      const b = structuredClone(book);
      const p = structuredClone(plan);
      return enqueue(async () => (await api).load(taskId, b, p));
    },
    runChunk: (taskId, start, count) =>
      enqueue(async () => {
        await yieldToPage();
        if (terminated) throw new WorkerCrashedError('terminated');
        return (await api).runChunk(taskId, start, count);
      }),
    terminate() {
      terminated = true;
    },
    onCrash() {},
  };
}

let shared: VarPool | null = null;

/** The page's pool (created on first use; no worker starts until a run). */
export function getVarPool(): VarPool {
  shared ??= new VarPool(
    () => spawnVarWorkerEndpoint(),
    defaultPoolSize(),
    () => spawnInProcessEndpoint(),
  );
  return shared;
}
