/**
 * View-models of the VaR panel: the panel's settings → engine parameters, and engine results → chart rows, tables
 * and labels. Pure functions; the numbers are the engine's (this only arranges, sums for the checks, and labels).
 */
import { normPdf } from '../../engine/index.ts';
import type {
  BacktestDay,
  BacktestReport,
  ComponentVar,
  Histogram,
  LikelihoodRatio,
  QuantileMethod,
  TrafficLightZone,
} from '../../engine/index.ts';
import type { Position } from '../../domain/position.ts';
import type { BacktestPanelParams, VarPanelParams, VarPanelReport } from '../../worker/api/varApi.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings.

/** The method picker: the engine's three methods with their variants, as a trader names them. */
export type VarMethodChoice = 'historical' | 'filtered' | 'delta-normal' | 'delta-gamma' | 'mc-normal' | 'mc-student-t';

export type BacktestMethodChoice = 'same' | 'historical' | 'filtered' | 'delta-normal' | 'delta-gamma';

/** Where Monte Carlo paths run: WebGPU when the browser offers an adapter (else the CPU workers), or the CPU workers. */
export type McBackendChoice = 'auto' | 'webgpu' | 'cpu';

export interface VarSettings {
  readonly method: VarMethodChoice;
  /** Confidence in %, 90 … 99.9. */
  readonly confidencePct: number;
  /** Whole days, 1 … 10. */
  readonly horizonDays: number;
  /** Overlapping h-day returns instead of √h scaling (h > 1). */
  readonly overlapping: boolean;
  /** Returns in the look-back window. */
  readonly window: number;
  /** Historical methods: apply each day's relative DVOL change to the options' vols. */
  readonly volFromDvol: boolean;
  readonly paths: number;
  readonly seed: number;
  /** Student-t degrees of freedom. */
  readonly dof: number;
  /** Monte Carlo pool size. */
  readonly workers: number;
  /** Monte Carlo backend (absent in settings saved before it existed: auto). */
  readonly backend?: McBackendChoice;
  readonly backtestMethod: BacktestMethodChoice;
  /** Test days of the backtest. */
  readonly backtestDays: number;
}

export const DEFAULT_VAR_SETTINGS: VarSettings = {
  method: 'historical',
  confidencePct: 99,
  horizonDays: 1,
  overlapping: false,
  window: 365,
  volFromDvol: false,
  paths: 10_000,
  seed: 1,
  dof: 4,
  workers: 2,
  backend: 'auto',
  backtestMethod: 'same',
  backtestDays: 250,
};

export const LIMITS = {
  confidencePct: { min: 90, max: 99.9 },
  horizonDays: { min: 1, max: 10 },
  window: { min: 30, max: 2000 },
  paths: { min: 100, max: 2_000_000 },
  dof: { min: 2.1, max: 100 },
  backtestDays: { min: 100, max: 1000 },
} as const;

export const METHOD_OPTIONS: readonly { readonly value: VarMethodChoice; readonly label: string; readonly hint: string }[] = [
  {
    value: 'historical',
    label: 'Historical simulation',
    hint: 'Each day of the window’s real moves applied to today’s book, full revaluation',
  },
  {
    value: 'filtered',
    label: 'Filtered historical (EWMA)',
    hint: 'Historical returns rescaled by EWMA volatility (λ = 0.94): today’s vol regime',
  },
  { value: 'delta-normal', label: 'Parametric delta-normal', hint: 'VaR = z·√(δᵀΣδ): linear in the USD deltas, normal returns' },
  {
    value: 'delta-gamma',
    label: 'Parametric delta-gamma',
    hint: 'Delta and gamma: Cornish-Fisher expansion of the quadratic P&L where it is valid, its exact distribution where not (long gamma)',
  },
  {
    value: 'mc-normal',
    label: 'Monte Carlo, normal',
    hint: 'Correlated normal draws (Cholesky of Σ), full revaluation, on a pool of workers',
  },
  {
    value: 'mc-student-t',
    label: 'Monte Carlo, Student-t',
    hint: 'Correlated Student-t draws with ν degrees of freedom (joint fat tails), full revaluation',
  },
];

