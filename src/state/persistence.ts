/**
 * Autosave of the session to IndexedDB (idb-keyval) and its restore on reload: the book, an imported market
 * snapshot (the embedded default is refetched, not stored), market overrides, the what-if inputs and the analysis
 * settings (custom stress scenarios, limits, PD/LGD, funding and outage inputs, edited margin parameters).
 *
 * Storage can be missing (private windows, blocked IndexedDB) or full: every failure degrades to "autosave off"
 * with a visible notice, never an exception on the page.
 */
import { createStore as createIdbStore, get, set } from 'idb-keyval';
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';
import type { AppState } from './appState.ts';
import type { AppStore } from './store.ts';
import type { MarketOverrides, MarketSource } from './slices/marketSlice.ts';
import type { ScenarioInputs } from './slices/scenarioSlice.ts';
import { parseAnalysisSettings, type AnalysisSettings } from './slices/analysisSlice.ts';

export const SESSION_KEY = 'session';
export const SESSION_SCHEMA_VERSION = 1;

export interface SavedSession {
  readonly schemaVersion: typeof SESSION_SCHEMA_VERSION;
  readonly savedAt: string;
  readonly portfolio: Portfolio;
  /** null: the embedded default snapshot. */
  readonly market: { readonly snapshot: MarketSnapshot; readonly source: MarketSource } | null;
  readonly marketOverrides: MarketOverrides;
  readonly scenario: ScenarioInputs;
  /** Absent in sessions written before the analysis views existed: read as the defaults. */
  readonly analysis: AnalysisSettings;
}

/** The two calls persistence needs; idb-keyval in the app, a Map in tests. */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** IndexedDB storage, or null when this browser has none. Open errors surface on the first get/set. */
export function createIdbStorage(): KeyValueStorage | null {
  if (typeof indexedDB === 'undefined' || indexedDB === null) return null;
  try {
    const store = createIdbStore('riskdeck', 'session');
    return { get: (key) => get(key, store), set: (key, value) => set(key, value, store) };
  } catch {
    return null;
  }
}

