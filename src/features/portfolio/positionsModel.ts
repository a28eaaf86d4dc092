/**
 * Grid rows: one per position of the book (never per report row), merged with the engine's figures by id. Unpriced
 * positions keep their row with the engine's reason and empty figures — never zeros. A position that expired before
 * the valuation time keeps its row as `settled` with what it settled into (or that this is unknown) and no figures;
 * a priced position whose expiry the market does not list carries the note "not listed in this market; value
 * interpolated".
 */
import { parseInstrument, type Instrument, type InstrumentKind, type ParseResult } from '../../domain/instrument.ts';
import type { Portfolio, Position, QuantityUnit } from '../../domain/position.ts';
import type { PositionFilter } from '../../state/slices/uiSlice.ts';
import type { PositionResult, RiskReport, SettledResult } from '../../domain/results.ts';
import { UNLISTED_EXPIRY_NOTE } from '../../engine/index.ts';

/**
 * priced: figures shown; unpriced: the engine gave a reason; settled: expired before the valuation time (no figures,
 * in no total); excluded: a what-if switched off; pending: computing.
 */
export type RowStatus = 'priced' | 'unpriced' | 'settled' | 'excluded' | 'pending';

export interface PositionRow {
  readonly id: string;
  readonly instrument: string;
  readonly kind: InstrumentKind | null;
  readonly underlying: string | null;
  readonly venue: string;
  readonly label: string;
  readonly quantity: number;
  readonly unit: QuantityUnit;
  readonly entryPrice: number | null;
  /** Quote currency of mark and entry price: coin for inverse options, USD otherwise. */
  readonly quoteCcy: string;
  readonly mark: number | null;
  /** Decimal. */
  readonly iv: number | null;
  readonly valueUsd: number | null;
  readonly pnlVsEntryUsd: number | null;
  /** USD P&L of the what-if scenario (value after − value now). */
  readonly scenarioPnlUsd: number | null;
  readonly delta: number | null;
  readonly gamma: number | null;
  readonly vega: number | null;
  readonly theta: number | null;
  readonly status: RowStatus;
  /** Why the row has no figures (unpriced, settled) or what it is (excluded what-if). */
  readonly message: string | null;
  /** A priced row's caveat, e.g. "not listed in this market; value interpolated"; null when none. */
  readonly note: string | null;
  readonly whatIf: boolean;
  readonly excluded: boolean;
  readonly line: number | null;
}

export interface TotalsRow {
  readonly id: '__totals';
  readonly instrument: string;
  readonly valueUsd: number;
  readonly pnlVsEntryUsd: number;
  readonly scenarioPnlUsd: number;
  /** Only when every priced row has the same underlying (coins of BTC and ETH do not add). */
  readonly delta: number | null;
  readonly gamma: number | null;
  readonly vega: number;
  readonly theta: number;
}

/**
 * Rows are rebuilt on every report (many per second while dragging): instrument names are parsed once each.
 * Bounded so a session of many different books cannot grow it without limit.
 */
const parsedNames = new Map<string, ParseResult<Instrument>>();
const MAX_PARSED_NAMES = 200_000;

function parseName(name: string): ParseResult<Instrument> {
  let r = parsedNames.get(name);
  if (!r) {
    if (parsedNames.size >= MAX_PARSED_NAMES) parsedNames.clear();
    r = parseInstrument(name);
    parsedNames.set(name, r);
  }
  return r;
}

function quoteCurrency(kind: InstrumentKind | null, settlement: string | null, underlying: string | null): string {
  if (kind === 'option' && settlement === 'inverse' && underlying) return underlying;
  return 'USD';
}

/** "Expired on 27 Dec 2024 08:00 UTC, settled …" as a sentence. */
export function settledText(s: SettledResult): string {
  return s.message.charAt(0).toUpperCase() + s.message.slice(1);
}

