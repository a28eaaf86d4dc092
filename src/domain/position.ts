/**
 * Positions and portfolios: what is held, exactly as the file gave it.
 *
 * The quantity and its unit are kept as given (so a download re-imports identically) and resolved to a coin
 * quantity only when valuing, against the base (unshocked) marks (see engine/resolve.ts):
 * - `coin` (default): coins of the underlying (for inverse futures/perpetuals: the USD notional is q · F0);
 * - `usd`: USD notional, inverse futures and perpetuals only (coins = N / F0);
 * - `contracts`: exchange contracts (inverse BTC futures/perpetuals USD 10, ETH USD 1; inverse options 1 coin;
 *   linear options their multiplier where known, SOL 10, XRP 1000).
 */

import { INVERSE_FUTURE_CONTRACT_USD, LINEAR_OPTION_MULTIPLIER, type Instrument } from './instrument.ts';

export type QuantityUnit = 'coin' | 'usd' | 'contracts';
export const QUANTITY_UNITS: readonly QuantityUnit[] = ['coin', 'usd', 'contracts'];

export interface Position {
  /** Stable id within the session (not written to files). */
  readonly id: string;
  /** Instrument name as written in the file (trimmed). */
  readonly instrument: string;
  /** Signed quantity: + long, − short, in `unit`. */
  readonly quantity: number;
  /** Unit as given; undefined when the file had none (meaning `coin`). */
  readonly unit?: QuantityUnit;
  /** Entry price in the instrument's quote currency (coin for inverse options, USD/USDC otherwise); null if none. */
  readonly entryPrice: number | null;
  /** Venue holding the position; default `deribit`. */
  readonly venue: string;
  /** Free text: book, strategy. */
  readonly label: string;
  /** Hypothetical (what-if) trade: included in every figure, visibly marked, excludable. */
  readonly whatIf?: boolean;
  /** Excluded from all figures (a what-if row switched off). */
  readonly excluded?: boolean;
  /** Physical line in the source file (header = line 1), when the position came from a file. */
  readonly line?: number;
  /** Unknown CSV columns / JSON fields, preserved on round trip (values as given). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /**
   * Set on a cash row that pays for a trade added by hand (its premium and taker fee), so that it follows the trade:
   * same switch, venue and what-if flag, and a quantity recomputed when the trade's quantity or entry changes.
   * Session data (kept in the autosave, not written to files: a download has the cash row as an ordinary row).
   */
  readonly cashLeg?: CashLeg;
}

/**
 * How a trade's premium and fee turn into a cash amount: the leg holds `instrument` (the coin for inverse products,
 * USDC for linear ones and spot) and its quantity is
 * −(paysPremium ? q · coinsPerUnit · entry : 0) − |q · coinsPerUnit| · min(feePerCoin, feeCapOfPrice · entry),
 * q the trade's quantity in its own unit and entry its entry price (quote currency per coin). See
 * engine/trade/cashLeg.ts.
 */
export interface CashLegTerms {
  /** `BTC`, `ETH`, … (a coin spot row) or `USDC` (a cash row). */
  readonly instrument: string;
  /** Coins of the underlying per unit of the trade's quantity at the base marks (1 for coin; 1/F0 for usd notional). */
  readonly coinsPerUnit: number;
  /** Options and spot pay their entry price; futures and perpetuals only the fee. */
  readonly paysPremium: boolean;
  /** Taker fee per coin traded, in the leg's currency. */
  readonly feePerCoin: number;
  /** Options: the fee is capped at this fraction of the entry price (Deribit: 12.5 %); null for no cap. */
  readonly feeCapOfPrice: number | null;
}

export interface CashLeg extends CashLegTerms {
  /** Id of the trade this row pays for. */
  readonly of: string;
}

export interface Portfolio {
  readonly name: string;
  readonly positions: readonly Position[];
  /** Unknown top-level JSON fields, preserved on round trip. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A row that could not be read or valued: never dropped silently. */
export interface RowError {
  /** Physical line of the file (header = line 1); null when not from a file. */
  readonly line: number | null;
  readonly instrument: string;
  readonly message: string;
  /** Id of the book position this error belongs to, when it was read but could not be valued. */
  readonly positionId?: string;
}

/** Result of importing a portfolio file: the good rows and the rejected ones. */
export interface PortfolioImport {
  readonly portfolio: Portfolio;
  readonly errors: readonly RowError[];
  /** Detected format. */
  readonly format: 'csv' | 'json' | 'deribit-positions';
  /**
   * Columns (CSV) or position fields (JSON) that are not ours: kept and written back on download, but not used for
   * valuation, so the import report names them (an `entry` column that is not read as the entry price matters).
   */
  readonly ignoredColumns?: readonly string[];
  /** Rows read and deliberately left out, with the reason (e.g. Deribit's closed positions of size 0). */
  readonly skipped?: readonly RowError[];
}

/**
 * Which units apply to which instrument (PRODUCT.md "Portfolio CSV").
 * @returns null when `unit` applies to `instrument`, else the reason it does not.
 */
export function unitError(instrument: Instrument, unit: QuantityUnit): string | null {
  if (unit === 'coin') return null;
  const isInverseDelta1 = instrument.settlement === 'inverse' && (instrument.kind === 'future' || instrument.kind === 'perpetual');
  if (unit === 'usd') {
    return isInverseDelta1 ? null : `unit "usd" applies only to inverse futures and perpetuals, not to ${instrument.name}`;
  }
  // contracts
  if (isInverseDelta1) {
    return INVERSE_FUTURE_CONTRACT_USD[instrument.underlying] !== undefined
      ? null
      : `unit "contracts": the contract size of ${instrument.name} is not known (known: BTC USD 10, ETH USD 1)`;
  }
  if (instrument.kind === 'option') {
    if (instrument.settlement === 'inverse') return null;
    return LINEAR_OPTION_MULTIPLIER[instrument.underlying] !== undefined
      ? null
      : `unit "contracts": the multiplier of ${instrument.underlying} linear options is not known (known: ${Object.keys(LINEAR_OPTION_MULTIPLIER).join(', ')})`;
  }
  return `unit "contracts" does not apply to ${instrument.kind} ${instrument.name}`;
}
