import { describe, expect, it } from 'vitest';
import { buildImportReportView, formatName } from './importReportModel.ts';
import type { ImportReport } from '../../state/slices/uiSlice.ts';

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
