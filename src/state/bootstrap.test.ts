import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from './store.ts';
import type { Portfolio } from '../domain/position.ts';
import { bootstrap } from './bootstrap.ts';
import { SESSION_KEY, parseSavedSession, sessionOf, type KeyValueStorage, type TabMessage, type TabSync } from './persistence.ts';
import type { FileCommands } from './fileCommands.ts';
import { TEST_BOOK, TEST_MARKET } from './testing/fixtures.ts';

function fakeFiles(store: ReturnType<typeof createAppStore>, calls: string[]): FileCommands {
  const noop = async () => undefined;
  return {
    openPortfolioFile: noop,
    openMarketFile: noop,
    openDroppedFile: noop,
    loadSample: noop,
    downloadPortfolio: noop,
    async loadDefaultMarket() {
      calls.push('market');
      store.getState().loadMarket(TEST_MARKET, { fileName: 'default-market.json', format: 'snapshot', isDefault: true, warnings: [] });
      return true;
    },
    async fetchDefaultPortfolio() {
      calls.push('portfolio');
      return TEST_BOOK;
    },
  };
}

const memory = (initial?: unknown): KeyValueStorage & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>(initial === undefined ? [] : [[SESSION_KEY, initial]]);
  return { data, get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v) };
};

describe('bootstrap', () => {
  it('without a saved session loads the default market and the sample book, with no undo step, and saves them', async () => {
    const store = createAppStore();
    const calls: string[] = [];
    const storage = memory();
    const autosave = await bootstrap(store, fakeFiles(store, calls), storage, null);
    expect(calls.sort()).toEqual(['market', 'portfolio']);
    expect(store.getState().portfolio).toBe(TEST_BOOK);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    await autosave?.flush();
    expect(store.getState().storageStatus).toBe('saved');
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.portfolio).toEqual(TEST_BOOK);
    autosave?.stop();
  });

  it('restores a saved session: book, imported market, overrides and scenario', async () => {
    const source = createAppStore();
    source.getState().loadMarket(TEST_MARKET, { fileName: 'mine.json', format: 'snapshot', isDefault: false, warnings: [] });
    source.getState().importPortfolio({ ...TEST_BOOK, name: 'restored' });
    source.getState().setSpotOverride('BTC', 81000);
    source.getState().setSpotShock('ETH', 7);
    const saved = structuredClone(sessionOf(source.getState()));

    const store = createAppStore();
    const calls: string[] = [];
    const autosave = await bootstrap(store, fakeFiles(store, calls), memory(saved), null);
    const s = store.getState();
    expect(calls).toEqual([]);
    expect(s.portfolio.name).toBe('restored');
    expect(s.marketSource?.fileName).toBe('mine.json');
    expect(s.marketOverrides.spot).toEqual({ BTC: 81000 });
    expect(s.scenario.spotPct).toEqual({ ETH: 7 });
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    autosave?.stop();
  });

  it('a session saved on the default market refetches it', async () => {
    const source = createAppStore();
    source.getState().importPortfolio(TEST_BOOK);
    const store = createAppStore();
    const calls: string[] = [];
    const autosave = await bootstrap(store, fakeFiles(store, calls), memory(structuredClone(sessionOf(source.getState()))), null);
    expect(calls).toEqual(['market']);
    autosave?.stop();
  });

  it('no IndexedDB: defaults load and a notice says autosave is off', async () => {
    const store = createAppStore();
    const autosave = await bootstrap(store, fakeFiles(store, []), null);
    expect(autosave).toBeNull();
    expect(store.getState().storageStatus).toBe('unavailable');
    expect(store.getState().notices[0]?.text).toContain('Autosave is off');
    expect(store.getState().portfolio).toBe(TEST_BOOK);
  });

  it('storage that throws on read degrades the same way', async () => {
    const store = createAppStore();
    const broken: KeyValueStorage = { get: () => Promise.reject(new Error('InvalidStateError')), set: async () => undefined };
    expect(await bootstrap(store, fakeFiles(store, []), broken, null)).toBeNull();
    expect(store.getState().storageStatus).toBe('unavailable');
  });

  it('an unreadable saved session is reported and the defaults load', async () => {
    const store = createAppStore();
    const storage = memory({ schemaVersion: 99 });
    const autosave = await bootstrap(store, fakeFiles(store, []), storage, null);
    expect(store.getState().notices.map((n) => n.id)).toContain('session');
    expect(store.getState().portfolio).toBe(TEST_BOOK);
    // What is on screen replaces what could not be read.
    await autosave?.flush();
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.portfolio).toEqual(TEST_BOOK);
    autosave?.stop();
  });
});

