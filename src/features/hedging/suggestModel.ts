/**
 * View-model of the hedge suggestions: the trader's target inputs per underlying → the engine's targets (with
 * validation messages), the candidate picker rows, the before / after table and the rows a suggestion adds to the
 * book. Pure functions; the numbers are the engine's (worker `hedgeSuggest`), this only shapes them.
 */
import {
  hedgeScopeLabel,
  inHedgeScope,
  type CandidateKind,
  type DeltaMeasure,
  type HedgeCandidate,
  type HedgeScope,
  type HedgeTrade,
  type TargetCheck,
  type UnderlyingTargets,
} from '../../engine/index.ts';
import type { PositionResult, UnderlyingAggregate } from '../../domain/results.ts';
import type { NewPositionInput } from '../../state/slices/portfolioSlice.ts';
import type { HedgeBookMetrics } from '../../worker/api/hedgeApi.ts';
import { formatNumber } from '../../lib/format.ts';

/** Delta goal of one underlying: flat, inside a band, or left alone. */
export type DeltaMode = 'zero' | 'band' | 'off';

/**
 * What the trader typed for one underlying. Delta is USD delta (`deltaUsd`, the default) or coin delta, with a band
 * in each unit kept apart (switching the measure does not reinterpret a number); gamma USD per 1 %, vega USD per
 * vol point.
 */
export interface TargetInput {
  readonly deltaMode: DeltaMode;
  /** Which delta the target flattens (and the delta-hedge simulation hedges). */
  readonly deltaMeasure: DeltaMeasure;
  /** Coin delta band. */
  readonly deltaLo: number;
  readonly deltaHi: number;
  /** USD delta band. */
  readonly deltaUsdLo: number;
  readonly deltaUsdHi: number;
  readonly gammaOn: boolean;
  readonly gammaTarget: number;
  readonly gammaTol: number;
  readonly vegaOn: boolean;
  readonly vegaTarget: number;
  readonly vegaTol: number;
}

export const KIND_LABELS: Readonly<Record<CandidateKind, string>> = {
  perpetual: 'Perpetuals',
  future: 'Futures',
  option: 'Options near the money',
};

export const ALL_KINDS: readonly CandidateKind[] = ['perpetual', 'future', 'option'];

