import { describe, expect, it } from 'vitest';
import { checkLimits, type Limits } from '../../engine/index.ts';
import { checkRows, hasLimits, limitInputs, limitTitle, markFor, statusCounts, withLimit } from './limitsModel.ts';

describe('limit inputs', () => {
  it('one row per underlying and metric, percent for usage and concentration', () => {
    const l: Limits = { deltaCoin: { BTC: 5 }, marginUsage: 0.25, warnAt: 0.9 };
    const rows = limitInputs(l, ['BTC', 'ETH']);
    expect(rows.map((r) => r.id)).toEqual([
      'deltaCoin:BTC',
      'deltaCoin:ETH',
      'deltaUsd:BTC',
      'deltaUsd:ETH',
      'vegaUsd',
      'varUsd',
      'marginUsage',
      'venueConcentration',
      'warnAt',
    ]);
    expect(rows.find((r) => r.id === 'deltaCoin:BTC')!.value).toBe(5);
    expect(rows.find((r) => r.id === 'deltaCoin:ETH')!.value).toBeNull();
    expect(rows.find((r) => r.id === 'marginUsage')!.value).toBe(25);
    expect(rows.find((r) => r.id === 'warnAt')!.value).toBeCloseTo(90, 12);
  });
  it('withLimit sets and clears in the units shown; blank, 0 or negative removes', () => {
    let l: Limits = {};
    expect(hasLimits(l)).toBe(false);
    l = withLimit(l, 'deltaCoin:BTC', 3);
    l = withLimit(l, 'marginUsage', 40);
    l = withLimit(l, 'vegaUsd', 2000);
    expect(l).toEqual({ deltaCoin: { BTC: 3 }, marginUsage: 0.4, vegaUsd: 2000 });
    expect(hasLimits(l)).toBe(true);
    l = withLimit(l, 'deltaCoin:BTC', null);
    l = withLimit(l, 'vegaUsd', 0);
    l = withLimit(l, 'marginUsage', -1);
    expect(l).toEqual({});
    expect(withLimit({}, 'warnAt', 70)).toEqual({ warnAt: 0.7 });
    expect(withLimit({ warnAt: 0.7 }, 'warnAt', 80)).toEqual({});
  });
});

describe('checks and marks', () => {
  const result = checkLimits(
    { vegaUsd: 1000, deltaCoin: { BTC: 10 }, marginUsage: 0.2, venueConcentration: 0.5 },
    { vegaUsd: 4891, deltaCoin: { BTC: 8.5 }, marginUsage: { deribit: 0.17, bad: null }, venueShare: { deribit: 0.62, okx: 0.17 } },
  );
  it('rows: breaches first, units converted, utilisation in percent', () => {
    const rows = checkRows(result.checks);
    expect(rows.map((r) => [r.key, r.status])).toEqual([
      ['vegaUsd', 'breach'],
      ['marginUsage:bad', 'breach'],
      ['venueConcentration:deribit', 'breach'],
      ['deltaCoin:BTC', 'warn'],
      ['marginUsage:deribit', 'warn'],
      ['venueConcentration:okx', 'ok'],
    ]);
    const usage = rows.find((r) => r.key === 'marginUsage:deribit')!;
    expect(usage).toMatchObject({ valueText: '17.0', limitText: '20.0', scope: 'deribit' });
    expect(usage.utilisationPct).toBeCloseTo(85, 10);
    expect(rows.find((r) => r.key === 'marginUsage:bad')!.valueText).toBe('equity ≤ 0');
    expect(statusCounts(result.checks)).toEqual({ ok: 1, warn: 2, breach: 3, unknown: 0 });
  });
  it('marks only figures that are not plainly ok, with the limit in the tooltip', () => {
    const byKey = new Map(result.checks.map((c) => [c.key, c]));
    expect(markFor(byKey, 'venueConcentration:okx')).toBeNull();
    expect(markFor(byKey, 'nothing')).toBeNull();
    expect(markFor(byKey, 'vegaUsd')).toEqual({ status: 'breach', title: 'LIMIT BREACHED: limit 1,000 USD / vol pt, 489 % used' });
    expect(limitTitle(byKey.get('deltaCoin:BTC')!)).toBe('close to its limit: limit 10.0000 coin, 85 % used');
  });
});
