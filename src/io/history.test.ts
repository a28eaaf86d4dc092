import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildVarHistory, historyFileKey, parseHistoryCsv } from './history.ts';
import { propertyRuns } from '../testing/properties.ts';

const dir = new URL('../../public/data/history/', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, dir), 'utf8');

describe('parseHistoryCsv: the bundled files', () => {
  it('reads every bundled file, ascending and gap-free', () => {
    const expected: Record<string, [string, string]> = {
      'btc-usd-daily.csv': ['2014-09-17', '2024-12-31'],
      'eth-usd-daily.csv': ['2017-11-09', '2024-12-31'],
      'sol-usd-daily.csv': ['2020-04-10', '2024-12-31'],
      'dvol-btc-daily.csv': ['2022-11-06', '2026-06-22'],
      'dvol-eth-daily.csv': ['2023-01-01', '2026-06-22'],
    };
    for (const [file, [first, last]] of Object.entries(expected)) {
      const text = read(file);
      const r = parseHistoryCsv(text, file);
      if (!r.ok) throw new Error(r.error);
      expect(r.series.dates[0]).toBe(first);
      expect(r.series.dates.at(-1)).toBe(last);
      expect(r.series.values.length).toBe(text.trim().split('\n').length - 1);
      expect(r.warnings).toEqual([]);
    }
    const btc = parseHistoryCsv(read('btc-usd-daily.csv'));
    expect(btc.ok && btc.series.values[0]).toBe(457.3340148925781);
  });
});

describe('parseHistoryCsv: format', () => {
  it('BOM, CRLF, any column order, extra columns, case-insensitive header', () => {
    const r = parseHistoryCsv('\uFEFFClose,Volume,DATE\r\n100.5,1,2024-01-01\r\n101,2,2024-01-02\r\n');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.series.dates).toEqual(['2024-01-01', '2024-01-02']);
      expect(Array.from(r.series.values)).toEqual([100.5, 101]);
    }
  });

  it('semicolon separator with a decimal comma', () => {
    const r = parseHistoryCsv('date;close\n2024-01-01;100,25\n2024-01-02;1e2\n');
    expect(r.ok && Array.from(r.series.values)).toEqual([100.25, 100]);
  });

  it('missing days are warnings with lines', () => {
    const r = parseHistoryCsv('date,close\n2024-01-01,1\n2024-01-04,2\n2024-01-05,3\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings).toEqual(['2 missing day(s) between 2024-01-01 (line 2) and 2024-01-04 (line 3)']);
  });
});

describe('parseHistoryCsv: errors with physical line numbers', () => {
  it('every bad row is listed with its line and reason', () => {
    const text = [
      'date,close', // 1
      '2024-01-01,100', // 2
      '2024-02-30,101', // 3 not a date
      '2024-01-02,-5', // 4 negative
      '2024-01-03,abc', // 5 not a number
      '', // 6 blank (skipped)
      '2024-01-04,', // 7 missing close
      '2024-01-04,102', // 8 ok
      '2024-01-04,103', // 9 duplicate
      '2024-01-02,99', // 10 out of order
      '2024-01-05', // 11 too few fields
      '"2024-01-06,104', // 12 unterminated quote
    ].join('\n');
    const r = parseHistoryCsv(text, 'btc-usd-daily.csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { line: 3, message: 'date "2024-02-30" is not a valid YYYY-MM-DD date' },
      { line: 4, message: 'close "-5" for 2024-01-02 must be a positive number' },
      { line: 5, message: 'close "abc" for 2024-01-03 must be a positive number' },
      { line: 7, message: 'missing close for 2024-01-04' },
      { line: 9, message: 'duplicate date 2024-01-04 (also on line 8)' },
      { line: 10, message: 'date 2024-01-02 comes after 2024-01-04 (line 8): rows must be in ascending date order' },
      { line: 11, message: 'expected at least 2 fields, found 1' },
      { line: 12, message: 'unterminated quoted field (the quote opened on line 12 is never closed)' },
    ]);
    expect(r.error).toMatch(/^btc-usd-daily\.csv: line 3: date "2024-02-30"/);
  });

  it('header and empty-file errors', () => {
    const noClose = parseHistoryCsv('date,price\n2024-01-01,1\n');
    expect(!noClose.ok && noClose.errors).toEqual([{ line: 1, message: 'the header must have `close` column(s) (found: date, price)' }]);
    const empty = parseHistoryCsv('');
    expect(!empty.ok && empty.errors[0]!.line).toBeNull();
    const headerOnly = parseHistoryCsv('date,close\n');
    expect(!headerOnly.ok && headerOnly.error).toMatch(/no data rows/);
    expect(parseHistoryCsv('date,close\n2024-01-01,1e400\n').ok).toBe(false); // Infinity
    expect(parseHistoryCsv('date,close\n2024-01-01,0x10\n').ok).toBe(false);
    expect(parseHistoryCsv('date,close\n2024-01-01T00:00:00Z,1\n').ok).toBe(false);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(() => parseHistoryCsv(s)).not.toThrow();
        expect(() => parseHistoryCsv(`date,close\n${s}`)).not.toThrow();
      }),
      { numRuns: propertyRuns(500) },
    );
    expect(parseHistoryCsv(undefined as unknown as string).ok).toBe(false);
  });
});

