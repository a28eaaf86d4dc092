/**
 * Commands that involve files: open portfolio or market files (picker or drop, one or several at once), load the
 * sample, download the book or a template. Parsing and serialising run in the worker ('files' and 'export'
 * channels); the decisions about what replaces what are the pure functions of importOutcome.ts.
 *
 * Opening a book (the rule, also in docs/ARCHITECTURE.md "Files"):
 * - several files at once build one book (every good file's positions, in order);
 * - a book nobody has touched (the sample as loaded, or an empty book) is replaced at once, whatever the file;
 * - the trader's own book is replaced at once by a clean file (one undo step) and the prompt bar offers "add to
 *   the book instead"; a file with rejected rows waits for an answer ("load the 8 good rows?": replace, add,
 *   cancel), the book unchanged meanwhile;
 * - a CSV whose header lacks our columns offers a mapping of its columns to ours, and a template CSV.
 * Nothing here blocks the page: prompts are inline and a newer file simply replaces the question.
 */
import type { AppStore } from './store.ts';
import type { AppState } from './appState.ts';
import {
  bookOpenDecision,
  downloadFileName,
  marketImportOutcome,
  portfolioImportOutcome,
  portfoliosImportOutcome,
  sizeRefusal,
} from './importOutcome.ts';
import { isSupersededError, type RiskClient } from '../worker/riskClient.ts';
import type { ExportFormat, MarketFileResult, PortfolioFileResult } from '../worker/riskApi.ts';
import type { Portfolio } from '../domain/position.ts';
import { EMPTY_PORTFOLIO } from './slices/portfolioSlice.ts';
import { mergePortfolios } from '../io/mergePortfolios.ts';
import { mergeMarketSnapshots } from '../io/mergeMarket.ts';
import { PORTFOLIO_CSV_TEMPLATE, type PortfolioColumn } from '../io/portfolioCsv.ts';
import type { ImportReport } from './slices/uiSlice.ts';

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

/** The page's file commands: {@link FileCommands} plus several files at once and the answers to import prompts. */
export interface PageFileCommands extends FileCommands {
  /** Several portfolio files picked together: one book (module rules). */
  openPortfolioFiles(files: readonly File[]): Promise<void>;
  /** Several market files picked together: merged by underlying. */
  openMarketFiles(files: readonly File[]): Promise<void>;
  /** Several files dropped together: the books make one book, the market files one market. */
  openDroppedFiles(files: readonly File[]): Promise<void>;
  /** Answer the open import prompt (ImportPrompt in uiSlice.ts). */
  answerPrompt(answer: 'replace' | 'add' | 'cancel' | 'add-instead' | 'keep-previous-market'): void;
  /** Read the prompt's CSV again with the trader's mapping of its columns to ours. */
  importWithMapping(columnMap: Readonly<Record<string, PortfolioColumn>>): Promise<void>;
  /** Download a template portfolio CSV (every column, example rows). */
  downloadTemplate(): void;
}

export interface FileCommandOptions {
  /** The clock (epoch ms) for download time stamps; tests inject a fixed one. */
  readonly now?: () => number;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function fetchBlob(url: string): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return await res.blob();
}