export function buildPositionRows(portfolio: Portfolio, report: RiskReport | null): PositionRow[] {
  const results = new Map<string, PositionResult>();
  const errors = new Map<string, string>();
  const settled = new Map<string, SettledResult>();
  if (report) {
    for (const r of report.positions) results.set(r.id, r);
    for (const e of report.errors) if (e.positionId !== undefined) errors.set(e.positionId, e.message);
    for (const sr of report.settled ?? []) settled.set(sr.id, sr);
  }
  return portfolio.positions.map((p) => {
    const parsed = parseName(p.instrument);
    const inst = parsed.ok ? parsed.value : null;
    const r = results.get(p.id);
    const sr = settled.get(p.id);
    const excluded = Boolean(p.excluded);
    const error = errors.get(p.id) ?? (parsed.ok ? undefined : parsed.error);
    let status: RowStatus;
    let message: string | null = null;
    if (excluded) {
      status = 'excluded';
      message = 'What-if excluded: not in any figure';
    } else if (r) {
      status = 'priced';
    } else if (sr) {
      status = 'settled';
      message = settledText(sr);
    } else if (error !== undefined && (report || !parsed.ok)) {
      status = 'unpriced';
      message = error;
    } else {
      status = 'pending';
    }
    const priced = status === 'priced' && r ? r : null;
    return {
      id: p.id,
      instrument: p.instrument,
      kind: inst?.kind ?? null,
      underlying: inst?.underlying ?? null,
      venue: p.venue,
      label: p.label,
      quantity: p.quantity,
      unit: p.unit ?? 'coin',
      entryPrice: p.entryPrice,
      quoteCcy: quoteCurrency(inst?.kind ?? null, inst && 'settlement' in inst ? inst.settlement : null, inst?.underlying ?? null),
      mark: priced?.markPrice ?? null,
      iv: priced?.iv ?? null,
      valueUsd: priced?.valueUsd ?? null,
      pnlVsEntryUsd: priced?.pnlVsEntryUsd ?? null,
      scenarioPnlUsd: scenarioPnl(priced, report),
      delta: priced?.delta ?? null,
      gamma: priced?.gamma ?? null,
      vega: priced?.vega ?? null,
      theta: priced?.theta ?? null,
      status,
      message,
      note: priced && !priced.expiryListed ? UNLISTED_EXPIRY_NOTE : null,
      whatIf: Boolean(p.whatIf),
      excluded,
      line: p.line ?? null,
    };
  });
}

/**
 * Totals of `rows` (the rows a filter leaves visible, or all). `bookSize` is the whole book's row count, so the label
 * says when the totals cover only part of it.
 */
function scenarioPnl(r: PositionResult | null, report: RiskReport | null): number | null {
  const after = r ? report?.scenario?.valueUsdAfterById[r.id] : undefined;
  return r && after !== undefined ? after - r.valueUsd : null;
}

export function buildTotalsRow(rows: readonly PositionRow[], bookSize = rows.length): TotalsRow {
  let valueUsd = 0;
  let pnl = 0;
  let scenario = 0;
  let delta = 0;
  let gamma = 0;
  let vega = 0;
  let theta = 0;
  let priced = 0;
  const underlyings = new Set<string>();
  for (const r of rows) {
    if (r.status !== 'priced') continue;
    priced += 1;
    valueUsd += r.valueUsd ?? 0;
    pnl += r.pnlVsEntryUsd ?? 0;
    scenario += r.scenarioPnlUsd ?? 0;
    vega += r.vega ?? 0;
    theta += r.theta ?? 0;
    delta += r.delta ?? 0;
    gamma += r.gamma ?? 0;
    // Cash carries no coin delta; it must not make a single-coin book look "mixed".
    if (r.kind !== 'cash' && r.underlying) underlyings.add(r.underlying);
  }
  const single = underlyings.size <= 1;
  const unpriced = rows.filter((r) => r.status === 'unpriced').length;
  const settled = rows.filter((r) => r.status === 'settled').length;
  const scope = rows.length < bookSize ? ` of ${rows.length} shown (filter)` : '';
  return {
    id: '__totals',
    instrument: `Total · ${priced} priced${unpriced > 0 ? ` · ${unpriced} unpriced` : ''}${settled > 0 ? ` · ${settled} expired` : ''}${scope}`,
    valueUsd,
    pnlVsEntryUsd: pnl,
    scenarioPnlUsd: scenario,
    delta: single ? delta : null,
    gamma: single ? gamma : null,
    vega,
    theta,
  };
}

export interface BookCounts {
  readonly positions: number;
  readonly whatIf: number;
  readonly whatIfExcluded: number;
  readonly unpriced: number;
  /** Expired before the valuation time (settled, in no figure). */
  readonly settled: number;
  /** Priced on an expiry the market does not list (value interpolated). */
  readonly interpolated: number;
}

export function countRows(rows: readonly PositionRow[]): BookCounts {
  return {
    positions: rows.length,
    whatIf: rows.filter((r) => r.whatIf).length,
    whatIfExcluded: rows.filter((r) => r.whatIf && r.excluded).length,
    unpriced: rows.filter((r) => r.status === 'unpriced').length,
    settled: rows.filter((r) => r.status === 'settled').length,
    interpolated: rows.filter((r) => r.note !== null).length,
  };
}

/**
 * Ids a filter set from another view (e.g. a Greek-ladder bucket) still selects: those in the book that hold the
 * instrument they held when the filter was set (a newly imported book reuses ids p1, p2, … for other rows).
 */
export function activeFilterIds(filter: PositionFilter, positions: readonly Position[]): Set<string> {
  const wanted = new Set(filter.ids);
  const ids = new Set<string>();
  for (const p of positions) {
    if (!wanted.has(p.id)) continue;
    const was = filter.instruments?.[p.id];
    if (was === undefined || was === p.instrument) ids.add(p.id);
  }
  return ids;
}
