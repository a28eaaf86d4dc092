/**
 * The engine run in the test process (Node), on the same files the page uses: the oracle for what the page shows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildMarketModel, cashLegLabel, cashLegQuantity, computeReport, quoteTrade } from '../../src/engine/index.ts';
import { importMarketText } from '../../src/io/importMarket.ts';
import { importPortfolioText } from '../../src/io/importPortfolio.ts';
import type { MarketSnapshot } from '../../src/domain/market.ts';
import type { Portfolio, Position, QuantityUnit } from '../../src/domain/position.ts';
import type { RiskReport } from '../../src/domain/results.ts';
import type { Scenario } from '../../src/domain/scenario.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const fixture = (name: string): string => `${root}e2e/fixtures/${name}`;

export function readMarket(path: string): MarketSnapshot {
  const r = importMarketText(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

export function readBook(path: string): Portfolio {
  const r = importPortfolioText(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(r.error);
  return r.result.portfolio;
}

export const defaultMarket = (): MarketSnapshot => readMarket(`${root}public/data/default-market.json`);
export const defaultBook = (): Portfolio => readBook(`${root}public/data/default-portfolio.csv`);

export function report(book: Portfolio, market: MarketSnapshot, scenario?: Scenario): RiskReport {
  return computeReport(book, market, scenario);
}

/** Positions without ids and file lines: what "the same book" means across an export and re-import. */
export function comparable(book: Portfolio): unknown[] {
  return book.positions.map(({ id: _id, line: _line, ...rest }) => rest);
}

export function bookFromText(text: string, fileName: string): Portfolio {
  const r = importPortfolioText(text, fileName);
  if (!r.ok) throw new Error(r.error);
  return r.result.portfolio;
}

/**
 * What the add form books for a what-if trade at the mark with its premium paid (the form's defaults): the trade,
 * entered at its mark, and the cash row paying premium and taker fee.
 */
export function whatIfTradeAtMark(market: MarketSnapshot, instrument: string, quantity: number, unit?: QuantityUnit): Position[] {
  const q = quoteTrade(buildMarketModel(market), instrument, unit);
  if (!q.ok) throw new Error(q.error);
  const trade: Position = {
    id: 'wi-trade',
    instrument: q.quote.instrument,
    quantity,
    ...(unit && unit !== 'coin' ? { unit } : {}),
    entryPrice: q.quote.markPrice,
    venue: 'deribit',
    label: '',
    whatIf: true,
  };
  const terms = q.quote.cashLeg;
  if (!terms) return [trade];
  const leg: Position = {
    id: 'wi-leg',
    instrument: terms.instrument,
    quantity: cashLegQuantity(terms, quantity, q.quote.markPrice),
    entryPrice: null,
    venue: 'deribit',
    label: cashLegLabel(terms, q.quote.instrument),
    whatIf: true,
    cashLeg: { ...terms, of: 'wi-trade' },
  };
  return [trade, leg];
}
