/**
 * The connection owner: one DeribitConnection, the live market on it, the optional account link and the history
 * fetches. The worker facade (src/worker/live.worker.ts) exposes one LiveService; Node tests run it directly with
 * the `ws` socket. Events go out through one `emit` callback as plain structured-clone data.
 *
 * Status (`LiveStatus.state`): `idle` before connect; `connecting`; `open` (setup complete, every underlying fresh);
 * `stale` (open, but an underlying has had no update for `staleAfterMs`); `reconnecting` (with `reason`: dropped,
 * silent, heartbeat, rate-limited, maintenance, too-slow, setup-failed, unreachable, and `retryInMs`); `error`
 * (gave up, or a bootstrap/build failure while the last good market stays); `closed` after disconnect.
 *
 * The API key: `linkAccount` keeps it in an AccountAuth (auth.ts) inside this object only; `unlinkAccount` and
 * `disconnect` forget it. No event, status, error or problem carries it.
 */
import { accountPositionsToPortfolio, parseAccountSummaries, type AccountPortfolioResult, type AccountSummariesResult } from './account.ts';
import { AccountAuth, type AccountLinkInfo, type AuthEvent, type DeribitCredentials, type HmacSubtle } from './auth.ts';
import type { BackoffOptions } from './backoff.ts';
import { DeribitConnection, RpcError, type ConnectionProblem, type ConnectionStatus, type DisconnectReason } from './connection.ts';
import { fetchHistory, type FetchedSeries, type HistoryRequest } from './history.ts';
import type { InstrumentProblem, TickerInterval, UnderlyingFreshness } from './marketState.ts';
import { DEFAULT_CURRENCIES, LiveMarketSession, type LiveSnapshot } from './marketSession.ts';
import { deribitUrl, systemClock, type LiveClock, type LiveSocketFactory, type RandomSource } from './transport.ts';

export interface LiveConfig {
  /** Any JSON-RPC WebSocket endpoint (a mock server); default production, or testnet with `testnet`. */
  readonly url?: string | null;
  readonly testnet?: boolean;
  /** Deribit currencies to load (BTC, ETH, USDC, …). Default BTC, ETH. */
  readonly currencies?: readonly string[];
  /** Keep only these underlyings (e.g. the book's coins); default all. */
  readonly underlyings?: readonly string[];
  /** Stream the market (default true); false opens the link for the account or histories only. */
  readonly market?: boolean;
  /** Publish snapshots at most this often, ms (default 1000). */
  readonly throttleMs?: number;
  /** An underlying without an update for this long is stale, ms (default 5000). */
  readonly staleAfterMs?: number;
  readonly resyncEveryMs?: number;
  readonly tickerInterval?: TickerInterval;
  readonly heartbeatIntervalS?: number;
  readonly silenceTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly rateLimitWaitMs?: number;
  readonly maintenanceWaitMs?: number;
  readonly backoff?: Partial<BackoffOptions>;
  readonly maxAttempts?: number;
}

export type LiveState = 'idle' | 'connecting' | 'open' | 'stale' | 'reconnecting' | 'error' | 'closed';

export interface LiveStatus {
  readonly state: LiveState;
  readonly url: string;
  readonly reason?: DisconnectReason | 'bootstrap-failed' | 'build-failed' | 'gave-up';
  readonly detail?: string;
  readonly attempt: number;
  readonly retryInMs?: number;
  readonly frozen: boolean;
  /** Underlyings with no update for staleAfterMs. */
  readonly staleUnderlyings: readonly string[];
  readonly accountLinked: boolean;
  readonly atMs: number;
}

export type LiveEvent =
  | { readonly type: 'status'; readonly status: LiveStatus }
  | { readonly type: 'snapshot'; readonly snapshot: LiveSnapshot }
  | { readonly type: 'freshness'; readonly freshness: Readonly<Record<string, UnderlyingFreshness>> }
  | { readonly type: 'problems'; readonly problems: readonly InstrumentProblem[] }
  | { readonly type: 'connection-problem'; readonly problem: ConnectionProblem }
  | { readonly type: 'account'; readonly event: AuthEvent };

export interface LiveDeps {
  readonly socketFactory: LiveSocketFactory;
  readonly clock?: LiveClock;
  readonly random?: RandomSource;
  readonly subtle?: HmacSubtle;
  readonly nonce?: () => string;
}

const ACCOUNT_CURRENCIES = ['BTC', 'ETH', 'USDC', 'USDT', 'EURR'] as const;

export class LiveService {
  private conn: DeribitConnection | null = null;
  private market: LiveMarketSession | null = null;
  private auth: AccountAuth | null = null;
  private removeAuthStep: (() => void) | null = null;
  private readonly clock: LiveClock;
  private connStatus: ConnectionStatus | null = null;
  private staleList: string[] = [];
  private marketError: { reason: 'bootstrap-failed' | 'build-failed'; detail: string } | null = null;
  private config: LiveConfig = {};
  private statusKey = '';