export const BACKTEST_METHOD_OPTIONS: readonly { readonly value: BacktestMethodChoice; readonly label: string }[] = [
  { value: 'same', label: 'Same as VaR' },
  { value: 'historical', label: 'Historical' },
  { value: 'filtered', label: 'Filtered historical' },
  { value: 'delta-normal', label: 'Delta-normal' },
  { value: 'delta-gamma', label: 'Delta-gamma' },
];

export const BACKEND_OPTIONS: readonly { readonly value: McBackendChoice; readonly label: string; readonly hint: string }[] = [
  { value: 'auto', label: 'Auto', hint: 'WebGPU when this browser offers an adapter, else the CPU workers' },
  {
    value: 'webgpu',
    label: 'WebGPU',
    hint: 'The GPU in f32, with the tail and the components refined in f64 on the CPU (the CPU engine’s figures)',
  },
  { value: 'cpu', label: 'CPU workers', hint: 'The pool of CPU workers in f64' },
];

export function isMonteCarlo(method: VarMethodChoice): boolean {
  return method === 'mc-normal' || method === 'mc-student-t';
}

export function isHistorical(method: VarMethodChoice | BacktestMethodChoice): boolean {
  return method === 'historical' || method === 'filtered';
}

function clamp(x: number, lo: number, hi: number, fallback: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : fallback;
}

/** Settings brought into range (whole days, whole paths, …): what is actually computed. */
export function normalizeSettings(s: VarSettings, maxWorkers: number): VarSettings {
  const d = DEFAULT_VAR_SETTINGS;
  return {
    ...s,
    confidencePct: clamp(s.confidencePct, LIMITS.confidencePct.min, LIMITS.confidencePct.max, d.confidencePct),
    horizonDays: Math.round(clamp(s.horizonDays, LIMITS.horizonDays.min, LIMITS.horizonDays.max, d.horizonDays)),
    window: Math.round(clamp(s.window, LIMITS.window.min, LIMITS.window.max, d.window)),
    paths: Math.round(clamp(s.paths, LIMITS.paths.min, LIMITS.paths.max, d.paths)),
    seed: Math.round(clamp(s.seed, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, d.seed)),
    dof: clamp(s.dof, LIMITS.dof.min, LIMITS.dof.max, d.dof),
    workers: Math.round(clamp(s.workers, 1, Math.max(1, maxWorkers), Math.min(2, maxWorkers))),
    backend: s.backend === 'webgpu' || s.backend === 'cpu' ? s.backend : 'auto',
    backtestDays: Math.round(clamp(s.backtestDays, LIMITS.backtestDays.min, LIMITS.backtestDays.max, d.backtestDays)),
  };
}

/** Filtered HS works on daily returns: its horizon is always √h-scaled. */
export function overlappingAllowed(s: VarSettings): boolean {
  return s.method !== 'filtered' && s.horizonDays > 1;
}

/** Engine parameters of the VaR request (settings assumed normalized). Only the fields the method uses. */
export function toVarParams(s: VarSettings, historyUrl: string): VarPanelParams {
  const base = {
    historyUrl,
    confidence: s.confidencePct / 100,
    horizonDays: s.horizonDays,
    window: s.window,
    overlapping: overlappingAllowed(s) && s.overlapping,
    histogramBins: 50,
  };
  switch (s.method) {
    case 'historical':
    case 'filtered':
      return { ...base, method: 'historical', filtered: s.method === 'filtered', volFromDvol: s.volFromDvol };
    case 'delta-normal':
    case 'delta-gamma':
      return { ...base, method: 'parametric', deltaGamma: s.method === 'delta-gamma' };
    case 'mc-normal':
    case 'mc-student-t':
      return {
        ...base,
        method: 'montecarlo',
        paths: s.paths,
        seed: s.seed,
        distribution: s.method === 'mc-student-t' ? 'student-t' : 'normal',
        ...(s.method === 'mc-student-t' ? { dof: s.dof } : {}),
      };
  }
}

/** The backtest's rolling method: its own choice, or the VaR method's (Monte Carlo is backtested by historical). */
export function backtestMethodOf(s: VarSettings): Exclude<BacktestMethodChoice, 'same'> {
  if (s.backtestMethod !== 'same') return s.backtestMethod;
  if (s.method === 'mc-normal' || s.method === 'mc-student-t') return 'historical';
  return s.method;
}

