/**
 * Worker API of issue 6: stress, margin, cross-margin, counterparty, operational, obligations, limits. Plain functions of structured-clone data; each takes `BookInputs` and
 * reuses the cached market model and resolved/compiled book (bookCache.ts). Merged into riskApi.
 *
 * Every method works on the base market: the what-if spot/vol/days shocks are not applied (margin, exposure and
 * limits are "now" figures, and a stress scenario is its own shock), while what-if trades are included as positions
 * like every other view. The `scenario` argument is accepted for the common signature and ignored.
 *
 * Data files come from the page's own origin (`dataUrl` = the page's `./data/`, resolved by the page since the
 * worker's own URL is under assets/), fetched once per worker and cached: the PME parameters
 * (`margin-params.json`) and the daily closes (`history/<coin>-usd-daily.csv`) behind PFE, outage vols and VaR.
 */
import {
  buildReturnWindow,
  checkLimits,
  computeCounterparty,
  computePortfolioMargin,
  computeReportResolved,
  computeSpanMargin,
  computeStandardMargin,
  computeVenueAccounts,
  DEFAULT_PME_PARAMS,
  DEFAULT_SPAN_PARAMS,
  DEFAULT_STANDARD_MARGIN_PARAMS,
  validateSpanParams,
  exchangeOutage,
  fundingCarry,
  liquidationDistances,
  operationalAddOn,
  parsePmeParams,
  realizedDailyVol,
  runStress,
  runVar,
  settlementSchedule,
  STRESS_PRESETS,
  validateStressScenario,
  venuesOf,
  type CarryResult,
  type CounterpartyResult,
  type ExpiryObligation,
  type LimitCheckResult,
  type LimitFigures,
  type Limits,
  type LiquidationResult,
  type OperationalAddOnResult,
  type OutageResult,
  type PmeCurrencyResult,
  type PmePairResult,
  type PmeParams,
  type SpanParams,
  type SpanResult,
  type StandardMarginParams,
  type StandardMarginResult,
  type StressResult,
  type StressScenario,
  type VenueAccount,
} from '../../engine/index.ts';
import type { Scenario } from '../../domain/scenario.ts';
import { loadBundledHistory, setHistoryTextFetcher, type HistoryLoad } from '../historyLoader.ts';
import { bookContext, type BookInputs } from '../bookCache.ts';

// ---------------------------------------------------------------------------------------------------------------
// Data files.

/** Daily returns behind the PFE (two years: enough overlapping 30-day moves to read a 99 % tail). */
export const PFE_WINDOW_RETURNS = 730;
/** Returns behind the realised σ of the outage scenario. */
export const OUTAGE_VOL_LOOKBACK = 90;
/** Daily σ assumed for an underlying without history (the engine's default). */
export const DEFAULT_DAILY_VOL = 0.04;

type TextFetcher = (url: string) => Promise<string>;

const fetchText: TextFetcher = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return await res.text();
};

let fetcher: TextFetcher = fetchText;
const textCache = new Map<string, Promise<string>>();

/**
 * Where data files (and the histories) are read from: `fetch` in the browser; Node callers, which have no fetch for
 * file paths, pass a file reader. null restores `fetch`. Clears the caches.
 */
export function setAnalysisTextFetcher(f: TextFetcher | null): void {
  fetcher = f ?? fetchText;
  textCache.clear();
  setHistoryTextFetcher(f);
}

