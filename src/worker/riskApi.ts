/**
 * The worker's API: a plain object of engine and I/O entry points. The worker only exposes it (risk.worker.ts), so
 * the same functions run directly under Vitest in Node. Arguments and results are structured-clone data.
 */
import { computeReportResolved, listMarketInstruments } from '../engine/index.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import type { HeaderProblem, PortfolioColumn } from '../io/portfolioCsv.ts';
import { exportPortfolioCsv, exportPortfolioJson } from '../io/exportPortfolio.ts';
import { importMarketText, readMarketFileContent } from '../io/importMarket.ts';
import { importMarketFiles } from '../io/mergeMarket.ts';
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio, PortfolioImport } from '../domain/position.ts';
import type { RiskReport } from '../domain/results.ts';
import type { Scenario } from '../domain/scenario.ts';
import { MAX_FILE_BYTES } from '../lib/limits.ts';
import type { MarketOverridesInput } from './marketOverrides.ts';
import { bookContext } from './bookCache.ts';
import { viewsApi } from './api/viewsApi.ts';
import { varApi } from './api/varApi.ts';
import { marginApi } from './api/marginApi.ts';
import { hedgeApi } from './api/hedgeApi.ts';
import { proofApi } from './api/proofApi.ts';
import { tradeApi } from './api/tradeApi.ts';

export type PortfolioFileResult =
  | { readonly ok: true; readonly result: PortfolioImport }
  /** `header`: a CSV header without the required columns, with the names found (for a column mapping). */
  | { readonly ok: false; readonly error: string; readonly header?: HeaderProblem };

export type MarketFileResult =
  | { readonly ok: true; readonly snapshot: MarketSnapshot; readonly format: string; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string };

export type AnyFileResult =
  { readonly kind: 'portfolio'; readonly result: PortfolioFileResult } | { readonly kind: 'market'; readonly result: MarketFileResult };

export type ExportFormat = 'csv' | 'json';

/** Read a Blob (File) as text; Blobs cross the worker boundary by reference, so the main thread never decodes. */
async function readText(file: Blob | string): Promise<string> {
  return typeof file === 'string' ? file : await file.text();
}

function tooLarge(file: Blob | string, fileName: string): string | null {
  const size = typeof file === 'string' ? file.length : file.size;
  return size > MAX_FILE_BYTES ? `${fileName} is larger than 20 MB; split the book or remove unused columns.` : null;
}

