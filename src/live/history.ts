/**
 * Current daily histories: fetchers for Deribit's daily candles and the pure merge with the bundled series
 * (public/data/history), with a record of which days come from where.
 *
 * Sources (all daily, resolution `1D`, dated by the candle's start day, 00:00 UTC):
 * - Prices: `public/get_tradingview_chart_data` `close` of the underlying's perpetual, which stands for the index
 *   (Deribit charts instruments, not the index itself): BTC-PERPETUAL, ETH-PERPETUAL, otherwise the linear
 *   `<COIN>_USDC-PERPETUAL`. The perpetual trades at a small basis to the index (funding keeps it close); the basis
 *   against the bundled series (Yahoo's end-of-day close) is measured on the days both have (`basis`).
 * - DVOL: `public/get_volatility_index_data` `close` (index 4), following `continuation` (the next request's
 *   `end_timestamp`) until it is null.
 * The current UTC day's candle is still forming (a partial candle differs from the final close), so a series
 * reaches at most yesterday: "through" below is the last complete day.
 *
 * Merge: the bundled values for every day they cover; fetched values for the days outside that range; days neither
 * has inside the merged range, and from its end through yesterday, are gaps. VaR skips the returns that span a gap.
 * Fetch windows start `overlapDays` before the bundled series ends, so the basis has days to be measured on.
 * "At most daily": a cached fetch made on the current UTC day is not refreshed.
 *
 * The cache record (`FetchedSeries`) has one shape in the browser's IndexedDB and on disk for the CLI.
 */
import type { DailySeries, VarHistory } from '../engine/index.ts';
import { isoDayNumber, isoFromDayNumber } from '../engine/index.ts';
import type { RpcCall } from './connection.ts';

export const DAY_MS = 86_400_000;

export type HistoryKind = 'price' | 'dvol';

/** The perpetual whose daily close stands for the index of `underlying`. */
export function priceProxyInstrument(underlying: string): string {
  const u = underlying.toUpperCase();
  return u === 'BTC' || u === 'ETH' ? `${u}-PERPETUAL` : `${u}_USDC-PERPETUAL`;
}

/** Currencies with a Deribit DVOL index. */
export const DVOL_CURRENCIES: readonly string[] = ['BTC', 'ETH'];

/** Fetched daily closes of one series: the cache record. */
export interface FetchedSeries {
  readonly schemaVersion: 1;
  readonly kind: HistoryKind;
  /** Coin code, upper case. */
  readonly underlying: string;
  /** The method and instrument the values came from. */
  readonly source: string;
  /** Local epoch ms of the fetch. */
  readonly fetchedAtMs: number;
  /** The window asked for (ISO days, inclusive). */
  readonly requestedFrom: string;
  readonly requestedTo: string;
  /** Ascending ISO days, no duplicates. */
  readonly dates: readonly string[];
  /** Closes: USD (price) or vol points (DVOL). */
  readonly values: readonly number[];
}

