import { describe, expect, it } from 'vitest';
import type { HedgeCandidate, HedgeTrade, TargetCheck } from '../../engine/index.ts';
import type { PositionResult, UnderlyingAggregate } from '../../domain/results.ts';
import type { HedgeBookMetrics } from '../../worker/api/hedgeApi.ts';
import {
  beforeAfterRows,
  candidateGroups,
  changeTone,
  checkRows,
  defaultTarget,
  effectiveTargets,
  formatFigure,
  niceFloor,
  scopedGreeks,
  scopeChoiceLabel,
  scopeOf,
  toEngineTargets,
  toggleExcluded,
  tradeQuantityText,
  tradesToPositions,
} from './suggestModel.ts';

describe('targets', () => {
  it('niceFloor picks 1, 2 or 5 × 10^k at or below', () => {
    expect([0.64, 1, 1.9, 2, 4.99, 5, 20, 63, 0.0031].map(niceFloor)).toEqual([0.5, 1, 1, 2, 2, 5, 20, 50, 0.002]);
    expect(niceFloor(0)).toBe(1);
    expect(niceFloor(Number.NaN)).toBe(1);
  });

  it('defaults: USD delta flat, a band of USD 50k (about that much in coin) ready, gamma and vega off', () => {
    expect(defaultTarget(78_000)).toMatchObject({
      deltaMode: 'zero',
      deltaMeasure: 'usd',
      deltaLo: -0.5,
      deltaHi: 0.5,
      deltaUsdLo: -50_000,
      deltaUsdHi: 50_000,
      gammaOn: false,
      vegaOn: false,
    });
    expect(defaultTarget(2_500).deltaHi).toBe(20);
    expect(defaultTarget(null).deltaHi).toBe(1);
  });

  it('effective targets keep what was typed and default the rest', () => {
    const typed = { BTC: { ...defaultTarget(1), deltaMode: 'band' as const } };
    const t = effectiveTargets(typed, ['BTC', 'ETH'], (ul) => (ul === 'ETH' ? 2500 : null));
    expect(t.BTC).toBe(typed.BTC);
    expect(t.ETH!.deltaHi).toBe(20);
  });

  it('maps inputs to the engine: flat, band, leave; gamma and vega only when ticked', () => {
    const base = defaultTarget(80_000);
    const { targets, errors } = toEngineTargets({
      BTC: { ...base, vegaOn: true, vegaTarget: 100, vegaTol: 50 },
      ETH: { ...base, deltaMode: 'band', deltaMeasure: 'coin', deltaLo: -3, deltaHi: 2, gammaOn: true, gammaTarget: -10, gammaTol: 5 },
      SOL: { ...base, deltaMode: 'off' },
      XRP: { ...base, deltaMode: 'off', vegaOn: true },
      ADA: { ...base, deltaMode: 'band', deltaUsdLo: -1_000, deltaUsdHi: 2_000 },
      DOT: { ...base, deltaMeasure: 'coin' },
    });
    expect(errors).toEqual({});
    expect(targets.BTC).toEqual({ delta: { lo: 0, hi: 0, measure: 'usd' }, vega: { target: 100, tolerance: 50 } });
    expect(targets.ETH).toEqual({ delta: { lo: -3, hi: 2, measure: 'coin' }, gammaUsd1pct: { target: -10, tolerance: 5 } });
    expect(targets.SOL).toBeUndefined();
    // Delta left alone: no delta target at all.
    expect(targets.XRP).toEqual({ vega: { target: 0, tolerance: 500 } });
    expect(targets.ADA).toEqual({ delta: { lo: -1_000, hi: 2_000, measure: 'usd' } });
    expect(targets.DOT).toEqual({ delta: { lo: 0, hi: 0, measure: 'coin' } });
  });

  it('explains unusable inputs per underlying and leaves them out', () => {
    const base = defaultTarget(80_000);
    const { targets, errors } = toEngineTargets({
      BTC: { ...base, deltaMode: 'band', deltaUsdLo: 2, deltaUsdHi: 1 },
      ETH: { ...base, vegaOn: true, vegaTol: -1, gammaOn: true, gammaTarget: Number.NaN },
    });
    expect(targets).toEqual({});
    expect(errors.BTC).toBe('BTC: the delta band’s low end is above its high end');
    expect(errors.ETH).toBe('ETH: vega tolerance must be ≥ 0; every figure must be a number');
  });
});