/** A data file's text, fetched once; a failure is not cached, so the next call retries. */
function dataText(url: string): Promise<string> {
  let p = textCache.get(url);
  if (!p) {
    p = fetcher(url);
    textCache.set(url, p);
    p.catch(() => textCache.delete(url));
  }
  return p;
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

/** The bundled daily closes (shared loader); a history that cannot be built is a warning here, not an error. */
async function loadHistory(dataUrl: string): Promise<HistoryLoad> {
  try {
    return await loadBundledHistory(`${withSlash(dataUrl)}history/`);
  } catch (e) {
    return { history: { prices: {} }, warnings: [e instanceof Error ? e.message : String(e)] };
  }
}

export type PmeParamsSource = 'edited' | 'file' | 'built-in';

export interface PmeParamsInUse {
  readonly params: PmeParams;
  readonly source: PmeParamsSource;
  /** Why an edited set (or the file) was not used; empty when the preferred set is in use. */
  readonly errors: readonly string[];
}

/** The edited parameters when they validate, else margin-params.json, else the built-in copy of it. */
export async function pmeParamsInUse(dataUrl: string, override: unknown): Promise<PmeParamsInUse> {
  const errors: string[] = [];
  if (override !== null && override !== undefined) {
    const parsed = parsePmeParams(override);
    if (parsed.ok) return { params: parsed.value, source: 'edited', errors };
    errors.push(...parsed.errors.map((e) => `edited parameters: ${e}`));
  }
  try {
    const parsed = parsePmeParams(JSON.parse(await dataText(`${withSlash(dataUrl)}margin-params.json`)));
    if (parsed.ok) return { params: parsed.value, source: 'file', errors };
    errors.push(...parsed.errors.map((e) => `margin-params.json: ${e}`));
  } catch (e) {
    errors.push(`margin-params.json could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  return { params: DEFAULT_PME_PARAMS, source: 'built-in', errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Parameter and result shapes.

/** Every method needs the data folder and, for margin figures, the edited PME parameters (null = the file). */
export interface AnalysisDataParams {
  /** Absolute URL of the page's `./data/` folder. */
  readonly dataUrl: string;
  readonly pmeOverride: unknown;
}

/** The Margin tab's request: the data folder and PME parameters, plus the comparison models' parameters. */
export interface MarginParams extends AnalysisDataParams {
  /** SPAN-style parameters (engine decimals); absent = defaults. */
  readonly span?: SpanParams;
  /** Standard-margin parameters with the user's edits; absent = the published (and assumed) defaults. */
  readonly standard?: StandardMarginParams;
}

export interface StressParams {
  readonly custom: readonly StressScenario[];
}

export interface StressRun {
  /** Presets first, then the valid custom scenarios, in the given order. */
  readonly results: readonly StressResult[];
  readonly presetIds: readonly string[];
  /** Custom scenarios that could not be run, with the engine's reasons. */
  readonly invalid: Readonly<Record<string, readonly string[]>>;
  readonly venues: readonly string[];
}

/** A PME pair without the per-position risk vectors (not shown; they would only weigh on the transfer). */
export type PmePairView = Omit<PmePairResult, 'positions'>;
export type PmeCurrencyView = Omit<PmeCurrencyResult, 'pairs'> & { readonly pairs: readonly PmePairView[] };
export type VenueAccountView = Omit<VenueAccount, 'margin'>;

export interface MarginView {
  readonly valuationTime: string;
  /** The whole book per settlement currency: the figures of the report's `margin{}`. */
  readonly currencies: Readonly<Record<string, PmeCurrencyView>>;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
  readonly standard: StandardMarginResult;
  readonly span: SpanResult;
  /** Why edited SPAN parameters were not used (the defaults then are); empty when they were. */
  readonly spanErrors: readonly string[];
  /** One cross-margined account per venue. */
  readonly accounts: readonly VenueAccountView[];
  readonly params: PmeParamsInUse;
  readonly warnings: readonly string[];
}

export interface VenueLiquidation {
  readonly venue: string;
  readonly all: LiquidationResult;
  readonly byUnderlying: Readonly<Record<string, LiquidationResult>>;
}

export interface LiquidationView {
  /** Venues holding derivatives (spot and cash alone carry no margin and cannot be liquidated). */
  readonly venues: readonly VenueLiquidation[];
  readonly computeMs: number;
}

export interface OutageInputsParam {
  readonly hours: number;
  readonly k: number;
  readonly venue: string | null;
}

export interface ExposureParams extends AnalysisDataParams {
  readonly pdPct: Readonly<Record<string, number>>;
  readonly lgdPct: Readonly<Record<string, number>>;
  readonly horizonsDays: readonly number[];
  readonly opRiskRatePct: number;
  readonly opRiskRatePctByVenue: Readonly<Record<string, number>>;
  readonly outage: OutageInputsParam;
  readonly fundingRatePct: Readonly<Record<string, number>>;
}

export interface DailyVolSource {
  /** Daily σ, decimal. */
  readonly vol: number;
  readonly source: 'realised' | 'default';
}

export interface ExposureView {
  readonly counterparty: CounterpartyResult;
  /** The history behind the PFE (common dates of the book's underlyings), or null when there is none. */
  readonly pfeWindow: { readonly returns: number; readonly start: string; readonly end: string } | null;
  readonly operational: OperationalAddOnResult;
  readonly outage: OutageResult;
  readonly dailyVol: Readonly<Record<string, DailyVolSource>>;
  readonly settlements: readonly ExpiryObligation[];
  readonly carry: CarryResult;
  readonly venues: readonly string[];
  readonly warnings: readonly string[];
}

export interface LimitsParams extends AnalysisDataParams {
  readonly limits: Limits;
}

export interface LimitsVar {
  readonly varUsd: number;
  readonly esUsd: number;
  readonly observations: number;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
}

export interface LimitsView {
  readonly result: LimitCheckResult;
  readonly figures: LimitFigures;
  /** Historical 99 % 1-day VaR on the bundled history, or null with the reason in `varNote`. */
  readonly var: LimitsVar | null;
  readonly varNote: string | null;
  readonly underlyings: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------

const isCash = (path: string): boolean => path === 'cash';

/** Underlyings the book holds market risk in (cash excluded), in book order. */
function riskUnderlyings(inputs: BookInputs): string[] {
  const ctx = bookContext(inputs);
  return [...new Set(ctx.resolved.positions.filter((rp) => !isCash(rp.path)).map((rp) => rp.instrument.underlying))];
}

function stripPme(c: PmeCurrencyResult): PmeCurrencyView {
  return { ...c, pairs: c.pairs.map(({ positions: _positions, ...pair }) => pair) };
}

export const marginApi = {
  /** Every preset of the library and the user's custom scenarios (invalid ones reported, not run). */
  analysisStress(inputs: BookInputs, _scenario: Scenario, params: StressParams): StressRun {
    const ctx = bookContext(inputs);
    const invalid: Record<string, string[]> = {};
    const custom = params.custom.filter((s) => {
      const errors = validateStressScenario(s);
      if (errors.length > 0) invalid[s.id] = errors;
      return errors.length === 0;
    });
    return {
      results: runStress(ctx.resolved, ctx.model, [...STRESS_PRESETS, ...custom]),
      presetIds: STRESS_PRESETS.map((s) => s.id),
      invalid,
      venues: venuesOf(ctx.resolved),
    };
  },

  /** PME per settlement currency (whole book), standard and SPAN-style margin, and the cross-margin accounts. */
  async analysisMargin(inputs: BookInputs, _scenario: Scenario, params: MarginParams): Promise<MarginView> {
    const ctx = bookContext(inputs);
    const inUse = await pmeParamsInUse(params.dataUrl, params.pmeOverride);
    const pme = computePortfolioMargin(ctx.resolved, ctx.model, inUse.params);
    const currencies: Record<string, PmeCurrencyView> = {};
    for (const [ccy, c] of Object.entries(pme.currencies)) currencies[ccy] = stripPme(c);
    const spanErrors = params.span ? validateSpanParams(params.span) : [];
    const span = params.span && spanErrors.length === 0 ? params.span : DEFAULT_SPAN_PARAMS;
    return {
      valuationTime: pme.valuationTime,
      currencies,
      initialMarginUsd: pme.initialMarginUsd,
      maintenanceMarginUsd: pme.maintenanceMarginUsd,
      standard: computeStandardMargin(ctx.resolved, ctx.model, params.standard ?? DEFAULT_STANDARD_MARGIN_PARAMS),
      span: computeSpanMargin(ctx.resolved, ctx.model, span, inUse.params),
      spanErrors,
      accounts: computeVenueAccounts(ctx.resolved, ctx.model, inUse.params).map(({ margin: _margin, ...a }) => a),
      params: inUse,
      warnings: pme.warnings,
    };
  },

  /** Liquidation distance of every venue holding derivatives: each underlying alone and all together (~1 s). */
  async analysisLiquidation(inputs: BookInputs, _scenario: Scenario, params: AnalysisDataParams): Promise<LiquidationView> {
    const started = performance.now();
    const ctx = bookContext(inputs);
    const { params: pme } = await pmeParamsInUse(params.dataUrl, params.pmeOverride);
    const withDerivatives = new Set(
      ctx.resolved.positions.filter((rp) => rp.path !== 'cash' && rp.path !== 'spot').map((rp) => rp.position.venue),
    );
    const venues = venuesOf(ctx.resolved)
      .filter((v) => withDerivatives.has(v))
      .map((venue) => ({ venue, ...liquidationDistances(ctx.resolved, ctx.model, venue, pme) }));
    return { venues, computeMs: performance.now() - started };
  },

  /** Counterparty exposure with PFE, operational add-on, exchange outage, settlements by expiry, funding carry. */
  async analysisExposure(inputs: BookInputs, _scenario: Scenario, params: ExposureParams): Promise<ExposureView> {
    const ctx = bookContext(inputs);
    const [{ history, warnings: historyWarnings }, inUse] = await Promise.all([
      loadHistory(params.dataUrl),
      pmeParamsInUse(params.dataUrl, params.pmeOverride),
    ]);
    const warnings = [...historyWarnings];
    const uls = riskUnderlyings(inputs);
    const withHistory = uls.filter((ul) => history.prices[ul] !== undefined);
    const missing = uls.filter((ul) => history.prices[ul] === undefined);
    if (missing.length > 0)
      warnings.push(`no price history for ${missing.join(', ')}: held fixed in the PFE, outage σ ${DEFAULT_DAILY_VOL * 100} %/day`);

    // PFE: the book's underlyings on common dates, the last PFE_WINDOW_RETURNS (or all there are).
    let returns: Record<string, readonly number[]> | undefined;
    let pfeWindow: ExposureView['pfeWindow'] = null;
    if (withHistory.length > 0) {
      let w = buildReturnWindow(withHistory, history, { window: PFE_WINDOW_RETURNS, returnDays: 1 });
      if (!w.ok) w = buildReturnWindow(withHistory, history, { window: 60, returnDays: 1 });
      if (w.ok) {
        const win = w.window;
        returns = Object.fromEntries(withHistory.map((ul, i) => [ul, Array.from(win.returns[i]!)]));
        pfeWindow = { returns: win.dates.length, start: win.startDates[0] ?? '', end: win.dates[win.dates.length - 1] ?? '' };
      } else warnings.push(`PFE: ${w.error}`);
    }
    const pct = (r: Readonly<Record<string, number>>): Record<string, number> =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v / 100]));
    const counterparty = computeCounterparty(ctx.resolved, ctx.model, {
      pmeParams: inUse.params,
      pd: pct(params.pdPct),
      lgd: pct(params.lgdPct),
      ...(returns ? { returns } : {}),
      horizonsDays: params.horizonsDays,
      confidences: [0.95, 0.99],
    });
    warnings.push(...counterparty.warnings);

    // Outage σ: realised over the last OUTAGE_VOL_LOOKBACK daily returns of each underlying on its own dates.
    const dailyVol: Record<string, DailyVolSource> = {};
    for (const ul of uls) {
      const w = history.prices[ul] ? buildReturnWindow([ul], history, { window: OUTAGE_VOL_LOOKBACK, returnDays: 1 }) : null;
      const vol = w?.ok ? realizedDailyVol(w.window.returns[0]!, OUTAGE_VOL_LOOKBACK) : NaN;
      dailyVol[ul] = Number.isFinite(vol) ? { vol, source: 'realised' } : { vol: DEFAULT_DAILY_VOL, source: 'default' };
    }
    const { hours, k, venue } = params.outage;
    const outage = exchangeOutage(ctx.resolved, {
      hours,
      k,
      dailyVol: Object.fromEntries(Object.entries(dailyVol).map(([ul, d]) => [ul, d.vol])),
      defaultDailyVol: DEFAULT_DAILY_VOL,
      ...(venue !== null ? { venue } : {}),
    });
    const operational = operationalAddOn(
      counterparty.venues.map((v) => ({ venue: v.venue, assetsUsd: v.exposureUsd })),
      params.opRiskRatePct / 100,
      pct(params.opRiskRatePctByVenue),
    );
    return {
      counterparty,
      pfeWindow,
      operational,
      outage,
      dailyVol,
      settlements: settlementSchedule(ctx.resolved),
      carry: fundingCarry(ctx.resolved, ctx.model, pct(params.fundingRatePct)),
      venues: venuesOf(ctx.resolved),
      warnings,
    };
  },

  /** Limits against the current figures: delta and vega (report), VaR (historical 99 % 1-day), margin usage, shares. */
  async analysisLimits(inputs: BookInputs, _scenario: Scenario, params: LimitsParams): Promise<LimitsView> {
    const ctx = bookContext(inputs);
    const [{ history }, inUse] = await Promise.all([loadHistory(params.dataUrl), pmeParamsInUse(params.dataUrl, params.pmeOverride)]);
    const report = computeReportResolved(ctx.resolved, ctx.model);
    const deltaCoin: Record<string, number> = {};
    const deltaUsd: Record<string, number> = {};
    const underlyings = riskUnderlyings(inputs);
    let vegaUsd = 0;
    for (const [ul, agg] of Object.entries(report.byUnderlying)) {
      vegaUsd += agg.vega;
      if (!underlyings.includes(ul)) continue;
      deltaCoin[ul] = agg.delta;
      deltaUsd[ul] = agg.deltaUsd;
    }
    // Margin usage of the accounts that carry margin (a spot-and-cash venue's 0 % is not a figure anyone limits).
    const marginUsage: Record<string, number | null> = {};
    for (const a of computeVenueAccounts(ctx.resolved, ctx.model, inUse.params))
      if (a.initialMarginUsd > 0) marginUsage[a.venue] = a.marginUsage;
    const venueShare = Object.fromEntries(
      computeCounterparty(ctx.resolved, ctx.model, { pmeParams: inUse.params }).venues.map((v) => [v.venue, v.share]),
    );
    const outcome = runVar(ctx.compiled(), history, { method: 'historical', confidence: 0.99, horizonDays: 1 });
    const varFigure: LimitsVar | null = outcome.ok
      ? {
          varUsd: outcome.report.varUsd,
          esUsd: outcome.report.esUsd,
          observations: outcome.report.observations,
          windowStart: outcome.report.windowStart,
          windowEnd: outcome.report.windowEnd,
        }
      : null;
    const figures: LimitFigures = { deltaCoin, deltaUsd, vegaUsd, varUsd: varFigure?.varUsd ?? null, marginUsage, venueShare };
    return {
      result: checkLimits(params.limits, figures),
      figures,
      var: varFigure,
      varNote: outcome.ok ? null : `VaR could not be computed: ${outcome.error}`,
      underlyings,
    };
  },
};
