/**
 * Commands that involve files: open a portfolio or market file (picker or drop), load the sample, download the book.
 * Parsing and serialising run in the worker ('files' and 'export' channels); the decisions about what replaces
 * what are the pure functions of importOutcome.ts.
 */
import type { AppStore } from './store.ts';
import type { AppState } from './appState.ts';
import { marketImportOutcome, portfolioImportOutcome, sizeRefusal, downloadFileName } from './importOutcome.ts';
import { isSupersededError, type RiskClient } from '../worker/riskClient.ts';
import type { ExportFormat } from '../worker/riskApi.ts';

export const DEFAULT_MARKET_URL = './data/default-market.json';
export const DEFAULT_PORTFOLIO_URL = './data/default-portfolio.csv';
export const DEFAULT_MARKET_NAME = 'default-market.json';
export const DEFAULT_PORTFOLIO_NAME = 'default-portfolio.csv';

export type FileClient = Pick<RiskClient, 'request'>;

/** Where downloads go (an anchor click in the page; a recorder in tests). */
export type SaveFile = (fileName: string, text: string, mimeType: string) => void;

export interface FileCommands {
  openPortfolioFile(file: File): Promise<void>;
  openMarketFile(file: File): Promise<void>;
  /** Dropped anywhere on the page: a book, or else a market snapshot. */
  openDroppedFile(file: File): Promise<void>;
  /** The sample book on the embedded market; undo brings the previous book back. */
  loadSample(): Promise<void>;
  /**
   * Fetch and install the embedded market (no import report: it is not a user file). With `onlyIfNone`, a market the
   * user opened in the meantime wins (start-up must never overwrite a user's file).
   */
  loadDefaultMarket(opts?: { onlyIfNone?: boolean }): Promise<boolean>;
  /** Fetch and parse the sample book; null when it cannot be read. */
  fetchDefaultPortfolio(): Promise<import('../domain/position.ts').Portfolio | null>;
  downloadPortfolio(format: ExportFormat): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function fetchBlob(url: string): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return await res.blob();
}

