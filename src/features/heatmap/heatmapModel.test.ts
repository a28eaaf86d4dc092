import { describe, expect, it } from 'vitest';
import { computeReport } from '../../engine/index.ts';
import { toEngineScenario, type ScenarioInputs } from '../../state/slices/scenarioSlice.ts';
import { viewsApi } from '../../worker/api/viewsApi.ts';
import {
  DEFAULT_HEATMAP_CONFIG,
  buildHeatmapGrid,
  currentSpotPct,
  describeCell,
  greekLines,
  heatmapParams,
  scenarioForCell,
} from './heatmapModel.ts';
import { defaultViewInputs } from './testData.ts';

describe('heatmap view-model', () => {
  const { market, book, inputs } = defaultViewInputs('heatmap-model');

  it('the default request: spot −30 … +30 by 5, vol −20 … +20 by 5, days 0 1 3 7 14 30', () => {
    const { params, errors } = heatmapParams(DEFAULT_HEATMAP_CONFIG);
    expect(errors).toEqual([]);
    expect(params!.spotMovesPct).toEqual([-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30]);
    expect(params!.volShiftsPts).toEqual([-20, -15, -10, -5, 0, 5, 10, 15, 20]);
    expect(params!.daysForward).toEqual([0, 1, 3, 7, 14, 30]);
  });

  it('refuses bad ranges with a reason', () => {
    expect(heatmapParams({ ...DEFAULT_HEATMAP_CONFIG, spot: { from: -30, to: 30, step: 0 } }).errors[0]).toContain('step must be positive');
    expect(heatmapParams({ ...DEFAULT_HEATMAP_CONFIG, vol: { from: 10, to: -10, step: 5 } }).errors[0]).toContain('“to”');
    expect(heatmapParams({ ...DEFAULT_HEATMAP_CONFIG, spot: { from: -50, to: 50, step: 1 } }).errors[0]).toContain('at most 41');
    expect(heatmapParams({ ...DEFAULT_HEATMAP_CONFIG, spot: { from: -120, to: 0, step: 20 } }).errors[0]).toContain('above −100');
    expect(heatmapParams({ ...DEFAULT_HEATMAP_CONFIG, daysText: '1, x' }).errors[0]).toContain('“x”');
    expect(heatmapParams({ ...DEFAULT_HEATMAP_CONFIG, daysText: '-1' }).errors[0]).toContain('below 0');
  });

  // A what-if with every dimension set: the cells take ETH's move and the days (or vol) from it.
  const inputsWhatIf: ScenarioInputs = { spotPct: { BTC: -10, ETH: 4 }, volPts: 5, days: 3 };
  const result = viewsApi.heatmapView(inputs, toEngineScenario(inputsWhatIf), heatmapParams(DEFAULT_HEATMAP_CONFIG).params!);

  it('every cell is computeReport’s scenario P&L for the cell’s shock (other dimensions from the what-if)', () => {
    const grid = buildHeatmapGrid(result.spotVol!, { spotPct: -10, rowValue: 5 }, result.indexUsd.BTC!);
    for (const cell of grid.cells.flat().filter((_, i) => i % 7 === 0)) {
      const direct = computeReport(book, market, {
        spot: { BTC: cell.spotPct / 100, ETH: 0.04 },
        vol: cell.rowValue / 100,
        days: 3,
      }).scenario!;
      expect(cell.pnlUsd).toBeCloseTo(direct.pnlUsd, 6);
      expect(cell.greeks!.deltaUsd).toBeCloseTo(direct.byUnderlyingAfter.BTC!.deltaUsd, 6);
      expect(cell.greeks!.theta).toBeCloseTo(direct.byUnderlyingAfter.BTC!.theta, 6);
    }
    const days = buildHeatmapGrid(result.spotDays!, { spotPct: -10, rowValue: 3 }, result.indexUsd.BTC!);
    const cell = days.cells.flat().find((c) => c.spotPct === 20 && c.rowValue === 14)!;
    expect(cell.pnlUsd).toBeCloseTo(
      computeReport(book, market, { spot: { BTC: 0.2, ETH: 0.04 }, vol: 0.05, days: 14 }).scenario!.pnlUsd,
      6,
    );
  });

  it('the what-if’s own cell equals the what-if scenario P&L and is highlighted', () => {
    const grid = buildHeatmapGrid(result.spotVol!, { spotPct: -10, rowValue: 5 }, result.indexUsd.BTC!);
    const current = grid.cells.flat().filter((c) => c.isCurrent);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ spotPct: -10, rowValue: 5 });
    expect(current[0]!.pnlUsd).toBeCloseTo(computeReport(book, market, toEngineScenario(inputsWhatIf)).scenario!.pnlUsd, 6);
    expect(grid.cells.flat().some((c) => c.isNearCurrent)).toBe(false);
  });

  it('a what-if between grid points marks the nearest cell; outside the grid marks none', () => {
    const near = buildHeatmapGrid(result.spotVol!, { spotPct: -11.5, rowValue: 6 }, null);
    expect(
      near.cells
        .flat()
        .filter((c) => c.isNearCurrent)
        .map((c) => [c.spotPct, c.rowValue]),
    ).toEqual([[-10, 5]]);
    expect(near.cells.flat().some((c) => c.isCurrent)).toBe(false);
    const outside = buildHeatmapGrid(result.spotVol!, { spotPct: -45, rowValue: 0 }, null);
    expect(outside.cells.flat().some((c) => c.isCurrent || c.isNearCurrent)).toBe(false);
  });

  it('marks exactly one worst cell (the minimum), colours on a zero-centred scale, vol rows top-down from high', () => {
    const grid = buildHeatmapGrid(result.spotVol!, { spotPct: null, rowValue: 0 }, result.indexUsd.BTC!);
    const flat = grid.cells.flat();
    const worst = flat.filter((c) => c.isWorst);
    expect(worst).toHaveLength(1);
    expect(worst[0]!.pnlUsd).toBe(Math.min(...flat.map((c) => c.pnlUsd)));
    expect(grid.worst).toBe(worst[0]);
    expect(grid.maxAbsUsd).toBe(Math.max(...flat.map((c) => Math.abs(c.pnlUsd))));
    expect(grid.rows.map((r) => r.value)).toEqual([20, 15, 10, 5, 0, -5, -10, -15, -20]);
    expect(grid.columns[0]).toMatchObject({ spotPct: -30, label: '\u221230 %' });
    expect(grid.columns[0]!.spotUsd).toBeCloseTo(result.indexUsd.BTC! * 0.7, 6);
    const loss = flat.find((c) => c.pnlUsd < 0)!;
    const gain = flat.find((c) => c.pnlUsd > 0)!;
    expect(loss.colour.background).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    expect(gain.colour.background).not.toBe(loss.colour.background);
    const biggest = flat.reduce((a, b) => (Math.abs(b.pnlUsd) > Math.abs(a.pnlUsd) ? b : a));
    expect(biggest.colour.intensity).toBe(1);
    expect(worst[0]!.text).toMatch(/^\u2212[\d.]+k$/);
    const days = buildHeatmapGrid(result.spotDays!, { spotPct: null, rowValue: 0 }, null);
    expect(days.rows.map((r) => r.label)).toEqual(['0 d', '1 d', '3 d', '7 d', '14 d', '30 d']);
  });

  it('a click sets the target’s spot (every underlying for ALL) and the row’s vol or days', () => {
    const base: ScenarioInputs = { spotPct: { BTC: 1, ETH: 2 }, volPts: 3, days: 4 };
    expect(scenarioForCell(base, 'BTC', ['BTC', 'ETH'], 'vol', -15, 10)).toEqual({ spotPct: { BTC: -15, ETH: 2 }, volPts: 10, days: 4 });
    expect(scenarioForCell(base, 'ETH', ['BTC', 'ETH'], 'days', 5, 7)).toEqual({ spotPct: { BTC: 1, ETH: 5 }, volPts: 3, days: 7 });
    expect(scenarioForCell(base, 'ALL', ['BTC', 'ETH'], 'vol', -20, -5)).toEqual({ spotPct: { BTC: -20, ETH: -20 }, volPts: -5, days: 4 });
  });

  it('the what-if’s spot coordinate: the target’s move, or the common move for ALL', () => {
    const s: ScenarioInputs = { spotPct: { BTC: -5 }, volPts: 0, days: 0 };
    expect(currentSpotPct(s, 'BTC', ['BTC', 'ETH'])).toBe(-5);
    expect(currentSpotPct(s, 'ETH', ['BTC', 'ETH'])).toBe(0);
    expect(currentSpotPct(s, 'ALL', ['BTC', 'ETH'])).toBeNull();
    expect(currentSpotPct({ ...s, spotPct: { BTC: -5, ETH: -5 } }, 'ALL', ['BTC', 'ETH'])).toBe(-5);
  });

  it('describes a cell and lists the tooltip Greeks (no coin delta for ALL)', () => {
    const grid = buildHeatmapGrid(result.spotVol!, { spotPct: null, rowValue: 0 }, 80_000);
    const cell = grid.cells.flat().find((c) => c.spotPct === -10 && c.rowValue === 5)!;
    expect(describeCell('BTC', cell, 'vol', { volPts: 0, days: 3 }, 80_000)).toBe('BTC \u221210 % (72,000), vol +5 pts, +3 d');
    expect(greekLines(cell.greeks, 'BTC').map((l) => `${l.label} ${l.unit}`)).toEqual([
      'Delta coin',
      'Delta USD',
      'Gamma USD / 1 %',
      'Vega USD / pt',
      'Theta USD / day',
    ]);
    expect(greekLines(cell.greeks, 'ALL')).toHaveLength(4);
  });
});
