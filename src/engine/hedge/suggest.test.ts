import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { suggestHedge } from './suggest.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';

const model = buildMarketModel(TEST_MARKET);

describe('suggestHedge', () => {
  it('delta-hedges a single option with the perpetual to zero delta (unrounded) and within a contract (rounded)', () => {
    const p = book(pos('BTC-31JAN26-65000-C', 5));
    const exact = suggestHedge(p, model, { targets: { BTC: { delta: { lo: 0, hi: 0 } } }, kinds: ['perpetual'], round: false });
    expect(exact.ok).toBe(true);
    if (!exact.ok) return;
    expect(exact.trades).toHaveLength(1);
    expect(exact.trades[0]).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'sell', unit: 'usd' });
    expect(Math.abs(exact.after.BTC!.delta)).toBeLessThan(1e-9);
    const rounded = suggestHedge(p, model, { targets: { BTC: { delta: { lo: 0, hi: 0 } } }, kinds: ['perpetual'] });
    if (!rounded.ok) throw new Error(rounded.reason);
    expect(Math.abs(rounded.trades[0]!.quantity % 10)).toBe(0);
    expect(Math.abs(rounded.after.BTC!.delta)).toBeLessThanOrEqual(5 / 60_030 + 1e-12);
    expect(rounded.trades[0]!.explanation).toMatch(/^Sell .* BTC-PERPETUAL: delta/);
  });

  it('respects a delta band: no trade when already inside', () => {
    const p = book(pos('BTC', 0.3));
    const r = suggestHedge(p, model, { targets: { BTC: { delta: { lo: -0.5, hi: 0.5 } } }, kinds: ['perpetual'] });
    expect(r.ok && r.trades).toEqual([]);
  });

  it('meets gamma and vega targets with options and delta with a delta-one instrument', () => {
    const p = book(pos('BTC-1APR26-60000-C', -10), pos('BTC-31JAN26-55000-P', -5));
    const r = suggestHedge(p, model, {
      targets: { BTC: { delta: { lo: -0.05, hi: 0.05 }, gammaUsd1pct: { target: 0, tolerance: 50 }, vega: { target: 0, tolerance: 20 } } },
      kinds: ['perpetual', 'future', 'option'],
      round: false,
    });
    if (!r.ok) throw new Error(r.reason);
    expect(Math.abs(r.after.BTC!.gammaUsd1pct)).toBeLessThanOrEqual(50 + 1e-6);
    expect(Math.abs(r.after.BTC!.vega)).toBeLessThanOrEqual(20 + 1e-6);
    expect(Math.abs(r.after.BTC!.delta)).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(r.trades.some((t) => t.kind === 'option' && t.side === 'buy')).toBe(true);
    expect(r.totalCostUsd).toBeGreaterThan(0);
  });

  it('reports infeasible targets with the reason', () => {
    const p = book(pos('BTC-1APR26-60000-C', -10));
    const noOptions = suggestHedge(p, model, {
      targets: { BTC: { delta: { lo: 0, hi: 0 }, vega: { target: 0, tolerance: 1 } } },
      kinds: ['perpetual'],
    });
    expect(noOptions).toMatchObject({ ok: false, reason: expect.stringMatching(/vega.*needs option candidates/) });
    const noCandidates = suggestHedge(book(pos('ETH', 10)), model, {
      targets: { ETH: { delta: { lo: 0, hi: 0 } } },
      kinds: [],
      instruments: [],
    });
    expect(noCandidates).toMatchObject({ ok: false, reason: expect.stringMatching(/ETH delta .* no ETH candidate/) });
  });
});

describe('hedge candidates', () => {
  it('skip instruments within 2 days of expiry and prefer the perpetual on equal cost', async () => {
    const { listHedgeCandidates } = await import('./candidates.ts');
    const near = buildMarketModel({
      ...TEST_MARKET,
      underlyings: {
        ...TEST_MARKET.underlyings,
        BTC: {
          ...TEST_MARKET.underlyings.BTC!,
          forwards: [{ expiry: '2026-01-02T08:00:00.000Z', price: 60_050 }, ...TEST_MARKET.underlyings.BTC!.forwards],
        },
      },
    });
    const names = listHedgeCandidates(near, ['BTC'], ['perpetual', 'future']).map((c) => c.instrument);
    expect(names[0]).toBe('BTC-PERPETUAL');
    expect(names).not.toContain('BTC-2JAN26');
    expect(names).toContain('BTC-31JAN26');
  });
});
