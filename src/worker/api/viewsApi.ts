/**
 * Worker API of issue 4: risk views (heatmaps, ladders, spot ladder, payoff, vol surface). Plain functions of
 * structured-clone data; each takes `BookInputs` and reuses the cached market model and resolved/compiled book
 * (bookCache.ts), so a what-if step only reprices. Merged into riskApi.
 *
 * One method per view tab, returning everything that tab draws: the tabs share the `views` channel (latest wins),
 * so a tab that sent two requests would see one of them superseded on every slider step.
 *
 * A view's target may be `null`: the first underlying of the book (BTC, ETH, then alphabetical). Every result
 * carries the book's underlyings so the view can offer them, and `computeMs`, the worker's own compute time.
 */
import {
  computeGreekLadder,
  computeHeatmap,
  computePayoff,
  computeSpotLadder,
  computeVolSurface,
  defaultStrikeBucket,
  forwardAt,
  volAt,
  type GreekLadder,
  type HeatmapResult,
  type PayoffResult,
  type SpotLadderRow,
  type ViewTarget,
  type VolSurfaceView,
} from '../../engine/index.ts';
import { formatExpiryCode } from '../../domain/instrument.ts';
import { spotMoveOf, type Scenario } from '../../domain/scenario.ts';
import { bookContext, type BookContext, type BookInputs } from '../bookCache.ts';

/** Grids larger than this (per axis) are cut: a 200 × 200 grid is a typo, not a request. */
export const MAX_AXIS_POINTS = 81;