describe('scope and target checks', () => {
  const p = (instrument: string, kind: PositionResult['kind'], venue: string, delta: number, deltaUsd: number, vega = 0) =>
    ({ instrument, kind, underlying: 'BTC', venue, delta, deltaUsd, gammaUsd1pct: 0, vega }) as PositionResult;

  it('sums the report’s own Greeks over the positions of the scope', () => {
    const positions = [
      p('BTC', 'spot', 'deribit', 10, 800_000),
      p('BTC', 'spot', 'coinbase', 3, 240_000),
      p('BTC-PERPETUAL', 'perpetual', 'Deribit', -5, -410_000),
      p('BTC-25SEP26-80000-C', 'option', 'deribit', 2, 160_000, 90),
      { ...p('USDC', 'cash', 'deribit', 0, 0), underlying: 'USDC' },
    ];
    expect(scopedGreeks(positions, 'book').BTC).toEqual({ delta: 10, deltaUsd: 790_000, gammaUsd1pct: 0, vega: 90 });
    expect(scopedGreeks(positions, 'deribit').BTC).toEqual({ delta: 7, deltaUsd: 550_000, gammaUsd1pct: 0, vega: 90 });
    expect(scopedGreeks(positions, 'deribit-derivatives').BTC).toEqual({ delta: -3, deltaUsd: -250_000, gammaUsd1pct: 0, vega: 90 });
    expect(scopedGreeks(positions, 'book').USDC).toBeUndefined();
    expect(scopeOf('deribit-derivatives')).toEqual({ venue: 'deribit', derivativesOnly: true });
    expect(scopeChoiceLabel('book')).toBe('Whole book (every venue, spot included)');
  });

  it('check rows: the band with its rounding allowance, met or missed', () => {
    const check = (c: Partial<TargetCheck>): TargetCheck => ({
      underlying: 'ETH',
      greek: 'gammaUsd1pct',
      label: 'ETH gamma',
      unit: 'USD per 1 %',
      lo: -313.53,
      hi: 313.53,
      roundingAllowance: 0,
      before: -15_676.32,
      after: -322.13,
      met: false,
      missBy: 8.6,
      ...c,
    });
    expect(checkRows([check({})])[0]).toEqual({
      key: 'ETH-gammaUsd1pct',
      label: 'ETH gamma',
      unit: 'USD per 1 %',
      before: '\u221215,676.32',
      after: '\u2212322.13',
      band: '0.00 ± 313.53',
      met: false,
      afterValue: -322.13,
    });
    const delta = checkRows([
      check({ greek: 'deltaUsd', label: 'ETH USD delta', lo: 0, hi: 0, roundingAllowance: 0.5, after: 0.25, met: true }),
    ])[0]!;
    expect(delta.band).toBe('0.00 (± 0.50 rounding)');
    expect(checkRows([check({ greek: 'delta', lo: -20, hi: 20, roundingAllowance: 0.0002 })])[0]!.band).toBe(
      '\u221220.0000 … 20.0000 (± 0.0002 rounding)',
    );
  });
});

const cand = (instrument: string, kind: HedgeCandidate['kind'], underlying = 'BTC'): HedgeCandidate => ({
  instrument,
  kind,
  underlying,
  delta: kind === 'option' ? 0.5 : 1,
  deltaUsd: 40_000,
  gammaUsd1pct: kind === 'option' ? 12 : 0,
  vega: kind === 'option' ? 30 : 0,
  costPerCoinUsd: 40,
  markPrice: 0.05,
  forwardUsd: 80_000,
});

describe('candidates', () => {
  const list = [
    cand('BTC-PERPETUAL', 'perpetual'),
    cand('BTC-25SEP26', 'future'),
    cand('BTC-25SEP26-80000-C', 'option'),
    cand('BTC-25SEP26-80000-P', 'option'),
    cand('ETH-PERPETUAL', 'perpetual', 'ETH'),
  ];

  it('groups by underlying, types calls and puts, usable = ticked and kind enabled', () => {
    const g = candidateGroups(list, { perpetual: true, future: false, option: true }, ['BTC-25SEP26-80000-P']);
    expect(g.map((x) => x.underlying)).toEqual(['BTC', 'ETH']);
    expect(g[0]!.rows.map((r) => [r.type, r.usable, r.ticked, r.kindEnabled])).toEqual([
      ['Perpetual', true, true, true],
      ['Future', false, true, false],
      ['Call', true, true, true],
      ['Put', false, false, true],
    ]);
    expect(g[0]!.usableCount).toBe(2);
    expect(g[0]!.rows[0]!.costBp).toBeCloseTo(5, 10);
  });

  it('toggling a tick adds or removes the instrument from the unticked list', () => {
    expect(toggleExcluded([], 'A', false)).toEqual(['A']);
    expect(toggleExcluded(['A', 'B'], 'A', true)).toEqual(['B']);
    expect(toggleExcluded(['A'], 'A', false)).toEqual(['A']);
  });
});

