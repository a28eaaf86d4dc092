/**
 * The linked account's data as Riskdeck's own types, and pure comparisons for the UI's previews:
 * - `accountPositionsToPortfolio`: `private/get_positions` result → Portfolio, through the same importer as a saved
 *   get_positions file (io/deribitPositions.ts: sizes in Deribit's units, closed positions skipped).
 * - `diffBooks`: current book vs the account's (added, removed, changed, unchanged), for the preview before loading.
 * - `parseAccountSummaries`: `private/get_account_summaries` (extended) → per currency equity, IM, MM, margin model.
 * - `compareMargins`: the exchange's IM/MM beside Riskdeck's for the same book: the PME for `*_pm` accounts, the
 *   standard model for `*_sm`, with the differences (Riskdeck − exchange, and relative to the exchange).
 * Pure TypeScript: no I/O.
 */
import type { Instrument } from '../domain/instrument.ts';
import { INVERSE_FUTURE_CONTRACT_USD, LINEAR_OPTION_MULTIPLIER, parseInstrument } from '../domain/instrument.ts';
import type { Portfolio, Position, QuantityUnit, RowError } from '../domain/position.ts';
import type { PortfolioMarginResult, StandardMarginResult } from '../engine/index.ts';
import { deribitSizeUnit, importDeribitPositions } from '../io/deribitPositions.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export type AccountPortfolioResult =
  | { readonly ok: true; readonly portfolio: Portfolio; readonly errors: readonly RowError[] }
  | { readonly ok: false; readonly error: string };

/**
 * `private/get_positions` result (the array, or the whole response) → Portfolio named `name`, ids `d1`, `d2`, ….
 * Entries that cannot be read come back as errors naming their instrument (no file line: `line` is null).
 */
export function accountPositionsToPortfolio(result: unknown, name = 'Deribit account'): AccountPortfolioResult {
  const value = isObject(result) && 'result' in result ? result : { result };
  const r = importDeribitPositions(JSON.stringify(value, null, 1), { name, idPrefix: 'd' });
  if (!r.ok) return { ok: false, error: r.error.replace(/^: /, '') };
  const positions = r.result.portfolio.positions.map((p) => {
    const { line: _line, ...rest } = p;
    return rest as Position;
  });
  return {
    ok: true,
    portfolio: { ...r.result.portfolio, positions },
    errors: r.result.errors.map((e) => ({ ...e, line: null })),
  };
}

/** A position's quantity in Deribit's unit for its instrument, when it converts without a price. */
function inDeribitUnit(p: Position, inst: Instrument): { quantity: number; unit: QuantityUnit } | null {
  const target = deribitSizeUnit(inst);
  const unit = p.unit ?? 'coin';
  if (unit === target) return { quantity: p.quantity, unit: target };
  if (unit === 'contracts') {
    if (target === 'usd') {
      const usd = INVERSE_FUTURE_CONTRACT_USD[inst.underlying];
      return usd === undefined ? null : { quantity: p.quantity * usd, unit: 'usd' };
    }
    if (inst.kind === 'option') {
      const mult = inst.settlement === 'inverse' ? 1 : LINEAR_OPTION_MULTIPLIER[inst.underlying];
      return mult === undefined ? null : { quantity: p.quantity * mult, unit: 'coin' };
    }
  }
  return null; // coin ↔ usd needs a price
}

export interface PositionSide {
  /** Summed over the book's rows of this instrument, in `unit`. */
  readonly quantity: number;
  readonly unit: QuantityUnit;
  /** Entry price of the account position (or of the single book row); null when none or several differ. */
  readonly entryPrice: number | null;
  /** Ids of the rows (book side) or of the incoming positions. */
  readonly ids: readonly string[];
}

export interface PositionChange {
  /** Canonical instrument name. */
  readonly instrument: string;
  readonly before: PositionSide;
  readonly after: PositionSide;
  /** after − before in `after.unit`, when the units are comparable. */
  readonly quantityDelta: number | null;
  /** What differs: the quantity, the entry price, or units that cannot be compared without a price. */
  readonly what: readonly ('quantity' | 'entryPrice' | 'units')[];
}

