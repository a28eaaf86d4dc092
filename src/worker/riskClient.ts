/**
 * The only module that knows a Worker exists.
 *
 * - Workers start lazily, one per worker name (see CHANNELS): a long job on one never delays a cheap one on another.
 * - Requests go through channels. `latest` channels keep at most one job in flight and one pending; a newer request
 *   replaces the pending one (which rejects with StaleRequestError and is never sent), and the in-flight result is
 *   still delivered because it is newer than anything on screen. That is what makes figures follow a slider drag
 *   without a queue building up behind it. `cancel` channels (long jobs) terminate the worker on a newer request or
 *   on abort and respawn it, because a synchronous loop cannot be interrupted any other way.
 * - AbortSignal per request; progress callbacks cross as Comlink proxies.
 * - A crashed worker is dropped, respawned and the job retried once; listeners hear about it so the page can say so.
 *   If workers cannot start at all, the engine runs in-process (lazy import) rather than leaving the page blank.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import type { RiskApi, RiskMethod } from './riskApi.ts';

export type ProgressFn = (fraction: number, message?: string) => void;

/** A running engine (a worker, or the in-process fallback). */
export interface RiskEndpoint {
  /** Rejects with WorkerCrashedError if the engine dies during the call. */
  call(method: RiskMethod, args: readonly unknown[], onProgress?: ProgressFn): Promise<unknown>;
  terminate(): void;
  /** Called once if the engine dies on its own (not after terminate). */
  onCrash(listener: (error: Error) => void): void;
}

export type SpawnEndpoint = (workerName: string) => RiskEndpoint;

export type ChannelMode = 'latest' | 'cancel';

export interface ChannelSpec {
  readonly mode: ChannelMode;
  /** Channels on the same worker share its thread; a `cancel` channel must have its worker to itself. */
  readonly worker: string;
}

export const CHANNELS = {
  /** Report for the summary, grid and what-if panel: every input change, many per second while dragging. */
  report: { mode: 'latest', worker: 'compute' },
  /** Instrument list of a market snapshot. */
  meta: { mode: 'latest', worker: 'compute' },
  /** Downloads. */
  export: { mode: 'latest', worker: 'compute' },
  /** The embedded default market and sample book, read once at start-up (never cancelled by a user's file). */
  startup: { mode: 'latest', worker: 'compute' },
  /**
   * Reading uploaded files: a newer file of the same kind cancels the parse of an older one. Books and markets have
   * separate channels (and workers), so opening a market and then a book at once keeps both.
   */
  portfolioFiles: { mode: 'cancel', worker: 'portfolio-files' },
  /** Risk views (heatmaps, ladders, payoff, surface): every what-if step, on their own worker beside the report. */
  views: { mode: 'latest', worker: 'views' },
  /** VaR / ES / backtest: long jobs, cancelled and respawned when superseded. */
  var: { mode: 'cancel', worker: 'var' },
  /** Stress, margin, cross-margin, counterparty, limits: seconds at most, latest wins. */
  analysis: { mode: 'latest', worker: 'analysis' },
  /** Hedge suggestions and delta-hedge simulations. */
  hedge: { mode: 'cancel', worker: 'hedge' },
  marketFiles: { mode: 'cancel', worker: 'market-files' },
  /** Portfolio-margin proofs: drafting a statement and verifying proof files (user actions, never superseded by a view). */
  proofs: { mode: 'latest', worker: 'proofs' },
} as const satisfies Record<string, ChannelSpec>;

export type Channel = keyof typeof CHANNELS;

export type ClientEvent =
  | { readonly type: 'crashed'; readonly worker: string; readonly message: string }
  | { readonly type: 'fallback'; readonly worker: string; readonly message: string };

export class StaleRequestError extends Error {
  override name = 'StaleRequestError';
  constructor() {
    super('superseded by a newer request');
  }
}

export class RequestAbortedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('request aborted');
  }
}

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

/** True for the errors that only mean "a newer request took over": callers ignore them. */
export function isSupersededError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'StaleRequestError' || e.name === 'AbortError');
}

type Result<M extends RiskMethod> = Awaited<ReturnType<RiskApi[M]>>;

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressFn;
}

interface Job {
  readonly method: RiskMethod;
  readonly args: readonly unknown[];
  readonly opts: RequestOptions;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  attempts: number;
  slot: Slot | null;
  done: boolean;
}

