/**
 * What a pricer returns for one position in one market state. Units: USD unless named; Greeks in Deribit ticker
 * units × signed coin quantity (PRODUCT.md "Greeks and aggregates").
 */
export interface Valuation {
  /** USD value of the position (PRODUCT.md "Valuation (USD) of each kind"). */
  readonly valueUsd: number;
  /** Mark per 1 coin of underlying: coin for inverse options, USD otherwise. */
  readonly markPrice: number;
  /** Implied vol used (decimal), null when not an option. */
  readonly iv: number | null;
  /** Forward used (USD), null for spot and cash. */
  readonly forward: number | null;
  /** Index used to convert coin amounts (USD). */
  readonly index: number;
  /** Coin. */
  readonly delta: number;
  /** Per USD. */
  readonly gamma: number;
  /** USD per vol point. */
  readonly vega: number;
  /** USD per day. */
  readonly theta: number;
  /** USD per 1 % rate. */
  readonly rho: number;
  /** ∂V/∂u, u a relative move of the underlying from this state (USD). */
  readonly deltaUsd: number;
  /** 0.01 · ∂²V/∂u² (USD): the change of deltaUsd for a +1 % move. */
  readonly gammaUsd1pct: number;
  /** vega · √(30 / days to expiry) (USD per vol point, 30-day equivalent). */
  readonly vegaStd: number;
  /** Deribit premium-adjusted delta (coin); 0 for spot and cash. */
  readonly deltaTotal: number;
  /** Years to expiry in this state, null when not dated. */
  readonly tteYears: number | null;
  /**
   * True when the position has expired in this state (its days passed the expiry): it is then its settled amount as
   * cash and every Greek is 0 (pricers/settlement.ts).
   */
  readonly settled: boolean;
}
