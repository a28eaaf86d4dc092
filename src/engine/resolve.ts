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
 */
import { INVERSE_FUTURE_CONTRACT_USD, LINEAR_OPTION_MULTIPLIER, parseInstrument, type Instrument } from '../domain/instrument.ts';
import { unitError, type Portfolio, type Position, type QuantityUnit, type RowError } from '../domain/position.ts';
import { forwardAt, volAt, type MarketModel, type UnderlyingModel } from './market/marketModel.ts';
import { yearFraction } from './market/time.ts';

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
  /** Dated instruments: ACT/365 years to expiry at the base valuation time (may be ≤ 0 if expired). */
  readonly tteYears0: number;
}

export interface ResolvedBook {
  readonly valuationMs: number;
  readonly positions: readonly ResolvedPosition[];
  readonly errors: readonly RowError[];
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
 * Resolve one position against the market.
 * @returns the resolved position, or a RowError saying why it cannot be valued.
 */
export function resolvePosition(position: Position, market: MarketModel): ResolvedPosition | RowError {
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

  if (instrument.kind === 'option') {
    const multiplier =
      unit === 'contracts' && instrument.settlement === 'linear' ? (LINEAR_OPTION_MULTIPLIER[instrument.underlying] ?? NaN) : 1;
    const quantityCoin = position.quantity * multiplier;
    let vol0 = NaN;
    if (tteYears0 > 0) {
      vol0 = volAt(ul, market.valuationMs, instrument.expiryMs, instrument.strike);
      if (!(vol0 > 0)) return fail(position, `no volatility smile for ${instrument.underlying} in the snapshot`);
    }
    return { ...base, quantityCoin, index0, forward0, strike: instrument.strike, isCall: instrument.putCall === 'call', vol0, tteYears0 };
  }

  // Futures and perpetuals.
  const entryUsd = position.entryPrice ?? forward0;
  if (instrument.settlement === 'inverse') {
    let notionalUsd: number;
    if (unit === 'usd') notionalUsd = position.quantity;
    else if (unit === 'contracts') notionalUsd = position.quantity * (INVERSE_FUTURE_CONTRACT_USD[instrument.underlying] ?? NaN);
    else notionalUsd = position.quantity * forward0;
    return { ...base, quantityCoin: notionalUsd / forward0, notionalUsd, entryUsd, index0, forward0, tteYears0 };
  }
  return { ...base, quantityCoin: position.quantity, entryUsd, index0, forward0, tteYears0 };
}

/** Resolve every non-excluded position of a portfolio; failures become errors, in book order. */
export function resolveBook(portfolio: Portfolio, market: MarketModel): ResolvedBook {
  const positions: ResolvedPosition[] = [];
  const errors: RowError[] = [];
  for (const p of portfolio.positions) {
    if (p.excluded) continue;
    const r = resolvePosition(p, market);
    if ('path' in r) positions.push(r);
    else errors.push(r);
  }
  return { valuationMs: market.valuationMs, positions, errors };
}

/**
 * Per-position resolution cache for incremental revaluation: positions are immutable values, so a position whose
 * defining fields are unchanged resolves to the same ResolvedPosition (same object) in the same market. Editing one
 * row of a 50,000-position book then resolves (and base-values) one position, not 50,000.
 * One cache belongs to one market model; create a new one when the market changes.
 */
export interface ResolutionCache {
  readonly model: MarketModel;
  readonly entries: Map<string, ResolvedPosition | RowError>;
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
  const next = new Map<string, ResolvedPosition | RowError>();
  for (const p of portfolio.positions) {
    if (p.excluded) continue;
    const key = positionKey(p);
    let r = cache.entries.get(key);
    if (!r) r = resolvePosition(p, cache.model);
    next.set(key, r);
    if ('path' in r) positions.push(r);
    else errors.push(r);
  }
  cache.entries.clear();
  for (const [k, v] of next) cache.entries.set(k, v);
  return { valuationMs: cache.model.valuationMs, positions, errors };
}
