import { describe, expect, it } from 'vitest';
import type { HedgePathResult, PolicySummary } from '../../engine/index.ts';
import {
  chartPoints,
  compactUsd,
  defaultPolicies,
  nextPolicyId,
  policyColor,
  policyLabel,
  summaryRows,
  toEnginePolicies,
  windowLabel,
  type PolicyInput,
} from './simulationModel.ts';

describe('policies', () => {
  it('defaults: daily, weekly and a band worth about USD 100k of delta', () => {
    const p = defaultPolicies(78_000);
    expect(p.map((x) => [x.kind, x.everyDays, x.bandCoin, x.costBps])).toEqual([
      ['interval', 1, 1, 5],
      ['interval', 7, 1, 5],
      ['band', 1, 1, 5],
    ]);
    expect(defaultPolicies(2_500)[2]!.bandCoin).toBe(20);
  });

  it('labels read like a trader says them', () => {
    expect(policyLabel({ id: 'a', kind: 'interval', everyDays: 7, bandCoin: 1, costBps: 5 }, 'BTC')).toBe('Every 7 d · 5 bp');
    expect(policyLabel({ id: 'a', kind: 'band', everyDays: 1, bandCoin: 0.25, costBps: 2.5 }, 'ETH')).toBe('Band ±0.25 ETH · 2.5 bp');
  });

  it('engine policies carry unique names and only their own parameter', () => {
    const inputs: PolicyInput[] = [
      { id: 'a', kind: 'band', everyDays: 3, bandCoin: 1, costBps: 5 },
      { id: 'b', kind: 'band', everyDays: 1, bandCoin: 1, costBps: 5 },
      { id: 'c', kind: 'interval', everyDays: 2, bandCoin: 9, costBps: 0 },
    ];
    const r = toEnginePolicies(inputs, 'BTC');
    if (!r.ok) throw new Error(r.error);
    expect(r.policies).toEqual([
      { name: 'Band ±1 BTC · 5 bp', kind: 'band', bandCoin: 1, costBps: 5 },
      { name: 'Band ±1 BTC · 5 bp #2', kind: 'band', bandCoin: 1, costBps: 5 },
      { name: 'Every 2 d · 0 bp', kind: 'interval', everyDays: 2, costBps: 0 },
    ]);
  });

  it('refuses unusable policies with the policy number', () => {
    const p: PolicyInput = { id: 'a', kind: 'interval', everyDays: 1, bandCoin: 1, costBps: 5 };
    expect(toEnginePolicies([], 'BTC')).toEqual({ ok: false, error: 'Add at least one policy.' });
    expect(toEnginePolicies([p, { ...p, everyDays: 1.5 }], 'BTC')).toEqual({
      ok: false,
      error: 'Policy 2: the interval must be a whole number of days ≥ 1.',
    });
    expect(toEnginePolicies([{ ...p, costBps: -1 }], 'BTC')).toEqual({ ok: false, error: 'Policy 1: the cost must be ≥ 0 bp.' });
    expect(toEnginePolicies([{ ...p, kind: 'band', bandCoin: -0.1 }], 'ETH')).toEqual({
      ok: false,
      error: 'Policy 1: the band must be ≥ 0 ETH.',
    });
  });

  it('new ids never collide', () => {
    expect(nextPolicyId([{ id: 'p1' }, { id: 'p3' }] as PolicyInput[])).toBe('p4');
    expect(nextPolicyId([{ id: 'p3' }, { id: 'p2' }] as PolicyInput[])).toBe('p4');
  });
});

const summary = (policy: string, stdHedged: number): PolicySummary => ({
  policy,
  paths: 10,
  meanHedgedPnlUsd: -1,
  stdHedgedPnlUsd: stdHedged,
  meanUnhedgedPnlUsd: 0,
  stdUnhedgedPnlUsd: 200,
  meanCostUsd: 5,
  meanTrades: 3,
  meanResidualRiskUsd: 2,
});

describe('results', () => {
  it('summary rows: ratio to unhedged, the least dispersed policy marked, colours by index', () => {
    const rows = summaryRows([summary('a', 100), summary('b', 50)]);
    expect(rows.map((r) => [r.stdRatio, r.best, r.color])).toEqual([
      [0.5, false, policyColor(0)],
      [0.25, true, policyColor(1)],
    ]);
    expect(summaryRows([summary('a', 100)])[0]!.best).toBe(false);
  });

  it('chart points align days, dates, unhedged and each policy', () => {
    const path = (h: number[], c: number[]): HedgePathResult => ({
      policy: 'x',
      spotUsd: [],
      unhedgedPnlUsd: [0, 10, 20],
      hedgedPnlUsd: h,
      hedgeCoins: [],
      costUsd: c,
      trades: 1,
      totalCostUsd: 0,
      residualRiskUsd: 0,
    });
    const pts = chartPoints([path([0, 1, 2], [1, 1, 2]), path([0, 3, 4], [0, 0, 1])], ['2024-12-29', '2024-12-30', '2024-12-31']);
    expect(pts[2]).toEqual({ day: 2, date: '2024-12-31', u: 20, h0: 2, c0: 2, h1: 4, c1: 1 });
    expect(chartPoints([], [])).toEqual([]);
  });

  it('labels and compact ticks', () => {
    expect(windowLabel(['2024-12-01', '2024-12-02', '2024-12-31'])).toBe('2024-12-01 → 2024-12-31 (2 d)');
    expect([0, 950, -12_345, 2_500_000].map(compactUsd)).toEqual(['0', '950', '\u221212.3k', '2.5M']);
  });
});
