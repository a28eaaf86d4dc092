import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import {
  buildMarketModel,
  compareHedgePolicies,
  compileBook,
  compileOptionsBook,
  computeHeatmap,
  computePortfolioMargin,
  resolveBook,
  runVar,
  suggestHedge,
  type HedgePolicy,
} from '../../engine/index.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import { parseHistoryCsv } from '../../io/history.ts';
import type { Portfolio } from '../../domain/position.ts';
import type { BookInputs } from '../bookCache.ts';
import { HEDGE_HEATMAP_GRID, hedgeApi, setHistoryFetcher, tradePositions } from './hedgeApi.ts';

const BASE_URL = 'http://riskdeck.test/data/history/';
type PolicySummaryLike = { meanHedgedPnlUsd: number; stdHedgedPnlUsd: number; meanUnhedgedPnlUsd: number; stdUnhedgedPnlUsd: number };
const fetched: string[] = [];

function load() {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'default-portfolio.csv');
  if (!m.ok || !p.ok) throw new Error('default data unreadable');
  return { market: m.snapshot, book: p.result.portfolio };
}

const { market, book } = load();
const model = buildMarketModel(market);
const inputs = (portfolio: Portfolio): BookInputs => ({ portfolio, market, overrides: null });
const closesOf = (ul: string) => {
  const r = parseHistoryCsv(readFileSync(`public/data/history/${ul.toLowerCase()}-usd-daily.csv`, 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.series;
};

beforeAll(() => {
  setHistoryFetcher(async (url) => {
    fetched.push(url);
    const path = `public/data/history/${url.slice(BASE_URL.length)}`;
    return existsSync(path) ? readFileSync(path, 'utf8') : null;
  });
});
afterAll(() => setHistoryFetcher(null));

const flat = { delta: { lo: 0, hi: 0 } };

describe('hedgeSuggest', () => {
  it('returns the engine’s trades and before/after figures for the default book, history fetched once per file', async () => {
    const targets = { BTC: flat, ETH: flat };
    const kinds = ['perpetual', 'future', 'option'] as const;
    const r = await hedgeApi.hedgeSuggest(inputs(book), {}, { targets, kinds, excluded: [], historyBaseUrl: BASE_URL });
    const direct = suggestHedge(book, model, { targets, kinds });
    if (!r.outcome.ok || !direct.ok) throw new Error('expected a solution');
    expect(r.outcome.trades).toEqual(direct.trades);
    expect(r.outcome.after.greeks).toEqual(direct.after);
    // Default target: a flat USD delta of the whole book, within half a 10 USD contract.
    expect(Math.abs(r.outcome.after.greeks.BTC!.deltaUsd)).toBeLessThanOrEqual(5);
    expect(r.outcome.scopeLabel).toBe('whole book (every venue, spot included)');
    expect(r.outcome.checks).toEqual(direct.checks);
    expect(r.outcome.misses).toEqual([]);
    expect(r.candidates.map((c) => c.kind)).toEqual(expect.arrayContaining(['perpetual', 'future', 'option']));

    // VaR, margin and heatmap worst cell of the hedged book, recomputed independently.
    const hedged = { ...book, positions: [...book.positions, ...tradePositions(direct.trades)] };
    const resolved = resolveBook(hedged, model);
    const compiled = compileBook(resolved, model);
    const v = runVar(compiled, { prices: { BTC: closesOf('BTC'), ETH: closesOf('ETH') } }, { method: 'historical', confidence: 0.99 });
    if (!v.ok || !r.outcome.after.var.ok) throw new Error('expected VaR');
    expect(r.outcome.after.var.value.varUsd).toBeCloseTo(v.report.varUsd, 6);
    const pm = computePortfolioMargin(resolved, model);
    expect(r.outcome.after.margin.imUsd).toBeCloseTo(pm.initialMarginUsd, 6);
    expect(r.outcome.after.margin.currencies.BTC!.mm).toBeCloseTo(pm.currencies.BTC!.maintenanceMargin, 9);
    const hm = computeHeatmap(compiled, {
      target: 'ALL',
      spotMovesPct: HEDGE_HEATMAP_GRID.spotMovesPct,
      axis: 'vol',
      rowValues: HEDGE_HEATMAP_GRID.volPts,
      base: {},
    });
    expect(r.outcome.after.heatmapWorst?.pnlUsd).toBeCloseTo(hm.worst.pnlUsd, 6);

    await hedgeApi.hedgeSuggest(inputs(book), {}, { targets, kinds, excluded: [], historyBaseUrl: BASE_URL });
    expect(fetched.filter((u) => u.endsWith('btc-usd-daily.csv'))).toHaveLength(1);
  });

  it('passes the scope: the Deribit account’s USD delta ends flat, the spot held elsewhere stays', async () => {
    const targets = { BTC: flat, ETH: flat };
    const scope = { venue: 'deribit' };
    const r = await hedgeApi.hedgeSuggest(inputs(book), {}, { targets, kinds: ['perpetual'], excluded: [], historyBaseUrl: null, scope });
    const direct = suggestHedge(book, model, { targets, kinds: ['perpetual'], scope });
    if (!r.outcome.ok || !direct.ok) throw new Error('expected a solution');
    expect(r.outcome.trades).toEqual(direct.trades);
    expect(r.outcome.scopeLabel).toBe('Deribit account (collateral included)');
    for (const c of r.outcome.checks) expect(Math.abs(c.after)).toBeLessThanOrEqual(c.roundingAllowance);
    // BTC held at Coinbase (5) and OKX (3) stays unhedged in the whole book.
    const spotElsewhere = 8 * market.underlyings.BTC!.index;
    expect(r.outcome.after.greeks.BTC!.deltaUsd).toBeCloseTo(spotElsewhere + r.outcome.checks[0]!.after, 6);
  });

  it('unticked candidates are not used', async () => {
    const r = await hedgeApi.hedgeSuggest(
      inputs(book),
      {},
      { targets: { BTC: flat }, kinds: ['perpetual', 'future'], excluded: ['BTC-PERPETUAL'], historyBaseUrl: null },
    );
    if (!r.outcome.ok) throw new Error(r.outcome.reason);
    expect(r.outcome.trades.length).toBeGreaterThan(0);
    expect(r.outcome.trades.every((t) => t.kind === 'future')).toBe(true);
    expect(r.outcome.before.var).toEqual({ ok: false, error: 'no price history available' });
  });

  it('reports an infeasible target with the solver’s reason', async () => {
    const r = await hedgeApi.hedgeSuggest(
      inputs(book),
      {},
      {
        targets: { BTC: { delta: { lo: 0, hi: 0 }, vega: { target: 0, tolerance: 10 } } },
        kinds: ['perpetual'],
        excluded: [],
        historyBaseUrl: BASE_URL,
      },
    );
    expect(r.outcome.ok).toBe(false);
    if (!r.outcome.ok) expect(r.outcome.reason).toMatch(/vega .*needs option candidates/);
  });

  it('a book whose underlying has no history reports the VaR error and keeps the rest', async () => {
    const solBook: Portfolio = {
      name: 'x',
      positions: [...book.positions, { id: 's', instrument: 'XRP', quantity: 1, entryPrice: null, venue: 'deribit', label: '' }],
    };
    const r = await hedgeApi.hedgeSuggest(
      inputs(solBook),
      {},
      { targets: { BTC: flat }, kinds: ['perpetual'], excluded: [], historyBaseUrl: BASE_URL },
    );
    if (!r.outcome.ok) throw new Error(r.outcome.reason);
    expect(r.outcome.before.margin.imUsd).toBeGreaterThan(0);
  });
});

describe('hedgeSimulate', () => {
  const policies: HedgePolicy[] = [
    { name: 'daily', kind: 'interval', everyDays: 1, costBps: 5 },
    { name: 'band', kind: 'band', bandCoin: 1, costBps: 5 },
  ];

  it('equals compareHedgePolicies on the last N closes, with the latest window’s dates', async () => {
    const r = await hedgeApi.hedgeSimulate(
      inputs(book),
      {},
      { underlying: 'BTC', policies, windowDays: 30, strideDays: 15, lookbackDays: 365, historyBaseUrl: BASE_URL },
    );
    if (!r.ok) throw new Error(r.error);
    const s = closesOf('BTC');
    const closes = Array.from(s.values).slice(-366);
    const direct = compareHedgePolicies(compileOptionsBook(book, model, 'BTC'), 'BTC', closes, policies, 30, 15);
    expect(r.summaries).toEqual(direct.summaries);
    expect(r.latest[1]!.hedgedPnlUsd).toEqual(direct.latest[1]!.hedgedPnlUsd);
    expect(r.latestDates).toHaveLength(31);
    expect(r.latestDates.at(-1)).toBe(s.dates.at(-1));
    expect(r.historyStart).toBe(s.dates.at(-366));
    expect(r.optionPositions).toBe(11);
  });

  it('hedges the coin delta on request and replays only the options of the chosen venue', async () => {
    const base = { underlying: 'BTC', policies, windowDays: 30, strideDays: 15, lookbackDays: 365, historyBaseUrl: BASE_URL };
    const r = await hedgeApi.hedgeSimulate(inputs(book), {}, { ...base, deltaMeasure: 'coin' });
    if (!r.ok) throw new Error(r.error);
    const closes = Array.from(closesOf('BTC').values).slice(-366);
    const direct = compareHedgePolicies(compileOptionsBook(book, model, 'BTC'), 'BTC', closes, policies, 30, 15, 'coin');
    expect(r.summaries).toEqual(direct.summaries);
    const usd = await hedgeApi.hedgeSimulate(inputs(book), {}, base);
    if (!usd.ok) throw new Error(usd.error);
    // The book's linear BTC call makes the two hedges differ.
    expect(usd.latest[0]!.hedgeCoins[0]).not.toBeCloseTo(r.latest[0]!.hedgeCoins[0]!, 3);
    const okx = await hedgeApi.hedgeSimulate(inputs(book), {}, { ...base, venue: 'okx' });
    expect(okx).toEqual({ ok: false, error: 'the book has no BTC options at okx to delta-hedge' });
  });

  it('default book, daily rebalancing at 5 bp over every 30-day window: settled coin payouts stay in the USD hedge', async () => {
    const daily: HedgePolicy[] = [{ name: 'daily', kind: 'interval', everyDays: 1, costBps: 5 }];
    const p = { underlying: 'BTC', policies: daily, windowDays: 30, strideDays: 7, lookbackDays: null, historyBaseUrl: BASE_URL };
    const usd = await hedgeApi.hedgeSimulate(inputs(book), {}, p);
    const coin = await hedgeApi.hedgeSimulate(inputs(book), {}, { ...p, deltaMeasure: 'coin' });
    if (!usd.ok || !coin.ok) throw new Error('simulation failed');
    const round = (s: PolicySummaryLike) =>
      [s.meanHedgedPnlUsd, s.stdHedgedPnlUsd, s.meanUnhedgedPnlUsd, s.stdUnhedgedPnlUsd].map(Math.round);
    // Independently re-derived figures: hedged +9,968 / 32,684 against unhedged +44,675 / 117,168 (USD target).
    expect(round(usd.summaries[0]!)).toEqual([9_968, 32_684, 44_675, 117_168]);
    // A coin-delta hedge holds nothing against a coin payout once its option has settled.
    expect(round(coin.summaries[0]!)).toEqual([7_572, 38_420, 44_675, 117_168]);
  });

  it('explains what cannot be simulated', async () => {
    const p = { underlying: 'BTC', policies, windowDays: 30, strideDays: 7, lookbackDays: null, historyBaseUrl: BASE_URL };
    const noOptions: Portfolio = {
      name: 'x',
      positions: book.positions.filter((x) => !(x.instrument.startsWith('BTC') && /-[CP]$/.test(x.instrument))),
    };
    expect(await hedgeApi.hedgeSimulate(inputs(noOptions), {}, p)).toEqual({
      ok: false,
      error: 'the book has no BTC options to delta-hedge',
    });
    expect(await hedgeApi.hedgeSimulate(inputs(book), {}, { ...p, policies: [] })).toEqual({ ok: false, error: 'add at least one policy' });
    const bad = await hedgeApi.hedgeSimulate(inputs(book), {}, { ...p, policies: [{ name: 'b', kind: 'band', bandCoin: -1, costBps: 1 }] });
    expect(bad).toEqual({ ok: false, error: 'b: band must be ≥ 0 coin' });
  });
});
