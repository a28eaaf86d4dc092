/**
 * Cash legs of hand-added trades: a hypothetical trade pays its premium (and the taker fee) in its settlement
 * currency, so adding it moves the book's value only by the spread and fees, not by the whole option value.
 *
 * Units: `entryPrice` is per coin in the instrument's quote currency (coin for inverse options, USD otherwise);
 * the leg's quantity is in its own currency (coins of the underlying for inverse products, USDC for linear and spot).
 * Tiny and dependency-free so the store can recompute a leg synchronously when the trade is edited.
 */
import type { CashLegTerms } from '../../domain/position.ts';

/** Which price a hand-added trade is entered at. `cross`: a buy pays the ask, a sale receives the bid. */
export type EntrySide = 'mark' | 'bid' | 'ask' | 'cross';

export const ENTRY_SIDES: readonly EntrySide[] = ['mark', 'bid', 'ask', 'cross'];

/** The entry price for a side, and the side actually used (the mark when the snapshot has no spread or the bid is ≤ 0). */
export function entryForSide(
  markPrice: number,
  halfSpread: number | null,
  side: EntrySide,
  quantity: number,
): { readonly price: number; readonly side: EntrySide } {
  if (side === 'mark' || halfSpread === null || !(halfSpread > 0)) return { price: markPrice, side: 'mark' };
  const buy = side === 'ask' || (side === 'cross' && quantity > 0);
  const price = buy ? markPrice + halfSpread : markPrice - halfSpread;
  return price > 0 ? { price, side } : { price: markPrice, side: 'mark' };
}

/** Taker fee per coin traded at `entryPrice`, in the leg's currency. */
export function feePerCoin(terms: CashLegTerms, entryPrice: number | null): number {
  if (terms.feeCapOfPrice === null || entryPrice === null) return terms.feePerCoin;
  return Math.min(terms.feePerCoin, terms.feeCapOfPrice * entryPrice);
}

/**
 * Quantity of the cash leg paying for a trade of `quantity` (its own unit) at `entryPrice`: the premium
 * (paid when long, received when short) and the fee (always paid). No entry price: no premium, the fee only.
 */
export function cashLegQuantity(terms: CashLegTerms, quantity: number, entryPrice: number | null): number {
  const coins = quantity * terms.coinsPerUnit;
  const premium = terms.paysPremium && entryPrice !== null ? coins * entryPrice : 0;
  const leg = -premium - Math.abs(coins) * feePerCoin(terms, entryPrice);
  return leg === 0 ? 0 : leg;
}

/** Label of a cash leg row, naming what it pays for. */
export function cashLegLabel(terms: CashLegTerms, instrument: string): string {
  return `${terms.paysPremium ? 'premium + fee' : 'fee'}: ${instrument}`;
}
