/**
 * Resolution: Position + Instrument + MarketModel → ResolvedPosition, the only input pricers accept (Strata's
 * "resolved trade"). Everything that depends on the base (unshocked) market is fixed here, once:
 * - the coin quantity, from the unit as given, against the base marks (PRODUCT.md "Portfolio CSV"):
 *   `coin` q → q; `usd` N → N / F0 (inverse futures/perpetuals only); `contracts` n → n · size
 *   (inverse BTC futures USD 10 and ETH USD 1 per contract → n · size / F0 coins; inverse options 1 coin;
 *   linear options their multiplier);
 * - for inverse futures/perpetuals the USD notional N (= q · F0 for a coin quantity) and the entry price E
 *   (F0 when none is given, so the value is 0 at the base marks);
 * - for options the base forward F0 of the expiry, the time to expiry T0 and the sticky-strike vol σ0.
 * A position that cannot be valued (unknown name, bad unit, no market data) becomes a RowError with the reason:
 * it is never valued at 0 silently.
 * A dated position whose expiry is at or before the valuation time has settled: it becomes a SettledPosition (its
 * settled amount when the snapshot has the delivery price, else unknown), which no pricer, risk view, VaR, margin
 * or hedge sees (pricers/settlement.ts). A live dated position records whether the snapshot lists its expiry or
 * its value is interpolated between listed expiries.
 */
import {
  INVERSE_FUTURE_CONTRACT_USD,
  LINEAR_OPTION_MULTIPLIER,
  parseInstrument,
  type DatedInstrument,
  type Instrument,
} from '../domain/instrument.ts';
import { unitError, type Portfolio, type Position, type QuantityUnit, type RowError } from '../domain/position.ts';
import { forwardAt, isExpiryListed, volAt, type MarketModel, type UnderlyingModel } from './market/marketModel.ts';
import { yearFraction } from './market/time.ts';
import { settle, settledValueUsd, type SettledAmount } from './pricers/settlement.ts';

/** Valuation path of a resolved position: one pricer each (METHODOLOGY.md §2: never mix them). */
export type PricingPath = 'inverseOption' | 'linearOption' | 'inverseDelta1' | 'linearDelta1' | 'spot' | 'cash';

export interface ResolvedPosition {
  readonly position: Position;
  readonly instrument: Instrument;
  readonly path: PricingPath;
  readonly unit: QuantityUnit;
  /** Coin quantity at the base marks (cash: the amount). */
  readonly quantityCoin: number;
  /** Inverse futures/perpetuals: USD notional N; otherwise 0. */
  readonly notionalUsd: number;
  /** Entry price used for delta-one P&L (USD); the base forward when none was given; NaN for options/spot/cash. */
  readonly entryUsd: number;
  /** Base spot index S0 (USD); 1 for cash. */
  readonly index0: number;
  /** Base forward F0 (USD): expiry forward for options and futures, perpetual mark for perpetuals; NaN otherwise. */
  readonly forward0: number;
  /** Options: strike (USD); NaN otherwise. */
  readonly strike: number;
  readonly isCall: boolean;
  /** Options: sticky-strike vol at the base (decimal); NaN otherwise. */
  readonly vol0: number;
  /** Dated instruments: ACT/365 years to expiry at the base valuation time (> 0: expired ones are settled). */
  readonly tteYears0: number;
  /**
   * False when the snapshot does not quote this expiry (no forward at it, or for options no smile): the forward and
   * vol are interpolated between listed expiries. True for listed expiries and undated instruments.
   */
  readonly expiryListed: boolean;
}

/** A position whose expiry is at or before the valuation time: settled, not valued as live, no risk. */
export interface SettledPosition {
  readonly position: Position;
  readonly instrument: DatedInstrument;
  readonly unit: QuantityUnit;
  /** Expiry instant, epoch ms. */
  readonly expiryMs: number;
  /** Delivery price from the snapshot (USD per coin); null when the snapshot has none for this expiry. */
  readonly settlementPriceUsd: number | null;
  /** What it paid, in its settlement currency; null when unknown (see `unknownReason`). */
  readonly payout: SettledAmount | null;
  /** USD value of the payout at the base index (coin) or face (USDC); null when unknown. */
  readonly valueUsd: number | null;
  /** Why the payout is unknown; null when it is known. */
  readonly unknownReason: string | null;
}

export interface ResolvedBook {
  readonly valuationMs: number;
  /** Live positions: the only ones any figure, view, VaR, margin or hedge uses. */
  readonly positions: readonly ResolvedPosition[];
  readonly errors: readonly RowError[];
  /** Positions that expired before the valuation time, in book order. */
  readonly settled: readonly SettledPosition[];
}