describe('trades', () => {
  const trades: HedgeTrade[] = [
    {
      instrument: 'BTC-PERPETUAL',
      kind: 'perpetual',
      underlying: 'BTC',
      side: 'sell',
      quantity: -346_350,
      unit: 'usd',
      quantityCoin: -4.4,
      costUsd: 180,
      explanation: '',
    },
    {
      instrument: 'BTC-25SEP26-80000-C',
      kind: 'option',
      underlying: 'BTC',
      side: 'buy',
      quantity: 0.5,
      unit: 'coin',
      quantityCoin: 0.5,
      costUsd: 20,
      explanation: '',
    },
  ];

  it('become hedge rows: USD notional for delta-one, coins for options, what-if or real', () => {
    expect(tradesToPositions(trades, true)).toEqual([
      { instrument: 'BTC-PERPETUAL', quantity: -346_350, unit: 'usd', label: 'hedge', whatIf: true },
      { instrument: 'BTC-25SEP26-80000-C', quantity: 0.5, label: 'hedge', whatIf: true },
    ]);
    expect(tradesToPositions(trades, false).every((p) => p.whatIf === false)).toBe(true);
  });

  it('quantities read with their unit', () => {
    expect(trades.map(tradeQuantityText)).toEqual(['\u2212346,350 USD', '+0.5 coin']);
  });
});

const agg = (delta: number, vega: number): UnderlyingAggregate => ({
  delta,
  deltaUsd: delta * 80_000,
  gamma: 0,
  gammaUsd1pct: -100,
  vega,
  vegaStd: vega,
  theta: 50,
  rho: 0,
  deltaTotal: delta,
  valueUsd: 0,
});

const metrics = (delta: number, varUsd: number | null, imBtc: number): HedgeBookMetrics => ({
  greeks: { BTC: agg(delta, 400), ETH: agg(1, 2) },
  heatmapWorst: { pnlUsd: -varUsd! * 5 || -1, spotPct: -30, volPts: -20 },
  var:
    varUsd === null
      ? { ok: false, error: 'no bundled price history for XRP' }
      : { ok: true, value: { varUsd, esUsd: varUsd * 1.2, observations: 365, windowStart: '2024-01-02', windowEnd: '2024-12-31' } },
  margin: {
    currencies: {
      BTC: { im: imBtc, mm: imBtc * 0.8, imUsd: imBtc * 80_000, mmUsd: imBtc * 64_000 },
      USDC: { im: 100, mm: 80, imUsd: 100, mmUsd: 80 },
    },
    imUsd: imBtc * 80_000 + 100,
    mmUsd: imBtc * 64_000 + 80,
  },
});

describe('before / after', () => {
  it('lists the targeted underlyings’ Greeks, then risk, then margin per currency and in total', () => {
    const rows = beforeAfterRows(metrics(4.4, 1000, 2), metrics(0, 500, 3), ['BTC'], 0.99);
    expect(rows.map((r) => r.key)).toEqual([
      'delta-BTC',
      'delta-usd-BTC',
      'gamma-usd-BTC',
      'vega-BTC',
      'theta-BTC',
      'heatmap-worst',
      'var',
      'es',
      'im-BTC',
      'mm-BTC',
      'im-USDC',
      'mm-USDC',
      'im-usd',
      'mm-usd',
    ]);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['delta-BTC']).toMatchObject({ before: 4.4, after: 0, unit: 'coin', section: 'BTC' });
    expect(byKey.var).toMatchObject({ label: 'VaR 99 % 1-day', before: 1000, after: 500 });
    expect(byKey.var!.hint).toContain('365 daily returns 2024-01-02 → 2024-12-31');
    expect(byKey['heatmap-worst']!.hint).toContain('spot −30 %, vol −20 pts');
    expect(byKey['im-BTC']).toMatchObject({ before: 2, after: 3, unit: 'BTC', kind: 'ccy-coin', section: 'Margin' });
    expect(byKey['im-USDC']!.kind).toBe('usd');
  });

  it('a VaR that cannot be computed shows no figure and says why', () => {
    const rows = beforeAfterRows(metrics(1, null, 1), metrics(0, null, 1), ['BTC'], 0.99);
    const v = rows.find((r) => r.key === 'var')!;
    expect(v.before).toBeNull();
    expect(v.hint).toBe('no bundled price history for XRP');
    expect(changeTone(v)).toBe('flat');
  });

  it('change tone: green when a risk figure improves, red when it worsens, neutral for Greeks', () => {
    const rows = beforeAfterRows(metrics(4.4, 1000, 2), metrics(0, 500, 3), ['BTC'], 0.99);
    const tone = (k: string) => changeTone(rows.find((r) => r.key === k)!);
    expect(tone('var')).toBe('pos');
    expect(tone('im-BTC')).toBe('neg');
    expect(tone('heatmap-worst')).toBe('pos');
    expect(tone('delta-BTC')).toBe('flat');
    expect(tone('im-USDC')).toBe('flat');
  });

  it('formats coin figures to 4 decimals and USD to whole dollars', () => {
    expect(formatFigure('coin', -0.00004)).toBe('0.0000');
    expect(formatFigure('ccy-coin', 2.82902)).toBe('2.8290');
    expect(formatFigure('usd', -43062.16)).toBe('\u221243,062');
    expect(formatFigure('usd', 12, true)).toBe('+12');
    expect(formatFigure('usd', null)).toBe('\u2014');
  });
});