/** Short name of a rolling backtest method, for the picker ("historical" for Monte Carlo's "same as VaR"). */
export function rollingLabel(m: Exclude<BacktestMethodChoice, 'same'>): string {
  return BACKTEST_METHOD_OPTIONS.find((o) => o.value === m)!.label.toLowerCase();
}

export function toBacktestParams(s: VarSettings, historyUrl: string): BacktestPanelParams {
  const m = backtestMethodOf(s);
  const common = { historyUrl, confidence: s.confidencePct / 100, window: s.window, days: s.backtestDays };
  return isHistorical(m)
    ? { ...common, method: 'historical', filtered: m === 'filtered', volFromDvol: s.volFromDvol }
    : { ...common, method: 'parametric', deltaGamma: m === 'delta-gamma' };
}

// ---------------------------------------------------------------------------------------------------------------
// Labels.

export function methodLabel(
  r: Pick<VarPanelReport, 'method' | 'filtered' | 'deltaGamma' | 'distribution' | 'dof'> & {
    readonly quantileMethod?: QuantileMethod | null;
  },
): string {
  if (r.method === 'historical') return r.filtered ? 'Filtered historical simulation (EWMA λ 0.94)' : 'Historical simulation';
  if (r.method === 'parametric') {
    if (!r.deltaGamma) return 'Parametric delta-normal';
    return r.quantileMethod === 'fourier-inversion'
      ? 'Parametric delta-gamma (exact distribution)'
      : 'Parametric delta-gamma (Cornish-Fisher)';
  }
  return r.distribution === 'student-t' ? `Monte Carlo, Student-t ν = ${r.dof ?? ''}` : 'Monte Carlo, normal';
}

/** How the parametric quantile was found, for the VaR card and the model card (empty for scenario methods). */
export function quantileMethodLabel(q: QuantileMethod | null): string {
  switch (q) {
    case 'normal':
      return 'normal quantile z·σ';
    case 'cornish-fisher':
      return 'Cornish-Fisher expansion (skew and kurtosis of δr + ½rᵀΓr)';
    case 'fourier-inversion':
      return 'exact quantile of δr + ½rᵀΓr (Fourier inversion)';
    case null:
      return '';
  }
}

/** What moves in the scenarios: spot only, or spot and the options’ vols by DVOL on so many days. */
export function volModelLabel(
  r: Pick<VarPanelReport, 'method' | 'deltaGamma' | 'volModel' | 'dvolDays' | 'dvolDaysByUnderlying' | 'observations'>,
): string {
  if (r.volModel === 'dvol') {
    const per = Object.entries(r.dvolDaysByUnderlying)
      .map(([ul, n]) => `${ul} ${n}`)
      .join(', ');
    return `DVOL-driven on ${r.dvolDays} of ${r.observations} days${per ? ` (${per})` : ''}; spot-only elsewhere`;
  }
  if (r.method === 'parametric') return r.deltaGamma ? 'Spot-only: deltas and gammas at today’s vols' : 'Spot-only: deltas at today’s vols';
  return 'Spot-only: vols and time unchanged';
}

export function horizonLabel(r: Pick<VarPanelReport, 'horizonDays' | 'horizonRule'>): string {
  switch (r.horizonRule) {
    case 'one-day':
      return '1 day';
    case 'sqrt-h':
      return `${r.horizonDays} days (√${r.horizonDays} × 1-day)`;
    case 'overlapping':
      return `${r.horizonDays} days (overlapping ${r.horizonDays}-day returns)`;
    case 'covariance':
      return `${r.horizonDays} days (${r.horizonDays}·Σ)`;
  }
}

export function observationsLabel(r: Pick<VarPanelReport, 'method' | 'observations' | 'tailCount' | 'windowStart' | 'windowEnd'>): string {
  const span = r.windowStart && r.windowEnd ? ` ${r.windowStart} → ${r.windowEnd}` : '';
  if (r.method === 'montecarlo')
    return `${r.observations.toLocaleString('en-US')} paths, ${r.tailCount ?? 0} in the tail; Σ from${span || ' the window'}`;
  if (r.method === 'parametric') return `Σ from ${r.observations} returns${span}`;
  return `${r.observations} scenarios${span}, ${r.tailCount ?? 0} in the tail`;
}

