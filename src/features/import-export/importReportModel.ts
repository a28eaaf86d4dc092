/** Import report panel: the outcome of the last opened file in a few lines and a table of rejected rows. */
import type { RowError } from '../../domain/position.ts';
import type { ImportReport } from '../../state/slices/uiSlice.ts';

export interface ImportReportView {
  readonly tone: 'ok' | 'warn' | 'error' | 'idle';
  readonly title: string;
  readonly summary: string;
  readonly rows: readonly RowError[];
  /** Rejected rows not listed (the table stops at `limit`). */
  readonly hiddenRows: number;
  readonly warnings: readonly string[];
}

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  csv: 'portfolio CSV',
  json: 'portfolio JSON',
  'deribit-positions': 'Deribit get_positions JSON',
  snapshot: 'market snapshot JSON',
  'deribit-book-summary': 'Deribit book summary JSON',
};

export function formatName(format: string | null): string {
  if (!format) return 'unknown format';
  return FORMAT_NAMES[format] ?? format;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function buildImportReportView(report: ImportReport | null, limit = 200): ImportReportView {
  if (!report) {
    return {
      tone: 'idle',
      title: 'No file opened yet',
      summary: 'Open a portfolio (CSV, JSON or Deribit get_positions JSON) or drop it anywhere on the page.',
      rows: [],
      hiddenRows: 0,
      warnings: [],
    };
  }
  const rows = report.rejected.slice(0, limit);
  const hiddenRows = Math.max(0, report.rejected.length - rows.length);
  if (report.status === 'failed') {
    return {
      tone: 'error',
      title: `${report.fileName}: not loaded`,
      summary: report.message ?? 'The file could not be used.',
      rows,
      hiddenRows,
      warnings: report.warnings,
    };
  }
  if (report.kind === 'market') {
    return {
      tone: report.warnings.length > 0 ? 'warn' : 'ok',
      title: `${report.fileName}: market loaded`,
      summary: `${formatName(report.format)}, ${plural(report.rowsLoaded, 'underlying')}${report.warnings.length > 0 ? `, ${plural(report.warnings.length, 'warning')}` : ''}.`,
      rows,
      hiddenRows,
      warnings: report.warnings,
    };
  }
  const rejected = report.rejected.length;
  return {
    tone: rejected > 0 ? 'warn' : 'ok',
    title: `${report.fileName}: ${plural(report.rowsLoaded, 'position')} loaded`,
    summary: `${formatName(report.format)}; ${rejected === 0 ? 'no row rejected' : `${plural(rejected, 'row')} rejected (listed below, not in the book)`}.`,
    rows,
    hiddenRows,
    warnings: report.warnings,
  };
}
