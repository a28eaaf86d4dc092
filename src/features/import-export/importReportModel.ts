/**
 * Import report panel: the outcome of the last opened file in a few lines, a table of rejected rows, and what the
 * engine found when it valued the book against the market in use: rows that expired before the valuation time
 * (settled, in no figure) and rows on an expiry the market does not list (value interpolated).
 */
import type { Portfolio, RowError } from '../../domain/position.ts';
import type { RiskReport } from '../../domain/results.ts';
import type { ImportReport } from '../../state/slices/uiSlice.ts';
import { UNLISTED_EXPIRY_NOTE } from '../../engine/index.ts';

/** A loaded row the engine flags against the market in use. */
export interface ValuationNote {
  readonly line: number | null;
  readonly instrument: string;
  readonly kind: 'settled' | 'interpolated';
  readonly message: string;
}

export interface ImportReportView {
  readonly tone: 'ok' | 'warn' | 'error' | 'idle';
  readonly title: string;
  readonly summary: string;
  readonly rows: readonly RowError[];
  /** Rejected rows not listed (the table stops at `limit`). */
  readonly hiddenRows: number;
  readonly warnings: readonly string[];
  /** Loaded rows flagged by the valuation (expired, unlisted expiry), by line. */
  readonly notes: readonly ValuationNote[];
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

/**
 * Rows of the current book the last valuation flags: expired before the valuation time, or on an expiry the market
 * does not list. Only report rows that still match the book (same id and instrument) count, so a report computed
 * for the previous book never labels the new one.
 */
export function valuationNotes(portfolio: Portfolio, risk: RiskReport | null): ValuationNote[] {
  if (!risk) return [];
  const inBook = new Map(portfolio.positions.map((p) => [p.id, p.instrument] as const));
  const notes: ValuationNote[] = [];
  for (const s of risk.settled ?? []) {
    if (inBook.get(s.id) === s.instrument) notes.push({ line: s.line, instrument: s.instrument, kind: 'settled', message: s.message });
  }
  for (const p of risk.positions) {
    if (!p.expiryListed && inBook.get(p.id) === p.instrument) {
      notes.push({ line: p.line, instrument: p.instrument, kind: 'interpolated', message: UNLISTED_EXPIRY_NOTE });
    }
  }
  return notes.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

function notesSummary(notes: readonly ValuationNote[]): string {
  const settled = notes.filter((n) => n.kind === 'settled').length;
  const interpolated = notes.length - settled;
  const parts: string[] = [];
  if (settled > 0) parts.push(`${plural(settled, 'row')} expired before the valuation time (settled, in no figure)`);
  if (interpolated > 0) parts.push(`${plural(interpolated, 'row')} on an expiry not listed in this market (value interpolated)`);
  return parts.length > 0 ? `; ${parts.join('; ')}` : '';
}

export function buildImportReportView(report: ImportReport | null, limit = 200, notes: readonly ValuationNote[] = []): ImportReportView {
  if (!report) {
    return {
      tone: 'idle',
      title: 'No file opened yet',
      summary: 'Open a portfolio (CSV, JSON or Deribit get_positions JSON) or drop it anywhere on the page.',
      rows: [],
      hiddenRows: 0,
      warnings: [],
      notes: [],
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
      notes: [],
    };
  }
  if (report.kind === 'market') {
    return {
      tone: report.warnings.length > 0 ? 'warn' : 'ok',
      title: `${report.fileName}: market loaded`,
      summary: `${formatName(report.format)}, ${plural(report.rowsLoaded, 'underlying')}${report.warnings.length > 0 ? `, ${plural(report.warnings.length, 'warning')}` : ''}${notesSummary(notes)}.`,
      rows,
      hiddenRows,
      warnings: report.warnings,
      notes,
    };
  }
  const rejected = report.rejected.length;
  return {
    tone: rejected > 0 || notes.some((n) => n.kind === 'settled') ? 'warn' : 'ok',
    title: `${report.fileName}: ${plural(report.rowsLoaded, 'position')} loaded`,
    summary: `${formatName(report.format)}; ${rejected === 0 ? 'no row rejected' : `${plural(rejected, 'row')} rejected (listed below, not in the book)`}${notesSummary(notes)}.`,
    rows,
    hiddenRows,
    warnings: report.warnings,
    notes,
  };
}
