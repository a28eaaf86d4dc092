import { describe, expect, it } from 'vitest';
import {
  buildReturnWindow,
  dvolRatios,
  isoDayNumber,
  isoFromDayNumber,
  sliceWindow,
  type DailySeries,
  type VarHistory,
} from './returns.ts';

/** A daily series from a start date and values, one per calendar day. */
function daily(start: string, values: number[]): DailySeries {
  const d0 = isoDayNumber(start)!;
  return { dates: values.map((_, i) => isoFromDayNumber(d0 + i)), values };
}

describe('ISO dates', () => {
  it('parses real calendar dates only', () => {
    expect(isoDayNumber('1970-01-02')).toBe(1);
    expect(isoDayNumber('2024-02-29')).not.toBeNull();
    expect(isoDayNumber('2023-02-29')).toBeNull();
    expect(isoDayNumber('2024-13-01')).toBeNull();
    expect(isoDayNumber('2024-1-01')).toBeNull();
    expect(isoFromDayNumber(isoDayNumber('2024-12-31')!)).toBe('2024-12-31');
  });
});

describe('return windows', () => {
  const btc = daily('2024-01-01', [100, 110, 99, 99, 120, 60]);
  const eth = daily('2023-12-30', [5, 6, 10, 11, 12.1, 6.05, 6.05, 7]); // two days earlier, ends same day as BTC

  it('daily returns on common dates, ending at the last common date', () => {
    const r = buildReturnWindow(['BTC', 'ETH'], { prices: { BTC: btc, ETH: eth } }, { window: 5, returnDays: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const w = r.window;
    expect(w.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06']);
    expect(w.startDates[0]).toBe('2024-01-01');
    expect(Array.from(w.returns[0]!)).toEqual([110 / 100 - 1, 99 / 110 - 1, 99 / 99 - 1, 120 / 99 - 1, 60 / 120 - 1]);
    expect(Array.from(w.returns[1]!)).toEqual([11 / 10 - 1, 12.1 / 11 - 1, 6.05 / 12.1 - 1, 6.05 / 6.05 - 1, 7 / 6.05 - 1]);
  });

  it('the window takes the last N returns', () => {
    const r = buildReturnWindow(['BTC'], { prices: { BTC: btc } }, { window: 2, returnDays: 1 });
    expect(r.ok && r.window.dates).toEqual(['2024-01-05', '2024-01-06']);
  });

  it('overlapping h-day returns close_t / close_{t−h} − 1', () => {
    const r = buildReturnWindow(['BTC'], { prices: { BTC: btc } }, { window: 3, returnDays: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.window.dates).toEqual(['2024-01-04', '2024-01-05', '2024-01-06']);
    expect(r.window.startDates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(Array.from(r.window.returns[0]!)).toEqual([99 / 100 - 1, 120 / 110 - 1, 60 / 99 - 1]);
  });

  it('a missing day removes the returns that span it, never joins two closes', () => {
    const gappy: DailySeries = { dates: ['2024-01-01', '2024-01-02', '2024-01-04', '2024-01-05'], values: [1, 2, 4, 5] };
    const r = buildReturnWindow(['BTC'], { prices: { BTC: gappy } }, { window: 2, returnDays: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.window.dates).toEqual(['2024-01-02', '2024-01-05']);
    expect(Array.from(r.window.returns[0]!)).toEqual([1, 0.25]);
    expect(r.window.gapDays).toBe(1);
  });

  it('an underlying without history is an error naming it', () => {
    const r = buildReturnWindow(['BTC', 'SOL', 'XRP'], { prices: { BTC: btc, ETH: eth } }, { window: 2, returnDays: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('no price history for SOL, XRP');
    expect(r.error).toContain('BTC, ETH');
  });

  it('a history too short for the window is an error with the counts', () => {
    const r = buildReturnWindow(['BTC', 'ETH'], { prices: { BTC: btc, ETH: eth } }, { window: 10, returnDays: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/only 5 1-day returns.*asks for 10/);
  });

  it('bad series are errors naming the underlying and the date', () => {
    const bad: VarHistory = { prices: { BTC: { dates: ['2024-01-02', '2024-01-01'], values: [1, 2] } } };
    const r = buildReturnWindow(['BTC'], bad, { window: 1, returnDays: 1 });
    expect(!r.ok && r.error).toContain('BTC price history: dates must be strictly ascending');
    const neg: VarHistory = { prices: { BTC: { dates: ['2024-01-01', '2024-01-02'], values: [1, -2] } } };
    const r2 = buildReturnWindow(['BTC'], neg, { window: 1, returnDays: 1 });
    expect(!r2.ok && r2.error).toContain('value -2 on 2024-01-02');
  });

  it('keys match case-insensitively', () => {
    const r = buildReturnWindow(['BTC'], { prices: { btc } }, { window: 2, returnDays: 1 });
    expect(r.ok).toBe(true);
  });

  it('DVOL ratios on the scenario dates, 1 where missing', () => {
    const r = buildReturnWindow(['BTC', 'ETH'], { prices: { BTC: btc, ETH: eth } }, { window: 5, returnDays: 1 });
    if (!r.ok) throw new Error(r.error);
    const dvol = { BTC: daily('2024-01-03', [50, 55, 44]) }; // covers 01-03 … 01-05
    const d = dvolRatios(r.window, { prices: {}, dvol });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(Array.from(d.value.ratios[0]!)).toEqual([1, 1, 55 / 50, 44 / 55, 1]);
    expect(Array.from(d.value.ratios[1]!)).toEqual([1, 1, 1, 1, 1]);
    expect(d.value.daysWithDvol).toBe(2);
    expect(d.value.daysByUnderlying).toEqual({ BTC: 2, ETH: 0 });
    const s = sliceWindow(r.window, 1, 3);
    expect(s.dates).toEqual(['2024-01-03', '2024-01-04']);
  });
});
