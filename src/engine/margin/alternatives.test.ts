/** Deribit standard margin and the SPAN-style model, against hand computations. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { black76Price } from '../models/black76.ts';
import { resolveBook } from '../resolve.ts';
import { TEST_MARKET, pos } from '../testMarket.ts';
import { computeStandardMargin } from './standard.ts';
import { computeSpanMargin, DEFAULT_SPAN_PARAMS, spanScenarios } from './span.ts';

const model = buildMarketModel(TEST_MARKET);
const bookOf = (...p: Position[]) => resolveBook({ name: 't', positions: p }, model);
const S = 60_000;
const F30 = 60_300;
const T30 = 30 / 365;

describe('Deribit standard margin', () => {
  it('short OTM call: IM = (max(0.15 − OTM/S, 0.1) + mark)·|q|, MM = (0.075 + mark)·|q|, coin', () => {
    const book = bookOf(pos('BTC-31JAN26-70000-C', -3));
    const vol = book.positions[0]!.vol0;
    const mark = black76Price('call', F30, 70_000, vol, T30) / F30;
    const r = computeStandardMargin(book, model);
    const im = 3 * (Math.max(0.15 - 10_000 / S, 0.1) + mark);
    expect(r.positions[0]!.initialMargin).toBeCloseTo(im, 14);
    expect(r.positions[0]!.maintenanceMargin).toBeCloseTo(3 * (0.075 + mark), 14);
    expect(r.currencies['BTC']!.initialMarginUsd).toBeCloseTo(im * S, 8);
  });
  it('short ITM put: OTM = 0, so IM rate 0.15; the 0.1 floor binds far out of the money', () => {
    const book = bookOf(pos('BTC-31JAN26-65000-P', -1), pos('BTC-31JAN26-40000-P', -1));
    const [itm, far] = computeStandardMargin(book, model).positions;
    const m1 = black76Price('put', F30, 65_000, book.positions[0]!.vol0, T30) / F30;
    const m2 = black76Price('put', F30, 40_000, book.positions[1]!.vol0, T30) / F30;
    expect(itm!.initialMargin).toBeCloseTo(0.15 + m1, 14);
    expect(far!.initialMargin).toBeCloseTo(0.1 + m2, 14);
  });
  it('long options carry no margin; linear options in USDC (coin rule × S + mark in USD)', () => {
    const book = bookOf(pos('BTC-31JAN26-70000-C', 2), pos('BTC_USDC-31JAN26-70000-C', -1));
    const r = computeStandardMargin(book, model);
    expect(r.positions[0]!.initialMargin).toBe(0);
    const markUsd = black76Price('call', F30, 70_000, book.positions[1]!.vol0, T30);
    expect(r.positions[1]!.currency).toBe('USDC');
    expect(r.positions[1]!.initialMargin).toBeCloseTo(Math.max(0.15 - 10_000 / S, 0.1) * S + markUsd, 8);
  });
  it('futures: 2 % + 0.005 %·size (BTC) of the coin size; MM 1 % + the same increase', () => {
    const r = computeStandardMargin(bookOf(pos('BTC-PERPETUAL', -100), pos('ETH-PERPETUAL', 1_000)), model);
    expect(r.positions[0]!.initialMargin).toBeCloseTo((0.02 + 100 * 0.00005) * 100, 12);
    expect(r.positions[0]!.maintenanceMargin).toBeCloseTo((0.01 + 100 * 0.00005) * 100, 12);
    expect(r.positions[1]!.initialMargin).toBeCloseTo((0.02 + 1_000 * 0.000004) * 1_000, 10);
  });
});

describe('SPAN-style 16 scenarios', () => {
  it('0, ±⅓, ±⅔, ±1 scan range × vol up/down, then ±2× at 35 %', () => {
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
  });
  it('a long perpetual: scan risk = max(loss at −scan, 35 % of the loss at −2·scan), coin', () => {
    const q = 2;
    const r = computeSpanMargin(bookOf(pos('BTC-PERPETUAL', q)), model);
    const u = r.underlyings[0]!;
    expect(u.scanRange).toBe(0.16);
    const full = -q * (1 - 1 / 0.84);
    const extreme = -0.35 * q * (1 - 1 / 0.68);
    expect(u.scanRisk).toBeCloseTo(Math.max(full, extreme), 14);
    expect(u.worstScenario).toBe(extreme > full ? 16 : 13);
    expect(r.currencies['BTC']!.maintenanceMargin).toBeCloseTo(0.8 * u.scanRisk, 14);
  });
  it('a short option: vol scan in absolute points; the requirement is the worst covered loss', () => {
    const book = bookOf(pos('BTC-31JAN26-60000-C', -1));
    const rp = book.positions[0]!;
    const r = computeSpanMargin(book, model, { ...DEFAULT_SPAN_PARAMS, scanRange: { BTC: 0.1 } });
    const coin = (m: number, dv: number) => -black76Price('call', F30 * (1 + m), 60_000, rp.vol0 + dv, T30) / (F30 * (1 + m));
    const base = coin(0, 0);
    const pnls = spanScenarios().map((s) => (coin(s.scanFraction * 0.1, s.volDirection * 0.1) - base) * s.cover);
    r.underlyings[0]!.pnl.forEach((x, i) => expect(x).toBeCloseTo(pnls[i]!, 12));
    expect(r.underlyings[0]!.scanRisk).toBeCloseTo(Math.max(0, -Math.min(...pnls)), 12);
  });
  it('underlyings add up within a currency (no inter-commodity credit)', () => {
    const r = computeSpanMargin(bookOf(pos('BTC_USDC-PERPETUAL', 1), pos('ETH_USDC-PERPETUAL', -10)), model);
    const usdc = r.currencies['USDC']!;
    expect(usdc.initialMargin).toBeCloseTo(
      r.underlyings.reduce((s, u) => s + u.requirement, 0),
      9,
    );
  });
});
