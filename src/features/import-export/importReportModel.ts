/**
 * Import report panel: the outcome of the last opened file in a few lines, a table of rejected rows, and what the
 * engine found when it valued the book against the market in use: rows that expired before the valuation time
 * (settled, in no figure) and rows on an expiry the market does not list (value interpolated).
 */
import type { Portfolio } from '../../domain/position.ts';
import type { RiskReport } from '../../domain/results.ts';
import type { ImportReport, ReportedRow } from '../../state/slices/uiSlice.ts';
import { knownColumnOf, type PortfolioColumn } from '../../io/portfolioCsv.ts';
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
  readonly rows: readonly ReportedRow[];
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
  const skipped = report.skipped?.length ?? 0;
  const format = report.format === 'mixed' ? 'several formats' : formatName(report.format);
  const parts = [
    format,
    rejected === 0 ? 'no row rejected' : `${plural(rejected, 'row')} rejected (listed below, not in the book)`,
    ...(skipped > 0 ? [`${plural(skipped, 'row')} skipped (listed below)`] : []),
  ];
  if (report.status === 'pending') {
    return {
      tone: 'warn',
      title: `${report.fileName}: ${plural(report.rowsLoaded, 'good row')} waiting`,
      summary: `${parts.join('; ')}. Your book is unchanged until you answer the question at the top of the page.`,
      rows,
      hiddenRows,
      warnings: report.warnings,
      notes: [],
    };
  }
  const verb = report.action === 'added' ? 'added to the book' : 'loaded';
  return {
    tone: rejected > 0 || notes.some((n) => n.kind === 'settled') ? 'warn' : 'ok',
    title: `${report.fileName}: ${plural(report.rowsLoaded, 'position')} ${verb}`,
    summary: `${parts.join('; ')}${notesSummary(notes)}.`,
    rows,
    hiddenRows,
    warnings: report.warnings,
    notes,
  };
}

/** "Columns not used: "entry price usd", "desk" (kept and written back on download)". */
export function ignoredColumnsText(columns: readonly string[] | undefined): string | null {
  if (!columns || columns.length === 0) return null;
  return `${columns.length === 1 ? 'Column' : 'Columns'} not used: ${columns.map((c) => `“${c}”`).join(', ')} (kept and written back on download; ours are instrument, quantity, unit, entry_price, venue, label)`;
}

/** Words in a header name that suggest one of our columns (for the mapping prompt's first guess). */
const COLUMN_HINTS: readonly (readonly [PortfolioColumn, RegExp])[] = [
  ['instrument', /instr|ticker|symbol|contract|name|product|market/i],
  ['quantity', /qty|quant|pos|size|amount|contracts|lots|volume|holding/i],
  ['entry_price', /price|avg|average|entry|cost|basis/i],
  ['unit', /unit/i],
  ['venue', /venue|exchange|broker|account/i],
  ['label', /label|strategy|book|tag|note|comment|desk/i],
];

/** Our columns the mapping prompt offers, required first. */
export const MAPPABLE_COLUMNS: readonly PortfolioColumn[] = ['instrument', 'quantity', 'unit', 'entry_price', 'venue', 'label'];

/**
 * First guess of a mapping of found header names to our columns: a name we already read as a column (or alias)
 * keeps it; then each of our columns takes the first unused found name whose words suggest it. The trader corrects
 * it in the prompt.
 * @returns our column → found header name (absent: not mapped)
 */
export function guessColumnMapping(found: readonly string[]): Partial<Record<PortfolioColumn, string>> {
  const out: Partial<Record<PortfolioColumn, string>> = {};
  const used = new Set<string>();
  for (const name of found) {
    const col = knownColumnOf(name);
    if (col && MAPPABLE_COLUMNS.includes(col) && out[col] === undefined) {
      out[col] = name;
      used.add(name);
    }
  }
  for (const [col, hint] of COLUMN_HINTS) {
    if (out[col] !== undefined) continue;
    const name = found.find((f) => !used.has(f) && hint.test(f));
    if (name !== undefined) {
      out[col] = name;
      used.add(name);
    }
  }
  return out;
}

/** Our column → found name, turned into the importer's `columnMap` (found name → our column). */
export function toColumnMap(mapping: Partial<Record<PortfolioColumn, string>>): Record<string, PortfolioColumn> {
  const map: Record<string, PortfolioColumn> = {};
  for (const col of MAPPABLE_COLUMNS) {
    const name = mapping[col];
    if (name) map[name] = col;
  }
  return map;
}
