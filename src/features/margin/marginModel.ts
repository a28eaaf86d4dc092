/**
 * Margin tab view-model: per settlement currency the PME cards, the risk matrix as heatmap cells (standard table
 * 3 vol rows × price moves, extended row) with the worst scenario marked, roll- and delta-shock details, the
 * comparison with Deribit standard and SPAN-style margin, and the cross-margin accounts with their liquidation
 * distances. Every number is the engine's (worker `analysisMargin` / `analysisLiquidation`); this file orders,
 * labels and colours.
 */
import {
  DEFAULT_SPAN_PARAMS,
  DEFAULT_STANDARD_MARGIN_PARAMS,
  type FuturesMarginRates,
  type LiquidationPoint,
  type LiquidationResult,
  type PmeScenarioLabel,
  type PmeVolScenario,
  type SpanParams,
  type StandardMarginParams,
} from '../../engine/index.ts';
import type { SpanSettings, StandardRateEdit } from '../../state/slices/analysisSlice.ts';
import type { LiquidationView, MarginView, PmeCurrencyView } from '../../worker/api/marginApi.ts';
import { formatCoin, formatNumber, formatPrice, formatUsd } from '../../lib/format.ts';

/** Settlement currencies in desk order: BTC, ETH, USDC, then alphabetical. */
export function compareCurrencies(a: string, b: string): number {
  const rank = (x: string) => (x === 'BTC' ? 0 : x === 'ETH' ? 1 : x === 'USDC' ? 2 : 3);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** An amount in a settlement currency: coins to 4 decimals, USDC as USD. */
export function formatCcy(x: number | null | undefined, ccy: string, opts: { signed?: boolean } = {}): string {
  return ccy === 'USDC' ? formatUsd(x, { digits: 0, ...opts }) : formatCoin(x, opts);
}

export interface CurrencyCard {
  readonly ccy: string;
  /** USD per unit of the currency. */
  readonly currencyUsd: number;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
  readonly worstCase: number;
  readonly rollShock: number;
  readonly deltaShock: number;
  readonly riskMatrixMargin: number;
  readonly worstText: string;
  readonly underlyings: readonly string[];
}

export function currencyCards(view: MarginView | null): CurrencyCard[] {
  if (!view) return [];
  return Object.values(view.currencies)
    .sort((a, b) => compareCurrencies(a.currency, b.currency))
    .map((c) => ({
      ccy: c.currency,
      currencyUsd: c.currencyUsd,
      initialMargin: c.initialMargin,
      maintenanceMargin: c.maintenanceMargin,
      initialMarginUsd: c.initialMarginUsd,
      maintenanceMarginUsd: c.maintenanceMarginUsd,
      worstCase: c.worstCase,
      rollShock: c.rollShock,
      deltaShock: c.deltaShock,
      riskMatrixMargin: c.riskMatrixMargin,
      worstText: c.worstScenario ? describeWorst(c.worstScenario) : 'no loss in any scenario',
      underlyings: c.pairs.map((p) => p.underlying),
    }));
}

const signedPct = (m: number) => `${formatNumber(m, Number.isInteger(m) ? 0 : 1, { signed: true })} %`;

/** "−16 %, vol up — standard table, bucket 1 left". */
export function describeWorst(l: PmeScenarioLabel): string {
  const where = l.side === 'center' ? 'centre' : `bucket ${l.bucket} ${l.side}`;
  return `${signedPct(l.movePct)}, vol ${l.vol} — ${l.table} table, ${where}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Risk matrix heatmap.

export interface MatrixCell {
  readonly table: 'standard' | 'extended';
  readonly row: number;
  readonly col: number;
  readonly movePct: number;
  readonly vol: PmeVolScenario;
  /** Aggregated P&L after offsets (and the dampener, extended), in the currency. */
  readonly value: number;
  readonly worst: boolean;
  /** A gain credited only at pnl_offset: the gain before the offset, else null. */
  readonly rawGain: number | null;
  /** CSS background. */
  readonly background: string;
  readonly tooltip: string;
}

export interface RiskMatrixModel {
  readonly ccy: string;
  readonly columnsPct: readonly number[];
  readonly rows: readonly { readonly vol: PmeVolScenario; readonly cells: readonly MatrixCell[] }[];
  readonly extendedColumnsPct: readonly number[];
  readonly extended: readonly MatrixCell[];
  readonly worst: PmeScenarioLabel | null;
  /** Largest |entry|, the colour scale's end. */
  readonly maxAbs: number;
  /** Share of a gain credited. */
  readonly pnlOffset: number;
}

/** Diverging colour: losses red, gains green, alpha by |x| / maxAbs (0 → transparent). */
export function heatColour(value: number, maxAbs: number): string {
  if (!(maxAbs > 0) || !Number.isFinite(value) || value === 0) return 'transparent';
  const a = 0.1 + 0.62 * Math.min(1, Math.abs(value) / maxAbs);
  return value < 0 ? `rgba(255, 100, 100, ${a.toFixed(3)})` : `rgba(52, 201, 139, ${a.toFixed(3)})`;
}

const VOL_ROWS: readonly PmeVolScenario[] = ['up', 'same', 'down'];

export function riskMatrix(c: PmeCurrencyView): RiskMatrixModel {
  const rawStd = (r: number, col: number) => c.pairs.reduce((s, p) => s + (p.standardRaw[r]?.[col] ?? 0), 0);
  const all = [...c.standard.flat(), ...c.extended, ...c.standard.flatMap((row, r) => row.map((_x, col) => rawStd(r, col)))];
  const maxAbs = all.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const w = c.worstScenario;
  const fmt = (x: number) => `${formatCcy(x, c.currency, { signed: true })} ${c.currency}`;
  const rows = VOL_ROWS.map((vol, r) => ({
    vol,
    cells: c.standardMovesPct.map((movePct, col): MatrixCell => {
      const value = c.standard[r]?.[col] ?? NaN;
      const raw = rawStd(r, col);
      const offset = raw > 0 && raw !== value;
      const offsetNote = offset ? ` (a gain of ${fmt(raw)} counted at pnl_offset ${c.params.pnl_offset})` : '';
      return {
        table: 'standard',
        row: r,
        col,
        movePct,
        vol,
        value,
        worst: w?.table === 'standard' && w.row === r && w.column === col,
        rawGain: offset ? raw : null,
        // An offset gain is tinted by the gain itself (faintly, as it is not credited in full).
        background: offset ? heatColour(raw, maxAbs * 2.5) : heatColour(value, maxAbs),
        tooltip: `Spot ${signedPct(movePct)}, vol ${vol}: ${fmt(value)}${offsetNote}`,
      };
    }),
  }));
  const extended = c.extendedMovesPct.map((movePct, col): MatrixCell => {
    const value = c.extended[col] ?? NaN;
    const raw = c.pairs.reduce((s, p) => s + (p.extendedRaw[col] ?? 0), 0);
    const damp = c.pairs.reduce((s, p) => s + (p.dampener[col] ?? 0), 0);
    return {
      table: 'extended',
      row: 0,
      col,
      movePct,
      vol: 'up',
      value,
      worst: w?.table === 'extended' && w.column === col,
      rawGain: raw > 0 && raw !== value ? raw : null,
      background: raw > 0 && raw !== value ? heatColour(raw, maxAbs * 2.5) : heatColour(value, maxAbs),
      tooltip: `Extended ${signedPct(movePct)}, vol up: scaled P&L ${fmt(raw)}, dampener up to ${fmt(damp)} → ${fmt(value)}`,
    };
  });
  return {
    ccy: c.currency,
    columnsPct: c.standardMovesPct,
    rows,
    extendedColumnsPct: c.extendedMovesPct,
    extended,
    worst: w,
    maxAbs,
    pnlOffset: c.params.pnl_offset,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Roll and delta shocks.

export interface RollRow {
  readonly underlying: string;
  /** "PERPETUAL" or the expiry date. */
  readonly expiry: string;
  readonly deltaCoin: number;
  readonly movePct: number;
  readonly shock: number;
}

export function rollRows(c: PmeCurrencyView): RollRow[] {
  return c.pairs.flatMap((p) =>
    p.rollBuckets.map((b) => ({
      underlying: p.underlying,
      expiry: b.expiryMs === null ? 'Perpetual' : b.expiry.slice(0, 10),
      deltaCoin: b.deltaCoin,
      movePct: b.moveFraction * 100,
      shock: b.shock,
    })),
  );
}

export interface DeltaShockRow {
  readonly underlying: string;
  readonly deltaTotalCoin: number;
  readonly deltaTotalUsd: number;
  readonly thresholdUsd: number;
  readonly capPct: number;
  readonly shock: number;
}

export function deltaShockRows(c: PmeCurrencyView): DeltaShockRow[] {
  return c.pairs.map((p) => ({
    underlying: p.underlying,
    deltaTotalCoin: p.deltaTotalCoin,
    deltaTotalUsd: p.deltaTotalUsd,
    thresholdUsd: p.params.delta_total_liq_shock_threshold,
    capPct: p.params.max_delta_shock * 100,
    shock: p.deltaShock,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// PME vs standard vs SPAN.

export interface CompareRow {
  readonly ccy: string;
  readonly pme: { readonly im: number; readonly mm: number };
  readonly standard: { readonly im: number; readonly mm: number } | null;
  readonly span: { readonly im: number; readonly mm: number } | null;
  /** Positions margined at assumed standard rates (no published rate found). */
  readonly standardAssumed: number;
  /** The SPAN requirement's parts, in the currency. */
  readonly spanParts: { readonly scanRisk: number; readonly calendarSpreadCharge: number; readonly shortOptionMinimum: number } | null;
}

export function compareRows(view: MarginView | null): { rows: CompareRow[]; totalsUsd: { pme: number; standard: number; span: number } } {
  if (!view) return { rows: [], totalsUsd: { pme: 0, standard: 0, span: 0 } };
  const ccys = [
    ...new Set([...Object.keys(view.currencies), ...Object.keys(view.standard.currencies), ...Object.keys(view.span.currencies)]),
  ].sort(compareCurrencies);
  const rows = ccys.map((ccy) => {
    const p = view.currencies[ccy];
    const s = view.standard.currencies[ccy];
    const x = view.span.currencies[ccy];
    return {
      ccy,
      pme: { im: p?.initialMargin ?? 0, mm: p?.maintenanceMargin ?? 0 },
      standard: s ? { im: s.initialMargin, mm: s.maintenanceMargin } : null,
      span: x ? { im: x.initialMargin, mm: x.maintenanceMargin } : null,
      standardAssumed: s?.assumedPositions ?? 0,
      spanParts: x
        ? { scanRisk: x.scanRisk, calendarSpreadCharge: x.calendarSpreadCharge, shortOptionMinimum: x.shortOptionMinimum }
        : null,
    };
  });
  return { rows, totalsUsd: { pme: view.initialMarginUsd, standard: view.standard.initialMarginUsd, span: view.span.initialMarginUsd } };
}

// ---------------------------------------------------------------------------------------------------------------
// SPAN-style and standard-margin parameters: the Margin tab's inputs (percent, vol points) → engine decimals.

/** Engine SPAN parameters from the tab's settings; a blank field keeps the engine's default. */
export function toSpanParams(s: SpanSettings): SpanParams {
  const d = DEFAULT_SPAN_PARAMS;
  const pct = (x: number | null, fallback: number) => (x === null ? fallback : x / 100);
  const calendar =
    s.calendarAnnualPct === null && s.calendarMinPct === null
      ? null
      : { annualised: (s.calendarAnnualPct ?? 0) / 100, minimum: (s.calendarMinPct ?? 0) / 100 };
  return {
    volScan: s.volScanPts === null ? d.volScan : s.volScanPts / 100,
    extremeMultiple: s.extremeMultiple ?? d.extremeMultiple,
    extremeCover: pct(s.extremeCoverPct, d.extremeCover),
    lookAheadDays: s.lookAheadDays ?? d.lookAheadDays,
    shortOptionMinimum: pct(s.shortOptionMinimumPct, d.shortOptionMinimum),
    calendarMove: calendar,
    mmFactor: d.mmFactor,
  };
}

/** Engine standard-margin parameters with the tab's edits applied; an edited line is no longer "assumed". */
export function toStandardParams(edits: Readonly<Record<string, StandardRateEdit>>): StandardMarginParams {
  const d = DEFAULT_STANDARD_MARGIN_PARAMS;
  const futures: Record<string, FuturesMarginRates> = { ...d.futures };
  for (const [line, e] of Object.entries(edits)) {
    const base = d.futures[line] ?? d.futures[line.endsWith('_USDC') ? 'default' : 'defaultInverse']!;
    futures[line] = {
      imBase: e.imPct === null ? base.imBase : e.imPct / 100,
      mmBase: e.mmPct === null ? base.mmBase : e.mmPct / 100,
      increasePerCoin: e.addOnPctPerCoin === null ? base.increasePerCoin : e.addOnPctPerCoin / 100,
      source: `edited in the Margin tab (default: ${base.source})`,
      assumed: false,
    };
  }
  return { ...d, futures };
}

export interface StandardRateRow {
  /** Product line (`BTC`, `SOL_USDC`, `default` = any other linear line). */
  readonly line: string;
  readonly label: string;
  /** Default rates, percent. */
  readonly imPct: number;
  readonly mmPct: number;
  readonly addOnPctPerCoin: number;
  readonly edit: StandardRateEdit | null;
  readonly status: 'published' | 'assumed' | 'edited';
  readonly source: string;
  /** The book has positions on this line. */
  readonly inBook: boolean;
}

const LINE_LABELS: Readonly<Record<string, string>> = {
  default: 'other linear (XRP_USDC …)',
  defaultInverse: 'other inverse',
};

/** Rows of the standard-rates table: every product line with its default, edit, status and source. */
export function standardRateRows(view: MarginView | null, edits: Readonly<Record<string, StandardRateEdit>>): StandardRateRow[] {
  const d = DEFAULT_STANDARD_MARGIN_PARAMS.futures;
  const used = new Set((view?.standard.positions ?? []).map((p) => p.rateKey).filter((k): k is string => k !== null));
  const lines = [...new Set([...Object.keys(d), ...Object.keys(edits)])].filter((l) => l !== 'defaultInverse' || used.has(l));
  const order = (l: string) => (l === 'default' ? 2 : l.endsWith('_USDC') ? 1 : 0);
  return lines
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((line) => {
      const base = d[line] ?? d[line.endsWith('_USDC') ? 'default' : 'defaultInverse']!;
      const edit = edits[line] ?? null;
      return {
        line,
        label: LINE_LABELS[line] ?? line,
        imPct: base.imBase * 100,
        mmPct: base.mmBase * 100,
        addOnPctPerCoin: base.increasePerCoin * 100,
        edit,
        status: edit ? 'edited' : base.assumed ? 'assumed' : 'published',
        source: base.source,
        inBook: used.has(line),
      };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-margin and liquidation.

export interface LiquidationSide {
  readonly movePct: number;
  /** "BTC 41,234" or "BTC 41,234 · ETH 1,321". */
  readonly pricesText: string;
}

export interface LiquidationRow {
  readonly venue: string;
  /** An underlying, or "ALL". */
  readonly target: string;
  readonly label: string;
  readonly cushionUsd: number;
  readonly alreadyBelow: boolean;
  readonly down: LiquidationSide | null;
  readonly up: LiquidationSide | null;
  /** The nearer side's move, percent (null when none in range). */
  readonly nearestPct: number | null;
  readonly note: string | null;
}

function side(p: LiquidationPoint | null): LiquidationSide | null {
  if (!p) return null;
  const pricesText = Object.entries(p.pricesUsd)
    .map(([ul, px]) => `${ul} ${formatPrice(px)}`)
    .join(' · ');
  return { movePct: p.movePct, pricesText };
}

function rowOf(venue: string, r: LiquidationResult): LiquidationRow {
  return {
    venue,
    target: r.target,
    label: r.target === 'ALL' ? `All together (${r.underlyings.join(' + ')})` : `${r.target} alone`,
    cushionUsd: r.cushionUsd,
    alreadyBelow: r.alreadyBelow,
    down: side(r.down),
    up: side(r.up),
    nearestPct: r.nearest ? r.nearest.movePct : null,
    note: r.note,
  };
}

/** Per venue: every underlying alone, then all together. */
export function liquidationRows(view: LiquidationView | null): LiquidationRow[] {
  if (!view) return [];
  return view.venues.flatMap((v) => [...Object.values(v.byUnderlying).map((r) => rowOf(v.venue, r)), rowOf(v.venue, v.all)]);
}
