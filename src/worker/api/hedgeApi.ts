/**
 * Worker API of issue 7: hedge suggestions and delta-hedge simulation. Plain functions of structured-clone data; each takes `BookInputs` and
 * reuses the cached market model and resolved/compiled book (bookCache.ts). Merged into riskApi.
 *
 * - `hedgeSuggest`: the candidate list (all kinds, for the picker), the engine's least-cost trades for the chosen
 *   targets and instruments, and a before / after comparison of the book without and with the trades: Greeks per
 *   underlying (from `suggestHedge`), the worst cell of a spot × vol heatmap (`computeHeatmap`), historical VaR/ES
 *   99 % 1-day (`runVar` on the bundled price history) and Deribit portfolio margin per currency
 *   (`computePortfolioMargin`). Infeasible targets come back as `{ ok: false, reason }` (the solver's words).
 *   The targets apply to `scope` (whole book by default); the outcome carries every target's check after rounding
 *   and a sentence per target missed.
 * - `hedgeSimulate`: `compareHedgePolicies` for the options of one underlying along the bundled history, hedged to
 *   a flat USD delta (default) or coin delta, optionally only the options held at one venue.
 *
 * History files are fetched from the app's own origin (`historyBaseUrl`, resolved by the page against its base URL,
 * so dev, preview and sub-path deployments all work) and cached per URL for the life of the worker; tests inject a
 * file reader with `setHistoryFetcher`. A missing file only disables what needs it (VaR, the simulation of that
 * underlying), with the reason in the result.
 */
import {
  compareHedgePolicies,
  compileBook,
  compileOptionsBook,
  computeHeatmap,
  computePortfolioMargin,
  listHedgeCandidates,
  resolveBook,
  runVar,
  suggestHedge,
  tradePositions as engineTradePositions,
  WHOLE_BOOK,
  type CandidateKind,
  type DeltaMeasure,
  type HedgeScope,
  type TargetCheck,
  type CompiledBook,
  type DailySeries,
  type HedgeCandidate,
  type HedgePathResult,
  type HedgePolicy,
  type HedgeTrade,
  type MarketModel,
  type PolicySummary,
  type ResolvedBook,
  type UnderlyingTargets,
} from '../../engine/index.ts';
import type { Portfolio, Position } from '../../domain/position.ts';
import type { UnderlyingAggregate } from '../../domain/results.ts';
import type { Scenario } from '../../domain/scenario.ts';
import { loadBundledHistory, setHistoryTextFetcher } from '../historyLoader.ts';
import { bookContext, type BookInputs } from '../bookCache.ts';

export const ALL_CANDIDATE_KINDS: readonly CandidateKind[] = ['perpetual', 'future', 'option'];

/** Heatmap grid of the before / after comparison (the Heatmap tab’s default axes), every underlying moved together. */
export const HEDGE_HEATMAP_GRID = {
  spotMovesPct: [-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30],
  volPts: [-20, -15, -10, -5, 0, 5, 10, 15, 20],
} as const;

export const HEDGE_VAR_CONFIDENCE = 0.99;

// ---------- history (the shared worker loader: fetched once per worker) ----------

/** Reads a history file's text; null when it does not exist. */
export type HistoryFetcher = (url: string) => Promise<string | null>;

/** Test hook: read history files some other way (Node: the file system); clears the cache. */
export function setHistoryFetcher(f: HistoryFetcher | null): void {
  setHistoryTextFetcher(
    f
      ? async (url) => {
          const text = await f(url);
          if (text === null) throw new Error('not found');
          return text;
        }
      : null,
  );
}

type HistorySeries = { ok: true; series: DailySeries } | { ok: false; error: string };

/** One underlying's daily closes from the bundled histories. */
async function loadSeries(baseUrl: string, underlying: string): Promise<HistorySeries> {
  try {
    const { history } = await loadBundledHistory(baseUrl);
    const series = history.prices[underlying];
    return series
      ? { ok: true, series }
      : { ok: false, error: `no bundled price history for ${underlying} (${underlying.toLowerCase()}-usd-daily.csv)` };
  } catch (e) {
    return { ok: false, error: `the price history could not be loaded (${e instanceof Error ? e.message : String(e)})` };
  }
}

