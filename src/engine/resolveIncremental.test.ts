import { describe, expect, it } from 'vitest';
import { buildMarketModel } from './market/marketModel.ts';
import { createResolutionCache, resolveBook, resolveBookIncremental } from './resolve.ts';
import { computeReportResolved } from './risk/report.ts';
import { book, pos, TEST_MARKET } from './testMarket.ts';

const model = buildMarketModel(TEST_MARKET);

describe('incremental resolution', () => {
  const a = pos('BTC-31JAN26-65000-C', -2);
  const b = pos('BTC-PERPETUAL', 1_000, { unit: 'usd' });
  const c = pos('SOL-PERPETUAL', 1);
  const d = pos('ETH', 3);
  it('reuses unchanged positions, re-resolves edited ones, and equals a full resolution', () => {
    const cache = createResolutionCache(model);
    const first = resolveBookIncremental(book(a, b, c, d), cache);
    const edited = { ...b, quantity: 2_000 };
    const second = resolveBookIncremental(book(a, edited, c, d), cache);
    expect(second.positions[0]).toBe(first.positions[0]); // a: same object
    expect(second.positions[2]).toBe(first.positions[2]); // d
    expect(second.positions[1]).not.toBe(first.positions[1]); // b edited
    expect(second.errors[0]).toBe(first.errors[0]); // the unpriceable SOL row too
    const full = resolveBook(book(a, edited, c, d), model);
    const scenario = { spotAll: -0.1, vol: 0.03, days: 2 };
    expect(computeReportResolved(second, model, scenario)).toEqual(computeReportResolved(full, model, scenario));
  });
  it('drops entries of removed positions and skips excluded ones', () => {
    const cache = createResolutionCache(model);
    resolveBookIncremental(book(a, b, c, d), cache);
    const r = resolveBookIncremental(book(a, { ...d, excluded: true }), cache);
    expect(r.positions).toHaveLength(1);
    expect(cache.entries.size).toBe(1);
  });
});