export function createFileCommands(store: AppStore, client: FileClient, saveFile: SaveFile): FileCommands {
  const ui = () => store.getState();

  // Books and markets are read on separate workers, so they can finish out of order. The "last import" panel must
  // show the file the trader opened last, not the one that happened to finish last: each open takes a number and
  // may only replace a report from an earlier (or the same) open.
  let lastOpened = 0;
  let lastReported = 0;
  const reporter = () => {
    const seq = ++lastOpened;
    return (report: Parameters<AppState['setImportReport']>[0]) => {
      if (seq < lastReported) return;
      lastReported = seq;
      ui().setImportReport(report);
    };
  };

  const withBusy = async <T>(text: string, work: () => Promise<T>): Promise<T | undefined> => {
    ui().setBusy(text);
    try {
      return await work();
    } catch (e) {
      if (isSupersededError(e)) return undefined;
      throw e;
    } finally {
      if (ui().busyMessage === text) ui().setBusy(null);
    }
  };

  const openPortfolio = async (file: File) => {
    const setReport = reporter();
    const refusal = sizeRefusal('portfolio', file.name, file.size);
    if (refusal) {
      setReport(refusal);
      return;
    }
    try {
      // Large files report progress from the worker's importer (every few thousand rows).
      const r = await withBusy(`Reading ${file.name}…`, () =>
        client.request('portfolioFiles', 'readPortfolioFile', [file, file.name], {
          onProgress: (fraction) => ui().setBusyProgress(fraction),
        }),
      );
      if (!r) return;
      const { portfolio, report } = portfolioImportOutcome(file.name, r);
      if (portfolio) ui().importPortfolio(portfolio);
      setReport(report);
    } catch (e) {
      setReport({
        kind: 'portfolio',
        fileName: file.name,
        status: 'failed',
        format: null,
        rowsLoaded: 0,
        rejected: [],
        warnings: [],
        message: `${file.name} could not be read: ${message(e)}. The current book is unchanged.`,
      });
    }
  };

  const openMarket = async (file: File) => {
    const setReport = reporter();
    const refusal = sizeRefusal('market', file.name, file.size);
    if (refusal) {
      setReport(refusal);
      return;
    }
    try {
      const r = await withBusy(`Reading ${file.name}…`, () => client.request('marketFiles', 'readMarketFile', [file, file.name]));
      if (!r) return;
      const { market, report } = marketImportOutcome(file.name, r);
      if (market) ui().loadMarket(market.snapshot, market.source);
      setReport(report);
    } catch (e) {
      setReport({
        kind: 'market',
        fileName: file.name,
        status: 'failed',
        format: null,
        rowsLoaded: 0,
        rejected: [],
        warnings: [],
        message: `${file.name} could not be read: ${message(e)}. The current market is unchanged.`,
      });
    }
  };

  const loadDefaultMarket = async (opts: { onlyIfNone?: boolean } = {}): Promise<boolean> => {
    try {
      const blob = await fetchBlob(DEFAULT_MARKET_URL);
      const r = await client.request('startup', 'readMarketFile', [blob, DEFAULT_MARKET_NAME]);
      if (!r.ok) throw new Error(r.error);
      if (opts.onlyIfNone && ui().market !== null) return false;
      ui().loadMarket(r.snapshot, { fileName: DEFAULT_MARKET_NAME, format: r.format, isDefault: true, warnings: r.warnings });
      return true;
    } catch (e) {
      if (isSupersededError(e)) return false;
      ui().pushNotice({
        id: 'default-market',
        level: 'error',
        text: `The embedded market snapshot could not be loaded (${message(e)}). Open a market file to value the book.`,
      });
      return false;
    }
  };

  const fetchDefaultPortfolio = async () => {
    try {
      const blob = await fetchBlob(DEFAULT_PORTFOLIO_URL);
      const r = await client.request('startup', 'readPortfolioFile', [blob, DEFAULT_PORTFOLIO_NAME]);
      return r.ok ? r.result.portfolio : null;
    } catch (e) {
      if (!isSupersededError(e)) {
        ui().pushNotice({ id: 'default-portfolio', level: 'error', text: `The sample book could not be loaded (${message(e)}).` });
      }
      return null;
    }
  };

  return {
    openPortfolioFile: openPortfolio,
    openMarketFile: openMarket,

    async openDroppedFile(file) {
      const setReport = reporter();
      const refusal = sizeRefusal('portfolio', file.name, file.size);
      if (refusal) {
        setReport(refusal);
        return;
      }
      try {
        const r = await withBusy(`Reading ${file.name}…`, () => client.request('portfolioFiles', 'readDroppedFile', [file, file.name]));
        if (!r) return;
        if (r.kind === 'market') {
          const { market, report } = marketImportOutcome(file.name, r.result);
          if (market) ui().loadMarket(market.snapshot, market.source);
          setReport(report);
        } else {
          const { portfolio, report } = portfolioImportOutcome(file.name, r.result);
          if (portfolio) ui().importPortfolio(portfolio);
          setReport(report);
        }
      } catch (e) {
        setReport({
          kind: 'portfolio',
          fileName: file.name,
          status: 'failed',
          format: null,
          rowsLoaded: 0,
          rejected: [],
          warnings: [],
          message: `${file.name} could not be read: ${message(e)}. The current book is unchanged.`,
        });
      }
    },

    async loadSample() {
      const setReport = reporter();
      await withBusy('Loading the sample book…', async () => {
        if (!ui().marketSource?.isDefault) await loadDefaultMarket();
        const portfolio = await fetchDefaultPortfolio();
        if (!portfolio) return;
        ui().importPortfolio(portfolio);
        setReport({
          kind: 'portfolio',
          fileName: DEFAULT_PORTFOLIO_NAME,
          status: 'loaded',
          format: 'csv',
          rowsLoaded: portfolio.positions.length,
          rejected: [],
          message: null,
          warnings: [],
        });
      });
    },

    loadDefaultMarket,
    fetchDefaultPortfolio,

    async downloadPortfolio(format) {
      const { portfolio } = ui();
      try {
        const text = await withBusy('Preparing the download…', () => client.request('export', 'exportPortfolio', [portfolio, format]));
        if (text === undefined) return;
        saveFile(downloadFileName(portfolio.name, format), text, format === 'csv' ? 'text/csv' : 'application/json');
      } catch (e) {
        ui().pushNotice({ id: 'download', level: 'error', text: `The download failed: ${message(e)}` });
      }
    },
  };
}

/** Browser download of a text file through a temporary Blob URL (no network involved). */
export function saveFileInBrowser(fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
