import { describe, expect, it } from 'vitest';
import { computeReport, isNoOpScenario } from './report.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { normCdf } from '../math/normal.ts';

const portfolio = book(
  pos('BTC-31JAN26-65000-C', -2, { line: 2 }),
  pos('BTC-31JAN26-55000-P', 1, { line: 3 }),
  pos('BTC-PERPETUAL', 10_000, { unit: 'usd', line: 4 }),
  pos('BTC_USDC-PERPETUAL', 0.5, { line: 5 }),
  pos('ETH-31JAN26-3000-C', 5, { line: 6 }),
  pos('BTC', 1, { line: 7 }),
  pos('USDC', 10_000, { line: 8 }),
  pos('SOL-PERPETUAL', 1, { line: 9 }),
  pos('ETH', 3, { line: 10, excluded: true }),
);

describe('computeReport', () => {
  const r = computeReport(portfolio, TEST_MARKET, { spotAll: -0.1, vol: 0.05, days: 1 });

  it('values every priceable position and reports the rest with line and reason', () => {
    expect(r.positions.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.errors).toEqual([
      { line: 9, instrument: 'SOL-PERPETUAL', message: 'no market data for SOL in the snapshot', positionId: expect.any(String) },
    ]);
    expect(r.valuationTime).toBe(TEST_MARKET.valuationTime);
  });

  it('aggregates are the sums of the positions; cash is not an underlying', () => {
    expect(Object.keys(r.byUnderlying).sort()).toEqual(['BTC', 'ETH']);
    for (const ul of ['BTC', 'ETH'] as const) {
      const rows = r.positions.filter((p) => p.underlying === ul);
      for (const key of [
        'delta',
        'deltaUsd',
        'gamma',
        'gammaUsd1pct',
        'vega',
        'vegaStd',
        'theta',
        'rho',
        'deltaTotal',
        'valueUsd',
      ] as const) {
        expect(r.byUnderlying[ul]![key]).toBeCloseTo(
          rows.reduce((s, p) => s + p[key], 0),
          9,
        );
      }
    }
    expect(r.totalValueUsd).toBeCloseTo(
      r.positions.reduce((s, p) => s + p.valueUsd, 0),
      9,
    );
  });

  it('Delta Total: inverse options q·(N(d1) − mark), futures their coins, spot excluded', () => {
    const call = r.positions[0]!;
    const perp = r.positions[2]!;
    const spot = r.positions[5]!;
    expect(call.deltaTotal).toBeCloseTo(-2 * (call.delta / -2 - call.markPrice), 12);
    expect(perp.deltaTotal).toBeCloseTo(10_000 / 60_030, 12);
    expect(spot.deltaTotal).toBe(0);
    expect(spot.delta).toBe(1);
  });

  it('delta is N(d1) per coin for options and vegaStd scales by √(30/DTE)', () => {
    const put = r.positions[1]!;
    const T = 30 / 365;
    const sd = put.iv! * Math.sqrt(T);
    const d1 = Math.log(60_300 / 55_000) / sd + sd / 2;
    expect(put.delta).toBeCloseTo(normCdf(d1) - 1, 12);
    expect(put.vegaStd).toBeCloseTo(put.vega * Math.sqrt(30 / 30), 12);
  });

  it('scenario P&L = value after − value before, summed per underlying; cash does not move', () => {
    const s = r.scenario!;
    const again = computeReport(portfolio, TEST_MARKET);
    expect(s.pnlUsd).toBeCloseTo(s.valueUsdAfter - again.totalValueUsd, 6);
    expect(s.pnlByUnderlyingUsd.USDC).toBe(0);
    expect(Object.values(s.pnlByUnderlyingUsd).reduce((a, b) => a + b, 0)).toBeCloseTo(s.pnlUsd, 6);
    expect(s).toMatchObject({ spot: -0.1, vol: 0.05, days: 1 });
  });

  it('per-underlying spot moves apply only to their underlying', () => {
    const onlyEth = computeReport(portfolio, TEST_MARKET, { spot: { ETH: 0.1 } });
    expect(onlyEth.scenario!.pnlByUnderlyingUsd.BTC).toBe(0);
    expect(onlyEth.scenario!.pnlByUnderlyingUsd.ETH).toBeGreaterThan(0);
  });

  it('is invariant to position order', () => {
    const rev = computeReport({ ...portfolio, positions: [...portfolio.positions].reverse() }, TEST_MARKET, { spotAll: -0.1 });
    const fwd = computeReport(portfolio, TEST_MARKET, { spotAll: -0.1 });
    expect(rev.scenario!.pnlUsd).toBeCloseTo(fwd.scenario!.pnlUsd, 8);
    expect(rev.byUnderlying.BTC!.gamma).toBeCloseTo(fwd.byUnderlying.BTC!.gamma, 15);
  });
});

describe('no-op scenarios', () => {
  it('a scenario that moves nothing gives zero P&L and the base Greeks, without repricing', () => {
    const r = computeReport(portfolio, TEST_MARKET, { spot: { BTC: 0 }, spotAll: 0, vol: 0, days: 0 });
    expect(r.scenario!.pnlUsd).toBe(0);
    expect(r.scenario!.byUnderlyingAfter).toEqual(r.byUnderlying);
    expect(isNoOpScenario({ spot: { ETH: 0.01 } })).toBe(false);
    expect(isNoOpScenario({ days: 1 })).toBe(false);
    expect(isNoOpScenario({})).toBe(true);
  });
});
