/**
 * The live market: the book-summary entries of the bootstrap, kept current by the stream, and turned into a market
 * snapshot by the same builder as the file importer (io/deribitBookSummary.ts `buildBookSummarySnapshot`).
 *
 * Bootstrap (per currency): `public/get_instruments`, `public/get_book_summary_by_currency` for options and futures,
 * `public/get_index_price` for every index in use. Built as is, this is exactly the snapshot the file importer
 * makes from the same book-summary responses, except that the index is the index feed's value instead of the
 * median `estimated_delivery_price` (the two are the same quantity; the feed is the current one).
 *
 * Stream (applied here, in arrival order):
 * - `markprice.options.{index}`: an ARRAY of {instrument_name, mark_price, iv, timestamp}; the first event after a
 *   subscribe holds the whole chain, later ones only the changed rows. `iv` is a fraction (0.3706 = 37.06 %): it
 *   replaces the entry's implied vol; `mark_price` (coin for inverse options) replaces its mark.
 * - `deribit_price_index.{index}`: {index_name, price, timestamp}: the underlying's index.
 * - `ticker.{future or perpetual}.{interval}`: `mark_price` (USD) replaces the future's or perpetual's mark,
 *   `funding_8h` the perpetual's funding, best bid/ask the half-spread.
 * Forwards follow the stream the way Deribit defines them: options whose `underlying_index` names a listed future
 * take that future's streamed mark; `SYN.` expiries keep their bootstrap basis as a ratio to the index
 * (F = F₀ · S/S₀) until the next resync; `index_price` expiries are derived by put-call parity from the streamed
 * marks, as in the importer. Nothing moves until the stream says so, so an un-streamed state builds the bootstrap
 * snapshot exactly.
 *
 * Bad data never becomes a number: a mark that is not a finite number ≥ 0, an iv that is not a finite number > 0, an
 * index or futures mark that is not > 0, or an instrument the bootstrap did not know, is recorded as a problem for
 * that instrument and the last good value stays. A later good value clears the problem.
 *
 * Pure TypeScript: no I/O, no timers; times are passed in.
 */
import { parseInstrument } from '../domain/instrument.ts';
import {
  buildBookSummarySnapshot,
  readBookSummaryEntries,
  SkipLog,
  type BookSummaryEntry,
  type BookSummaryImportResult,
} from '../io/deribitBookSummary.ts';
import { median } from '../io/marketSnapshot.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The raw answers of one bootstrap. */
export interface LiveBootstrapData {
  /** `public/get_instruments` results of every currency, concatenated. */
  readonly instruments: readonly unknown[];
  /** `public/get_book_summary_by_currency` results (options, then futures; currency by currency), concatenated. */
  readonly summaries: readonly unknown[];
  /** Index name (`btc_usd`) → `public/get_index_price` index_price. */
  readonly indexPrices: Readonly<Record<string, number>>;
}

export type ProblemKind = 'unknown-instrument' | 'bad-mark' | 'bad-iv' | 'bad-index' | 'bad-message';

/** One instrument (or index) whose streamed data was refused; its last good value stays in the market. */
export interface InstrumentProblem {
  /** Instrument name, or the index name for `bad-index`, or the channel for `bad-message`. */
  readonly instrument: string;
  readonly underlying: string | null;
  readonly kind: ProblemKind;
  readonly message: string;
  /** Local epoch ms when it was seen (last time). */
  readonly atMs: number;
}

/** How current one underlying is. */
export interface UnderlyingFreshness {
  /** Local epoch ms of the last applied update (bootstrap or stream). */
  readonly lastUpdateMs: number;
  /** Exchange timestamp (epoch ms) of the last applied update. */
  readonly lastExchangeMs: number;
  /** nowMs − lastUpdateMs. */
  readonly ageMs: number;
  /** ageMs > the staleness threshold. */
  readonly stale: boolean;
}

export type TickerInterval = '100ms' | 'agg2';

interface LiveEntry {
  readonly entry: Mutable<BookSummaryEntry>;
  /** underlying_price of the bootstrap row (forward reference for SYN and index_price expiries). */
  readonly baseUnderlyingPrice: number | undefined;
  /** Exchange timestamp of the newest data applied to this entry. */
  streamTs: number;
  /** Futures/perpetuals: the mark came from the stream (then options on this future follow it). */
  streamedMark: boolean;
}