describe('bootstrap races', () => {
  it('a book and a market the user opens during start-up are not overwritten by the defaults', async () => {
    const store = createAppStore();
    const calls: string[] = [];
    const files = fakeFiles(store, calls);
    const userBook = { name: 'mine', positions: [] };
    const userMarket = { ...TEST_MARKET, source: 'user' };
    const slow: FileCommands = {
      ...files,
      async loadDefaultMarket(opts) {
        store.getState().loadMarket(userMarket, { fileName: 'u.json', format: 'snapshot', isDefault: false, warnings: [] });
        if (opts?.onlyIfNone && store.getState().market !== null) return false;
        return files.loadDefaultMarket(opts);
      },
      async fetchDefaultPortfolio() {
        store.getState().importPortfolio(userBook); // the user's file lands while the sample is being read
        return TEST_BOOK;
      },
    };
    await bootstrap(store, slow, null);
    expect(store.getState().portfolio).toBe(userBook);
    expect(store.getState().market).toBe(userMarket);
  });

  it('inputs the user moves and a market the user opens while the session is read win over the saved ones', async () => {
    const source = createAppStore();
    source.getState().loadMarket(TEST_MARKET, { fileName: 'saved.json', format: 'snapshot', isDefault: false, warnings: [] });
    source.getState().importPortfolio(TEST_BOOK);
    source.getState().setSpotOverride('BTC', 81000);
    source.getState().setSpotShock('ETH', 7);
    source.getState().setLimits({ varUsd: 1000 });
    const storage = memory(structuredClone(sessionOf(source.getState())));
    const store = createAppStore();
    const userMarket = { ...TEST_MARKET, source: 'user' };
    const booted = bootstrap(store, fakeFiles(store, []), storage, null);
    // Still reading storage:
    store.getState().loadMarket(userMarket, { fileName: 'u.json', format: 'snapshot', isDefault: false, warnings: [] });
    store.getState().setSpotShock('BTC', -5);
    store.getState().setLimits({ varUsd: 2000 });
    const autosave = await booted;
    const s = store.getState();
    expect(s.market).toBe(userMarket);
    // The saved overrides belonged to the saved market, not to the user's.
    expect(s.marketOverrides.spot).toEqual({});
    expect(s.scenario.spotPct).toEqual({ BTC: -5 });
    expect(s.analysis.limits).toEqual({ varUsd: 2000 });
    // The untouched book is the saved one.
    expect(s.portfolio).toEqual(TEST_BOOK);
    await autosave?.flush();
    const saved = parseSavedSession(storage.data.get(SESSION_KEY));
    expect(saved?.scenario.spotPct).toEqual({ BTC: -5 });
    expect(saved?.market?.source.fileName).toBe('u.json');
    autosave?.stop();
  });
});

/** Storage whose reads and writes take `delayMs` of (fake) time each, like a busy IndexedDB. */
function slowStorage(delayMs: number, initial?: unknown): KeyValueStorage & { data: Map<string, unknown>; writes: number } {
  const data = new Map<string, unknown>(initial === undefined ? [] : [[SESSION_KEY, structuredClone(initial)]]);
  const later = () => new Promise<void>((r) => setTimeout(r, delayMs));
  const s = {
    data,
    writes: 0,
    async get(k: string) {
      await later();
      return structuredClone(data.get(k));
    },
    async set(k: string, v: unknown) {
      const copy = structuredClone(v);
      await later();
      s.writes += 1;
      data.set(k, copy);
    },
  };
  return s;
}

