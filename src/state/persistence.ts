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

/**
 * Structural equality of plain data (what a session is made of): objects key by key, arrays element by element;
 * a key holding `undefined` counts as absent (storage may drop it). Shared references compare in O(1), so a
 * restored session that still holds the stored objects is checked without walking them.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && sameData(ra[k], rb[k]));
}

/** True when two sessions hold the same book, market and inputs (the time of the write is not compared). */
export function sameSessionContent(a: SavedSession, b: SavedSession | null): boolean {
  if (b === null) return false;
  const { savedAt: _a, ...restA } = a;
  const { savedAt: _b, ...restB } = b;
  return sameData(restA, restB);
}

/** A message between tabs of the same origin about the saved session. */
export interface TabMessage {
  readonly type: 'saved';
  /** The sending tab. */
  readonly tabId: string;
  /** Epoch ms of the write. */
  readonly at: number;
  /**
   * `savedAt` of the session written: a tab that already read that very session ignores the message. Absent
   * from older versions of the app (the message then always counts as a newer save).
   */
  readonly savedAt?: string;
}

/** Cross-tab channel (BroadcastChannel in the browser; an in-memory pair in tests). */
export interface TabSync {
  readonly tabId: string;
  post(message: TabMessage): void;
  subscribe(listener: (message: TabMessage) => void): () => void;
  /** Release the channel (autosave stopped). */
  close?(): void;
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
    close: () => channel.close(),
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

export interface AutosaveOptions {
  /** What storage holds as autosave starts (the session start-up read; null: nothing usable). */
  readonly stored: SavedSession | null;
  /** Debounce after the last change, ms. */
  readonly delayMs?: number;
  /** Cross-tab channel; null: this tab is alone (or the browser has no BroadcastChannel). */
  readonly sync?: TabSync | null;
  /** Saves by other tabs heard on `sync` while start-up was still reading and restoring. */
  readonly heard?: readonly TabMessage[];
}

/**
 * Keeps storage equal to the session on screen.
 *
 * At start, the state as it is now is compared with what storage holds (`stored`) and written at once when they
 * differ: whatever happened before autosave listened (a book opened while the page was starting, a session that
 * could not be read) is saved without waiting for the next change. After that, it saves `delayMs` after the last
 * change (a slider drag writes once, at the end). Writes run one after another and each writes the state as it
 * is when the write starts. A failed write marks storage unavailable and stops trying, with one notice.
 *
 * Two tabs on the same book never overwrite each other silently: after each write a tab announces it on `sync`;
 * a tab that hears another tab's write (also one heard during its own start-up, unless it is the very session
 * that tab read) pauses its own autosave and shows a notice offering to load the other tab's version (reload) or
 * to keep this tab's (resume and write over it).
 */
export function startAutosave(store: AppStore, storage: KeyValueStorage, options: AutosaveOptions): AutosaveHandle {
  const { stored, delayMs = 200, sync = null, heard = [] } = options;
  let last = persistedOf(store.getState());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  let broken = false;
  let paused = false;

  const write = async () => {
    if (broken || paused) return;
    const session = sessionOf(store.getState());
    try {
      await storage.set(SESSION_KEY, session);
      sync?.post({ type: 'saved', tabId: sync.tabId, at: Date.now(), savedAt: session.savedAt });
      if (!timer && !paused) store.getState().setStorageStatus('saved');
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

  /** Queue a write behind the one in flight (a write reads the state when it starts, so it is never stale). */
  const writeNow = () => {
    writing = writing.then(write);
  };

  const cancelTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const pauseFor = (message: TabMessage) => {
    if (broken) return;
    paused = true;
    cancelTimer();
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
  };

  const unsubscribeSync = sync?.subscribe(pauseFor) ?? (() => undefined);

  const keep = () => {
    if (!paused) return;
    paused = false;
    store.getState().dismissNotice('other-tab');
    store.getState().setStorageStatus('pending');
    writeNow();
  };
  keepThisTab = keep;

  const unsubscribe = store.subscribe((s) => {
    const next = persistedOf(s);
    if (samePersisted(last, next)) return;
    last = next;
    if (broken || paused) return;
    s.setStorageStatus('pending');
    cancelTimer();
    timer = setTimeout(() => {
      timer = null;
      writeNow();
    }, delayMs);
  });

  // What happened before this point was not seen by the subscription above.
  const missed = heard.filter((m) => m.tabId !== sync?.tabId && !(m.savedAt !== undefined && m.savedAt === stored?.savedAt));
  const lastMissed = missed.at(-1);
  if (lastMissed) pauseFor(lastMissed);
  else if (!sameSessionContent(sessionOf(store.getState()), stored)) {
    store.getState().setStorageStatus('pending');
    writeNow();
  }

  return {
    flush: async () => {
      if (timer) {
        cancelTimer();
        writeNow();
      }
      await writing;
    },
    stop: () => {
      unsubscribe();
      unsubscribeSync();
      sync?.close?.();
      if (keepThisTab === keep) keepThisTab = null;
      cancelTimer();
    },
  };
}
