import { describe, expect, it } from 'vitest';
import { computeReport } from '../../engine/index.ts';
import { viewsApi } from '../../worker/api/viewsApi.ts';
import { defaultViewInputs } from '../heatmap/testData.ts';
import { DEFAULT_PAYOFF, buildPayoffChart, interpolate, payoffParams } from './payoffModel.ts';

describe('payoff view-model', () => {
  const { market, book, inputs } = defaultViewInputs('payoff-model');
  const valuationMs = Date.parse(market.valuationTime);

  it('the default request: +7 and +30 days, 5 expiries, ±50 %; dates are validated', () => {
    const { params } = payoffParams(DEFAULT_PAYOFF);
    expect(params).toMatchObject({ dateOffsetsDays: [7, 30], maxExpiries: 5, fromPct: -50, toPct: 50 });
    expect(payoffParams({ ...DEFAULT_PAYOFF, datesText: '' }).params!.dateOffsetsDays).toEqual([]);
    expect(payoffParams({ ...DEFAULT_PAYOFF, datesText: '7, soon' }).errors[0]).toContain('“soon”');
  });

  it('series: today, dates and expiries with their dates; points line up with the engine’s curves', () => {
    const result = viewsApi.payoffView(inputs, { days: 2 }, payoffParams(DEFAULT_PAYOFF).params!);
    const chart = buildPayoffChart(result.payoff!, result.valuationMs);
    // Named by their dates: the first curve is at the what-if's day (+2 d), not "today".
    expect(chart.series.map((s) => s.label).slice(0, 3)).toEqual(['24AUG26 · +2 d', '31AUG26 · +9 d', '23SEP26 · +32 d']);
    const unshifted = buildPayoffChart(viewsApi.payoffView(inputs, {}, payoffParams(DEFAULT_PAYOFF).params!).payoff!, result.valuationMs);
    expect(unshifted.series[0]!.label).toBe('22AUG26 · now');
    expect(chart.series[1]!.when).toBe('31AUG26 · +9 d'); // valuation 22AUG26 + 2 (what-if) + 7
    const expiries = chart.series.filter((s) => s.kind === 'expiry').map((s) => s.label);
    expect(expiries[0]).toBe('Expiry 28AUG26');
    expect(expiries).toHaveLength(5);
    expect(chart.points).toHaveLength(result.payoff!.spotUsd.length);
    expect(chart.points[10]!.c2).toBe(result.payoff!.curves[2]!.pnlUsd[10]);
    expect(chart.series[0]!.dash).toBeUndefined();
    expect(chart.series[1]!.dash).toBeDefined();
  });

  it('P&L at the current spot, worst and best, and breakevens agree with computeReport', () => {
    const whatIf = { spot: { BTC: 0 }, vol: 0.05 };
    const result = viewsApi.payoffView(inputs, whatIf, payoffParams(DEFAULT_PAYOFF).params!);
    const chart = buildPayoffChart(result.payoff!, valuationMs);
    const today = chart.series[0]!;
    expect(today.pnlAtSpotUsd).toBeCloseTo(computeReport(book, market, whatIf).scenario!.pnlUsd, 6);
    const curve = result.payoff!.curves[0]!.pnlUsd;
    expect(today.minUsd).toBe(Math.min(...curve));
    expect(today.maxUsd).toBe(Math.max(...curve));
    const S0 = market.underlyings.BTC!.index;
    for (const be of today.breakevensUsd) {
      const pnl = computeReport(book, market, { spot: { BTC: be / S0 - 1 }, vol: 0.05 }).scenario!.pnlUsd;
      expect(Math.abs(pnl)).toBeLessThan(0.01 * Math.max(...curve.map(Math.abs)));
    }
  });

  it('interpolates linearly and clamps', () => {
    expect(interpolate([0, 10], [0, 100], 2.5)).toBe(25);
    expect(interpolate([0, 10], [0, 100], -1)).toBe(0);
    expect(interpolate([0, 10], [0, 100], 11)).toBe(100);
    expect(interpolate([], [], 1)).toBeNaN();
  });
});
