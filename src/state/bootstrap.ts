/**
 * Start-up: restore the saved session if there is one, else the embedded default market and sample book; then start
 * autosave. Nothing here throws: every failure becomes a notice and the page keeps working with what it has.
 *
 * The page is usable while this runs, so the user may open a book or a market, or move an input, before start-up
 * has finished: what the user changed wins over the saved session and the defaults, and autosave, which starts
 * from what storage held, writes it at once (see startAutosave).
 */
import type { AppStore } from './store.ts';
import { replacePortfolioSilently } from './store.ts';
import type { FileCommands } from './fileCommands.ts';
import {
  createBroadcastTabSync,
  loadSession,
  startAutosave,
  type AutosaveHandle,
  type KeyValueStorage,
  type SavedSession,
  type TabMessage,
  type TabSync,
} from './persistence.ts';

const STORAGE_UNAVAILABLE =
  'Autosave is off: this browser does not allow IndexedDB here (private window or blocked storage). Download the book to keep your changes.';

/**
 * @param sync cross-tab channel (default: a BroadcastChannel when there is storage to share); null in tests
 * @returns the running autosave, or null when storage is unavailable
 */
export async function bootstrap(
  store: AppStore,
  files: FileCommands,
  storage: KeyValueStorage | null,
  sync: TabSync | null = storage ? createBroadcastTabSync() : null,
): Promise<AutosaveHandle | null> {
  const { pushNotice, setStorageStatus } = store.getState();
  // What the user touches while start-up is still reading wins over the saved session and the defaults.
  const initial = store.getState();
  const untouched = (key: 'portfolio' | 'scenario' | 'analysis' | 'marketOverrides') => store.getState()[key] === initial[key];
  // Another tab may save while this one is reading: listen before reading so that no such save goes unnoticed.
  const heard: TabMessage[] = [];
  const stopListening = sync?.subscribe((m) => heard.push(m)) ?? (() => undefined);
  let session: SavedSession | null = null;
  let usableStorage = storage;
  if (!usableStorage) {
    setStorageStatus('unavailable');
    pushNotice({ id: 'storage', level: 'warning', text: STORAGE_UNAVAILABLE });
  } else {
    try {
      const loaded = await loadSession(usableStorage);
      session = loaded.session;
      if (loaded.unreadable) {
        pushNotice({
          id: 'session',
          level: 'warning',
          text: 'The saved session could not be read by this version; the sample book was loaded instead.',
        });
      }
    } catch {
      usableStorage = null;
      setStorageStatus('unavailable');
      pushNotice({ id: 'storage', level: 'warning', text: STORAGE_UNAVAILABLE });
    }
  }

  if (session) {
    const marketOfSession = session.market;
    if (marketOfSession) {
      if (store.getState().market === null) store.getState().loadMarket(marketOfSession.snapshot, marketOfSession.source);
    } else {
      await files.loadDefaultMarket({ onlyIfNone: true });
    }
    // Overrides belong to the session's market: not to one the user opened meanwhile. After the market: loading a
    // market clears the overrides that belonged to the previous one.
    const sessionMarketInUse = marketOfSession
      ? store.getState().market === marketOfSession.snapshot
      : store.getState().marketSource?.isDefault === true;
    if (sessionMarketInUse && untouched('marketOverrides')) store.getState().setMarketOverrides(session.marketOverrides);
    if (untouched('scenario')) store.getState().applyScenario(session.scenario);
    if (untouched('analysis')) store.getState().restoreAnalysis(session.analysis);
    if (untouched('portfolio')) replacePortfolioSilently(store, session.portfolio);
  } else {
    const marketLoaded = files.loadDefaultMarket({ onlyIfNone: true });
    const portfolio = await files.fetchDefaultPortfolio();
    await marketLoaded;
    if (portfolio && untouched('portfolio')) replacePortfolioSilently(store, portfolio);
  }

  if (!usableStorage) {
    stopListening();
    sync?.close?.();
    return null;
  }
  const autosave = startAutosave(store, usableStorage, { stored: session, sync, heard });
  stopListening();
  if (store.getState().storageStatus === 'unknown') setStorageStatus('saved');
  return autosave;
}