  constructor(
    private readonly deps: LiveDeps,
    private readonly emit: (e: LiveEvent) => void,
  ) {
    this.clock = deps.clock ?? systemClock;
  }

  get connected(): boolean {
    return this.conn !== null;
  }

  /** Open the link (and the market unless `market: false`). A second connect replaces the first. */
  connect(config: LiveConfig = {}): void {
    if (this.conn) this.disconnect(false);
    this.config = config;
    const url = deribitUrl(config);
    const conn = new DeribitConnection({
      url,
      socketFactory: this.deps.socketFactory,
      clock: this.clock,
      ...(this.deps.random ? { random: this.deps.random } : {}),
      ...(config.heartbeatIntervalS !== undefined ? { heartbeatIntervalS: config.heartbeatIntervalS } : {}),
      ...(config.silenceTimeoutMs !== undefined ? { silenceTimeoutMs: config.silenceTimeoutMs } : {}),
      ...(config.requestTimeoutMs !== undefined ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
      ...(config.rateLimitWaitMs !== undefined ? { rateLimitWaitMs: config.rateLimitWaitMs } : {}),
      ...(config.maintenanceWaitMs !== undefined ? { maintenanceWaitMs: config.maintenanceWaitMs } : {}),
      ...(config.backoff ? { backoff: config.backoff } : {}),
      ...(config.maxAttempts !== undefined ? { maxAttempts: config.maxAttempts } : {}),
    });
    this.conn = conn;
    this.connStatus = null;
    this.marketError = null;
    conn.listen({
      status: (s) => {
        this.connStatus = s;
        if (s.state === 'open') this.marketError = null;
        this.emitStatus();
      },
      problem: (p) => this.emit({ type: 'connection-problem', problem: p }),
    });
    if (config.market !== false) {
      this.market = new LiveMarketSession(
        conn,
        {
          currencies: config.currencies ?? DEFAULT_CURRENCIES,
          ...(config.underlyings ? { underlyings: config.underlyings } : {}),
          ...(config.throttleMs !== undefined ? { throttleMs: config.throttleMs } : {}),
          ...(config.staleAfterMs !== undefined ? { staleAfterMs: config.staleAfterMs } : {}),
          ...(config.resyncEveryMs !== undefined ? { resyncEveryMs: config.resyncEveryMs } : {}),
          ...(config.tickerInterval ? { tickerInterval: config.tickerInterval } : {}),
          sourceLabel: `Deribit live (${url})`,
        },
        {
          snapshot: (s) => {
            this.marketError = null;
            this.emit({ type: 'snapshot', snapshot: s });
            this.updateStale(s.freshness);
          },
          freshness: (f) => {
            this.emit({ type: 'freshness', freshness: f });
            this.updateStale(f);
          },
          problems: (p) => this.emit({ type: 'problems', problems: p }),
          error: (message) => {
            this.marketError = { reason: message.startsWith('resync') ? 'bootstrap-failed' : 'build-failed', detail: message };
            this.emitStatus();
          },
        },
        this.clock,
      );
      this.market.start();
    }
    if (this.auth) this.removeAuthStep = conn.addSetupStep(this.auth.setupStep);
    conn.connect();
  }

  /** Close the link, stop the market and forget the API key. */
  disconnect(forgetKey = true): void {
    this.market?.stop();
    this.market = null;
    const conn = this.conn;
    this.conn = null;
    conn?.close();
    if (forgetKey) this.unlinkAccount();
    this.staleList = [];
    this.emitStatus(conn ? 'closed' : 'idle');
  }

  setFrozen(frozen: boolean): void {
    this.market?.setFrozen(frozen);
    this.emitStatus();
  }

  setThrottleMs(ms: number): void {
    this.market?.setThrottleMs(ms);
  }

  setStaleAfterMs(ms: number): void {
    this.market?.setStaleAfterMs(ms);
  }

  latestSnapshot(): LiveSnapshot | null {
    return this.market?.latest() ?? null;
  }

  status(): LiveStatus {
    return this.currentStatus();
  }

  private updateStale(f: Readonly<Record<string, UnderlyingFreshness>>): void {
    const list = Object.entries(f)
      .filter(([, x]) => x.stale)
      .map(([u]) => u)
      .sort();
    if (list.join() !== this.staleList.join()) {
      this.staleList = list;
      this.emitStatus();
    }
  }

  private currentStatus(override?: LiveState): LiveStatus {
    const s = this.connStatus;
    const base = {
      url: s?.url ?? deribitUrl(this.config),
      attempt: s?.attempt ?? 0,
      frozen: this.market?.isFrozen ?? false,
      staleUnderlyings: [...this.staleList],
      accountLinked: this.auth?.linked ?? false,
      atMs: this.clock.now(),
    };
    if (override) return { state: override, ...base };
    if (!s) return { state: this.conn ? 'connecting' : 'idle', ...base };
    switch (s.state) {
      case 'open':
        if (this.marketError) return { state: 'error', reason: this.marketError.reason, detail: this.marketError.detail, ...base };
        return { state: this.staleList.length > 0 ? 'stale' : 'open', ...base };
      case 'reconnecting':
        return {
          state: 'reconnecting',
          ...(s.reason ? { reason: s.reason } : {}),
          ...(s.detail ? { detail: s.detail } : {}),
          ...(s.retryInMs !== undefined ? { retryInMs: s.retryInMs } : {}),
          ...base,
        };
      case 'failed':
        return { state: 'error', reason: 'gave-up', detail: `${s.reason ?? 'dropped'}${s.detail ? `: ${s.detail}` : ''}`, ...base };
      case 'closed':
        return { state: 'closed', ...base };
      default:
        return { state: s.state === 'idle' ? 'idle' : 'connecting', ...base };
    }
  }

  private emitStatus(override?: LiveState, force = false): void {
    const status = this.currentStatus(override);
    const key = JSON.stringify({ ...status, atMs: 0 });
    if (!force && key === this.statusKey) return;
    this.statusKey = key;
    this.emit({ type: 'status', status });
  }

  // --- account ---------------------------------------------------------------------------------------------------

  /**
   * Link a read-only API key: authenticates the open link now and after every reconnect.
   * @returns the granted scope and expiry, or rejects with a message that never contains the secret
   */
  linkAccount(credentials: DeribitCredentials): Promise<AccountLinkInfo> {
    const conn = this.conn;
    if (!conn) return Promise.reject(new Error('switch Live on before linking an account'));
    if (!credentials.clientId.trim() || !credentials.clientSecret)
      return Promise.reject(new Error('the client id and the client secret are both needed'));
    this.unlinkAccount();
    return new Promise<AccountLinkInfo>((resolve, reject) => {
      let settled = false;
      const auth = new AccountAuth(
        credentials,
        (e) => {
          this.emit({ type: 'account', event: e });
          this.emitStatus();
          if (settled) return;
          settled = true;
          if (e.type === 'failed') {
            if (this.auth === auth) this.unlinkAccount();
            reject(new Error(e.message));
          } else resolve(e.info);
        },
        this.clock,
        { ...(this.deps.subtle ? { subtle: this.deps.subtle } : {}), ...(this.deps.nonce ? { nonce: this.deps.nonce } : {}) },
      );
      this.auth = auth;
      this.removeAuthStep = conn.addSetupStep(auth.setupStep);
      const direct = () => void auth.setupStep((method, params) => conn.call(method, params));
      if (conn.isReady) direct();
      else {
        // A setup already past its steps would not run this one until the next reconnect.
        const off = conn.listen({
          ready: () => {
            off();
            if (!settled && this.auth === auth) direct();
          },
        });
      }
    });
  }

  /** Forget the API key and its tokens. */
  unlinkAccount(): void {
    this.removeAuthStep?.();
    this.removeAuthStep = null;
    const had = this.auth !== null;
    this.auth?.forget();
    this.auth = null;
    if (had) this.emitStatus();
  }

  private requireAccount(): DeribitConnection {
    if (!this.conn) throw new Error('Live is off');
    if (!this.auth?.linked) throw new Error('no account is linked');
    return this.conn;
  }

  /** `private/get_positions` for every currency and kind → Portfolio (named "Deribit account"). */
  async fetchPositions(): Promise<AccountPortfolioResult> {
    const conn = this.requireAccount();
    let result: unknown;
    try {
      result = await conn.call('private/get_positions', { currency: 'any' });
    } catch (e) {
      if (!(e instanceof RpcError) || e.code === 13009 || e.code === 10028) throw e;
      // Older servers do not take "any": one call per settlement currency.
      const parts = await Promise.all(
        ACCOUNT_CURRENCIES.map((currency) => conn.call<unknown>('private/get_positions', { currency }).catch(() => [] as unknown[])),
      );
      result = parts.flatMap((p) => (Array.isArray(p) ? p : []));
    }
    return accountPositionsToPortfolio(result);
  }

  /** `private/get_account_summaries` (extended) → per currency equity, IM, MM and margin model. */
  async fetchAccountSummaries(): Promise<AccountSummariesResult> {
    const conn = this.requireAccount();
    return parseAccountSummaries(await conn.call('private/get_account_summaries', { extended: true }));
  }

  // --- histories -------------------------------------------------------------------------------------------------

  /** Fetch the requested daily series that are due (see history.ts); series not due are left out of the answer. */
  async fetchHistories(requests: readonly HistoryRequest[]): Promise<FetchedSeries[]> {
    const conn = this.conn;
    if (!conn) throw new Error('Live is off');
    const now = this.clock.now();
    const out: FetchedSeries[] = [];
    for (const r of requests) {
      const f = await fetchHistory((method, params) => conn.call(method, params), r, now);
      if (f) out.push(f);
    }
    return out;
  }
}
