import { describe, expect, it } from 'vitest';
import { normCdf, normInv, normPdf, QuadraticFormDistribution } from '../../engine/index.ts';
import type { BacktestReport, ComponentVar } from '../../engine/index.ts';
import {
  DEFAULT_VAR_SETTINGS,
  ZONE_COLOURS,
  backtestMethodOf,
  backtestRows,
  compactUsd,
  componentsModel,
  confidenceLabel,
  densityDisplayCap,
  exactDensity,
  histogramRows,
  methodLabel,
  monthLabel,
  monthTicks,
  normalizeSettings,
  ordinal,
  parametricDensity,
  pathsPerSecondLabel,
  progressFraction,
  progressLabel,
  clippedLabel,
  quantileMethodLabel,
  sumCheck,
  testRows,
  toBacktestParams,
  toVarParams,
  volModelLabel,
  zoneBoundsLabel,
  zoneColour,
  type VarSettings,
} from './varModel.ts';

const URL_ = 'http://127.0.0.1/data/history/';
const S = (patch: Partial<VarSettings> = {}): VarSettings => ({ ...DEFAULT_VAR_SETTINGS, ...patch });

describe('settings → engine parameters', () => {
  it('maps each method choice to the engine’s method and options', () => {
    expect(toVarParams(S(), URL_)).toEqual({
      historyUrl: URL_,
      method: 'historical',
      filtered: false,
      volFromDvol: false,
      confidence: 0.99,
      horizonDays: 1,
      window: 365,
      overlapping: false,
      histogramBins: 50,
    });
    expect(toVarParams(S({ method: 'filtered', volFromDvol: true }), URL_)).toMatchObject({
      method: 'historical',
      filtered: true,
      volFromDvol: true,
    });
    expect(toVarParams(S({ method: 'delta-gamma' }), URL_)).toMatchObject({ method: 'parametric', deltaGamma: true });
    expect(toVarParams(S({ method: 'delta-normal' }), URL_)).not.toHaveProperty('volFromDvol');
    expect(toVarParams(S({ method: 'mc-normal', paths: 5000, seed: 3 }), URL_)).toMatchObject({
      method: 'montecarlo',
      paths: 5000,
      seed: 3,
      distribution: 'normal',
    });
    expect(toVarParams(S({ method: 'mc-normal' }), URL_)).not.toHaveProperty('dof');
    expect(toVarParams(S({ method: 'mc-student-t', dof: 5 }), URL_)).toMatchObject({ distribution: 'student-t', dof: 5 });
  });

  it('overlapping returns only for h > 1 and never for filtered HS (the engine refuses that pair)', () => {
    expect(toVarParams(S({ overlapping: true }), URL_).overlapping).toBe(false);
    expect(toVarParams(S({ overlapping: true, horizonDays: 5 }), URL_).overlapping).toBe(true);
    expect(toVarParams(S({ overlapping: true, horizonDays: 5, method: 'filtered' }), URL_).overlapping).toBe(false);
  });

  it('clamps typed values into the panel’s ranges', () => {
    const n = normalizeSettings(
      S({ confidencePct: 99.99, horizonDays: 12.6, window: 5, paths: 5e7, dof: 1, workers: 9, backtestDays: 20, seed: 2.4 }),
      4,
    );
    expect(n).toMatchObject({
      confidencePct: 99.9,
      horizonDays: 10,
      window: 30,
      paths: 2_000_000,
      dof: 2.1,
      workers: 4,
      backtestDays: 100,
      seed: 2,
    });
    expect(normalizeSettings(S({ confidencePct: NaN, workers: 0 }), 1)).toMatchObject({ confidencePct: 99, workers: 1 });
    // Negative seeds are seeds of their own (the engine maps the sign into the generator's state): kept as typed.
    expect(normalizeSettings(S({ seed: -7 }), 1).seed).toBe(-7);
    expect(toVarParams(normalizeSettings(S({ method: 'mc-normal', seed: -7 }), 1), URL_)).toMatchObject({ seed: -7 });
    expect(normalizeSettings(S({ seed: -1e300 }), 1).seed).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('the backtest follows the VaR method, Monte Carlo by historical simulation, unless chosen', () => {
    expect(backtestMethodOf(S({ method: 'delta-gamma' }))).toBe('delta-gamma');
    expect(backtestMethodOf(S({ method: 'mc-student-t' }))).toBe('historical');
    expect(backtestMethodOf(S({ method: 'mc-student-t', backtestMethod: 'filtered' }))).toBe('filtered');
    expect(toBacktestParams(S({ method: 'delta-normal', confidencePct: 97.5, backtestDays: 500 }), URL_)).toEqual({
      historyUrl: URL_,
      method: 'parametric',
      deltaGamma: false,
      confidence: 0.975,
      window: 365,
      days: 500,
    });
    expect(toBacktestParams(S({ method: 'filtered', volFromDvol: true }), URL_)).toMatchObject({
      method: 'historical',
      filtered: true,
      volFromDvol: true,
    });
  });
});

describe('P&L distribution', () => {
  it('histogram bins become rows with centres, shares and the tail beyond −VaR', () => {
    const rows = histogramRows({ edges: [-30, -20, -10, 0, 10], counts: [1, 2, 3, 4] }, 15);
    expect(rows.map((r) => r.mid)).toEqual([-25, -15, -5, 5]);
    expect(rows.map((r) => r.share)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(rows.map((r) => r.tail)).toEqual([true, true, false, false]); // −15 is a loss of exactly VaR: in the tail
    expect(rows[1]).toMatchObject({ lo: -20, hi: -10, count: 2 });
    expect(histogramRows(null, 1)).toEqual([]);
    expect(histogramRows({ edges: [], counts: [] }, 1)).toEqual([]);
  });

  it('the delta-normal density integrates to ~1 and puts 1 − c beyond VaR', () => {
    const sd = 1000;
    const varUsd = normInv(0.99) * sd;
    const pts = parametricDensity({ meanUsd: 0, sdUsd: sd, skew: 0, excessKurtosis: 0 }, varUsd, 801);
    let mass = 0;
    let tail = 0;
    for (let i = 1; i < pts.length; i++) {
      const dx = pts[i]!.pnl - pts[i - 1]!.pnl;
      mass += dx * pts[i]!.density;
      if (pts[i]!.tail) tail += dx * pts[i]!.density;
    }
    expect(mass).toBeCloseTo(normCdf(4) - normCdf(-4), 2);
    expect(tail).toBeCloseTo(0.01, 2);
    expect(pts[0]!.pnl).toBeCloseTo(-4 * sd, -2);
    expect(pts.at(-1)!.pnl).toBeCloseTo(4 * sd, -2);
  });

  it('a skewed (delta-gamma) density leans to the skew, stops where the expansion stops being a distribution', () => {
    const pts = parametricDensity({ meanUsd: 0, sdUsd: 1, skew: -0.8, excessKurtosis: 1 }, 2.5);
    const peak = pts.reduce((a, b) => (b.density > a.density ? b : a));
    expect(peak.pnl).toBeGreaterThan(0); // negative skew: long left tail, mode to the right
    expect(pts.every((p, i) => i === 0 || p.pnl > pts[i - 1]!.pnl)).toBe(true);
    expect(Math.max(...pts.map((p) => p.density))).toBeLessThan(4 * normPdf(0)); // no spike at a turning point
    expect(parametricDensity({ meanUsd: 0, sdUsd: 0, skew: 0, excessKurtosis: 0 }, 0)).toEqual([]);
  });
});

describe('delta-gamma quantile method', () => {
  const base = { method: 'parametric' as const, filtered: false, deltaGamma: true, distribution: null, dof: null };
  it('names the method that gave the quantile', () => {
    expect(methodLabel({ ...base, quantileMethod: 'cornish-fisher' })).toBe('Parametric delta-gamma (Cornish-Fisher)');
    expect(methodLabel({ ...base, quantileMethod: 'fourier-inversion' })).toBe('Parametric delta-gamma (exact distribution)');
    expect(methodLabel({ ...base, deltaGamma: false, quantileMethod: 'normal' })).toBe('Parametric delta-normal');
    expect(quantileMethodLabel('fourier-inversion')).toMatch(/exact quantile.*Fourier inversion/);
    expect(quantileMethodLabel('cornish-fisher')).toMatch(/Cornish-Fisher/);
    expect(quantileMethodLabel(null)).toBe('');
  });

  it('the exact density curve becomes chart points with the tail beyond VaR', () => {
    // ½·χ²(2) scaled: an exponential P&L, density e^{−x/m}/m on x ≥ 0 (a long-gamma book's gains).
    const d = new QuadraticFormDistribution([0, 0], [1e6, 1e6], Float64Array.of(0.0025, 0, 0, 0.0025), 2);
    const m = 1e6 * 0.0025;
    const pnlUsd = Float64Array.of(0.1 * m, m, 3 * m);
    const density = pnlUsd.map((x) => d.density(x));
    density.forEach((f, i) => expect(f * m).toBeCloseTo(Math.exp(-pnlUsd[i]! / m), 9));
    const varUsd = -d.quantile(0.01);
    const pts = exactDensity({ pnlUsd, density }, varUsd);
    expect(pts).toHaveLength(3);
    // The 1 % quantile is a small gain (≈ 0.01·m, so VaR < 0): every point lies above it, none in the tail.
    expect(pts.map((p) => p.tail)).toEqual([false, false, false]);
    expect(exactDensity({ pnlUsd: Float64Array.of(-5, 0), density: Float64Array.of(0.1, NaN) }, 4)).toEqual([
      { pnl: -5, density: 0.1, tail: true },
    ]);
  });

  it('a spike in the density is clipped for drawing; a smooth density is not', () => {
    const pts = (ds: number[]) => ds.map((density, i) => ({ pnl: i, density, tail: false }));
    const smooth = pts(Array.from({ length: 21 }, (_, i) => Math.exp(-((i - 10) ** 2) / 20)));
    expect(densityDisplayCap(smooth)).toBeNull();
    const spiky = pts([50, 9, 4, 3, 2.5, 2, 1.8, 1.6, 1.4, 1.2, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]);
    expect(densityDisplayCap(spiky)).toBeCloseTo(1.5 * 3, 12); // the 85th percentile of 20 values is the 17th smallest, 3
    expect(densityDisplayCap(pts([1, 2]))).toBeNull();
  });
});

describe('component VaR', () => {
  const comps: ComponentVar = {
    rule: 'scenario',
    byUnderlying: [
      { underlying: 'BTC', varUsd: 70, esUsd: 90 },
      { underlying: 'ETH', varUsd: 30, esUsd: 30 },
    ],
    byPosition: Array.from({ length: 15 }, (_, i) => ({
      positionId: `p${i}`,
      instrument: `I${i}`,
      underlying: 'BTC',
      varUsd: i === 0 ? -5 : (105 / 14) * 1,
      esUsd: 8,
    })),
    positionResidualVarUsd: 0,
    positionResidualEsUsd: 0,
  };

  it('per underlying: rows, shares, and the check that they add up to VaR and ES', () => {
    const m = componentsModel(comps, 100, 120);
    expect(m.byUnderlying.map((r) => [r.label, r.varUsd, r.shareOfVar])).toEqual([
      ['BTC', 70, 0.7],
      ['ETH', 30, 0.3],
    ]);
    expect(m.underlyingVarCheck).toEqual({ total: 100, sum: 100, difference: 0, ok: true });
    expect(m.underlyingEsCheck.ok).toBe(true);
    expect(componentsModel(comps, 101, 120).underlyingVarCheck.ok).toBe(false);
  });

  it('per position: the largest by |VaR| and one "other" row, the sum over all positions checked', () => {
    const m = componentsModel(comps, 100, 120, 5);
    expect(m.byPosition).toHaveLength(6);
    expect(m.byPosition!.at(-1)).toMatchObject({ key: 'other', label: '10 other positions' });
    const shown = m.byPosition!.reduce((s, r) => s + r.varUsd, 0);
    expect(shown).toBeCloseTo(100, 9);
    expect(m.positionVarCheck!.ok).toBe(true);
    expect(m.positionEsCheck!.ok).toBe(true);
    expect(m.positionCount).toBe(15);
    // Nothing hidden when one row would be "1 other position".
    expect(componentsModel(comps, 100, 120, 14).byPosition).toHaveLength(15);
    expect(componentsModel({ ...comps, byPosition: null }, 100, 120).byPosition).toBeNull();
  });

  it('rows of the same instrument are told apart by venue and label', () => {
    const c: ComponentVar = {
      ...comps,
      byPosition: [
        { positionId: 'a', instrument: 'BTC', underlying: 'BTC', varUsd: 60, esUsd: 70 },
        { positionId: 'b', instrument: 'BTC', underlying: 'BTC', varUsd: 30, esUsd: 40 },
        { positionId: 'c', instrument: 'ETH-PERPETUAL', underlying: 'ETH', varUsd: 10, esUsd: 10 },
      ],
    };
    const book = [
      { id: 'a', instrument: 'BTC', quantity: 1, entryPrice: null, venue: 'deribit', label: 'collateral' },
      { id: 'b', instrument: 'BTC', quantity: 1, entryPrice: null, venue: 'okx', label: '' },
    ];
    expect(componentsModel(c, 100, 120, 12, book).byPosition!.map((r) => r.label)).toEqual([
      'BTC · deribit collateral',
      'BTC · okx',
      'ETH-PERPETUAL',
    ]);
  });

  it('sumCheck tolerates rounding only', () => {
    expect(sumCheck(1e6, [5e5, 5e5 + 1e-4]).ok).toBe(true);
    expect(sumCheck(1e6, [5e5, 5e5 + 0.01]).ok).toBe(false);
    expect(sumCheck(0, []).ok).toBe(true);
  });
});

describe('backtest', () => {
  it('traffic-light colours are the desk’s green, amber and red', () => {
    expect(zoneColour('green')).toBe('#34c98b');
    expect(zoneColour('yellow')).toBe('#f2b84b');
    expect(zoneColour('red')).toBe('#ff6464');
    expect(Object.keys(ZONE_COLOURS)).toEqual(['green', 'yellow', 'red']);
  });

  const report = {
    trafficLight: { zone: 'yellow', greenMax: 4, yellowMax: 9, cumulativeProbability: 0.99, plusFactor: 0.65 },
    kupiec: { statistic: 5.5, pValue: 0.019, dof: 1, reject5pct: true },
    christoffersen: {
      counts: { n00: 236, n01: 6, n10: 6, n11: 1 },
      pi0: 0,
      pi1: 0,
      pi: 0,
      independence: { statistic: 1.8, pValue: 0.17, dof: 1, reject5pct: false },
      conditionalCoverage: { statistic: 7.3, pValue: 0.025, dof: 2, reject5pct: true },
    },
  } as unknown as BacktestReport;

  it('test rows carry statistic, p-value, χ² critical value and the verdict', () => {
    const rows = testRows(report);
    expect(rows.map((r) => [r.key, r.dof, r.reject])).toEqual([
      ['kupiec', 1, true],
      ['independence', 1, false],
      ['conditional-coverage', 2, true],
    ]);
    expect(rows[0]!.critical).toBeCloseTo(3.841, 3);
    expect(rows[2]!.critical).toBeCloseTo(5.991, 3);
  });

  it('zone bounds read as Basel’s table', () => {
    expect(zoneBoundsLabel(report)).toBe('0–4 green, 5–9 yellow, ≥ 10 red');
  });

  it('daily rows: −VaR as the threshold on the P&L axis, exception markers only on exception days', () => {
    const rows = backtestRows([
      { date: '2024-01-02', varUsd: 100, esUsd: 120, pnlUsd: -150, exception: true },
      { date: '2024-01-03', varUsd: 100, esUsd: 120, pnlUsd: 20, exception: false },
    ]);
    expect(rows).toEqual([
      { date: '2024-01-02', pnl: -150, threshold: -100, exception: true, exceptionPnl: -150 },
      { date: '2024-01-03', pnl: 20, threshold: -100, exception: false, exceptionPnl: null },
    ]);
  });

  it('month ticks: one per month start, thinned, never repeated', () => {
    const dates: string[] = [];
    for (let d = Date.UTC(2024, 0, 15); d <= Date.UTC(2024, 11, 31); d += 86_400_000) dates.push(new Date(d).toISOString().slice(0, 10));
    expect(monthTicks(dates, 12)).toEqual([
      '2024-02-01',
      '2024-03-01',
      '2024-04-01',
      '2024-05-01',
      '2024-06-01',
      '2024-07-01',
      '2024-08-01',
      '2024-09-01',
      '2024-10-01',
      '2024-11-01',
      '2024-12-01',
    ]);
    expect(monthTicks(dates, 4)).toEqual(['2024-02-01', '2024-05-01', '2024-08-01', '2024-11-01']);
    expect(monthLabel('2024-05-01')).toBe('May 24');
  });
});

describe('labels', () => {
  it('says whether scenarios are spot-only or DVOL-driven, and on how many days', () => {
    const base = { method: 'historical' as const, deltaGamma: false, observations: 365, dvolDays: 0, dvolDaysByUnderlying: {} };
    expect(volModelLabel({ ...base, volModel: 'spot-only' })).toBe('Spot-only: vols and time unchanged');
    expect(volModelLabel({ ...base, volModel: 'dvol', dvolDays: 300, dvolDaysByUnderlying: { BTC: 300, ETH: 280 } })).toBe(
      'DVOL-driven on 300 of 365 days (BTC 300, ETH 280); spot-only elsewhere',
    );
    expect(volModelLabel({ ...base, method: 'parametric', volModel: 'spot-only' })).toBe('Spot-only: deltas at today’s vols');
  });

  it('formats', () => {
    expect(compactUsd(45_300)).toBe('45.3k');
    expect(compactUsd(-1_250_000)).toBe('\u22121.25M');
    expect(compactUsd(253_000)).toBe('253k');
    expect(compactUsd(12)).toBe('12');
    expect(confidenceLabel(0.99)).toBe('99 %');
    expect(confidenceLabel(0.975)).toBe('97.5 %');
    expect(confidenceLabel(0.999)).toBe('99.9 %');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 100].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '100th',
    ]);
  });

  it('progress: preparing, simulating in proportion, finishing', () => {
    expect(progressFraction(null)).toBe(0);
    expect(progressFraction({ phase: 'preparing', done: 0, total: 0, workers: 2 })).toBe(0.02);
    expect(progressFraction({ phase: 'simulating', done: 50, total: 100, workers: 2 })).toBeCloseTo(0.435, 9);
    expect(progressFraction({ phase: 'finishing', done: 100, total: 100, workers: 2 })).toBe(0.85);
    expect(progressFraction({ phase: 'finishing', done: 100, total: 100, workers: 2, fraction: 0.5 })).toBeCloseTo(0.925, 12);
    expect(progressFraction({ phase: 'finishing', done: 100, total: 100, workers: 2, fraction: 1 })).toBe(1);
  });

  it('progress labels say where the paths run and what the finishing step does', () => {
    expect(progressLabel({ phase: 'simulating', done: 5000, total: 20000, workers: 2, backend: 'cpu' })).toBe(
      '5,000 / 20,000 paths on 2 workers',
    );
    expect(
      progressLabel({
        phase: 'simulating',
        done: 5000,
        total: 20000,
        workers: 0,
        backend: 'webgpu',
        device: 'google swiftshader (software)',
      }),
    ).toBe('5,000 / 20,000 paths on WebGPU (google swiftshader (software))');
    expect(progressLabel({ phase: 'finishing', done: 1, total: 1, workers: 0, fraction: 0.3, label: 'tail paths 30 / 100' })).toBe(
      'Finishing: tail paths 30 / 100…',
    );
    expect(progressLabel({ phase: 'finishing', done: 1, total: 1, workers: 2 })).toBe('Finishing: quantiles, tail components…');
  });

  it('paths per second and the clipped-paths note', () => {
    expect(pathsPerSecondLabel(1_234_567)).toBe('1.23 M paths/s');
    expect(pathsPerSecondLabel(45_321.4)).toBe('45,321 paths/s');
    expect(pathsPerSecondLabel(0)).toBe('');
    expect(clippedLabel({ edges: [0, 1], counts: [5] }, 'paths')).toBeNull();
    expect(clippedLabel({ edges: [-120_000, 0, 80_000], counts: [5, 5], clippedBelow: 0, clippedAbove: 0 }, 'paths')).toBeNull();
    expect(
      clippedLabel(
        { edges: [-120_000, 0, 80_000], counts: [5, 5], clippedBelow: 3, clippedAbove: 1, minValue: -2_500_000, maxValue: 95_000 },
        'paths',
      ),
    ).toBe('3 paths below −120k (lowest −2.5M) and 1 above 80k (highest 95k) outside the chart');
    expect(clippedLabel({ edges: [-1, 0, 80_000], counts: [5, 5], clippedBelow: 0, clippedAbove: 2, maxValue: 1e6 }, 'paths')).toBe(
      '2 paths above 80k (highest 1M) outside the chart',
    );
  });

  it('the backend setting: auto by default, kept when valid', () => {
    expect(normalizeSettings(DEFAULT_VAR_SETTINGS, 4).backend).toBe('auto');
    expect(normalizeSettings({ ...DEFAULT_VAR_SETTINGS, backend: 'cpu' }, 4).backend).toBe('cpu');
    expect(normalizeSettings({ ...DEFAULT_VAR_SETTINGS, backend: 'webgpu' }, 4).backend).toBe('webgpu');
    expect(normalizeSettings({ ...DEFAULT_VAR_SETTINGS, backend: 'tpu' as never }, 4).backend).toBe('auto');
  });
});
