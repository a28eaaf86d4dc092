/**
 * VaR and Expected Shortfall of a compiled book: one entry point per use (`runVar`, `runBacktest`,
 * `incrementalVar`), the Monte Carlo split for a worker pool (`prepareMonteCarlo` → `runMonteCarloChunk` per
 * worker → `finishMonteCarlo`), and the report-JSON shapes (`varReportJson`, `backtestReportJson`).
 *
 * Conventions (PRODUCT.md "Report JSON" and METHODOLOGY.md §5 are the contract):
 * - VaR and ES are positive losses in USD at the same confidence c; P&L is positive for a gain (a VaR can be
 *   negative when even the tail scenarios gain). ES at 97.5 % (FRTB) is reported beside them as `es975Usd`.
 * - Returns: daily relative returns on dates common to the book's underlyings, the last `window` (default 365)
 *   ending at the last common date (returns.ts).
 * - Quantile rule for scenario methods: k = ⌈N(1 − c) − 1e-9⌉, VaR = k-th largest loss, ES = mean of the k largest
 *   losses (math/stats.ts).
 * - Horizon h (whole days ≥ 1): historical and delta-normal scale the 1-day figures by √h, or, with
 *   `overlapping: true`, use overlapping h-day returns unscaled; delta-gamma and Monte Carlo, being non-linear, use
 *   the horizon covariance h·Σ (or the overlapping h-day covariance) directly (`horizonRule` says which).
 * - `observations`: scenarios for historical, returns behind Σ for parametric, paths for Monte Carlo.
 * - Methods: `historical` (options `filtered` = EWMA filtered HS, `volFromDvol`), `parametric` (delta-normal, or
 *   `deltaGamma`: Cornish-Fisher where valid, else the exact distribution of the quadratic P&L, `quantileMethod`
 *   says which), `montecarlo` (`distribution` normal | student-t, `dof`, `paths`, `seed`).
 * - Components: Euler allocation per underlying and, when the resolved positions are passed, per position
 *   (components.ts).
 * Errors (missing history for an underlying, bad parameters, short history) are returned, never thrown.
 *
 * Verified by: var.test.ts (independent recomputations of historical and delta-normal VaR from the closes,
 * invariants, components), monteCarlo.test.ts, backtest.test.ts.
 */
import { baseScenario, greeksCompiled, type CompiledBook } from '../risk/compiledBook.ts';
import type { ResolvedPosition } from '../resolve.ts';
import { histogram, robustHistogram, tailMeasure, zeroMeanCovariance, type Histogram } from '../math/stats.ts';
import { analyticComponents, scenarioComponents, type ComponentVar, type TailScenario } from './components.ts';
import { DEFAULT_EWMA_LAMBDA, filterReturns } from './filtered.ts';
import { historicalPnl, historicalScenarios, scenarioGrowth, scenarioVolRatio, type HistoricalScenarios } from './historical.ts';
import { DEFAULT_DOF, makeMonteCarloPlan, monteCarloPnl, pathDetail, type McDistribution, type MonteCarloPlan } from './monteCarlo.ts';
import { deltaGammaVar, deltaNormal, type DeltaGammaMethod } from './parametric.ts';
import type { QuadraticFormDistribution } from '../math/quadraticForm.ts';
import { buildReturnWindow, sliceWindow, type ReturnWindow, type VarHistory } from './returns.ts';
import { backtestStatistics, type BacktestDay, type BacktestStatistics } from './backtest.ts';

export type { DailySeries, VarHistory, ReturnWindow } from './returns.ts';
export { buildReturnWindow, isoDayNumber, isoFromDayNumber } from './returns.ts';
export type { ComponentVar, UnderlyingComponent, PositionComponent } from './components.ts';
export type { McDistribution, MonteCarloPlan } from './monteCarlo.ts';
export { runMonteCarloChunk, monteCarloPnl, DEFAULT_DOF } from './monteCarlo.ts';
export { DEFAULT_EWMA_LAMBDA, filterReturns } from './filtered.ts';
export { deltaNormal, deltaGammaCornishFisher, deltaGammaVar, deltaGammaExact } from './parametric.ts';
export type { DeltaGammaMethod, DeltaGammaChoice, DeltaGammaResult, DeltaGammaVarResult } from './parametric.ts';
export { QuadraticFormDistribution } from '../math/quadraticForm.ts';
export {
  kupiecPof,
  christoffersen,
  trafficLight,
  transitionCounts,
  type BacktestDay,
  type BacktestStatistics,
  type LikelihoodRatio,
  type TrafficLight,
  type TrafficLightZone,
  type ChristoffersenResult,
} from './backtest.ts';
export type { Histogram } from '../math/stats.ts';

export type VarMethod = 'historical' | 'parametric' | 'montecarlo';

/** How the horizon was reached: 1-day, √h-scaled 1-day figures, overlapping h-day returns, or h·Σ. */
export type HorizonRule = 'one-day' | 'sqrt-h' | 'overlapping' | 'covariance';

