import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { compileBook, valueCompiled } from '../risk/compiledBook.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { kernelPnl, kernelValue, positionKernel, positionValues, revalKernel } from './revalue.ts';
import { propertyRuns } from '../../testing/properties.ts';

const market = buildMarketModel(TEST_MARKET);
const resolved = resolveBook(
  book(
    pos('BTC-31JAN26-65000-C', -2),
    pos('BTC-1APR26-55000-P', 1),
    pos('BTC_USDC-1APR26-70000-C', 3),
    pos('BTC-20FEB26-60000-C', 1),
    pos('BTC-31DEC25-58000-C', 4), // expired before the valuation time: intrinsic
    pos('BTC-31JAN26', 100_000, { unit: 'usd', entryPrice: 58_000 }),
    pos('BTC_USDC-PERPETUAL', 2, { entryPrice: 61_000 }),
    pos('BTC', 0.7),
    pos('ETH-31JAN26-3200-C', 10),
    pos('ETH-31JAN26-2600-P', -25),
    pos('ETH-PERPETUAL', 3_000, { unit: 'contracts' }),
    pos('USDC', 5_000),
  ),
  market,
);
const compiled = compileBook(resolved, market);
const k = revalKernel(compiled);

describe('VaR revaluation kernel', () => {
  it('resolves every test position (including the expired option)', () => {
    expect(resolved.errors).toEqual([]);
    expect(compiled.underlyings).toEqual(['BTC', 'ETH']);
  });

  it('equals valueCompiled for spot scenarios (1e-12 relative)', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.9, max: 2, noNaN: true }), fc.double({ min: -0.9, max: 2, noNaN: true }), (mb, me) => {
        const growth = Float64Array.of(1 + mb, 1 + me);
        const ref = valueCompiled(compiled, { growth, volShift: 0, days: 0, volTermPower: null });
        const got = kernelValue(k, growth, null, null);
        expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('with vol ratios equals the per-position pricers with vol shift σ0(ρ − 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        (mb, me, rb, re) => {
          const growth = Float64Array.of(1 + mb, 1 + me);
          const ratio = Float64Array.of(rb, re);
          let ref = 0;
          for (const rp of resolved.positions) {
            const u = rp.instrument.underlying === 'ETH' ? 1 : 0;
            const isCash = rp.path === 'cash';
            const rho = ratio[u]!;
            const volShift = Number.isFinite(rp.vol0) ? rp.vol0 * (rho - 1) : 0;
            ref += pricePosition(rp, { spotMove: isCash ? 0 : growth[u]! - 1, volShift, volTermPower: null, days: 0 }).valueUsd;
          }
          const perUl = new Float64Array(2);
          const got = kernelValue(k, growth, ratio, perUl);
          expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
          expect(perUl[0]! + perUl[1]! + 5_000).toBeCloseTo(got, 6);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });

  it('P&L is exactly 0 at the base and splits by underlying', () => {
    expect(kernelPnl(k, Float64Array.of(1, 1), null)).toBe(0);
    expect(kernelPnl(k, Float64Array.of(1, 1), Float64Array.of(1, 1))).toBe(0);
    const per = new Float64Array(2);
    const pnl = kernelPnl(k, Float64Array.of(0.9, 1.1), Float64Array.of(1.2, 0.8), per);
    expect(per[0]! + per[1]!).toBeCloseTo(pnl, 7);
    // BTC-only move: the ETH P&L is 0.
    kernelPnl(k, Float64Array.of(0.9, 1), null, per);
    expect(per[1]).toBe(0);
  });

  it('the per-position kernel equals pricePosition for every position, and sums to the netted kernel', () => {
    const pk = positionKernel(resolved.positions, compiled.underlyings);
    fc.assert(
      fc.property(
        fc.double({ min: -0.6, max: 1, noNaN: true }),
        fc.double({ min: -0.6, max: 1, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.boolean(),
        (mb, me, rb, re, withVol) => {
          const growth = Float64Array.of(1 + mb, 1 + me);
          const ratio = withVol ? Float64Array.of(rb, re) : null;
          const values = positionValues(pk, growth, ratio, new Float64Array(pk.n));
          let sum = 0;
          resolved.positions.forEach((rp, p) => {
            const u = rp.instrument.underlying === 'ETH' ? 1 : 0;
            const rho = ratio ? ratio[u]! : 1;
            const volShift = Number.isFinite(rp.vol0) ? rp.vol0 * (rho - 1) : 0;
            const ref = pricePosition(rp, {
              spotMove: rp.path === 'cash' ? 0 : growth[u]! - 1,
              volShift,
              volTermPower: null,
              days: 0,
            }).valueUsd;
            const got = rp.path === 'cash' ? ref : values[p]!; // cash: constant, P&L 0 (kept out of the kernel)
            expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
            sum += values[p]! - pk.base[p]!;
          });
          expect(sum).toBeCloseTo(kernelPnl(k, growth, ratio), 6);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
