/**
 * Pure decisions about an opened file: does it replace the book (or the market), and what does the import report
 * say. A file that fails entirely, or has no good row, never replaces anything.
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';
import type { MarketFileResult, PortfolioFileResult } from '../worker/riskApi.ts';
import type { MarketSource } from './slices/marketSlice.ts';
import type { ImportReport } from './slices/uiSlice.ts';
import { MAX_FILE_BYTES } from '../lib/limits.ts';

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
  if (!r.ok) return { portfolio: null, report: failed('portfolio', fileName, `${r.error} ${UNCHANGED_BOOK}`) };
  const { portfolio, errors, format } = r.result;
  if (portfolio.positions.length === 0) {
    const why = errors.length > 0 ? `none of its ${errors.length} rows could be read` : 'it contains no positions';
    return {
      portfolio: null,
      report: failed('portfolio', fileName, `${fileName} was not loaded: ${why}. ${UNCHANGED_BOOK}`, { format, rejected: errors }),
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
    },
  };
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

/** `My book` → `my-book.csv`; never empty. */
export function downloadFileName(portfolioName: string, format: 'csv' | 'json'): string {
  const slug = portfolioName
    .toLowerCase()
    .replace(/\.(csv|json)$/i, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'portfolio'}.${format}`;
}
