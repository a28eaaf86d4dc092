import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, replacePortfolioSilently, type AppStore } from './store.ts';
import {
  SESSION_KEY,
  keepThisTabsSession,
  loadSession,
  parseSavedSession,
  sessionOf,
  startAutosave,
  type KeyValueStorage,
  type TabMessage,
  type TabSync,
} from './persistence.ts';
import { TEST_BOOK, TEST_MARKET } from './testing/fixtures.ts';
import { DEFAULT_ANALYSIS } from './slices/analysisSlice.ts';

class MapStorage implements KeyValueStorage {
  readonly data = new Map<string, unknown>();
  writes = 0;
  fail = false;
  async get(key: string) {
    return structuredClone(this.data.get(key));
  }
  async set(key: string, value: unknown) {
    if (this.fail) throw new Error('QuotaExceededError');
    this.writes += 1;
    this.data.set(key, structuredClone(value));
  }
}

let store: AppStore;

/** Autosave on a storage that already holds the store's current session (the usual state after start-up). */
function startOnSaved(s: AppStore, storage: MapStorage, delayMs: number, sync: TabSync | null = null) {
  const stored = structuredClone(sessionOf(s.getState()));
  storage.data.set(SESSION_KEY, stored);
  return startAutosave(s, storage, { stored, delayMs, sync });
}

beforeEach(() => {
  vi.useFakeTimers();
  store = createAppStore();
  replacePortfolioSilently(store, TEST_BOOK);
});
afterEach(() => vi.useRealTimers());

describe('session shape', () => {
  it('round-trips through parseSavedSession; the default market is not stored', () => {
    store.getState().loadMarket(TEST_MARKET, { fileName: 'default-market.json', format: 'snapshot', isDefault: true, warnings: [] });
    const session = sessionOf(store.getState());
    expect(session.market).toBeNull();
    expect(parseSavedSession(structuredClone(session))).toEqual(session);
  });

  it('an imported market is stored with its source', () => {
    store.getState().loadMarket(TEST_MARKET, { fileName: 'm.json', format: 'snapshot', isDefault: false, warnings: [] });
    expect(sessionOf(store.getState()).market?.snapshot).toBe(TEST_MARKET);
  });

  it.each([
    ['null', null],
    ['another schema', { ...sessionOf(createAppStore().getState()), schemaVersion: 2 }],
    ['bad position', { ...sessionOf(createAppStore().getState()), portfolio: { name: 'x', positions: [{ id: 1 }] } }],
    ['bad scenario', { ...sessionOf(createAppStore().getState()), scenario: { spotPct: { BTC: 'x' }, volPts: 0, days: 0 } }],
    ['bad overrides', { ...sessionOf(createAppStore().getState()), marketOverrides: null }],
  ])('rejects %s', (_name, value) => {
    expect(parseSavedSession(value)).toBeNull();
  });

  it('keeps the analysis settings (custom stress, limits, inputs) and reads older sessions without them', () => {
    const custom = {
      id: 'custom-1',
      name: 'BTC −20 %',
      description: '',
      spotMove: -0.2,
      defaultBeta: 1.3,
      volShift: 0.1,
      volTermPower: 0.3,
      basisCollapse: 0,
      venueDefault: null,
    };
    store.getState().saveCustomStress(custom);
    store.getState().setLimits({ vegaUsd: 1000, deltaCoin: { BTC: 5 } });
    store.getState().setVenuePd('okx', 2);
    const session = sessionOf(store.getState());
    const parsed = parseSavedSession(structuredClone(session));
    expect(parsed?.analysis.customStress).toEqual([custom]);
    expect(parsed?.analysis.limits).toEqual({ vegaUsd: 1000, deltaCoin: { BTC: 5 } });
    expect(parsed?.analysis.pdPct).toEqual({ okx: 2 });
    const { analysis: _dropped, ...older } = session;
    expect(parseSavedSession(structuredClone(older))?.analysis).toEqual(DEFAULT_ANALYSIS);
    // A malformed analysis field costs only itself, never the book.
    const junk = parseSavedSession({
      ...structuredClone(session),
      analysis: { customStress: [{ id: 3 }], limits: { vegaUsd: 'x' }, outage: { hours: -1 } },
    });
    expect(junk?.portfolio).toEqual(session.portfolio);
    expect(junk?.analysis.customStress).toEqual([]);
    expect(junk?.analysis.limits).toEqual({});
    expect(junk?.analysis.outage).toEqual(DEFAULT_ANALYSIS.outage);
  });

  it('loadSession tells "nothing saved" from "unreadable"', async () => {
    const storage = new MapStorage();
    expect(await loadSession(storage)).toEqual({ session: null, unreadable: false });
    storage.data.set(SESSION_KEY, { junk: true });
    expect(await loadSession(storage)).toEqual({ session: null, unreadable: true });
  });
});