// ---------- suggestions ----------

export interface HedgeSuggestParams {
  /** Targets per underlying; underlyings without an entry are left as they are. */
  readonly targets: Readonly<Record<string, UnderlyingTargets>>;
  /** Kinds the solver may use. */
  readonly kinds: readonly CandidateKind[];
  /** Candidates the user unticked (instrument names). */
  readonly excluded: readonly string[];
  /** Absolute URL of the folder holding `<coin>-usd-daily.csv`; null skips VaR. */
  readonly historyBaseUrl: string | null;
  /** Whose Greeks the targets apply to; default the whole book. */
  readonly scope?: HedgeScope;
}

export interface HeatmapWorst {
  readonly pnlUsd: number;
  readonly spotPct: number;
  readonly volPts: number;
}

export interface VarFigures {
  readonly varUsd: number;
  readonly esUsd: number;
  readonly observations: number;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
}

export interface MarginFigures {
  /** Per settlement currency: IM and MM in that currency and in USD. */
  readonly currencies: Readonly<
    Record<string, { readonly im: number; readonly mm: number; readonly imUsd: number; readonly mmUsd: number }>
  >;
  readonly imUsd: number;
  readonly mmUsd: number;
}

/** One side of the before / after table. */
export interface HedgeBookMetrics {
  readonly greeks: Readonly<Record<string, UnderlyingAggregate>>;
  readonly heatmapWorst: HeatmapWorst | null;
  readonly var: { readonly ok: true; readonly value: VarFigures } | { readonly ok: false; readonly error: string };
  readonly margin: MarginFigures;
}

export type HedgeOutcome =
  | {
      readonly ok: true;
      readonly trades: HedgeTrade[];
      readonly totalCostUsd: number;
      readonly before: HedgeBookMetrics;
      readonly after: HedgeBookMetrics;
      /** What the targets measured, in words ("whole book (every venue, spot included)"). */
      readonly scopeLabel: string;
      /** Every ticked target checked after the trades, and a sentence per target missed. */
      readonly checks: TargetCheck[];
      readonly misses: string[];
    }
  | { readonly ok: false; readonly reason: string };

export interface HedgeSuggestResult {
  /** Every candidate of the targeted underlyings (all kinds), for the picker. */
  readonly candidates: HedgeCandidate[];
  readonly outcome: HedgeOutcome;
  readonly heatmapGrid: { readonly spotMovesPct: readonly number[]; readonly volPts: readonly number[] };
  readonly varConfidence: number;
}

/** The rows a set of trades adds to the book (what "Apply as what-if" adds, and what "after" values). */
export function tradePositions(trades: readonly HedgeTrade[]): Position[] {
  return engineTradePositions(trades);
}

async function bookMetrics(
  greeks: Readonly<Record<string, UnderlyingAggregate>>,
  resolved: ResolvedBook,
  compiled: CompiledBook,
  model: MarketModel,
  scenario: Scenario,
  historyBaseUrl: string | null,
): Promise<HedgeBookMetrics> {
  const hm = computeHeatmap(compiled, {
    target: 'ALL',
    spotMovesPct: HEDGE_HEATMAP_GRID.spotMovesPct,
    axis: 'vol',
    rowValues: HEDGE_HEATMAP_GRID.volPts,
    base: scenario,
  });
  const heatmapWorst = Number.isFinite(hm.worst.pnlUsd)
    ? { pnlUsd: hm.worst.pnlUsd, spotPct: HEDGE_HEATMAP_GRID.spotMovesPct[hm.worst.col]!, volPts: HEDGE_HEATMAP_GRID.volPts[hm.worst.row]! }
    : null;
  const pm = computePortfolioMargin(resolved, model);
  const currencies: Record<string, { im: number; mm: number; imUsd: number; mmUsd: number }> = {};
  for (const [ccy, c] of Object.entries(pm.currencies)) {
    currencies[ccy] = { im: c.initialMargin, mm: c.maintenanceMargin, imUsd: c.initialMarginUsd, mmUsd: c.maintenanceMarginUsd };
  }
  return {
    greeks,
    heatmapWorst,
    var: await varOf(compiled, historyBaseUrl),
    margin: { currencies, imUsd: pm.initialMarginUsd, mmUsd: pm.maintenanceMarginUsd },
  };
}

