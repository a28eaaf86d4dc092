/**
 * The worker's API: a plain object of engine and I/O entry points. The worker only exposes it (risk.worker.ts), so
 * the same functions run directly under Vitest in Node. Arguments and results are structured-clone data.
 */
import { computeReportResolved, listMarketInstruments } from '../engine/index.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { exportPortfolioCsv, exportPortfolioJson } from '../io/exportPortfolio.ts';
import { importMarketText } from '../io/importMarket.ts';
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

export type PortfolioFileResult = { readonly ok: true; readonly result: PortfolioImport } | { readonly ok: false; readonly error: string };

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
  async readPortfolioFile(file: Blob | string, fileName: string, onProgress?: (fraction: number) => void): Promise<PortfolioFileResult> {
    const sizeError = tooLarge(file, fileName);
    if (sizeError) return { ok: false, error: sizeError };
    const text = await readText(file);
    return importPortfolioText(text, fileName, onProgress ? { onProgress: (f) => void onProgress(f) } : {});
  },

  async readMarketFile(file: Blob | string, fileName: string): Promise<MarketFileResult> {
    const sizeError = tooLarge(file, fileName);
    if (sizeError) return { ok: false, error: sizeError };
    const r = importMarketText(await readText(file), fileName);
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

  exportPortfolio(portfolio: Portfolio, format: ExportFormat): string {
    return format === 'csv' ? exportPortfolioCsv(portfolio) : exportPortfolioJson(portfolio);
  },

  ...viewsApi,
  ...varApi,
  ...marginApi,
  ...hedgeApi,
  ...proofApi,
};

export type RiskApi = typeof riskApi;
export type RiskMethod = keyof RiskApi;
