/**
 * Market snapshot: the contract format of PRODUCT.md ("Market snapshot JSON").
 *
 * - `valuationTime` ISO-8601; expiries are matched by instant (08:00 UTC on the expiry date).
 * - `index` is the spot index S (USD per coin); `perpetual` the perpetual's mark (defaults to `index`).
 * - `rate` is carried but pricing uses r = 0 (Deribit convention).
 * - `forwards[].price` is the expiry's forward F0 (USD per coin); smiles hold implied vols as decimals (0.45 = 45 %).
 * - `fundingRate` (optional, our extension): perpetual funding as an annualised decimal, used for carry.
 * - `settlementPrices` (optional, our extension): the delivery price of past expiries, used to settle positions that
 *   expired before the valuation time (engine/pricers/settlement.ts).
 */

export interface SmilePoint {
  /** Strike, USD per coin. */
  readonly strike: number;
  /** Implied volatility, annualised decimal (0.45 = 45 vol points). */
  readonly iv: number;
}

export interface Smile {
  /** Expiry instant, ISO-8601 (08:00 UTC). */
  readonly expiry: string;
  readonly points: readonly SmilePoint[];
}

export interface ForwardQuote {
  readonly expiry: string;
  /** Forward price, USD per coin. */
  readonly price: number;
}

/** The price an expiry settled at: Deribit's delivery price (index TWAP 07:30–08:00 UTC on the expiry date). */
export interface SettlementPrice {
  /** Expiry instant, ISO-8601 (08:00 UTC). */
  readonly expiry: string;
  /** Delivery price, USD per coin. */
  readonly price: number;
}

export interface UnderlyingMarket {
  /** Spot index, USD per coin. */
  readonly index: number;
  /** Perpetual mark, USD per coin (defaults to index). */
  readonly perpetual?: number;
  /** Carried, not used in pricing (r = 0). */
  readonly rate?: number;
  /** Perpetual funding rate, annualised decimal (optional). */
  readonly fundingRate?: number;
  readonly forwards: readonly ForwardQuote[];
  readonly smiles: readonly Smile[];
  /** Optional half bid-ask spreads per instrument name, in the instrument's quote currency (for hedging costs). */
  readonly halfSpreads?: Readonly<Record<string, number>>;
  /** Optional delivery prices of expiries at or before the valuation time. */
  readonly settlementPrices?: readonly SettlementPrice[];
}

export interface MarketSnapshot {
  readonly schemaVersion: 1;
  /** ISO-8601 valuation instant. */
  readonly valuationTime: string;
  /** Where the data came from (free text). */
  readonly source: string;
  readonly underlyings: Readonly<Record<string, UnderlyingMarket>>;
}