function fail(position: Position, message: string): RowError {
  return { line: position.line ?? null, instrument: position.instrument, message, positionId: position.id };
}

function pathOf(instrument: Instrument): PricingPath {
  switch (instrument.kind) {
    case 'option':
      return instrument.settlement === 'inverse' ? 'inverseOption' : 'linearOption';
    case 'future':
    case 'perpetual':
      return instrument.settlement === 'inverse' ? 'inverseDelta1' : 'linearDelta1';
    case 'spot':
      return 'spot';
    case 'cash':
      return 'cash';
  }
}

/**
 * Settle a position that expired at or before the valuation time, at the snapshot's delivery price for its expiry.
 * Units resolve as for a live position with the delivery price P in place of the base forward (an inverse future
 * given in coin has notional q · P). The payout is unknown without a delivery price, and for a future without an
 * entry price (its P&L is measured from the entry).
 */
function settleExpired(position: Position, instrument: DatedInstrument, unit: QuantityUnit, market: MarketModel): SettledPosition {
  const ul = market.underlyings.get(instrument.underlying);
  const price = ul?.settlementPrices.get(instrument.expiryMs) ?? null;
  const base = { position, instrument, unit, expiryMs: instrument.expiryMs, settlementPriceUsd: price };
  const unknown = (unknownReason: string): SettledPosition => ({ ...base, payout: null, valueUsd: null, unknownReason });
  if (!ul) return unknown(`no market data for ${instrument.underlying} in the snapshot`);
  if (price === null) return unknown('no settlement price for this expiry in the market snapshot');
  const path = pathOf(instrument);
  const entryUsd = position.entryPrice ?? NaN;
  let quantityCoin = position.quantity;
  let notionalUsd = 0;
  if (instrument.kind === 'option') {
    if (unit === 'contracts' && instrument.settlement === 'linear') quantityCoin *= LINEAR_OPTION_MULTIPLIER[instrument.underlying] ?? NaN;
  } else {
    if (!(entryUsd > 0)) return unknown('a future without an entry price has no known settlement P&L');
    if (instrument.settlement === 'inverse') {
      if (unit === 'usd') notionalUsd = position.quantity;
      else if (unit === 'contracts') notionalUsd = position.quantity * (INVERSE_FUTURE_CONTRACT_USD[instrument.underlying] ?? NaN);
      else notionalUsd = position.quantity * price;
    }
  }
  const strike = instrument.kind === 'option' ? instrument.strike : NaN;
  const isCall = instrument.kind === 'option' && instrument.putCall === 'call';
  const payout = settle({ path, quantityCoin, notionalUsd, entryUsd, strike, isCall }, price);
  return { ...base, payout, valueUsd: settledValueUsd(payout, ul.index), unknownReason: null };
}

/** True when the resolved or settled result is a live position. */
export function isResolved(r: ResolvedPosition | SettledPosition | RowError): r is ResolvedPosition {
  return 'path' in r;
}

/** True when the result is a position that expired before the valuation time. */
export function isSettled(r: ResolvedPosition | SettledPosition | RowError): r is SettledPosition {
  return 'payout' in r;
}

/**
 * Resolve one position against the market.
 * @returns the resolved position; a SettledPosition when it expired at or before the valuation time; or a RowError
 *   saying why it cannot be valued.
 */