// ---------------------------------------------------------------------------------------------------------------
// P&L distribution.

export interface HistogramRow {
  /** Bin centre, USD P&L. */
  readonly mid: number;
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  /** Share of all observations. */
  readonly share: number;
  /** The bin lies beyond the VaR loss (its centre is a loss ≥ VaR). */
  readonly tail: boolean;
}

/** Histogram bins as chart rows; P&L axis (gain > 0), so VaR sits at −VaR. */
export function histogramRows(h: Histogram | null, varUsd: number): HistogramRow[] {
  if (!h || h.counts.length === 0) return [];
  const total = h.counts.reduce((s, c) => s + c, 0) || 1;
  return h.counts.map((count, i) => {
    const lo = h.edges[i]!;
    const hi = h.edges[i + 1]!;
    const mid = (lo + hi) / 2;
    return { mid, lo, hi, count, share: count / total, tail: -mid >= varUsd };
  });
}

export interface DensityPoint {
  readonly pnl: number;
  readonly density: number;
  readonly tail: boolean;
}

/**
 * The exact delta-gamma density from the engine (the quadratic form's, where Cornish-Fisher was not valid) as chart
 * points: the engine's grid, tail where the P&L is a loss of at least VaR.
 */
export function exactDensity(
  curve: { readonly pnlUsd: ArrayLike<number>; readonly density: ArrayLike<number> },
  varUsd: number,
): DensityPoint[] {
  const out: DensityPoint[] = [];
  for (let j = 0; j < curve.pnlUsd.length; j++) {
    const pnl = curve.pnlUsd[j]!;
    const density = curve.density[j]!;
    if (Number.isFinite(pnl) && Number.isFinite(density)) out.push({ pnl, density, tail: -pnl >= varUsd });
  }
  return out;
}

/**
 * Top of the density chart's y-axis: 1.5 × the 85th percentile of the densities drawn, when the largest is above
 * that (a spike where the density is unbounded, e.g. at the floor of a long-gamma P&L, would flatten everything
 * else); null = let the chart fit the data.
 */
export function densityDisplayCap(points: readonly DensityPoint[]): number | null {
  if (points.length < 3) return null;
  const d = points.map((p) => p.density).sort((a, b) => a - b);
  const cap = 1.5 * d[Math.floor(0.85 * (d.length - 1))]!;
  return d[d.length - 1]! > cap && cap > 0 ? cap : null;
}

/**
 * The parametric P&L density for the chart: normal with the report's mean and sd, or for delta-gamma the
 * distribution of mean + sd·w(Z), w the Cornish-Fisher map with the report's skew and excess kurtosis:
 * f(x) = φ(z) / (sd·w′(z)). Drawn for |z| ≤ 4 where w′(z) ≥ 0.25 only: beyond, the expansion stops being a
 * distribution (w′ → 0 would draw a spike of density that is not there).
 */