interface Slot {
  readonly name: string;
  readonly endpoint: RiskEndpoint;
  completedCalls: number;
  dead: boolean;
}

interface ChannelState {
  inFlight: Job | null;
  pending: Job | null;
}

/** After this many workers of one name die before completing any call, the engine runs in-process. */
const START_FAILURES_BEFORE_FALLBACK = 2;
const MAX_ATTEMPTS = 2;

export class RiskClient {
  private readonly slots = new Map<string, Slot>();
  private readonly channels = new Map<Channel, ChannelState>();
  private readonly listeners = new Set<(e: ClientEvent) => void>();
  private readonly startFailures = new Map<string, number>();
  private readonly fallbackWorkers = new Set<string>();

  constructor(
    private readonly spawn: SpawnEndpoint,
    private readonly spawnFallback: SpawnEndpoint = spawn,
  ) {}

  /** Calls `method` of the engine on `channel`. Rejects with StaleRequestError/AbortError when superseded. */
  request<M extends RiskMethod>(channel: Channel, method: M, args: Parameters<RiskApi[M]>, opts: RequestOptions = {}): Promise<Result<M>> {
    return new Promise<Result<M>>((resolve, reject) => {
      const job: Job = { method, args, opts, resolve: resolve as (v: unknown) => void, reject, attempts: 0, slot: null, done: false };
      if (opts.signal?.aborted) {
        reject(new RequestAbortedError());
        return;
      }
      opts.signal?.addEventListener('abort', () => this.abort(channel, job), { once: true });
      this.enqueue(channel, job);
    });
  }

