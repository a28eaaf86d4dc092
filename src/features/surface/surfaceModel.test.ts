import { describe, expect, it } from 'vitest';
import { viewsApi } from '../../worker/api/viewsApi.ts';
import { defaultViewInputs } from '../heatmap/testData.ts';
import { buildSurface, logTicks, niceRound, NEAR_FACTOR } from './surfaceModel.ts';

describe('vol surface view-model', () => {
  const { market, book, inputs } = defaultViewInputs('surface-model');
  const result = viewsApi.volSurfaceView(inputs, {}, { underlying: 'BTC' });

  it('one panel per smile; every BTC option of the book is a marker on its expiry’s panel', () => {
    const s = buildSurface(result, 'all', false)!;
    expect(s.panels).toHaveLength(market.underlyings.BTC!.smiles.length);
    const btcOptions = book.positions.filter((p) => /^BTC(_USDC)?-\d+[A-Z]{3}\d{2}-\d+-[CP]$/.test(p.instrument));
    expect(s.panels.reduce((n, p) => n + p.positions.length, 0)).toBe(btcOptions.length);
    expect(s.termPositions).toHaveLength(btcOptions.length);
    const sep = s.panels.find((p) => p.expiry === '25SEP26')!;
    expect(sep.positions.map((p) => p.instrument).sort()).toEqual([
      'BTC-25SEP26-68000-P',
      'BTC-25SEP26-90000-C',
      'BTC_USDC-25SEP26-80000-C',
    ]);
    expect(sep.positions.find((p) => p.instrument === 'BTC-25SEP26-90000-C')!.long).toBe(false);
    expect(s.term.find((t) => t.expiry === '25SEP26')!.hasPositions).toBe(true);
  });

  it('the near window keeps strikes within F ÷ 2 … F × 2 (and the book’s); all keeps every node', () => {
    const all = buildSurface(result, 'all', false)!.panels.find((p) => p.expiry === '25SEP26')!;
    const near = buildSurface(result, 'near', false)!.panels.find((p) => p.expiry === '25SEP26')!;
    expect(near.nodes.length).toBeLessThan(all.nodes.length);
    for (const n of near.nodes) expect(n.strike >= near.forwardUsd / NEAR_FACTOR && n.strike <= near.forwardUsd * NEAR_FACTOR).toBe(true);
    expect(near.strikeDomain[0]).toBeGreaterThanOrEqual(near.forwardUsd / NEAR_FACTOR - 1e-9);
    for (const t of near.strikeTicks) expect(t >= near.strikeDomain[0] && t <= near.strikeDomain[1]).toBe(true);
    expect(near.volDomain[0]).toBeLessThanOrEqual(Math.min(...near.curve.map((c) => c.volPct)));
    expect(near.volDomain[1]).toBeGreaterThanOrEqual(Math.max(...near.curve.map((c) => c.volPct)));
  });

  it('only the expiries the book holds, on request', () => {
    const held = buildSurface(result, 'near', true)!;
    expect(held.panels.every((p) => p.positions.length > 0)).toBe(true);
    expect(held.panels.map((p) => p.expiry)).toEqual(['28AUG26', '4SEP26', '25SEP26', '30OCT26', '25DEC26', '26MAR27', '25JUN27']);
  });

  it('nice strike ticks', () => {
    expect(niceRound(63_400)).toBe(60_000);
    expect(niceRound(118_000)).toBe(120_000);
    expect(logTicks(40_000, 160_000, 4)).toEqual([50_000, 70_000, 100_000, 150_000]);
  });
});
