/**
 * Pure decisions about an opened file: does it replace the book (or the market), and what does the import report
 * say. A file that fails entirely, or has no good row, never replaces anything.
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';
import type { MarketFileResult, PortfolioFileResult } from '../worker/riskApi.ts';
import type { MarketSource } from './slices/marketSlice.ts';
import type { ImportReport, ReportedFile, ReportedRow } from './slices/uiSlice.ts';
import { MAX_FILE_BYTES } from '../lib/limits.ts';
import { mergePortfolios } from '../io/mergePortfolios.ts';

const UNCHANGED_BOOK = 'The current book is unchanged.';
const UNCHANGED_MARKET = 'The current market is unchanged.';

function failed(kind: ImportReport['kind'], fileName: string, message: string, extra: Partial<ImportReport> = {}): ImportReport {
  return { kind, fileName, status: 'failed', format: null, rowsLoaded: 0, rejected: [], message, warnings: [], ...extra };
}

/** Refuse files over 20 MB before reading a byte. */
export function sizeRefusal(kind: ImportReport['kind'], fileName: string, sizeBytes: number): ImportReport | null {
  if (sizeBytes <= MAX_FILE_BYTES) return null;
  const mb = (sizeBytes / (1024 * 1024)).toFixed(1);
  const unchanged = kind === 'portfolio' ? UNCHANGED_BOOK : UNCHANGED_MARKET;
  return failed(kind, fileName, `${fileName} is ${mb} MB; files over 20 MB are refused. ${unchanged}`);
}

export function portfolioImportOutcome(fileName: string, r: PortfolioFileResult): { portfolio: Portfolio | null; report: ImportReport } {
  if (!r.ok) {
    return {
      portfolio: null,
      report: failed('portfolio', fileName, `${r.error} ${UNCHANGED_BOOK}`, r.header ? { header: r.header, format: 'csv' } : {}),
    };
  }
  const { portfolio, errors, format } = r.result;
  const notes = {
    ...(r.result.ignoredColumns?.length ? { ignoredColumns: r.result.ignoredColumns } : {}),
    ...(r.result.skipped?.length ? { skipped: r.result.skipped } : {}),
  };
  if (portfolio.positions.length === 0) {
    const why = errors.length > 0 ? `none of its ${errors.length} rows could be read` : 'it contains no positions';
    return {
      portfolio: null,
      report: failed('portfolio', fileName, `${fileName} was not loaded: ${why}. ${UNCHANGED_BOOK}`, {
        format,
        rejected: errors,
        ...notes,
      }),
    };
  }
  return {
    portfolio,
    report: {
      kind: 'portfolio',
      fileName,
      status: 'loaded',
      format,
      rowsLoaded: portfolio.positions.length,
      rejected: errors,
      message: null,
      warnings: [],
      ...notes,
    },
  };
}

/**
 * Several portfolio files opened together → one book of every good file's positions (in file order) and one report
 * listing each file, with every rejected or skipped row tagged by its file. One file: as portfolioImportOutcome.
 */
export function portfoliosImportOutcome(results: readonly { readonly fileName: string; readonly result: PortfolioFileResult }[]): {
  portfolio: Portfolio | null;
  report: ImportReport;
} {
  if (results.length === 1) return portfolioImportOutcome(results[0]!.fileName, results[0]!.result);
  const books: Portfolio[] = [];
  const files: ReportedFile[] = [];
  const rejected: ReportedRow[] = [];
  const skipped: ReportedRow[] = [];
  const ignored: string[] = [];
  for (const { fileName, result } of results) {
    const one = portfolioImportOutcome(fileName, result);
    if (one.portfolio) books.push(one.portfolio);
    rejected.push(...one.report.rejected.map((e) => ({ ...e, file: fileName })));
    skipped.push(...(one.report.skipped ?? []).map((e) => ({ ...e, file: fileName })));
    for (const c of one.report.ignoredColumns ?? []) if (!ignored.includes(c)) ignored.push(c);
    files.push({
      fileName,
      status: one.report.status === 'loaded' ? 'loaded' : 'failed',
      format: one.report.format,
      rowsLoaded: one.report.rowsLoaded,
      rowsRejected: one.report.rejected.length,
      message: one.report.message,
    });
  }
  const label = `${results.length} files`;
  const portfolio = books.length > 0 ? mergePortfolios(books) : null;
  const base = {
    kind: 'portfolio' as const,
    fileName: label,
    format: files.every((f) => f.format === files[0]?.format) ? (files[0]?.format ?? null) : 'mixed',
    rejected,
    warnings: [],
    files,
    ...(ignored.length > 0 ? { ignoredColumns: ignored } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
  };
  if (!portfolio) {
    return {
      portfolio: null,
      report: {
        ...base,
        status: 'failed',
        rowsLoaded: 0,
        message: `None of the ${results.length} files could be loaded. ${UNCHANGED_BOOK}`,
      },
    };
  }
  return { portfolio, report: { ...base, status: 'loaded', rowsLoaded: portfolio.positions.length, message: null } };
}

/**
 * What opening a readable book does to the book in use. The trader's book is never replaced by a file with
 * rejected rows without asking ("load the 8 good rows?"); a book nobody has touched yet (the sample as loaded, or
 * an empty book) is simply replaced, whatever the file holds, since nothing of the trader's can be lost.
 * @returns `replace` (one undo step; the prompt then offers to add instead when the book was the trader's) or `ask`
 */
export function bookOpenDecision(report: ImportReport, bookUntouched: boolean): 'replace' | 'ask' {
  return report.rejected.length > 0 && !bookUntouched ? 'ask' : 'replace';
}

export function marketImportOutcome(
  fileName: string,
  r: MarketFileResult,
): { market: { snapshot: MarketSnapshot; source: MarketSource } | null; report: ImportReport } {
  if (!r.ok) return { market: null, report: failed('market', fileName, `${r.error} ${UNCHANGED_MARKET}`) };
  const underlyings = Object.keys(r.snapshot.underlyings);
  if (underlyings.length === 0) {
    return {
      market: null,
      report: failed('market', fileName, `${fileName} has no underlyings. ${UNCHANGED_MARKET}`, { format: r.format }),
    };
  }
  return {
    market: { snapshot: r.snapshot, source: { fileName, format: r.format, isDefault: false, warnings: r.warnings } },
    report: {
      kind: 'market',
      fileName,
      status: 'loaded',
      format: r.format,
      rowsLoaded: underlyings.length,
      rejected: [],
      message: null,
      warnings: r.warnings,
    },
  };
}

/** `2026-12-04T1701Z`: the UTC minute of a download, in a form file systems accept everywhere (no colons). */
export function downloadStamp(nowMs: number): string {
  const iso = new Date(nowMs).toISOString(); // 2026-12-04T17:01:23.456Z
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/**
 * Download name: the book's name as it is (characters file systems refuse become `-`) and the UTC minute, e.g.
 * `My book 2026-12-04T1701Z.csv`. Re-opening the file gives the book's name back (io/portfolioCsv.ts
 * `portfolioNameFromFile` drops the stamp). Never empty.
 */
export function downloadFileName(portfolioName: string, extension: string, nowMs: number): string {
  const name = portfolioName
    .replace(/\.(csv|json)$/i, '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what file names must not contain
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s-]+|[.\s]+$/g, '');
  return `${name || 'portfolio'} ${downloadStamp(nowMs)}.${extension}`;
}
