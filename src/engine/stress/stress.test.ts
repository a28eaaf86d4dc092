/** Stress revaluation: consistency with computeReport, basis collapse and venue default by hand, waterfalls. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { computeReportResolved } from '../risk/report.ts';
import { resolveBook } from '../resolve.ts';
import { TEST_MARKET, pos } from '../testMarket.ts';
import { runStress, stressReportEntry } from './runStress.ts';
import { emptyStressScenario, STRESS_PRESETS, stressMoveOf, validateStressScenario, type StressScenario } from './scenarios.ts';

const model = buildMarketModel(TEST_MARKET);
const bookOf = (...p: Position[]) => resolveBook({ name: 't', positions: p }, model);
const sample = bookOf(
  pos('BTC-31JAN26-65000-C', -2),
  pos('BTC-1APR26-55000-P', 3),
  pos('BTC-PERPETUAL', 50_000, { unit: 'usd', entryPrice: 58_000 }),
  pos('BTC-1APR26', -1),
  pos('BTC_USDC-PERPETUAL', 0.5),
  pos('ETH-31JAN26-3000-C', 10, { venue: 'okx' }),
  pos('ETH_USDC-31JAN26-3200-C', -4),
  pos('BTC', 1, { venue: 'okx' }),
  pos('USDC', 10_000, { venue: 'okx' }),
);

const scenario = (over: Partial<StressScenario>): StressScenario => ({ ...emptyStressScenario('x', 'x'), ...over });

describe('stress scenarios as data', () => {
  it('moves: explicit entry, else beta × reference, BTC beta 1, floored at −99 %', () => {
    const s = scenario({ spotMove: -0.3, spot: { ETH: -0.4 }, betas: { SOL: 2 }, defaultBeta: 1.3 });
    expect(stressMoveOf(s, 'BTC')).toBe(-0.3);
    expect(stressMoveOf(s, 'ETH')).toBe(-0.4);
    expect(stressMoveOf(s, 'XRP')).toBeCloseTo(-0.39, 15);
    expect(stressMoveOf({ ...s, spotMove: -0.8 }, 'SOL')).toBe(-0.99);
  });
  it('the presets are valid and cover the METHODOLOGY.md §6 events and generic crashes', () => {
    expect(STRESS_PRESETS.map((p) => p.id)).toEqual([
      'black-thursday-2020',
      'may-19-2021',
      'luna-2022',
      'ftx-2022',
      'aug-5-2024',
      'generic-15',
      'generic-30',
      'generic-50',
    ]);
    for (const p of STRESS_PRESETS) expect(validateStressScenario(p)).toEqual([]);
    const bt = STRESS_PRESETS[0]!;
    expect([stressMoveOf(bt, 'BTC'), stressMoveOf(bt, 'ETH')]).toEqual([-0.5, -0.5]);
  });
  it('validation names each bad field', () => {
    const errs = validateStressScenario(scenario({ spotMove: -1.2, basisCollapse: 2, volTermPower: -1, spot: { ETH: Number.NaN } }));
    expect(errs).toEqual([
      'spotMove: must be a number above −1 (decimal, −0.3 = −30 %)',
      'spot.ETH: must be a number above −1',
      'volTermPower: must be ≥ 0',
      'basisCollapse: must be between 0 and 1',
    ]);
  });
});

describe('runStress', () => {
  it('without basis or venue default, equals computeReport’s scenario P&L (total, per underlying, per position)', () => {
    const s = scenario({ spotMove: -0.25, spot: { ETH: -0.35 }, volShift: 0.3, volTermPower: 0.3, days: 2 });
    const [r] = runStress(sample, model, [s]);
    const rep = computeReportResolved(sample, model, { spot: { BTC: -0.25, ETH: -0.35 }, vol: 0.3, volTermPower: 0.3, days: 2 }).scenario!;
    expect(r!.pnlUsd).toBeCloseTo(rep.pnlUsd, 8);
    for (const [ul, v] of Object.entries(rep.pnlByUnderlyingUsd)) expect(r!.byUnderlying[ul]).toBeCloseTo(v, 8);
    const base = computeReportResolved(sample, model);
    r!.byPosition.forEach((p, i) => expect(p.pnlUsd).toBeCloseTo(rep.valueUsdAfterById[p.id]! - base.positions[i]!.valueUsd, 8));
    expect(r!.components.basisUsd).toBe(0);
    expect(r!.components.venueDefaultUsd).toBe(0);
  });
  it('basis collapse: an inverse future’s forward is pulled to S + (1 − b)(F0 − S0), times the move', () => {
    const book = bookOf(pos('BTC-1APR26', 2));
    const N = 2 * 61_200;
    const m = -0.2;
    const [r] = runStress(book, model, [scenario({ spotMove: m, basisCollapse: 0.75 })]);
    const F = (60_000 + 0.25 * 1_200) * (1 + m);
    const expected = N * (1 / 61_200 - 1 / F) * 60_000 * (1 + m);
    expect(r!.pnlUsd).toBeCloseTo(expected, 8);
    const noBasis = N * (1 / 61_200 - 1 / (61_200 * (1 + m))) * 60_000 * (1 + m);
    expect(r!.components.marketUsd).toBeCloseTo(noBasis, 8);
    expect(r!.components.basisUsd).toBeCloseTo(expected - noBasis, 8);
  });
  it('full collapse of a short future with no move: the basis P&L is the whole basis, in USD at S', () => {
    const [r] = runStress(bookOf(pos('BTC-1APR26', -1)), model, [scenario({ basisCollapse: 1 })]);
    expect(r!.pnlUsd).toBeCloseTo(-61_200 * (1 / 61_200 - 1 / 60_000) * 60_000, 8);
  });
  it('venue default: every position there is written off (P&L = −base value); others keep their market P&L', () => {
    const s = scenario({ spotMove: -0.3, volShift: 0.2, venueDefault: 'okx' });
    const [r] = runStress(sample, model, [s]);
    const [noDefault] = runStress(sample, model, [{ ...s, venueDefault: null }]);
    for (const p of r!.byPosition) {
      if (p.venue === 'okx') expect(p.pnlUsd).toBeCloseTo(-p.valueUsd, 9);
      else expect(p.pnlUsd).toBe(noDefault!.byPosition.find((q) => q.id === p.id)!.pnlUsd);
    }
    const okxEquity = r!.byPosition.filter((p) => p.venue === 'okx').reduce((a, p) => a + p.valueUsd, 0);
    expect(r!.byVenue['okx']).toBeCloseTo(-okxEquity, 8);
    expect(r!.components.venueDefaultUsd).toBeCloseTo(r!.pnlUsd - noDefault!.pnlUsd, 8);
  });
  it('a venue the book owes money to is not a default loss', () => {
    const book = bookOf(pos('BTC-31JAN26-60000-C', -5, { venue: 'x' }));
    const [r] = runStress(book, model, [scenario({ venueDefault: 'x' })]);
    expect(r!.components.venueDefaultUsd).toBe(0);
  });
  it('waterfalls add up: components, underlyings, venues and positions all sum to the total', () => {
    for (const r of runStress(
      sample,
      model,
      STRESS_PRESETS.map((p) => ({ ...p, venueDefault: 'okx' })),
    )) {
      const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
      expect(sum(r.byUnderlying as Record<string, number>)).toBeCloseTo(r.pnlUsd, 6);
      expect(sum(r.byVenue as Record<string, number>)).toBeCloseTo(r.pnlUsd, 6);
      expect(r.components.marketUsd + r.components.basisUsd + r.components.venueDefaultUsd).toBeCloseTo(r.pnlUsd, 6);
      expect(r.byPosition.reduce((a, p) => a + p.pnlUsd, 0)).toBeCloseTo(r.pnlUsd, 6);
      expect(r.pnlUsd).toBeLessThan(0);
    }
  });
  it('report entry: name, pnlUsd, byUnderlying and the rest without per-position rows', () => {
    const [r] = runStress(sample, model, [STRESS_PRESETS[1]!]);
    const e = stressReportEntry(r!);
    expect(Object.keys(e)).toEqual(['id', 'name', 'pnlUsd', 'byUnderlying', 'byVenue', 'components', 'spotMoves']);
    expect(e.spotMoves).toMatchObject({ BTC: -0.3, ETH: -0.43 });
  });
});
