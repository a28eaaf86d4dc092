/** The default book and market for the risk views' view-model tests (Node only: reads public/data). */
import { readFileSync } from 'node:fs';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import type { MarketSnapshot } from '../../domain/market.ts';
import type { Portfolio } from '../../domain/position.ts';
import type { BookInputs } from '../../worker/bookCache.ts';

export function defaultViewInputs(key = 'view-models'): { market: MarketSnapshot; book: Portfolio; inputs: BookInputs } {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'default-portfolio.csv');
  if (!m.ok || !p.ok) throw new Error('default data unreadable');
  return {
    market: m.snapshot,
    book: p.result.portfolio,
    inputs: { portfolio: p.result.portfolio, market: m.snapshot, overrides: { spot: {}, volPts: {} }, marketKey: key, bookKey: key },
  };
}
