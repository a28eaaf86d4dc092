/**
 * The figures a margin statement attests, per settlement currency, from the engine alone:
 *
 * - IM and MM: the Deribit portfolio margin of the whole book (every venue together, as the report's `margin{}`),
 *   `computePortfolioMargin` with the committed parameters on the committed market (engine/margin/pme.ts).
 * - Equity in currency C (the cross-margin definition of engine/exposure/liquidation.ts, equity = collateral +
 *   derivatives value, split by the currency each amount is held in instead of converted to USD):
 *     collateral: spot holdings of coin C (their coin quantity) and cash held in C (its amount; USDC cash in USDC,
 *       USD and USDT cash on their own lines, which no settlement currency uses);
 *     derivatives value: every option, future and perpetual settled in C at its value in C (`settlementValue`:
 *       inverse option q · mark, inverse future / perpetual USD value / index = N (1/E − 1/F), linear products their
 *       USDC value).
 *   Converted at each currency's index, the currencies' equities add up to the venues' cross-margin equity in USD.
 * - Margin ratio = MM / equity (as the cross-margin accounts), null when equity ≤ 0.
 * - The claim "equity ≥ MM in every currency" holds when it holds for each currency listed.
 *
 * Currencies listed: every settlement currency with margin and every currency holding collateral, sorted.
 * Positions are valued in the order given; the proofs always pass them in the tree's canonical order, so the prover
 * and every verifier add the same numbers in the same order.
 *
 * Verified by: figures.test.ts (IM/MM equal to `marginReport`, equity by hand for each kind, the USD identity with
 * computeVenueAccounts, the claim on a book that fails it).
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { Position, RowError } from '../domain/position.ts';
import {
  buildMarketModel,
  computePortfolioMargin,
  pricePosition,
  resolveBook,
  settlementCurrencyOf,
  settlementValue,
  NO_SHOCK,
  type PmeParams,
} from '../engine/index.ts';

/** One currency's attested figures, amounts in that currency (coin, or USDC / USD / USDT). */
export interface CurrencyFigures {
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  readonly equity: number;
  /** MM / equity; null when equity ≤ 0. */
  readonly marginRatio: number | null;
  /** equity ≥ MM. */
  readonly equityCoversMaintenance: boolean;
}

export interface MarginFigures {
  readonly valuationTime: string;
  /** Keyed by currency, sorted. */
  readonly currencies: Readonly<Record<string, CurrencyFigures>>;
  /** equity ≥ MM in every currency. */
  readonly claimHolds: boolean;
  /** Positions the engine could not value (a proof refuses them; a verifier reports them). */
  readonly errors: readonly RowError[];
  /** Parameter fall-backs the margin used. */
  readonly warnings: readonly string[];
}

/** The statement's figures for `positions` on `snapshot` under `params`. */
export function marginFigures(positions: readonly Position[], snapshot: MarketSnapshot, params: PmeParams): MarginFigures {
  const model = buildMarketModel(snapshot);
  const book = resolveBook({ name: 'committed book', positions }, model);
  const pme = computePortfolioMargin(book, model, params);
  const equity = new Map<string, number>();
  const add = (ccy: string, amount: number) => equity.set(ccy, (equity.get(ccy) ?? 0) + amount);
  for (const rp of book.positions) {
    const ccy = settlementCurrencyOf(rp);
    if (ccy !== null) add(ccy, settlementValue(rp));
    else if (rp.path === 'spot') add(rp.instrument.underlying, rp.quantityCoin);
    else if (rp.path === 'cash') add(rp.instrument.underlying, pricePosition(rp, NO_SHOCK).valueUsd);
  }
  const names = [...new Set([...Object.keys(pme.currencies), ...equity.keys()])].sort();
  const currencies: Record<string, CurrencyFigures> = {};
  for (const ccy of names) {
    const m = pme.currencies[ccy];
    const im = m?.initialMargin ?? 0;
    const mm = m?.maintenanceMargin ?? 0;
    const eq = equity.get(ccy) ?? 0;
    currencies[ccy] = {
      initialMargin: im,
      maintenanceMargin: mm,
      equity: eq,
      marginRatio: eq > 0 ? mm / eq : null,
      equityCoversMaintenance: eq >= mm,
    };
  }
  return {
    valuationTime: snapshot.valuationTime,
    currencies,
    claimHolds: Object.values(currencies).every((c) => c.equityCoversMaintenance),
    errors: book.errors,
    warnings: pme.warnings,
  };
}
