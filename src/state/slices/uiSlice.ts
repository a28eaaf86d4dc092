import type { MarketSnapshot } from '../../domain/market.ts';
import type { Portfolio, RowError } from '../../domain/position.ts';
import type { HeaderProblem } from '../../io/portfolioCsv.ts';
import type { SliceCreator } from '../appState.ts';
import type { MarketSource } from './marketSlice.ts';

/** A rejected or skipped row, with its file when several files were opened together. */
export type ReportedRow = RowError & { readonly file?: string };

/** One file of a multi-file open, as the report lists it. */
export interface ReportedFile {
  readonly fileName: string;
  readonly status: 'loaded' | 'failed';
  readonly format: string | null;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly message: string | null;
}

/** The visible outcome of the last file (or files) opened (portfolio or market). */
export interface ImportReport {
  readonly kind: 'portfolio' | 'market';
  /** The file's name, or "3 files" when several were opened together (see `files`). */
  readonly fileName: string;
  /** `pending`: the file was read and waits for the trader's answer (see ImportPrompt); the book is unchanged. */
  readonly status: 'loaded' | 'failed' | 'pending';
  /** Detected format (`csv`, `json`, `deribit-positions`, …) when known. */
  readonly format: string | null;
  readonly rowsLoaded: number;
  readonly rejected: readonly ReportedRow[];
  /** Why the file was not used, when `status` is `failed`. */
  readonly message: string | null;
  readonly warnings: readonly string[];
  /** Columns (or JSON fields) kept but not used for valuation. */
  readonly ignoredColumns?: readonly string[];
  /** Rows deliberately left out (e.g. closed Deribit positions of size 0), with the reason. */
  readonly skipped?: readonly ReportedRow[];
  /** Per file, when several files were opened together. */
  readonly files?: readonly ReportedFile[];
  /** What happened to the book: "replaced", "added to", or null when nothing was loaded. */
  readonly action?: 'replaced' | 'added' | null;
  /** A CSV header without the required columns: what was found (the mapping prompt offers to map it). */
  readonly header?: HeaderProblem;
}

/**
 * A question about an opened file, asked inline (never a blocking dialog) above the page:
 * - `replaced`: a clean file replaced the trader's book; it may be added to the previous book instead;
 * - `bad-rows`: a file with rejected rows would replace the trader's book: load its good rows (replace or add)?
 * - `map-columns`: a CSV header lacks our columns: map the found columns to ours and read it again;
 * - `market-replaced`: a market file replaced a market holding other underlyings: keep those too?
 */
export type ImportPrompt =
  | { readonly kind: 'replaced'; readonly fileName: string; readonly previous: Portfolio; readonly loaded: Portfolio }
  | {
      readonly kind: 'bad-rows';
      readonly fileName: string;
      readonly portfolio: Portfolio;
      readonly goodRows: number;
      readonly badRows: number;
    }
  | { readonly kind: 'map-columns'; readonly fileName: string; readonly file: Blob; readonly header: HeaderProblem }
  | {
      readonly kind: 'market-replaced';
      readonly fileName: string;
      readonly previous: { readonly snapshot: MarketSnapshot; readonly source: MarketSource };
      readonly loaded: MarketSnapshot;
      /** Underlyings of the previous market the new one lacks. */
      readonly missing: readonly string[];
    };

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Commands a notice can offer as buttons (data, so notices stay serialisable). */
export type NoticeCommand = 'reload' | 'keep-this-tab';

export interface Notice {
  /** Stable key: pushing the same id again replaces the notice instead of stacking it. */
  readonly id: string;
  readonly level: NoticeLevel;
  readonly text: string;
  readonly actions?: readonly { readonly label: string; readonly command: NoticeCommand }[];
}

/**
 * Autosave: not started yet, a write is waiting, everything is written, IndexedDB cannot be used, or paused because
 * another tab saved the session (see persistence.ts, tab sync).
 */
export type StorageStatus = 'unknown' | 'pending' | 'saved' | 'unavailable' | 'paused';

/** Rows the positions grid is narrowed to from another view (e.g. a Greek-ladder bucket), with what to call it. */
export interface PositionFilter {
  readonly ids: readonly string[];
  /** Shown on the grid's filter chip, e.g. "BTC · 25SEP26 · strikes 90,000–95,000". */
  readonly label: string;
  /**
   * Instrument of each id when the filter was set: a row passes only while it still holds that instrument, since
   * ids restart at p1 in every imported book.
   */
  readonly instruments?: Readonly<Record<string, string>>;
}

export interface UiSlice {
  importReport: ImportReport | null;
  /** The open question about the last file, if any (answered from the prompt bar). */
  importPrompt: ImportPrompt | null;
  setImportPrompt: (prompt: ImportPrompt | null) => void;
  notices: readonly Notice[];
  /** A file being read or written, shown in the header ("Reading book.csv…"). */
  busyMessage: string | null;
  storageStatus: StorageStatus;
  /** The positions grid shows only these rows while set (cleared from the grid's chip). */
  positionFilter: PositionFilter | null;
  setImportReport: (report: ImportReport | null) => void;
  pushNotice: (notice: Notice) => void;
  dismissNotice: (id: string) => void;
  setBusy: (message: string | null) => void;
  /** Fraction done (0…1) of the busy job when it reports progress, else null. */
  busyProgress: number | null;
  setBusyProgress: (fraction: number | null) => void;
  setStorageStatus: (status: StorageStatus) => void;
  setPositionFilter: (filter: PositionFilter | null) => void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  importReport: null,
  importPrompt: null,
  setImportPrompt: (importPrompt) => set({ importPrompt }),
  notices: [],
  busyMessage: null,
  busyProgress: null,
  storageStatus: 'unknown',
  positionFilter: null,
  setImportReport: (importReport) => set({ importReport }),
  pushNotice: (notice) => set((s) => ({ notices: [...s.notices.filter((n) => n.id !== notice.id), notice] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setBusy: (busyMessage) => set({ busyMessage, busyProgress: null }),
  setBusyProgress: (busyProgress) => set({ busyProgress }),
  setStorageStatus: (storageStatus) => set((s) => (s.storageStatus === storageStatus ? s : { storageStatus })),
  setPositionFilter: (positionFilter) => set({ positionFilter }),
});
