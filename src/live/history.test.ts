import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoDayNumber } from '../engine/index.ts';
import { buildVarHistory } from '../io/history.ts';
import {
  basisStats,
  DAY_MS,
  dailyFromTradingView,
  dailyFromVolatilityIndex,
  fetchDvolHistory,
  historyFetchWindow,
  historyKey,
  mergeHistory,
  mergeVarHistory,
  parseFetchedSeries,
  priceProxyInstrument,
  type FetchedSeries,
} from './history.ts';

const fx = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const rest = new Map(
  (fx('deribit-live/rest_public_market_data.json').items as { id: string; frame: { result: unknown } }[]).map((i) => [i.id, i.frame]),
);
const day = (iso: string) => isoDayNumber(iso)!;

function fetched(kind: 'price' | 'dvol', underlying: string, dates: string[], values: number[], fetchedAtMs = 0): FetchedSeries {
  return {
    schemaVersion: 1,
    kind,
    underlying,
    source: `test ${kind}`,
    fetchedAtMs,
    requestedFrom: dates[0] ?? '',
    requestedTo: dates[dates.length - 1] ?? '',
    dates,
    values,
  };
}

describe('parsing Deribit daily candles', () => {
  it('the recorded chart answer: candles dated by their start day, today’s candle left out', () => {
    // 2025-12-23 1-minute candles: all on one day; as "daily" points they collapse to that day's last close
    const r = rest.get('tradingview_BTC-PERPETUAL_1min_2025-12-23')!.result;
    expect(dailyFromTradingView(r, day('2025-12-24'))).toEqual({ dates: ['2025-12-23'], values: [87456.0], warnings: [] });
    expect(dailyFromTradingView(r, day('2025-12-23')).dates).toEqual([]); // the day is not over
    expect(dailyFromTradingView({ status: 'no_data', ticks: [], close: [] }, 1).dates).toEqual([]);
  });

  it('refuses non-positive closes with a warning instead of a number', () => {
    const r = dailyFromTradingView({ status: 'ok', ticks: [0, DAY_MS, 2 * DAY_MS], close: [1, 0, null] }, 10);
    expect(r.dates).toEqual(['1970-01-01']);
    expect(r.warnings).toHaveLength(2);
  });

  it('the recorded DVOL answer: [ts, open, high, low, close] rows, close taken', () => {
    const r = rest.get('volatility_index_ETH_resolution60_2026-10-06')!.result;
    const d = dailyFromVolatilityIndex([r], day('2026-10-07'));
    expect(d.dates).toEqual(['2026-10-06']);
    expect(d.values).toEqual([47.55]); // the last row's close of that day
  });

  it('follows continuation until it is null', async () => {
    const calls: Record<string, unknown>[] = [];
    const pages = [
      {
        data: [
          [day('2026-01-09') * DAY_MS, 1, 1, 1, 60],
          [day('2026-01-10') * DAY_MS, 1, 1, 1, 61],
        ],
        continuation: day('2026-01-09') * DAY_MS - 1,
      },
      { data: [[day('2026-01-08') * DAY_MS, 1, 1, 1, 59]], continuation: null },
    ];
    const call = async <T>(_m: string, p?: Record<string, unknown>): Promise<T> => {
      calls.push(p ?? {});
      return pages[calls.length - 1] as T;
    };
    const s = await fetchDvolHistory(call, 'btc', day('2026-01-08'), day('2026-01-10'), day('2026-01-12') * DAY_MS);
    expect(s.dates).toEqual(['2026-01-08', '2026-01-09', '2026-01-10']);
    expect(s.values).toEqual([59, 60, 61]);
    expect(calls[1]!.end_timestamp).toBe(day('2026-01-09') * DAY_MS - 1);
    expect(calls[0]).toMatchObject({ currency: 'BTC', resolution: '1D' });
  });

  it('names the perpetual that stands for each index', () => {
    expect([priceProxyInstrument('BTC'), priceProxyInstrument('eth'), priceProxyInstrument('SOL')]).toEqual([
      'BTC-PERPETUAL',
      'ETH-PERPETUAL',
      'SOL_USDC-PERPETUAL',
    ]);
  });
});

