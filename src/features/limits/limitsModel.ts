/**
 * Limits view-model: the limit inputs in the units a trader types (coin, USD, percent), the engine's checks
 * (`checkLimits` in the worker) as table rows, and the marks other views put on a figure whose limit is breached
 * or close (summary cards, Greeks table, margin usage, venue shares).
 */
import type { LimitCheck, LimitMetric, Limits, LimitStatus } from '../../engine/index.ts';
import { formatCoin, formatNumber, formatUsd } from '../../lib/format.ts';

interface MetricInfo {
  readonly label: string;
  readonly unit: string;
  /** Engine value → the unit shown (decimals → percent). */
  readonly scale: number;
  readonly format: (x: number) => string;
  readonly hint: string;
}

export const METRICS: Readonly<Record<LimitMetric, MetricInfo>> = {
  deltaCoin: {
    label: 'Delta',
    unit: 'coin',
    scale: 1,
    format: (x) => formatCoin(x),
    hint: '|delta| of the underlying, coins (the summary’s Delta coin)',
  },
  deltaUsd: {
    label: 'Delta',
    unit: 'USD',
    scale: 1,
    format: (x) => formatUsd(x, { digits: 0 }),
    hint: '|delta| of the underlying in USD per unit move (the summary’s Delta USD)',
  },
  vegaUsd: {
    label: 'Vega',
    unit: 'USD / vol pt',
    scale: 1,
    format: (x) => formatUsd(x, { digits: 0 }),
    hint: '|vega| of the whole book, USD per vol point (the summary’s Vega card)',
  },
  varUsd: {
    label: 'VaR 99 % 1-day',
    unit: 'USD',
    scale: 1,
    format: (x) => formatUsd(x, { digits: 0 }),
    hint: 'Historical-simulation VaR, 99 %, 1 day, last 365 daily returns of the bundled history, full revaluation',
  },
  marginUsage: {
    label: 'Margin usage',
    unit: '% of equity',
    scale: 100,
    format: (x) => formatNumber(x, 1),
    hint: 'Initial margin (Deribit PME) / account equity, per venue holding derivatives',
  },
  venueConcentration: {
    label: 'Venue concentration',
    unit: '% of exposure',
    scale: 100,
    format: (x) => formatNumber(x, 1),
    hint: 'A venue’s share of the total counterparty exposure (equity held there)',
  },
};

const METRIC_ORDER: readonly LimitMetric[] = ['deltaCoin', 'deltaUsd', 'vegaUsd', 'varUsd', 'marginUsage', 'venueConcentration'];