/** Parameters of {@link runVar}; every field but `method` has a default. */
export interface VarParams {
  readonly method: VarMethod;
  /** Default 0.99; 0 < c < 1. */
  readonly confidence?: number;
  /** Whole days ≥ 1, default 1. */
  readonly horizonDays?: number;
  /** Returns in the look-back window, default 365. */
  readonly window?: number;
  /** Overlapping h-day returns instead of √h scaling (h > 1). */
  readonly overlapping?: boolean;
  /** Historical: EWMA-filtered HS. */
  readonly filtered?: boolean;
  /** EWMA decay λ, default 0.94. */
  readonly ewmaLambda?: number;
  /** Historical: apply each day's relative DVOL change to the options' vols where DVOL history exists. */
  readonly volFromDvol?: boolean;
  /** Parametric: delta-gamma Cornish-Fisher instead of delta-normal. */
  readonly deltaGamma?: boolean;
  /** Monte Carlo paths, default 10,000. */
  readonly paths?: number;
  /** Monte Carlo seed, default 1. */
  readonly seed?: number;
  /** Monte Carlo distribution, default normal. */
  readonly distribution?: McDistribution;
  /** Student-t degrees of freedom (> 2), default 4. */
  readonly dof?: number;
  /** The resolved positions the book was compiled from: enables per-position components. */
  readonly positions?: readonly ResolvedPosition[];
  /** Bins of the P&L histogram, default 50. */
  readonly histogramBins?: number;
}

/** How a parametric quantile was found: normal (delta-normal), Cornish-Fisher, or exact inversion of the characteristic function. */
export type QuantileMethod = 'normal' | DeltaGammaMethod;

/** Moments of a parametric P&L distribution (horizon). */
export interface ParametricDetail {
  readonly meanUsd: number;
  readonly sdUsd: number;
  readonly skew: number;
  readonly excessKurtosis: number;
  /** Cornish-Fisher map increasing on the tail (always true for delta-normal). */
  readonly monotone: boolean;
  readonly quantileMethod: QuantileMethod;
  /** Why Cornish-Fisher was not used for a delta-gamma report (null otherwise). */
  readonly quantileMethodReason: string | null;
  /** The exact P&L density (USD, per USD) between its 0.1 % and 99.5 % quantiles, for the exact method; else null. */
  readonly densityCurve: { readonly pnlUsd: Float64Array; readonly density: Float64Array } | null;
}

/** Result of {@link runVar}: the report-JSON fields plus what the UI draws. */
export interface VarReport {
  readonly method: VarMethod;
  readonly confidence: number;
  readonly horizonDays: number;
  /** Positive = loss, USD. */
  readonly varUsd: number;
  /** Expected Shortfall at the same confidence, USD. */
  readonly esUsd: number;
  readonly observations: number;
  /** ES at 97.5 % (FRTB's level, shown beside the report's ES; METHODOLOGY.md §5), same method and horizon. */
  readonly es975Usd: number;
  readonly filtered: boolean;
  readonly deltaGamma: boolean;
  readonly distribution: McDistribution | null;
  readonly dof: number | null;
  readonly paths: number | null;
  readonly seed: number | null;
  readonly horizonRule: HorizonRule;
  /** Returns in the look-back window (the basis of scenarios or Σ). */
  readonly window: number;
  /** End dates of the first and last return of the window; null for a book with no underlying. */
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  readonly volModel: 'spot-only' | 'dvol';
  /** Scenarios where a DVOL change was applied (0 for spot-only). */
  readonly dvolDays: number;
  readonly dvolDaysByUnderlying: Readonly<Record<string, number>>;
  /** Tail scenarios k (scenario methods), else null. */
  readonly tailCount: number | null;
  /** Scenario P&Ls at the horizon (historical: chronological, × √h when scaled; MC: path order), else null. */
  readonly pnlUsd: Float64Array | null;
  /** Historical: end date of each scenario's return (aligned with pnlUsd). */
  readonly scenarioDates: readonly string[] | null;
  /** The scenario whose loss is the VaR (scenario methods). */
  readonly varScenario: { readonly index: number; readonly date: string | null } | null;
  readonly histogram: Histogram | null;
  readonly components: ComponentVar;
  readonly underlyings: readonly string[];
  /** Daily zero-mean covariance of the window's returns (row-major), parametric and Monte Carlo; else null. */
  readonly covariance: Float64Array | null;
  readonly parametric: ParametricDetail | null;
  readonly warnings: readonly string[];
  /** Parametric methods: how the quantile was found; null for the scenario methods. */
  readonly quantileMethod: QuantileMethod | null;
}

export type VarOutcome = { ok: true; report: VarReport } | { ok: false; error: string };

/** Parameters with defaults applied and validated. */
interface Resolved {
  readonly method: VarMethod;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly window: number;
  readonly overlapping: boolean;
  readonly filtered: boolean;
  readonly lambda: number;
  readonly volFromDvol: boolean;
  readonly deltaGamma: boolean;
  readonly paths: number;
  readonly seed: number;
  readonly distribution: McDistribution;
  readonly dof: number;
  readonly bins: number;
  readonly warnings: string[];
}

