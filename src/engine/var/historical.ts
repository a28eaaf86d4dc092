/**
 * Historical simulation: each day of the window becomes a scenario of today's book, fully revalued.
 *
 * Model (PRODUCT.md "Historical VaR convention"): scenario t moves every underlying u by its return r_u,t (spot
 * growth g = 1 + r: index, perpetual and forwards × g), vols and valuation time unchanged, and the book is revalued
 * in full (`valueCompiled`, the same netted rows as every other view); P&L_t = value_t − base value.
 * - Filtered HS (filtered.ts): r replaced by the EWMA-rescaled r̃.
 * - DVOL option: where the underlying has a DVOL history on both dates of scenario t, every option of that
 *   underlying also gets its own vol scaled by ρ = DVOL_end / DVOL_start (vol shift σ0(ρ − 1)), through the
 *   kernel of revalue.ts (a per-underlying proportional vol change is not a `CompiledScenario`); elsewhere spot-only.
 * - A growth below 1e-6 (only a filtered return below −100 % can do that) is floored: a price cannot go negative.
 * The quantile/ES rule and the √h horizon rule are applied by the caller (index.ts) on these P&Ls.
 *
 * Verified by: var.test.ts (independent recomputation straight from the CSV closes with hand-written valuations,
 * spot-only, filtered and with the DVOL files; √h and overlapping horizons).
 */
import { baseScenario, valueCompiled, type CompiledBook, type CompiledScenario } from '../risk/compiledBook.ts';
import { filterReturns } from './filtered.ts';
import { dvolRatios, type ReturnWindow, type VarHistory } from './returns.ts';
import { GROWTH_FLOOR, kernelPnl, revalKernel } from './revalue.ts';

/** The scenarios of a window: returns per underlying (possibly filtered) and optional vol ratios. */
export interface HistoricalScenarios {
  readonly count: number;
  /** returns[u][t]. */
  readonly returns: readonly Float64Array[];
  /** volRatios[u][t] (1 = unchanged), or null for spot-only. */
  readonly volRatios: readonly Float64Array[] | null;
  /** Scenarios with a DVOL change on at least one underlying (0 for spot-only). */
  readonly dvolDays: number;
  readonly dvolDaysByUnderlying: Readonly<Record<string, number>>;
  /** Filtered HS: σ_today per underlying (daily); null otherwise. */
  readonly sigmaToday: Float64Array | null;
}

/** Options of {@link historicalScenarios}. */
export interface HistoricalScenarioOptions {
  readonly filtered: boolean;
  readonly lambda: number;
  readonly volFromDvol: boolean;
}

/**
 * Build the scenarios of a return window (module header).
 * @returns the scenarios, or an error for a malformed DVOL history
 */
export function historicalScenarios(
  w: ReturnWindow,
  history: VarHistory,
  options: HistoricalScenarioOptions,
): { ok: true; value: HistoricalScenarios } | { ok: false; error: string } {
  let returns = w.returns;
  let sigmaToday: Float64Array | null = null;
  if (options.filtered) {
    const f = w.returns.map((r) => filterReturns(r, options.lambda));
    returns = f.map((x) => x.returns);
    sigmaToday = Float64Array.from(f, (x) => x.sigmaToday);
  }
  let volRatios: readonly Float64Array[] | null = null;
  let dvolDays = 0;
  let dvolDaysByUnderlying: Readonly<Record<string, number>> = {};
  if (options.volFromDvol) {
    const d = dvolRatios(w, history);
    if (!d.ok) return d;
    dvolDays = d.value.daysWithDvol;
    dvolDaysByUnderlying = d.value.daysByUnderlying;
    if (dvolDays > 0) volRatios = d.value.ratios;
  }
  return { ok: true, value: { count: w.dates.length, returns, volRatios, dvolDays, dvolDaysByUnderlying, sigmaToday } };
}

/** Spot growth 1 + r of scenario t per underlying, floored at 1e-6, into `out`. */
export function scenarioGrowth(returns: readonly Float64Array[], t: number, out: Float64Array): Float64Array {
  for (let u = 0; u < returns.length; u++) {
    const g = 1 + returns[u]![t]!;
    out[u] = g > GROWTH_FLOOR ? g : GROWTH_FLOOR;
  }
  return out;
}

/** Vol ratio of scenario t per underlying into `out`, or null for spot-only. */
export function scenarioVolRatio(volRatios: readonly Float64Array[] | null, t: number, out: Float64Array): Float64Array | null {
  if (!volRatios) return null;
  for (let u = 0; u < volRatios.length; u++) out[u] = volRatios[u]![t]!;
  return out;
}

/**
 * P&L of every scenario (USD, gain positive), full revaluation.
 * @param perUlOut optional output, length count × nUl: P&L per underlying, row t = scenario t
 */
export function historicalPnl(book: CompiledBook, scen: HistoricalScenarios, perUlOut?: Float64Array): Float64Array {
  const nUl = book.underlyings.length;
  const n = scen.count;
  const pnl = new Float64Array(n);
  const growth = new Float64Array(nUl);
  const ratio = new Float64Array(nUl);
  const perUl = new Float64Array(nUl);
  if (scen.volRatios === null) {
    const basePerUl = new Float64Array(nUl);
    valueCompiled(book, baseScenario(book), basePerUl);
    const s: CompiledScenario = { growth, volShift: 0, days: 0, volTermPower: null };
    for (let t = 0; t < n; t++) {
      scenarioGrowth(scen.returns, t, growth);
      pnl[t] = valueCompiled(book, s, perUlOut ? perUl : undefined) - book.baseValueUsd;
      if (perUlOut) for (let u = 0; u < nUl; u++) perUlOut[t * nUl + u] = perUl[u]! - basePerUl[u]!;
    }
    return pnl;
  }
  const k = revalKernel(book);
  const scratch = new Float64Array(nUl);
  for (let t = 0; t < n; t++) {
    scenarioGrowth(scen.returns, t, growth);
    scenarioVolRatio(scen.volRatios, t, ratio);
    pnl[t] = kernelPnl(k, growth, ratio, perUlOut ? perUl : null, scratch);
    if (perUlOut) perUlOut.set(perUl, t * nUl);
  }
  return pnl;
}
