/**
 * The page's side of the live connection: the only module that knows the live worker exists.
 *
 * Nothing starts until `connect`: the worker is spawned then, and `disconnect` terminates it, which also drops the
 * API key (it only ever lived in that worker). Events (status, snapshots at most every `throttleMs`, freshness,
 * per-instrument problems, account events) arrive through one listener; the latest of each is kept so a view that
 * mounts late can read it at once. See docs/ARCHITECTURE.md "Live connection" for the whole API.
 */
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { AccountPortfolioResult, AccountSummariesResult } from '../live/account.ts';
import type { AccountLinkInfo } from '../live/auth.ts';
import type { FetchedSeries, HistoryRequest } from '../live/history.ts';
import type { InstrumentProblem, UnderlyingFreshness } from '../live/marketState.ts';
import type { LiveSnapshot } from '../live/marketSession.ts';
import type { LiveConfig, LiveEvent, LiveStatus } from '../live/service.ts';
import type { LiveWorkerApi } from './liveWorkerApi.ts';

export type {
  LiveConfig,
  LiveEvent,
  LiveStatus,
  LiveSnapshot,
  UnderlyingFreshness,
  InstrumentProblem,
  AccountLinkInfo,
  FetchedSeries,
  HistoryRequest,
};

/** What the client needs from a running live worker (async versions of LiveWorkerApi) plus its termination. */
export type LiveEndpoint = {
  readonly [K in keyof LiveWorkerApi]: (...args: Parameters<LiveWorkerApi[K]>) => Promise<Awaited<ReturnType<LiveWorkerApi[K]>>>;
} & { terminate(): void };

export type SpawnLiveEndpoint = () => LiveEndpoint;

/** A module Worker running live.worker.ts, wrapped with Comlink. */
export function spawnLiveWorker(): LiveEndpoint {
  const worker = new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module', name: 'live' });
  const remote: Remote<LiveWorkerApi> = wrap<LiveWorkerApi>(worker);
  const call =
    <K extends keyof LiveWorkerApi>(k: K) =>
    (...args: unknown[]) =>
      (remote[k] as unknown as (...a: unknown[]) => Promise<unknown>)(...args);
  return {
    setListener: (l) => (remote.setListener as unknown as (x: unknown) => Promise<void>)(l ? proxy(l) : null),
    connect: call('connect'),
    disconnect: call('disconnect'),
    setFrozen: call('setFrozen'),
    setThrottleMs: call('setThrottleMs'),
    setStaleAfterMs: call('setStaleAfterMs'),
    status: call('status'),
    latestSnapshot: call('latestSnapshot'),
    linkAccount: call('linkAccount'),
    unlinkAccount: call('unlinkAccount'),
    fetchPositions: call('fetchPositions'),
    fetchAccountSummaries: call('fetchAccountSummaries'),
    fetchHistories: call('fetchHistories'),
    terminate() {
      remote[releaseProxy]();
      worker.terminate();
    },
  } as LiveEndpoint;
}

const IDLE: LiveStatus = { state: 'idle', url: '', attempt: 0, frozen: false, staleUnderlyings: [], accountLinked: false, atMs: 0 };

export class LiveClient {
  private endpoint: LiveEndpoint | null = null;
  private readonly listeners = new Set<(e: LiveEvent) => void>();
  private statusValue: LiveStatus = IDLE;
  private snapshotValue: LiveSnapshot | null = null;
  private freshnessValue: Readonly<Record<string, UnderlyingFreshness>> = {};
  private problemsValue: readonly InstrumentProblem[] = [];
  private frozenValue = false;
  /** Main-thread time spent dispatching the last snapshot event (ms), for the page's own measurements. */
  lastSnapshotDispatchMs = 0;

  constructor(private readonly spawn: SpawnLiveEndpoint = spawnLiveWorker) {}

  /** Every event; returns the unsubscribe. */
  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get status(): LiveStatus {
    return this.statusValue;
  }