export const riskApi = {
  /**
   * Full report of the book on the (overridden) market, with the what-if scenario's P&L.
   * @param marketKey identifies (market, overrides) for the model cache; omit to always rebuild
   * @param bookKey identifies the book: with both keys a what-if step reuses the resolved book and its base
   *   valuations and only reprices the shock
   */
  computeReport(
    portfolio: Portfolio,
    market: MarketSnapshot,
    overrides: MarketOverridesInput | null,
    scenario: Scenario,
    marketKey?: string,
    bookKey?: string,
  ): RiskReport {
    const ctx = bookContext({
      portfolio,
      market,
      overrides,
      ...(marketKey !== undefined ? { marketKey } : {}),
      ...(bookKey !== undefined ? { bookKey } : {}),
    });
    return computeReportResolved(ctx.resolved, ctx.model, scenario);
  },

  /** Instrument names of a snapshot, for the add-position picker. */
  listMarketInstruments(market: MarketSnapshot) {
    return listMarketInstruments(market);
  },

  /**
   * Read a portfolio file in the worker.
   * @param onProgress optional (a Comlink proxy from the client): fraction done, reported every few thousand rows
   */
  async readPortfolioFile(
    file: Blob | string,
    fileName: string,
    onProgress?: (fraction: number) => void,
    columnMap?: Readonly<Record<string, PortfolioColumn>>,
  ): Promise<PortfolioFileResult> {
    const sizeError = tooLarge(file, fileName);
    if (sizeError) return { ok: false, error: sizeError };
    const text = await readText(file);
    return importPortfolioText(text, fileName, {
      ...(onProgress ? { onProgress: (f: number) => void onProgress(f) } : {}),
      ...(columnMap ? { columnMap } : {}),
    });
  },

  async readMarketFile(file: Blob | string, fileName: string): Promise<MarketFileResult> {
    const sizeError = tooLarge(file, fileName);
    if (sizeError) return { ok: false, error: sizeError };
    const r = importMarketText(await readText(file), fileName);
    return r.ok ? { ok: true, snapshot: r.snapshot, format: String(r.format), warnings: r.warnings } : { ok: false, error: r.error };
  },

  /** Several market files opened at once, merged by underlying (io/mergeMarket.ts); one file as readMarketFile. */
  async readMarketFiles(files: readonly { readonly file: Blob | string; readonly fileName: string }[]): Promise<MarketFileResult> {
    for (const f of files) {
      const sizeError = tooLarge(f.file, f.fileName);
      if (sizeError) return { ok: false, error: sizeError };
    }
    const texts = await Promise.all(files.map(async (f) => ({ fileName: f.fileName, text: await readText(f.file) })));
    const r = importMarketFiles(texts);
    return r.ok ? { ok: true, snapshot: r.snapshot, format: String(r.format), warnings: r.warnings } : { ok: false, error: r.error };
  },

  /**
   * A file dropped on the page: a portfolio if it reads as one with at least one good row, else a market snapshot
   * if it reads as one, else the portfolio importer's verdict (the more useful message for a dropped book).
   */
  async readDroppedFile(file: Blob | string, fileName: string): Promise<AnyFileResult> {
    const sizeError = tooLarge(file, fileName);
    if (sizeError) return { kind: 'portfolio', result: { ok: false, error: sizeError } };
    const text = await readText(file);
    const portfolio = importPortfolioText(text, fileName);
    if (portfolio.ok && portfolio.result.portfolio.positions.length > 0) return { kind: 'portfolio', result: portfolio };
    const market = importMarketText(text, fileName);
    if (market.ok) {
      return { kind: 'market', result: { ok: true, snapshot: market.snapshot, format: String(market.format), warnings: market.warnings } };
    }
    return { kind: 'portfolio', result: portfolio };
  },

  /**
   * Several portfolio files opened together (each read as readPortfolioFile reads it), in the given order.
   * @param onProgress fraction of the files read
   */
  async readPortfolioFiles(
    files: readonly { readonly file: Blob | string; readonly fileName: string }[],
    onProgress?: (fraction: number) => void,
  ): Promise<{ readonly fileName: string; readonly result: PortfolioFileResult }[]> {
    const out: { fileName: string; result: PortfolioFileResult }[] = [];
    for (const [i, f] of files.entries()) {
      const sizeError = tooLarge(f.file, f.fileName);
      out.push({
        fileName: f.fileName,
        result: sizeError ? { ok: false, error: sizeError } : importPortfolioText(await readText(f.file), f.fileName),
      });
      if (onProgress) void onProgress((i + 1) / files.length);
    }
    return out;
  },

  /**
   * Files dropped on the page together: each is a book if it reads as one with at least one good row, else market
   * data if it reads as that, else the portfolio importer's verdict. The market files are merged by underlying.
   */
  async readDroppedFiles(files: readonly { readonly file: Blob | string; readonly fileName: string }[]): Promise<{
    readonly portfolios: readonly { readonly fileName: string; readonly result: PortfolioFileResult }[];
    readonly market: MarketFileResult | null;
    readonly marketFiles: readonly string[];
  }> {
    const portfolios: { fileName: string; result: PortfolioFileResult }[] = [];
    const markets: { fileName: string; text: string }[] = [];
    for (const f of files) {
      const sizeError = tooLarge(f.file, f.fileName);
      if (sizeError) {
        portfolios.push({ fileName: f.fileName, result: { ok: false, error: sizeError } });
        continue;
      }
      const text = await readText(f.file);
      const portfolio = importPortfolioText(text, f.fileName);
      if (portfolio.ok && portfolio.result.portfolio.positions.length > 0) portfolios.push({ fileName: f.fileName, result: portfolio });
      else if (readMarketFileContent(text, f.fileName).ok) markets.push({ fileName: f.fileName, text });
      else portfolios.push({ fileName: f.fileName, result: portfolio });
    }
    let market: MarketFileResult | null = null;
    if (markets.length > 0) {
      const r = importMarketFiles(markets);
      market = r.ok ? { ok: true, snapshot: r.snapshot, format: String(r.format), warnings: r.warnings } : { ok: false, error: r.error };
    }
    return { portfolios, market, marketFiles: markets.map((m) => m.fileName) };
  },

  exportPortfolio(portfolio: Portfolio, format: ExportFormat): string {
    return format === 'csv' ? exportPortfolioCsv(portfolio) : exportPortfolioJson(portfolio);
  },

  ...viewsApi,
  ...varApi,
  ...marginApi,
  ...hedgeApi,
  ...proofApi,
  ...tradeApi,
};

export type RiskApi = typeof riskApi;
export type RiskMethod = keyof RiskApi;