  subscribe(listener: (e: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every worker (page unload, tests). Pending and in-flight requests reject as aborted. */
  dispose(): void {
    for (const [, state] of this.channels) {
      for (const job of [state.inFlight, state.pending]) if (job) this.settle(job, new RequestAbortedError());
      state.inFlight = null;
      state.pending = null;
    }
    for (const slot of this.slots.values()) this.kill(slot);
    this.slots.clear();
  }

  private state(channel: Channel): ChannelState {
    let s = this.channels.get(channel);
    if (!s) {
      s = { inFlight: null, pending: null };
      this.channels.set(channel, s);
    }
    return s;
  }

  private enqueue(channel: Channel, job: Job): void {
    const spec: ChannelSpec = CHANNELS[channel];
    const s = this.state(channel);
    if (!s.inFlight) {
      this.start(channel, job);
      return;
    }
    if (spec.mode === 'cancel') {
      const old = s.inFlight;
      s.inFlight = null;
      this.settle(old, new StaleRequestError());
      if (old.slot) this.kill(old.slot);
      this.start(channel, job);
      return;
    }
    if (s.pending) this.settle(s.pending, new StaleRequestError());
    s.pending = job;
  }

  private abort(channel: Channel, job: Job): void {
    if (job.done) return;
    const s = this.state(channel);
    if (s.pending === job) {
      s.pending = null;
      this.settle(job, new RequestAbortedError());
      return;
    }
    if (s.inFlight === job) {
      s.inFlight = null;
      this.settle(job, new RequestAbortedError());
      // Only a terminate stops a synchronous loop; cheap channels just let the result fall on the floor.
      if (CHANNELS[channel].mode === 'cancel' && job.slot) this.kill(job.slot);
      this.startPending(channel);
    }
  }

  private start(channel: Channel, job: Job): void {
    const s = this.state(channel);
    s.inFlight = job;
    job.attempts += 1;
    let slot: Slot;
    try {
      slot = this.slot(CHANNELS[channel].worker);
    } catch (e) {
      s.inFlight = null;
      this.settle(job, e);
      this.startPending(channel);
      return;
    }
    job.slot = slot;
    slot.endpoint.call(job.method, job.args, job.opts.onProgress).then(
      (value) => {
        slot.completedCalls += 1;
        this.finish(channel, job, { ok: true, value });
      },
      (error: unknown) => {
        if (error instanceof Error && error.name === 'WorkerCrashedError') {
          this.handleCrash(slot, error);
          if (s.inFlight === job && job.attempts < MAX_ATTEMPTS) {
            this.start(channel, job); // retry once on a fresh worker
            return;
          }
        }
        this.finish(channel, job, { ok: false, error });
      },
    );
  }

  private finish(channel: Channel, job: Job, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
    const s = this.state(channel);
    if (s.inFlight !== job) return; // superseded or aborted: result dropped
    s.inFlight = null;
    if (outcome.ok) this.settle(job, undefined, outcome.value);
    else this.settle(job, outcome.error);
    this.startPending(channel);
  }

  private startPending(channel: Channel): void {
    const s = this.state(channel);
    const next = s.pending;
    if (!next || s.inFlight) return;
    s.pending = null;
    this.start(channel, next);
  }

  private settle(job: Job, error: unknown, value?: unknown): void {
    if (job.done) return;
    job.done = true;
    if (error !== undefined) job.reject(error);
    else job.resolve(value);
  }

  private slot(name: string): Slot {
    const existing = this.slots.get(name);
    if (existing && !existing.dead) return existing;
    const useFallback = this.fallbackWorkers.has(name);
    let endpoint: RiskEndpoint;
    try {
      endpoint = useFallback ? this.spawnFallback(name) : this.spawn(name);
    } catch (e) {
      if (useFallback) throw e;
      this.switchToFallback(name, e instanceof Error ? e.message : String(e));
      endpoint = this.spawnFallback(name);
    }
    const slot: Slot = { name, endpoint, completedCalls: 0, dead: false };
    endpoint.onCrash((error) => this.handleCrash(slot, error));
    this.slots.set(name, slot);
    return slot;
  }

  private handleCrash(slot: Slot, error: Error): void {
    if (slot.dead) return;
    this.kill(slot);
    if (slot.completedCalls === 0) {
      const failures = (this.startFailures.get(slot.name) ?? 0) + 1;
      this.startFailures.set(slot.name, failures);
      if (failures >= START_FAILURES_BEFORE_FALLBACK && !this.fallbackWorkers.has(slot.name)) {
        this.switchToFallback(slot.name, error.message);
        return;
      }
    } else {
      this.startFailures.set(slot.name, 0);
    }
    this.emit({ type: 'crashed', worker: slot.name, message: error.message });
  }

  private switchToFallback(name: string, message: string): void {
    this.fallbackWorkers.add(name);
    this.emit({ type: 'fallback', worker: name, message });
  }

  private kill(slot: Slot): void {
    slot.dead = true;
    if (this.slots.get(slot.name) === slot) this.slots.delete(slot.name);
    try {
      slot.endpoint.terminate();
    } catch {
      // already gone
    }
  }

  private emit(e: ClientEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/** A module Worker running risk.worker.ts, wrapped with Comlink; calls reject if the worker dies. */
export function spawnWorkerEndpoint(): RiskEndpoint {
  const worker = new Worker(new URL('./risk.worker.ts', import.meta.url), { type: 'module' });
  const remote = wrap<RiskApi>(worker);
  let crashListener: ((e: Error) => void) | null = null;
  let failDeath: (e: Error) => void = () => undefined;
  const death = new Promise<never>((_, reject) => {
    failDeath = reject;
  });
  death.catch(() => undefined); // observed through Promise.race only
  let alive = true;
  const die = (error: Error) => {
    if (!alive) return;
    alive = false;
    failDeath(error);
    crashListener?.(error);
  };
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    die(new WorkerCrashedError(ev.message || 'the risk worker failed to start or stopped'));
  });
  worker.addEventListener('messageerror', () => die(new WorkerCrashedError('a message from the risk worker could not be read')));
  return {
    call(method, args, onProgress) {
      if (!alive) return Promise.reject(new WorkerCrashedError('the risk worker is not running'));
      const fn = remote[method] as unknown as (...a: unknown[]) => Promise<unknown>;
      const callArgs = onProgress ? [...args, proxy(onProgress)] : [...args];
      return Promise.race([fn(...callArgs), death]);
    },
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

/** The engine on the main thread, loaded on first use: only when workers cannot run at all. */
export function spawnInProcessEndpoint(): RiskEndpoint {
  const api = import('./riskApi.ts').then((m) => m.riskApi);
  return {
    async call(method, args, onProgress) {
      const fn = (await api)[method] as unknown as (...a: unknown[]) => unknown;
      return await fn(...args, ...(onProgress ? [onProgress] : []));
    },
    terminate() {},
    onCrash() {},
  };
}

let shared: RiskClient | null = null;

/** The page's client (created on first use, so importing this module starts nothing). */
export function getRiskClient(): RiskClient {
  shared ??= new RiskClient(
    () => spawnWorkerEndpoint(),
    () => spawnInProcessEndpoint(),
  );
  return shared;
}
