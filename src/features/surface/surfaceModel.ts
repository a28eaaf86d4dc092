/**
 * Volatility surface view-model: the worker's smiles (quoted nodes and the engine's own interpolation, `volAt`),
 * the ATM term structure and the book's option nodes, cut to the strike window the trader picked and given axis
 * ticks. Vols in percent, strikes in USD.
 */
import type { SmilePanel, VolSurfaceViewResult } from '../../worker/api/viewsApi.ts';

export type StrikeWindow = 'near' | 'all';

/** 'near': strikes within [F / NEAR_FACTOR, F · NEAR_FACTOR] (plus the book's strikes); 'all': every quoted node. */
export const NEAR_FACTOR = 2;

export interface PositionMarker {
  readonly id: string;
  readonly instrument: string;
  readonly strike: number;
  readonly volPct: number;
  /** Signed coin quantity. */
  readonly quantity: number;
  readonly long: boolean;
}

export interface SmilePanelModel {
  readonly expiry: string;
  readonly days: number;
  readonly forwardUsd: number;
  readonly quoted: boolean;
  readonly curve: readonly { strike: number; volPct: number }[];
  readonly nodes: readonly { strike: number; volPct: number }[];
  readonly positions: readonly PositionMarker[];
  /** Strike axis (log scale). */
  readonly strikeDomain: readonly [number, number];
  readonly strikeTicks: readonly number[];
  readonly volDomain: readonly [number, number];
  /** Interpolated vol at the forward (ATM), percent. */
  readonly atmVolPct: number;
}

export interface SurfaceModel {
  readonly underlying: string;
  readonly term: readonly { expiry: string; days: number; atmVolPct: number; hasPositions: boolean }[];
  readonly termPositions: readonly (PositionMarker & { days: number; expiry: string })[];
  readonly panels: readonly SmilePanelModel[];
}

/** Round to 2 significant digits (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8 × 10^k): readable strike ticks. */
export function niceRound(x: number): number {
  if (!(x > 0)) return x;
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  const m = x / p;
  const steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10];
  let best = steps[0]!;
  for (const s of steps) if (Math.abs(Math.log(s / m)) < Math.abs(Math.log(best / m))) best = s;
  return best * p;
}

/** About `n` log-spaced nice ticks inside [lo, hi], de-duplicated. */
export function logTicks(lo: number, hi: number, n = 5): number[] {
  if (!(lo > 0) || !(hi > lo)) return lo > 0 ? [lo] : [];
  const a = Math.log(lo);
  const b = Math.log(hi);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = niceRound(Math.exp(a + ((b - a) * (i + 0.5)) / n));
    if (t >= lo && t <= hi && !out.includes(t)) out.push(t);
  }
  return out;
}

function volRange(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 100];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = Math.max(1, (hi - lo) * 0.08);
  return [Math.max(0, Math.floor(lo - pad)), Math.ceil(hi + pad)];
}

function panelModel(p: SmilePanel, positions: readonly PositionMarker[], window: StrikeWindow): SmilePanelModel {
  const F = p.forwardUsd;
  const inWindow = (k: number) => window === 'all' || !(F > 0) || (k >= F / NEAR_FACTOR && k <= F * NEAR_FACTOR);
  const bookStrikes = positions.map((x) => x.strike);
  const keepStrike = (k: number) =>
    inWindow(k) || (bookStrikes.length > 0 && k >= Math.min(...bookStrikes) && k <= Math.max(...bookStrikes));
  const nodes = p.nodes.filter((n) => keepStrike(n.strike));
  const strikes = [...nodes.map((n) => n.strike), ...bookStrikes, ...(p.quoted ? [] : p.curve.map((c) => c.strike))];
  const lo = strikes.length > 0 ? Math.min(...strikes) : F / NEAR_FACTOR;
  const hi = strikes.length > 0 ? Math.max(...strikes) : F * NEAR_FACTOR;
  const curve = p.curve.filter((c) => c.strike >= lo * 0.999 && c.strike <= hi * 1.001);
  return {
    expiry: p.expiry,
    days: p.days,
    forwardUsd: F,
    quoted: p.quoted,
    curve,
    nodes,
    positions,
    strikeDomain: [lo, hi],
    strikeTicks: logTicks(lo, hi, 5),
    volDomain: volRange([...curve.map((c) => c.volPct), ...nodes.map((n) => n.volPct), ...positions.map((x) => x.volPct)]),
    atmVolPct: p.atmVolPct,
  };
}

export function buildSurface(result: VolSurfaceViewResult, window: StrikeWindow, onlyWithPositions: boolean): SurfaceModel | null {
  const s = result.surface;
  if (!s || result.underlying === null) return null;
  const byExpiry = new Map<string, PositionMarker[]>();
  for (const n of s.positionNodes) {
    const list = byExpiry.get(n.expiry) ?? [];
    list.push({ id: n.id, instrument: n.instrument, strike: n.strike, volPct: n.volPct, quantity: n.quantity, long: n.quantity > 0 });
    byExpiry.set(n.expiry, list);
  }
  const panels = result.panels
    .filter((p) => !onlyWithPositions || byExpiry.has(p.expiry))
    .map((p) => panelModel(p, byExpiry.get(p.expiry) ?? [], window));
  return {
    underlying: result.underlying,
    term: s.atmTerm.map((t) => ({ ...t, hasPositions: byExpiry.has(t.expiry) })),
    termPositions: s.positionNodes.map((n) => ({
      id: n.id,
      instrument: n.instrument,
      strike: n.strike,
      volPct: n.volPct,
      quantity: n.quantity,
      long: n.quantity > 0,
      days: n.days,
      expiry: n.expiry,
    })),
    panels,
  };
}
