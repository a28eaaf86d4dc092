import { describe, expect, it } from 'vitest';
import { checkLimits, type Limits } from '../../engine/index.ts';
import { checkRows, formatUsagePct, hasLimits, limitInputs, limitTitle, markFor, statusCounts, withLimit } from './limitsModel.ts';

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

describe('usage readings never cross the limit or the warning threshold', () => {
  it.each([
    // [percent used, shown] with the default marks (the limit, 100 %)
    [100.14, '100.1'],
    [99.99, '99.99'],
    [100, '100'],
    [100.04, '100.04'],
    [99.96, '99.96'],
    [99.5, '99.5'],
    [100.5, '101'],
    [99.4, '99'],
    [489.3, '489'],
    [0, '0'],
    // Past two decimals the last digit rounds away from the limit.
    [99.999, '99.99'],
    [100.001, '100.01'],
    [100.0000001, '100.01'],
  ])('%s %% reads %s', (pct, shown) => {
    expect(formatUsagePct(pct)).toBe(shown);
  });

  it('a breach at 100.14 % and a warning at 99.99 % read differently in the table and the tooltip', () => {
    const { checks } = checkLimits({ vegaUsd: 1000, varUsd: 1000 }, { vegaUsd: 1001.4, varUsd: 999.9 });
    const rows = checkRows(checks);
    const vega = rows.find((r) => r.key === 'vegaUsd')!;
    const varRow = rows.find((r) => r.key === 'varUsd')!;
    expect([vega.status, vega.utilisationText]).toEqual(['breach', '100.1']);
    expect([varRow.status, varRow.utilisationText]).toEqual(['warn', '99.99']);
    expect(limitTitle(checks.find((c) => c.key === 'vegaUsd')!)).toBe('LIMIT BREACHED: limit 1,000 USD / vol pt, 100.1 % used');
    expect(limitTitle(checks.find((c) => c.key === 'varUsd')!)).toBe('close to its limit: limit 1,000 USD, 99.99 % used');
  });

  it('the warning threshold is a mark too: an ok figure just under it does not read as the threshold', () => {
    const { checks } = checkLimits({ vegaUsd: 1000, warnAt: 0.9 }, { vegaUsd: 899.8 });
    expect(checks[0]!.status).toBe('ok');
    expect(checkRows(checks, 0.9)[0]!.utilisationText).toBe('89.98');
    // With the default threshold (80 %) 89.98 % is far from any mark.
    expect(checkRows(checks)[0]!.utilisationText).toBe('90');
    expect(formatUsagePct(79.6, [100, 80])).toBe('79.6');
    expect(formatUsagePct(80, [100, 80])).toBe('80');
  });
});
