import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { shockFor } from '../pricers/shock.ts';
import { compileBook, greeksCompiled, newPathSettlement, settleRowsOnPath, valueCompiled } from './compiledBook.ts';
import { hasSettled, settle, settledValueUsd } from '../pricers/settlement.ts';
import { aggregateByUnderlying } from './aggregate.ts';
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

describe('expiries inside the horizon: compiled and per-position pricers settle alike', () => {
  // 31JAN26 expires on day 30 of the test market: options (inverse and linear) and futures (inverse and linear).
  const expiring = book(
    pos('BTC-31JAN26-58000-C', -3),
    pos('BTC-31JAN26-62000-P', 2),
    pos('BTC_USDC-31JAN26-61000-C', -1.5),
    pos('BTC_USDC-31JAN26-59000-P', 4),
    pos('BTC-1APR26-60000-C', 1),
    pos('BTC-31JAN26', -200_000, { unit: 'usd', entryPrice: 59_000 }),
    pos('BTC_USDC-31JAN26', 2.5, { entryPrice: 60_500 }),
    pos('BTC-PERPETUAL', 1),
    pos('ETH-31JAN26-3000-P', -20),
    pos('ETH', 5),
  );
  const rb = resolveBook(expiring, market);
  const cb = compileBook(rb, market);

  it('Greeks in every scenario equal the sum of the pricers (settled rows contribute 0)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.oneof(fc.double({ min: 0, max: 120, noNaN: true }), fc.constantFrom(29.99, 30, 30.01)),
        (mBtc, mEth, vol, days) => {
          const scenario = { spot: { BTC: mBtc, ETH: mEth }, vol, days };
          const items = rb.positions.map((rp) => ({
            rp,
            v: pricePosition(rp, shockFor(scenario, rp.instrument.underlying, rp.path === 'cash')),
          }));
          const agg = aggregateByUnderlying(items);
          const greeks = greeksCompiled(cb, { growth: Float64Array.of(1 + mBtc, 1 + mEth), volShift: vol, days, volTermPower: null });
          cb.underlyings.forEach((ul, u) => {
            for (const k of ['delta', 'deltaUsd', 'gamma', 'gammaUsd1pct', 'vega', 'vegaStd', 'theta', 'deltaTotal'] as const) {
              const want = agg[ul]![k];
              expect(Math.abs(greeks[u]![k] - want), `${ul} ${k} at ${days} d`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
            }
          });
          const value = items.reduce((acc, { v }) => acc + v.valueUsd, 0);
          const got = valueCompiled(cb, { growth: Float64Array.of(1 + mBtc, 1 + mEth), volShift: vol, days, volTermPower: null });
          expect(Math.abs(got - value)).toBeLessThan(1e-7 * Math.max(1, Math.abs(value)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('past the expiry the expiring rows carry no coin delta: only the live ones are left, plus the USD delta of coin payouts', () => {
    const s = { growth: Float64Array.of(1.1, 1), volShift: 0, days: 31, volTermPower: null };
    const g = greeksCompiled(cb, s);
    const live = resolveBook(book(pos('BTC-1APR26-60000-C', 1), pos('BTC-PERPETUAL', 1), pos('ETH', 5)), market);
    const gl = greeksCompiled(compileBook(live, market), s);
    expect(g[0]!.delta).toBeCloseTo(gl[0]!.delta, 12);
    // Each settled inverse row is a coin balance worth its USD value: that is its USD delta (pricers agree).
    const coinPayoutsUsd = rb.positions
      .filter((rp) => rp.instrument.underlying === 'BTC' && (rp.path === 'inverseOption' || rp.path === 'inverseDelta1'))
      .filter((rp) => rp.instrument.kind !== 'perpetual' && hasSettled(rp.tteYears0, 31))
      .reduce((acc, rp) => acc + pricePosition(rp, { spotMove: 0.1, volShift: 0, volTermPower: null, days: 31 }).valueUsd, 0);
    expect(Math.abs(coinPayoutsUsd)).toBeGreaterThan(1);
    expect(g[0]!.deltaUsd).toBeCloseTo(gl[0]!.deltaUsd + coinPayoutsUsd, 6);
    expect(g[1]!.delta).toBeCloseTo(5, 12);
  });

  it('along a path, each option and future settles once at the first state past its expiry and keeps that amount', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: 40, maxLength: 40 }), (returns) => {
        const growths = [1];
        for (const r of returns) growths.push(growths[growths.length - 1]! * (1 + r));
        const settledAt = newPathSettlement(cb);
        const fixed = new Map<string, ReturnType<typeof settle>>();
        growths.forEach((g, t) => {
          const s = { growth: Float64Array.of(g, 1), volShift: 0, days: t, volTermPower: null, settledAt };
          settleRowsOnPath(cb, s, settledAt);
          // Independently: each dated position settles at the forward of the first day t with t ≥ 30.
          let want = 0;
          for (const rp of rb.positions) {
            const shockT = shockFor({ spot: { BTC: g - 1, ETH: 0 }, days: t }, rp.instrument.underlying, rp.path === 'cash');
            const v = pricePosition(rp, shockT);
            if (!v.settled) {
              want += v.valueUsd;
              continue;
            }
            const amount = fixed.get(rp.position.id) ?? settle(rp, rp.forward0 * (1 + shockT.spotMove));
            fixed.set(rp.position.id, amount);
            want += settledValueUsd(amount, rp.index0 * (1 + shockT.spotMove));
          }
          const got = valueCompiled(cb, s);
          expect(Math.abs(got - want), `day ${t}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(want)));
        });
      }),
      { numRuns: 60 },
    );
  });
});
