/**
 * Deribit portfolio margin ("PME", segregated per settlement currency), exactly the formulas of METHODOLOGY.md §4.
 *
 * Model, per underlying ("pair", e.g. btc_usd) within a settlement currency C (BTC, ETH or USDC):
 *   p       = DTE < 30 ? short_term_vega_power : long_term_vega_power            (DTE in fractional days)
 *   volUp   = max(σ·(1 + volatility_range_up  ·(30/DTE)^p), min_volatility_for_shock_up)
 *   volDown = max(σ·(1 − volatility_range_down·(30/DTE)^p), 0)                   (σ each option's own base vol)
 *   standard table: P&L in C of every position at the 2·buckets_count + 1 moves k·price_range/buckets_count,
 *     each with the vol up, unchanged and down (rows up/same/down, columns the moves);
 *   extended table: moves extended_moves (−66 % … +500 %), vol up only, each position's P&L scaled
 *     adj(m)  = PnL(m, volUp)·extended_table_factor·(price_range/|m|)·(1+m)/(1 + sign(m)·price_range);
 *   the pair's sums; on the summed extended row a loss is reduced toward 0 by
 *     damp(m) = min((max(|m|/price_range, 1) − 1)·extended_dampener / ((1 + sign(m)·price_range)·S), |adj(m)|);
 *   then every positive entry counts only at pnl_offset, capped at max_offsetable_pnl (USD, converted at S).
 * Per currency: the pairs' tables are summed entry by entry (the same bucket of every underlying together);
 *   worst_case         = max(0, −min(every entry of both tables)), labelled by table, bucket, side and vol;
 *   roll_shock         = Σ_pairs Σ_expiry max(min_annualised_move, exp(annualised_move_risk·T) − 1)·|Δ_expiry|,
 *                        Δ_expiry = options' Black delta + futures' coin quantity, the perpetual its own bucket (T = 0);
 *   delta_shock        = Σ_pairs min(|Δtot|·S − threshold, max_delta_shock·|Δtot|·S) when |Δtot|·S > threshold, else 0;
 *   risk_matrix_margin = worst_case + roll_shock + delta_shock;  initial_margin = risk_matrix_margin;
 *   maintenance_margin = mm_factor · risk_matrix_margin.
 *
 * Readings where METHODOLOGY.md leaves a choice (documented in docs/METHODOLOGY.md):
 * - S is the pair's index; coin P&L is the change of the position's coin value (margin/revalue.ts).
 * - Delta shock, "[3P] form": Δtot is Deribit's Delta Total of the pair (options q·(N(d1) − mark) for inverse,
 *   q·N(d1) for linear, futures their coins), matching the parameter's name `delta_total_liq_shock_threshold`; the
 *   add-on is the USD delta notional above the threshold, capped at max_delta_shock of the whole notional, so it is
 *   0 up to the threshold and continuous.
 * - USDC (linear) pairs: P&L in USDC; the factors (1+m)/(1+sign(m)·price_range) in adj and 1/((1+sign(m)·pr)·S) in
 *   damp convert coin amounts between the moved price and the range edge, so for a USD(C) P&L they are 1 (a linear
 *   perpetual's extended entry then equals its standard edge entry, as an inverse perpetual's does in coin); roll
 *   and delta shocks are converted to USDC at S.
 * - Several underlyings in one currency (USDC): each pair's table gets its own dampener and offset, then the
 *   tables are added bucket by bucket, so one underlying's gains offset another's losses only at pnl_offset.
 * - Open orders and MMP margin are not part of a file-based book: IM = risk_matrix_margin.
 * - Expired options (T ≤ 0) are valued at intrinsic, with no vol scenario.
 *
 * References: Deribit, "Portfolio Margin" (support.deribit.com, article 25944756247837); Deribit API
 * `private/pme/simulate` (response example with model_params, risk vectors and margins, timestamp 1718619740501).
 * Verified by: pme.test.ts (Deribit's published example: risk vectors, worst case and roll shock; a single
 * perpetual, a single short option and a calendar spread computed independently from the formulas; dampener and
 * pnl_offset edge cases; roll buckets; floor at 0).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { DAYS_PER_YEAR } from '../market/time.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook, ResolvedPosition } from '../resolve.ts';
import {
  currencyParamsFor,
  DEFAULT_PME_PARAMS,
  pairParamsFor,
  type PmeCurrencyParams,
  type PmePairParams,
  type PmeParams,
} from './params.ts';
import { isLiveOption, moveShock, settlementCurrencyOf, settlementValue } from './revalue.ts';

/** Rows of the standard table. */
export type PmeVolScenario = 'up' | 'same' | 'down';
export const PME_VOL_ROWS: readonly PmeVolScenario[] = ['up', 'same', 'down'];