export interface BookDiff {
  /** Instruments in the account, not in the book. */
  readonly added: readonly Position[];
  /** Book rows whose instrument the account does not hold (other venues included: loading replaces the book). */
  readonly removed: readonly Position[];
  readonly changed: readonly PositionChange[];
  /** Instruments equal in both (quantity within 1e-9 relative, same entry price). */
  readonly unchanged: number;
  /** What-if rows of the book: not compared (they are hypothetical). */
  readonly whatIf: readonly Position[];
  /** Book rows whose instrument name does not parse: listed as removed too. */
  readonly unreadable: readonly Position[];
}

interface Group {
  readonly inst: Instrument;
  readonly rows: Position[];
}

function groupRows(positions: readonly Position[], unreadable: Position[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const p of positions) {
    const parsed = parseInstrument(p.instrument);
    if (!parsed.ok) {
      unreadable.push(p);
      continue;
    }
    const key = parsed.value.name;
    const g = out.get(key);
    if (g) g.rows.push(p);
    else out.set(key, { inst: parsed.value, rows: [p] });
  }
  return out;
}

function side(g: Group): PositionSide | null {
  let quantity = 0;
  let unit: QuantityUnit | null = null;
  for (const p of g.rows) {
    const q = inDeribitUnit(p, g.inst);
    if (!q) return null;
    quantity += q.quantity;
    unit = q.unit;
  }
  const prices = [...new Set(g.rows.map((p) => p.entryPrice))];
  return {
    quantity,
    unit: unit ?? deribitSizeUnit(g.inst),
    entryPrice: prices.length === 1 ? (prices[0] ?? null) : null,
    ids: g.rows.map((p) => p.id),
  };
}