describe('autosave', () => {
  it('writes once after a burst of changes, then reports saved', async () => {
    const storage = new MapStorage();
    const autosave = startOnSaved(store, storage, 200);
    for (let i = 1; i <= 20; i++) store.getState().setSpotShock('BTC', -i);
    expect(store.getState().storageStatus).toBe('pending');
    await vi.advanceTimersByTimeAsync(250);
    expect(storage.writes).toBe(1);
    expect(store.getState().storageStatus).toBe('saved');
    const saved = parseSavedSession(storage.data.get(SESSION_KEY));
    expect(saved?.scenario.spotPct.BTC).toBe(-20);
    expect(saved?.portfolio).toEqual(TEST_BOOK);
    autosave.stop();
  });

  it('a changed limit or custom scenario is saved', async () => {
    const storage = new MapStorage();
    startOnSaved(store, storage, 200);
    store.getState().setLimits({ varUsd: 50_000 });
    await vi.advanceTimersByTimeAsync(250);
    expect(storage.writes).toBe(1);
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.analysis.limits).toEqual({ varUsd: 50_000 });
  });

  it('ignores changes that are not persisted (results, notices)', async () => {
    const storage = new MapStorage();
    startOnSaved(store, storage, 200);
    store.getState().markResultsRunning();
    store.getState().pushNotice({ id: 'n', level: 'info', text: 't' });
    await vi.advanceTimersByTimeAsync(500);
    expect(storage.writes).toBe(0);
  });

  it('flush writes immediately', async () => {
    const storage = new MapStorage();
    const autosave = startOnSaved(store, storage, 10_000);
    store.getState().editQuantity('p1', 3);
    await autosave.flush();
    expect(storage.writes).toBe(1);
  });

  it('starts by writing the state on screen when it differs from what storage holds, and only then', async () => {
    const storage = new MapStorage();
    startAutosave(store, storage, { stored: null, delayMs: 10_000 });
    expect(store.getState().storageStatus).toBe('pending');
    await vi.advanceTimersByTimeAsync(0);
    expect(storage.writes).toBe(1);
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.portfolio).toEqual(TEST_BOOK);
    // Equal content (another copy of the same session) is not written again.
    const again = new MapStorage();
    const stored = structuredClone(sessionOf(store.getState()));
    startAutosave(store, again, { stored: { ...stored, savedAt: '2020-01-01T00:00:00.000Z' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(again.writes).toBe(0);
    // A session stored before the analysis settings existed reads as the defaults: same content, no write.
    const { analysis: _older, ...withoutAnalysis } = stored;
    const parsedOlder = parseSavedSession(withoutAnalysis);
    startAutosave(store, again, { stored: parsedOlder });
    await vi.advanceTimersByTimeAsync(0);
    expect(again.writes).toBe(0);
  });

  it('stop() cancels a save that is waiting, also while earlier writes are still in flight', async () => {
    const storage = new MapStorage();
    const slowSet = storage.set.bind(storage);
    storage.set = (k, v) => new Promise<void>((r) => setTimeout(r, 100)).then(() => slowSet(k, v));
    const autosave = startOnSaved(store, storage, 50);
    store.getState().editQuantity('p1', 1);
    await vi.advanceTimersByTimeAsync(60); // t = 60: the first write runs until t = 150
    store.getState().editQuantity('p1', 2);
    await vi.advanceTimersByTimeAsync(60); // t = 120: the second write waits behind it
    store.getState().editQuantity('p1', 3); // its save waits on a timer (t = 170)…
    await vi.advanceTimersByTimeAsync(40); // …still waiting at t = 160, when the second write has started
    autosave.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(storage.writes).toBe(2);
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.portfolio.positions[0]?.quantity).toBe(3);
  });

  it('a failing write turns autosave off with one notice, never throws', async () => {
    const storage = new MapStorage();
    storage.fail = true;
    startOnSaved(store, storage, 10);
    store.getState().editQuantity('p1', 3);
    await vi.advanceTimersByTimeAsync(50);
    store.getState().editQuantity('p1', 4);
    await vi.advanceTimersByTimeAsync(50);
    expect(store.getState().storageStatus).toBe('unavailable');
    expect(store.getState().notices.map((n) => n.id)).toEqual(['storage']);
  });
});

/** Two tabs' sync endpoints wired to each other in memory (what BroadcastChannel does across tabs). */
function tabPair(): [TabSync, TabSync] {
  const listeners = new Map<string, Set<(m: TabMessage) => void>>();
  const make = (tabId: string, other: string): TabSync => ({
    tabId,
    post: (m) => listeners.get(other)?.forEach((l) => l(m)),
    subscribe(l) {
      const set = listeners.get(tabId) ?? new Set();
      set.add(l);
      listeners.set(tabId, set);
      return () => set.delete(l);
    },
  });
  return [make('a', 'b'), make('b', 'a')];
}

describe('two tabs on the same session', () => {
  it('a tab that hears another tab save pauses autosave, says so, and resumes only when asked', async () => {
    const storage = new MapStorage();
    const [syncA, syncB] = tabPair();
    const storeA = createAppStore();
    replacePortfolioSilently(storeA, TEST_BOOK);
    const storeB = createAppStore();
    replacePortfolioSilently(storeB, TEST_BOOK);
    const a = startOnSaved(storeA, storage, 10, syncA);
    const b = startOnSaved(storeB, storage, 10, syncB);
    storeA.getState().setSpotShock('BTC', -5);
    await vi.advanceTimersByTimeAsync(20);
    expect(storage.writes).toBe(1);
    expect(storeB.getState().storageStatus).toBe('paused');
    expect(
      storeB
        .getState()
        .notices.find((n) => n.id === 'other-tab')
        ?.actions?.map((x) => x.command),
    ).toEqual(['reload', 'keep-this-tab']);
    // B's edits are kept but not written over A's save…
    storeB.getState().setSpotShock('BTC', -9);
    await vi.advanceTimersByTimeAsync(50);
    expect(storage.writes).toBe(1);
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.scenario.spotPct.BTC).toBe(-5);
    // …until the user keeps B's version.
    keepThisTabsSession();
    await vi.advanceTimersByTimeAsync(20);
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.scenario.spotPct.BTC).toBe(-9);
    expect(storeB.getState().notices.some((n) => n.id === 'other-tab')).toBe(false);
    // And now A hears B's write in turn.
    expect(storeA.getState().storageStatus).toBe('paused');
    a.stop();
    b.stop();
  });
});