async function varOf(compiled: CompiledBook, historyBaseUrl: string | null): Promise<HedgeBookMetrics['var']> {
  if (historyBaseUrl === null) return { ok: false, error: 'no price history available' };
  const prices: Record<string, DailySeries> = {};
  for (const ul of compiled.underlyings) {
    const s = await loadSeries(historyBaseUrl, ul);
    if (!s.ok) return { ok: false, error: s.error };
    prices[ul] = s.series;
  }
  const r = runVar(compiled, { prices }, { method: 'historical', confidence: HEDGE_VAR_CONFIDENCE, horizonDays: 1 });
  if (!r.ok) return { ok: false, error: r.error };
  const { varUsd, esUsd, observations, windowStart, windowEnd } = r.report;
  return { ok: true, value: { varUsd, esUsd, observations, windowStart, windowEnd } };
}

// ---------- simulation ----------

export interface HedgeSimulateParams {
  readonly underlying: string;
  readonly policies: readonly HedgePolicy[];
  /** Days per historical window. */
  readonly windowDays: number;
  /** Days between window starts. */
  readonly strideDays: number;
  /** Use only the last N closes of the history; null = all of it. */
  readonly lookbackDays: number | null;
  readonly historyBaseUrl: string;
  /** Hedge to a flat USD delta (default) or a flat coin delta. */
  readonly deltaMeasure?: DeltaMeasure;
  /** Only the options held at this venue (null or omitted: every venue). */
  readonly venue?: string | null;
}

export type HedgeSimulateResult =
  | {
      readonly ok: true;
      readonly underlying: string;
      /** Option positions of the underlying in the book (before netting). */
      readonly optionPositions: number;
      readonly spotUsd: number;
      readonly summaries: PolicySummary[];
      readonly latest: HedgePathResult[];
      /** Dates of the latest window, aligned with each path's points. */
      readonly latestDates: string[];
      /** First and last close used. */
      readonly historyStart: string;
      readonly historyEnd: string;
    }
  | { readonly ok: false; readonly error: string };

function validPolicy(p: HedgePolicy): string | null {
  if (!(p.costBps >= 0 && Number.isFinite(p.costBps))) return `${p.name}: cost must be ≥ 0 bp`;
  if (p.kind === 'interval' && !(Number.isFinite(p.everyDays) && (p.everyDays ?? 0) >= 1))
    return `${p.name}: rebalance interval must be ≥ 1 day`;
  if (p.kind === 'band' && !(Number.isFinite(p.bandCoin) && (p.bandCoin ?? -1) >= 0)) return `${p.name}: band must be ≥ 0 coin`;
  return null;
}