describe('history sets', () => {
  it('file names map to (kind, underlying)', () => {
    expect(historyFileKey('public/data/history/btc-usd-daily.csv')).toEqual({ kind: 'price', underlying: 'BTC' });
    expect(historyFileKey('DVOL-ETH-daily.csv')).toEqual({ kind: 'dvol', underlying: 'ETH' });
    expect(historyFileKey('notes.csv')).toBeNull();
  });

  it('buildVarHistory assembles prices and DVOL, and reports the failing file', () => {
    const files = ['btc-usd-daily.csv', 'eth-usd-daily.csv', 'dvol-btc-daily.csv'].map((fileName) => ({ fileName, text: read(fileName) }));
    const r = buildVarHistory([...files, { fileName: 'readme.csv', text: '' }]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.keys(r.history.prices)).toEqual(['BTC', 'ETH']);
      expect(Object.keys(r.history.dvol ?? {})).toEqual(['BTC']);
      expect(r.warnings).toHaveLength(1);
    }
    const bad = buildVarHistory([{ fileName: 'sol-usd-daily.csv', text: 'date,close\n2024-01-01,x\n' }]);
    expect(!bad.ok && bad.error).toBe('sol-usd-daily.csv: line 2: close "x" for 2024-01-01 must be a positive number');
  });
});

describe('parsed histories feed the VaR engine', () => {
  it('runVar on buildVarHistory output equals runVar on the raw columns', async () => {
    const { buildMarketModel, compileBook, resolveBook } = await import('../engine/index.ts');
    const { runVar } = await import('../engine/var/index.ts');
    const { TEST_MARKET, book, pos } = await import('../engine/testMarket.ts');
    const model = buildMarketModel(TEST_MARKET);
    const cb = compileBook(resolveBook(book(pos('BTC-31JAN26-65000-C', -3), pos('ETH', 10)), model), model);
    const files = ['btc-usd-daily.csv', 'eth-usd-daily.csv'].map((fileName) => ({ fileName, text: read(fileName) }));
    const parsed = buildVarHistory(files);
    if (!parsed.ok) throw new Error(parsed.error);
    const raw = (f: string) => {
      const rows = read(f)
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      return { dates: rows.map((r) => r[0]!), values: rows.map((r) => Number(r[1])) };
    };
    const a = runVar(cb, parsed.history, { method: 'historical' });
    const b = runVar(cb, { prices: { BTC: raw('btc-usd-daily.csv'), ETH: raw('eth-usd-daily.csv') } }, { method: 'historical' });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.report.varUsd).toBe(b.report.varUsd);
  });
});
