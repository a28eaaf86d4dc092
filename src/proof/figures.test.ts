import { describe, expect, it } from 'vitest';
import type { Position } from '../domain/position.ts';
import { black76Price, buildMarketModel, computeVenueAccounts, marginReport, resolveBook, volAt, forwardAt } from '../engine/index.ts';
import { marginFigures } from './figures.ts';
import { defaultBook, defaultMarket, defaultParams } from './testData.ts';

const pos = (id: string, instrument: string, quantity: number, extra: Partial<Position> = {}): Position => ({
  id,
  instrument,
  quantity,
  entryPrice: null,
  venue: 'deribit',
  label: '',
  ...extra,
});

describe('attested figures', () => {
  const market = defaultMarket();
  const params = defaultParams();

  it('IM and MM are the engine’s portfolio margin (the report’s margin{}) in every currency', () => {
    const book = defaultBook();
    const f = marginFigures(book.positions, market, params);
    const model = buildMarketModel(market);
    const report = marginReport(resolveBook(book, model), model, params);
    expect(Object.keys(f.currencies)).toEqual(['BTC', 'ETH', 'USDC']);
    for (const [ccy, m] of Object.entries(report)) {
      expect(f.currencies[ccy]!.initialMargin).toBe(m.initialMargin);
      expect(f.currencies[ccy]!.maintenanceMargin).toBe(m.maintenanceMargin);
    }
    expect(f.errors).toEqual([]);
    expect(f.claimHolds).toBe(true);
  });

  it('equity per currency: spot in coin, cash in its own currency, derivatives at their settlement value (by hand)', () => {
    const model = buildMarketModel(market);
    const btc = model.underlyings.get('BTC')!;
    const positions = [
      pos('spot', 'BTC', 2.5),
      pos('cash', 'USDC', 1000),
      pos('usdt', 'USDT', 250),
      pos('perp', 'BTC-PERPETUAL', -100000, { unit: 'usd', entryPrice: 80000 }),
      pos('call', 'BTC-25SEP26-90000-C', -3),
      pos('lin', 'BTC_USDC-PERPETUAL', 0.5, { entryPrice: 79000 }),
    ];
    const f = marginFigures(positions, market, params);
    const expiry = Date.UTC(2026, 8, 25, 8);
    const tte = (expiry - model.valuationMs) / (365 * 86_400_000);
    const fwd = forwardAt(btc, model.valuationMs, expiry);
    const callMark = black76Price('call', fwd, 90000, volAt(btc, model.valuationMs, expiry, 90000), tte) / fwd;
    const perp = btc.perpetual;
    // spot 2.5 coin; perpetual N (1/E − 1/F) coin; short call q · mark coin.
    const btcEquity = 2.5 + -100000 * (1 / 80000 - 1 / perp) + -3 * callMark;
    expect(f.currencies['BTC']!.equity).toBeCloseTo(btcEquity, 12);
    // USDC: cash and the linear perpetual's P&L against entry, q (F − E).
    expect(f.currencies['USDC']!.equity).toBeCloseTo(1000 + 0.5 * (perp - 79000), 8);
    // USDT cash stands alone, with no margin.
    expect(f.currencies['USDT']).toEqual({
      initialMargin: 0,
      maintenanceMargin: 0,
      equity: 250,
      marginRatio: 0,
      equityCoversMaintenance: true,
    });
    const b = f.currencies['BTC']!;
    expect(b.marginRatio).toBeCloseTo(b.maintenanceMargin / b.equity, 15);
  });

  it('converted at each index, the currencies’ equity is the venues’ cross-margin equity in USD', () => {
    const book = defaultBook();
    const model = buildMarketModel(market);
    const f = marginFigures(book.positions, market, params);
    const usd = Object.entries(f.currencies).reduce((s, [ccy, c]) => s + c.equity * (model.underlyings.get(ccy)?.index ?? 1), 0);
    const accounts = computeVenueAccounts(resolveBook(book, model), model, params);
    const venuesUsd = accounts.reduce((s, a) => s + a.equityUsd, 0);
    expect(usd).toBeCloseTo(venuesUsd, 6);
  });

  it('states a failing book as failing: short calls without collateral', () => {
    const f = marginFigures([pos('c', 'BTC-25SEP26-90000-C', -50)], market, params);
    const b = f.currencies['BTC']!;
    expect(b.equity).toBeLessThan(0);
    expect(b.maintenanceMargin).toBeGreaterThan(0);
    expect(b.marginRatio).toBeNull();
    expect(b.equityCoversMaintenance).toBe(false);
    expect(f.claimHolds).toBe(false);
  });

  it('the order of the positions moves no figure beyond rounding', () => {
    const book = defaultBook().positions;
    const a = marginFigures(book, market, params);
    const b = marginFigures([...book].reverse(), market, params);
    for (const [ccy, x] of Object.entries(a.currencies)) {
      const y = b.currencies[ccy]!;
      expect(Math.abs(x.initialMargin - y.initialMargin)).toBeLessThanOrEqual(1e-12 * Math.abs(x.initialMargin));
      expect(Math.abs(x.equity - y.equity)).toBeLessThanOrEqual(1e-12 * Math.abs(x.equity));
    }
  });

  it('reports positions it cannot value', () => {
    const f = marginFigures([pos('a', 'BTC', 1), pos('b', 'DOGE-PERPETUAL', 1)], market, params);
    expect(f.errors.map((e) => e.instrument)).toEqual(['DOGE-PERPETUAL']);
  });
});
