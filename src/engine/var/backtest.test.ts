import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook } from '../resolve.ts';
import { compileBook } from '../risk/compiledBook.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import { christoffersen, kupiecPof, trafficLight, transitionCounts } from './backtest.ts';
import { backtestReportJson, runBacktest, runBacktestDays, summarizeBacktest, type VarHistory } from './index.ts';

describe('Kupiec POF', () => {
  it('T = 250, x = 8 at 99 %: the closed form, LR = 7.7336, p = 0.0054 (rejected)', () => {
    const T = 250;
    const x = 8;
    const p = 0.01;
    const closed = -2 * ((T - x) * Math.log(1 - p) + x * Math.log(p)) + 2 * ((T - x) * Math.log(1 - x / T) + x * Math.log(x / T));
    const r = kupiecPof(x, T, 0.99);
    expect(r.statistic).toBeCloseTo(closed, 12);
    expect(r.statistic).toBeCloseTo(7.7335507244945205, 10); // scipy/mpmath
    expect(r.pValue).toBeCloseTo(0.0054204051941277994, 12);
    expect(r.reject5pct).toBe(true);
  });

  it('non-rejection region at T = 250, 99 %: 1 ≤ x ≤ 6 (two-sided: zero exceptions is also rejected)', () => {
    expect(kupiecPof(0, 250, 0.99).statistic).toBeCloseTo(-2 * 250 * Math.log(0.99), 12); // 5.0252
    expect(kupiecPof(0, 250, 0.99).pValue).toBeCloseTo(0.02498150305344973, 12);
    const rejected = Array.from({ length: 12 }, (_, x) => kupiecPof(x, 250, 0.99).reject5pct);
    expect(rejected).toEqual([true, false, false, false, false, false, false, true, true, true, true, true]);
    expect(kupiecPof(6, 250, 0.99).statistic).toBeCloseTo(3.5553547710617437, 12);
    expect(kupiecPof(7, 250, 0.99).statistic).toBeCloseTo(5.496990447792683, 12);
  });
});

describe('Christoffersen', () => {
  // A hand-made sequence: 20 days, 7 exceptions, clustered.
  const hits = [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0];

  it('counts transitions by hand: n00 = 10, n01 = 3, n10 = 3, n11 = 3', () => {
    expect(transitionCounts(hits)).toEqual({ n00: 10, n01: 3, n10: 3, n11: 3 });
  });

  it('independence and conditional coverage LRs (hand computation / scipy)', () => {
    const r = christoffersen(hits, 0.95);
    expect(r.pi0).toBeCloseTo(3 / 13, 15);
    expect(r.pi1).toBeCloseTo(0.5, 15);
    expect(r.pi).toBeCloseTo(6 / 19, 15);
    const L = (n: number, q: number) => (n === 0 ? 0 : n * Math.log(q));
    const byHand = -2 * (L(13, 13 / 19) + L(6, 6 / 19)) + 2 * (L(10, 10 / 13) + L(3, 3 / 13) + L(3, 0.5) + L(3, 0.5));
    expect(r.independence.statistic).toBeCloseTo(byHand, 12);
    expect(r.independence.statistic).toBeCloseTo(1.3358104147583951, 12);
    expect(r.independence.pValue).toBeCloseTo(0.2477741635278911, 12);
    expect(r.conditionalCoverage.statistic).toBeCloseTo(12.950427443303553 + 1.3358104147583951, 10);
    expect(r.conditionalCoverage.pValue).toBeCloseTo(0.0007902834107674045, 12);
    expect(r.conditionalCoverage.dof).toBe(2);
    expect(r.conditionalCoverage.reject5pct).toBe(true);
  });

  it('no exceptions, or no exception followed by anything: zero-count terms vanish', () => {
    const none = christoffersen(new Array(250).fill(0), 0.99);
    expect(none.independence.statistic).toBe(0);
    const last = christoffersen([...new Array(249).fill(0), 1], 0.99);
    expect(Number.isFinite(last.independence.statistic)).toBe(true);
  });
});

