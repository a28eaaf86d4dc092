import { describe, expect, it } from 'vitest';
import { downloadFileName, marketImportOutcome, portfolioImportOutcome, sizeRefusal } from './importOutcome.ts';
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

  it('download names are slugs', () => {
    expect(downloadFileName('My Book (v2).csv', 'json')).toBe('my-book-v2.json');
    expect(downloadFileName('***', 'csv')).toBe('portfolio.csv');
  });
});