describe('merge with the bundled series', () => {
  const bundled = { series: { dates: ['2024-12-29', '2024-12-30', '2024-12-31'], values: [100, 101, 102] }, fileName: 'btc-usd-daily.csv' };

  it('bundled days keep their values, fetched days extend them, holes and the missing tail are gaps', () => {
    const f = fetched(
      'price',
      'BTC',
      ['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02', '2025-01-05'],
      [101.2, 102.3, 103, 104, 107],
    );
    const m = mergeHistory('price', 'BTC', bundled, f, '2025-01-08');
    expect(m.dates).toEqual(['2024-12-29', '2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02', '2025-01-05']);
    expect(m.values).toEqual([100, 101, 102, 103, 104, 107]);
    expect(m.segments).toEqual([
      { source: 'bundled', from: '2024-12-29', to: '2024-12-31', days: 3, detail: 'btc-usd-daily.csv' },
      { source: 'fetched', from: '2025-01-01', to: '2025-01-02', days: 2, detail: 'test price' },
      { source: 'gap', from: '2025-01-03', to: '2025-01-04', days: 2, detail: 'no value for these days' },
      { source: 'fetched', from: '2025-01-05', to: '2025-01-05', days: 1, detail: 'test price' },
      { source: 'gap', from: '2025-01-06', to: '2025-01-07', days: 2, detail: 'no value for these days' },
    ]);
    expect(m.endsOn).toBe('2025-01-05');
    expect(m.through).toBe('2025-01-07');
    expect(m.basis!.overlapDays).toBe(2);
    expect(m.basis!.meanLogBasis).toBeCloseTo((Math.log(101.2 / 101) + Math.log(102.3 / 102)) / 2, 15);
    expect(m.basis!.maxAbsLogBasis).toBeCloseTo(Math.log(102.3 / 102), 15);
  });

  it('a series that reaches yesterday has no trailing gap; nothing after yesterday is used', () => {
    const f = fetched('price', 'BTC', ['2025-01-01', '2025-01-02', '2025-01-03'], [1, 2, 3]);
    const m = mergeHistory('price', 'BTC', bundled, f, '2025-01-03');
    expect(m.endsOn).toBe('2025-01-02');
    expect(m.segments[m.segments.length - 1]).toMatchObject({ source: 'fetched', to: '2025-01-02' });
  });

  it('without a fetch the bundled series ends with a gap through yesterday', () => {
    const m = mergeHistory('dvol', 'BTC', bundled, null, '2025-01-03');
    expect(m.segments.map((s) => s.source)).toEqual(['bundled', 'gap']);
    expect(m.basis).toBeNull();
  });

  it('basisStats is null without common days', () => {
    expect(basisStats(bundled.series, { dates: ['2025-02-01'], values: [1] })).toBeNull();
  });

  it('mergeVarHistory extends every bundled series and feeds VaR the merged ones', () => {
    const files = ['btc-usd-daily.csv', 'dvol-btc-daily.csv'].map((fileName) => ({
      fileName,
      text: readFileSync(new URL(`../../public/data/history/${fileName}`, import.meta.url), 'utf8'),
    }));
    const b = buildVarHistory(files);
    if (!b.ok) throw new Error(b.error);
    const f = fetched('price', 'BTC', ['2024-12-31', '2025-01-01'], [93500, 94400]);
    const { history, series } = mergeVarHistory(b.history, [f], '2025-01-02', { [historyKey('price', 'BTC')]: 'btc-usd-daily.csv' });
    const btc = history.prices.BTC!;
    expect(btc.dates[btc.dates.length - 1]).toBe('2025-01-01');
    expect(btc.values[btc.values.length - 1]).toBe(94400);
    expect(btc.values[btc.dates.indexOf('2024-12-31')]).toBe(b.history.prices.BTC!.values[b.history.prices.BTC!.dates.length - 1]);
    expect(series.map((s) => `${s.kind}-${s.underlying}`)).toEqual(['dvol-BTC', 'price-BTC']);
    expect(series[1]!.segments[0]!.detail).toBe('btc-usd-daily.csv');
  });
});

describe('refresh at most daily, cache records', () => {
  const now = Date.UTC(2026, 11, 4, 15);
  it('fetches from 30 days before the bundled end through yesterday, unless fetched today', () => {
    expect(historyFetchWindow({ kind: 'price', underlying: 'BTC', bundledLast: '2024-12-31' }, now)).toEqual({
      fromDay: day('2024-12-01'),
      toDay: day('2026-12-03'),
    });
    expect(
      historyFetchWindow(
        { kind: 'price', underlying: 'BTC', bundledLast: '2024-12-31', cachedFetchedAtMs: Date.UTC(2026, 11, 4, 0, 5) },
        now,
      ),
    ).toBeNull();
    expect(
      historyFetchWindow(
        { kind: 'price', underlying: 'BTC', bundledLast: '2024-12-31', cachedFetchedAtMs: Date.UTC(2026, 11, 3, 23) },
        now,
      ),
    ).not.toBeNull();
    expect(historyFetchWindow({ kind: 'dvol', underlying: 'XRP' }, now)).toEqual({
      fromDay: day('2026-12-03') - 730,
      toDay: day('2026-12-03'),
    });
  });

  it('parseFetchedSeries accepts its own records and refuses anything else', () => {
    const f = fetched('dvol', 'ETH', ['2026-01-01', '2026-01-02'], [50, 51], 5);
    expect(parseFetchedSeries(JSON.parse(JSON.stringify(f)))).toEqual(f);
    expect(parseFetchedSeries({ ...f, dates: ['2026-01-02', '2026-01-01'] })).toBeNull();
    expect(parseFetchedSeries({ ...f, values: [50, -1] })).toBeNull();
    expect(parseFetchedSeries({ ...f, schemaVersion: 2 })).toBeNull();
    expect(parseFetchedSeries('x')).toBeNull();
  });
});