export function resolvePosition(position: Position, market: MarketModel): ResolvedPosition | SettledPosition | RowError {
  const parsed = parseInstrument(position.instrument);
  if (!parsed.ok) return fail(position, parsed.error);
  const instrument = parsed.value;
  const unit = position.unit ?? 'coin';
  const badUnit = unitError(instrument, unit);
  if (badUnit) return fail(position, badUnit);
  if (!Number.isFinite(position.quantity)) return fail(position, `quantity ${position.quantity} is not a finite number`);
  if (position.entryPrice !== null && !(position.entryPrice > 0 && Number.isFinite(position.entryPrice))) {
    return fail(position, `entry price ${position.entryPrice} must be a positive number`);
  }
  if ((instrument.kind === 'option' || instrument.kind === 'future') && instrument.expiryMs <= market.valuationMs) {
    return settleExpired(position, instrument, unit, market);
  }
  const path = pathOf(instrument);
  const base = {
    position,
    instrument,
    path,
    unit,
    notionalUsd: 0,
    entryUsd: NaN,
    forward0: NaN,
    strike: NaN,
    isCall: false,
    vol0: NaN,
    tteYears0: NaN,
    expiryListed: true,
  };
  if (instrument.kind === 'cash') {
    return { ...base, quantityCoin: position.quantity, index0: 1 };
  }
  const ul: UnderlyingModel | undefined = market.underlyings.get(instrument.underlying);
  if (!ul) return fail(position, `no market data for ${instrument.underlying} in the snapshot`);
  const index0 = ul.index;
  if (!(index0 > 0)) return fail(position, `the ${instrument.underlying} index in the snapshot is not positive`);

  if (instrument.kind === 'spot') {
    return { ...base, quantityCoin: position.quantity, index0 };
  }

  const tteYears0 = instrument.kind === 'perpetual' ? 0 : yearFraction(market.valuationMs, instrument.expiryMs);
  const forward0 = instrument.kind === 'perpetual' ? ul.perpetual : forwardAt(ul, market.valuationMs, instrument.expiryMs);
  if (!(forward0 > 0)) return fail(position, `no forward for ${instrument.name}`);
  const expiryListed = instrument.kind === 'perpetual' || isExpiryListed(ul, instrument.expiryMs, instrument.kind === 'option');

  if (instrument.kind === 'option') {
    const multiplier =
      unit === 'contracts' && instrument.settlement === 'linear' ? (LINEAR_OPTION_MULTIPLIER[instrument.underlying] ?? NaN) : 1;
    const quantityCoin = position.quantity * multiplier;
    const vol0 = volAt(ul, market.valuationMs, instrument.expiryMs, instrument.strike);
    if (!(vol0 > 0)) return fail(position, `no volatility smile for ${instrument.underlying} in the snapshot`);
    return {
      ...base,
      quantityCoin,
      index0,
      forward0,
      strike: instrument.strike,
      isCall: instrument.putCall === 'call',
      vol0,
      tteYears0,
      expiryListed,
    };
  }

  // Futures and perpetuals.
  const entryUsd = position.entryPrice ?? forward0;
  if (instrument.settlement === 'inverse') {
    let notionalUsd: number;
    if (unit === 'usd') notionalUsd = position.quantity;
    else if (unit === 'contracts') notionalUsd = position.quantity * (INVERSE_FUTURE_CONTRACT_USD[instrument.underlying] ?? NaN);
    else notionalUsd = position.quantity * forward0;
    return { ...base, quantityCoin: notionalUsd / forward0, notionalUsd, entryUsd, index0, forward0, tteYears0, expiryListed };
  }
  return { ...base, quantityCoin: position.quantity, entryUsd, index0, forward0, tteYears0, expiryListed };
}

/** Resolve every non-excluded position of a portfolio; failures become errors, in book order. */
export function resolveBook(portfolio: Portfolio, market: MarketModel): ResolvedBook {
  const positions: ResolvedPosition[] = [];
  const errors: RowError[] = [];
  const settled: SettledPosition[] = [];
  for (const p of portfolio.positions) {
    if (p.excluded) continue;
    const r = resolvePosition(p, market);
    if (isResolved(r)) positions.push(r);
    else if (isSettled(r)) settled.push(r);
    else errors.push(r);
  }
  return { valuationMs: market.valuationMs, positions, errors, settled };
}

/**
 * Per-position resolution cache for incremental revaluation: positions are immutable values, so a position whose
 * defining fields are unchanged resolves to the same ResolvedPosition (same object) in the same market. Editing one
 * row of a 50,000-position book then resolves (and base-values) one position, not 50,000.
 * One cache belongs to one market model; create a new one when the market changes.
 */
export interface ResolutionCache {
  readonly model: MarketModel;
  readonly entries: Map<string, ResolvedPosition | SettledPosition | RowError>;
}

export function createResolutionCache(model: MarketModel): ResolutionCache {
  return { model, entries: new Map() };
}

/** Every field resolution depends on (the whole position but id-independent extras). */
function positionKey(p: Position): string {
  return `${p.id}\u0000${p.instrument}\u0000${p.quantity}\u0000${p.unit ?? ''}\u0000${p.entryPrice ?? ''}\u0000${p.venue}\u0000${p.label}\u0000${p.whatIf ? 1 : 0}\u0000${p.line ?? ''}`;
}

/** resolveBook through a cache; entries of positions no longer in the book are dropped. */
export function resolveBookIncremental(portfolio: Portfolio, cache: ResolutionCache): ResolvedBook {
  const positions: ResolvedPosition[] = [];
  const errors: RowError[] = [];
  const settled: SettledPosition[] = [];
  const next = new Map<string, ResolvedPosition | SettledPosition | RowError>();
  for (const p of portfolio.positions) {
    if (p.excluded) continue;
    const key = positionKey(p);
    let r = cache.entries.get(key);
    if (!r) r = resolvePosition(p, cache.model);
    next.set(key, r);
    if (isResolved(r)) positions.push(r);
    else if (isSettled(r)) settled.push(r);
    else errors.push(r);
  }
  cache.entries.clear();
  for (const [k, v] of next) cache.entries.set(k, v);
  return { valuationMs: cache.model.valuationMs, positions, errors, settled };
}