/** True when at least one limit is set. */
export function hasLimits(l: Limits): boolean {
  return (
    Object.keys(l.deltaCoin ?? {}).length > 0 ||
    Object.keys(l.deltaUsd ?? {}).length > 0 ||
    l.vegaUsd !== undefined ||
    l.varUsd !== undefined ||
    l.marginUsage !== undefined ||
    l.venueConcentration !== undefined
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs.

export interface LimitInput {
  /** `deltaCoin:BTC`, `vegaUsd`, `warnAt`, … */
  readonly id: string;
  readonly metric: LimitMetric | 'warnAt';
  readonly scope: string | null;
  readonly label: string;
  readonly unit: string;
  /** In the unit shown; null = no limit. */
  readonly value: number | null;
  readonly hint: string;
}

/** One input per limit the user can set: delta (coin and USD) per underlying, then the book-wide ones. */
export function limitInputs(l: Limits, underlyings: readonly string[]): LimitInput[] {
  const rows: LimitInput[] = [];
  for (const metric of ['deltaCoin', 'deltaUsd'] as const) {
    const set = l[metric] ?? {};
    const uls = [...new Set([...underlyings, ...Object.keys(set)])];
    for (const ul of uls)
      rows.push({
        id: `${metric}:${ul}`,
        metric,
        scope: ul,
        label: `${METRICS[metric].label} ${ul}`,
        unit: METRICS[metric].unit,
        value: set[ul] ?? null,
        hint: METRICS[metric].hint,
      });
  }
  for (const metric of ['vegaUsd', 'varUsd', 'marginUsage', 'venueConcentration'] as const) {
    const info = METRICS[metric];
    const v = l[metric];
    rows.push({
      id: metric,
      metric,
      scope: null,
      label: info.label,
      unit: info.unit,
      value: v === undefined ? null : v * info.scale,
      hint: info.hint,
    });
  }
  rows.push({
    id: 'warnAt',
    metric: 'warnAt',
    scope: null,
    label: 'Warn from',
    unit: '% of a limit',
    value: (l.warnAt ?? 0.8) * 100,
    hint: 'A figure at or above this share of its limit is flagged amber before it breaches',
  });
  return rows;
}

/** The limits with one input changed (value in the unit shown; null or ≤ 0 removes the limit). */
export function withLimit(l: Limits, id: string, value: number | null): Limits {
  const [metric, scope] = id.split(':') as [LimitMetric | 'warnAt', string | undefined];
  const valid = value !== null && Number.isFinite(value) && value > 0;
  if (metric === 'warnAt') {
    const { warnAt: _old, ...rest } = l;
    return valid && value !== 80 ? { ...rest, warnAt: value / 100 } : rest;
  }
  if ((metric === 'deltaCoin' || metric === 'deltaUsd') && scope !== undefined) {
    const { [scope]: _old, ...others } = l[metric] ?? {};
    const next = valid ? { ...others, [scope]: value } : others;
    const { [metric]: _prev, ...rest } = l;
    return Object.keys(next).length > 0 ? { ...rest, [metric]: next } : rest;
  }
  const { [metric]: _prev, ...rest } = l;
  return valid ? { ...rest, [metric]: value / METRICS[metric as LimitMetric].scale } : rest;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks.

/** The warning threshold when the limits do not set one (the engine's default). */
export const DEFAULT_WARN_AT = 0.8;

/** The percent as shown by formatNumber, read back as a number. */
function shownValue(text: string): number {
  return Number(text.replace(/,/g, '').replace('\u2212', '-'));
}

/**
 * Percent of a limit used, as text (no unit). Whole percent, except near a mark — 100 % (the limit: above it is a
 * breach) and the warning threshold — where it takes as many decimals (up to 2) as needed for the reading to stay on
 * the value's side of every mark: a breach of 100.14 % reads "100.1", a warning at 99.99 % reads "99.99", and only
 * exactly 100 % reads "100". Past 2 decimals the last digit rounds away from the mark (99.999 → "99.99",
 * 100.001 → "100.01"), so a reading never crosses a mark.
 * @param pct |figure| / limit × 100
 * @param marks percent marks the reading must not cross (default: the limit, 100)
 */
export function formatUsagePct(pct: number, marks: readonly number[] = [100]): string {
  const sameSide = (shown: number) => marks.every((m) => Math.sign(shown - m) === Math.sign(pct - m));
  for (let digits = 0; digits <= 2; digits++) {
    const text = formatNumber(pct, digits);
    if (sameSide(shownValue(text))) return text;
  }
  const crossed = marks.find((m) => Math.sign(shownValue(formatNumber(pct, 2)) - m) !== Math.sign(pct - m)) ?? 100;
  return formatNumber(pct < crossed ? Math.floor(pct * 100) / 100 : Math.ceil(pct * 100) / 100, 2);
}

/** The marks of a usage reading: the limit and the warning threshold (decimal, e.g. 0.8). */
function usageMarks(warnAt: number | undefined): number[] {
  return [100, (warnAt ?? DEFAULT_WARN_AT) * 100];
}

export interface CheckRow {
  readonly key: string;
  readonly label: string;
  readonly scope: string;
  readonly unit: string;
  readonly valueText: string;
  readonly limitText: string;
  /** Percent of the limit used; null when the figure is unknown. */
  readonly utilisationPct: number | null;
  /** `utilisationPct` as shown (formatUsagePct, no unit); '—' when unknown. */
  readonly utilisationText: string;
  readonly status: LimitStatus;
}

const STATUS_RANK: Readonly<Record<LimitStatus, number>> = { breach: 0, unknown: 1, warn: 2, ok: 3 };

/**
 * Every check, breaches first, then by metric and scope.
 * @param warnAt the limits' warning threshold (decimal; default 0.8), a mark usage readings do not cross
 */
export function checkRows(checks: readonly LimitCheck[], warnAt?: number): CheckRow[] {
  return [...checks]
    .sort(
      (a, b) =>
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric) ||
        (a.scope ?? '').localeCompare(b.scope ?? ''),
    )
    .map((c) => {
      const info = METRICS[c.metric];
      return {
        key: c.key,
        label: info.label,
        scope: c.scope ?? 'book',
        unit: info.unit,
        valueText: c.value === null ? (c.metric === 'marginUsage' ? 'equity ≤ 0' : '—') : info.format(c.value * info.scale),
        limitText: info.format(c.limit * info.scale),
        utilisationPct: c.utilisation === null ? null : c.utilisation * 100,
        utilisationText: c.utilisation === null ? '—' : formatUsagePct(c.utilisation * 100, usageMarks(warnAt)),
        status: c.status,
      };
    });
}

/** Tooltip of a marked figure: the limit, the use and the status (`warnAt` as in checkRows). */
export function limitTitle(c: LimitCheck, warnAt?: number): string {
  const info = METRICS[c.metric];
  const use = c.utilisation === null ? 'unknown use' : `${formatUsagePct(c.utilisation * 100, usageMarks(warnAt))} % used`;
  const word =
    c.status === 'breach'
      ? 'LIMIT BREACHED'
      : c.status === 'warn'
        ? 'close to its limit'
        : c.status === 'unknown'
          ? 'limit: figure unknown'
          : 'within its limit';
  return `${word}: limit ${info.format(c.limit * info.scale)} ${info.unit}, ${use}`;
}

/** A figure's mark: the check for `key` when it is not plain "ok", for a class and tooltip. */
export function markFor(
  checks: ReadonlyMap<string, LimitCheck>,
  key: string,
  warnAt?: number,
): { readonly status: LimitStatus; readonly title: string } | null {
  const c = checks.get(key);
  if (!c || c.status === 'ok') return null;
  return { status: c.status, title: limitTitle(c, warnAt) };
}

/** Counts per status, for headers ("2 breaches, 1 warning"). */
export function statusCounts(checks: readonly LimitCheck[]): Readonly<Record<LimitStatus, number>> {
  const out: Record<LimitStatus, number> = { ok: 0, warn: 0, breach: 0, unknown: 0 };
  for (const c of checks) out[c.status] += 1;
  return out;
}
