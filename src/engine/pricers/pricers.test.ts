import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { isResolved, resolvePosition, type ResolvedPosition } from '../resolve.ts';
import { black76Price } from '../models/black76.ts';
import { pricePosition } from './positionPricer.ts';
import { NO_SHOCK, type PositionShock } from './shock.ts';
import { pos, TEST_MARKET } from '../testMarket.ts';
import type { Position } from '../../domain/position.ts';

const model = buildMarketModel(TEST_MARKET);
const S0 = 60_000;

function resolved(p: Position): ResolvedPosition {
  const r = resolvePosition(p, model);
  if (!isResolved(r)) throw new Error('message' in r ? r.message : 'expired before the valuation time');
  return r;
}
const shock = (spotMove: number, extra: Partial<PositionShock> = {}): PositionShock => ({ ...NO_SHOCK, spotMove, ...extra });
const value = (rp: ResolvedPosition, s: PositionShock) => pricePosition(rp, s).valueUsd;

describe('inverse futures and perpetuals', () => {
  it('value N(1/E − 1/F)·S, long and short, with the scenario applied to F and S', () => {
    for (const sign of [1, -1]) {
      const rp = resolved(pos('BTC-31JAN26', sign * 100_000, { unit: 'usd', entryPrice: 58_000 }));
      const F0 = 60_300;
      expect(value(rp, NO_SHOCK)).toBeCloseTo(sign * 100_000 * (1 / 58_000 - 1 / F0) * S0, 8);
      const m = -0.2;
      expect(value(rp, shock(m))).toBeCloseTo(sign * 100_000 * (1 / 58_000 - 1 / (F0 * (1 + m))) * S0 * (1 + m), 8);
      // A long loses when the price falls.
      expect(Math.sign(value(rp, shock(-0.2)) - value(rp, NO_SHOCK))).toBe(-sign);
    }
  });
  it('a coin quantity q at the current price has coin P&L q·(1 − 1/(1+m)) (METHODOLOGY.md §1)', () => {
    const q = 2.5;
    const rp = resolved(pos('BTC-PERPETUAL', q));
    expect(rp.quantityCoin).toBeCloseTo(q, 12);
    expect(value(rp, NO_SHOCK)).toBe(0);
    for (const m of [-0.5, -0.1, 0.1, 1]) {
      const coinPnl = value(rp, shock(m)) / (S0 * (1 + m));
      expect(coinPnl).toBeCloseTo(q * (1 - 1 / (1 + m)), 12);
    }
  });
  it('resolves usd and contracts units against the base mark (BTC USD 10, ETH USD 1 per contract)', () => {
    expect(resolved(pos('BTC-PERPETUAL', 60_030, { unit: 'usd' })).quantityCoin).toBeCloseTo(1, 12);
    expect(resolved(pos('BTC-PERPETUAL', 6_003, { unit: 'contracts' })).quantityCoin).toBeCloseTo(1, 12);
    expect(resolved(pos('ETH-PERPETUAL', 3_000, { unit: 'contracts' })).quantityCoin).toBeCloseTo(1, 12);
  });
});

describe('linear futures, spot and cash', () => {
  it('linear perpetual: q(F − E), long and short', () => {
    for (const q of [3, -3]) {
      const rp = resolved(pos('BTC_USDC-PERPETUAL', q, { entryPrice: 59_000 }));
      expect(value(rp, NO_SHOCK)).toBeCloseTo(q * (60_030 - 59_000), 8);
      expect(value(rp, shock(0.1))).toBeCloseTo(q * (60_030 * 1.1 - 59_000), 8);
    }
  });
  it('spot q·S, cash its amount and unmoved by scenarios', () => {
    expect(value(resolved(pos('BTC', 2)), shock(-0.3))).toBeCloseTo(2 * S0 * 0.7, 8);
    expect(value(resolved(pos('BTC_USDC', 2)), NO_SHOCK)).toBe(2 * S0);
    const cash = resolved(pos('USDC', 12_345.67));
    expect(value(cash, shock(-0.5, { volShift: 0.2, days: 10 }))).toBe(12_345.67);
    expect(pricePosition(cash, NO_SHOCK).delta).toBe(0);
  });
});

