/**
 * How old the data behind the figures is: the market snapshot's age and the end of the price histories VaR uses,
 * against the wall clock, with amber/red thresholds; and the book's instruments whose expiry has passed.
 *
 * Thresholds (a desk's view of "stale"):
 * - market: up to 1 hour old is current (ok); up to 24 hours amber (intraday marks have moved, the day's shape
 *   holds); older is red (expiries, smiles and forwards have moved; some instruments may have expired);
 * - histories: ending up to 3 days before today is current (a weekend or a late file); up to 30 days amber (the
 *   latest weeks' moves are missing from VaR); older is red.
 */
import { parseInstrument } from '../../domain/instrument.ts';
import type { Portfolio } from '../../domain/position.ts';

export type AgeTone = 'ok' | 'amber' | 'red';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const MARKET_AMBER_AFTER_MS = HOUR_MS;
export const MARKET_RED_AFTER_MS = 24 * HOUR_MS;
export const HISTORY_AMBER_AFTER_DAYS = 3;
export const HISTORY_RED_AFTER_DAYS = 30;

/** "12 min", "5 h", "104 d" (whole units, rounded down). */
export function formatAge(ageMs: number): string {
  const ms = Math.max(0, ageMs);
  if (ms < HOUR_MS) return `${Math.floor(ms / 60_000)} min`;
  if (ms < 2 * DAY_MS) return `${Math.floor(ms / HOUR_MS)} h`;
  return `${Math.floor(ms / DAY_MS)} d`;
}

export interface MarketAge {
  readonly ageMs: number;
  /** "104 d old"; "in the future" for a snapshot stamped after the clock. */
  readonly text: string;
  readonly tone: AgeTone;
}

export function marketAge(valuationIso: string, nowMs: number): MarketAge | null {
  const t = Date.parse(valuationIso);
  if (!Number.isFinite(t)) return null;
  const ageMs = nowMs - t;
  if (ageMs < -5 * 60_000) return { ageMs, text: `${formatAge(-ageMs)} ahead of this computer’s clock`, tone: 'amber' };
  const tone: AgeTone = ageMs > MARKET_RED_AFTER_MS ? 'red' : ageMs > MARKET_AMBER_AFTER_MS ? 'amber' : 'ok';
  return { ageMs, text: `${formatAge(ageMs)} old`, tone };
}

export interface HistoryAge {
  /** The last date VaR can use: the earliest last date among the book's underlyings (ISO day). */
  readonly lastDate: string;
  /** Whole days from that date to today (UTC days). */
  readonly daysBehind: number;
  readonly tone: AgeTone;
  /** "VaR data ends 2024-12-31". */
  readonly text: string;
  /** Per underlying: "BTC 2024-12-31, ETH 2024-12-31". */
  readonly detail: string;
}

/** @param lastDates the last date of each underlying's price history (ISO days) */
export function historyAge(lastDates: Readonly<Record<string, string>>, nowMs: number): HistoryAge | null {
  const entries = Object.entries(lastDates).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  const lastDate = entries.map(([, d]) => d).sort()[0]!;
  const today = Date.parse(new Date(nowMs).toISOString().slice(0, 10));
  const daysBehind = Math.round((today - Date.parse(lastDate)) / DAY_MS);
  const tone: AgeTone = daysBehind > HISTORY_RED_AFTER_DAYS ? 'red' : daysBehind > HISTORY_AMBER_AFTER_DAYS ? 'amber' : 'ok';
  return {
    lastDate,
    daysBehind,
    tone,
    text: `VaR data ends ${lastDate}`,
    detail: entries.map(([ul, d]) => `${ul} ${d}`).join(', '),
  };
}

/** The last `YYYY-MM-DD` date of a `date,close` history CSV (its last non-empty line), or null. */
export function lastHistoryDate(csvText: string): string | null {
  const lines = csvText.trimEnd().split(/\r\n|\n|\r/);
  for (let i = lines.length - 1; i > 0; i--) {
    const m = /^\s*"?(\d{4}-\d{2}-\d{2})/.exec(lines[i]!);
    if (m) return m[1]!;
  }
  return null;
}

export interface ExpiredInBook {
  /** Instruments (with the number of positions) that expired at or before the market's valuation time. */
  readonly beforeMarket: readonly { readonly instrument: string; readonly expiryMs: number; readonly positions: number }[];
  /** Instruments that expired after the valuation time, up to now. */
  readonly sinceMarket: readonly { readonly instrument: string; readonly expiryMs: number; readonly positions: number }[];
  /** Positions in both lists. */
  readonly positions: number;
}

/**
 * Dated instruments of the book (rows switched off left out) whose expiry is at or before `nowMs`, split by the
 * market's valuation time.
 */
export function expiredInBook(portfolio: Portfolio, valuationMs: number, nowMs: number): ExpiredInBook {
  const byName = new Map<string, { instrument: string; expiryMs: number; positions: number }>();
  for (const p of portfolio.positions) {
    if (p.excluded) continue;
    const parsed = parseInstrument(p.instrument);
    if (!parsed.ok || (parsed.value.kind !== 'option' && parsed.value.kind !== 'future')) continue;
    const expiryMs = parsed.value.expiryMs;
    if (expiryMs > nowMs) continue;
    const name = parsed.value.name;
    const e = byName.get(name);
    if (e) e.positions += 1;
    else byName.set(name, { instrument: name, expiryMs, positions: 1 });
  }
  const all = [...byName.values()].sort((a, b) => a.expiryMs - b.expiryMs || a.instrument.localeCompare(b.instrument));
  const beforeMarket = all.filter((e) => e.expiryMs <= valuationMs);
  const sinceMarket = all.filter((e) => e.expiryMs > valuationMs);
  return { beforeMarket, sinceMarket, positions: all.reduce((n, e) => n + e.positions, 0) };
}

/** Underlyings with a bundled daily price history (`public/data/history/<ul>-usd-daily.csv`, tested against the folder). */
export const BUNDLED_PRICE_HISTORIES: readonly string[] = ['BTC', 'ETH', 'SOL'];

/** File name of an underlying's bundled price history. */
export function priceHistoryFile(underlying: string): string {
  return `${underlying.toLowerCase()}-usd-daily.csv`;
}
