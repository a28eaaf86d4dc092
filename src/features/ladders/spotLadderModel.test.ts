import { describe, expect, it } from 'vitest';
import { computeReport } from '../../engine/index.ts';
import { viewsApi } from '../../worker/api/viewsApi.ts';
import { defaultViewInputs } from '../heatmap/testData.ts';
import { DEFAULT_SPOT_LADDER, buildSpotLadder, spotLadderParams } from './spotLadderModel.ts';

describe('spot ladder view-model', () => {
  const { market, book, inputs } = defaultViewInputs('spot-ladder-model');

  it('the default request is −50 … +50 % by 5; bad ranges are refused', () => {
    const { params } = spotLadderParams(DEFAULT_SPOT_LADDER);
    expect(params!.movesPct).toHaveLength(21);
    expect(params!.movesPct[0]).toBe(-50);
    expect(spotLadderParams({ ...DEFAULT_SPOT_LADDER, range: { from: -100, to: 0, step: 10 } }).errors[0]).toContain('above −100');
  });

  it('rows are computeReport’s P&L and Greeks after each move; the what-if row is marked', () => {
    const whatIf = { spot: { BTC: -0.1, ETH: 0.05 }, vol: 0.02, days: 1 };
    const result = viewsApi.spotLadderView(inputs, whatIf, spotLadderParams({ ...DEFAULT_SPOT_LADDER, target: 'ETH' }).params!);
    const rows = buildSpotLadder(result.rows, 5);
    expect(rows.filter((r) => r.isCurrent).map((r) => r.movePct)).toEqual([5]);
    expect(rows.find((r) => r.isZero)!.label).toBe('0 %');
    for (const r of [rows[0]!, rows[8]!, rows[20]!]) {
      const direct = computeReport(book, market, { spot: { BTC: -0.1, ETH: r.movePct / 100 }, vol: 0.02, days: 1 }).scenario!;
      expect(r.pnlUsd).toBeCloseTo(direct.pnlUsd, 6);
      expect(r.delta!).toBeCloseTo(direct.byUnderlyingAfter.ETH!.delta, 8);
      expect(r.gammaUsd1pct).toBeCloseTo(direct.byUnderlyingAfter.ETH!.gammaUsd1pct, 6);
      expect(r.spotUsd!).toBeCloseTo(market.underlyings.ETH!.index * (1 + r.movePct / 100), 6);
    }
    // Between rows: the nearest; outside the range: none.
    expect(
      buildSpotLadder(result.rows, 7)
        .filter((r) => r.isCurrent)
        .map((r) => r.movePct),
    ).toEqual([5]);
    expect(buildSpotLadder(result.rows, -60).some((r) => r.isCurrent)).toBe(false);
    expect(buildSpotLadder(result.rows, null).some((r) => r.isCurrent)).toBe(false);
  });
});