/** Cache key of a series (`price-btc`, `dvol-eth`): the file name on disk without `.json`. */
export function historyKey(kind: HistoryKind, underlying: string): string {
  return `${kind}-${underlying.toLowerCase()}`;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface DailyPoints {
  readonly dates: string[];
  readonly values: number[];
  readonly warnings: string[];
}

/** Points keyed by day → ascending dates/values; days ≥ `todayDay` (incomplete) are dropped. */
function collect(points: Map<number, number>, todayDay: number, warnings: string[]): DailyPoints {
  const days = [...points.keys()].filter((d) => d < todayDay).sort((a, b) => a - b);
  return { dates: days.map(isoFromDayNumber), values: days.map((d) => points.get(d)!), warnings };
}

/**
 * Daily closes from a `get_tradingview_chart_data` result ({status, ticks[], close[], …}).
 * @param todayDay the current UTC day number (its candle is partial and left out)
 */
export function dailyFromTradingView(result: unknown, todayDay: number): DailyPoints {
  const warnings: string[] = [];
  const points = new Map<number, number>();
  if (!isObject(result)) return { dates: [], values: [], warnings: ['the chart answer is not an object'] };
  if (result.status === 'no_data') return { dates: [], values: [], warnings };
  const ticks = Array.isArray(result.ticks) ? result.ticks : [];
  const close = Array.isArray(result.close) ? result.close : [];
  if (ticks.length !== close.length)
    warnings.push(`ticks (${ticks.length}) and close (${close.length}) differ in length: extra values ignored`);
  for (let i = 0; i < Math.min(ticks.length, close.length); i++) {
    const t = ticks[i];
    const c = close[i];
    if (typeof t !== 'number' || !Number.isFinite(t) || typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
      warnings.push(`candle ${i + 1}: tick ${String(t)}, close ${String(c)} is not a positive number: skipped`);
      continue;
    }
    points.set(Math.floor(t / DAY_MS), c);
  }
  return collect(points, todayDay, warnings);
}

/** Daily closes from `get_volatility_index_data` pages (`data` = [[ts, open, high, low, close], …]). */
export function dailyFromVolatilityIndex(pages: readonly unknown[], todayDay: number): DailyPoints {
  const warnings: string[] = [];
  const points = new Map<number, number>();
  for (const page of pages) {
    const rows = isObject(page) && Array.isArray(page.data) ? page.data : [];
    for (const row of rows) {
      const t = Array.isArray(row) ? row[0] : undefined;
      const c = Array.isArray(row) ? row[4] : undefined;
      if (typeof t !== 'number' || !Number.isFinite(t) || typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
        warnings.push(`DVOL candle ${JSON.stringify(row)?.slice(0, 60)} is not [ts, o, h, l, close>0]: skipped`);
        continue;
      }
      points.set(Math.floor(t / DAY_MS), c);
    }
  }
  return collect(points, todayDay, warnings);
}

/** Largest chart window per request, days. */
const CHART_CHUNK_DAYS = 1000;
const MAX_DVOL_PAGES = 100;

/**
 * Fetch the daily closes of `underlying`'s perpetual for ISO days [fromDay, toDay].
 * @param nowMs local time (the fetch time and "today")
 */
export async function fetchPriceHistory(
  call: RpcCall,
  underlying: string,
  fromDay: number,
  toDay: number,
  nowMs: number,
): Promise<FetchedSeries> {
  const instrument = priceProxyInstrument(underlying);
  const todayDay = Math.floor(nowMs / DAY_MS);
  const merged = new Map<number, number>();
  const warnings: string[] = [];
  for (let start = fromDay; start <= toDay; start += CHART_CHUNK_DAYS) {
    const end = Math.min(toDay, start + CHART_CHUNK_DAYS - 1);
    const result = await call<unknown>('public/get_tradingview_chart_data', {
      instrument_name: instrument,
      start_timestamp: start * DAY_MS,
      end_timestamp: (end + 1) * DAY_MS - 1,
      resolution: '1D',
    });
    const pts = dailyFromTradingView(result, todayDay);
    warnings.push(...pts.warnings);
    pts.dates.forEach((d, i) => merged.set(isoDayNumber(d)!, pts.values[i]!));
  }
  const got = collect(new Map([...merged].filter(([d]) => d >= fromDay && d <= toDay)), todayDay, warnings);
  return {
    schemaVersion: 1,
    kind: 'price',
    underlying: underlying.toUpperCase(),
    source: `Deribit public/get_tradingview_chart_data ${instrument} 1D close`,
    fetchedAtMs: nowMs,
    requestedFrom: isoFromDayNumber(fromDay),
    requestedTo: isoFromDayNumber(toDay),
    dates: got.dates,
    values: got.values,
  };
}

/** Fetch DVOL daily closes of `currency` for ISO days [fromDay, toDay], following `continuation`. */
export async function fetchDvolHistory(
  call: RpcCall,
  currency: string,
  fromDay: number,
  toDay: number,
  nowMs: number,
): Promise<FetchedSeries> {
  const todayDay = Math.floor(nowMs / DAY_MS);
  const start = fromDay * DAY_MS;
  let end = (toDay + 1) * DAY_MS - 1;
  const pages: unknown[] = [];
  for (let page = 0; page < MAX_DVOL_PAGES; page++) {
    const result = await call<unknown>('public/get_volatility_index_data', {
      currency: currency.toUpperCase(),
      start_timestamp: start,
      end_timestamp: end,
      resolution: '1D',
    });
    pages.push(result);
    const next = isObject(result) ? result.continuation : null;
    if (typeof next !== 'number' || !Number.isFinite(next) || next <= start || next >= end) break;
    end = next;
  }
  const pts = dailyFromVolatilityIndex(pages, todayDay);
  const keep = pts.dates.map((d, i) => [isoDayNumber(d)!, pts.values[i]!] as const).filter(([d]) => d >= fromDay && d <= toDay);
  return {
    schemaVersion: 1,
    kind: 'dvol',
    underlying: currency.toUpperCase(),
    source: `Deribit public/get_volatility_index_data ${currency.toUpperCase()} 1D close`,
    fetchedAtMs: nowMs,
    requestedFrom: isoFromDayNumber(fromDay),
    requestedTo: isoFromDayNumber(toDay),
    dates: keep.map(([d]) => isoFromDayNumber(d)),
    values: keep.map(([, v]) => v),
  };
}

/** One request of a history refresh. */
export interface HistoryRequest {
  readonly kind: HistoryKind;
  readonly underlying: string;
  /** Last day of the bundled series (ISO), when there is one. */
  readonly bundledLast?: string | null;
  /** fetchedAtMs of the cached record, when there is one. */
  readonly cachedFetchedAtMs?: number | null;
}

/**
 * The days to fetch for a series, or null when the cache is from today (refresh at most daily).
 * @param overlapDays days before the bundled end included, so the basis can be measured
 * @param defaultDays window when there is no bundled series
 */
export function historyFetchWindow(
  req: HistoryRequest,
  nowMs: number,
  overlapDays = 30,
  defaultDays = 730,
): { fromDay: number; toDay: number } | null {
  const todayDay = Math.floor(nowMs / DAY_MS);
  if (req.cachedFetchedAtMs !== undefined && req.cachedFetchedAtMs !== null && Math.floor(req.cachedFetchedAtMs / DAY_MS) === todayDay)
    return null;
  const toDay = todayDay - 1;
  const bundledLast = req.bundledLast ? isoDayNumber(req.bundledLast) : null;
  const fromDay = bundledLast !== null ? bundledLast - overlapDays : toDay - defaultDays;
  if (fromDay > toDay) return null;
  return { fromDay, toDay };
}

/** Fetch one series for its window (see historyFetchWindow); null when nothing is due. */
export async function fetchHistory(call: RpcCall, req: HistoryRequest, nowMs: number): Promise<FetchedSeries | null> {
  const w = historyFetchWindow(req, nowMs);
  if (!w) return null;
  if (req.kind === 'dvol') return await fetchDvolHistory(call, req.underlying, w.fromDay, w.toDay, nowMs);
  return await fetchPriceHistory(call, req.underlying, w.fromDay, w.toDay, nowMs);
}

export type SegmentSource = 'bundled' | 'fetched' | 'gap';

/** A run of consecutive days from one source. */
export interface HistorySegment {
  readonly source: SegmentSource;
  /** ISO days, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly days: number;
  /** Where the values came from (file or API method and instrument), or why there is a gap. */
  readonly detail: string;
}

/** Fetched vs bundled on the days both have: log(fetched/bundled). */
export interface BasisStats {
  readonly overlapDays: number;
  readonly from: string;
  readonly to: string;
  /** Mean and largest absolute log basis (0.001 ≈ 0.1 %). */
  readonly meanLogBasis: number;
  readonly maxAbsLogBasis: number;
  /** On the last overlapping day. */
  readonly lastLogBasis: number;
}

export interface MergedHistorySeries {
  readonly kind: HistoryKind;
  readonly underlying: string;
  readonly dates: readonly string[];
  readonly values: readonly number[];
  /** Bundled, fetched and gap runs from the first day through `through`. */
  readonly segments: readonly HistorySegment[];
  /** Last day with a value (null when empty). */
  readonly endsOn: string | null;
  /** The last complete UTC day (yesterday): the day a current series reaches. */
  readonly through: string;
  readonly basis: BasisStats | null;
}

export interface BundledSeriesInfo {
  readonly series: DailySeries;
  /** File name, for the segment's detail. */
  readonly fileName: string;
}

/** Basis between a fetched and a bundled series on their common days (null without overlap). */
export function basisStats(bundled: DailySeries, fetched: Pick<FetchedSeries, 'dates' | 'values'>): BasisStats | null {
  const byDay = new Map<string, number>();
  for (let i = 0; i < bundled.dates.length; i++) byDay.set(bundled.dates[i]!, bundled.values[i]!);
  const logs: { date: string; b: number }[] = [];
  fetched.dates.forEach((d, i) => {
    const v = byDay.get(d);
    const f = fetched.values[i]!;
    if (v !== undefined && v > 0 && f > 0) logs.push({ date: d, b: Math.log(f / v) });
  });
  if (logs.length === 0) return null;
  const mean = logs.reduce((s, x) => s + x.b, 0) / logs.length;
  return {
    overlapDays: logs.length,
    from: logs[0]!.date,
    to: logs[logs.length - 1]!.date,
    meanLogBasis: mean,
    maxAbsLogBasis: Math.max(...logs.map((x) => Math.abs(x.b))),
    lastLogBasis: logs[logs.length - 1]!.b,
  };
}

/**
 * Merge a bundled series and a fetched one (either may be missing) into one series through yesterday.
 * @param todayIso the current UTC day (YYYY-MM-DD)
 */
export function mergeHistory(
  kind: HistoryKind,
  underlying: string,
  bundled: BundledSeriesInfo | null,
  fetched: FetchedSeries | null,
  todayIso: string,
): MergedHistorySeries {
  const todayDay = isoDayNumber(todayIso);
  if (todayDay === null) throw new Error(`mergeHistory: "${todayIso}" is not a YYYY-MM-DD day`);
  const through = todayDay - 1;
  const values = new Map<number, { v: number; src: 'bundled' | 'fetched' }>();
  let bFirst = Number.POSITIVE_INFINITY;
  let bLast = Number.NEGATIVE_INFINITY;
  if (bundled) {
    for (let i = 0; i < bundled.series.dates.length; i++) {
      const d = isoDayNumber(bundled.series.dates[i]!);
      if (d === null || d > through) continue;
      values.set(d, { v: bundled.series.values[i]!, src: 'bundled' });
      bFirst = Math.min(bFirst, d);
      bLast = Math.max(bLast, d);
    }
  }
  if (fetched) {
    fetched.dates.forEach((date, i) => {
      const d = isoDayNumber(date);
      if (d === null || d > through || (d >= bFirst && d <= bLast)) return;
      values.set(d, { v: fetched.values[i]!, src: 'fetched' });
    });
  }
  const days = [...values.keys()].sort((a, b) => a - b);
  const segments: HistorySegment[] = [];
  const detail = (src: SegmentSource): string =>
    src === 'bundled' ? (bundled?.fileName ?? 'bundled') : src === 'fetched' ? (fetched?.source ?? 'fetched') : 'no value for these days';
  const push = (source: SegmentSource, from: number, to: number): void => {
    const last = segments[segments.length - 1];
    if (last && last.source === source && isoDayNumber(last.to)! + 1 === from) {
      segments[segments.length - 1] = { ...last, to: isoFromDayNumber(to), days: last.days + (to - from + 1) };
    } else segments.push({ source, from: isoFromDayNumber(from), to: isoFromDayNumber(to), days: to - from + 1, detail: detail(source) });
  };
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (i > 0 && d > days[i - 1]! + 1) push('gap', days[i - 1]! + 1, d - 1);
    push(values.get(d)!.src, d, d);
  }
  const lastDay = days.length > 0 ? days[days.length - 1]! : null;
  if (lastDay !== null && lastDay < through) push('gap', lastDay + 1, through);
  return {
    kind,
    underlying: underlying.toUpperCase(),
    dates: days.map(isoFromDayNumber),
    values: days.map((d) => values.get(d)!.v),
    segments,
    endsOn: lastDay === null ? null : isoFromDayNumber(lastDay),
    through: isoFromDayNumber(through),
    basis: bundled && fetched ? basisStats(bundled.series, fetched) : null,
  };
}

