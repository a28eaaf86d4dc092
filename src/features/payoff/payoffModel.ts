/**
 * Payoff chart view-model: the toolbar (dates, expiries, range) → the worker request, and the engine's curves
 * (`computePayoff`: P&L against the unshocked book vs the underlying's spot, today = the what-if's day, later
 * dates and option expiries; other dimensions from the what-if) → chart series, points and a per-curve summary.
 */
import { formatExpiryCode } from '../../domain/instrument.ts';
import type { PayoffResult } from '../../engine/index.ts';
import type { PayoffViewParams } from '../../worker/api/viewsApi.ts';
import { formatNumber } from '../../lib/format.ts';
import { parseNumberList } from '../heatmap/viewMath.ts';

export interface PayoffConfig {
  readonly underlying: string | null;
  /** Extra dates as typed: days after the what-if's day ("7, 30"). */
  readonly datesText: string;
  readonly maxExpiries: number;
  /** x range: spot ± this many percent. */
  readonly rangePct: number;
}

export const DEFAULT_PAYOFF: PayoffConfig = { underlying: null, datesText: '7, 30', maxExpiries: 5, rangePct: 50 };
export const PAYOFF_RANGES = [10, 25, 50, 80] as const;
/** Points per curve: 101 (one per 1 % over ±50 %, the current spot on the grid); ~27 ms at 1,000 positions. */
export const PAYOFF_POINTS = 101;

export function payoffParams(config: PayoffConfig): { params: PayoffViewParams | null; errors: string[] } {
  const trimmed = config.datesText.trim();
  const dates = trimmed === '' ? ({ ok: true, value: [] } as const) : parseNumberList(trimmed, { min: 0, max: 8, what: 'Dates' });
  if (!dates.ok) return { params: null, errors: [dates.error] };
  const range = Math.min(95, Math.max(1, config.rangePct));
  return {
    params: {
      underlying: config.underlying,
      dateOffsetsDays: dates.value.filter((d) => d > 0),
      maxExpiries: config.maxExpiries,
      fromPct: -range,
      toPct: range,
      points: PAYOFF_POINTS,
    },
    errors: [],
  };
}

const DATE_COLOURS = ['#b48cff', '#f2b84b', '#ff8fb1', '#c9d46b', '#7fd0ff', '#e0a3ff', '#ffb36b', '#9fe0c0'];
const EXPIRY_COLOURS = [
  '#34c98b',
  '#27b5a8',
  '#5f9ea0',
  '#7a8fa8',
  '#9a8cb8',
  '#8fa36b',
  '#b08a72',
  '#6f7f95',
  '#5c8f7a',
  '#8d7fa6',
  '#a07a8f',
  '#7a9a8f',
];

export interface PayoffSeries {
  /** Data key in the chart points: c0, c1, … */
  readonly key: string;
  /** The engine's label ('today', '+7d', 'expiry +6.2d'). */
  readonly engineLabel: string;
  readonly kind: 'today' | 'date' | 'expiry';
  /**
   * Named by the date the curve is valued at: "22AUG26 · now", "29AUG26 · +7 d" (the first curve, at the what-if's
   * day), "05SEP26 · +14 d" (a later date), "Expiry 28AUG26". Never "Today" for a curve valued days later.
   */
  readonly label: string;
  /** "22AUG26 · +0 d", the date the curve is valued at. */
  readonly when: string;
  readonly days: number;
  readonly colour: string;
  readonly dash: string | undefined;
  readonly width: number;
  readonly breakevensUsd: readonly number[];
  /** P&L at the current (what-if) spot, interpolated on the curve. */
  readonly pnlAtSpotUsd: number;
  readonly minUsd: number;
  readonly minAtUsd: number;
  readonly maxUsd: number;
  readonly maxAtUsd: number;
}

export interface PayoffChartModel {
  readonly series: PayoffSeries[];
  /** One point per spot: { spot, c0, c1, … }. */
  readonly points: Record<string, number>[];
  readonly currentSpotUsd: number;
  readonly fromUsd: number;
  readonly toUsd: number;
}

/** Linear interpolation of (xs, ys) at x, clamped to the ends. */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let i = 1;
  while (xs[i]! < x) i++;
  const w = (x - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
  return ys[i - 1]! + w * (ys[i]! - ys[i - 1]!);
}

const DAY_MS = 86_400_000;

/**
 * @param valuationMs the market's valuation time (dates are valuation + days)
 */
export function buildPayoffChart(result: PayoffResult, valuationMs: number): PayoffChartModel {
  let dateIdx = 0;
  let expiryIdx = 0;
  const series: PayoffSeries[] = result.curves.map((c, i) => {
    const kind: PayoffSeries['kind'] = c.label === 'today' ? 'today' : c.label.startsWith('expiry') ? 'expiry' : 'date';
    const date = formatExpiryCode(Math.round((valuationMs + c.days * DAY_MS) / 60_000) * 60_000);
    const daysText = `+${formatNumber(c.days, Number.isInteger(c.days) ? 0 : 1)} d`;
    const label = kind === 'expiry' ? `Expiry ${date}` : `${date} · ${c.days === 0 ? 'now' : daysText}`;
    const colour =
      kind === 'today'
        ? '#4aa3ff'
        : kind === 'date'
          ? DATE_COLOURS[dateIdx++ % DATE_COLOURS.length]!
          : EXPIRY_COLOURS[expiryIdx++ % EXPIRY_COLOURS.length]!;
    let minI = 0;
    let maxI = 0;
    c.pnlUsd.forEach((v, j) => {
      if (v < c.pnlUsd[minI]!) minI = j;
      if (v > c.pnlUsd[maxI]!) maxI = j;
    });
    return {
      key: `c${i}`,
      engineLabel: c.label,
      kind,
      label,
      when: `${date} · ${daysText}`,
      days: c.days,
      colour,
      dash: kind === 'date' ? '6 4' : undefined,
      width: kind === 'today' ? 2.5 : kind === 'date' ? 2 : 1.4,
      breakevensUsd: c.breakevensUsd,
      pnlAtSpotUsd: interpolate(result.spotUsd, c.pnlUsd, result.currentSpotUsd),
      minUsd: c.pnlUsd[minI] ?? NaN,
      minAtUsd: result.spotUsd[minI] ?? NaN,
      maxUsd: c.pnlUsd[maxI] ?? NaN,
      maxAtUsd: result.spotUsd[maxI] ?? NaN,
    };
  });
  const points = result.spotUsd.map((spot, j) => {
    const p: Record<string, number> = { spot };
    result.curves.forEach((c, i) => {
      p[`c${i}`] = c.pnlUsd[j]!;
    });
    return p;
  });
  return {
    series,
    points,
    currentSpotUsd: result.currentSpotUsd,
    fromUsd: result.spotUsd[0] ?? NaN,
    toUsd: result.spotUsd[result.spotUsd.length - 1] ?? NaN,
  };
}
