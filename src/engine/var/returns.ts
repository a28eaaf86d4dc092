/**
 * Return windows for VaR: daily close histories → aligned relative returns of the book's underlyings.
 *
 * Model (PRODUCT.md "Historical VaR convention"): r_t = close_t / close_{t−L} − 1 per underlying, L = 1 (daily) or
 * the horizon h (overlapping h-day returns). A return dated t exists when both t and the calendar day t − L are
 * dates common to every underlying of the book (crypto trades every day, so "consecutive" means calendar days). The
 * window is the last `window` such returns, ending at the last common date; a missing day only removes the returns
 * that would span it (counted in a warning), never joins two non-adjacent closes into one "daily" return.
 * With overlapping h-day returns the window still holds `window` returns (it needs window + h closes).
 *
 * DVOL (optional vol history): the relative change DVOL_t / DVOL_{t−L} of the scenario's own dates, per underlying
 * that has a DVOL series; 1 (no vol change) where either date is missing. The caller applies it to each option's
 * own vol (see revalue.ts).
 *
 * Dates are ISO `YYYY-MM-DD` (UTC days). Errors name the underlying and, for a bad series, the offending date.
 *
 * Verified by: returns.test.ts (returns straight from the closes, alignment of series with different starts,
 * gaps, overlapping returns, DVOL ratios, errors for missing underlyings and short histories).
 */

/** A daily series: ascending ISO dates and one value per date (close in USD, or DVOL in vol points). */
export interface DailySeries {
  readonly dates: readonly string[];
  readonly values: ArrayLike<number>;
}

/** Histories for VaR, keyed by underlying code (`BTC`, `ETH`, …; matched case-insensitively). */
export interface VarHistory {
  /** Daily closes in USD. */
  readonly prices: Readonly<Record<string, DailySeries>>;
  /** Optional DVOL-style implied-vol index per underlying (vol points; only ratios are used). */
  readonly dvol?: Readonly<Record<string, DailySeries>>;
}

/** Aligned returns of a set of underlyings. */
export interface ReturnWindow {
  readonly underlyings: readonly string[];
  /** Number of days each return spans (1, or h for overlapping h-day returns). */
  readonly returnDays: number;
  /** Date of each return's end close (chronological). */
  readonly dates: readonly string[];
  /** Date of each return's start close (end − returnDays). */
  readonly startDates: readonly string[];
  /** returns[u][t]: relative return of underlying u on scenario t. */
  readonly returns: readonly Float64Array[];
  /** Calendar days in the window's span that could not form a return (gaps in the common history). */
  readonly gapDays: number;
}

export type ReturnWindowResult = { ok: true; window: ReturnWindow } | { ok: false; error: string };

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01 UTC) of an ISO date, or null when it is not a real calendar date. */
export function isoDayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

/** ISO date of a day number. */
export function isoFromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Find a series by underlying code, exact key first, then case-insensitively. */
export function findSeries(map: Readonly<Record<string, DailySeries>> | undefined, underlying: string): DailySeries | undefined {
  if (!map) return undefined;
  const exact = map[underlying];
  if (exact) return exact;
  const want = underlying.toUpperCase();
  for (const [key, series] of Object.entries(map)) if (key.toUpperCase() === want) return series;
  return undefined;
}

/**
 * A series as a day-number → value map, checked: real ISO dates, strictly ascending, values positive and finite.
 * @returns the map, or an error naming `label` and the first bad date
 */
export function seriesByDay(series: DailySeries, label: string): { ok: true; byDay: Map<number, number> } | { ok: false; error: string } {
  const byDay = new Map<number, number>();
  if (series.dates.length !== series.values.length) {
    return { ok: false, error: `${label}: ${series.dates.length} dates but ${series.values.length} values` };
  }
  let prev = -Infinity;
  for (let i = 0; i < series.dates.length; i++) {
    const date = series.dates[i]!;
    const day = isoDayNumber(date);
    if (day === null) return { ok: false, error: `${label}: "${date}" is not a YYYY-MM-DD date` };
    if (day <= prev) return { ok: false, error: `${label}: dates must be strictly ascending (${date} follows ${isoFromDayNumber(prev)})` };
    const v = series.values[i]!;
    if (!(v > 0 && Number.isFinite(v))) return { ok: false, error: `${label}: value ${v} on ${date} must be a positive number` };
    byDay.set(day, v);
    prev = day;
  }
  return { ok: true, byDay };
}

/** Options of {@link buildReturnWindow}. */
export interface ReturnWindowOptions {
  /** Number of returns (scenarios) wanted, ≥ 1. */
  readonly window: number;
  /** Days per return: 1 for daily returns, h for overlapping h-day returns. */
  readonly returnDays: number;
}

/**
 * Aligned returns of `underlyings` over the last `window` returns on dates common to all of them.
 * @returns the window, or an error naming missing underlyings, bad series or a history too short for the window
 */
