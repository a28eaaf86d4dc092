import { describe, expect, it } from 'vitest';
import { computeReport, type LadderMeasure } from '../../engine/index.ts';
import { viewsApi } from '../../worker/api/viewsApi.ts';
import { defaultViewInputs } from '../heatmap/testData.ts';
import { LADDER_MEASURE_IDS, bucketFilterLabel, buildLadderTable, columnOf, measureSpec } from './greekLadderModel.ts';

describe('Greek ladder view-model', () => {
  const { market, book, inputs } = defaultViewInputs('ladder-model');
  const whatIf = { spot: { BTC: -0.05 }, vol: 0.03, days: 2 };
  const result = viewsApi.greekLadderView(inputs, whatIf, { underlying: 'BTC', strikeBucketUsd: null });
  const agg = computeReport(book, market, whatIf).scenario!.byUnderlyingAfter.BTC!;

  it('for every measure: cells add up to row and column totals, and the total is the aggregate Greek', () => {
    for (const m of LADDER_MEASURE_IDS) {
      const t = buildLadderTable(result.ladder!, m);
      expect(t.total.value, m).toBeCloseTo(agg[m as LadderMeasure], 8);
      const cellSum = t.rows.flatMap((r) => r.cells).reduce((s, c) => s + (c.value ?? 0), 0);
      expect(cellSum).toBeCloseTo(t.total.value, 8);
      expect(t.rows.reduce((s, r) => s + r.total.value, 0)).toBeCloseTo(t.total.value, 8);
      expect(t.colTotals.reduce((s, c) => s + c.value, 0)).toBeCloseTo(t.total.value, 8);
      for (const r of t.rows) expect(r.cells.reduce((s, c) => s + (c.value ?? 0), 0)).toBeCloseTo(r.total.value, 8);
    }
  });

  it('buckets hold their positions; totals hold the union; every priced BTC position appears once', () => {
    const t = buildLadderTable(result.ladder!, 'delta');
    const btcIds = computeReport(book, market)
      .positions.filter((p) => p.underlying === 'BTC')
      .map((p) => p.id);
    expect([...t.total.ids].sort()).toEqual([...btcIds].sort());
    const sep = t.rows.find((r) => r.key === '25SEP26')!;
    expect(sep.total.ids).toHaveLength(3); // 90000-C, 68000-P and the linear BTC_USDC 80000-C
    const byInstrument = new Map(book.positions.map((p) => [p.id, p.instrument]));
    expect(sep.total.ids.map((id) => byInstrument.get(id)).every((i) => i?.includes('25SEP26'))).toBe(true);
  });

  it('heat colours scale by the largest |cell|; empty buckets are blank', () => {
    const t = buildLadderTable(result.ladder!, 'vega');
    const cells = t.rows.flatMap((r) => r.cells);
    expect(t.maxAbs).toBe(Math.max(...cells.map((c) => Math.abs(c.value ?? 0))));
    expect(cells.some((c) => c.colour.intensity === 1)).toBe(true);
    const empty = cells.find((c) => c.value === null)!;
    expect(empty).toMatchObject({ text: '', ids: [] });
  });

  it('labels columns, formats by measure, names the filter', () => {
    expect(columnOf('90000', 5000)).toEqual({ key: '90000', label: '90,000', range: '90,000 – 95,000' });
    expect(columnOf('delta-one', 5000)).toEqual({ key: 'delta-one', label: 'Delta-one', range: null });
    expect(measureSpec('gamma').format(-0.000476)).toBe('\u22120.000476');
    expect(measureSpec('deltaUsd').format(341_378.4)).toBe('341,378');
    expect(bucketFilterLabel('BTC', '25SEP26', columnOf('90000', 5000))).toBe('Greek ladder: BTC · 25SEP26 · strikes 90,000 – 95,000');
    expect(bucketFilterLabel('ETH', 'perpetual / spot', null)).toBe('Greek ladder: ETH · Perpetual / spot');
    expect(bucketFilterLabel('ETH', null, columnOf('delta-one', 100))).toBe('Greek ladder: ETH · delta-one');
  });
});
