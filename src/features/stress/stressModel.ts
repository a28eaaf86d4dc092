/**
 * Stress tab view-model: the scenario table (presets and custom), the waterfall of one scenario's P&L (by
 * underlying, venue, position or component), the custom-scenario builder in the units a trader types (%, vol
 * points) and the mapping of a scenario onto the what-if inputs. The numbers are the engine's (`runStress` in the
 * worker); this file only orders, groups and converts units.
 */
import type { StressResult, StressScenario } from '../../engine/index.ts';
import type { ScenarioInputs } from '../../state/slices/scenarioSlice.ts';
import type { StressRun } from '../../worker/api/marginApi.ts';
import { compareUnderlyings } from '../summary/summaryModel.ts';

export interface StressRow {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly custom: boolean;
  readonly pnlUsd: number;
  /** Move of each listed underlying, percent. */
  readonly movesPct: Readonly<Record<string, number>>;
  /** Front-end (30-day) vol shift, vol points. */
  readonly volPts: number;
  readonly basisPct: number;
  readonly venueDefault: string | null;
  readonly days: number;
}

/** One row per scenario, presets first, in the engine's order. */
export function stressRows(run: StressRun | null, underlyings: readonly string[]): StressRow[] {
  if (!run) return [];
  const presets = new Set(run.presetIds);
  return run.results.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    custom: !presets.has(r.id),
    pnlUsd: r.pnlUsd,
    movesPct: Object.fromEntries(underlyings.map((ul) => [ul, (r.spotMoves[ul] ?? 0) * 100])),
    volPts: r.scenario.volShift * 100,
    basisPct: r.scenario.basisCollapse * 100,
    venueDefault: r.scenario.venueDefault,
    days: r.scenario.days ?? 0,
  }));
}

/** The underlyings a stress table lists: the book's risk underlyings, desk order. */
export function tableUnderlyings(run: StressRun | null): string[] {
  const first = run?.results[0];
  if (!first) return [];
  const held = new Set(first.byPosition.filter((p) => !isCashCode(p.underlying)).map((p) => p.underlying));
  return [...held].sort(compareUnderlyings);
}

const CASH = new Set(['USD', 'USDC', 'USDT']);
const isCashCode = (code: string): boolean => CASH.has(code);

// ---------------------------------------------------------------------------------------------------------------
// Waterfall.

export type WaterfallBy = 'underlying' | 'venue' | 'position' | 'component';

export interface WaterfallStep {
  readonly key: string;
  readonly label: string;
  /** Second line (position: venue and label). */
  readonly detail: string | null;
  readonly valueUsd: number;
  /** Running total before and after this step, USD. */
  readonly startUsd: number;
  readonly endUsd: number;
  readonly kind: 'step' | 'rest' | 'total';
}

export interface Waterfall {
  readonly steps: readonly WaterfallStep[];
  /** Axis range: always includes 0. */
  readonly minUsd: number;
  readonly maxUsd: number;
}

function entriesOf(r: StressResult, by: WaterfallBy): { key: string; label: string; detail: string | null; value: number }[] {
  switch (by) {
    case 'underlying':
      return Object.entries(r.byUnderlying)
        .sort(([a], [b]) => compareUnderlyings(a, b))
        .map(([ul, v]) => ({ key: ul, label: ul, detail: null, value: v }));
    case 'venue':
      return Object.entries(r.byVenue)
        .sort(([, a], [, b]) => Math.abs(b) - Math.abs(a))
        .map(([venue, v]) => ({ key: venue, label: venue, detail: null, value: v }));
    case 'component':
      return [
        { key: 'market', label: 'Spot, vol and time', detail: null, value: r.components.marketUsd },
        { key: 'basis', label: 'Basis collapse', detail: null, value: r.components.basisUsd },
        { key: 'venueDefault', label: 'Venue default', detail: r.scenario.venueDefault, value: r.components.venueDefaultUsd },
      ];
    case 'position':
      return [...r.byPosition]
        .sort((a, b) => Math.abs(b.pnlUsd) - Math.abs(a.pnlUsd))
        .map((p) => ({ key: p.id, label: p.instrument, detail: [p.venue, p.label].filter(Boolean).join(' · '), value: p.pnlUsd }));
  }
}

