import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Portfolio } from '../domain/position.ts';
import { importPortfolioText } from './importPortfolio.ts';
import { joinedBookName, mergePortfolios } from './mergePortfolios.ts';
import { exportPortfolioCsv } from './exportPortfolio.ts';

function book(text: string, fileName: string): Portfolio {
  const r = importPortfolioText(text, fileName);
  if (!r.ok) throw new Error(r.error);
  return r.result.portfolio;
}

const btc = book(
  JSON.stringify({
    result: [
      { instrument_name: 'BTC-PERPETUAL', size: -50000, average_price: 80000 },
      { instrument_name: 'BTC-25DEC26-70000-P', size: 25, average_price: 0.0523 },
    ],
  }),
  'btc-positions.json',
);
const eth = book(
  JSON.stringify({ result: [{ instrument_name: 'ETH-PERPETUAL', size: -1000, average_price: 2500 }] }),
  'eth-positions.json',
);

describe('mergePortfolios', () => {
  it('builds one book from per-currency Deribit files: every position once, in order, unique ids, joined name', () => {
    const merged = mergePortfolios([btc, eth]);
    expect(merged.name).toBe('btc-positions + eth-positions');
    expect(merged.positions.map((p) => [p.id, p.instrument, p.quantity, p.unit])).toEqual([
      ['p1', 'BTC-PERPETUAL', -50000, 'usd'],
      ['p2', 'BTC-25DEC26-70000-P', 25, 'coin'],
      ['p3', 'ETH-PERPETUAL', -1000, 'usd'],
    ]);
    // Each position keeps the line of its own file.
    expect(merged.positions.map((p) => p.line)).toEqual([btc.positions[0]!.line, btc.positions[1]!.line, eth.positions[0]!.line]);
  });

  it('adding to a book keeps its ids and gives the added rows ids it does not use', () => {
    const edited: Portfolio = {
      ...btc,
      positions: [...btc.positions, { ...eth.positions[0]!, id: 'p3' }, { ...eth.positions[0]!, id: 'new-4' }],
    };
    const merged = mergePortfolios([edited, eth]);
    expect(merged.positions.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'new-4', 'p4']);
    expect(new Set(merged.positions.map((p) => p.id)).size).toBe(merged.positions.length);
  });

  it('downloads the same rows as the files one after the other', () => {
    const csvText = readFileSync(new URL('./__fixtures__/bad-rows.csv', import.meta.url), 'utf8');
    const a = book(csvText, 'a.csv');
    const merged = mergePortfolios([a, btc]);
    const lines = exportPortfolioCsv(merged).trim().split('\r\n');
    expect(lines.length).toBe(1 + a.positions.length + btc.positions.length);
    expect(lines.at(-1)).toMatch(/^BTC-25DEC26-70000-P,25,coin,0.0523,deribit,,/);
  });

  it('keeps unknown top-level fields, the first book winning, and never repeats a name', () => {
    const x: Portfolio = { name: 'x', positions: [], extra: { desk: 'A', owner: 'me' } };
    const y: Portfolio = { name: 'x', positions: [], extra: { desk: 'B', region: 'EU' } };
    expect(mergePortfolios([x, y])).toEqual({ name: 'x', positions: [], extra: { desk: 'A', owner: 'me', region: 'EU' } });
    expect(joinedBookName(['a', ' ', 'b', 'a'])).toBe('a + b');
    expect(joinedBookName([])).toBe('Portfolio');
    expect(mergePortfolios([]).positions).toEqual([]);
  });
});
