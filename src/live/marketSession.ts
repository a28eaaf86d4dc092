/**
 * Live market over a DeribitConnection: the bootstrap requests, the stream subscriptions, and throttled snapshots.
 *
 * - On the first open (and on a resync): per currency `public/get_instruments` (unexpired), then
 *   `public/get_book_summary_by_currency` for `option` and `future`, then `public/get_index_price` for each index
 *   the instruments use. All in parallel; the connection paces them.
 * - Then one `public/subscribe` with every channel (markprice per option index, the indices, `ticker.{f}.agg2` per
 *   future and perpetual; see marketState.ts). After a reconnect only the subscription is renewed: the first
 *   markprice event holds the whole chain again and each ticker and index sends its current value.
 * - Futures and perpetual marks: `ticker.{instrument}.agg2` (about one message per instrument per 1–2 s). Cost in
 *   credits: subscriptions are paid per `public/subscribe` call (one call for up to 500 channels, 500 credits of the
 *   50,000 pool), not per message; agg2 rather than 100ms because snapshots are applied at most once a second, so
 *   faster ticks would only cost bandwidth and parsing.
 * - Resync every `resyncEveryMs` (default 10 min), sooner (not more than once a minute) when the stream names an
 *   instrument the bootstrap did not know: the same requests again, merged keeping newer streamed marks.
 * - Snapshots: built and published at most every `throttleMs` (default 1000) while something changed and the market
 *   is not frozen; per-underlying freshness (stale after `staleAfterMs`, default 5000) with every snapshot and
 *   whenever an underlying turns stale or fresh.
 */
import { parseInstrument } from '../domain/instrument.ts';
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';
import type { DeribitConnection, RpcCall } from './connection.ts';
import {
  LiveMarketState,
  type InstrumentProblem,
  type LiveBootstrapData,
  type TickerInterval,
  type UnderlyingFreshness,
} from './marketState.ts';
import { systemClock, type LiveClock } from './transport.ts';

export const DEFAULT_CURRENCIES: readonly string[] = ['BTC', 'ETH'];

/**
 * The Deribit currencies and underlyings a book needs: BTC and ETH always (the default market), the coin of every
 * inverse instrument, USDC when the book holds a linear (`_USDC`) product; `underlyings` = the book's coins plus BTC
 * and ETH, to pass as the market filter (USDC lists many coins the book may not hold).
 */