export function sessionOf(s: AppState): SavedSession {
  return {
    schemaVersion: SESSION_SCHEMA_VERSION,
    savedAt: new Date().toISOString(),
    portfolio: s.portfolio,
    market: s.market && s.marketSource && !s.marketSource.isDefault ? { snapshot: s.market, source: s.marketSource } : null,
    marketOverrides: s.marketOverrides,
    scenario: s.scenario,
    analysis: s.analysis,
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isNumberRecord(x: unknown): x is Record<string, number> {
  return isRecord(x) && Object.values(x).every((v) => typeof v === 'number' && Number.isFinite(v));
}

function isPosition(x: unknown): boolean {
  return (
    isRecord(x) &&
    typeof x.id === 'string' &&
    typeof x.instrument === 'string' &&
    typeof x.quantity === 'number' &&
    (x.entryPrice === null || typeof x.entryPrice === 'number') &&
    typeof x.venue === 'string' &&
    typeof x.label === 'string'
  );
}

/**
 * Checks the shape of what storage returned (another version of the app, or a hand-edited database, may have
 * written it). Returns null when it is not a session this version can use.
 */
export function parseSavedSession(x: unknown): SavedSession | null {
  if (!isRecord(x) || x.schemaVersion !== SESSION_SCHEMA_VERSION) return null;
  const { portfolio, market, marketOverrides, scenario } = x;
  if (!isRecord(portfolio) || typeof portfolio.name !== 'string' || !Array.isArray(portfolio.positions)) return null;
  if (!portfolio.positions.every(isPosition)) return null;
  if (
    market !== null &&
    !(isRecord(market) && isRecord(market.snapshot) && isRecord(market.source) && isRecord(market.snapshot.underlyings))
  ) {
    return null;
  }
  if (!isRecord(marketOverrides) || !isNumberRecord(marketOverrides.spot) || !isNumberRecord(marketOverrides.volPts)) return null;
  if (
    !isRecord(scenario) ||
    !isNumberRecord(scenario.spotPct) ||
    typeof scenario.volPts !== 'number' ||
    typeof scenario.days !== 'number'
  ) {
    return null;
  }
  // A malformed analysis field falls back to its default instead of discarding the whole session.
  return { ...(x as unknown as SavedSession), analysis: parseAnalysisSettings(x.analysis) };
}

/** Reads the saved session; null when there is none or it is unusable. Throws when storage itself fails. */
export async function loadSession(storage: KeyValueStorage): Promise<{ session: SavedSession | null; unreadable: boolean }> {
  const raw = await storage.get(SESSION_KEY);
  if (raw === undefined) return { session: null, unreadable: false };
  const session = parseSavedSession(raw);
  return { session, unreadable: session === null };
}

type Persisted = Pick<AppState, 'portfolio' | 'market' | 'marketSource' | 'marketOverrides' | 'scenario' | 'analysis'>;

function persistedOf(s: AppState): Persisted {
  return {
    portfolio: s.portfolio,
    market: s.market,
    marketSource: s.marketSource,
    marketOverrides: s.marketOverrides,
    scenario: s.scenario,
    analysis: s.analysis,
  };
}

function samePersisted(a: Persisted, b: Persisted): boolean {
  return (
    a.portfolio === b.portfolio &&
    a.market === b.market &&
    a.marketSource === b.marketSource &&
    a.marketOverrides === b.marketOverrides &&
    a.scenario === b.scenario &&
    a.analysis === b.analysis
  );
}

/** A message between tabs of the same origin about the saved session. */
export interface TabMessage {
  readonly type: 'saved';
  /** The sending tab. */
  readonly tabId: string;
  /** Epoch ms of the write. */
  readonly at: number;
}

/** Cross-tab channel (BroadcastChannel in the browser; an in-memory pair in tests). */
export interface TabSync {
  readonly tabId: string;
  post(message: TabMessage): void;
  subscribe(listener: (message: TabMessage) => void): () => void;
}

/** BroadcastChannel-based tab sync, or null where the browser has none (autosave then works as before). */
export function createBroadcastTabSync(): TabSync | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel('riskdeck-session');
  const tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    tabId,
    post: (message) => channel.postMessage(message),
    subscribe(listener) {
      const onMessage = (e: MessageEvent<TabMessage>) => {
        if (e.data?.type === 'saved' && e.data.tabId !== tabId) listener(e.data);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
  };
}

/** Set by the running autosave: resume saving this tab's session after a conflict (the notice's button). */
let keepThisTab: (() => void) | null = null;

/** The "Keep this tab's version" command: resume autosave and write this tab's session over the other tab's. */
export function keepThisTabsSession(): void {
  keepThisTab?.();
}

export interface AutosaveHandle {
  /** Write now if anything is waiting (page hide, tests). */
  flush(): Promise<void>;
  stop(): void;
}

/**
 * Saves `delayMs` after the last change (a slider drag writes once, at the end). A failed write marks storage
 * unavailable and stops trying, with one notice.
 *
 * Two tabs on the same book never overwrite each other silently: after each write a tab announces it on `sync`;
 * a tab that hears another tab's write pauses its own autosave and shows a notice offering to load the other
 * tab's version (reload) or to keep this tab's (resume and write over it).
 */
export function startAutosave(store: AppStore, storage: KeyValueStorage, delayMs = 200, sync: TabSync | null = null): AutosaveHandle {
  let last = persistedOf(store.getState());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  let broken = false;
  let paused = false;

  const write = async () => {
    timer = null;
    if (broken || paused) return;
    const session = sessionOf(store.getState());
    try {
      await storage.set(SESSION_KEY, session);
      sync?.post({ type: 'saved', tabId: sync.tabId, at: Date.now() });
      if (!timer) store.getState().setStorageStatus('saved');
    } catch (e) {
      broken = true;
      store.getState().setStorageStatus('unavailable');
      store.getState().pushNotice({
        id: 'storage',
        level: 'warning',
        text: `Autosave stopped: the browser refused to store the session (${e instanceof Error ? e.message : String(e)}). Download the book to keep your changes.`,
      });
    }
  };

  const unsubscribeSync =
    sync?.subscribe((message) => {
      if (broken) return;
      paused = true;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      store.getState().setStorageStatus('paused');
      store.getState().pushNotice({
        id: 'other-tab',
        level: 'warning',
        text: `This session was saved by another Riskdeck tab at ${new Date(message.at).toLocaleTimeString()}. Autosave is paused here so that neither tab overwrites the other.`,
        actions: [
          { label: "Load the other tab's version", command: 'reload' },
          { label: "Keep this tab's (save over it)", command: 'keep-this-tab' },
        ],
      });
    }) ?? (() => undefined);

  keepThisTab = () => {
    if (!paused) return;
    paused = false;
    store.getState().dismissNotice('other-tab');
    store.getState().setStorageStatus('pending');
    writing = writing.then(write);
  };

  const unsubscribe = store.subscribe((s) => {
    const next = persistedOf(s);
    if (samePersisted(last, next)) return;
    last = next;
    if (broken || paused) return;
    s.setStorageStatus('pending');
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      writing = writing.then(write);
    }, delayMs);
  });

  return {
    flush: async () => {
      if (timer) {
        clearTimeout(timer);
        writing = writing.then(write);
      }
      await writing;
    },
    stop: () => {
      unsubscribe();
      unsubscribeSync();
      keepThisTab = null;
      if (timer) clearTimeout(timer);
    },
  };
}
