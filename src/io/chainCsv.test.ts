import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChainCsv, readChainCsvRows } from './chainCsv.ts';
import { median, parseMarketSnapshot } from './marketSnapshot.ts';

const EXCERPT = readFileSync(new URL('./__fixtures__/market/deribit-chain-2026-08-22-excerpt.csv', import.meta.url), 'utf8');
/** Every row of the real chain, with the columns the parser reads (see __fixtures__/market/README.md). */
const FULL = new URL('./__fixtures__/market/deribit-chain-2026-08-22-used-columns.csv', import.meta.url);
const DEFAULT_MARKET = new URL('../../public/data/default-market.json', import.meta.url);

/** Plain reading of the (unquoted) fixture, independent of the code under test. */
function table(text: string): Record<string, string>[] {
  const [head = '', ...lines] = text.trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i] ?? '', v])));
}

const HEADER = 'timestamp,instrument_name,underlying,implied_volatility,index_price,bid_price,ask_price,mark_price,currency';
const TS = '2026-08-22T03:50:45.199229+00:00';

describe('parseChainCsv on the real excerpt (BTC-25SEP26, ETH-11SEP26, ETH-4SEP26)', () => {
  const r = parseChainCsv(EXCERPT);
  if (!r.ok) throw new Error(r.error);
  const rows = table(EXCERPT);
  const btc = r.snapshot.underlyings.BTC;
  const eth = r.snapshot.underlyings.ETH;

  it('has no warnings and the snapshot timestamp to the millisecond', () => {
    expect(r.warnings).toEqual([]);
    expect(r.snapshot.valuationTime).toBe('2026-08-22T03:50:45.199Z');
    expect(Object.keys(r.snapshot.underlyings)).toEqual(['BTC', 'ETH']);
  });

  it('takes the median index_price per currency (the index drifts across rows)', () => {
    for (const [code, u] of [
      ['BTC', btc],
      ['ETH', eth],
    ] as const) {
      const values = rows.filter((x) => x.currency === code).map((x) => Number(x.index_price));
      expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0);
      expect(u?.index).toBeCloseTo(median(values), 8);
    }
    expect(btc?.perpetual).toBeUndefined();
    expect(eth?.perpetual).toBeUndefined();
  });

  it('takes the median underlying per expiry as its forward', () => {
    expect(btc?.forwards).toEqual([{ expiry: '2026-09-25T08:00:00.000Z', price: 78899.98 }]);
    expect(eth?.forwards).toEqual([
      { expiry: '2026-09-04T08:00:00.000Z', price: 2523.52 },
      { expiry: '2026-09-11T08:00:00.000Z', price: 2523.47 },
    ]);
    const sep11 = rows.filter((x) => x.instrument_name?.startsWith('ETH-11SEP26-')).map((x) => Number(x.underlying));
    expect(new Set(sep11).size).toBeGreaterThan(1); // the forward drifts too: the median is taken
    expect(median(sep11)).toBe(2523.47);
  });

  it('builds one smile point per strike from the OTM side', () => {
    expect(btc?.smiles.map((s) => s.points.length)).toEqual([65]);
    expect(eth?.smiles.map((s) => [s.expiry, s.points.length])).toEqual([
      ['2026-09-04T08:00:00.000Z', 26],
      ['2026-09-11T08:00:00.000Z', 18],
    ]);
    for (const u of [btc, eth]) {
      for (const smile of u?.smiles ?? []) {
        const F = u?.forwards.find((f) => f.expiry === smile.expiry)?.price ?? Number.NaN;
        const code = smile.expiry.startsWith('2026-09-25')
          ? 'BTC-25SEP26'
          : smile.expiry.startsWith('2026-09-04')
            ? 'ETH-4SEP26'
            : 'ETH-11SEP26';
        for (const pt of smile.points) {
          const otmName = `${code}-${pt.strike}-${pt.strike >= F ? 'C' : 'P'}`;
          const row = rows.find((x) => x.instrument_name === otmName);
          expect(pt.iv, otmName).toBeCloseTo(Number(row?.implied_volatility), 12);
        }
      }
    }
    const p = btc?.smiles[0]?.points;
    expect(p?.find((x) => x.strike === 80000)?.iv).toBe(0.4121); // cleaned of float noise
  });

  it('records (ask − bid)/2 in coin where both are positive', () => {
    const both = rows.filter((x) => Number(x.bid_price) > 0 && Number(x.ask_price) > 0);
    const count = Object.keys(btc?.halfSpreads ?? {}).length + Object.keys(eth?.halfSpreads ?? {}).length;
    expect(count).toBe(both.length);
    expect(btc?.halfSpreads?.['BTC-25SEP26-80000-P']).toBe(0.001); // bid 0.0565, ask 0.0585
  });

  it('reads rows with their physical line numbers', () => {
    const read = readChainCsvRows(EXCERPT);
    if (!read.ok) throw new Error(read.error);
    expect(read.rows).toHaveLength(218);
    expect(read.rows[0]?.line).toBe(2);
    expect(read.rows[0]?.instrument.name).toBe(rows[0]?.instrument_name);
  });
});