/**
 * Cumulative steps of a scenario's P&L, then the total. Positions beyond `maxSteps` (largest |P&L| first) are
 * summed into one "other positions" step so the chart stays readable.
 */
export function buildWaterfall(r: StressResult, by: WaterfallBy, maxSteps = 14): Waterfall {
  let entries = entriesOf(r, by);
  let rest: { count: number; value: number } | null = null;
  if (entries.length > maxSteps) {
    const tail = entries.slice(maxSteps - 1);
    rest = { count: tail.length, value: tail.reduce((s, e) => s + e.value, 0) };
    entries = entries.slice(0, maxSteps - 1);
  }
  const steps: WaterfallStep[] = [];
  let run = 0;
  let lo = 0;
  let hi = 0;
  const push = (key: string, label: string, detail: string | null, value: number, kind: WaterfallStep['kind']) => {
    const start = kind === 'total' ? 0 : run;
    const end = kind === 'total' ? value : run + value;
    if (kind !== 'total') run = end;
    lo = Math.min(lo, start, end);
    hi = Math.max(hi, start, end);
    steps.push({ key, label, detail, valueUsd: value, startUsd: start, endUsd: end, kind });
  };
  for (const e of entries) push(e.key, e.label, e.detail, e.value, 'step');
  if (rest) push('rest', `${rest.count} other positions`, 'smaller contributions, summed', rest.value, 'rest');
  push('total', 'Total', null, r.pnlUsd, 'total');
  return { steps, minUsd: lo, maxUsd: hi };
}

/** Left edge and width of a step's bar as percentages of the axis. */
export function barGeometry(
  step: WaterfallStep,
  w: Pick<Waterfall, 'minUsd' | 'maxUsd'>,
): { leftPct: number; widthPct: number; zeroPct: number } {
  const span = w.maxUsd - w.minUsd || 1;
  const at = (x: number) => ((x - w.minUsd) / span) * 100;
  const a = at(Math.min(step.startUsd, step.endUsd));
  const b = at(Math.max(step.startUsd, step.endUsd));
  return { leftPct: a, widthPct: Math.max(b - a, 0.3), zeroPct: at(0) };
}

// ---------------------------------------------------------------------------------------------------------------
// Builder.

/** The builder's fields in typed units. */
export interface StressForm {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** BTC's move (the reference), percent. */
  readonly refMovePct: number;
  /** Explicit moves of other underlyings, percent; null = beta × reference move. */
  readonly movesPct: Readonly<Record<string, number | null>>;
  /** Beta to the reference move of underlyings without an explicit move. */
  readonly defaultBeta: number;
  /** Front-end vol shift at 30 days, vol points. */
  readonly volPts: number;
  /** Decay exponent p of the vol shift: × (30/DTE)^p. */
  readonly termPower: number;
  readonly days: number;
  /** Share of every futures basis that disappears, percent. */
  readonly basisPct: number;
  readonly venueDefault: string | null;
}

/** A fresh custom scenario id not taken by `existing`. */
export function newCustomId(existing: readonly { readonly id: string }[]): string {
  const taken = new Set(existing.map((s) => s.id));
  let n = existing.length + 1;
  while (taken.has(`custom-${n}`)) n += 1;
  return `custom-${n}`;
}

/** The builder's starting point: a −20 % crash with the presets' conventions (beta 1.3, p = 0.3). */
export function blankForm(id: string): StressForm {
  return {
    id,
    name: 'Custom crash',
    description: '',
    refMovePct: -20,
    movesPct: {},
    defaultBeta: 1.3,
    volPts: 20,
    termPower: 0.3,
    days: 0,
    basisPct: 0,
    venueDefault: null,
  };
}