/** Desk order: BTC, ETH first, then alphabetical. */
function byDeskOrder(a: string, b: string): number {
  const rank = (x: string) => (x === 'BTC' ? 0 : x === 'ETH' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function finiteList(xs: readonly number[] | undefined, max = MAX_AXIS_POINTS): number[] {
  return (xs ?? []).filter((x) => Number.isFinite(x)).slice(0, max);
}

/** Base index (USD) per underlying of the compiled book, in desk order. */
function bookUnderlyings(ctx: BookContext): { underlyings: string[]; indexUsd: Record<string, number> } {
  const c = ctx.compiled();
  const indexUsd: Record<string, number> = {};
  c.underlyings.forEach((ul, i) => {
    indexUsd[ul] = c.index0[i]!;
  });
  return { underlyings: [...c.underlyings].sort(byDeskOrder), indexUsd };
}

/** `wanted` if the book has it (or 'ALL' when allowed), else the first underlying, else null. */
function pickTarget(wanted: string | null | undefined, underlyings: readonly string[], allowAll: boolean): string | null {
  if (wanted === 'ALL' && allowAll && underlyings.length > 0) return 'ALL';
  if (wanted && underlyings.includes(wanted)) return wanted;
  return underlyings[0] ?? null;
}

const elapsed = (started: number) => performance.now() - started;

// ---------- exposure heatmaps ----------

export interface HeatmapViewParams {
  /** Underlying moved by the spot axis, 'ALL' for every underlying together, null for the first one. */
  readonly target: string | null;
  /** Columns of both heatmaps: spot moves, percent. */
  readonly spotMovesPct: readonly number[];
  /** Rows of the spot × vol heatmap: vol shifts, vol points. */
  readonly volShiftsPts: readonly number[];
  /** Rows of the spot × days heatmap: days forward. */
  readonly daysForward: readonly number[];
}

export interface HeatmapViewResult {
  readonly underlyings: string[];
  readonly indexUsd: Record<string, number>;
  readonly target: ViewTarget | null;
  /** P&L (USD, against the unshocked book) over spot × vol; days and untargeted spots from the what-if. */
  readonly spotVol: HeatmapResult | null;
  /** P&L over spot × days forward; vol and untargeted spots from the what-if. */
  readonly spotDays: HeatmapResult | null;
  readonly computeMs: number;
}

// ---------- Greek ladder ----------

export interface GreekLadderViewParams {
  readonly underlying: string | null;
  /** Strike bucket width (USD); null or ≤ 0 for the default (≈ 5 % of the index, rounded to a nice number). */
  readonly strikeBucketUsd: number | null;
}

export interface GreekLadderViewResult {
  readonly underlyings: string[];
  readonly underlying: string | null;
  readonly defaultBucketUsd: number | null;
  readonly ladder: GreekLadder | null;
  readonly computeMs: number;
}

// ---------- spot ladder ----------

export interface SpotLadderViewParams {
  readonly target: string | null;
  readonly movesPct: readonly number[];
}

export interface SpotLadderViewResult {
  readonly underlyings: string[];
  readonly indexUsd: Record<string, number>;
  readonly target: ViewTarget | null;
  readonly rows: SpotLadderRow[];
  readonly computeMs: number;
}

// ---------- payoff ----------

export interface PayoffViewParams {
  readonly underlying: string | null;
  /** Extra dates, days after the what-if's day (e.g. [7, 30]). */
  readonly dateOffsetsDays: readonly number[];
  /** Curves at the nearest option expiries (0 = none). */
  readonly maxExpiries: number;
  /** x range: moves in percent around the what-if's spot of the underlying (S0 · (1 + m) · (1 + x / 100)). */
  readonly fromPct: number;
  readonly toPct: number;
  readonly points: number;
}

export interface PayoffViewResult {
  readonly underlyings: string[];
  readonly underlying: string | null;
  /** Valuation time of the market (ms), to date the curves. */
  readonly valuationMs: number;
  readonly payoff: PayoffResult | null;
  readonly computeMs: number;
}

// ---------- vol surface ----------

export interface VolSurfaceViewParams {
  readonly underlying: string | null;
  /** Points of each interpolated smile curve. */
  readonly curvePoints?: number;
}

export interface SmilePanel {
  readonly expiry: string;
  readonly expiryMs: number;
  readonly days: number;
  readonly forwardUsd: number;
  /** False for an expiry the book holds but the snapshot does not quote (vol interpolated in total variance). */
  readonly quoted: boolean;
  /** Quoted nodes (empty when not quoted). */
  readonly nodes: { strike: number; volPct: number }[];
  /** The engine's vol (volAt) on a log-spaced strike grid over the nodes (and the book's strikes). */
  readonly curve: { strike: number; volPct: number }[];
  /** The engine's vol at K = forward, percent. */
  readonly atmVolPct: number;
}

export interface VolSurfaceViewResult {
  /** Underlyings of the snapshot with at least one smile, desk order. */
  readonly underlyings: string[];
  readonly underlying: string | null;
  readonly indexUsd: number | null;
  readonly surface: VolSurfaceView | null;
  readonly panels: SmilePanel[];
  readonly computeMs: number;
}

export const viewsApi = {
  /** Both exposure heatmaps with the target's Greeks in every cell (tooltips). */
  heatmapView(inputs: BookInputs, scenario: Scenario, params: HeatmapViewParams): HeatmapViewResult {
    const started = performance.now();
    const ctx = bookContext(inputs);
    const { underlyings, indexUsd } = bookUnderlyings(ctx);
    const target = pickTarget(params.target, underlyings, true);
    const spotMovesPct = finiteList(params.spotMovesPct);
    const volShifts = finiteList(params.volShiftsPts);
    const days = finiteList(params.daysForward).filter((d) => d >= 0);
    if (target === null || spotMovesPct.length === 0) {
      return { underlyings, indexUsd, target, spotVol: null, spotDays: null, computeMs: elapsed(started) };
    }
    const book = ctx.compiled();
    const common = { target, spotMovesPct, base: scenario, withGreeks: true } as const;
    const spotVol = volShifts.length > 0 ? computeHeatmap(book, { ...common, axis: 'vol', rowValues: volShifts }) : null;
    const spotDays = days.length > 0 ? computeHeatmap(book, { ...common, axis: 'days', rowValues: days }) : null;
    return { underlyings, indexUsd, target, spotVol, spotDays, computeMs: elapsed(started) };
  },

  /** Greeks of one underlying bucketed by expiry × strike, in the what-if state. */
  greekLadderView(inputs: BookInputs, scenario: Scenario, params: GreekLadderViewParams): GreekLadderViewResult {
    const started = performance.now();
    const ctx = bookContext(inputs);
    const { underlyings, indexUsd } = bookUnderlyings(ctx);
    const underlying = pickTarget(params.underlying, underlyings, false);
    if (underlying === null) return { underlyings, underlying, defaultBucketUsd: null, ladder: null, computeMs: elapsed(started) };
    const width = params.strikeBucketUsd !== null && params.strikeBucketUsd > 0 ? params.strikeBucketUsd : undefined;
    const ladder = computeGreekLadder(ctx.resolved, scenario, underlying, width);
    return {
      underlyings,
      underlying,
      defaultBucketUsd: defaultStrikeBucket(indexUsd[underlying] ?? 1),
      ladder,
      computeMs: elapsed(started),
    };
  },

  /** P&L and the target's Greeks at each spot move, other dimensions from the what-if. */
  spotLadderView(inputs: BookInputs, scenario: Scenario, params: SpotLadderViewParams): SpotLadderViewResult {
    const started = performance.now();
    const ctx = bookContext(inputs);
    const { underlyings, indexUsd } = bookUnderlyings(ctx);
    const target = pickTarget(params.target, underlyings, true);
    const moves = finiteList(params.movesPct, 201);
    const rows = target === null || moves.length === 0 ? [] : computeSpotLadder(ctx.compiled(), scenario, target, moves);
    return { underlyings, indexUsd, target, rows, computeMs: elapsed(started) };
  },

  /** P&L against the underlying's spot today, at later dates and at the nearest option expiries. */
  payoffView(inputs: BookInputs, scenario: Scenario, params: PayoffViewParams): PayoffViewResult {
    const started = performance.now();
    const ctx = bookContext(inputs);
    const { underlyings } = bookUnderlyings(ctx);
    const underlying = pickTarget(params.underlying, underlyings, false);
    const valuationMs = ctx.model.valuationMs;
    if (underlying === null) return { underlyings, underlying, valuationMs, payoff: null, computeMs: elapsed(started) };
    const from = Math.max(-99, Number.isFinite(params.fromPct) ? params.fromPct : -50);
    const to = Number.isFinite(params.toPct) && params.toPct > from ? params.toPct : from + 100;
    // The engine's x axis is moves from the base index: centre the window on the what-if's spot.
    const g = 1 + spotMoveOf(scenario, underlying);
    const asBaseMove = (x: number) => Math.max(-99.9, (g * (1 + x / 100) - 1) * 100);
    const payoff = computePayoff(ctx.compiled(), {
      underlying,
      base: scenario,
      dateOffsetsDays: finiteList(params.dateOffsetsDays, 8).filter((d) => d > 0),
      maxExpiries: Math.max(0, Math.min(12, Math.floor(params.maxExpiries))),
      fromPct: asBaseMove(from),
      toPct: asBaseMove(to),
      points: Math.max(3, Math.min(401, Math.floor(params.points))),
    });
    return { underlyings, underlying, valuationMs, payoff, computeMs: elapsed(started) };
  },

  /** The snapshot's smiles (nodes and the engine's interpolation), ATM term structure and the book's option nodes. */
  volSurfaceView(inputs: BookInputs, _scenario: Scenario, params: VolSurfaceViewParams): VolSurfaceViewResult {
    const started = performance.now();
    const ctx = bookContext(inputs);
    const model = ctx.model;
    const underlyings = [...model.underlyings.values()]
      .filter((u) => u.smiles.length > 0)
      .map((u) => u.underlying)
      .sort(byDeskOrder);
    const bookFirst = bookUnderlyings(ctx).underlyings.find((u) => underlyings.includes(u));
    const underlying = pickTarget(params.underlying ?? bookFirst ?? null, underlyings, false);
    const ul = underlying !== null ? model.underlyings.get(underlying) : undefined;
    if (underlying === null || !ul)
      return { underlyings, underlying, indexUsd: null, surface: null, panels: [], computeMs: elapsed(started) };
    const surface = computeVolSurface(model, ctx.resolved, underlying);
    const n = Math.max(8, Math.min(400, Math.floor(params.curvePoints ?? 90)));
    const strikesByExpiry = new Map<number, number[]>();
    for (const rp of ctx.resolved.positions) {
      const inst = rp.instrument;
      if (inst.kind !== 'option' || inst.underlying !== underlying || rp.tteYears0 <= 0) continue;
      const list = strikesByExpiry.get(inst.expiryMs) ?? [];
      list.push(inst.strike);
      strikesByExpiry.set(inst.expiryMs, list);
    }
    const curveFor = (expiryMs: number, lo: number, hi: number) => {
      if (!(lo > 0) || !(hi > lo)) return lo > 0 ? [{ strike: lo, volPct: volAt(ul, model.valuationMs, expiryMs, lo) * 100 }] : [];
      const a = Math.log(lo);
      const b = Math.log(hi);
      return Array.from({ length: n }, (_, i) => {
        const strike = Math.exp(a + ((b - a) * i) / (n - 1));
        return { strike, volPct: volAt(ul, model.valuationMs, expiryMs, strike) * 100 };
      });
    };
    const panels: SmilePanel[] = surface.smiles.map((s) => {
      const strikes = [...s.nodes.map((p) => p.strike), ...(strikesByExpiry.get(s.expiryMs) ?? [])];
      return {
        ...s,
        quoted: true,
        curve: curveFor(s.expiryMs, Math.min(...strikes), Math.max(...strikes)),
        atmVolPct: volAt(ul, model.valuationMs, s.expiryMs, s.forwardUsd) * 100,
      };
    });
    const quotedExpiries = new Set(surface.smiles.map((s) => s.expiryMs));
    for (const [expiryMs, strikes] of strikesByExpiry) {
      if (quotedExpiries.has(expiryMs)) continue;
      const node = surface.positionNodes.find((p) => p.expiry === formatExpiryCode(expiryMs));
      const days = node?.days ?? (expiryMs - model.valuationMs) / 86_400_000;
      // No quoted nodes: draw the interpolated smile over ±60 % around the book's strikes.
      const lo = Math.min(...strikes) * 0.6;
      const hi = Math.max(...strikes) * 1.6;
      const forwardUsd = forwardAt(ul, model.valuationMs, expiryMs);
      panels.push({
        expiry: formatExpiryCode(expiryMs),
        expiryMs,
        days,
        forwardUsd,
        quoted: false,
        nodes: [],
        curve: curveFor(expiryMs, lo, hi),
        atmVolPct: volAt(ul, model.valuationMs, expiryMs, forwardUsd) * 100,
      });
    }
    panels.sort((a, b) => a.expiryMs - b.expiryMs);
    return { underlyings, underlying, indexUsd: ul.index, surface, panels, computeMs: elapsed(started) };
  },
};
