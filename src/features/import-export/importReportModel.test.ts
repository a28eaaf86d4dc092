import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildImportReportView, formatName, valuationNotes } from './importReportModel.ts';
import type { ImportReport } from '../../state/slices/uiSlice.ts';
import { computeReport } from '../../engine/index.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';

const base: ImportReport = {
  kind: 'portfolio',
  fileName: 'b.csv',
  status: 'loaded',
  format: 'csv',
  rowsLoaded: 3,
  rejected: [],
  message: null,
  warnings: [],
};

describe('import report view', () => {
  it('idle before any file', () => {
    expect(buildImportReportView(null).tone).toBe('idle');
  });

  it('clean load, load with rejected rows, failure', () => {
    expect(buildImportReportView(base)).toMatchObject({ tone: 'ok', title: 'b.csv: 3 positions loaded' });
    const rejected = Array.from({ length: 5 }, (_, i) => ({ line: i + 2, instrument: 'X', message: 'bad' }));
    const v = buildImportReportView({ ...base, rejected }, 3);
    expect(v).toMatchObject({ tone: 'warn', hiddenRows: 2 });
    expect(v.rows).toHaveLength(3);
    expect(v.summary).toContain('5 rows rejected');
    expect(buildImportReportView({ ...base, status: 'failed', message: 'nope' })).toMatchObject({ tone: 'error', summary: 'nope' });
  });

  it('market files and format names', () => {
    expect(buildImportReportView({ ...base, kind: 'market', format: 'snapshot', rowsLoaded: 2, warnings: ['w'] }).summary).toBe(
      'market snapshot JSON, 2 underlyings, 1 warning.',
    );
    expect(formatName('deribit-positions')).toBe('Deribit get_positions JSON');
    expect(formatName(null)).toBe('unknown format');
  });
});

describe('rows flagged against the market in use', () => {
  const market = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const imported = importPortfolioText(
    'instrument,quantity\nBTC-25SEP26-90000-C,-1\nBTC-26SEP26-80000-C,2\nBTC-27DEC24-60000-C,2\n',
    'b.csv',
  );
  if (!market.ok || !imported.ok) throw new Error('fixtures');
  const book = imported.result.portfolio;
  const risk = computeReport(book, market.snapshot);

  it('lists the expired row (settled) and the unlisted expiry (interpolated) by line, and says so in the summary', () => {
    const notes = valuationNotes(book, risk);
    expect(notes).toEqual([
      { line: 3, instrument: 'BTC-26SEP26-80000-C', kind: 'interpolated', message: 'not listed in this market; value interpolated' },
      {
        line: 4,
        instrument: 'BTC-27DEC24-60000-C',
        kind: 'settled',
        message: expect.stringMatching(/^expired on 27 Dec 2024 08:00 UTC, settled/),
      },
    ]);
    const v = buildImportReportView(base, 200, notes);
    expect(v.tone).toBe('warn');
    expect(v.summary).toBe(
      'portfolio CSV; no row rejected; 1 row expired before the valuation time (settled, in no figure); 1 row on an expiry not listed in this market (value interpolated).',
    );
    expect(v.notes).toBe(notes);
  });

  it('ignores a report computed for another book (ids are reused by every import)', () => {
    const other = importPortfolioText('instrument,quantity\nBTC-PERPETUAL,1\nETH-PERPETUAL,1\nBTC,1\n', 'c.csv');
    if (!other.ok) throw new Error(other.error);
    expect(valuationNotes(other.result.portfolio, risk)).toEqual([]);
    expect(valuationNotes(book, null)).toEqual([]);
  });
});