/** Where the worst case sits. */
export interface PmeScenarioLabel {
  readonly table: 'standard' | 'extended';
  /** The move, percent (−16 …). For a currency with several underlyings, the first pair's move. */
  readonly movePct: number;
  readonly vol: PmeVolScenario;
  /** Side of the zero move. */
  readonly side: 'left' | 'center' | 'right';
  /** Bucket counted from the outer edge of its side, 1-based (Deribit labels the −16 % point "bucket 1, left"); 0 at the centre. */
  readonly bucket: number;
  /** Row (0 up, 1 same, 2 down; the extended row is vol up, 0) and column of the cell in its table (0-based). */
  readonly row: number;
  readonly column: number;
  /** Readable form, e.g. "standard −16 %, vol up (bucket 1, left)". */
  readonly text: string;
}

/** One position's risk vectors (Deribit's "initial risk vectors"), in the settlement currency. */
export interface PmePositionVectors {
  readonly id: string;
  readonly instrument: string;
  /** standard[row][column]: rows up/same/down, columns the standard moves. */
  readonly standard: readonly (readonly number[])[];
  /** adj(m) before any dampening. */
  readonly extended: readonly number[];
}

/** One roll-shock bucket (an expiry, or the perpetual). */
export interface PmeRollBucket {
  /** `PERPETUAL` or the expiry instant (ISO). */
  readonly expiry: string;
  readonly expiryMs: number | null;
  readonly tteYears: number;
  /** Net delta of the bucket, coin. */
  readonly deltaCoin: number;
  /** max(min_annualised_move, exp(annualised_move_risk·T) − 1). */
  readonly moveFraction: number;
  /** Contribution to the roll shock, in the settlement currency. */
  readonly shock: number;
}

export interface PmePairResult {
  readonly underlying: string;
  /** Deribit key of the pair parameters (`btc_usd`). */
  readonly pairKey: string;
  readonly params: PmePairParams;
  /** Index S, USD. */
  readonly indexUsd: number;
  /** Standard moves (decimal) and extended moves (decimal). */
  readonly standardMoves: readonly number[];
  readonly extendedMoves: readonly number[];
  /** Sum of the positions' standard vectors before the pnl_offset. */
  readonly standardRaw: readonly (readonly number[])[];
  /** After the pnl_offset on positive entries. */
  readonly standard: readonly (readonly number[])[];
  /** Sum of the positions' adj(m), before the dampener. */
  readonly extendedRaw: readonly number[];
  /** damp(m) in the settlement currency (before the min with |adj|). */
  readonly dampener: readonly number[];
  /** After the dampener and the pnl_offset. */
  readonly extended: readonly number[];
  readonly rollBuckets: readonly PmeRollBucket[];
  readonly rollShock: number;
  /** Deribit Delta Total of the pair, coin, and its USD notional |Δ|·S. */
  readonly deltaTotalCoin: number;
  readonly deltaTotalUsd: number;
  readonly deltaShock: number;
  readonly positions: readonly PmePositionVectors[];
}