/** 1, 2 or 5 × a power of ten, the nearest at or below `x` (> 0): a default that reads like one a human chose. */
export function niceFloor(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/** Default USD delta band half-width. */
export const DEFAULT_USD_BAND = 50_000;

/**
 * Defaults for an underlying: USD delta flat; a ± band of USD 50k of delta (in coin: about that much at today's
 * prices, 0.5 BTC, 20 ETH) ready for when the trader picks "band"; gamma and vega off with tolerances of USD 1,000
 * per 1 % and USD 500 per vol point.
 */
export function defaultTarget(spotUsd: number | null): TargetInput {
  const band = spotUsd && spotUsd > 0 ? niceFloor(DEFAULT_USD_BAND / spotUsd) : 1;
  return {
    deltaMode: 'zero',
    deltaMeasure: 'usd',
    deltaLo: -band,
    deltaHi: band,
    deltaUsdLo: -DEFAULT_USD_BAND,
    deltaUsdHi: DEFAULT_USD_BAND,
    gammaOn: false,
    gammaTarget: 0,
    gammaTol: 1_000,
    vegaOn: false,
    vegaTarget: 0,
    vegaTol: 500,
  };
}

/** The trader's inputs for every underlying of the book, defaults where nothing was typed yet. */
export function effectiveTargets(
  typed: Readonly<Record<string, TargetInput>>,
  underlyings: readonly string[],
  spotUsd: (ul: string) => number | null,
): Record<string, TargetInput> {
  const out: Record<string, TargetInput> = {};
  for (const ul of underlyings) out[ul] = typed[ul] ?? defaultTarget(spotUsd(ul));
  return out;
}

/**
 * The engine's targets, or the reasons the inputs cannot be used (per underlying). Underlyings with everything off
 * are left out (the solver does not touch them).
 */
export function toEngineTargets(inputs: Readonly<Record<string, TargetInput>>): {
  targets: Record<string, UnderlyingTargets>;
  errors: Record<string, string>;
} {
  const targets: Record<string, UnderlyingTargets> = {};
  const errors: Record<string, string> = {};
  for (const [ul, t] of Object.entries(inputs)) {
    if (t.deltaMode === 'off' && !t.gammaOn && !t.vegaOn) continue;
    const problems: string[] = [];
    const [lo, hi] = t.deltaMeasure === 'usd' ? [t.deltaUsdLo, t.deltaUsdHi] : [t.deltaLo, t.deltaHi];
    if (t.deltaMode === 'band' && !(lo <= hi)) problems.push('the delta band’s low end is above its high end');
    if (t.gammaOn && !(t.gammaTol >= 0)) problems.push('gamma tolerance must be ≥ 0');
    if (t.vegaOn && !(t.vegaTol >= 0)) problems.push('vega tolerance must be ≥ 0');
    const finite = [lo, hi, t.gammaTarget, t.gammaTol, t.vegaTarget, t.vegaTol].every(Number.isFinite);
    if (!finite) problems.push('every figure must be a number');
    if (problems.length > 0) {
      errors[ul] = `${ul}: ${problems.join('; ')}`;
      continue;
    }
    const measure = t.deltaMeasure;
    const delta = t.deltaMode === 'zero' ? { lo: 0, hi: 0, measure } : t.deltaMode === 'band' ? { lo, hi, measure } : null;
    targets[ul] = {
      ...(delta ? { delta } : {}),
      ...(t.gammaOn ? { gammaUsd1pct: { target: t.gammaTarget, tolerance: t.gammaTol } } : {}),
      ...(t.vegaOn ? { vega: { target: t.vegaTarget, tolerance: t.vegaTol } } : {}),
    };
  }
  return { targets, errors };
}

// ---------- scope ----------

/** Whose Greeks the targets apply to (the same names as the CLI's `--hedge-scope`). */
export type ScopeChoice = 'book' | 'deribit' | 'deribit-derivatives';

export const SCOPE_CHOICES: readonly ScopeChoice[] = ['book', 'deribit', 'deribit-derivatives'];

const SCOPES: Readonly<Record<ScopeChoice, HedgeScope>> = {
  book: { venue: null },
  deribit: { venue: 'deribit' },
  'deribit-derivatives': { venue: 'deribit', derivativesOnly: true },
};

export function scopeOf(choice: ScopeChoice): HedgeScope {
  return SCOPES[choice];
}

/** "Whole book (every venue, spot included)", "Deribit account (collateral included)", … */
export function scopeChoiceLabel(choice: ScopeChoice): string {
  const label = hedgeScopeLabel(SCOPES[choice]);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** The figures a target measures, summed over the positions of the scope (the report's own per-position Greeks). */
export type ScopedGreeks = Pick<UnderlyingAggregate, 'delta' | 'deltaUsd' | 'gammaUsd1pct' | 'vega'>;

export function scopedGreeks(positions: readonly PositionResult[], choice: ScopeChoice): Record<string, ScopedGreeks> {
  const scope = SCOPES[choice];
  const out: Record<string, { delta: number; deltaUsd: number; gammaUsd1pct: number; vega: number }> = {};
  for (const p of positions) {
    if (p.kind === 'cash' || !inHedgeScope(p.venue, p.kind, scope)) continue;
    const a = (out[p.underlying] ??= { delta: 0, deltaUsd: 0, gammaUsd1pct: 0, vega: 0 });
    a.delta += p.delta;
    a.deltaUsd += p.deltaUsd;
    a.gammaUsd1pct += p.gammaUsd1pct;
    a.vega += p.vega;
  }
  return out;
}

/** "USD delta" / "Coin delta" as the first word of a row. */
export function deltaRowLabel(measure: DeltaMeasure): string {
  return measure === 'usd' ? 'USD delta' : 'Coin delta';
}

// ---------- candidates ----------

export interface CandidateRow {
  readonly instrument: string;
  readonly kind: CandidateKind;
  /** "Perpetual", "Future", "Call", "Put". */
  readonly type: string;
  readonly delta: number;
  readonly gammaUsd1pct: number;
  readonly vega: number;
  readonly costPerCoinUsd: number;
  /** Cost as basis points of the forward notional. */
  readonly costBp: number;
  /** Ticked and its kind enabled: the solver may use it. */
  readonly usable: boolean;
  readonly ticked: boolean;
  readonly kindEnabled: boolean;
}

export interface CandidateGroup {
  readonly underlying: string;
  readonly rows: readonly CandidateRow[];
  readonly usableCount: number;
}

/** Candidate rows grouped by underlying, in the engine's order (perpetual, futures by expiry, options by expiry). */
export function candidateGroups(
  candidates: readonly HedgeCandidate[],
  kinds: Readonly<Record<CandidateKind, boolean>>,
  excluded: readonly string[],
): CandidateGroup[] {
  const off = new Set(excluded);
  const groups = new Map<string, CandidateRow[]>();
  for (const c of candidates) {
    const ticked = !off.has(c.instrument);
    const kindEnabled = kinds[c.kind];
    const type = c.kind === 'option' ? (c.instrument.endsWith('-C') ? 'Call' : 'Put') : c.kind === 'future' ? 'Future' : 'Perpetual';
    const row: CandidateRow = {
      instrument: c.instrument,
      kind: c.kind,
      type,
      delta: c.delta,
      gammaUsd1pct: c.gammaUsd1pct,
      vega: c.vega,
      costPerCoinUsd: c.costPerCoinUsd,
      costBp: c.forwardUsd > 0 ? (c.costPerCoinUsd / c.forwardUsd) * 1e4 : NaN,
      usable: ticked && kindEnabled,
      ticked,
      kindEnabled,
    };
    const list = groups.get(c.underlying) ?? [];
    list.push(row);
    groups.set(c.underlying, list);
  }
  return [...groups].map(([underlying, rows]) => ({ underlying, rows, usableCount: rows.filter((r) => r.usable).length }));
}

/** Toggle one instrument in the unticked list. */
export function toggleExcluded(excluded: readonly string[], instrument: string, ticked: boolean): string[] {
  const rest = excluded.filter((x) => x !== instrument);
  return ticked ? rest : [...rest, instrument];
}

// ---------- trades ----------

/** The rows "Apply as what-if" (whatIf true) or "Commit" (false) adds: one per trade, labelled `hedge`. */
export function tradesToPositions(trades: readonly HedgeTrade[], whatIf: boolean): NewPositionInput[] {
  return trades.map((t) => ({
    instrument: t.instrument,
    quantity: t.quantity,
    ...(t.unit === 'usd' ? { unit: 'usd' as const } : {}),
    label: 'hedge',
    whatIf,
  }));
}

/** "−346,350 USD" for delta-one (USD notional), "+0.5 coin" for options. */
export function tradeQuantityText(t: HedgeTrade): string {
  return t.unit === 'usd'
    ? `${formatNumber(t.quantity, 0, { signed: true })} USD`
    : `${formatNumber(t.quantity, 1, { signed: true })} coin`;
}

// ---------- targets after the trades ----------

export interface CheckRow {
  /** `BTC-deltaUsd`, `ETH-gammaUsd1pct`, … */
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly before: string;
  readonly after: string;
  /** "0 ± 5.00 rounding", "−50,000.00 … 50,000.00", "0 ± 313.53". */
  readonly band: string;
  readonly met: boolean;
  readonly afterValue: number;
}

/** The engine's target checks as table rows (USD figures 2 dp, coin 4 dp). */
export function checkRows(checks: readonly TargetCheck[]): CheckRow[] {
  return checks.map((c) => {
    const d = c.greek === 'delta' ? 4 : 2;
    const f = (x: number) => formatNumber(x, d);
    const mid = (c.lo + c.hi) / 2;
    const half = (c.hi - c.lo) / 2;
    const core =
      c.greek === 'delta' || c.greek === 'deltaUsd' ? (c.lo === c.hi ? f(c.lo) : `${f(c.lo)} … ${f(c.hi)}`) : `${f(mid)} ± ${f(half)}`;
    return {
      key: `${c.underlying}-${c.greek}`,
      label: c.label,
      unit: c.unit,
      before: f(c.before),
      after: f(c.after),
      band: c.roundingAllowance > 0 ? `${core} (± ${f(c.roundingAllowance)} rounding)` : core,
      met: c.met,
      afterValue: c.after,
    };
  });
}

// ---------- before / after ----------

/** How a figure prints: coin 4 dp, USD 0 dp, or a currency amount (coin 4 dp, USDC 0 dp). */
export type FigureKind = 'coin' | 'usd' | 'ccy-coin';

export interface BeforeAfterRow {
  /** Stable key for hooks: `delta-BTC`, `var`, `im-BTC`, … */
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly kind: FigureKind;
  readonly before: number | null;
  readonly after: number | null;
  /** Which direction is an improvement (risk measures), or null when the target decides (Greeks). */
  readonly better: 'higher' | 'lower' | null;
  readonly hint?: string;
  /** First row of a section (a divider above it). */
  readonly section?: string;
}

const greekRows = (ul: string, b: UnderlyingAggregate | undefined, a: UnderlyingAggregate | undefined): BeforeAfterRow[] => [
  {
    key: `delta-${ul}`,
    label: `${ul} delta`,
    unit: 'coin',
    kind: 'coin',
    before: b?.delta ?? 0,
    after: a?.delta ?? 0,
    better: null,
    section: ul,
  },
  {
    key: `delta-usd-${ul}`,
    label: `${ul} delta`,
    unit: 'USD',
    kind: 'usd',
    before: b?.deltaUsd ?? 0,
    after: a?.deltaUsd ?? 0,
    better: null,
    // Why a flat coin delta need not mean a flat USD delta: worth saying where the two disagree.
    hint: 'USD P&L per unit relative move (∂V/∂m). It differs from coin delta × index because inverse futures and perpetuals earn their P&L in coin (N·S/E vs N/F: entry price and basis) and spot holdings count at the index',
  },
  {
    key: `gamma-usd-${ul}`,
    label: `${ul} gamma`,
    unit: 'USD / 1 %',
    kind: 'usd',
    before: b?.gammaUsd1pct ?? 0,
    after: a?.gammaUsd1pct ?? 0,
    better: null,
  },
  { key: `vega-${ul}`, label: `${ul} vega`, unit: 'USD / vol pt', kind: 'usd', before: b?.vega ?? 0, after: a?.vega ?? 0, better: null },
  {
    key: `theta-${ul}`,
    label: `${ul} theta`,
    unit: 'USD / day',
    kind: 'usd',
    before: b?.theta ?? 0,
    after: a?.theta ?? 0,
    better: 'higher',
  },
];

/** Desk order of underlyings: BTC, ETH, then alphabetical. */
export function ulOrder(a: string, b: string): number {
  const rank = (x: string) => (x === 'BTC' ? 0 : x === 'ETH' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * The before / after table: Greeks of the targeted underlyings, then the heatmap worst cell, VaR and ES, then IM and
 * MM per settlement currency (in that currency) and in total (USD).
 */
export function beforeAfterRows(
  before: HedgeBookMetrics,
  after: HedgeBookMetrics,
  underlyings: readonly string[],
  varConfidence: number,
): BeforeAfterRow[] {
  const rows: BeforeAfterRow[] = [];
  for (const ul of [...underlyings].sort(ulOrder)) rows.push(...greekRows(ul, before.greeks[ul], after.greeks[ul]));
  const at = (m: HedgeBookMetrics) =>
    m.heatmapWorst
      ? `spot ${formatNumber(m.heatmapWorst.spotPct, 0, { signed: true })} %, vol ${formatNumber(m.heatmapWorst.volPts, 0, { signed: true })} pts`
      : '—';
  rows.push({
    key: 'heatmap-worst',
    label: 'Heatmap worst cell',
    unit: 'USD',
    kind: 'usd',
    before: before.heatmapWorst?.pnlUsd ?? null,
    after: after.heatmapWorst?.pnlUsd ?? null,
    better: 'higher',
    hint: `Largest loss on the spot × vol grid (all underlyings together). Before: ${at(before)}; after: ${at(after)}.`,
    section: 'Risk',
  });
  const pct = formatNumber(varConfidence * 100, 0);
  const varHint = before.var.ok
    ? `Historical simulation, ${before.var.value.observations} daily returns ${before.var.value.windowStart} → ${before.var.value.windowEnd}, full revaluation`
    : before.var.error;
  rows.push({
    key: 'var',
    label: `VaR ${pct} % 1-day`,
    unit: 'USD',
    kind: 'usd',
    before: before.var.ok ? before.var.value.varUsd : null,
    after: after.var.ok ? after.var.value.varUsd : null,
    better: 'lower',
    hint: varHint,
  });
  rows.push({
    key: 'es',
    label: `ES ${pct} % 1-day`,
    unit: 'USD',
    kind: 'usd',
    before: before.var.ok ? before.var.value.esUsd : null,
    after: after.var.ok ? after.var.value.esUsd : null,
    better: 'lower',
    hint: varHint,
  });
  const ccys = [...new Set([...Object.keys(before.margin.currencies), ...Object.keys(after.margin.currencies)])].sort(ulOrder);
  ccys.forEach((ccy, i) => {
    const b = before.margin.currencies[ccy];
    const a = after.margin.currencies[ccy];
    const kind: FigureKind = ccy === 'USDC' ? 'usd' : 'ccy-coin';
    const hint = `Deribit portfolio margin of the ${ccy}-settled positions, in ${ccy}`;
    rows.push({
      key: `im-${ccy}`,
      label: `Initial margin ${ccy}`,
      unit: ccy,
      kind,
      before: b?.im ?? 0,
      after: a?.im ?? 0,
      better: 'lower',
      hint,
      ...(i === 0 ? { section: 'Margin' } : {}),
    });
    rows.push({
      key: `mm-${ccy}`,
      label: `Maintenance margin ${ccy}`,
      unit: ccy,
      kind,
      before: b?.mm ?? 0,
      after: a?.mm ?? 0,
      better: 'lower',
      hint,
    });
  });
  rows.push({
    key: 'im-usd',
    label: 'Initial margin, all',
    unit: 'USD',
    kind: 'usd',
    before: before.margin.imUsd,
    after: after.margin.imUsd,
    better: 'lower',
    hint: 'Sum over currencies at each currency’s index',
    ...(ccys.length === 0 ? { section: 'Margin' } : {}),
  });
  rows.push({
    key: 'mm-usd',
    label: 'Maintenance margin, all',
    unit: 'USD',
    kind: 'usd',
    before: before.margin.mmUsd,
    after: after.margin.mmUsd,
    better: 'lower',
    hint: 'Sum over currencies at each currency’s index',
  });
  return rows;
}

/** Display of one figure of the table. */
export function formatFigure(kind: FigureKind, x: number | null, signed = false): string {
  if (kind === 'coin' || kind === 'ccy-coin') return formatNumber(x, 4, { signed });
  return formatNumber(x, 0, { signed });
}

/** Tone of a change: pos when it improves the figure, neg when it worsens it, flat otherwise. */
export function changeTone(row: BeforeAfterRow): 'pos' | 'neg' | 'flat' {
  if (row.before === null || row.after === null || row.better === null) return 'flat';
  const d = row.after - row.before;
  const scale = Math.max(Math.abs(row.before), Math.abs(row.after), 1e-9);
  if (Math.abs(d) <= 1e-9 * scale) return 'flat';
  return (row.better === 'lower' ? d < 0 : d > 0) ? 'pos' : 'neg';
}