function resolveParams(p: VarParams): { ok: true; value: Resolved } | { ok: false; error: string } {
  const confidence = p.confidence ?? 0.99;
  const horizonDays = p.horizonDays ?? 1;
  const window = p.window ?? 365;
  const lambda = p.ewmaLambda ?? DEFAULT_EWMA_LAMBDA;
  const paths = p.paths ?? 10_000;
  const seed = p.seed ?? 1;
  const dof = p.dof ?? DEFAULT_DOF;
  const warnings: string[] = [];
  if (!['historical', 'parametric', 'montecarlo'].includes(p.method))
    return { ok: false, error: `unknown VaR method "${String(p.method)}" (historical, parametric or montecarlo)` };
  if (!(confidence > 0 && confidence < 1)) return { ok: false, error: `confidence must be between 0 and 1 exclusive (got ${confidence})` };
  if (!(Number.isInteger(horizonDays) && horizonDays >= 1))
    return { ok: false, error: `horizon must be a whole number of days ≥ 1 (got ${horizonDays})` };
  if (!(Number.isInteger(window) && window >= 2))
    return { ok: false, error: `window must be a whole number of returns ≥ 2 (got ${window})` };
  if (!(lambda > 0 && lambda < 1)) return { ok: false, error: `EWMA lambda must be between 0 and 1 exclusive (got ${lambda})` };
  if (!(Number.isInteger(paths) && paths >= 1)) return { ok: false, error: `paths must be a whole number ≥ 1 (got ${paths})` };
  if (!Number.isSafeInteger(seed)) return { ok: false, error: `seed must be a whole number with |seed| ≤ 2^53 − 1 (got ${seed})` };
  if (!(dof > 2 && Number.isFinite(dof)))
    return { ok: false, error: `Student-t degrees of freedom must be > 2 for a finite variance (got ${dof})` };
  const distribution = p.distribution ?? 'normal';
  if (distribution !== 'normal' && distribution !== 'student-t')
    return { ok: false, error: `distribution must be normal or student-t (got ${String(distribution)})` };
  const overlapping = (p.overlapping ?? false) && horizonDays > 1;
  const filtered = p.method === 'historical' && (p.filtered ?? false);
  if (filtered && overlapping)
    return { ok: false, error: 'filtered historical simulation uses daily returns: choose √h scaling, not overlapping returns' };
  if (p.filtered && p.method !== 'historical') warnings.push('filtered applies to historical simulation only; ignored');
  const volFromDvol = p.method === 'historical' && (p.volFromDvol ?? false);
  if (p.volFromDvol && p.method !== 'historical') warnings.push('volFromDvol applies to historical simulation only; ignored');
  const deltaGamma = p.method === 'parametric' && (p.deltaGamma ?? false);
  return {
    ok: true,
    value: {
      method: p.method,
      confidence,
      horizonDays,
      window,
      overlapping,
      filtered,
      lambda,
      volFromDvol,
      deltaGamma,
      paths,
      seed,
      distribution,
      dof,
      bins: p.histogramBins ?? 50,
      warnings,
    },
  };
}

/** A report for a book with no market risk (cash only): every figure 0. */
function riskFreeReport(r: Resolved, book: CompiledBook): VarReport {
  return {
    ...reportHead(r),
    varUsd: 0,
    esUsd: 0,
    observations: 0,
    es975Usd: 0,
    horizonRule: r.horizonDays > 1 ? 'sqrt-h' : 'one-day',
    windowStart: null,
    windowEnd: null,
    volModel: 'spot-only',
    dvolDays: 0,
    dvolDaysByUnderlying: {},
    tailCount: null,
    pnlUsd: null,
    scenarioDates: null,
    varScenario: null,
    histogram: null,
    components: { rule: 'scenario', byUnderlying: [], byPosition: null, positionResidualVarUsd: null, positionResidualEsUsd: null },
    underlyings: book.underlyings,
    covariance: null,
    parametric: null,
    warnings: [...r.warnings, 'the book has no position with market risk (cash only): VaR and ES are 0'],
    quantileMethod: null,
  };
}

function reportHead(r: Resolved) {
  return {
    method: r.method,
    confidence: r.confidence,
    horizonDays: r.horizonDays,
    filtered: r.filtered,
    deltaGamma: r.deltaGamma,
    distribution: r.method === 'montecarlo' ? r.distribution : null,
    dof: r.method === 'montecarlo' && r.distribution === 'student-t' ? r.dof : null,
    paths: r.method === 'montecarlo' ? r.paths : null,
    seed: r.method === 'montecarlo' ? r.seed : null,
    window: r.window,
  };
}

/**
 * VaR and ES of a compiled book.
 * @param book the compiled book (`compileBook(resolveBook(portfolio, model), model)`)
 * @param history daily closes (and optionally DVOL) per underlying
 * @param params method and options (defaults: 99 %, 1 day, 365 returns, 10,000 paths, seed 1)
 * @returns the report, or an error (missing history, bad parameters, history shorter than the window)
 */
export function runVar(book: CompiledBook, history: VarHistory, params: VarParams): VarOutcome {
  const rp = resolveParams(params);
  if (!rp.ok) return rp;
  const r = rp.value;
  // A NaN base value (a market without an index for an underlying) would make every P&L NaN and sort randomly.
  if (!Number.isFinite(book.baseValueUsd)) return { ok: false, error: 'the book has no finite base value (check the market data)' };
  if (book.underlyings.length === 0) return { ok: true, report: riskFreeReport(r, book) };
  // One return window for every method: daily returns, or overlapping h-day returns when asked.
  const returnDays = r.overlapping ? r.horizonDays : 1;
  const w = buildReturnWindow(book.underlyings, history, { window: r.window, returnDays });
  if (!w.ok) return w;
  const warnings = [...r.warnings];
  if (w.window.gapDays > 0) warnings.push(`${w.window.gapDays} date(s) in the window have no return because a day is missing in a history`);
  switch (r.method) {
    case 'historical':
      return historicalVar(book, history, w.window, r, warnings, params.positions);
    case 'parametric':
      return { ok: true, report: parametricVar(book, w.window, r, warnings, params.positions) };
    case 'montecarlo': {
      const setup = monteCarloSetup(book, w.window, r, warnings);
      const pnl = monteCarloPnl(book, setup.plan);
      return finishMonteCarlo(book, setup, pnl, params);
    }
  }
}