function rawSide(g: Group): PositionSide {
  const first = g.rows[0]!;
  return {
    quantity: g.rows.reduce((s, p) => s + p.quantity, 0),
    unit: first.unit ?? 'coin',
    entryPrice: first.entryPrice,
    ids: g.rows.map((p) => p.id),
  };
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Differences between the current book and the account's positions, by instrument (book rows of one instrument are
 * summed in Deribit's unit: coin for options and linear products, USD for inverse futures and perpetuals).
 */
export function diffBooks(current: Portfolio, incoming: Portfolio): BookDiff {
  const whatIf = current.positions.filter((p) => p.whatIf);
  const unreadable: Position[] = [];
  const book = groupRows(
    current.positions.filter((p) => !p.whatIf),
    unreadable,
  );
  const acct = groupRows(incoming.positions, []);
  const added: Position[] = [];
  const removed: Position[] = [...unreadable];
  const changed: PositionChange[] = [];
  let unchanged = 0;
  for (const [name, a] of acct) {
    const b = book.get(name);
    if (!b) {
      added.push(...a.rows);
      continue;
    }
    const after = side(a) ?? rawSide(a);
    const before = side(b);
    if (!before) {
      changed.push({ instrument: name, before: rawSide(b), after, quantityDelta: null, what: ['units'] });
      continue;
    }
    const what: ('quantity' | 'entryPrice')[] = [];
    if (!close(before.quantity, after.quantity)) what.push('quantity');
    if (
      before.entryPrice !== after.entryPrice &&
      !(before.entryPrice !== null && after.entryPrice !== null && close(before.entryPrice, after.entryPrice))
    ) {
      what.push('entryPrice');
    }
    if (what.length === 0) unchanged += 1;
    else changed.push({ instrument: name, before, after, quantityDelta: after.quantity - before.quantity, what });
  }
  for (const [name, b] of book) if (!acct.has(name)) removed.push(...b.rows);
  return { added, removed, changed, unchanged, whatIf, unreadable };
}

/** One currency of `private/get_account_summaries` (amounts in that currency unless named Usd). */
export interface AccountCurrencySummary {
  readonly currency: string;
  /** `segregated_sm`, `segregated_pm`, `cross_sm`, `cross_pm`; null when the answer has none (older accounts). */
  readonly marginModel: string | null;
  /** `pm` (portfolio margin) or `sm` (standard), from marginModel, else from portfolio_margining_enabled. */
  readonly model: 'pm' | 'sm';
  readonly cross: boolean;
  readonly equity: number | null;
  readonly balance: number | null;
  readonly marginBalance: number | null;
  readonly availableFunds: number | null;
  readonly initialMargin: number | null;
  readonly maintenanceMargin: number | null;
  readonly projectedInitialMargin: number | null;
  readonly projectedMaintenanceMargin: number | null;
  /** Deribit Delta Total (coin; net transaction delta). */
  readonly deltaTotal: number | null;
  /** Cross-margin accounts: account-wide USD totals. */
  readonly totalInitialMarginUsd: number | null;
  readonly totalMaintenanceMarginUsd: number | null;
  readonly totalEquityUsd: number | null;
}

export type AccountSummariesResult =
  | { readonly ok: true; readonly summaries: readonly AccountCurrencySummary[]; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string };

function summaryOf(raw: Obj): AccountCurrencySummary | null {
  if (typeof raw.currency !== 'string') return null;
  const marginModel = typeof raw.margin_model === 'string' ? raw.margin_model : null;
  const model: 'pm' | 'sm' = marginModel
    ? marginModel.endsWith('_pm')
      ? 'pm'
      : 'sm'
    : raw.portfolio_margining_enabled === true
      ? 'pm'
      : 'sm';
  const cross = marginModel ? marginModel.startsWith('cross') : raw.cross_collateral_enabled === true;
  const n = (k: string) => num(raw[k]) ?? null;
  return {
    currency: raw.currency.toUpperCase(),
    marginModel,
    model,
    cross,
    equity: n('equity'),
    balance: n('balance'),
    marginBalance: n('margin_balance'),
    availableFunds: n('available_funds'),
    initialMargin: n('initial_margin'),
    maintenanceMargin: n('maintenance_margin'),
    projectedInitialMargin: n('projected_initial_margin'),
    projectedMaintenanceMargin: n('projected_maintenance_margin'),
    deltaTotal: n('delta_total'),
    totalInitialMarginUsd: n('total_initial_margin_usd'),
    totalMaintenanceMarginUsd: n('total_maintenance_margin_usd'),
    totalEquityUsd: n('total_equity_usd'),
  };
}

/**
 * Read `private/get_account_summaries` (`{summaries: [...]}`, the whole response, or one `get_account_summary`
 * result). Personal fields (e-mail, user name, addresses) are not read.
 */
export function parseAccountSummaries(value: unknown): AccountSummariesResult {
  let root = value;
  if (isObject(root) && isObject(root.error)) {
    return { ok: false, error: `Deribit answered an error: ${String(root.error.message)} (code ${String(root.error.code)})` };
  }
  if (isObject(root) && 'result' in root) root = root.result;
  const list: unknown[] =
    isObject(root) && Array.isArray(root.summaries) ? root.summaries : Array.isArray(root) ? root : isObject(root) ? [root] : [];
  const summaries: AccountCurrencySummary[] = [];
  const warnings: string[] = [];
  list.forEach((raw, i) => {
    const s = isObject(raw) ? summaryOf(raw) : null;
    if (s) summaries.push(s);
    else warnings.push(`summary ${i + 1} has no currency: skipped`);
  });
  if (summaries.length === 0) return { ok: false, error: 'no account summary in the answer' };
  return { ok: true, summaries, warnings };
}

export interface MarginFigures {
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
}

export interface MarginComparisonRow {
  readonly currency: string;
  readonly marginModel: string | null;
  /** Which of Riskdeck's models stands beside the exchange's figure. */
  readonly riskdeckModel: 'portfolio margin (PME)' | 'standard margin';
  /** The exchange's IM and MM (in the currency); null when the account did not report them. */
  readonly exchange: MarginFigures | null;
  /** Riskdeck's for the same book (0 when the book has nothing settled in this currency). */
  readonly riskdeck: MarginFigures;
  /** riskdeck − exchange, and relative to the exchange's (null when the exchange's is 0 or absent). */
  readonly difference: {
    readonly initialMargin: number;
    readonly maintenanceMargin: number;
    readonly initialMarginRel: number | null;
    readonly maintenanceMarginRel: number | null;
  } | null;
}

export interface MarginComparison {
  readonly rows: readonly MarginComparisonRow[];
  /** Cross-margin accounts: the account-wide USD totals beside Riskdeck's sums over currencies. */
  readonly crossUsd: {
    readonly exchange: MarginFigures;
    readonly riskdeck: MarginFigures;
    readonly difference: MarginFigures;
  } | null;
  readonly notes: readonly string[];
}

function diff(ours: MarginFigures, theirs: MarginFigures | null): MarginComparisonRow['difference'] {
  if (!theirs) return null;
  const rel = (a: number, b: number) => (b !== 0 ? (a - b) / b : null);
  return {
    initialMargin: ours.initialMargin - theirs.initialMargin,
    maintenanceMargin: ours.maintenanceMargin - theirs.maintenanceMargin,
    initialMarginRel: rel(ours.initialMargin, theirs.initialMargin),
    maintenanceMarginRel: rel(ours.maintenanceMargin, theirs.maintenanceMargin),
  };
}

/**
 * The exchange's margin beside Riskdeck's for the same book, per currency of the account.
 * @param pme Riskdeck's portfolio margin of the book (per settlement currency)
 * @param standard Riskdeck's standard margin of the book
 */
export function compareMargins(
  summaries: readonly AccountCurrencySummary[],
  pme: PortfolioMarginResult,
  standard: StandardMarginResult,
): MarginComparison {
  const rows: MarginComparisonRow[] = [];
  const notes: string[] = [];
  for (const s of summaries) {
    const useful = s.initialMargin !== null || s.maintenanceMargin !== null;
    const exchange = useful ? { initialMargin: s.initialMargin ?? 0, maintenanceMargin: s.maintenanceMargin ?? 0 } : null;
    const ours = s.model === 'pm' ? pme.currencies[s.currency] : standard.currencies[s.currency];
    const riskdeck = { initialMargin: ours?.initialMargin ?? 0, maintenanceMargin: ours?.maintenanceMargin ?? 0 };
    rows.push({
      currency: s.currency,
      marginModel: s.marginModel,
      riskdeckModel: s.model === 'pm' ? 'portfolio margin (PME)' : 'standard margin',
      exchange,
      riskdeck,
      difference: diff(riskdeck, exchange),
    });
  }
  const cross = summaries.find((s) => s.cross && s.totalInitialMarginUsd !== null);
  let crossUsd: MarginComparison['crossUsd'] = null;
  if (cross) {
    const exchange = { initialMargin: cross.totalInitialMarginUsd ?? 0, maintenanceMargin: cross.totalMaintenanceMarginUsd ?? 0 };
    const src = cross.model === 'pm' ? pme : standard;
    const riskdeck = { initialMargin: src.initialMarginUsd, maintenanceMargin: src.maintenanceMarginUsd };
    crossUsd = {
      exchange,
      riskdeck,
      difference: {
        initialMargin: riskdeck.initialMargin - exchange.initialMargin,
        maintenanceMargin: riskdeck.maintenanceMargin - exchange.maintenanceMargin,
      },
    };
    notes.push(
      'cross-collateral account: Deribit reports each currency’s margin converted into that currency and the account-wide totals in USD; Riskdeck margins each settlement currency on its own and sums them at the index, so the USD totals are the comparable figures',
    );
  }
  if (summaries.some((s) => s.marginModel === null)) {
    notes.push('an account summary without margin_model: the model was taken from portfolio_margining_enabled');
  }
  return { rows, crossUsd, notes };
}