/** PME of one settlement currency. Amounts in that currency (coin, or USDC) unless named Usd. */
export interface PmeCurrencyResult {
  readonly currency: string;
  /** USD per unit of the currency: the coin's index, 1 for USDC. */
  readonly currencyUsd: number;
  readonly params: PmeCurrencyParams;
  readonly pairs: readonly PmePairResult[];
  /** The currency's tables (pairs summed bucket by bucket), offsets and dampener applied: heatmap input. */
  readonly standard: readonly (readonly number[])[];
  readonly extended: readonly number[];
  /** Moves (percent) of the columns, from the first pair. */
  readonly standardMovesPct: readonly number[];
  readonly extendedMovesPct: readonly number[];
  readonly worstCase: number;
  readonly worstScenario: PmeScenarioLabel | null;
  readonly rollShock: number;
  readonly deltaShock: number;
  readonly riskMatrixMargin: number;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

export interface PortfolioMarginResult {
  readonly valuationTime: string;
  /** Keyed by settlement currency (`BTC`, `ETH`, `USDC`). */
  readonly currencies: Readonly<Record<string, PmeCurrencyResult>>;
  /** Sums over currencies, converted at each currency's index. */
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
  /** Parameter fall-backs used, and anything else worth showing. */
  readonly warnings: readonly string[];
}

/** Standard moves k·price_range/buckets, k = −buckets … buckets. */
export function standardMoves(priceRange: number, buckets: number): number[] {
  const out: number[] = [];
  for (let k = -buckets; k <= buckets; k++) out.push((k * priceRange) / buckets);
  return out;
}

/** The (up, down) scenario vols of an option with base vol σ and `dteDays` days to expiry. */
export function pmeScenarioVols(vol: number, dteDays: number, pair: PmePairParams): { readonly up: number; readonly down: number } {
  const p = dteDays < 30 ? pair.short_term_vega_power : pair.long_term_vega_power;
  const scale = Math.pow(30 / dteDays, p);
  return {
    up: Math.max(vol * (1 + pair.volatility_range_up * scale), pair.min_volatility_for_shock_up),
    down: Math.max(vol * (1 - pair.volatility_range_down * scale), 0),
  };
}

/** adj(m)/PnL(m): the extended table's weight (conversion dropped for USD(C) P&L, see header). */
function extendedWeight(m: number, pair: PmePairParams, linear: boolean): number {
  const pr = pair.price_range;
  const conv = linear ? 1 : (1 + m) / (1 + Math.sign(m) * pr);
  return pair.extended_table_factor * (pr / Math.abs(m)) * conv;
}

/** damp(m) before the min with |adj|, in the settlement currency. */
function dampenerAt(m: number, pair: PmePairParams, ccy: PmeCurrencyParams, indexUsd: number, linear: boolean): number {
  const pr = pair.price_range;
  const scale = Math.max(Math.abs(m) / pr, 1) - 1;
  return linear ? scale * ccy.extended_dampener : (scale * ccy.extended_dampener) / ((1 + Math.sign(m) * pr) * indexUsd);
}

/** A positive entry counts at pnl_offset, capped (cap in the currency). */
function offsetEntry(x: number, ccy: PmeCurrencyParams, capInCurrency: number): number {
  return x > 0 ? Math.min(ccy.pnl_offset * x, capInCurrency) : x;
}

/** Risk vectors of one position (see module header). */
function positionVectors(
  rp: ResolvedPosition,
  pair: PmePairParams,
  moves: readonly number[],
  extMoves: readonly number[],
  linear: boolean,
): PmePositionVectors {
  const base = settlementValue(rp, NO_SHOCK);
  const live = isLiveOption(rp);
  const vols = live ? pmeScenarioVols(rp.vol0, rp.tteYears0 * DAYS_PER_YEAR, pair) : null;
  const rowVols = vols ? [vols.up, rp.vol0, vols.down] : [NaN, NaN, NaN];
  const standard: number[][] = [[], [], []];
  for (const m of moves) {
    if (!live) {
      // Delta-one and expired options: no vol dependence, one revaluation per move.
      const pnl = settlementValue(rp, moveShock(rp, m, NaN)) - base;
      for (const row of standard) row.push(pnl);
      continue;
    }
    rowVols.forEach((vol, r) => standard[r]!.push(settlementValue(rp, moveShock(rp, m, vol)) - base));
  }
  const volUp = rowVols[0]!;
  const extended = extMoves.map((m) => (settlementValue(rp, moveShock(rp, m, volUp)) - base) * extendedWeight(m, pair, linear));
  return { id: rp.position.id, instrument: rp.instrument.name, standard, extended };
}

/** Roll buckets of a pair: net Black delta per expiry, the perpetual on its own. */
function rollBuckets(positions: readonly ResolvedPosition[], ccy: PmeCurrencyParams, indexUsd: number, linear: boolean): PmeRollBucket[] {
  const byKey = new Map<string, { expiryMs: number | null; tteYears: number; delta: number }>();
  for (const rp of positions) {
    const inst = rp.instrument;
    const expiryMs = inst.kind === 'option' || inst.kind === 'future' ? inst.expiryMs : null;
    const key = expiryMs === null ? 'PERPETUAL' : String(expiryMs);
    // Options: Black delta q·N(d1) (not premium-adjusted); futures and perpetuals: their coin quantity.
    const delta = pricePosition(rp, NO_SHOCK).delta;
    const b = byKey.get(key) ?? { expiryMs, tteYears: expiryMs === null ? 0 : rp.tteYears0, delta: 0 };
    b.delta += delta;
    byKey.set(key, b);
  }
  return [...byKey.values()]
    .sort((a, b) => (a.expiryMs ?? -Infinity) - (b.expiryMs ?? -Infinity))
    .map((b) => {
      const moveFraction = Math.max(ccy.min_annualised_move, Math.exp(ccy.annualised_move_risk * b.tteYears) - 1);
      const coin = moveFraction * Math.abs(b.delta);
      return {
        expiry: b.expiryMs === null ? 'PERPETUAL' : new Date(b.expiryMs).toISOString(),
        expiryMs: b.expiryMs,
        tteYears: b.tteYears,
        deltaCoin: b.delta,
        moveFraction,
        shock: linear ? coin * indexUsd : coin,
      };
    });
}

/** Delta shock of a pair in the settlement currency ([3P] reading in the module header). */
export function deltaShockOf(deltaTotalCoin: number, indexUsd: number, pair: PmePairParams, linear: boolean): number {
  const notionalUsd = Math.abs(deltaTotalCoin) * indexUsd;
  if (!(notionalUsd > pair.delta_total_liq_shock_threshold)) return 0;
  const usd = Math.min(notionalUsd - pair.delta_total_liq_shock_threshold, pair.max_delta_shock * notionalUsd);
  return linear ? usd : usd / indexUsd;
}

function computePair(
  underlying: string,
  positions: readonly ResolvedPosition[],
  pair: PmePairParams,
  ccy: PmeCurrencyParams,
  params: PmeParams,
  linear: boolean,
): PmePairResult {
  const indexUsd = positions[0]!.index0;
  const moves = standardMoves(pair.price_range, params.general.buckets_count);
  const extMoves = params.general.extended_moves;
  const vectors = positions.map((rp) => positionVectors(rp, pair, moves, extMoves, linear));
  // Sum the positions' vectors.
  const standardRaw = PME_VOL_ROWS.map((_, r) => moves.map((_m, c) => vectors.reduce((s, v) => s + v.standard[r]![c]!, 0)));
  const extendedRaw = extMoves.map((_m, c) => vectors.reduce((s, v) => s + v.extended[c]!, 0));
  // Dampener on the summed extended row: a loss moves toward 0 by min(damp, |loss|).
  const dampener = extMoves.map((m) => dampenerAt(m, pair, ccy, indexUsd, linear));
  const extendedDamped = extendedRaw.map((x, c) => (x < 0 ? x + Math.min(dampener[c]!, -x) : x));
  // pnl_offset on positive entries, capped (cap in USD converted to the currency at S).
  const cap = linear ? ccy.max_offsetable_pnl : ccy.max_offsetable_pnl / indexUsd;
  const standard = standardRaw.map((row) => row.map((x) => offsetEntry(x, ccy, cap)));
  const extended = extendedDamped.map((x) => offsetEntry(x, ccy, cap));
  const buckets = rollBuckets(positions, ccy, indexUsd, linear);
  const deltaTotalCoin = positions.reduce((s, rp) => s + pricePosition(rp, NO_SHOCK).deltaTotal, 0);
  return {
    underlying,
    pairKey: `${underlying.toLowerCase()}_usd`,
    params: pair,
    indexUsd,
    standardMoves: moves,
    extendedMoves: extMoves,
    standardRaw,
    standard,
    extendedRaw,
    dampener,
    extended,
    rollBuckets: buckets,
    rollShock: buckets.reduce((s, b) => s + b.shock, 0),
    deltaTotalCoin,
    deltaTotalUsd: Math.abs(deltaTotalCoin) * indexUsd,
    deltaShock: deltaShockOf(deltaTotalCoin, indexUsd, pair, linear),
    positions: vectors,
  };
}

const pct = (m: number): number => Math.round(m * 1e10) / 1e8;

/** Label of a table cell. */
function labelOf(table: 'standard' | 'extended', column: number, row: number, moves: readonly number[]): PmeScenarioLabel {
  const m = moves[column]!;
  const side = m < 0 ? 'left' : m > 0 ? 'right' : 'center';
  let bucket: number;
  if (table === 'standard') {
    const centre = (moves.length - 1) / 2;
    bucket = side === 'center' ? 0 : centre + 1 - Math.abs(column - centre);
  } else {
    // Extended: 1-based from the outer edge of each side (−66 % is bucket 1 left, +500 % bucket 1 right).
    const sameSide = moves.filter((x) => Math.sign(x) === Math.sign(m));
    const pos = sameSide.indexOf(m);
    bucket = side === 'left' ? pos + 1 : sameSide.length - pos;
  }
  const vol = PME_VOL_ROWS[row]!;
  const movePct = pct(m);
  const text = `${table} ${movePct > 0 ? '+' : ''}${movePct} %, vol ${vol} (bucket ${bucket}, ${side})`;
  return { table, movePct, vol, side, bucket, row, column, text };
}

/** Currency totals from its pairs. */
function combineCurrency(currency: string, pairs: readonly PmePairResult[], ccy: PmeCurrencyParams, params: PmeParams): PmeCurrencyResult {
  const first = pairs[0]!;
  const nCols = first.standardMoves.length;
  const nExt = first.extendedMoves.length;
  const standard = PME_VOL_ROWS.map((_, r) => Array.from({ length: nCols }, (_c, c) => pairs.reduce((s, p) => s + p.standard[r]![c]!, 0)));
  const extended = Array.from({ length: nExt }, (_c, c) => pairs.reduce((s, p) => s + p.extended[c]!, 0));
  // Worst entry, scanning Deribit's vector order (move by move, vols up/same/down), standard before extended.
  let min = Infinity;
  let label: PmeScenarioLabel | null = null;
  for (let c = 0; c < nCols; c++) {
    for (let r = 0; r < 3; r++) {
      const x = standard[r]![c]!;
      if (x < min) {
        min = x;
        label = labelOf('standard', c, r, first.standardMoves);
      }
    }
  }
  for (let c = 0; c < nExt; c++) {
    if (extended[c]! < min) {
      min = extended[c]!;
      label = labelOf('extended', c, 0, first.extendedMoves);
    }
  }
  const worstCase = Math.max(0, -min);
  const rollShock = pairs.reduce((s, p) => s + p.rollShock, 0);
  const deltaShock = pairs.reduce((s, p) => s + p.deltaShock, 0);
  const riskMatrixMargin = worstCase + rollShock + deltaShock;
  const maintenanceMargin = params.general.mm_factor * riskMatrixMargin;
  const currencyUsd = currency === 'USDC' ? 1 : first.indexUsd;
  return {
    currency,
    currencyUsd,
    params: ccy,
    pairs,
    standard,
    extended,
    standardMovesPct: first.standardMoves.map(pct),
    extendedMovesPct: first.extendedMoves.map(pct),
    worstCase,
    worstScenario: label,
    rollShock,
    deltaShock,
    riskMatrixMargin,
    initialMargin: riskMatrixMargin,
    maintenanceMargin,
    initialMarginUsd: riskMatrixMargin * currencyUsd,
    maintenanceMarginUsd: maintenanceMargin * currencyUsd,
  };
}

/**
 * Deribit portfolio margin of every derivative position of `book`, per settlement currency (see module header).
 * The book is margined as one account: to margin venues separately, pass each venue's positions
 * (`computePortfolioMarginByVenue`). Spot and cash positions are ignored here (they are collateral).
 * @param book resolved book (positions at the base market, or rebased to a moved market)
 * @param model the market the book was resolved against (for the valuation time)
 * @param params PME parameter set (public/data/margin-params.json), default METHODOLOGY.md §4's
 * @returns per currency the tables, worst case with its label, roll and delta shocks, RMM, IM, MM
 */
export function computePortfolioMargin(
  book: ResolvedBook,
  model: MarketModel,
  params: PmeParams = DEFAULT_PME_PARAMS,
): PortfolioMarginResult {
  const warnings = new Set<string>();
  // currency → underlying → positions, in book order.
  const groups = new Map<string, Map<string, ResolvedPosition[]>>();
  for (const rp of book.positions) {
    const ccy = settlementCurrencyOf(rp);
    if (ccy === null || rp.quantityCoin === 0) continue;
    const byUl = groups.get(ccy) ?? new Map<string, ResolvedPosition[]>();
    const list = byUl.get(rp.instrument.underlying) ?? [];
    list.push(rp);
    byUl.set(rp.instrument.underlying, list);
    groups.set(ccy, byUl);
  }
  const currencies: Record<string, PmeCurrencyResult> = {};
  let initialMarginUsd = 0;
  let maintenanceMarginUsd = 0;
  for (const [currency, byUl] of groups) {
    const { currency: ccyParams, warning: cw } = currencyParamsFor(params, currency);
    if (cw) warnings.add(cw);
    const linear = currency === 'USDC';
    const pairs: PmePairResult[] = [];
    for (const [ul, positions] of byUl) {
      const { pair, warning } = pairParamsFor(params, ul);
      if (warning) warnings.add(warning);
      pairs.push(computePair(ul, positions, pair, ccyParams, params, linear));
    }
    const res = combineCurrency(currency, pairs, ccyParams, params);
    if (linear && new Set(pairs.map((p) => p.params.price_range)).size > 1) {
      warnings.add(
        'USDC: underlyings with different price ranges are combined bucket by bucket; the column moves shown are the first underlying’s',
      );
    }
    currencies[currency] = res;
    initialMarginUsd += res.initialMarginUsd;
    maintenanceMarginUsd += res.maintenanceMarginUsd;
  }
  return { valuationTime: model.valuationTime, currencies, initialMarginUsd, maintenanceMarginUsd, warnings: [...warnings] };
}

/** The positions of one venue as a book of their own. */
export function venueBook(book: ResolvedBook, venue: string): ResolvedBook {
  return {
    valuationMs: book.valuationMs,
    positions: book.positions.filter((rp) => rp.position.venue === venue),
    errors: [],
    settled: book.settled.filter((sp) => sp.position.venue === venue),
  };
}

/** Venues of a book, in first-seen order. */
export function venuesOf(book: ResolvedBook): string[] {
  return [...new Set(book.positions.map((rp) => rp.position.venue))];
}

/** PME per venue (each venue is its own account: no netting across venues). */
export function computePortfolioMarginByVenue(
  book: ResolvedBook,
  model: MarketModel,
  params: PmeParams = DEFAULT_PME_PARAMS,
): Record<string, PortfolioMarginResult> {
  const out: Record<string, PortfolioMarginResult> = {};
  for (const venue of venuesOf(book)) out[venue] = computePortfolioMargin(venueBook(book, venue), model, params);
  return out;
}

/** One currency of the report's `margin{}` (PRODUCT.md "Report JSON"): amounts in that currency. */
export interface MarginReportEntry {
  readonly worstCase: number;
  readonly rollShock: number;
  readonly deltaShock: number;
  readonly riskMatrixMargin: number;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  /** Extras: USD equivalents, the worst scenario's label, and the same figures per venue account. */
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
  readonly worstScenario: string | null;
  readonly byVenue: Readonly<
    Record<string, { readonly initialMargin: number; readonly maintenanceMargin: number; readonly worstCase: number }>
  >;
}

/**
 * The report's `margin{}` object: PME per settlement currency over the whole book, as METHODOLOGY.md §4 defines it
 * (the model has no notion of venues). Since exchanges margin each account separately, the per-venue PME is added
 * as `byVenue`; with one venue the two are identical.
 * @returns `{ BTC: { worstCase, rollShock, deltaShock, riskMatrixMargin, initialMargin, maintenanceMargin, … }, … }`
 */
export function marginReport(
  book: ResolvedBook,
  model: MarketModel,
  params: PmeParams = DEFAULT_PME_PARAMS,
): Record<string, MarginReportEntry> {
  const whole = computePortfolioMargin(book, model, params);
  const byVenue = computePortfolioMarginByVenue(book, model, params);
  const out: Record<string, MarginReportEntry> = {};
  for (const [ccy, c] of Object.entries(whole.currencies)) {
    const venues: Record<string, { initialMargin: number; maintenanceMargin: number; worstCase: number }> = {};
    for (const [venue, res] of Object.entries(byVenue)) {
      const v = res.currencies[ccy];
      if (v) venues[venue] = { initialMargin: v.initialMargin, maintenanceMargin: v.maintenanceMargin, worstCase: v.worstCase };
    }
    out[ccy] = {
      worstCase: c.worstCase,
      rollShock: c.rollShock,
      deltaShock: c.deltaShock,
      riskMatrixMargin: c.riskMatrixMargin,
      initialMargin: c.initialMargin,
      maintenanceMargin: c.maintenanceMargin,
      initialMarginUsd: c.initialMarginUsd,
      maintenanceMarginUsd: c.maintenanceMarginUsd,
      worstScenario: c.worstScenario ? c.worstScenario.text : null,
      byVenue: venues,
    };
  }
  return out;
}
