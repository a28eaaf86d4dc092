/**
 * Start-up: restore the saved session if there is one, else the embedded default market and sample book; then start
 * autosave. Nothing here throws: every failure becomes a notice and the page keeps working with what it has.
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
} from './persistence.ts';

const STORAGE_UNAVAILABLE =
  'Autosave is off: this browser does not allow IndexedDB here (private window or blocked storage). Download the book to keep your changes.';

export async function bootstrap(store: AppStore, files: FileCommands, storage: KeyValueStorage | null): Promise<AutosaveHandle | null> {
  const { pushNotice, setStorageStatus } = store.getState();
  // A file the user opens while start-up is still reading must win over the saved session and the defaults.
  const initialPortfolio = store.getState().portfolio;
  const bookUntouched = () => store.getState().portfolio === initialPortfolio;
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
    // After the market: loading a market clears overrides that belonged to the previous one.
    store.getState().setMarketOverrides(session.marketOverrides);
    store.getState().applyScenario(session.scenario);
    store.getState().restoreAnalysis(session.analysis);
    if (bookUntouched()) replacePortfolioSilently(store, session.portfolio);
  } else {
    const marketLoaded = files.loadDefaultMarket({ onlyIfNone: true });
    const portfolio = await files.fetchDefaultPortfolio();
    await marketLoaded;
    if (portfolio && bookUntouched()) replacePortfolioSilently(store, portfolio);
  }

  if (!usableStorage) return null;
  const autosave = startAutosave(store, usableStorage, undefined, createBroadcastTabSync());
  if (store.getState().storageStatus === 'unknown') setStorageStatus('saved');
  return autosave;
}