export function parametricDensity(
  p: { readonly meanUsd: number; readonly sdUsd: number; readonly skew: number; readonly excessKurtosis: number },
  varUsd: number,
  points = 161,
): DensityPoint[] {
  if (!(p.sdUsd > 0) || points < 3) return [];
  const { skew: s, excessKurtosis: e } = p;
  const w = (z: number) => z + ((z * z - 1) * s) / 6 + ((z * z * z - 3 * z) * e) / 24 - ((2 * z * z * z - 5 * z) * s * s) / 36;
  const dw = (z: number) => 1 + (z * s) / 3 + ((3 * z * z - 3) * e) / 24 - ((6 * z * z - 5) * s * s) / 36;
  const Z_MAX = 4;
  const MIN_SLOPE = 0.25;
  const out: DensityPoint[] = [];
  for (let j = 0; j < points; j++) {
    const z = -Z_MAX + (2 * Z_MAX * j) / (points - 1);
    const slope = dw(z);
    if (!(slope >= MIN_SLOPE)) continue;
    const pnl = p.meanUsd + p.sdUsd * w(z);
    if (out.length > 0 && !(pnl > out[out.length - 1]!.pnl)) continue;
    out.push({ pnl, density: normPdf(z) / (p.sdUsd * slope), tail: -pnl >= varUsd });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Components.

export interface ComponentRow {
  readonly key: string;
  readonly label: string;
  readonly varUsd: number;
  readonly esUsd: number;
  /** Share of the total VaR (can be negative: a hedge). */
  readonly shareOfVar: number;
}

export interface SumCheck {
  readonly total: number;
  readonly sum: number;
  /** total − sum. */
  readonly difference: number;
  /** |difference| within rounding (1e-9 relative, 1e-6 USD absolute). */
  readonly ok: boolean;
}

export function sumCheck(total: number, parts: readonly number[]): SumCheck {
  const sum = parts.reduce((a, b) => a + b, 0);
  const difference = total - sum;
  return { total, sum, difference, ok: Math.abs(difference) <= Math.max(1e-6, 1e-9 * Math.abs(total)) };
}

export interface ComponentsModel {
  readonly rule: ComponentVar['rule'];
  readonly byUnderlying: readonly ComponentRow[];
  readonly underlyingVarCheck: SumCheck;
  readonly underlyingEsCheck: SumCheck;
  /** Largest positions by |component VaR|, then one "other" row for the rest (null without per-position data). */
  readonly byPosition: readonly ComponentRow[] | null;
  readonly positionCount: number;
  readonly positionVarCheck: SumCheck | null;
  readonly positionEsCheck: SumCheck | null;
}

/**
 * Components per underlying and per position, with the checks that they add up to VaR and ES.
 * @param book the positions (by id), to tell rows of the same instrument apart by venue and label
 */
export function componentsModel(
  c: ComponentVar,
  varUsd: number,
  esUsd: number,
  topPositions = 12,
  book: readonly Position[] = [],
): ComponentsModel {
  const share = (x: number) => (varUsd !== 0 ? x / varUsd : 0);
  const byUnderlying = c.byUnderlying.map((u) => ({
    key: u.underlying,
    label: u.underlying,
    varUsd: u.varUsd,
    esUsd: u.esUsd,
    shareOfVar: share(u.varUsd),
  }));
  let byPosition: ComponentRow[] | null = null;
  if (c.byPosition) {
    const sorted = [...c.byPosition].sort((a, b) => Math.abs(b.varUsd) - Math.abs(a.varUsd) || a.instrument.localeCompare(b.instrument));
    const shown = sorted.length > topPositions + 1 ? sorted.slice(0, topPositions) : sorted;
    const byId = new Map(book.map((p) => [p.id, p] as const));
    const repeats = new Map<string, number>();
    for (const p of c.byPosition) repeats.set(p.instrument, (repeats.get(p.instrument) ?? 0) + 1);
    const seen = new Map<string, number>();
    const labelOf = (p: (typeof sorted)[number]) => {
      if ((repeats.get(p.instrument) ?? 0) < 2) return p.instrument;
      const pos = byId.get(p.positionId);
      const n = (seen.get(p.instrument) ?? 0) + 1;
      seen.set(p.instrument, n);
      const tag = pos ? [pos.venue, pos.label.trim()].filter(Boolean).join(' ') : `#${n}`;
      return `${p.instrument} · ${tag}`;
    };
    byPosition = shown.map((p) => ({
      key: p.positionId,
      label: labelOf(p),
      varUsd: p.varUsd,
      esUsd: p.esUsd,
      shareOfVar: share(p.varUsd),
    }));
    const rest = sorted.slice(shown.length);
    if (rest.length > 0) {
      const v = rest.reduce((s, p) => s + p.varUsd, 0);
      const e = rest.reduce((s, p) => s + p.esUsd, 0);
      byPosition.push({ key: 'other', label: `${rest.length} other positions`, varUsd: v, esUsd: e, shareOfVar: share(v) });
    }
  }
  return {
    rule: c.rule,
    byUnderlying,
    underlyingVarCheck: sumCheck(
      varUsd,
      c.byUnderlying.map((u) => u.varUsd),
    ),
    underlyingEsCheck: sumCheck(
      esUsd,
      c.byUnderlying.map((u) => u.esUsd),
    ),
    byPosition,
    positionCount: c.byPosition?.length ?? 0,
    positionVarCheck: c.byPosition
      ? sumCheck(
          varUsd,
          c.byPosition.map((p) => p.varUsd),
        )
      : null,
    positionEsCheck: c.byPosition
      ? sumCheck(
          esUsd,
          c.byPosition.map((p) => p.esUsd),
        )
      : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Backtest.

/** Traffic-light colours (the desk theme's green, amber and red). */
export const ZONE_COLOURS: Readonly<Record<TrafficLightZone, string>> = { green: '#34c98b', yellow: '#f2b84b', red: '#ff6464' };

export function zoneColour(zone: TrafficLightZone): string {
  return ZONE_COLOURS[zone];
}

export function zoneLabel(zone: TrafficLightZone): string {
  return zone === 'green' ? 'Green zone' : zone === 'yellow' ? 'Yellow zone' : 'Red zone';
}

export interface BacktestRow {
  readonly date: string;
  /** Hypothetical P&L of today's book under the day's moves, USD. */
  readonly pnl: number;
  /** The VaR threshold on the P&L axis (−VaR). */
  readonly threshold: number;
  readonly exception: boolean;
  /** P&L of exception days only (null elsewhere): the chart's markers. */
  readonly exceptionPnl: number | null;
}

export function backtestRows(days: readonly BacktestDay[]): BacktestRow[] {
  return days.map((d) => ({
    date: d.date,
    pnl: d.pnlUsd,
    threshold: -d.varUsd,
    exception: d.exception,
    exceptionPnl: d.exception ? d.pnlUsd : null,
  }));
}

/**
 * X-axis ticks of a daily series: the first date of each month, every k-th month so that at most `maxTicks` remain
 * (Recharts' own thinning can repeat a month label).
 */
export function monthTicks(dates: readonly string[], maxTicks = 10): string[] {
  const firsts: string[] = [];
  let last = '';
  for (const d of dates) {
    const month = d.slice(0, 7);
    if (month !== last) {
      if (last !== '') firsts.push(d); // the series' own first day is rarely a month start: skip it
      last = month;
    }
  }
  const step = Math.max(1, Math.ceil(firsts.length / Math.max(1, maxTicks)));
  return firsts.filter((_, i) => i % step === 0);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-05-01" → "May 24". */
export function monthLabel(date: string): string {
  const m = Number(date.slice(5, 7));
  return `${MONTHS[m - 1] ?? date.slice(5, 7)} ${date.slice(2, 4)}`;
}

export interface TestRow {
  readonly key: 'kupiec' | 'independence' | 'conditional-coverage';
  readonly name: string;
  readonly hint: string;
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
  /** χ² critical value at 5 %. */
  readonly critical: number;
  readonly reject: boolean;
}

const CRITICAL_5PCT: Readonly<Record<number, number>> = { 1: 3.841458820694124, 2: 5.991464547107979 };

function testRow(key: TestRow['key'], name: string, hint: string, lr: LikelihoodRatio): TestRow {
  return {
    key,
    name,
    hint,
    statistic: lr.statistic,
    pValue: lr.pValue,
    dof: lr.dof,
    critical: CRITICAL_5PCT[lr.dof] ?? NaN,
    reject: lr.reject5pct,
  };
}

/** Kupiec POF, Christoffersen independence and conditional coverage, in table order. */
export function testRows(r: BacktestReport): TestRow[] {
  return [
    testRow('kupiec', 'Kupiec POF', 'Is the exception rate the expected 1 − c? LR ~ χ²(1)', r.kupiec),
    testRow(
      'independence',
      'Christoffersen independence',
      'Do exceptions cluster (an exception more likely after one)? LR ~ χ²(1)',
      r.christoffersen.independence,
    ),
    testRow(
      'conditional-coverage',
      'Conditional coverage',
      'Right rate and independent: POF + independence, LR ~ χ²(2)',
      r.christoffersen.conditionalCoverage,
    ),
  ];
}

/** "0–4 green, 5–9 yellow, ≥ 10 red" for the report's observations and confidence. */
export function zoneBoundsLabel(r: BacktestReport): string {
  const { greenMax, yellowMax } = r.trafficLight;
  const yellow = yellowMax > greenMax ? `${greenMax + 1}–${yellowMax} yellow` : null;
  return [`0–${greenMax} green`, yellow, `≥ ${yellowMax + 1} red`].filter(Boolean).join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// Monte Carlo progress.

export type McPhase = 'preparing' | 'simulating' | 'finishing';

export interface McProgress {
  readonly phase: McPhase;
  /** Paths simulated (finishing: all of them). */
  readonly done: number;
  readonly total: number;
  readonly workers: number;
  /** Where the paths run (absent while preparing). */
  readonly backend?: 'cpu' | 'webgpu';
  /** The WebGPU adapter's short name. */
  readonly device?: string;
  /** Finishing: share done, 0 … 1, and what it is doing. */
  readonly fraction?: number;
  readonly label?: string;
}

/** Fraction shown by the progress bar: preparing 0–2 %, simulating 2–85 %, finishing 85–100 %. */
export function progressFraction(p: McProgress | null): number {
  if (!p) return 0;
  if (p.phase === 'preparing') return 0.02;
  if (p.phase === 'finishing') return 0.85 + 0.15 * Math.min(1, Math.max(0, p.fraction ?? 0));
  return 0.02 + 0.83 * (p.total > 0 ? p.done / p.total : 0);
}

export function progressLabel(p: McProgress): string {
  if (p.phase === 'preparing') return 'Preparing: history, covariance, Cholesky…';
  if (p.phase === 'finishing') return `Finishing: ${p.label ?? 'quantiles, tail components'}…`;
  const where =
    p.backend === 'webgpu' ? `on WebGPU${p.device ? ` (${p.device})` : ''}` : `on ${p.workers} worker${p.workers === 1 ? '' : 's'}`;
  return `${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} paths ${where}`;
}

/** "1.23 M paths/s", "45,300 paths/s". */
export function pathsPerSecondLabel(x: number): string {
  if (!(x > 0) || !Number.isFinite(x)) return '';
  if (x >= 1e6) return `${trim((x / 1e6).toFixed(2))} M paths/s`;
  return `${Math.round(x).toLocaleString('en-US')} paths/s`;
}

/** What a histogram leaves out of its bins (robust range), e.g. "3 paths below −120k (lowest −2.5M) outside the chart". */
export function clippedLabel(h: Histogram | null, unit: string): string | null {
  if (!h) return null;
  const below = h.clippedBelow ?? 0;
  const above = h.clippedAbove ?? 0;
  if (below + above === 0) return null;
  const parts: string[] = [];
  const n = (x: number, first: boolean) => `${x.toLocaleString('en-US')}${first ? ` ${unit}` : ''}`;
  if (below > 0) parts.push(`${n(below, true)} below ${compactUsd(h.edges[0]!)} (lowest ${compactUsd(h.minValue ?? NaN)})`);
  if (above > 0)
    parts.push(`${n(above, below === 0)} above ${compactUsd(h.edges[h.edges.length - 1]!)} (highest ${compactUsd(h.maxValue ?? NaN)})`);
  return `${parts.join(' and ')} outside the chart`;
}

// ---------------------------------------------------------------------------------------------------------------
// Small formatters for the panel.

/** Axis ticks: 45,300 → "45k", −1,250,000 → "−1.25M" (true minus sign). */
export function compactUsd(x: number): string {
  if (!Number.isFinite(x)) return '';
  const abs = Math.abs(x);
  const sign = x < 0 ? '\u2212' : '';
  if (abs >= 1e6) return `${sign}${trim((abs / 1e6).toFixed(2))}M`;
  if (abs >= 1e3) return `${sign}${trim((abs / 1e3).toFixed(abs >= 1e5 ? 0 : 1))}k`;
  return `${sign}${trim(abs.toFixed(0))}`;
}

function trim(t: string): string {
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}

/** 0.99 → "99 %", 0.975 → "97.5 %", 0.999 → "99.9 %". */
export function confidenceLabel(c: number): string {
  return `${trim((c * 100).toFixed(2))} %`;
}

/** 1 → "1st", 2 → "2nd", 11 → "11th". */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}