describe('options', () => {
  it('inverse: q·Black76/F·S; linear: q·Black76; short = −long', () => {
    const inv = resolved(pos('BTC-31JAN26-65000-C', 1));
    const lin = resolved(pos('BTC_USDC-31JAN26-65000-C', 1));
    const shortInv = resolved(pos('BTC-31JAN26-65000-C', -1));
    const b = black76Price('call', 60_300, 65_000, inv.vol0, 30 / 365);
    expect(value(inv, NO_SHOCK)).toBeCloseTo((b / 60_300) * S0, 9);
    expect(value(lin, NO_SHOCK)).toBeCloseTo(b, 9);
    expect(value(shortInv, NO_SHOCK)).toBeCloseTo(-value(inv, NO_SHOCK), 9);
    expect(pricePosition(inv, NO_SHOCK).markPrice).toBeCloseTo(b / 60_300, 14);
    // Under a shock, both use the shocked forward; the inverse one converts at the shocked index.
    const s = shock(-0.1, { volShift: 0.05, days: 3 });
    const bs = black76Price('call', 60_300 * 0.9, 65_000, inv.vol0 + 0.05, 27 / 365);
    expect(value(inv, s)).toBeCloseTo((bs / (60_300 * 0.9)) * S0 * 0.9, 9);
    expect(value(lin, s)).toBeCloseTo(bs, 9);
  });
  it('a long put gains and a short put loses when spot falls', () => {
    const longPut = resolved(pos('BTC-31JAN26-55000-P', 2));
    const shortPut = resolved(pos('BTC-31JAN26-55000-P', -2));
    expect(value(longPut, shock(-0.2)) - value(longPut, NO_SHOCK)).toBeGreaterThan(0);
    expect(value(shortPut, shock(-0.2)) - value(shortPut, NO_SHOCK)).toBeLessThan(0);
  });
  it('settles at intrinsic on the shocked forward when the days move passes the expiry', () => {
    const rp = resolved(pos('BTC-31JAN26-55000-P', 1));
    const v = pricePosition(rp, shock(-0.2, { days: 31 }));
    const F = 60_300 * 0.8;
    expect(v.valueUsd).toBeCloseTo(((55_000 - F) / F) * S0 * 0.8, 8);
    expect(v.vega).toBe(0);
  });
  it('floors shocked vols at 1e-4', () => {
    const rp = resolved(pos('BTC-31JAN26-60000-C', 1));
    const v = pricePosition(rp, shock(0, { volShift: -5 }));
    expect(v.iv).toBe(1e-4);
  });
  it('term-scaled vol shift multiplies by (30/DTE)^p', () => {
    const rp = resolved(pos('BTC-1APR26-60000-C', 1));
    const v = pricePosition(rp, shock(0, { volShift: 0.1, volTermPower: 0.5 }));
    expect(v.iv).toBeCloseTo(rp.vol0 + 0.1 * Math.sqrt(30 / 90), 14);
  });
  it('resolves contracts of linear options with the exchange multiplier (SOL 10) and rejects unknown ones', () => {
    const withSol = buildMarketModel({
      ...TEST_MARKET,
      underlyings: {
        ...TEST_MARKET.underlyings,
        SOL: { index: 150, forwards: [], smiles: [{ expiry: '2026-01-31T08:00:00.000Z', points: [{ strike: 150, iv: 0.9 }] }] },
      },
    });
    const r = resolvePosition(pos('SOL_USDC-31JAN26-150-C', 3, { unit: 'contracts' }), withSol);
    expect('path' in r && r.quantityCoin).toBe(30);
    const bad = resolvePosition(pos('BTC_USDC-31JAN26-60000-C', 3, { unit: 'contracts' }), withSol);
    expect('message' in bad && bad.message).toMatch(/multiplier of BTC linear options is not known/);
  });
});

describe('USD Greeks are the exact derivatives of the USD value (central finite differences in the move m)', () => {
  const cases = [
    pos('BTC-31JAN26-65000-C', 1.5),
    pos('BTC-31JAN26-52000-P', -2),
    pos('BTC_USDC-1APR26-70000-C', -1),
    pos('BTC-31JAN26', 50_000, { unit: 'usd', entryPrice: 57_000 }),
    pos('BTC-PERPETUAL', -1.2),
    pos('BTC_USDC-PERPETUAL', 2, { entryPrice: 61_000 }),
    pos('BTC', 0.7),
    pos('ETH-31JAN26-3200-C', 10),
  ];
  it.each(cases.map((p) => [p.instrument, p] as const))('%s', (_n, p) => {
    const rp = resolved(p);
    const v = pricePosition(rp, NO_SHOCK);
    const h = 1e-4;
    const up = value(rp, shock(h));
    const dn = value(rp, shock(-h));
    const mid = v.valueUsd;
    const fdDelta = (up - dn) / (2 * h);
    const fdGamma1pct = (0.01 * (up - 2 * mid + dn)) / (h * h);
    const scale = Math.max(1, Math.abs(v.deltaUsd));
    expect(Math.abs(v.deltaUsd - fdDelta) / scale).toBeLessThan(1e-6);
    expect(Math.abs(v.gammaUsd1pct - fdGamma1pct)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v.gammaUsd1pct)));
  });
  it('vega is the value change per vol point (inverse option, in USD)', () => {
    const rp = resolved(pos('BTC-1APR26-60000-C', 2));
    const v = pricePosition(rp, NO_SHOCK);
    const h = 1e-4;
    const fd = (value(rp, shock(0, { volShift: h })) - value(rp, shock(0, { volShift: -h }))) / (2 * h) / 100;
    // Inverse options convert at S, vega is quoted on F (Deribit): USD value vega = vega · S/F.
    expect(fd).toBeCloseTo((v.vega * S0) / 61_200, 6);
  });
});

describe('unpriceable positions are errors with a reason, never 0', () => {
  it.each([
    [pos('SOL-PERPETUAL', 1, { line: 7 }), /no market data for SOL/],
    [pos('BTC-5JAN2-1-C', 1), /expiry/],
    [pos('BTC-05JAN26-60000-C', 1), /leading zero/],
    [pos('BTC', 1, { unit: 'usd' }), /usd.*only to inverse futures/],
    [pos('BTC-31JAN26-60000-C', 1, { entryPrice: -1 }), /entry price/],
  ])('%o', (p, re) => {
    const r = resolvePosition(p, model);
    expect('message' in r).toBe(true);
    if ('message' in r) {
      expect(r.message).toMatch(re);
      expect(r.positionId).toBe(p.id);
      expect(r.line).toBe(p.line ?? null);
    }
  });
});
