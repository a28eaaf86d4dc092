/**
 * Riskdeck's margin for a book beside the exchange's account summaries: builds the market model, resolves the
 * Deribit positions of the book (other venues are separate accounts) and runs the portfolio margin (PME) and the
 * standard model, then `compareMargins`. Pure; runs in the risk worker, the CLI and tests.
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';
import {
  buildMarketModel,
  computePortfolioMargin,
  computeStandardMargin,
  DEFAULT_PME_PARAMS,
  resolveBook,
  type PmeParams,
} from '../engine/index.ts';
import { compareMargins, type AccountCurrencySummary, type MarginComparison } from './account.ts';

/**
 * @param portfolio the book (what-if and excluded rows are left out, like the exchange has never seen them)
 * @param params PME parameters (default the bundled set)
 */
export function computeAccountMarginComparison(
  summaries: readonly AccountCurrencySummary[],
  portfolio: Portfolio,
  snapshot: MarketSnapshot,
  params: PmeParams = DEFAULT_PME_PARAMS,
): MarginComparison & { readonly unresolved: readonly string[] } {
  const model = buildMarketModel(snapshot);
  const deribitOnly: Portfolio = {
    ...portfolio,
    positions: portfolio.positions.filter((p) => p.venue === 'deribit' && !p.whatIf && !p.excluded),
  };
  const book = resolveBook(deribitOnly, model);
  const pme = computePortfolioMargin(book, model, params);
  const standard = computeStandardMargin(book, model);
  const comparison = compareMargins(summaries, pme, standard);
  return {
    ...comparison,
    notes: [...comparison.notes, ...pme.warnings],
    unresolved: book.errors.map((e) => `${e.instrument}: ${e.message}`),
  };
}
