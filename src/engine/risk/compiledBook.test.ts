import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { shockFor } from '../pricers/shock.ts';
import { compileBook, greeksCompiled, valueCompiled } from './compiledBook.ts';
import { computeReport } from './report.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { propertyRuns } from '../../testing/properties.ts';

const market = buildMarketModel(TEST_MARKET);
const portfolio = book(
  pos('BTC-31JAN26-65000-C', -2),
  pos('BTC-31JAN26-65000-C', 0.5), // nets with the row above
  pos('BTC-1APR26-55000-P', 1),
  pos('BTC_USDC-1APR26-70000-C', 3),
  pos('BTC-20FEB26-60000-C', 1), // between smiles
  pos('BTC-31JAN26', 100_000, { unit: 'usd', entryPrice: 58_000 }),
  pos('BTC-PERPETUAL', -1.5),
  pos('BTC_USDC-PERPETUAL', 2, { entryPrice: 61_000 }),
  pos('BTC', 0.7),
  pos('ETH-31JAN26-3200-C', 10),
  pos('ETH-PERPETUAL', 3_000, { unit: 'contracts' }),
  pos('USDC', 5_000),
);
const resolved = resolveBook(portfolio, market);
const compiled = compileBook(resolved, market);

describe('compiled book', () => {
  it('nets identical option contracts', () => {
    expect(compiled.nOptions).toBe(5);
    expect(compiled.underlyings).toEqual(['BTC', 'ETH']);
  });

  it('values every scenario exactly as the per-position pricers', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.6, max: 1.5, noNaN: true }),
        fc.double({ min: -0.6, max: 1.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        (mBtc, mEth, vol, days, p) => {
          const scenario = { spot: { BTC: mBtc, ETH: mEth }, vol, days, ...(p === null ? {} : { volTermPower: p }) };
          const expected = resolved.positions.reduce(
            (s, rp) => s + pricePosition(rp, shockFor(scenario, rp.instrument.underlying, rp.path === 'cash')).valueUsd,
            0,
          );
          const perUl = new Float64Array(2);
          const got = valueCompiled(compiled, { growth: Float64Array.of(1 + mBtc, 1 + mEth), volShift: vol, days, volTermPower: p }, perUl);
          expect(Math.abs(got - expected)).toBeLessThan(1e-7 * Math.max(1, Math.abs(expected)));
          expect(perUl[0]! + perUl[1]! + 5_000).toBeCloseTo(got, 6);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('has the base value of the report', () => {
    const base = resolved.positions.reduce((s, rp) => s + pricePosition(rp, shockFor({}, rp.instrument.underlying, false)).valueUsd, 0);
    expect(compiled.baseValueUsd).toBeCloseTo(base, 7);
  });

  it('aggregates the same Greeks as the report, at the base and in a shocked state', () => {
    for (const scenario of [{}, { spot: { BTC: -0.2, ETH: 0.15 }, vol: 0.07, days: 12 }]) {
      const r = computeReport(portfolio, TEST_MARKET, scenario);
      const agg = 'spot' in scenario ? r.scenario!.byUnderlyingAfter : r.byUnderlying;
      const sp = (scenario as { spot?: Record<string, number> }).spot ?? {};
      const greeks = greeksCompiled(compiled, {
        growth: Float64Array.of(1 + (sp.BTC ?? 0), 1 + (sp.ETH ?? 0)),
        volShift: (scenario as { vol?: number }).vol ?? 0,
        days: (scenario as { days?: number }).days ?? 0,
        volTermPower: null,
      });
      compiled.underlyings.forEach((ul, u) => {
        for (const k of ['delta', 'deltaUsd', 'gamma', 'gammaUsd1pct', 'vega', 'vegaStd', 'theta', 'deltaTotal'] as const) {
          const want = agg[ul]![k];
          expect(Math.abs(greeks[u]![k] - want), `${ul} ${k}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        }
      });
    }
  });
});

describe('valueCompiledRow', () => {
  it('equals valueCompiled of that underlying cell by cell, including expiring options and term-scaled vol', async () => {
    const { valueCompiledRow } = await import('./compiledBook.ts');
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.6, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 15 }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        fc.constantFrom(0, 1),
        (moves, vol, days, p, u) => {
          const growths = moves.map((m) => 1 + m);
          const row = valueCompiledRow(compiled, { growth: Float64Array.of(1, 1), volShift: vol, days, volTermPower: p }, u, growths);
          growths.forEach((g, c) => {
            const growth = Float64Array.of(1, 1);
            growth[u] = g;
            const want = valueCompiled(compiled, { growth, volShift: vol, days, volTermPower: p }, undefined, u);
            expect(Math.abs(row[c]! - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          });
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