describe('Basel traffic light', () => {
  it('250 observations at 99 %: green 0–4, yellow 5–9, red ≥ 10', () => {
    for (let x = 0; x <= 12; x++) {
      const t = trafficLight(x, 250, 0.99);
      expect(t.zone).toBe(x <= 4 ? 'green' : x <= 9 ? 'yellow' : 'red');
      expect(t.greenMax).toBe(4);
      expect(t.yellowMax).toBe(9);
    }
    expect(trafficLight(5, 250, 0.99).plusFactor).toBe(0.4);
    expect(trafficLight(9, 250, 0.99).plusFactor).toBe(0.85);
    expect(trafficLight(12, 250, 0.99).plusFactor).toBe(1);
    expect(trafficLight(4, 250, 0.99).cumulativeProbability).toBeCloseTo(0.8921876269036251, 12);
  });

  it('other sizes and levels from the binomial bounds (95 %, 99.99 %)', () => {
    // 500 observations at 99 %: P(X ≤ 8) = 0.932, P(X ≤ 9) = 0.968 → green 0–8; P(X ≤ 14) = 0.99988, P(X ≤ 15) = 0.99996 → red ≥ 15.
    const t = trafficLight(0, 500, 0.99);
    expect(t.greenMax).toBe(8);
    expect(t.yellowMax).toBe(14);
    expect(trafficLight(0, 250, 0.975).greenMax).toBe(10); // P(X ≤ 10) = 0.9404, P(X ≤ 11) = 0.9673
    expect(trafficLight(0, 250, 0.99).plusFactor).toBe(0);
    expect(trafficLight(0, 500, 0.99).plusFactor).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// runBacktest on the bundled history, against an independent rolling loop.

function readSeries(file: string): { dates: string[]; values: number[] } {
  const rows = readFileSync(new URL(`../../../public/data/history/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(','));
  return { dates: rows.map((r) => r[0]!), values: rows.map((r) => Number(r[1])) };
}
const BTC = readSeries('btc-usd-daily.csv');
const ETH = readSeries('eth-usd-daily.csv');
const HISTORY: VarHistory = {
  prices: { BTC, ETH },
  dvol: { BTC: readSeries('dvol-btc-daily.csv'), ETH: readSeries('dvol-eth-daily.csv') },
};

const market = buildMarketModel(TEST_MARKET);
const linear = compileBook(resolveBook(book(pos('BTC', 2), pos('ETH_USDC-PERPETUAL', -30)), market), market);

/** Linear book P&L per day over the last n common days, from the closes. */
function linearPnl(n: number): { dates: string[]; pnl: number[]; r: number[][] } {
  const eth = new Map(ETH.dates.map((d, i) => [d, ETH.values[i]!]));
  const common = BTC.dates.map((d, i) => [d, BTC.values[i]!] as const).filter(([d]) => eth.has(d));
  const tail = common.slice(common.length - n - 1);
  const dates = tail.slice(1).map(([d]) => d);
  const rb = tail.slice(1).map(([, c], i) => c / tail[i]![1] - 1);
  const re = tail.slice(1).map(([d], i) => eth.get(d)! / eth.get(tail[i]![0])! - 1);
  return { dates, pnl: rb.map((x, i) => 2 * 60_000 * x - 30 * 3_000 * re[i]!), r: [rb, re] };
}

describe('runBacktest', () => {
  it("historical: VaR from the window ending the day before, against that day's P&L", () => {
    const W = 365;
    const T = 250;
    const { dates, pnl } = linearPnl(W + T);
    const res = runBacktest(linear, HISTORY, { method: 'historical' });
    if (!res.ok) throw new Error(res.error);
    const r = res.report;
    expect(r.observations).toBe(250);
    expect(r.days[249]!.date).toBe('2024-12-31');
    let exceptions = 0;
    for (let i = 0; i < T; i++) {
      const win = pnl
        .slice(i, i + W)
        .map((x) => -x)
        .sort((a, b) => b - a);
      const k = Math.ceil(W * 0.01 - 1e-9);
      const v = win[k - 1]!;
      const day = r.days[i]!;
      expect(day.date).toBe(dates[W + i]);
      expect(day.varUsd).toBeCloseTo(v, 6);
      expect(day.pnlUsd).toBeCloseTo(pnl[W + i]!, 6);
      if (-pnl[W + i]! > v) exceptions++;
    }
    expect(r.exceptions).toBe(exceptions);
    expect(r.exceptionDays).toHaveLength(exceptions);
    expect(r.trafficLight.zone).toBe(exceptions <= 4 ? 'green' : exceptions <= 9 ? 'yellow' : 'red');
    expect(r.kupiec.statistic).toBeCloseTo(kupiecPof(exceptions, 250, 0.99).statistic, 12);
    const json = backtestReportJson(r);
    expect(json).toMatchObject({ observations: 250, exceptions });
  });

  it('parametric: rolling zero-mean covariance', () => {
    const W = 100;
    const T = 260;
    const { r } = linearPnl(W + T);
    const res = runBacktest(linear, HISTORY, { method: 'parametric', window: W, days: T, confidence: 0.975 });
    if (!res.ok) throw new Error(res.error);
    expect(res.report.observations).toBe(260);
    for (const i of [0, 77, 259]) {
      const cov = (a: number, b: number) => r[a]!.slice(i, i + W).reduce((s, x, t) => s + x * r[b]![i + t]!, 0) / W;
      const sigma = Math.sqrt(120_000 ** 2 * cov(0, 0) - 2 * 120_000 * 90_000 * cov(0, 1) + 90_000 ** 2 * cov(1, 1));
      expect(res.report.days[i]!.varUsd / (1.959963984540054 * sigma)).toBeCloseTo(1, 12);
    }
  });

  it('filtered HS re-filters every window', () => {
    const res = runBacktest(linear, HISTORY, { method: 'historical', filtered: true, window: 60, days: 250 });
    if (!res.ok) throw new Error(res.error);
    expect(res.report.filtered).toBe(true);
    const plain = runBacktest(linear, HISTORY, { method: 'historical', window: 60, days: 250 });
    if (!plain.ok) throw new Error(plain.error);
    expect(res.report.days.map((d) => d.pnlUsd)).toEqual(plain.report.days.map((d) => d.pnlUsd));
    expect(res.report.days[100]!.varUsd).not.toBeCloseTo(plain.report.days[100]!.varUsd, 0);
  });

  it('errors: short history, Monte Carlo, missing underlying', () => {
    expect(runBacktest(linear, HISTORY, { method: 'historical', window: 3_000 }).ok).toBe(false);
    expect(runBacktest(linear, HISTORY, { method: 'montecarlo' } as never).ok).toBe(false);
    const r = runBacktest(linear, { prices: { BTC } }, { method: 'historical' });
    expect(!r.ok && r.error).toMatch(/no price history for ETH/);
  });

  it('fewer than 250 days is allowed with a warning', () => {
    const r = runBacktest(linear, HISTORY, { method: 'historical', days: 100 });
    expect(r.ok && r.report.warnings.join()).toMatch(/calibrated for at least 250/);
  });

  it('split into parts (for a worker pool) equals the one-call backtest', () => {
    const params = { method: 'historical' as const, filtered: true, window: 50, days: 250 };
    const whole = runBacktest(linear, HISTORY, params);
    if (!whole.ok) throw new Error(whole.error);
    const parts = [
      [0, 100],
      [100, 101],
      [101, 250],
    ].map(([a, b]) => {
      const p = runBacktestDays(linear, HISTORY, params, a, b);
      if (!p.ok) throw new Error(p.error);
      return p.value.days;
    });
    const merged = summarizeBacktest(params, parts.flat(), 'spot-only');
    expect(merged.days).toEqual(whole.report.days);
    expect(merged.kupiec).toEqual(whole.report.kupiec);
    expect(merged.christoffersen).toEqual(whole.report.christoffersen);
    expect(runBacktestDays(linear, HISTORY, params, 200, 251).ok).toBe(false);
  });
});
