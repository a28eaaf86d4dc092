import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { computeReport } from '../../engine/index.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import type { MarketSnapshot } from '../../domain/market.ts';
import type { Portfolio } from '../../domain/position.ts';
import { viewsApi } from './viewsApi.ts';
import type { BookInputs } from '../bookCache.ts';

function defaultInputs(): { market: MarketSnapshot; book: Portfolio; inputs: BookInputs } {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'default-portfolio.csv');
  if (!m.ok || !p.ok) throw new Error('default data unreadable');
  const inputs: BookInputs = {
    portfolio: p.result.portfolio,
    market: m.snapshot,
    overrides: { spot: {}, volPts: {} },
    marketKey: 'views-test',
    bookKey: 'views-test',
  };
  return { market: m.snapshot, book: p.result.portfolio, inputs };
}

describe('viewsApi (the worker surface of the risk views, run in-process)', () => {
  const { market, book, inputs } = defaultInputs();
  const whatIf = { spot: { ETH: 0.03 }, vol: 0.02, days: 1 };
  const params = { target: null, spotMovesPct: [-30, -10, 0, 10, 30], volShiftsPts: [-10, 0, 10], daysForward: [0, 7] };

  it('heatmapView: the first underlying by default, every cell is computeReport’s scenario P&L, Greeks in every cell', () => {
    const r = viewsApi.heatmapView(inputs, whatIf, params);
    expect(r.target).toBe('BTC');
    expect(r.underlyings).toEqual(['BTC', 'ETH']);
    expect(r.spotVol!.pnlUsd).toHaveLength(3);
    expect(r.spotDays!.pnlUsd).toHaveLength(2);
    for (const [row, col] of [
      [0, 0],
      [1, 2],
      [2, 4],
    ] as const) {
      const direct = computeReport(book, market, {
        spot: { BTC: params.spotMovesPct[col]! / 100, ETH: 0.03 },
        vol: params.volShiftsPts[row]! / 100,
        days: 1,
      }).scenario!;
      expect(r.spotVol!.pnlUsd[row]![col]).toBeCloseTo(direct.pnlUsd, 6);
      expect(r.spotVol!.greeks![row]![col]!.vega).toBeCloseTo(direct.byUnderlyingAfter.BTC!.vega, 6);
    }
    const d7 = computeReport(book, market, { spot: { BTC: -0.1, ETH: 0.03 }, vol: 0.02, days: 7 }).scenario!.pnlUsd;
    expect(r.spotDays!.pnlUsd[1]![1]).toBeCloseTo(d7, 6);
    expect(r.indexUsd.BTC).toBe(market.underlyings.BTC!.index);
    expect(r.computeMs).toBeGreaterThanOrEqual(0);
  });

  it('heatmapView: target ALL moves every underlying; an unknown target falls back to the first', () => {
    const all = viewsApi.heatmapView(inputs, whatIf, { ...params, target: 'ALL' });
    const direct = computeReport(book, market, { spot: { BTC: -0.3, ETH: -0.3 }, vol: 0.1, days: 1 }).scenario!.pnlUsd;
    expect(all.spotVol!.pnlUsd[2]![0]).toBeCloseTo(direct, 6);
    expect(all.spotVol!.greeks![0]![0]!.delta).toBeNull();
    expect(viewsApi.heatmapView(inputs, whatIf, { ...params, target: 'DOGE' }).target).toBe('BTC');
  });

  it('heatmapView: an empty book gives no grids, not an error', () => {
    const empty = viewsApi.heatmapView({ ...inputs, portfolio: { name: 'e', positions: [] }, bookKey: 'empty' }, {}, params);
    expect(empty).toMatchObject({ target: null, spotVol: null, spotDays: null, underlyings: [] });
  });

  it('greekLadderView: totals equal the report’s aggregates in the what-if state; a bucket width can be set', () => {
    const r = viewsApi.greekLadderView(inputs, whatIf, { underlying: 'ETH', strikeBucketUsd: null });
    const agg = computeReport(book, market, whatIf).scenario!.byUnderlyingAfter.ETH!;
    expect(r.underlying).toBe('ETH');
    expect(r.defaultBucketUsd).toBe(100);
    for (const k of ['delta', 'deltaUsd', 'gamma', 'gammaUsd1pct', 'vega', 'vegaStd', 'theta'] as const)
      expect(r.ladder!.total[k]).toBeCloseTo(agg[k], 8);
    const wide = viewsApi.greekLadderView(inputs, whatIf, { underlying: 'ETH', strikeBucketUsd: 1000 });
    expect(wide.ladder!.strikeBucketUsd).toBe(1000);
    expect(wide.ladder!.cols).toEqual(['2000', '3000', 'delta-one']);
  });

  it('spotLadderView: rows are direct revaluations', () => {
    const r = viewsApi.spotLadderView(inputs, whatIf, { target: 'BTC', movesPct: [-20, 0, 20] });
    const direct = computeReport(book, market, { spot: { BTC: 0.2, ETH: 0.03 }, vol: 0.02, days: 1 }).scenario!;
    expect(r.rows[2]!.pnlUsd).toBeCloseTo(direct.pnlUsd, 6);
    expect(r.rows[2]!.deltaUsd).toBeCloseTo(direct.byUnderlyingAfter.BTC!.deltaUsd, 6);
  });

  it('payoffView: today / dates / expiries; the today curve at the current spot is the what-if P&L', () => {
    const r = viewsApi.payoffView(
      inputs,
      { spot: { BTC: -0.1 }, vol: 0.05 },
      { underlying: null, dateOffsetsDays: [7, 30], maxExpiries: 3, fromPct: -50, toPct: 50, points: 101 },
    );
    expect(r.underlying).toBe('BTC');
    expect(r.payoff!.curves.map((c) => c.label).slice(0, 3)).toEqual(['today', '+7d', '+30d']);
    expect(r.payoff!.curves).toHaveLength(6);
    // The window is centred on the what-if's spot (BTC −10 %): the middle of a symmetric 101-point grid.
    const S0 = market.underlyings.BTC!.index;
    expect(r.payoff!.currentSpotUsd).toBeCloseTo(S0 * 0.9, 6);
    expect(r.payoff!.spotUsd[50]).toBeCloseTo(S0 * 0.9, 6);
    expect(r.payoff!.spotUsd[0]).toBeCloseTo(S0 * 0.9 * 0.5, 6);
    expect(r.payoff!.spotUsd[100]).toBeCloseTo(S0 * 0.9 * 1.5, 6);
    const direct = computeReport(book, market, { spot: { BTC: -0.1 }, vol: 0.05 }).scenario!.pnlUsd;
    expect(r.payoff!.curves[0]!.pnlUsd[50]).toBeCloseTo(direct, 6);
  });

  it('volSurfaceView: smiles with the engine’s interpolation through the quoted nodes, ATM vols, position nodes', () => {
    const r = viewsApi.volSurfaceView(inputs, {}, { underlying: 'BTC', curvePoints: 60 });
    expect(r.underlyings).toEqual(['BTC', 'ETH']);
    expect(r.panels.length).toBe(market.underlyings.BTC!.smiles.length);
    const sep = r.panels.find((p) => p.expiry === '25SEP26')!;
    expect(sep.quoted).toBe(true);
    expect(sep.curve).toHaveLength(60);
    // The curve's ends are the outermost nodes: there the engine's vol is the quoted vol.
    expect(sep.curve[0]!.volPct).toBeCloseTo(sep.nodes[0]!.volPct, 9);
    expect(sep.curve[59]!.volPct).toBeCloseTo(sep.nodes.at(-1)!.volPct, 9);
    expect(r.surface!.atmTerm.find((t) => t.expiry === '25SEP26')!.atmVolPct).toBeCloseTo(sep.atmVolPct, 9);
    const report = computeReport(book, market);
    for (const n of r.surface!.positionNodes) {
      const p = report.positions.find((x) => x.id === n.id)!;
      expect(n.volPct).toBeCloseTo(p.iv! * 100, 9);
    }
  });

  it('volSurfaceView: an expiry the book holds but the snapshot does not quote gets an interpolated panel', () => {
    const odd: Portfolio = {
      name: 'odd',
      positions: [{ id: 'x', instrument: 'BTC-2OCT26-80000-C', quantity: 1, entryPrice: null, venue: 'deribit', label: '' }],
    };
    const r = viewsApi.volSurfaceView({ ...inputs, portfolio: odd, bookKey: 'odd' }, {}, { underlying: 'BTC' });
    const panel = r.panels.find((p) => p.expiry === '2OCT26')!;
    expect(panel.quoted).toBe(false);
    expect(panel.nodes).toEqual([]);
    const node = r.surface!.positionNodes[0]!;
    const onCurve = panel.curve.reduce((best, c) => (Math.abs(c.strike - 80000) < Math.abs(best.strike - 80000) ? c : best));
    expect(onCurve.volPct).toBeCloseTo(node.volPct, 0);
    expect(r.panels.map((p) => p.expiryMs)).toEqual([...r.panels.map((p) => p.expiryMs)].sort((a, b) => a - b));
  });
});