/** Preferred index of an underlying: the USD index, else the USDC one (pegged to it since 2025). */
function indexNamesFor(underlying: string): string[] {
  const u = underlying.toLowerCase();
  return [`${u}_usd`, `${u}_usdc`];
}

function underlyingOfIndex(indexName: string): string {
  return (indexName.split('_')[0] ?? indexName).toUpperCase();
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export interface LiveMarketStateOptions {
  /** Keep only these underlyings (all when absent). */
  readonly underlyings?: readonly string[];
  /** Ticker channel interval for futures and perpetuals. Default `agg2`. */
  readonly tickerInterval?: TickerInterval;
  /** Text of the snapshot's source (the endpoint). */
  readonly sourceLabel?: string;
}

export class LiveMarketState {
  private readonly entries = new Map<string, LiveEntry>();
  /** get_instruments: name → price index. */
  private readonly priceIndexOf = new Map<string, string>();
  private readonly knownNames = new Set<string>();
  private readonly bootIndex = new Map<string, number>();
  private readonly indexOverride = new Map<string, number>();
  private readonly liveIndex = new Map<string, { price: number; ts: number }>();
  private readonly lastUpdate = new Map<string, { localMs: number; exchangeMs: number }>();
  private readonly problemMap = new Map<string, InstrumentProblem>();
  private readonly filter: Set<string> | null;
  private bootstrapValuationMs: number | null = null;
  private streamValuationMs = Number.NEGATIVE_INFINITY;
  private bootstrapWarnings: string[] = [];
  private underlyingList: string[] = [];
  private dirtyFlag = false;
  private unknownSeen = false;

  constructor(private readonly options: LiveMarketStateOptions = {}) {
    this.filter = options.underlyings ? new Set(options.underlyings.map((u) => u.toUpperCase())) : null;
  }

  get bootstrapped(): boolean {
    return this.bootstrapValuationMs !== null;
  }

  /** True after a change that the last built snapshot does not have. */
  get dirty(): boolean {
    return this.dirtyFlag;
  }

  /** True when the stream named instruments the bootstrap did not know (a resync would add them). */
  get wantsResync(): boolean {
    return this.unknownSeen;
  }

  /**
   * Load (or reload, on a resync) the bootstrap answers. On a reload, entries whose streamed data is newer than the
   * new summary keep their streamed mark and vol.
   * @param nowMs local time of receipt
   */
  bootstrap(data: LiveBootstrapData, nowMs: number): void {
    const previous = new Map(this.entries);
    this.entries.clear();
    this.priceIndexOf.clear();
    this.knownNames.clear();
    this.bootIndex.clear();
    this.indexOverride.clear();
    for (const raw of data.instruments) {
      if (!isObject(raw) || typeof raw.instrument_name !== 'string') continue;
      this.knownNames.add(raw.instrument_name);
      if (typeof raw.price_index === 'string') this.priceIndexOf.set(raw.instrument_name, raw.price_index);
    }
    const skips = new SkipLog();
    const read = readBookSummaryEntries(data.summaries, skips);
    this.bootstrapWarnings = skips.lines();
    let latest = Number.NEGATIVE_INFINITY;
    for (const e of read) {
      if (this.filter && !this.filter.has(e.underlying)) continue;
      const ts = e.timestamp ?? Number.NEGATIVE_INFINITY;
      if (ts > latest) latest = ts;
      const entry: Mutable<BookSummaryEntry> = { ...e };
      const live: LiveEntry = { entry, baseUnderlyingPrice: e.underlyingPrice, streamTs: ts, streamedMark: false };
      const old = previous.get(e.inst.name);
      if (old && old.streamTs > ts) {
        entry.mark = old.entry.mark;
        entry.iv = old.entry.iv;
        if (e.inst.kind !== 'option') {
          entry.funding8h = old.entry.funding8h;
          live.streamedMark = old.streamedMark;
        }
        live.streamTs = old.streamTs;
      }
      this.entries.set(e.inst.name, live);
      this.knownNames.add(e.inst.name);
    }
    for (const [name, price] of Object.entries(data.indexPrices)) {
      if (price > 0 && Number.isFinite(price)) this.indexOverride.set(name, price);
    }
    this.underlyingList = [...new Set([...this.entries.values()].map((l) => l.entry.underlying))].sort();
    for (const u of this.underlyingList) {
      const named = indexNamesFor(u).find((n) => this.indexOverride.has(n));
      const list = [...this.entries.values()].filter((l) => l.entry.underlying === u);
      const boot = named
        ? this.indexOverride.get(named)!
        : median(list.map((l) => l.entry.deliveryPrice ?? Number.NaN).filter((v) => v > 0));
      if (boot > 0) this.bootIndex.set(u, boot);
      const prev = this.lastUpdate.get(u);
      if (!prev || prev.localMs < nowMs)
        this.lastUpdate.set(u, { localMs: nowMs, exchangeMs: Math.max(latest, prev?.exchangeMs ?? latest) });
    }
    // Index values streamed before this bootstrap are older than its get_index_price answers.
    this.liveIndex.clear();
    this.bootstrapValuationMs = Number.isFinite(latest) ? latest : nowMs;
    this.unknownSeen = false;
    for (const key of [...this.problemMap.keys()]) if (key.startsWith('unknown-instrument:')) this.problemMap.delete(key);
    this.dirtyFlag = true;
  }

  /** Underlyings in the market, sorted. */
  underlyings(): string[] {
    return [...this.underlyingList];
  }

  /** The channels to subscribe: markprice per option index, the indices, a ticker per future and perpetual. */
  channels(): string[] {
    const interval = this.options.tickerInterval ?? 'agg2';
    const markprice = new Set<string>();
    const indices = new Set<string>();
    const tickers: string[] = [];
    for (const [name, l] of this.entries) {
      const e = l.entry;
      const idx = this.priceIndexOf.get(name) ?? `${e.underlying.toLowerCase()}_${e.inst.settlement === 'linear' ? 'usdc' : 'usd'}`;
      indices.add(idx);
      if (e.inst.kind === 'option') markprice.add(idx);
      else tickers.push(`ticker.${name}.${interval}`);
    }
    return [
      ...[...markprice].sort().map((i) => `markprice.options.${i}`),
      ...[...indices].sort().map((i) => `deribit_price_index.${i}`),
      ...tickers.sort(),
    ];
  }

  /**
   * Apply one notification. Returns the underlyings it updated (empty when nothing was applied).
   * @param nowMs local time of receipt
   */
  apply(channel: string, data: unknown, nowMs: number): string[] {
    if (!this.bootstrapped) return [];
    if (channel.startsWith('markprice.options.')) return this.applyMarkprice(channel, data, nowMs);
    if (channel.startsWith('deribit_price_index.')) return this.applyIndex(channel, data, nowMs);
    if (channel.startsWith('ticker.')) return this.applyTicker(channel, data, nowMs);
    this.addProblem(channel, null, 'bad-message', `no handler for channel ${channel}`, nowMs);
    return [];
  }

  private touch(underlying: string, nowMs: number, exchangeMs: number): void {
    const prev = this.lastUpdate.get(underlying);
    this.lastUpdate.set(underlying, { localMs: nowMs, exchangeMs: Math.max(exchangeMs, prev?.exchangeMs ?? exchangeMs) });
    if (exchangeMs > this.streamValuationMs) this.streamValuationMs = exchangeMs;
    this.dirtyFlag = true;
  }

  private addProblem(instrument: string, underlying: string | null, kind: ProblemKind, message: string, nowMs: number): void {
    this.problemMap.set(`${kind}:${instrument}`, { instrument, underlying, kind, message, atMs: nowMs });
  }

  private clearProblems(instrument: string, kinds: readonly ProblemKind[]): void {
    for (const k of kinds) this.problemMap.delete(`${k}:${instrument}`);
  }

  private filtered(name: string): boolean {
    if (!this.filter) return false;
    const parsed = parseInstrument(name);
    return parsed.ok && !this.filter.has(parsed.value.underlying);
  }

  private applyMarkprice(channel: string, data: unknown, nowMs: number): string[] {
    if (!Array.isArray(data)) {
      this.addProblem(channel, null, 'bad-message', `${channel}: data is not an array of marks`, nowMs);
      return [];
    }
    const touched = new Map<string, number>();
    for (const row of data) {
      if (!isObject(row) || typeof row.instrument_name !== 'string') {
        this.addProblem(channel, null, 'bad-message', `${channel}: a row without instrument_name was ignored`, nowMs);
        continue;
      }
      const name = row.instrument_name;
      const live = this.entries.get(name);
      if (!live || live.entry.inst.kind !== 'option') {
        if (this.filtered(name)) continue;
        this.unknownSeen = true;
        this.addProblem(
          name,
          null,
          'unknown-instrument',
          `${name} is not in the market loaded at connect: not valued until the next resync`,
          nowMs,
        );
        continue;
      }
      const ts = finite(row.timestamp) ?? live.streamTs;
      if (ts < live.streamTs) continue; // older than what the entry already has
      const e = live.entry;
      const mark = finite(row.mark_price);
      const iv = finite(row.iv);
      let good = true;
      if (mark === undefined || mark < 0) {
        good = false;
        this.addProblem(
          name,
          e.underlying,
          'bad-mark',
          `${name}: mark_price ${String(row.mark_price)} refused; the last good mark stays`,
          nowMs,
        );
      } else e.mark = mark;
      if (iv === undefined || iv <= 0) {
        good = false;
        this.addProblem(name, e.underlying, 'bad-iv', `${name}: iv ${String(row.iv)} refused; the last good implied vol stays`, nowMs);
      } else e.iv = iv;
      if (good) this.clearProblems(name, ['bad-mark', 'bad-iv']);
      if (mark !== undefined || iv !== undefined) {
        live.streamTs = ts;
        touched.set(e.underlying, Math.max(ts, touched.get(e.underlying) ?? ts));
      }
    }
    for (const [u, ts] of touched) this.touch(u, nowMs, ts);
    return [...touched.keys()];
  }

  private applyIndex(channel: string, data: unknown, nowMs: number): string[] {
    const name = channel.slice('deribit_price_index.'.length);
    const underlying = underlyingOfIndex(name);
    if (!isObject(data)) {
      this.addProblem(name, underlying, 'bad-message', `${channel}: data is not an object`, nowMs);
      return [];
    }
    const price = finite(data.price);
    const ts = finite(data.timestamp) ?? nowMs;
    if (price === undefined || price <= 0) {
      this.addProblem(
        name,
        underlying,
        'bad-index',
        `${name}: index price ${String(data.price)} refused; the last good index stays`,
        nowMs,
      );
      return [];
    }
    const prev = this.liveIndex.get(name);
    if (prev && ts < prev.ts) return [];
    this.liveIndex.set(name, { price, ts });
    this.clearProblems(name, ['bad-index']);
    if (!this.underlyingList.includes(underlying)) return [];
    this.touch(underlying, nowMs, ts);
    return [underlying];
  }

  private applyTicker(channel: string, data: unknown, nowMs: number): string[] {
    const name = channel.split('.')[1] ?? '';
    if (!isObject(data)) {
      this.addProblem(name, null, 'bad-message', `${channel}: data is not an object`, nowMs);
      return [];
    }
    const live = this.entries.get(name);
    if (!live || live.entry.inst.kind === 'option') {
      if (!this.filtered(name)) {
        this.unknownSeen = true;
        this.addProblem(name, null, 'unknown-instrument', `${name} is not in the market loaded at connect`, nowMs);
      }
      return [];
    }
    const ts = finite(data.timestamp) ?? live.streamTs;
    if (ts < live.streamTs) return [];
    const e = live.entry;
    const mark = finite(data.mark_price);
    if (mark === undefined || mark <= 0) {
      this.addProblem(
        name,
        e.underlying,
        'bad-mark',
        `${name}: mark_price ${String(data.mark_price)} refused; the last good mark stays`,
        nowMs,
      );
      return [];
    }
    e.mark = mark;
    live.streamedMark = true;
    const funding = finite(data.funding_8h);
    if (funding !== undefined) e.funding8h = funding;
    const bid = finite(data.best_bid_price);
    const ask = finite(data.best_ask_price);
    if (bid !== undefined && ask !== undefined) {
      e.bid = bid;
      e.ask = ask;
    }
    live.streamTs = ts;
    this.clearProblems(name, ['bad-mark']);
    this.touch(e.underlying, nowMs, ts);
    return [e.underlying];
  }

  /** The current index of an underlying: streamed, else the bootstrap's. */
  private currentIndex(underlying: string): { price: number; streamed: boolean } | null {
    for (const n of indexNamesFor(underlying)) {
      const l = this.liveIndex.get(n);
      if (l) return { price: l.price, streamed: true };
    }
    const b = this.bootIndex.get(underlying);
    return b === undefined ? null : { price: b, streamed: false };
  }

  /** Build the snapshot from the current entries with the importer's builder. Clears `dirty`. */
  build(): BookSummaryImportResult {
    const indexByUnderlying: Record<string, number> = {};
    const ratio = new Map<string, { ratio: number; index: number; streamed: boolean }>();
    for (const u of this.underlyings()) {
      const cur = this.currentIndex(u);
      const boot = this.bootIndex.get(u);
      if (!cur) continue;
      const overridden = indexNamesFor(u).some((n) => this.indexOverride.has(n));
      if (cur.streamed || overridden) indexByUnderlying[u] = cur.price;
      ratio.set(u, { ratio: boot && cur.streamed ? cur.price / boot : 1, index: cur.price, streamed: cur.streamed });
    }
    const list: BookSummaryEntry[] = [];
    for (const l of this.entries.values()) {
      const e = l.entry;
      if (e.inst.kind === 'option' && l.baseUnderlyingPrice !== undefined) {
        const ui = e.underlyingIndex;
        const r = ratio.get(e.underlying);
        if (ui && ui !== 'index_price' && !ui.startsWith('SYN.')) {
          const fut = this.entries.get(ui);
          e.underlyingPrice = fut && fut.streamedMark && fut.entry.mark !== undefined ? fut.entry.mark : l.baseUnderlyingPrice;
        } else if (ui?.startsWith('SYN.')) {
          e.underlyingPrice = r ? l.baseUnderlyingPrice * r.ratio : l.baseUnderlyingPrice;
        } else if (ui === 'index_price') {
          e.underlyingPrice = r?.streamed ? r.index : l.baseUnderlyingPrice;
        }
      }
      list.push(e);
    }
    const valuationMs = Math.max(this.bootstrapValuationMs ?? Number.NEGATIVE_INFINITY, this.streamValuationMs);
    const label = this.options.sourceLabel ?? 'Deribit live';
    const result = buildBookSummarySnapshot(list, {
      skipped: this.bootstrapWarnings,
      indexByUnderlying,
      ...(Number.isFinite(valuationMs) ? { valuationMs } : {}),
      source: (time, counts) => `${label} at ${time} (${counts})`,
    });
    this.dirtyFlag = false;
    return result;
  }

  /** Per underlying: last update times and whether it is stale at `nowMs`. */
  freshness(nowMs: number, staleAfterMs: number): Record<string, UnderlyingFreshness> {
    const out: Record<string, UnderlyingFreshness> = {};
    for (const u of this.underlyings()) {
      const l = this.lastUpdate.get(u);
      if (!l) continue;
      const ageMs = Math.max(0, nowMs - l.localMs);
      out[u] = { lastUpdateMs: l.localMs, lastExchangeMs: l.exchangeMs, ageMs, stale: ageMs > staleAfterMs };
    }
    return out;
  }

  /** Current problems, newest first. */
  problems(): InstrumentProblem[] {
    return [...this.problemMap.values()].sort((a, b) => b.atMs - a.atMs || a.instrument.localeCompare(b.instrument));
  }

  /** Number of instruments in the market (options, futures, perpetuals). */
  get size(): number {
    return this.entries.size;
  }

  /** Whether `name` was known at the last bootstrap (get_instruments or the book summary). */
  knows(name: string): boolean {
    return this.knownNames.has(name);
  }
}