export const hedgeApi = {
  /** Candidates, least-cost trades and before / after figures (module header). */
  async hedgeSuggest(inputs: BookInputs, scenario: Scenario, params: HedgeSuggestParams): Promise<HedgeSuggestResult> {
    const ctx = bookContext(inputs);
    const underlyings = Object.keys(params.targets);
    const candidates = listHedgeCandidates(ctx.model, underlyings, ALL_CANDIDATE_KINDS, scenario);
    const excluded = new Set(params.excluded.map((s) => s.toUpperCase()));
    const instruments = candidates
      .filter((c) => params.kinds.includes(c.kind) && !excluded.has(c.instrument.toUpperCase()))
      .map((c) => c.instrument);
    const base = { candidates, heatmapGrid: HEDGE_HEATMAP_GRID, varConfidence: HEDGE_VAR_CONFIDENCE };
    const r = suggestHedge(inputs.portfolio, ctx.model, {
      targets: params.targets,
      kinds: params.kinds,
      instruments,
      scenario,
      scope: params.scope ?? WHOLE_BOOK,
    });
    if (!r.ok) return { ...base, outcome: { ok: false, reason: r.reason } };
    const before = await bookMetrics(r.before, ctx.resolved, ctx.compiled(), ctx.model, scenario, params.historyBaseUrl);
    const hedged: Portfolio = { ...inputs.portfolio, positions: [...inputs.portfolio.positions, ...tradePositions(r.trades)] };
    const resolvedAfter = r.trades.length > 0 ? resolveBook(hedged, ctx.model) : ctx.resolved;
    const compiledAfter = r.trades.length > 0 ? compileBook(resolvedAfter, ctx.model) : ctx.compiled();
    const after = await bookMetrics(r.after, resolvedAfter, compiledAfter, ctx.model, scenario, params.historyBaseUrl);
    return {
      ...base,
      outcome: {
        ok: true,
        trades: r.trades,
        totalCostUsd: r.totalCostUsd,
        before,
        after,
        scopeLabel: r.scopeLabel,
        checks: r.checks,
        misses: r.misses,
      },
    };
  },

  /**
   * Delta-hedge policies replayed on the bundled history for the options of one underlying (base market: the
   * what-if scenario does not apply to a historical replay).
   */
  async hedgeSimulate(inputs: BookInputs, _scenario: Scenario, params: HedgeSimulateParams): Promise<HedgeSimulateResult> {
    const ul = params.underlying;
    if (params.policies.length === 0) return { ok: false, error: 'add at least one policy' };
    for (const p of params.policies) {
      const bad = validPolicy(p);
      if (bad) return { ok: false, error: bad };
    }
    if (!(Number.isInteger(params.windowDays) && params.windowDays >= 2)) return { ok: false, error: 'the window must be at least 2 days' };
    if (!(Number.isInteger(params.strideDays) && params.strideDays >= 1))
      return { ok: false, error: 'the step between windows must be at least 1 day' };
    const ctx = bookContext(inputs);
    const venue = params.venue?.trim().toLowerCase() || null;
    const optionPositions = ctx.resolved.positions.filter(
      (rp) =>
        rp.instrument.underlying === ul &&
        (rp.path === 'inverseOption' || rp.path === 'linearOption') &&
        (venue === null || rp.position.venue.trim().toLowerCase() === venue),
    ).length;
    if (optionPositions === 0 && venue !== null)
      return { ok: false, error: `the book has no ${ul} options at ${params.venue} to delta-hedge` };
    if (optionPositions === 0) return { ok: false, error: `the book has no ${ul} options to delta-hedge` };
    const s = await loadSeries(params.historyBaseUrl, ul);
    if (!s.ok) return { ok: false, error: s.error };
    const n = s.series.dates.length;
    const from = params.lookbackDays === null ? 0 : Math.max(0, n - 1 - params.lookbackDays);
    const closes = Array.from(s.series.values).slice(from);
    const dates = s.series.dates.slice(from);
    if (closes.length < params.windowDays + 1)
      return { ok: false, error: `${ul} history has ${closes.length} closes: too short for a ${params.windowDays}-day window` };
    const portfolio =
      venue === null
        ? inputs.portfolio
        : { ...inputs.portfolio, positions: inputs.portfolio.positions.filter((p) => p.venue.trim().toLowerCase() === venue) };
    const book = compileOptionsBook(portfolio, ctx.model, ul);
    const { summaries, latest } = compareHedgePolicies(
      book,
      ul,
      closes,
      params.policies,
      params.windowDays,
      params.strideDays,
      params.deltaMeasure ?? 'usd',
    );
    const u = book.underlyings.indexOf(ul);
    return {
      ok: true,
      underlying: ul,
      optionPositions,
      spotUsd: u >= 0 ? book.index0[u]! : NaN,
      summaries,
      latest,
      latestDates: dates.slice(-(params.windowDays + 1)),
      historyStart: dates[0]!,
      historyEnd: dates[dates.length - 1]!,
    };
  },
};