/**
 * The VaR history with every bundled series extended by its fetched record (and fetched series without a bundled
 * one added), plus the per-series record of ranges and sources.
 * @param bundledFiles file name per series key (for the segments' detail), e.g. {`price-btc`: `btc-usd-daily.csv`}
 */
export function mergeVarHistory(
  bundled: VarHistory,
  fetched: readonly FetchedSeries[],
  todayIso: string,
  bundledFiles: Readonly<Record<string, string>> = {},
): { history: VarHistory; series: MergedHistorySeries[] } {
  const prices: Record<string, DailySeries> = {};
  const dvol: Record<string, DailySeries> = {};
  const series: MergedHistorySeries[] = [];
  const keys = new Map<string, { kind: HistoryKind; underlying: string }>();
  for (const u of Object.keys(bundled.prices)) keys.set(historyKey('price', u), { kind: 'price', underlying: u.toUpperCase() });
  for (const u of Object.keys(bundled.dvol ?? {})) keys.set(historyKey('dvol', u), { kind: 'dvol', underlying: u.toUpperCase() });
  for (const f of fetched) keys.set(historyKey(f.kind, f.underlying), { kind: f.kind, underlying: f.underlying });
  for (const [key, { kind, underlying }] of [...keys].sort(([a], [b]) => a.localeCompare(b))) {
    const map = kind === 'price' ? bundled.prices : (bundled.dvol ?? {});
    const b = Object.entries(map).find(([u]) => u.toUpperCase() === underlying)?.[1];
    const f = fetched.find((x) => historyKey(x.kind, x.underlying) === key) ?? null;
    const merged = mergeHistory(kind, underlying, b ? { series: b, fileName: bundledFiles[key] ?? 'bundled history' } : null, f, todayIso);
    series.push(merged);
    if (merged.dates.length === 0) continue;
    (kind === 'price' ? prices : dvol)[underlying] = { dates: merged.dates, values: Float64Array.from(merged.values) };
  }
  return { history: { prices, dvol }, series };
}

/** Validate a cache record read back from storage (IndexedDB or disk); null when it is not one. */
export function parseFetchedSeries(value: unknown): FetchedSeries | null {
  if (!isObject(value) || value.schemaVersion !== 1) return null;
  if (value.kind !== 'price' && value.kind !== 'dvol') return null;
  if (typeof value.underlying !== 'string' || typeof value.source !== 'string' || typeof value.fetchedAtMs !== 'number') return null;
  if (!Array.isArray(value.dates) || !Array.isArray(value.values) || value.dates.length !== value.values.length) return null;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < value.dates.length; i++) {
    const d = typeof value.dates[i] === 'string' ? isoDayNumber(value.dates[i] as string) : null;
    const v = value.values[i];
    if (d === null || d <= prev || typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
    prev = d;
  }
  return {
    schemaVersion: 1,
    kind: value.kind,
    underlying: value.underlying.toUpperCase(),
    source: value.source,
    fetchedAtMs: value.fetchedAtMs,
    requestedFrom: typeof value.requestedFrom === 'string' ? value.requestedFrom : '',
    requestedTo: typeof value.requestedTo === 'string' ? value.requestedTo : '',
    dates: value.dates as string[],
    values: value.values as number[],
  };
}
