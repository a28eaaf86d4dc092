import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { riskApi } from './riskApi.ts';
import { applyMarketOverrides } from './marketOverrides.ts';
import { computeReport } from '../engine/index.ts';
import { importMarketText } from '../io/importMarket.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';

function defaults(): { market: MarketSnapshot; book: Portfolio } {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'default-portfolio.csv');
  if (!m.ok || !p.ok) throw new Error('default data unreadable');
  return { market: m.snapshot, book: p.result.portfolio };
}

const NONE = { spot: {}, volPts: {} };

describe('riskApi (the worker surface, run in-process)', () => {
  const { market, book } = defaults();
  const scenario = { spot: { BTC: -0.1, ETH: 0.05 }, vol: 0.05, days: 1 };

  it('computeReport equals a direct engine call, with and without the model cache', () => {
    const direct = computeReport(book, market, scenario);
    expect(riskApi.computeReport(book, market, NONE, scenario)).toEqual(direct);
    expect(riskApi.computeReport(book, market, NONE, scenario, 'k1')).toEqual(direct);
    expect(riskApi.computeReport(book, market, NONE, scenario, 'k1')).toEqual(direct); // cached model
  });

  it('a different key with overrides gives the overridden market’s numbers', () => {
    const overrides = { spot: { BTC: 85000 }, volPts: { ETH: 2 } };
    const direct = computeReport(book, applyMarketOverrides(market, overrides), scenario);
    expect(riskApi.computeReport(book, market, overrides, scenario, 'k2')).toEqual(direct);
  });

  it('reads portfolio files from text or Blob, refuses > 20 MB', async () => {
    const csv = readFileSync('public/data/default-portfolio.csv', 'utf8');
    const fromBlob = await riskApi.readPortfolioFile(new Blob([csv]), 'b.csv');
    expect(fromBlob.ok && fromBlob.result.portfolio.positions.length).toBe(book.positions.length);
    const huge = await riskApi.readPortfolioFile({ size: 21 * 1024 * 1024 } as Blob, 'huge.csv');
    expect(huge).toEqual({ ok: false, error: expect.stringContaining('20 MB') });
  });

  it('a dropped file is a portfolio first, then a market, else the portfolio verdict', async () => {
    const csv = readFileSync('public/data/default-portfolio.csv', 'utf8');
    expect((await riskApi.readDroppedFile(csv, 'b.csv')).kind).toBe('portfolio');
    expect((await riskApi.readDroppedFile(JSON.stringify(market), 'm.json')).kind).toBe('market');
    const junk = await riskApi.readDroppedFile('\u0000\u0001 binary', 'x.bin');
    expect(junk.kind).toBe('portfolio');
    expect(junk.result.ok).toBe(false);
  });

  it('lists instruments and exports', () => {
    expect(riskApi.listMarketInstruments(market).some((i) => i.name === 'BTC-PERPETUAL')).toBe(true);
    expect(riskApi.exportPortfolio(book, 'csv').split('\n')[0]).toContain('instrument');
    expect(JSON.parse(riskApi.exportPortfolio(book, 'json')).schemaVersion).toBe(1);
  });
});