const round = (x: number, digits = 10) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Edit an existing scenario (a preset is copied under a new id). */
export function formFromScenario(s: StressScenario, underlyings: readonly string[], id = s.id): StressForm {
  const movesPct: Record<string, number | null> = {};
  for (const ul of underlyings) if (ul !== 'BTC') movesPct[ul] = s.spot?.[ul] !== undefined ? round(s.spot[ul] * 100) : null;
  return {
    id,
    name: id === s.id ? s.name : `${s.name} (copy)`,
    description: s.description,
    refMovePct: round((s.spot?.['BTC'] ?? s.spotMove) * 100),
    movesPct,
    defaultBeta: s.defaultBeta,
    volPts: round(s.volShift * 100),
    termPower: s.volTermPower,
    days: s.days ?? 0,
    basisPct: round(s.basisCollapse * 100),
    venueDefault: s.venueDefault,
  };
}

/** The engine's scenario (decimals) from the form. */
export function scenarioFromForm(f: StressForm): StressScenario {
  const spot: Record<string, number> = {};
  for (const [ul, pct] of Object.entries(f.movesPct)) if (pct !== null && Number.isFinite(pct)) spot[ul] = pct / 100;
  return {
    id: f.id,
    name: f.name.trim(),
    description: f.description.trim(),
    spotMove: f.refMovePct / 100,
    ...(Object.keys(spot).length > 0 ? { spot } : {}),
    defaultBeta: f.defaultBeta,
    volShift: f.volPts / 100,
    volTermPower: f.termPower,
    ...(f.days > 0 ? { days: f.days } : {}),
    basisCollapse: f.basisPct / 100,
    venueDefault: f.venueDefault,
  };
}

/** Problems with the form, in the units shown; empty when it can be saved. */
export function formErrors(f: StressForm): string[] {
  const errors: string[] = [];
  const finite = Number.isFinite;
  if (!f.name.trim()) errors.push('Give the scenario a name.');
  if (!finite(f.refMovePct) || f.refMovePct <= -100) errors.push('BTC move must be above −100 %.');
  for (const [ul, pct] of Object.entries(f.movesPct))
    if (pct !== null && (!finite(pct) || pct <= -100)) errors.push(`${ul} move must be above −100 %.`);
  if (!finite(f.defaultBeta)) errors.push('Beta must be a number.');
  if (!finite(f.volPts)) errors.push('Vol shift must be a number of vol points.');
  if (!finite(f.termPower) || f.termPower < 0) errors.push('Term decay p must be ≥ 0.');
  if (!finite(f.days) || f.days < 0) errors.push('Days must be ≥ 0.');
  if (!finite(f.basisPct) || f.basisPct < 0 || f.basisPct > 100) errors.push('Basis collapse must be between 0 and 100 %.');
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Apply as what-if.

export interface WhatIfMapping {
  readonly inputs: ScenarioInputs;
  /** What the what-if inputs cannot carry, with the P&L it is worth. */
  readonly notes: readonly string[];
}

/**
 * The what-if inputs closest to a stress scenario: each underlying's move, the vol shift and the days. The what-if
 * vol shift is parallel, so a term-decayed shift is applied flat (noted); basis collapse and venue default have no
 * what-if input (noted with their P&L).
 */
export function whatIfFromStress(r: StressResult, underlyings: readonly string[]): WhatIfMapping {
  const s = r.scenario;
  const spotPct: Record<string, number> = {};
  for (const ul of underlyings) spotPct[ul] = round((r.spotMoves[ul] ?? 0) * 100, 8);
  const notes: string[] = [];
  if (s.volShift !== 0 && s.volTermPower > 0) {
    notes.push(
      `Vol shift applied flat to every expiry (the stress scales it by (30/DTE)^${s.volTermPower}: more at the front, less at the back).`,
    );
  }
  if (r.components.basisUsd !== 0) notes.push(`Basis collapse (${Math.round(s.basisCollapse * 100)} %) has no what-if input.`);
  if (r.components.venueDefaultUsd !== 0) notes.push(`Default of ${s.venueDefault} has no what-if input.`);
  return { inputs: { spotPct, volPts: round(s.volShift * 100, 8), days: s.days ?? 0 }, notes };
}