export function buildReturnWindow(underlyings: readonly string[], history: VarHistory, options: ReturnWindowOptions): ReturnWindowResult {
  const { window, returnDays } = options;
  if (!(Number.isInteger(window) && window >= 1))
    return { ok: false, error: `window must be a whole number of returns ≥ 1 (got ${window})` };
  if (!(Number.isInteger(returnDays) && returnDays >= 1))
    return { ok: false, error: `return length must be a whole number of days ≥ 1 (got ${returnDays})` };
  const missing = underlyings.filter((u) => !findSeries(history.prices, u));
  if (missing.length > 0) {
    const have = Object.keys(history.prices).sort().join(', ') || 'none';
    return {
      ok: false,
      error: `no price history for ${missing.join(', ')}: VaR needs a daily close series for every underlying of the book (histories available: ${have})`,
    };
  }
  const maps: Map<number, number>[] = [];
  for (const u of underlyings) {
    const r = seriesByDay(findSeries(history.prices, u)!, `${u} price history`);
    if (!r.ok) return r;
    maps.push(r.byDay);
  }
  if (underlyings.length === 0) {
    return { ok: true, window: { underlyings, returnDays, dates: [], startDates: [], returns: [], gapDays: 0 } };
  }
  // Dates common to every underlying, ascending.
  const first = maps[0]!;
  const common: number[] = [];
  for (const day of first.keys()) if (maps.every((m) => m.has(day))) common.push(day);
  const commonSet = new Set(common);
  const ends: number[] = [];
  let gapDays = 0;
  for (let i = common.length - 1; i >= 0 && ends.length < window; i--) {
    const day = common[i]!;
    if (commonSet.has(day - returnDays)) ends.push(day);
    else if (i > 0) gapDays++;
  }
  if (ends.length < window) {
    const span =
      common.length > 0 ? `${isoFromDayNumber(common[0]!)} … ${isoFromDayNumber(common[common.length - 1]!)}` : 'no common dates';
    return {
      ok: false,
      error: `the price histories of ${underlyings.join(', ')} give only ${ends.length} ${returnDays}-day returns on common dates (${span}); the window asks for ${window}`,
    };
  }
  ends.reverse();
  const returns = maps.map((m) => Float64Array.from(ends, (d) => m.get(d)! / m.get(d - returnDays)! - 1));
  return {
    ok: true,
    window: {
      underlyings,
      returnDays,
      dates: ends.map(isoFromDayNumber),
      startDates: ends.map((d) => isoFromDayNumber(d - returnDays)),
      returns,
      gapDays,
    },
  };
}

/** Relative DVOL changes of a return window (see module header). */
export interface DvolRatios {
  /** ratios[u][t] = DVOL(end)/DVOL(start) of underlying u on scenario t, 1 where not available. */
  readonly ratios: readonly Float64Array[];
  /** Scenarios where at least one underlying had a DVOL change. */
  readonly daysWithDvol: number;
  /** Per underlying: scenarios with a DVOL change. */
  readonly daysByUnderlying: Readonly<Record<string, number>>;
}

/**
 * DVOL ratios for every scenario of `w`; underlyings without a DVOL series get ratio 1 throughout.
 * @returns the ratios, or an error for a malformed DVOL series
 */
export function dvolRatios(w: ReturnWindow, history: VarHistory): { ok: true; value: DvolRatios } | { ok: false; error: string } {
  const n = w.dates.length;
  const ratios: Float64Array[] = [];
  const daysByUnderlying: Record<string, number> = {};
  const any = new Uint8Array(n);
  for (const u of w.underlyings) {
    const out = new Float64Array(n).fill(1);
    ratios.push(out);
    daysByUnderlying[u] = 0;
    const series = findSeries(history.dvol, u);
    if (!series) continue;
    const r = seriesByDay(series, `${u} DVOL history`);
    if (!r.ok) return r;
    let count = 0;
    for (let t = 0; t < n; t++) {
      const end = r.byDay.get(isoDayNumber(w.dates[t]!)!);
      const start = r.byDay.get(isoDayNumber(w.startDates[t]!)!);
      if (end === undefined || start === undefined) continue;
      out[t] = end / start;
      any[t] = 1;
      count++;
    }
    daysByUnderlying[u] = count;
  }
  let daysWithDvol = 0;
  for (let t = 0; t < n; t++) daysWithDvol += any[t]!;
  return { ok: true, value: { ratios, daysWithDvol, daysByUnderlying } };
}

/** The sub-window of scenarios [from, to) of a return window (used by the rolling backtest). */
export function sliceWindow(w: ReturnWindow, from: number, to: number): ReturnWindow {
  return {
    underlyings: w.underlyings,
    returnDays: w.returnDays,
    dates: w.dates.slice(from, to),
    startDates: w.startDates.slice(from, to),
    returns: w.returns.map((r) => r.slice(from, to)),
    gapDays: 0,
  };
}