export function currenciesForBook(portfolio: Portfolio): { currencies: string[]; underlyings: string[] } {
  const currencies = new Set<string>(DEFAULT_CURRENCIES);
  const underlyings = new Set<string>(DEFAULT_CURRENCIES);
  for (const p of portfolio.positions) {
    const parsed = parseInstrument(p.instrument);
    if (!parsed.ok || parsed.value.kind === 'cash') continue;
    const inst = parsed.value;
    underlyings.add(inst.underlying);
    if (inst.kind === 'spot') continue;
    currencies.add(inst.settlement === 'linear' ? 'USDC' : inst.underlying);
  }
  return { currencies: [...currencies].sort(), underlyings: [...underlyings].sort() };
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Per-request outcome of a bootstrap, for messages. */
export interface BootstrapReport {
  readonly data: LiveBootstrapData;
  /** Requests that failed without stopping the bootstrap (an index not quoted, …). */
  readonly warnings: readonly string[];
}

/**
 * Fetch the bootstrap answers for `currencies` (Deribit currency codes: BTC, ETH, USDC, …).
 * Book summaries and instruments must all answer (a rejection rejects the bootstrap); an index that fails is a
 * warning and its underlying falls back to the book summary's `estimated_delivery_price`.
 * @param underlyings when given, only indices of these underlyings are fetched
 */
export async function fetchBootstrap(
  call: RpcCall,
  currencies: readonly string[],
  underlyings?: readonly string[],
): Promise<BootstrapReport> {
  const keep = underlyings ? new Set(underlyings.map((u) => u.toUpperCase())) : null;
  const perCurrency = await Promise.all(
    currencies.map(async (currency) => {
      const [instruments, options, futures] = await Promise.all([
        call<unknown>('public/get_instruments', { currency, expired: false }),
        call<unknown>('public/get_book_summary_by_currency', { currency, kind: 'option' }),
        call<unknown>('public/get_book_summary_by_currency', { currency, kind: 'future' }),
      ]);
      const list = (v: unknown, what: string): unknown[] => {
        if (!Array.isArray(v)) throw new Error(`${what} for ${currency} is not a list`);
        return v;
      };
      return {
        instruments: list(instruments, 'public/get_instruments').filter((i) => isObject(i) && (i.kind === 'option' || i.kind === 'future')),
        summaries: [...list(options, 'the option book summary'), ...list(futures, 'the futures book summary')],
      };
    }),
  );
  const instruments = perCurrency.flatMap((c) => c.instruments);
  const summaries = perCurrency.flatMap((c) => c.summaries);
  const indexNames = new Set<string>();
  for (const i of instruments) {
    if (!isObject(i) || typeof i.price_index !== 'string') continue;
    const base = typeof i.base_currency === 'string' ? i.base_currency.toUpperCase() : '';
    if (!keep || keep.has(base)) indexNames.add(i.price_index);
  }
  const warnings: string[] = [];
  const indexPrices: Record<string, number> = {};
  await Promise.all(
    [...indexNames].sort().map(async (index_name) => {
      try {
        const r = await call<unknown>('public/get_index_price', { index_name });
        const p = isObject(r) ? r.index_price : undefined;
        if (typeof p === 'number' && Number.isFinite(p) && p > 0) indexPrices[index_name] = p;
        else warnings.push(`public/get_index_price ${index_name}: no positive index_price in the answer`);
      } catch (e) {
        warnings.push(`public/get_index_price ${index_name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
  return { data: { instruments, summaries, indexPrices }, warnings };
}

/** One published market. */
export interface LiveSnapshot {
  readonly snapshot: MarketSnapshot;
  /** The builder's warnings (skipped rows, fallbacks) and the bootstrap's. */
  readonly warnings: readonly string[];
  /** 1, 2, … per session. */
  readonly seq: number;
  /** Local epoch ms when it was built. */
  readonly builtAtMs: number;
  readonly freshness: Readonly<Record<string, UnderlyingFreshness>>;
  readonly problems: readonly InstrumentProblem[];
}

export interface LiveMarketListener {
  snapshot?(s: LiveSnapshot): void;
  freshness?(f: Readonly<Record<string, UnderlyingFreshness>>): void;
  problems?(p: readonly InstrumentProblem[]): void;
  /** A bootstrap or snapshot build that failed (the last good market stays). */
  error?(message: string): void;
}

export interface LiveMarketOptions {
  readonly currencies?: readonly string[];
  readonly underlyings?: readonly string[];
  readonly throttleMs?: number;
  readonly staleAfterMs?: number;
  readonly resyncEveryMs?: number;
  readonly tickerInterval?: TickerInterval;
  readonly sourceLabel?: string;
}

const MIN_RESYNC_MS = 60_000;

export class LiveMarketSession {
  readonly state: LiveMarketState;
  private readonly clock: LiveClock;
  private throttleMs: number;
  private staleAfterMs: number;
  private readonly resyncEveryMs: number;
  private readonly currencies: readonly string[];
  private frozen = false;
  private running = false;
  private seq = 0;
  private lastPublishMs = Number.NEGATIVE_INFINITY;
  private lastBootstrapMs = Number.NEGATIVE_INFINITY;
  private latestValue: LiveSnapshot | null = null;
  private bootstrapWarnings: readonly string[] = [];
  private tickTimer: unknown = null;
  private staleKey = '';
  private problemsKey = '';
  private resyncing = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly conn: DeribitConnection,
    private readonly options: LiveMarketOptions,
    private readonly listener: LiveMarketListener,
    clock?: LiveClock,
  ) {
    this.clock = clock ?? systemClock;
    this.throttleMs = Math.max(0, options.throttleMs ?? 1000);
    this.staleAfterMs = Math.max(0, options.staleAfterMs ?? 5000);
    this.resyncEveryMs = options.resyncEveryMs ?? 600_000;
    this.currencies = (options.currencies ?? DEFAULT_CURRENCIES).map((c) => c.toUpperCase());
    this.state = new LiveMarketState({
      ...(options.underlyings ? { underlyings: options.underlyings } : {}),
      tickerInterval: options.tickerInterval ?? 'agg2',
      sourceLabel: options.sourceLabel ?? `Deribit live (${conn.url})`,
    });
  }

  /** Register with the connection (bootstrap on the next setup) and start publishing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.cleanups.push(
      this.conn.addSetupStep(async (call) => {
        if (!this.state.bootstrapped) await this.bootstrap(call);
      }),
      this.conn.listen({
        notification: (channel, data) => {
          this.state.apply(channel, data, this.clock.now());
        },
      }),
    );
    this.scheduleTick();
  }

  /** Stop publishing and drop the subscriptions (the connection may stay for other users). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const c of this.cleanups.splice(0)) c();
    if (this.tickTimer !== null) this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    void this.conn.unsubscribe(this.state.channels()).catch(() => undefined);
  }

  /** While frozen the stream is still applied but no snapshot is published; unfreezing publishes at once. */
  setFrozen(frozen: boolean): void {
    this.frozen = frozen;
    if (!frozen && this.running) this.publish(true);
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  setThrottleMs(ms: number): void {
    this.throttleMs = Math.max(0, ms);
    this.scheduleTick();
  }

  setStaleAfterMs(ms: number): void {
    this.staleAfterMs = Math.max(0, ms);
  }

  latest(): LiveSnapshot | null {
    return this.latestValue;
  }

  freshness(): Record<string, UnderlyingFreshness> {
    return this.state.freshness(this.clock.now(), this.staleAfterMs);
  }

  private async bootstrap(call: RpcCall): Promise<void> {
    const report = await fetchBootstrap(call, this.currencies, this.options.underlyings);
    const before = new Set(this.state.bootstrapped ? this.state.channels() : []);
    this.state.bootstrap(report.data, this.clock.now());
    this.bootstrapWarnings = report.warnings;
    this.lastBootstrapMs = this.clock.now();
    const after = this.state.channels();
    const removed = [...before].filter((c) => !after.includes(c));
    if (removed.length > 0) await this.conn.unsubscribe(removed).catch(() => undefined);
    await this.conn.subscribe(after);
    this.publish(true);
  }

  private async resync(): Promise<void> {
    if (this.resyncing || !this.conn.isReady) return;
    this.resyncing = true;
    try {
      await this.bootstrap((method, params) => this.conn.call(method, params));
    } catch (e) {
      this.listener.error?.(`resync failed (the market keeps streaming): ${e instanceof Error ? e.message : String(e)}`);
      this.lastBootstrapMs = this.clock.now();
    } finally {
      this.resyncing = false;
    }
  }

  private scheduleTick(): void {
    if (this.tickTimer !== null) this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    if (!this.running) return;
    const period = Math.max(50, Math.min(250, this.throttleMs || 250));
    this.tickTimer = this.clock.setTimeout(() => {
      this.tickTimer = null;
      this.tick();
      this.scheduleTick();
    }, period);
  }

  private tick(): void {
    const now = this.clock.now();
    if (this.state.dirty && now - this.lastPublishMs >= this.throttleMs) this.publish(false);
    const fresh = this.freshness();
    const staleKey = Object.entries(fresh)
      .map(([u, f]) => `${u}:${f.stale ? 1 : 0}`)
      .join(',');
    if (staleKey !== this.staleKey) {
      this.staleKey = staleKey;
      this.listener.freshness?.(fresh);
    }
    const problems = this.state.problems();
    const problemsKey = problems.map((p) => `${p.kind}:${p.instrument}`).join('|');
    if (problemsKey !== this.problemsKey) {
      this.problemsKey = problemsKey;
      this.listener.problems?.(problems);
    }
    if (this.state.bootstrapped && this.conn.isReady && this.resyncEveryMs > 0) {
      const since = now - this.lastBootstrapMs;
      if (since >= this.resyncEveryMs || (this.state.wantsResync && since >= MIN_RESYNC_MS)) void this.resync();
    }
  }

  private publish(force: boolean): void {
    if (!this.state.bootstrapped || this.frozen) return;
    if (!force && !this.state.dirty) return;
    const built = this.state.build();
    const now = this.clock.now();
    this.lastPublishMs = now;
    if (!built.ok) {
      this.listener.error?.(`the live market could not be built (the last good market stays): ${built.error}`);
      return;
    }
    this.seq += 1;
    const freshness = this.freshness();
    this.latestValue = {
      snapshot: built.snapshot,
      warnings: [...this.bootstrapWarnings, ...built.warnings],
      seq: this.seq,
      builtAtMs: now,
      freshness,
      problems: this.state.problems(),
    };
    this.listener.snapshot?.(this.latestValue);
  }
}