function historicalVar(
  book: CompiledBook,
  history: VarHistory,
  w: ReturnWindow,
  r: Resolved,
  warnings: string[],
  positions?: readonly ResolvedPosition[],
): VarOutcome {
  const sc = historicalScenarios(w, history, { filtered: r.filtered, lambda: r.lambda, volFromDvol: r.volFromDvol });
  if (!sc.ok) return sc;
  const scen = sc.value;
  if (r.volFromDvol && scen.dvolDays === 0) warnings.push('no DVOL history overlaps the window: spot-only scenarios');
  const nUl = book.underlyings.length;
  // Full revaluation of every scenario; the per-underlying split is free and feeds the components.
  const perUl = new Float64Array(scen.count * nUl);
  const pnl1 = historicalPnl(book, scen, perUl);
  const bad = pnl1.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0)
    return { ok: false, error: `the book's P&L is not a finite number in the scenario of ${w.dates[bad]} (check the market data)` };
  // PRODUCT.md: √h scaling of the 1-day figures (not of the scenarios), unless the returns already span h days.
  const scale = r.horizonDays > 1 && !r.overlapping ? Math.sqrt(r.horizonDays) : 1;
  const tm = tailMeasure(pnl1, r.confidence);
  const varUsd = tm.varUsd * scale;
  const esUsd = tm.esUsd * scale;
  const tail = tailScenarios(scen, tm.tail, perUl, nUl);
  const pnlUsd = scale === 1 ? pnl1 : pnl1.map((x) => x * scale);
  const varIndex = tm.tail[tm.k - 1]!;
  return {
    ok: true,
    report: {
      ...reportHead(r),
      varUsd,
      esUsd,
      observations: scen.count,
      es975Usd: tailMeasure(pnl1, 0.975).esUsd * scale,
      horizonRule: r.horizonDays === 1 ? 'one-day' : r.overlapping ? 'overlapping' : 'sqrt-h',
      windowStart: w.dates[0] ?? null,
      windowEnd: w.dates[w.dates.length - 1] ?? null,
      volModel: scen.volRatios ? 'dvol' : 'spot-only',
      dvolDays: scen.dvolDays,
      dvolDaysByUnderlying: scen.dvolDaysByUnderlying,
      tailCount: tm.k,
      pnlUsd,
      scenarioDates: w.dates,
      varScenario: { index: varIndex, date: w.dates[varIndex] ?? null },
      histogram: histogram(pnlUsd, r.bins),
      components: scenarioComponents(book.underlyings, tail, scale, varUsd, esUsd, positions),
      underlyings: book.underlyings,
      covariance: null,
      parametric: null,
      warnings,
      quantileMethod: null,
    },
  };
}

/** The tail scenarios (from the largest loss) with their growth, vol ratio and per-underlying P&L. */
function tailScenarios(scen: HistoricalScenarios, tail: Int32Array, perUl: Float64Array, nUl: number): TailScenario[] {
  return Array.from(tail, (t) => ({
    growth: scenarioGrowth(scen.returns, t, new Float64Array(nUl)),
    volRatio: scenarioVolRatio(scen.volRatios, t, new Float64Array(nUl)),
    perUlPnl: perUl.subarray(t * nUl, (t + 1) * nUl),
  }));
}

/** δ (deltaUsd) and γ (100·gammaUsd1pct) per underlying at the base market. */
function bookSensitivities(book: CompiledBook): { delta: Float64Array; gamma: Float64Array } {
  const g = greeksCompiled(book, baseScenario(book));
  return { delta: Float64Array.from(g, (x) => x.deltaUsd), gamma: Float64Array.from(g, (x) => 100 * x.gammaUsd1pct) };
}

function parametricVar(
  book: CompiledBook,
  w: ReturnWindow,
  r: Resolved,
  warnings: string[],
  positions?: readonly ResolvedPosition[],
): VarReport {
  const n = book.underlyings.length;
  const cov = zeroMeanCovariance(w.returns);
  const { delta, gamma } = bookSensitivities(book);
  const common = {
    ...reportHead(r),
    observations: w.dates.length,
    windowStart: w.dates[0] ?? null,
    windowEnd: w.dates[w.dates.length - 1] ?? null,
    volModel: 'spot-only' as const,
    dvolDays: 0,
    dvolDaysByUnderlying: {},
    tailCount: null,
    pnlUsd: null,
    scenarioDates: null,
    varScenario: null,
    histogram: null,
    underlyings: book.underlyings,
    covariance: cov,
  };
  if (!r.deltaGamma) {
    // Delta-normal, exactly PRODUCT.md; the gradients ∂VaR/∂δ = z(Σδ)/σ_P feed the Euler components.
    const scale = r.horizonDays > 1 && !r.overlapping ? Math.sqrt(r.horizonDays) : 1;
    const dn = deltaNormal(delta, cov, n, r.confidence);
    const varUsd = dn.varUsd * scale;
    const esUsd = dn.esUsd * scale;
    const esFactor = dn.sigmaUsd > 0 ? dn.esUsd / dn.sigmaUsd : 0;
    const components = analyticComponents(
      book.underlyings,
      delta,
      null,
      { delta: dn.marginal.map((m) => m * dn.z * scale), gamma: null },
      { delta: dn.marginal.map((m) => m * esFactor * scale), gamma: null },
      varUsd,
      esUsd,
      positions,
    );
    return {
      ...common,
      varUsd,
      esUsd,
      es975Usd: deltaNormal(delta, cov, n, 0.975).esUsd * scale,
      horizonRule: r.horizonDays === 1 ? 'one-day' : r.overlapping ? 'overlapping' : 'sqrt-h',
      components,
      parametric: {
        meanUsd: 0,
        sdUsd: dn.sigmaUsd * scale,
        skew: 0,
        excessKurtosis: 0,
        monotone: true,
        quantileMethod: 'normal',
        quantileMethodReason: null,
        densityCurve: null,
      },
      warnings,
      quantileMethod: 'normal',
    };
  }
  // Delta-gamma is not linear in r: scale the covariance to the horizon, not the figures.
  const h = r.horizonDays > 1 && !r.overlapping ? r.horizonDays : 1;
  const covH = h === 1 ? cov : cov.map((x) => x * h);
  // One method for the report's confidence and FRTB's 97.5 %: Cornish-Fisher where valid at both, else exact.
  const choice = deltaGammaVar(delta, gamma, covH, n, [r.confidence, 0.975]);
  const dg = choice.results[0]!;
  const components = analyticComponents(
    book.underlyings,
    delta,
    gamma,
    { delta: dg.varGradDelta, gamma: dg.varGradGamma },
    { delta: dg.esGradDelta, gamma: dg.esGradGamma },
    dg.varUsd,
    dg.esUsd,
    positions,
  );
  return {
    ...common,
    varUsd: dg.varUsd,
    esUsd: dg.esUsd,
    es975Usd: choice.results[1]!.esUsd,
    horizonRule: r.horizonDays === 1 ? 'one-day' : r.overlapping ? 'overlapping' : 'covariance',
    components,
    parametric: {
      meanUsd: dg.meanUsd,
      sdUsd: dg.sdUsd,
      skew: dg.skew,
      excessKurtosis: dg.excessKurtosis,
      monotone: dg.monotone,
      quantileMethod: choice.method,
      quantileMethodReason: choice.reason,
      densityCurve: choice.distribution ? densityCurve(choice.distribution) : null,
    },
    warnings,
    quantileMethod: choice.method,
  };
}