export function createFileCommands(
  store: AppStore,
  client: FileClient,
  saveFile: SaveFile,
  options: FileCommandOptions = {},
): PageFileCommands {
  const ui = () => store.getState();
  const now = options.now ?? (() => Date.now());

  // The sample book as fetched (start-up installs that very object): replacing it loses nothing of the trader's.
  let sample: Portfolio | null = null;
  const bookUntouched = (): boolean => {
    const p = ui().portfolio;
    return p === EMPTY_PORTFOLIO || p === sample || p.positions.length === 0;
  };

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

  /** Install a read book as the rules say: replace (prompting to add instead), or ask first about rejected rows. */
  const installBook = (portfolio: Portfolio | null, report: ImportReport, setReport: (r: ImportReport) => void) => {
    if (!portfolio) {
      setReport(report);
      return;
    }
    const untouched = bookUntouched();
    if (bookOpenDecision(report, untouched) === 'ask') {
      ui().setImportPrompt({
        kind: 'bad-rows',
        fileName: report.fileName,
        portfolio,
        goodRows: portfolio.positions.length,
        badRows: report.rejected.length,
      });
      setReport({ ...report, status: 'pending', action: null });
      return;
    }
    const previous = ui().portfolio;
    ui().importPortfolio(portfolio);
    ui().setImportPrompt(untouched ? null : { kind: 'replaced', fileName: report.fileName, previous, loaded: portfolio });
    setReport({ ...report, action: 'replaced' });
  };

  const failedRead = (kind: ImportReport['kind'], fileName: string, e: unknown): ImportReport => ({
    kind,
    fileName,
    status: 'failed',
    format: null,
    rowsLoaded: 0,
    rejected: [],
    warnings: [],
    message: `${fileName} could not be read: ${message(e)}. ${kind === 'portfolio' ? 'The current book' : 'The current market'} is unchanged.`,
  });

  const openPortfolios = async (files: readonly File[]) => {
    if (files.length === 0) return;
    const setReport = reporter();
    for (const file of files) {
      const refusal = sizeRefusal('portfolio', file.name, file.size);
      if (refusal) {
        setReport(refusal);
        return;
      }
    }
    const label = files.length === 1 ? files[0]!.name : `${files.length} files`;
    try {
      let results: { fileName: string; result: PortfolioFileResult }[] | undefined;
      if (files.length === 1) {
        const file = files[0]!;
        // Large files report progress from the worker's importer (every few thousand rows).
        const r = await withBusy(`Reading ${file.name}…`, () =>
          client.request('portfolioFiles', 'readPortfolioFile', [file, file.name], {
            onProgress: (fraction) => ui().setBusyProgress(fraction),
          }),
        );
        results = r ? [{ fileName: file.name, result: r }] : undefined;
      } else {
        results = await withBusy(`Reading ${label}…`, () =>
          client.request('portfolioFiles', 'readPortfolioFiles', [files.map((f) => ({ file: f, fileName: f.name }))], {
            onProgress: (fraction) => ui().setBusyProgress(fraction),
          }),
        );
      }
      if (!results) return;
      const first = results[0];
      if (results.length === 1 && first && !first.result.ok && first.result.header) {
        ui().setImportPrompt({ kind: 'map-columns', fileName: first.fileName, file: files[0]!, header: first.result.header });
      }
      const { portfolio, report } = portfoliosImportOutcome(results);
      installBook(portfolio, report, setReport);
    } catch (e) {
      setReport(failedRead('portfolio', label, e));
    }
  };

  const openPortfolio = (file: File) => openPortfolios([file]);

  /** Install a read market; when it lacks underlyings the previous (imported) market had, offer to keep them. */
  const installMarket = (fileName: string, r: MarketFileResult, setReport: (r: ImportReport) => void) => {
    const { market, report } = marketImportOutcome(fileName, r);
    if (market) {
      const { market: before, marketSource: beforeSource } = ui();
      const missing = before ? Object.keys(before.underlyings).filter((u) => !(u in market.snapshot.underlyings)) : [];
      ui().loadMarket(market.snapshot, market.source);
      ui().setImportPrompt(
        before && beforeSource && missing.length > 0
          ? { kind: 'market-replaced', fileName, previous: { snapshot: before, source: beforeSource }, loaded: market.snapshot, missing }
          : null,
      );
    }
    setReport(report);
  };

  const openMarkets = async (files: readonly File[]) => {
    if (files.length === 0) return;
    const setReport = reporter();
    for (const file of files) {
      const refusal = sizeRefusal('market', file.name, file.size);
      if (refusal) {
        setReport(refusal);
        return;
      }
    }
    const label = files.length === 1 ? files[0]!.name : files.map((f) => f.name).join(' + ');
    try {
      const r = await withBusy(`Reading ${files.length === 1 ? label : `${files.length} market files`}…`, () =>
        files.length === 1
          ? client.request('marketFiles', 'readMarketFile', [files[0]!, files[0]!.name])
          : client.request('marketFiles', 'readMarketFiles', [files.map((f) => ({ file: f, fileName: f.name }))]),
      );
      if (!r) return;
      installMarket(label, r, setReport);
    } catch (e) {
      setReport(failedRead('market', label, e));
    }
  };

  const openMarket = (file: File) => openMarkets([file]);

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
      if (!r.ok) return null;
      sample = r.result.portfolio;
      return sample;
    } catch (e) {
      if (!isSupersededError(e)) {
        ui().pushNotice({ id: 'default-portfolio', level: 'error', text: `The sample book could not be loaded (${message(e)}).` });
      }
      return null;
    }
  };

  const openDropped = async (files: readonly File[]) => {
    if (files.length === 0) return;
    const setReport = reporter();
    for (const file of files) {
      const refusal = sizeRefusal('portfolio', file.name, file.size);
      if (refusal) {
        setReport(refusal);
        return;
      }
    }
    const label = files.length === 1 ? files[0]!.name : `${files.length} files`;
    try {
      const r = await withBusy(`Reading ${label}…`, () =>
        client.request('portfolioFiles', 'readDroppedFiles', [files.map((f) => ({ file: f, fileName: f.name }))]),
      );
      if (!r) return;
      if (r.market) installMarket(r.marketFiles.join(' + '), r.market, r.portfolios.length > 0 ? () => undefined : setReport);
      if (r.portfolios.length > 0) {
        const { portfolio, report } = portfoliosImportOutcome(r.portfolios);
        const withMarket =
          r.market && r.market.ok
            ? { ...report, warnings: [...report.warnings, `market: ${r.marketFiles.join(' + ')} loaded (${r.market.format})`] }
            : r.market && !r.market.ok
              ? { ...report, warnings: [...report.warnings, `market not loaded: ${r.market.error}`] }
              : report;
        installBook(portfolio, withMarket, setReport);
      }
    } catch (e) {
      setReport(failedRead('portfolio', label, e));
    }
  };

  const answerPrompt: PageFileCommands['answerPrompt'] = (answer) => {
    const prompt = ui().importPrompt;
    if (!prompt) return;
    ui().setImportPrompt(null);
    const report = ui().importReport;
    const setAction = (action: 'replaced' | 'added', rowsLoaded?: number) => {
      if (report) ui().setImportReport({ ...report, status: 'loaded', action, ...(rowsLoaded !== undefined ? { rowsLoaded } : {}) });
    };
    if (prompt.kind === 'bad-rows') {
      if (answer === 'replace') {
        ui().importPortfolio(prompt.portfolio);
        setAction('replaced');
      } else if (answer === 'add') {
        ui().importPortfolio(mergePortfolios([ui().portfolio, prompt.portfolio]));
        setAction('added');
      } else if (report) {
        ui().setImportReport({ ...report, status: 'failed', message: `Not loaded: you kept the book as it was.`, action: null });
      }
      return;
    }
    if (prompt.kind === 'replaced' && answer === 'add-instead') {
      // Only while the replaced book is still the one in use: undo the replacement, then add, so that one undo
      // later brings the previous book back.
      if (ui().portfolio !== prompt.loaded) return;
      store.temporal.getState().undo();
      ui().importPortfolio(mergePortfolios([prompt.previous, prompt.loaded]));
      setAction('added');
      return;
    }
    if (prompt.kind === 'market-replaced' && answer === 'keep-previous-market') {
      if (ui().market !== prompt.loaded) return;
      const kept = Object.fromEntries(Object.entries(prompt.previous.snapshot.underlyings).filter(([u]) => prompt.missing.includes(u)));
      const merged = mergeMarketSnapshots([
        { label: prompt.previous.source.fileName, snapshot: { ...prompt.previous.snapshot, underlyings: kept } },
        { label: prompt.fileName, snapshot: prompt.loaded },
      ]);
      if (!merged.ok) {
        ui().pushNotice({ id: 'market-merge', level: 'error', text: `The markets could not be merged: ${merged.error}` });
        return;
      }
      const source = ui().marketSource;
      ui().loadMarket(merged.snapshot, {
        fileName: `${prompt.previous.source.fileName} + ${prompt.fileName}`,
        format: 'merged',
        isDefault: false,
        warnings: [...(source?.warnings ?? []), ...merged.warnings],
      });
      if (report) ui().setImportReport({ ...report, warnings: [...report.warnings, ...merged.warnings], action: 'added' });
    }
  };

  const importWithMapping: PageFileCommands['importWithMapping'] = async (columnMap) => {
    const prompt = ui().importPrompt;
    if (!prompt || prompt.kind !== 'map-columns') return;
    const setReport = reporter();
    ui().setImportPrompt(null);
    try {
      const r = await withBusy(`Reading ${prompt.fileName}…`, () =>
        client.request('portfolioFiles', 'readPortfolioFile', [prompt.file, prompt.fileName, undefined, columnMap]),
      );
      if (!r) return;
      if (!r.ok && r.header) ui().setImportPrompt({ ...prompt, header: r.header });
      const { portfolio, report } = portfolioImportOutcome(prompt.fileName, r);
      installBook(portfolio, report, setReport);
    } catch (e) {
      setReport(failedRead('portfolio', prompt.fileName, e));
    }
  };

  return {
    openPortfolioFile: openPortfolio,
    openMarketFile: openMarket,
    openPortfolioFiles: openPortfolios,
    openMarketFiles: openMarkets,
    openDroppedFiles: openDropped,
    openDroppedFile: (file) => openDropped([file]),
    answerPrompt,
    importWithMapping,
    downloadTemplate() {
      saveFile('portfolio-template.csv', PORTFOLIO_CSV_TEMPLATE, 'text/csv');
    },

    async loadSample() {
      const setReport = reporter();
      await withBusy('Loading the sample book…', async () => {
        if (!ui().marketSource?.isDefault) await loadDefaultMarket();
        const portfolio = await fetchDefaultPortfolio();
        if (!portfolio) return;
        ui().importPortfolio(portfolio);
        ui().setImportPrompt(null);
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
        saveFile(downloadFileName(portfolio.name, format, now()), text, format === 'csv' ? 'text/csv' : 'application/json');
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