describe('a book opened while the page starts is saved', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const userBook: Portfolio = {
    name: 'opened during start-up',
    positions: [
      { id: 'u1', instrument: 'BTC-PERPETUAL', quantity: 1000, unit: 'usd', entryPrice: 70000, venue: 'deribit', label: '', line: 2 },
    ],
  };
  const savedEarlier = () => {
    const source = createAppStore();
    source.getState().importPortfolio({ ...TEST_BOOK, name: 'saved earlier' });
    return structuredClone(sessionOf(source.getState()));
  };

  /** Start the page on `storage`, let every timer run, and return the store and autosave. */
  async function start(storage: KeyValueStorage, files: (store: AppStore) => FileCommands) {
    const store = createAppStore();
    const booted = bootstrap(store, files(store), storage, null);
    await vi.advanceTimersByTimeAsync(5_000);
    return { store, autosave: await booted };
  }

  it.each([
    ['while the saved session is read', true, 'get'],
    ['while the saved session is read (nothing saved yet)', false, 'get'],
    ['while the sample book is fetched (nothing saved yet)', false, 'sample'],
  ] as const)('%s: it is written without any further change and comes back on reload', async (_name, hasSession, when) => {
    const storage = slowStorage(40, hasSession ? savedEarlier() : undefined);
    const files = (store: AppStore): FileCommands => {
      const base = fakeFiles(store, []);
      return {
        ...base,
        async fetchDefaultPortfolio() {
          if (when === 'sample') store.getState().importPortfolio(userBook);
          return base.fetchDefaultPortfolio();
        },
      };
    };
    const store = createAppStore();
    const booted = bootstrap(store, files(store), storage, null);
    if (when === 'get') store.getState().importPortfolio(userBook); // the storage read is still pending
    await vi.advanceTimersByTimeAsync(5_000);
    const autosave = await booted;
    expect(store.getState().portfolio).toBe(userBook);
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.portfolio).toEqual(userBook);
    autosave?.stop();

    // Reload: a new page on the same storage.
    const reloaded = await start(storage, (s) => fakeFiles(s, []));
    expect(reloaded.store.getState().portfolio).toEqual(userBook);
    reloaded.autosave?.stop();
  });

  it('a start-up that restores the saved session unchanged writes nothing', async () => {
    const storage = slowStorage(40, savedEarlier());
    const { autosave } = await start(storage, (s) => fakeFiles(s, []));
    expect(storage.writes).toBe(0);
    autosave?.stop();
  });
});

/** A tab's sync endpoint whose messages the test delivers by hand. */
function manualSync(tabId: string): TabSync & { deliver(m: TabMessage): void; posted: TabMessage[]; closed: boolean } {
  const listeners = new Set<(m: TabMessage) => void>();
  const sync = {
    tabId,
    posted: [] as TabMessage[],
    closed: false,
    post: (m: TabMessage) => void sync.posted.push(m),
    subscribe(l: (m: TabMessage) => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    deliver: (m: TabMessage) => listeners.forEach((l) => l(m)),
    close: () => void (sync.closed = true),
  };
  return sync;
}

describe('another tab saving while this one starts', () => {
  const savedBy = (name: string) => {
    const source = createAppStore();
    source.getState().importPortfolio({ ...TEST_BOOK, name });
    return structuredClone(sessionOf(source.getState()));
  };

  it('a save heard after this tab read storage pauses autosave here: nothing is written over it', async () => {
    const first = savedBy('first');
    const storage = memory(first);
    const store = createAppStore();
    const sync = manualSync('me');
    const booted = bootstrap(store, fakeFiles(store, []), storage, sync);
    // This tab has read `first`; the other tab now writes a newer session and says so.
    await Promise.resolve();
    const newer = savedBy('newer');
    storage.data.set(SESSION_KEY, newer);
    sync.deliver({ type: 'saved', tabId: 'other', at: Date.now(), savedAt: `${newer.savedAt}-later` });
    const autosave = await booted;
    expect(store.getState().storageStatus).toBe('paused');
    expect(store.getState().notices.map((n) => n.id)).toContain('other-tab');
    store.getState().setSpotShock('BTC', -3);
    await autosave?.flush();
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.portfolio.name).toBe('newer');
    expect(sync.posted).toEqual([]);
    autosave?.stop();
    expect(sync.closed).toBe(true);
  });

  it('a save heard during start-up of the very session this tab read is not a conflict', async () => {
    const saved = savedBy('shared');
    const storage = memory(saved);
    const store = createAppStore();
    const sync = manualSync('me');
    const booted = bootstrap(store, fakeFiles(store, []), storage, sync);
    sync.deliver({ type: 'saved', tabId: 'other', at: Date.now(), savedAt: saved.savedAt });
    const autosave = await booted;
    expect(store.getState().storageStatus).toBe('saved');
    store.getState().setSpotShock('BTC', -3);
    await autosave?.flush();
    expect(parseSavedSession(storage.data.get(SESSION_KEY))?.scenario.spotPct).toEqual({ BTC: -3 });
    // Its own write is announced with the session it wrote.
    const written = parseSavedSession(storage.data.get(SESSION_KEY));
    expect(sync.posted.map((m) => [m.tabId, m.savedAt])).toEqual([['me', written?.savedAt]]);
    autosave?.stop();
  });
});