/**
 * The exact density of the delta-gamma P&L for the chart, from its 0.1 % to its 99.5 % quantile: 61 points evenly
 * spaced in P&L and 59 at evenly spaced probabilities in between (so a narrow peak, e.g. at the floor of a long-gamma
 * book's P&L, is drawn as well as the long tail), sorted.
 */
function densityCurve(dist: QuadraticFormDistribution): { pnlUsd: Float64Array; density: Float64Array } | null {
  if (dist.degenerate) return null;
  const pLo = 0.001;
  const pHi = 0.995;
  const lo = dist.quantile(pLo);
  const hi = dist.quantile(pHi);
  const xs: number[] = [];
  for (let j = 0; j <= 60; j++) xs.push(lo + ((hi - lo) * j) / 60);
  for (let j = 1; j < 60; j++) xs.push(dist.quantile(pLo + ((pHi - pLo) * j) / 60));
  xs.sort((a, b) => a - b);
  const pnlUsd = Float64Array.from(xs);
  const density = pnlUsd.map((x) => dist.density(x));
  return { pnlUsd, density };
}

// ---------------------------------------------------------------------------------------------------------------
// Monte Carlo, split for a worker pool.

/** What `prepareMonteCarlo` hands to the workers (the plan) and keeps for `finishMonteCarlo`. Plain data. */
export interface MonteCarloSetup {
  readonly plan: MonteCarloPlan;
  readonly confidence: number;
  readonly window: number;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  readonly overlapping: boolean;
  /** Daily zero-mean covariance of the window (before the horizon scaling). */
  readonly covariance: Float64Array;
  readonly warnings: readonly string[];
}

function monteCarloSetup(book: CompiledBook, w: ReturnWindow, r: Resolved, warnings: string[]): MonteCarloSetup {
  const cov = zeroMeanCovariance(w.returns);
  const h = r.overlapping ? 1 : r.horizonDays;
  const plan = makeMonteCarloPlan(book.underlyings, h === 1 ? cov : cov.map((x) => x * h), {
    paths: r.paths,
    seed: r.seed,
    distribution: r.distribution,
    dof: r.dof,
    horizonDays: r.horizonDays,
  });
  const ws = [...warnings];
  if (plan.repaired) ws.push('the covariance matrix was not positive semi-definite and was repaired (eigenvalues clipped)');
  return {
    plan,
    confidence: r.confidence,
    window: w.dates.length,
    windowStart: w.dates[0] ?? null,
    windowEnd: w.dates[w.dates.length - 1] ?? null,
    overlapping: r.overlapping,
    covariance: cov,
    warnings: ws,
  };
}

/**
 * First step of a pooled Monte Carlo: the plan every worker needs (with the compiled book) for
 * `runMonteCarloChunk(book, setup.plan, start, count)`.
 * @param params as {@link runVar} with method `montecarlo` (the method field is ignored)
 */
export function prepareMonteCarlo(
  book: CompiledBook,
  history: VarHistory,
  params: Omit<VarParams, 'method'>,
): { ok: true; setup: MonteCarloSetup } | { ok: false; error: string } {
  const rp = resolveParams({ ...params, method: 'montecarlo' });
  if (!rp.ok) return rp;
  if (book.underlyings.length === 0)
    return { ok: false, error: 'the book has no position with market risk (cash only): nothing to simulate' };
  const returnDays = rp.value.overlapping ? rp.value.horizonDays : 1;
  const w = buildReturnWindow(book.underlyings, history, { window: rp.value.window, returnDays });
  if (!w.ok) return w;
  const warnings = [...rp.value.warnings];
  if (w.window.gapDays > 0) warnings.push(`${w.window.gapDays} date(s) in the window have no return because a day is missing in a history`);
  return { ok: true, setup: monteCarloSetup(book, w.window, rp.value, warnings) };
}

/** Spot growth and per-underlying P&L of one Monte Carlo path (monteCarlo.ts `pathDetail`). */
export type PathDetail = ReturnType<typeof pathDetail>;

/** Options of {@link finishMonteCarlo}. */
export interface FinishMonteCarloOptions {
  /**
   * Progress of the finishing step: fraction 0 … 1 and what it is doing (tail selection, histogram, tail paths,
   * position components), at most about a hundred calls.
   */
  readonly onProgress?: (fraction: number, label: string) => void;
  /** Tail paths already regenerated (the GPU finisher's refinement), by path index; others are regenerated here. */
  readonly detail?: (path: number) => PathDetail | undefined;
}