  get latestSnapshot(): LiveSnapshot | null {
    return this.snapshotValue;
  }

  get freshness(): Readonly<Record<string, UnderlyingFreshness>> {
    return this.freshnessValue;
  }

  get problems(): readonly InstrumentProblem[] {
    return this.problemsValue;
  }

  get frozen(): boolean {
    return this.frozenValue;
  }

  get running(): boolean {
    return this.endpoint !== null;
  }

  private readonly onEvent = (e: LiveEvent): void => {
    const t0 = typeof performance !== 'undefined' ? performance.now() : 0;
    if (e.type === 'status') this.statusValue = e.status;
    else if (e.type === 'snapshot') {
      this.snapshotValue = e.snapshot;
      this.freshnessValue = e.snapshot.freshness;
      this.problemsValue = e.snapshot.problems;
    } else if (e.type === 'freshness') this.freshnessValue = e.freshness;
    else if (e.type === 'problems') this.problemsValue = e.problems;
    for (const l of this.listeners) l(e);
    if (e.type === 'snapshot' && typeof performance !== 'undefined') this.lastSnapshotDispatchMs = performance.now() - t0;
  };

  /** Switch Live on (spawns the worker on first use). A second connect reconnects with the new configuration. */
  async connect(config: LiveConfig = {}): Promise<void> {
    if (!this.endpoint) {
      this.endpoint = this.spawn();
      await this.endpoint.setListener(this.onEvent);
    }
    this.frozenValue = false;
    await this.endpoint.connect(config);
  }

  /** Switch Live off: closes the link, terminates the worker (the API key goes with it) and clears the state. */
  async disconnect(): Promise<void> {
    const ep = this.endpoint;
    this.endpoint = null;
    if (ep) {
      try {
        await ep.disconnect();
      } catch {
        // the worker is terminated below either way
      }
      ep.terminate();
    }
    this.snapshotValue = null;
    this.freshnessValue = {};
    this.problemsValue = [];
    this.frozenValue = false;
    this.onEvent({ type: 'status', status: { ...IDLE, state: ep ? 'closed' : 'idle', url: this.statusValue.url, atMs: Date.now() } });
  }

  private need(): LiveEndpoint {
    if (!this.endpoint) throw new Error('Live is off');
    return this.endpoint;
  }

  /** Stop applying live updates (a what-if on a still market); the stream keeps running in the worker. */
  async freeze(): Promise<void> {
    this.frozenValue = true;
    await this.need().setFrozen(true);
  }

  /** Apply updates again; the current market is published at once. */
  async unfreeze(): Promise<void> {
    this.frozenValue = false;
    await this.need().setFrozen(false);
  }

  async setThrottleMs(ms: number): Promise<void> {
    await this.need().setThrottleMs(ms);
  }

  async setStaleAfterMs(ms: number): Promise<void> {
    await this.need().setStaleAfterMs(ms);
  }

  /** Link a read-only API key; the secret is handed to the worker and kept nowhere on this side. */
  async linkAccount(clientId: string, clientSecret: string): Promise<AccountLinkInfo> {
    return await this.need().linkAccount(clientId, clientSecret);
  }

  async unlinkAccount(): Promise<void> {
    if (this.endpoint) await this.endpoint.unlinkAccount();
  }

  async fetchPositions(): Promise<AccountPortfolioResult> {
    return await this.need().fetchPositions();
  }

  async fetchAccountSummaries(): Promise<AccountSummariesResult> {
    return await this.need().fetchAccountSummaries();
  }

  async fetchHistories(requests: readonly HistoryRequest[]): Promise<FetchedSeries[]> {
    return await this.need().fetchHistories(requests);
  }
}

let shared: LiveClient | null = null;

/** The page's live client (created on first use; it spawns nothing until `connect`). */
export function getLiveClient(): LiveClient {
  shared ??= new LiveClient();
  return shared;
}
