import { describe, expect, it } from 'vitest';
import { createAppStore } from './store.ts';
import { bootstrap } from './bootstrap.ts';
import { SESSION_KEY, sessionOf, type KeyValueStorage } from './persistence.ts';
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
  it('without a saved session loads the default market and the sample book, with no undo step', async () => {
    const store = createAppStore();
    const calls: string[] = [];
    const autosave = await bootstrap(store, fakeFiles(store, calls), memory());
    expect(calls.sort()).toEqual(['market', 'portfolio']);
    expect(store.getState().portfolio).toBe(TEST_BOOK);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(store.getState().storageStatus).toBe('saved');
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
    const autosave = await bootstrap(store, fakeFiles(store, calls), memory(saved));
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
    await bootstrap(store, fakeFiles(store, calls), memory(structuredClone(sessionOf(source.getState()))));
    expect(calls).toEqual(['market']);
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
    expect(await bootstrap(store, fakeFiles(store, []), broken)).toBeNull();
    expect(store.getState().storageStatus).toBe('unavailable');
  });

  it('an unreadable saved session is reported and the defaults load', async () => {
    const store = createAppStore();
    const autosave = await bootstrap(store, fakeFiles(store, []), memory({ schemaVersion: 99 }));
    expect(store.getState().notices.map((n) => n.id)).toContain('session');
    expect(store.getState().portfolio).toBe(TEST_BOOK);
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
});
