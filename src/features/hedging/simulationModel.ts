/**
 * View-model of the delta-hedge simulation: the trader's policies → the engine's `HedgePolicy` list (named,
 * validated), the comparison table and the chart series of the latest window. Pure functions of the worker's
 * `hedgeSimulate` result.
 */
import type { HedgePathResult, HedgePolicy, PolicySummary } from '../../engine/index.ts';
import { formatNumber } from '../../lib/format.ts';
import { niceFloor } from './suggestModel.ts';

export interface PolicyInput {
  /** Session-stable key (React list key, hooks). */
  readonly id: string;
  readonly kind: 'band' | 'interval';
  /** Band half-width, coin (band policies). */
  readonly bandCoin: number;
  /** Rebalancing interval, whole days (interval policies). */
  readonly everyDays: number;
  /** Cost of each trade, basis points of the traded notional. */
  readonly costBps: number;
}

export const DEFAULT_COST_BPS = 5;

/** Daily, weekly, and a band worth about USD 100k of delta at today's spot. */
export function defaultPolicies(spotUsd: number | null): PolicyInput[] {
  const band = spotUsd && spotUsd > 0 ? niceFloor(100_000 / spotUsd) : 1;
  return [
    { id: 'p1', kind: 'interval', everyDays: 1, bandCoin: band, costBps: DEFAULT_COST_BPS },
    { id: 'p2', kind: 'interval', everyDays: 7, bandCoin: band, costBps: DEFAULT_COST_BPS },
    { id: 'p3', kind: 'band', everyDays: 1, bandCoin: band, costBps: DEFAULT_COST_BPS },
  ];
}

/** A fresh id not used by `policies`. */
export function nextPolicyId(policies: readonly PolicyInput[]): string {
  const used = new Set(policies.map((p) => p.id));
  let n = policies.length + 1;
  while (used.has(`p${n}`)) n++;
  return `p${n}`;
}

/** "Every 1 d · 5 bp", "Band ±1 BTC · 5 bp": the policy as a trader would say it (also its key in the results). */
export function policyLabel(p: PolicyInput, underlying: string): string {
  const what = p.kind === 'interval' ? `Every ${formatNumber(p.everyDays, 0)} d` : `Band ±${trimNumber(p.bandCoin)} ${underlying}`;
  return `${what} · ${trimNumber(p.costBps)} bp`;
}

function trimNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const t = formatNumber(x, 4);
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}

/** Engine policies with unique names (duplicates get "#2"), or the first problem found. */
export function toEnginePolicies(
  policies: readonly PolicyInput[],
  underlying: string,
): { ok: true; policies: HedgePolicy[] } | { ok: false; error: string } {
  if (policies.length === 0) return { ok: false, error: 'Add at least one policy.' };
  const seen = new Map<string, number>();
  const out: HedgePolicy[] = [];
  for (const [i, p] of policies.entries()) {
    const n = i + 1;
    if (!(Number.isFinite(p.costBps) && p.costBps >= 0)) return { ok: false, error: `Policy ${n}: the cost must be ≥ 0 bp.` };
    if (p.kind === 'interval' && !(Number.isInteger(p.everyDays) && p.everyDays >= 1))
      return { ok: false, error: `Policy ${n}: the interval must be a whole number of days ≥ 1.` };
    if (p.kind === 'band' && !(Number.isFinite(p.bandCoin) && p.bandCoin >= 0))
      return { ok: false, error: `Policy ${n}: the band must be ≥ 0 ${underlying}.` };
    const base = policyLabel(p, underlying);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const name = count > 1 ? `${base} #${count}` : base;
    out.push(
      p.kind === 'interval'
        ? { name, kind: 'interval', everyDays: p.everyDays, costBps: p.costBps }
        : { name, kind: 'band', bandCoin: p.bandCoin, costBps: p.costBps },
    );
  }
  return { ok: true, policies: out };
}

// ---------- results ----------

export interface SummaryRow extends PolicySummary {
  /** Std of final hedged P&L over unhedged: how much of the dispersion the policy leaves (1 = none removed). */
  readonly stdRatio: number;
  /** Lowest hedged dispersion of the table. */
  readonly best: boolean;
  readonly color: string;
}

/** Line colours: the unhedged book in the muted grey, policies in distinct hues readable on the dark panel. */
export const UNHEDGED_COLOR = '#9aa7b8';
export const POLICY_COLORS = ['#4aa3ff', '#34c98b', '#f2b84b', '#b48cff', '#ff8a65', '#4dd0e1'];

export const policyColor = (i: number): string => POLICY_COLORS[i % POLICY_COLORS.length]!;

export function summaryRows(summaries: readonly PolicySummary[]): SummaryRow[] {
  const bestStd = Math.min(...summaries.map((s) => s.stdHedgedPnlUsd));
  return summaries.map((s, i) => ({
    ...s,
    stdRatio: s.stdUnhedgedPnlUsd > 0 ? s.stdHedgedPnlUsd / s.stdUnhedgedPnlUsd : NaN,
    best: summaries.length > 1 && s.stdHedgedPnlUsd === bestStd,
    color: policyColor(i),
  }));
}

/** One point of the latest-window charts: day, date, unhedged P&L and each policy's hedged P&L / cumulative cost. */
export type ChartPoint = { readonly day: number; readonly date: string } & Readonly<Record<string, number | string>>;

/** Series keys are `h0`, `h1`, … (hedged P&L) and `c0`, `c1`, … (cumulative cost) by policy index; `u` unhedged. */
export function chartPoints(latest: readonly HedgePathResult[], dates: readonly string[]): ChartPoint[] {
  const first = latest[0];
  if (!first) return [];
  return first.unhedgedPnlUsd.map((u, t) => {
    const p: Record<string, number | string> = { day: t, date: dates[t] ?? `day ${t}`, u };
    latest.forEach((r, i) => {
      p[`h${i}`] = r.hedgedPnlUsd[t] ?? NaN;
      p[`c${i}`] = r.costUsd[t] ?? NaN;
    });
    return p as ChartPoint;
  });
}

/** "2024-12-01 → 2024-12-31 (30 d)" for the chart titles. */
export function windowLabel(dates: readonly string[]): string {
  if (dates.length < 2) return '';
  return `${dates[0]} → ${dates[dates.length - 1]} (${dates.length - 1} d)`;
}

/** Compact axis ticks: 12.3k, −1.2M. */
export function compactUsd(x: number): string {
  const a = Math.abs(x);
  const sign = x < 0 ? '\u2212' : '';
  if (a >= 1e6) return `${sign}${trimNumber(Math.round(a / 1e5) / 10)}M`;
  if (a >= 1e3) return `${sign}${trimNumber(Math.round(a / 100) / 10)}k`;
  return `${sign}${trimNumber(Math.round(a))}`;
}