describe('parseChainCsv edge cases', () => {
  it('handles a BOM, CRLF, quoted fields, column order, and takes the other side when the OTM IV is missing', () => {
    const text =
      '\uFEFF' +
      [
        'currency,"instrument_name",underlying,implied_volatility,index_price,timestamp,bid_price,ask_price,note',
        `BTC,BTC-25SEP26-90000-C,79000,0,78600,${TS},0.01,0.012,"a, b"`,
        `BTC,BTC-25SEP26-90000-P,79000,0.45,78610,${TS},,0.2,"multi`,
        `line"`,
        `BTC,BTC-25SEP26-70000-P,79000,0.5,78620,${TS},0.001,0.0012,`,
        '',
      ].join('\r\n');
    const r = parseChainCsv(text, { source: 'test' });
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([]);
    expect(r.snapshot.source).toBe('test');
    const u = r.snapshot.underlyings.BTC;
    expect(u?.index).toBe(78610);
    expect(u?.smiles[0]?.points).toEqual([
      { strike: 70000, iv: 0.5 },
      { strike: 90000, iv: 0.45 },
    ]);
    expect(u?.halfSpreads).toEqual({ 'BTC-25SEP26-70000-P': 0.0001, 'BTC-25SEP26-90000-C': 0.001 });
    const read = readChainCsvRows(text);
    expect(read.ok && read.rows.map((x) => x.line)).toEqual([2, 3, 5]);
  });

  it('skips unusable rows with their lines, and expired options', () => {
    const text = [
      HEADER,
      `${TS},BTC-25SEP26-90000-C,79000,0.4,78600,0.01,0.012,0.011,BTC`,
      `${TS},BTC-25SEP26,79000,0.4,78600,,,,BTC`,
      `${TS},BTC-25SEP26-80000-C,0,0.4,78600,,,,BTC`,
      `2026-08-22T03:50:45,BTC-25SEP26-85000-C,79000,0.4,78600,,,,BTC`,
      `${TS},BTC_USDC-25SEP26-85000-C,79000,0.4,78600,,,,BTC`,
      `${TS},BTC-21AUG26-85000-C,79000,0.4,78600,,,,BTC`,
      `${TS},ETH-25SEP26-2500-C,2520,0.5,2519,,,,BTC`,
    ].join('\n');
    const r = parseChainCsv(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([
      '1 row skipped (not an option name): line 3',
      '1 row skipped (no positive underlying (forward) or index_price): line 4',
      '1 row skipped (timestamp is not an ISO-8601 date-time with a zone): line 5',
      '1 row skipped (linear (USDC) option): line 6',
      "1 row skipped (currency column differs from the instrument's coin): line 8",
      'BTC: 1 options expired at or before the valuation time were left out',
    ]);
    expect(r.snapshot.underlyings.BTC?.forwards).toHaveLength(1);
  });

  it('errors on an empty file, missing columns, no usable rows', () => {
    const err = (text: string): string => {
      const r = parseChainCsv(text);
      return r.ok ? 'ok' : r.error;
    };
    expect(err('')).toBe('the chain CSV is empty');
    expect(err('instrument_name,underlying\nBTC-25SEP26-90000-C,79000')).toBe(
      'the chain CSV has no column implied_volatility, index_price, timestamp (line 1)',
    );
    expect(err(`${HEADER}\n${TS},X,1,1,1,,,,BTC`)).toBe(
      'the chain CSV has no usable option rows: 1 row skipped (not an option name): line 2',
    );
  });
});

describe('parseChainCsv on the full chain (2,062 rows)', () => {
  it('gives 12 expiries per currency, 539 BTC and 492 ETH smile points, and reproduces default-market.json', () => {
    const r = parseChainCsv(readFileSync(FULL, 'utf8'));
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([]);
    const { BTC: btc, ETH: eth } = r.snapshot.underlyings;
    expect(btc?.index).toBe(78617.31);
    expect(eth?.index).toBe(2519.155);
    expect(btc?.forwards).toHaveLength(12);
    expect(eth?.forwards).toHaveLength(12);
    expect(btc?.smiles).toHaveLength(12);
    expect(eth?.smiles).toHaveLength(12);
    expect(btc?.smiles.reduce((n, s) => n + s.points.length, 0)).toBe(539);
    expect(eth?.smiles.reduce((n, s) => n + s.points.length, 0)).toBe(492);
    const committed = parseMarketSnapshot(JSON.parse(readFileSync(DEFAULT_MARKET, 'utf8')));
    if (!committed.ok) throw new Error(committed.error);
    expect({ ...committed.snapshot, source: '' }).toEqual({ ...r.snapshot, source: '' });
  });
});
