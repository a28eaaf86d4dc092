import { describe, expect, it } from 'vitest';
import {
  bookOpenDecision,
  downloadFileName,
  marketImportOutcome,
  portfolioImportOutcome,
  portfoliosImportOutcome,
  sizeRefusal,
} from './importOutcome.ts';
import { portfolioNameFromFile } from '../io/portfolioCsv.ts';
import { TEST_BOOK, TEST_MARKET } from './testing/fixtures.ts';

const rowError = { line: 3, instrument: 'XYZ', message: 'bad' };

describe('portfolio import outcome', () => {
  it('a good file replaces the book and reports rows loaded and rejected', () => {
    const { portfolio, report } = portfolioImportOutcome('b.csv', {
      ok: true,
      result: { portfolio: TEST_BOOK, errors: [rowError], format: 'csv' },
    });
    expect(portfolio).toBe(TEST_BOOK);
    expect(report).toMatchObject({ status: 'loaded', rowsLoaded: 4, rejected: [rowError], format: 'csv' });
  });

  it('a file with no good row never replaces the book', () => {
    const { portfolio, report } = portfolioImportOutcome('b.csv', {
      ok: true,
      result: { portfolio: { name: 'b', positions: [] }, errors: [rowError], format: 'csv' },
    });
    expect(portfolio).toBeNull();
    expect(report.status).toBe('failed');
    expect(report.message).toContain('none of its 1 rows');
    expect(report.message).toContain('unchanged');
    expect(report.rejected).toEqual([rowError]);
  });

  it('a non-portfolio file reports the importer’s reason', () => {
    const { portfolio, report } = portfolioImportOutcome('x.png', { ok: false, error: 'x.png: not a portfolio file' });
    expect(portfolio).toBeNull();
    expect(report).toMatchObject({ status: 'failed', fileName: 'x.png' });
    expect(report.message).toContain('not a portfolio file');
  });
});

describe('market import outcome and limits', () => {
  it('loads a snapshot as a non-default source', () => {
    const { market, report } = marketImportOutcome('m.json', { ok: true, snapshot: TEST_MARKET, format: 'snapshot', warnings: ['w'] });
    expect(market?.source).toEqual({ fileName: 'm.json', format: 'snapshot', isDefault: false, warnings: ['w'] });
    expect(report).toMatchObject({ kind: 'market', status: 'loaded', rowsLoaded: 2, warnings: ['w'] });
  });

  it('refuses files over 20 MB before reading them', () => {
    expect(sizeRefusal('portfolio', 'a.csv', 20 * 1024 * 1024)).toBeNull();
    const r = sizeRefusal('portfolio', 'big.csv', 21 * 1024 * 1024);
    expect(r?.status).toBe('failed');
    expect(r?.message).toMatch(/21\.0 MB.*over 20 MB.*unchanged/);
  });

  it('download names carry the book name as it is and the UTC minute; re-opening gives the name back', () => {
    const t = Date.UTC(2026, 11, 4, 17, 1, 59);
    expect(downloadFileName('My Book (v2).csv', 'json', t)).toBe('My Book (v2) 2026-12-04T1701Z.json');
    expect(downloadFileName('btc + eth', 'csv', t)).toBe('btc + eth 2026-12-04T1701Z.csv');
    expect(downloadFileName('a/b: c?', 'csv', t)).toBe('a-b- c- 2026-12-04T1701Z.csv');
    expect(downloadFileName('***', 'csv', t)).toBe('portfolio 2026-12-04T1701Z.csv');
    expect(downloadFileName(' .. ', 'csv', t)).toBe('portfolio 2026-12-04T1701Z.csv');
    for (const name of ['My Book (v2)', 'btc + eth', 'default-portfolio']) {
      expect(portfolioNameFromFile(downloadFileName(name, 'csv', t))).toBe(name);
    }
  });
});

describe('several files and the book in use', () => {
  const btc = {
    name: 'btc',
    positions: [
      { id: 'p1', instrument: 'BTC-PERPETUAL', quantity: -100, unit: 'usd' as const, entryPrice: null, venue: 'deribit', label: '' },
    ],
  };
  const eth = {
    name: 'eth',
    positions: [{ id: 'p1', instrument: 'ETH-PERPETUAL', quantity: 5, entryPrice: null, venue: 'deribit', label: '' }],
  };

  it('builds one book of the good files, lists each file, and tags rejected and skipped rows with their file', () => {
    const { portfolio, report } = portfoliosImportOutcome([
      {
        fileName: 'btc.json',
        result: { ok: true, result: { portfolio: btc, errors: [], format: 'deribit-positions', skipped: [rowError] } },
      },
      { fileName: 'eth.json', result: { ok: true, result: { portfolio: eth, errors: [rowError], format: 'deribit-positions' } } },
      { fileName: 'x.png', result: { ok: false, error: 'x.png: not a portfolio file' } },
    ]);
    expect(portfolio?.name).toBe('btc + eth');
    expect(portfolio?.positions.map((p) => [p.id, p.instrument])).toEqual([
      ['p1', 'BTC-PERPETUAL'],
      ['p2', 'ETH-PERPETUAL'],
    ]);
    expect(report).toMatchObject({ fileName: '3 files', status: 'loaded', rowsLoaded: 2, format: 'mixed' });
    expect(report.rejected).toEqual([{ ...rowError, file: 'eth.json' }]);
    expect(report.skipped).toEqual([{ ...rowError, file: 'btc.json' }]);
    expect(report.files?.map((f) => [f.fileName, f.status, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['btc.json', 'loaded', 1, 0],
      ['eth.json', 'loaded', 1, 1],
      ['x.png', 'failed', 0, 0],
    ]);
  });

  it('asks before rejected rows replace the trader’s book, never before replacing an untouched one', () => {
    const clean = portfolioImportOutcome('b.csv', { ok: true, result: { portfolio: btc, errors: [], format: 'csv' } }).report;
    const bad = portfolioImportOutcome('b.csv', { ok: true, result: { portfolio: btc, errors: [rowError], format: 'csv' } }).report;
    expect(bookOpenDecision(clean, false)).toBe('replace');
    expect(bookOpenDecision(bad, false)).toBe('ask');
    expect(bookOpenDecision(bad, true)).toBe('replace');
  });

  it('keeps the header the importer found, for the column mapping', () => {
    const header = { found: ['Ticker', 'Pos'], missing: ['instrument' as const, 'quantity' as const] };
    const { report } = portfolioImportOutcome('x.csv', { ok: false, error: 'x.csv: not a portfolio file: missing columns', header });
    expect(report).toMatchObject({ status: 'failed', header });
  });
});