/** Calls `report(done, total)` about every 1 % of `total` and at the end. */
function stepper(total: number, report: ((done: number, total: number) => void) | undefined): (done: number) => void {
  if (!report) return () => undefined;
  const every = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (done % every === 0 || done === total) report(done, total);
  };
}

/**
 * Last step of a pooled Monte Carlo: VaR, ES, histogram and components from the P&L of all paths (the chunks
 * concatenated in path order).
 * @param params the same parameters as `prepareMonteCarlo` (for positions and histogram bins)
 */
export function finishMonteCarlo(
  book: CompiledBook,
  setup: MonteCarloSetup,
  pnl: Float64Array,
  params: Omit<VarParams, 'method'> = {},
  options: FinishMonteCarloOptions = {},
): VarOutcome {
  const { plan } = setup;
  const progress = options.onProgress;
  if (pnl.length !== plan.paths) return { ok: false, error: `expected ${plan.paths} path P&Ls, got ${pnl.length}` };
  const bad = pnl.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) return { ok: false, error: `the book's P&L is not a finite number on Monte Carlo path ${bad} (check the market data)` };
  const count = (x: number) => x.toLocaleString('en-US');
  progress?.(0, `selecting the tail of ${count(plan.paths)} paths`);
  const tm = tailMeasure(pnl, setup.confidence);
  const es975Usd = tailMeasure(pnl, 0.975).esUsd;
  progress?.(0.1, 'histogram');
  // A robust range: one extreme path (a fat-tailed draw) would otherwise squeeze the body into a few bins.
  const hist = robustHistogram(pnl, params.histogramBins ?? 50, { include: [-tm.varUsd, -tm.esUsd] });
  // Tail paths are regenerated from (seed, path) rather than stored by the workers: k ≪ paths.
  const withPositions = params.positions !== undefined;
  const pathsShare = withPositions ? 0.4 : 0.85;
  const pathStep = stepper(tm.k, progress && ((d, t) => progress(0.15 + (pathsShare * d) / t, `tail paths ${count(d)} / ${count(t)}`)));
  const tail: TailScenario[] = Array.from(tm.tail, (p, j) => {
    const d = options.detail?.(p) ?? pathDetail(book, plan, p);
    pathStep(j + 1);
    return { growth: d.growth, volRatio: null, perUlPnl: d.perUlPnl };
  });
  const componentStep = withPositions
    ? stepper(tm.k, progress && ((d, t) => progress(0.55 + (0.45 * d) / t, `position components ${count(d)} / ${count(t)}`)))
    : undefined;
  const varIndex = tm.tail[tm.k - 1]!;
  return {
    ok: true,
    report: {
      method: 'montecarlo',
      confidence: setup.confidence,
      horizonDays: plan.horizonDays,
      varUsd: tm.varUsd,
      esUsd: tm.esUsd,
      observations: plan.paths,
      es975Usd,
      filtered: false,
      deltaGamma: false,
      distribution: plan.distribution,
      dof: plan.dof,
      paths: plan.paths,
      seed: plan.seed,
      horizonRule: plan.horizonDays === 1 ? 'one-day' : setup.overlapping ? 'overlapping' : 'covariance',
      window: setup.window,
      windowStart: setup.windowStart,
      windowEnd: setup.windowEnd,
      volModel: 'spot-only',
      dvolDays: 0,
      dvolDaysByUnderlying: {},
      tailCount: tm.k,
      pnlUsd: pnl,
      scenarioDates: null,
      varScenario: { index: varIndex, date: null },
      histogram: hist,
      components: scenarioComponents(book.underlyings, tail, 1, tm.varUsd, tm.esUsd, params.positions, componentStep),
      underlyings: book.underlyings,
      covariance: setup.covariance,
      parametric: null,
      warnings: setup.warnings,
      quantileMethod: null,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Incremental VaR.

/** VaR and ES with and without a set of what-if trades, and the differences. */
export interface IncrementalVar {
  readonly varWithUsd: number;
  readonly varWithoutUsd: number;
  readonly esWithUsd: number;
  readonly esWithoutUsd: number;
  /** VaR(with) − VaR(without): positive when the trades add risk. */
  readonly incrementalVarUsd: number;
  readonly incrementalEsUsd: number;
}

/**
 * Incremental VaR of what-if trades: the same method, window and (for Monte Carlo) seed on both books, so the
 * difference is not noise from different scenarios.
 * @param withTrades the book including the what-if trades
 * @param withoutTrades the book without them
 */
export function incrementalVar(
  withTrades: CompiledBook,
  withoutTrades: CompiledBook,
  history: VarHistory,
  params: VarParams,
): { ok: true; value: IncrementalVar } | { ok: false; error: string } {
  // Components are not needed for the difference; the same params (and seed) on both books.
  const bare = { ...params, positions: undefined };
  const a = runVar(withTrades, history, bare);
  if (!a.ok) return a;
  const b = runVar(withoutTrades, history, bare);
  if (!b.ok) return b;
  return {
    ok: true,
    value: {
      varWithUsd: a.report.varUsd,
      varWithoutUsd: b.report.varUsd,
      esWithUsd: a.report.esUsd,
      esWithoutUsd: b.report.esUsd,
      incrementalVarUsd: a.report.varUsd - b.report.varUsd,
      incrementalEsUsd: a.report.esUsd - b.report.esUsd,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Backtest.

/** Parameters of {@link runBacktest}. */
export interface BacktestParams {
  /** Rolling VaR method: historical (optionally filtered / DVOL) or parametric (delta-normal / delta-gamma). */
  readonly method: 'historical' | 'parametric';
  /** Default 0.99. */
  readonly confidence?: number;
  /** Returns behind each day's VaR, default 365. */
  readonly window?: number;
  /** Test days (observations), default 250, the last of the history. */
  readonly days?: number;
  readonly filtered?: boolean;
  readonly ewmaLambda?: number;
  readonly volFromDvol?: boolean;
  readonly deltaGamma?: boolean;
}

/** Result of {@link runBacktest}. */
export interface BacktestReport extends BacktestStatistics {
  readonly method: 'historical' | 'parametric';
  readonly filtered: boolean;
  readonly deltaGamma: boolean;
  readonly confidence: number;
  readonly window: number;
  readonly volModel: 'spot-only' | 'dvol';
  /** One entry per test day, chronological. */
  readonly days: readonly BacktestDay[];
  /** The exception days. */
  readonly exceptionDays: readonly BacktestDay[];
  readonly warnings: readonly string[];
}

export type BacktestOutcome = { ok: true; report: BacktestReport } | { ok: false; error: string };

/** Test days of a backtest, a contiguous part of them (see {@link runBacktestDays}). */
export interface BacktestDaysResult {
  /** Test days [from, to) of the full sequence of `days`, chronological. */
  readonly days: readonly BacktestDay[];
  readonly volModel: 'spot-only' | 'dvol';
  readonly warnings: readonly string[];
}

/**
 * Test days `from` … `to − 1` (0-based among the `params.days` test days) of a backtest: what a worker pool splits
 * when the rolling VaR is expensive (filtered HS revalues a whole window per day). Concatenate the parts in order
 * and pass them to {@link summarizeBacktest}; `runBacktest` does both in one call.
 */
export function runBacktestDays(
  book: CompiledBook,
  history: VarHistory,
  params: BacktestParams,
  from = 0,
  to = params.days ?? 250,
): { ok: true; value: BacktestDaysResult } | { ok: false; error: string } {
  if (params.method !== 'historical' && params.method !== 'parametric') {
    return { ok: false, error: `backtest method must be historical or parametric (got ${String(params.method)})` };
  }
  const rp = resolveParams({ ...params, method: params.method, horizonDays: 1 });
  if (!rp.ok) return rp;
  const r = rp.value;
  const days = params.days ?? 250;
  if (!(Number.isInteger(days) && days >= 1)) return { ok: false, error: `backtest days must be a whole number ≥ 1 (got ${days})` };
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= days)) {
    return { ok: false, error: `backtest day range [${from}, ${to}) must lie within [0, ${days}]` };
  }
  const warnings = [...r.warnings];
  if (days < 250) warnings.push(`${days} observations: the Basel traffic light is calibrated for at least 250`);
  if (book.underlyings.length === 0)
    return { ok: false, error: 'the book has no position with market risk (cash only): nothing to backtest' };
  const W = r.window;
  const full = buildReturnWindow(book.underlyings, history, { window: W + days, returnDays: 1 });
  if (!full.ok) return { ok: false, error: `${full.error} (backtest: ${W} window + ${days} test days)` };
  // Only the returns this part needs: windows of days from … to − 1 and their outcomes.
  const w = sliceWindow(full.window, from, W + to);
  // Outcomes (and the plain-HS scenario P&Ls): today's book under every day's moves.
  const allSc = historicalScenarios(w, history, { filtered: false, lambda: r.lambda, volFromDvol: r.volFromDvol });
  if (!allSc.ok) return allSc;
  const all = allSc.value;
  if (r.volFromDvol && all.dvolDays === 0) warnings.push('no DVOL history overlaps the backtest: spot-only scenarios');
  const pnlAll = historicalPnl(book, all);
  const n = book.underlyings.length;
  const sens = r.method === 'parametric' ? bookSensitivities(book) : null;
  const out: BacktestDay[] = [];
  let exactDays = 0;
  for (let i = 0; i < to - from; i++) {
    const t = W + i;
    let varUsd: number;
    let esUsd: number;
    if (r.method === 'historical' && !r.filtered) {
      // Plain HS: the window's scenario P&Ls are a slice of the precomputed ones.
      const tm = tailMeasure(pnlAll.subarray(i, t), r.confidence);
      varUsd = tm.varUsd;
      esUsd = tm.esUsd;
    } else if (r.method === 'historical') {
      // Filtered HS: the EWMA seed and σ_today depend on the window, so re-filter and revalue it.
      const sub = sliceWindow(w, i, t);
      const scen: HistoricalScenarios = {
        count: W,
        returns: sub.returns.map((x) => filterReturns(x, r.lambda).returns),
        volRatios: all.volRatios ? all.volRatios.map((x) => x.slice(i, t)) : null,
        dvolDays: 0,
        dvolDaysByUnderlying: {},
        sigmaToday: null,
      };
      const tm = tailMeasure(historicalPnl(book, scen), r.confidence);
      varUsd = tm.varUsd;
      esUsd = tm.esUsd;
    } else {
      // Parametric: today's δ (and γ) against the window's covariance.
      const cov = zeroMeanCovariance(w.returns.map((x) => x.subarray(i, t)));
      if (r.deltaGamma) {
        // Cornish-Fisher where valid, else the exact quantile (no allocation needed).
        const dg = deltaGammaVar(sens!.delta, sens!.gamma, cov, n, [r.confidence], 'auto', false);
        if (dg.method === 'fourier-inversion') exactDays++;
        varUsd = dg.results[0]!.varUsd;
        esUsd = dg.results[0]!.esUsd;
      } else {
        const dn = deltaNormal(sens!.delta, cov, n, r.confidence);
        varUsd = dn.varUsd;
        esUsd = dn.esUsd;
      }
    }
    // Outcome: today's book under day t's moves; an exception is a loss strictly above VaR.
    const pnlUsd = pnlAll[t]!;
    out.push({ date: w.dates[t]!, varUsd, esUsd, pnlUsd, exception: -pnlUsd > varUsd });
  }
  if (exactDays > 0)
    warnings.push(
      `delta-gamma: on ${exactDays} of ${to - from} days the Cornish-Fisher expansion was not valid and the exact distribution of the quadratic P&L gave the quantile`,
    );
  return { ok: true, value: { days: out, volModel: all.volRatios ? 'dvol' : 'spot-only', warnings } };
}

/**
 * The backtest report (exceptions, traffic light, Kupiec, Christoffersen) of all test days, e.g. the concatenated
 * parts of {@link runBacktestDays}.
 */
export function summarizeBacktest(
  params: BacktestParams,
  days: readonly BacktestDay[],
  volModel: 'spot-only' | 'dvol',
  warnings: readonly string[] = [],
): BacktestReport {
  const confidence = params.confidence ?? 0.99;
  return {
    ...backtestStatistics(days, confidence),
    method: params.method,
    filtered: params.method === 'historical' && (params.filtered ?? false),
    deltaGamma: params.method === 'parametric' && (params.deltaGamma ?? false),
    confidence,
    window: params.window ?? 365,
    volModel,
    days,
    exceptionDays: days.filter((d) => d.exception),
    warnings,
  };
}

/**
 * Rolling 1-day VaR of today's book over history against its hypothetical daily P&L (backtest.ts header).
 * Cost: one revaluation per history day for historical and parametric; filtered HS re-filters and revalues every
 * window (window × days revaluations: split it across workers with {@link runBacktestDays}).
 */
export function runBacktest(book: CompiledBook, history: VarHistory, params: BacktestParams): BacktestOutcome {
  const part = runBacktestDays(book, history, params);
  if (!part.ok) return part;
  return { ok: true, report: summarizeBacktest(params, part.value.days, part.value.volModel, part.value.warnings) };
}

// ---------------------------------------------------------------------------------------------------------------
// Report JSON.

/**
 * The report-JSON `var` object (PRODUCT.md): method, confidence, horizonDays, varUsd, esUsd, observations, then the
 * method's options, the window, the vol model and the components per underlying (and per position when computed).
 * No per-scenario arrays (the UI reads those from the VarReport).
 */
export function varReportJson(r: VarReport): Record<string, unknown> {
  const out: Record<string, unknown> = {
    method: r.method,
    confidence: r.confidence,
    horizonDays: r.horizonDays,
    varUsd: r.varUsd,
    esUsd: r.esUsd,
    observations: r.observations,
    es975Usd: r.es975Usd,
  };
  if (r.method === 'historical') {
    out.filtered = r.filtered;
    out.volModel = r.volModel;
    out.dvolDays = r.dvolDays;
  }
  if (r.method === 'parametric') out.deltaGamma = r.deltaGamma;
  if (r.method === 'montecarlo') {
    out.distribution = r.distribution;
    if (r.dof !== null) out.dof = r.dof;
    out.paths = r.paths;
    out.seed = r.seed;
  }
  out.horizonRule = r.horizonRule;
  out.window = r.window;
  out.windowStart = r.windowStart;
  out.windowEnd = r.windowEnd;
  if (r.varScenario?.date) out.varScenarioDate = r.varScenario.date;
  out.componentsByUnderlying = Object.fromEntries(
    r.components.byUnderlying.map((c) => [c.underlying, { varUsd: c.varUsd, esUsd: c.esUsd }]),
  );
  if (r.components.byPosition) {
    out.componentsByPosition = r.components.byPosition.map((c) => ({
      positionId: c.positionId,
      instrument: c.instrument,
      varUsd: c.varUsd,
      esUsd: c.esUsd,
    }));
  }
  if (r.warnings.length > 0) out.warnings = [...r.warnings];
  // Appended (the field order above is the contract): how a parametric quantile was found.
  if (r.quantileMethod !== null) {
    out.quantileMethod = r.quantileMethod;
    if (r.parametric?.quantileMethodReason) out.quantileMethodReason = r.parametric.quantileMethodReason;
  }
  return out;
}

/** The report-JSON `backtest` object: settings, exceptions, traffic light, test statistics and the daily series. */
export function backtestReportJson(r: BacktestReport): Record<string, unknown> {
  const test = (x: { statistic: number; pValue: number; reject5pct: boolean }) => ({
    statistic: x.statistic,
    pValue: x.pValue,
    reject5pct: x.reject5pct,
  });
  return {
    method: r.method,
    filtered: r.filtered,
    deltaGamma: r.deltaGamma,
    confidence: r.confidence,
    window: r.window,
    volModel: r.volModel,
    observations: r.observations,
    exceptions: r.exceptions,
    expectedExceptions: r.expectedExceptions,
    trafficLight: r.trafficLight,
    kupiec: test(r.kupiec),
    christoffersen: {
      counts: r.christoffersen.counts,
      independence: test(r.christoffersen.independence),
      conditionalCoverage: test(r.christoffersen.conditionalCoverage),
    },
    exceptionDays: r.exceptionDays.map((d) => ({ date: d.date, pnlUsd: d.pnlUsd, varUsd: d.varUsd })),
    days: r.days.map((d) => ({ date: d.date, varUsd: d.varUsd, esUsd: d.esUsd, pnlUsd: d.pnlUsd, exception: d.exception })),
    ...(r.warnings.length > 0 ? { warnings: [...r.warnings] } : {}),
  };
}
