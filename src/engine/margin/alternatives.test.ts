/** Deribit standard margin and the SPAN-style model, against hand computations. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { black76Price } from '../models/black76.ts';
import { resolveBook } from '../resolve.ts';
import { EXP30, TEST_MARKET, pos } from '../testMarket.ts';
import { computeStandardMargin, DEFAULT_STANDARD_MARGIN_PARAMS } from './standard.ts';
import { calendarSpreads, computeSpanMargin, DEFAULT_SPAN_PARAMS, spanScenarios, validateSpanParams } from './span.ts';
import { settlementValue } from './revalue.ts';

const model = buildMarketModel({
  ...TEST_MARKET,
  underlyings: {
    ...TEST_MARKET.underlyings,
    SOL: { index: 200, forwards: [], smiles: [] },
    XRP: { index: 2, forwards: [], smiles: [] },
  },
});
const bookOf = (...p: Position[]) => resolveBook({ name: 't', positions: p }, model);
const S = 60_000;
const F30 = 60_300;
const T30 = 30 / 365;

describe('Deribit standard margin', () => {
  it('short OTM call: IM = (max(0.15 − OTM/F, 0.1) + mark)·|q|, MM = (0.075 + mark)·|q|, OTM against the option’s forward', () => {
    const book = bookOf(pos('BTC-31JAN26-70000-C', -3));
    const vol = book.positions[0]!.vol0;
    const mark = black76Price('call', F30, 70_000, vol, T30) / F30;
    const r = computeStandardMargin(book, model);
    const im = 3 * (Math.max(0.15 - (70_000 - F30) / F30, 0.1) + mark);
    expect(r.positions[0]!.initialMargin).toBeCloseTo(im, 14);
    expect(r.positions[0]!.maintenanceMargin).toBeCloseTo(3 * (0.075 + mark), 14);
    expect(r.currencies['BTC']!.initialMarginUsd).toBeCloseTo(im * S, 8);
    // Nearer the money the forward matters: against the index the 62,000 call would look 2,000 out of the money
    // instead of 1,700, and its IM smaller.
    const near = bookOf(pos('BTC-31JAN26-62000-C', -1));
    const m62 = black76Price('call', F30, 62_000, near.positions[0]!.vol0, T30) / F30;
    const im62 = computeStandardMargin(near, model).positions[0]!.initialMargin;
    expect(im62).toBeCloseTo(0.15 - 1_700 / F30 + m62, 14);
    expect(0.15 - 2_000 / S + m62).toBeLessThan(im62);
  });
  it('short ITM put: OTM = 0, so IM rate 0.15; the 0.1 floor binds far out of the money', () => {
    const book = bookOf(pos('BTC-31JAN26-65000-P', -1), pos('BTC-31JAN26-40000-P', -1));
    const [itm, far] = computeStandardMargin(book, model).positions;
    const m1 = black76Price('put', F30, 65_000, book.positions[0]!.vol0, T30) / F30;
    const m2 = black76Price('put', F30, 40_000, book.positions[1]!.vol0, T30) / F30;
    expect(itm!.initialMargin).toBeCloseTo(0.15 + m1, 14);
    expect(itm!.maintenanceMargin).toBeCloseTo(0.075 + m1, 14);
    expect(far!.initialMargin).toBeCloseTo(0.1 + m2, 14);
  });
  it('short deep ITM put with a mark above 1 coin: MM = max(0.075, 0.075·mark) + mark, IM = max(…, MM)', () => {
    const book = bookOf(pos('BTC-31JAN26-150000-P', -10));
    const mark = black76Price('put', F30, 150_000, book.positions[0]!.vol0, T30) / F30;
    expect(mark).toBeGreaterThan(1.4);
    const r = computeStandardMargin(book, model).positions[0]!;
    const mm = 0.075 * mark + mark;
    expect(r.maintenanceMargin).toBeCloseTo(10 * mm, 12);
    // The old call-style MM (0.075 + mark) is smaller.
    expect(r.maintenanceMargin).toBeGreaterThan(10 * (0.075 + mark) + 0.3);
    expect(r.initialMargin).toBeCloseTo(10 * Math.max(0.15 + mark, mm), 12);
    // With a mark above 2 coins the MM exceeds 0.15 + mark and becomes the IM.
    const deeper = bookOf(pos('BTC-31JAN26-200000-P', -1));
    const m3 = black76Price('put', F30, 200_000, deeper.positions[0]!.vol0, T30) / F30;
    expect(m3).toBeGreaterThan(2);
    const d = computeStandardMargin(deeper, model).positions[0]!;
    expect(d.initialMargin).toBeCloseTo(0.075 * m3 + m3, 12);
    expect(d.initialMargin).toBe(d.maintenanceMargin);
  });
  it('long options carry no margin; linear options in USDC (coin rule × S + mark in USD)', () => {
    const book = bookOf(pos('BTC-31JAN26-70000-C', 2), pos('BTC_USDC-31JAN26-70000-C', -1));
    const r = computeStandardMargin(book, model);
    expect(r.positions[0]!.initialMargin).toBe(0);
    const markUsd = black76Price('call', F30, 70_000, book.positions[1]!.vol0, T30);
    expect(r.positions[1]!.currency).toBe('USDC');
    expect(r.positions[1]!.initialMargin).toBeCloseTo(Math.max(0.15 - (70_000 - F30) / F30, 0.1) * S + markUsd, 8);
  });
  it('inverse futures: 2 % + 0.005 %·size (BTC) / 0.0004 %·size (ETH) of the coin size; MM 1 % + the same increase', () => {
    const r = computeStandardMargin(bookOf(pos('BTC-PERPETUAL', -100), pos('ETH-PERPETUAL', 1_000)), model);
    expect(r.positions[0]!.initialMargin).toBeCloseTo((0.02 + 100 * 0.00005) * 100, 12);
    expect(r.positions[0]!.maintenanceMargin).toBeCloseTo((0.01 + 100 * 0.00005) * 100, 12);
    expect(r.positions[1]!.initialMargin).toBeCloseTo((0.02 + 1_000 * 0.000004) * 1_000, 10);
    expect(r.positions.map((p) => [p.rateKey, p.assumed])).toEqual([
      ['BTC', false],
      ['ETH', false],
    ]);
    expect(r.assumedRates).toEqual({});
  });
  it('linear perpetuals use their published line (SOL_USDC 4 % / 2 % + 0.0005 %·size), in USDC at the index', () => {
    const r = computeStandardMargin(bookOf(pos('SOL_USDC-PERPETUAL', 6_000), pos('BTC_USDC-PERPETUAL', -25)), model);
    const [sol, btc] = r.positions;
    // Deribit's own example: 6,000 SOL → 7 % IM.
    expect(sol!.initialMargin).toBeCloseTo(0.07 * 6_000 * 200, 8);
    expect(sol!.maintenanceMargin).toBeCloseTo(0.05 * 6_000 * 200, 8);
    expect(sol!.rateKey).toBe('SOL_USDC');
    // 25 BTC → 2.125 % IM, 1.125 % MM, at the index (not the perpetual's 60,030).
    expect(btc!.initialMargin).toBeCloseTo(0.02125 * 25 * S, 8);
    expect(btc!.maintenanceMargin).toBeCloseTo(0.01125 * 25 * S, 8);
    expect(r.assumedRates).toEqual({});
  });
  it('a line without a published rate is margined at a stand-in and flagged assumed', () => {
    const r = computeStandardMargin(bookOf(pos('ETH_USDC-PERPETUAL', 10), pos('XRP_USDC-PERPETUAL', 1_000)), model);
    const [eth, xrp] = r.positions;
    expect([eth!.rateKey, eth!.assumed]).toEqual(['ETH_USDC', true]);
    expect([xrp!.rateKey, xrp!.assumed]).toEqual(['default', true]);
    expect(xrp!.initialMargin).toBeCloseTo((0.04 + 1_000 * 0.000005) * 1_000 * 2, 10);
    expect(Object.keys(r.assumedRates).sort()).toEqual(['ETH_USDC', 'default']);
    expect(r.assumedRates['default']).toMatch(/^assumed/);
    expect(r.currencies['USDC']!.assumedPositions).toBe(2);
    // Editing the stand-in changes the figure.
    const edited = computeStandardMargin(bookOf(pos('XRP_USDC-PERPETUAL', 1_000)), model, {
      ...DEFAULT_STANDARD_MARGIN_PARAMS,
      futures: {
        ...DEFAULT_STANDARD_MARGIN_PARAMS.futures,
        XRP_USDC: { imBase: 0.1, mmBase: 0.05, increasePerCoin: 0, source: 'user', assumed: false },
      },
    });
    expect(edited.positions[0]!.initialMargin).toBeCloseTo(0.1 * 1_000 * 2, 10);
    expect(edited.positions[0]!.assumed).toBe(false);
  });
});

describe('SPAN-style margin', () => {
  it('16 scenarios: 0, ±⅓, ±⅔, ±1 scan range × vol up/down, then ±2× at 35 % (parameters)', () => {
    const sc = spanScenarios();
    expect(sc).toHaveLength(16);
    expect(sc.slice(0, 14).map((s) => s.scanFraction)).toEqual([
      0,
      0,
      1 / 3,
      1 / 3,
      -1 / 3,
      -1 / 3,
      2 / 3,
      2 / 3,
      -2 / 3,
      -2 / 3,
      1,
      1,
      -1,
      -1,
    ]);
    expect(sc.slice(14)).toEqual([
      { number: 15, scanFraction: 2, volDirection: 0, cover: 0.35 },
      { number: 16, scanFraction: -2, volDirection: 0, cover: 0.35 },
    ]);
    expect(
      spanScenarios({ ...DEFAULT_SPAN_PARAMS, extremeMultiple: 3, extremeCover: 0.33 })
        .slice(14)
        .map((s) => [s.scanFraction, s.cover]),
    ).toEqual([
      [3, 0.33],
      [-3, 0.33],
    ]);
  });
  it('a long perpetual: scan risk = max(loss at −scan, cover × loss at −multiple·scan), coin; no calendar charge', () => {
    const q = 2;
    const r = computeSpanMargin(bookOf(pos('BTC-PERPETUAL', q)), model);
    const u = r.underlyings[0]!;
    expect(u.scanRange).toBe(0.16);
    const full = -q * (1 - 1 / 0.84);
    const extreme = -0.35 * q * (1 - 1 / 0.68);
    expect(u.scanRisk).toBeCloseTo(Math.max(full, extreme), 14);
    expect(u.worstScenario).toBe(extreme > full ? 16 : 13);
    expect(u.calendarSpreadCharge).toBe(0);
    expect(r.currencies['BTC']!.maintenanceMargin).toBeCloseTo(0.8 * u.scanRisk, 14);
    const wide = computeSpanMargin(bookOf(pos('BTC-PERPETUAL', q)), model, {
      ...DEFAULT_SPAN_PARAMS,
      extremeMultiple: 3,
      extremeCover: 0.5,
    });
    expect(wide.underlyings[0]!.scanRisk).toBeCloseTo(Math.max(full, -0.5 * q * (1 - 1 / 0.52)), 14);
  });
  it('a short option: vol scan in absolute points, every scenario one day later (theta), worst covered loss', () => {
    const book = bookOf(pos('BTC-31JAN26-60000-C', -1));
    const rp = book.positions[0]!;
    const r = computeSpanMargin(book, model, { ...DEFAULT_SPAN_PARAMS, scanRange: { BTC: 0.1 } });
    const coin = (m: number, dv: number, days: number) =>
      -black76Price('call', F30 * (1 + m), 60_000, rp.vol0 + dv, T30 - days / 365) / (F30 * (1 + m));
    const base = coin(0, 0, 0);
    const pnls = spanScenarios().map((s) => (coin(s.scanFraction * 0.1, s.volDirection * 0.1, 1) - base) * s.cover);
    r.underlyings[0]!.pnl.forEach((x, i) => expect(x).toBeCloseTo(pnls[i]!, 12));
    expect(r.underlyings[0]!.scanRisk).toBeCloseTo(Math.max(0, -Math.min(...pnls)), 12);
    // The (0, vol down) scenario of a short option is the day's theta: a gain.
    expect(r.underlyings[0]!.pnl[1]!).toBeGreaterThan(0);
    const noDecay = computeSpanMargin(book, model, { ...DEFAULT_SPAN_PARAMS, scanRange: { BTC: 0.1 }, lookAheadDays: 0 });
    expect(noDecay.underlyings[0]!.pnl[1]!).toBeCloseTo(coin(0, -0.1, 0) - base, 12);
  });
  it('a calendar spread (long dated future, short perpetual): scan risk nets, the spread charge does not', () => {
    const book = bookOf(pos('BTC-31JAN26', 1_000_000, { unit: 'usd' }), pos('BTC-PERPETUAL', -1_000_000, { unit: 'usd' }));
    const r = computeSpanMargin(book, model);
    const u = r.underlyings[0]!;
    const [perp, fut] =
      book.positions[1]!.instrument.kind === 'perpetual'
        ? [book.positions[1]!, book.positions[0]!]
        : [book.positions[0]!, book.positions[1]!];
    expect(u.tiers.map((t) => t.expiry)).toEqual(['PERPETUAL', EXP30]);
    const size = Math.min(Math.abs(perp.quantityCoin), Math.abs(fut.quantityCoin));
    // BTC: max(1 %, e^{7.5 %·30/365} − 1 = 0.62 %) = 1 % per coin of spread.
    expect(u.spreads).toHaveLength(1);
    expect(u.spreads[0]!.rate).toBe(0.01);
    expect(u.calendarSpreadCharge).toBeCloseTo(0.01 * size, 14);
    expect(u.requirement).toBeCloseTo(u.scanRisk + u.calendarSpreadCharge, 14);
    expect(u.calendarSpreadCharge).toBeGreaterThan(5 * u.scanRisk);
    expect(r.currencies['BTC']!.calendarSpreadCharge).toBe(u.calendarSpreadCharge);
    // A rate of its own.
    const own = computeSpanMargin(book, model, { ...DEFAULT_SPAN_PARAMS, calendarMove: { annualised: 0.5, minimum: 0 } });
    expect(own.underlyings[0]!.spreads[0]!.rate).toBeCloseTo(Math.exp((0.5 * 30) / 365) - 1, 12);
  });
  it('spreads pair the nearest opposite tiers first', () => {
    const tiers = [
      { expiry: 'PERPETUAL', tteYears: 0, deltaCoin: 10 },
      { expiry: 'A', tteYears: 0.1, deltaCoin: -4 },
      { expiry: 'B', tteYears: 0.5, deltaCoin: -8 },
      { expiry: 'C', tteYears: 0.6, deltaCoin: 3 },
    ];
    const sp = calendarSpreads(tiers, { annualised: 0.1, minimum: 0.01 }, 1);
    expect(sp.map((x) => [x.nearExpiry, x.farExpiry, x.sizeCoin])).toEqual([
      ['B', 'C', 3],
      ['PERPETUAL', 'A', 4],
      ['PERPETUAL', 'B', 5],
    ]);
    const r1 = Math.exp(0.01) - 1; // 0.1 year apart: above the 1 % minimum
    expect(sp[0]!.rate).toBeCloseTo(r1, 15);
    expect(sp[2]!.rate).toBeCloseTo(Math.exp(0.05) - 1, 15);
    expect(sp.reduce((s, x) => s + x.charge, 0)).toBeCloseTo(3 * r1 + 4 * r1 + 5 * (Math.exp(0.05) - 1), 14);
    // Below the minimum the minimum applies.
    expect(calendarSpreads(tiers, { annualised: 0.01, minimum: 0.01 }, 1)[0]!.rate).toBe(0.01);
  });
  it('the short option minimum binds for a far out-of-the-money short option, and is a parameter', () => {
    const book = bookOf(pos('BTC-31JAN26-120000-C', -5));
    const r = computeSpanMargin(book, model);
    const u = r.underlyings[0]!;
    expect(u.shortOptionsCoin).toBe(5);
    expect(u.shortOptionMinimum).toBeCloseTo(5 * 0.1 * 0.16, 14);
    expect(u.scanRisk).toBeLessThan(u.shortOptionMinimum);
    expect(u.requirement).toBe(u.shortOptionMinimum);
    const none = computeSpanMargin(book, model, { ...DEFAULT_SPAN_PARAMS, shortOptionMinimum: 0 });
    expect(none.underlyings[0]!.requirement).toBe(none.underlyings[0]!.scanRisk);
    // USDC: the same per coin × the index.
    const lin = computeSpanMargin(bookOf(pos('BTC_USDC-31JAN26-120000-C', -5)), model).underlyings[0]!;
    expect(lin.shortOptionMinimum).toBeCloseTo(5 * 0.1 * 0.16 * S, 8);
  });
  it('underlyings add up within a currency (no inter-commodity credit)', () => {
    const r = computeSpanMargin(bookOf(pos('BTC_USDC-PERPETUAL', 1), pos('ETH_USDC-PERPETUAL', -10)), model);
    const usdc = r.currencies['USDC']!;
    expect(usdc.initialMargin).toBeCloseTo(
      r.underlyings.reduce((s, u) => s + u.requirement, 0),
      9,
    );
  });
  it('scan values come from the position’s own settlement value', () => {
    const book = bookOf(pos('ETH-31JAN26-3000-P', -2));
    const rp = book.positions[0]!;
    const r = computeSpanMargin(book, model);
    const scen = spanScenarios()[12]!; // −1 scan range, vol up
    const expected = settlementValue(rp, { spotMove: -0.18, volShift: 0.1, volTermPower: null, days: 1 }) - settlementValue(rp);
    expect(r.underlyings[0]!.pnl[12]!).toBeCloseTo(expected * scen.cover, 14);
  });
  it('rejects parameters out of range with a message per field', () => {
    expect(validateSpanParams(DEFAULT_SPAN_PARAMS)).toEqual([]);
    expect(validateSpanParams({ ...DEFAULT_SPAN_PARAMS, extremeCover: 1.5, extremeMultiple: 0.5, shortOptionMinimum: -1 })).toEqual([
      'extreme-move multiple must be ≥ 1 (× scan range)',
      'extreme-move cover must be between 0 and 1',
      'short option minimum must be ≥ 0 (fraction of the scan charge)',
    ]);
  });
});
