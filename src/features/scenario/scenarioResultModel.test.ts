import { describe, expect, it } from 'vitest';
import { computeReport } from '../../engine/index.ts';
import { TEST_BOOK, TEST_MARKET } from '../../state/testing/fixtures.ts';
import { buildScenarioResult } from './scenarioResultModel.ts';

describe('scenario result model', () => {
  it('per underlying P&L and delta after the shock, straight from the engine', () => {
    const report = computeReport(TEST_BOOK, TEST_MARKET, { spot: { BTC: -0.1 }, vol: 0.05 });
    const m = buildScenarioResult(report)!;
    const btc = m.rows.find((r) => r.underlying === 'BTC')!;
    expect(btc.pnlUsd).toBe(report.scenario!.pnlByUnderlyingUsd.BTC);
    expect(btc.deltaAfter).toBe(report.scenario!.byUnderlyingAfter.BTC!.delta);
    expect(btc.deltaChange).toBeCloseTo(btc.deltaAfter - report.byUnderlying.BTC!.delta, 12);
    expect(m.rows.map((r) => r.underlying)).not.toContain('USDC');
    expect(m.rows.reduce((s, r) => s + r.pnlUsd, 0) + m.otherPnlUsd).toBeCloseTo(m.pnlUsd, 6);
  });

  it('no report or no scenario: nothing', () => {
    expect(buildScenarioResult(null)).toBeNull();
    expect(buildScenarioResult(computeReport(TEST_BOOK, TEST_MARKET))).toBeNull();
  });
});
