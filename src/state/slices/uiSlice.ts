import type { RowError } from '../../domain/position.ts';
import type { SliceCreator } from '../appState.ts';

/** The visible outcome of the last file opened (portfolio or market). */
export interface ImportReport {
  readonly kind: 'portfolio' | 'market';
  readonly fileName: string;
  readonly status: 'loaded' | 'failed';
  /** Detected format (`csv`, `json`, `deribit-positions`, …) when known. */
  readonly format: string | null;
  readonly rowsLoaded: number;
  readonly rejected: readonly RowError[];
  /** Why the file was not used, when `status` is `failed`. */
  readonly message: string | null;
  readonly warnings: readonly string[];
}

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
