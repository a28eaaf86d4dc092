/**
 * Results: what the engine returns, with the report JSON field names of PRODUCT.md.
 * Units: USD unless named; delta in coin; gamma per USD; vega USD per vol point; theta USD per day;
 * rho USD per 1 % rate.
 */
import type { InstrumentKind, Settlement } from './instrument.ts';
import type { QuantityUnit, RowError } from './position.ts';

/** Per-position Greeks in Deribit ticker units × signed coin quantity. */
export interface Greeks {
  /** Coin (futures, perpetuals and spot: their coin quantity). */
  readonly delta: number;
  /** Per USD of the forward. */
  readonly gamma: number;
  /** USD per vol point. */
  readonly vega: number;
  /** USD per calendar day (Deribit's rule per 1 coin long, times the signed quantity). */
  readonly theta: number;
  /** USD per 1 % rate (Black-Scholes style, K·T·N(±d2)/100). */
  readonly rho: number;
}

export interface PositionResult extends Greeks {
  readonly id: string;
  /** Physical file line, when known. */
  readonly line: number | null;
  readonly instrument: string;
  readonly kind: InstrumentKind;
  readonly settlement: Settlement;
  readonly underlying: string;
  /** As given in the book. */
  readonly quantity: number;
  /** As given, `coin` when the file had none. */
  readonly unit: QuantityUnit;
  /** Coin quantity after resolving the unit at the base marks. */
  readonly quantityCoin: number;
  /** Mark per 1 coin of underlying: coin for inverse options, USD otherwise. */
  readonly markPrice: number;
  /** Implied vol (decimal) for options, else null. */
  readonly iv: number | null;
  /** Forward (USD) used for options and futures/perpetuals, else null. */
  readonly forward: number | null;
  readonly valueUsd: number;
  /** ∂V_usd/∂m for a relative move m of the underlying. */
  readonly deltaUsd: number;
  /** Change of deltaUsd for a +1 % move: 0.01 · ∂²V_usd/∂m². */
  readonly gammaUsd1pct: number;
  /** vega · √(30 / days to expiry). */
  readonly vegaStd: number;
  /** Deribit premium-adjusted delta contribution (coin); 0 for spot and cash. */
  readonly deltaTotal: number;
  /** Time to expiry, years (ACT/365), null when not dated. */
  readonly tteYears: number | null;
  /** Entry-price P&L in USD (valueUsd − cost at entry), null without an entry price. */
  readonly pnlVsEntryUsd: number | null;
  readonly whatIf: boolean;
  readonly venue: string;
  readonly label: string;
  /**
   * False when the market snapshot does not list this expiry (no forward quoted at it or, for an option, no smile):
   * its forward and vol are interpolated between listed expiries. True for listed expiries and undated instruments.
   */
  readonly expiryListed: boolean;
}

/**
 * A position whose expiry is at or before the valuation time: settled, valued at its settlement amount when the
 * snapshot has the delivery price, with no Greeks and in no figure (engine/pricers/settlement.ts).
 */
export interface SettledResult {
  readonly id: string;
  readonly line: number | null;
  readonly instrument: string;
  readonly kind: 'option' | 'future';
  readonly settlement: Settlement;
  readonly underlying: string;
  /** As given in the book. */
  readonly quantity: number;
  readonly unit: QuantityUnit;
  /** Expiry instant, ISO-8601. */
  readonly expiry: string;
  /** Delivery price, USD per coin; null when the snapshot has none. */
  readonly settlementPriceUsd: number | null;
  /** Amount paid (+ received, − paid) in `payoutCurrency`; null when unknown. */
  readonly payout: number | null;
  /** The underlying coin for inverse products, USDC for linear ones. */
  readonly payoutCurrency: string;
  /** USD value of the payout (coin at the index now, USDC at face); null when unknown. */
  readonly valueUsd: number | null;
  /** What happened, for people: "expired on 27 Dec 2024 08:00 UTC, settled …". */
  readonly message: string;
  readonly whatIf: boolean;
  readonly venue: string;
  readonly label: string;
}

export interface UnderlyingAggregate {
  readonly delta: number;
  readonly deltaUsd: number;
  readonly gamma: number;
  readonly gammaUsd1pct: number;
  readonly vega: number;
  readonly vegaStd: number;
  readonly theta: number;
  readonly rho: number;
  readonly deltaTotal: number;
  /** Sum of valueUsd of the underlying's positions. */
  readonly valueUsd: number;
}

export interface ScenarioResult {
  /** Relative spot move (decimal) as asked: a number for all underlyings, or per underlying. */
  readonly spot: number | Readonly<Record<string, number>>;
  /** Vol shift, decimal. */
  readonly vol: number;
  readonly days: number;
  readonly pnlUsd: number;
  /** P&L per underlying (cash under its own code). */
  readonly pnlByUnderlyingUsd: Readonly<Record<string, number>>;
  /** Total USD value after the shock. */
  readonly valueUsdAfter: number;
  /** Aggregated Greeks in the shocked market. */
  readonly byUnderlyingAfter: Readonly<Record<string, UnderlyingAggregate>>;
  /** Per-position value after the shock, by position id (USD). */
  readonly valueUsdAfterById: Readonly<Record<string, number>>;
}

export interface RiskReport {
  readonly valuationTime: string;
  readonly positions: readonly PositionResult[];
  readonly byUnderlying: Readonly<Record<string, UnderlyingAggregate>>;
  readonly errors: readonly RowError[];
  readonly totalValueUsd: number;
  readonly scenario?: ScenarioResult;
  /**
   * Positions that expired before the valuation time (in no other field and no figure). Always set by the engine;
   * optional so hand-built reports in tests and older stored results stay valid.
   */
  readonly settled?: readonly SettledResult[];
}
