/**
 * Property: whatever the user does while the page starts and while saves are in flight, once autosave has
 * flushed, storage holds exactly the session on screen. fast-check's scheduler decides the order in which the
 * storage read, the default market and sample fetches, each storage write and each user command complete; `tick`
 * commands let the autosave debounce fire at arbitrary points.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Portfolio } from '../domain/position.ts';
import { createAppStore, type AppStore } from './store.ts';
import { bootstrap } from './bootstrap.ts';
import { SESSION_KEY, parseSavedSession, sessionOf, type KeyValueStorage, type SavedSession } from './persistence.ts';
import type { FileCommands } from './fileCommands.ts';
import { TEST_BOOK, TEST_MARKET } from './testing/fixtures.ts';

const SAMPLE_BOOK: Portfolio = { ...TEST_BOOK, name: 'sample book' };
const BOOKS: readonly Portfolio[] = [
  { ...TEST_BOOK, name: 'book A' },
  { name: 'book B', positions: [TEST_BOOK.positions[1]!] },
  { name: 'empty book', positions: [] },
];
const USER_MARKET = { ...TEST_MARKET, source: 'user file' };

type Command =
  | { kind: 'open'; book: number }
  | { kind: 'edit'; row: number; quantity: number }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'whatIfTrade'; quantity: number }
  | { kind: 'whatIfShock'; pct: number }
  | { kind: 'market' }
  | { kind: 'spotOverride'; index: number }
  | { kind: 'limit'; varUsd: number }
  | { kind: 'tick'; ms: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), book: fc.nat({ max: BOOKS.length - 1 }) }),
  fc.record({ kind: fc.constant('edit' as const), row: fc.nat({ max: 4 }), quantity: fc.integer({ min: -20, max: 20 }) }),
  fc.record({ kind: fc.constant('undo' as const) }),
  fc.record({ kind: fc.constant('redo' as const) }),
  fc.record({ kind: fc.constant('whatIfTrade' as const), quantity: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('whatIfShock' as const), pct: fc.integer({ min: -30, max: 30 }) }),
  fc.record({ kind: fc.constant('market' as const) }),
  fc.record({ kind: fc.constant('spotOverride' as const), index: fc.integer({ min: 60_000, max: 90_000 }) }),
  fc.record({ kind: fc.constant('limit' as const), varUsd: fc.integer({ min: 1, max: 1e6 }) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.constantFrom(1, 100, 250, 1000) }),
);

function run(store: AppStore, c: Command): void {
  const s = store.getState();
  switch (c.kind) {
    case 'open':
      return s.importPortfolio(BOOKS[c.book]!);
    case 'edit': {
      const p = s.portfolio.positions[c.row % Math.max(1, s.portfolio.positions.length)];
      if (p) s.editQuantity(p.id, c.quantity);
      return;
    }
    case 'undo':
      return store.temporal.getState().undo();
    case 'redo':
      return store.temporal.getState().redo();
    case 'whatIfTrade':
      void s.addPosition({ instrument: 'BTC-25SEP26-80000-P', quantity: c.quantity, whatIf: true });
      return;
    case 'whatIfShock':
      return s.setSpotShock('BTC', c.pct);
    case 'market':
      return s.loadMarket(USER_MARKET, { fileName: 'user.json', format: 'snapshot', isDefault: false, warnings: [] });
    case 'spotOverride':
      return s.setSpotOverride('BTC', c.index);
    case 'limit':
      return s.setLimits({ varUsd: c.varUsd });
    case 'tick':
      vi.advanceTimersByTime(c.ms);
      return;
  }
}

/** A saved session from an earlier visit (or none). */
const initialArb: fc.Arbitrary<SavedSession | null> = fc.option(
  fc.record({ book: fc.nat({ max: BOOKS.length - 1 }), shock: fc.integer({ min: -10, max: 10 }), userMarket: fc.boolean() }).map((v) => {
    const source = createAppStore();
    if (v.userMarket)
      source.getState().loadMarket(USER_MARKET, { fileName: 'earlier.json', format: 'snapshot', isDefault: false, warnings: [] });
    source.getState().importPortfolio(BOOKS[v.book]!);
    source.getState().setSpotShock('ETH', v.shock);
    return structuredClone(sessionOf(source.getState()));
  }),
  { nil: null },
);

/** Storage whose every read and write completes when the scheduler says; writes land in call order (IndexedDB). */
function scheduledStorage(s: fc.Scheduler, initial: SavedSession | null): KeyValueStorage & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>(initial ? [[SESSION_KEY, structuredClone(initial)]] : []);
  let queue: Promise<void> = Promise.resolve();
  return {
    data,
    get: (key) => s.schedule(Promise.resolve(), 'storage read').then(() => structuredClone(data.get(key))),
    set(key, value) {
      const copy = structuredClone(value);
      const done = s.schedule(Promise.resolve(), 'storage write');
      queue = queue.then(() => done).then(() => void data.set(key, copy));
      return queue;
    },
  };
}

function scheduledFiles(s: fc.Scheduler, store: AppStore): FileCommands {
  const noop = async () => undefined;
  return {
    openPortfolioFile: noop,
    openMarketFile: noop,
    openDroppedFile: noop,
    loadSample: noop,
    downloadPortfolio: noop,
    async loadDefaultMarket(opts) {
      await s.schedule(Promise.resolve(), 'default market');
      if (opts?.onlyIfNone && store.getState().market !== null) return false;
      store.getState().loadMarket(TEST_MARKET, { fileName: 'default-market.json', format: 'snapshot', isDefault: true, warnings: [] });
      return true;
    },
    async fetchDefaultPortfolio() {
      await s.schedule(Promise.resolve(), 'sample book');
      return SAMPLE_BOOK;
    },
  };
}

const withoutTime = (x: SavedSession | null) => {
  if (!x) return x;
  const { savedAt: _t, ...rest } = x;
  return rest;
};

describe('autosave with start-up and save delays', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends with storage equal to the state after flush(), for any interleaving of commands, start-up and writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), initialArb, fc.array(commandArb, { maxLength: 14 }), async (s, initial, commands) => {
        const store = createAppStore();
        const storage = scheduledStorage(s, initial);
        const booted = bootstrap(store, scheduledFiles(s, store), storage, null);
        const sequence = s.scheduleSequence(commands.map((c) => ({ label: JSON.stringify(c), builder: async () => run(store, c) })));
        await s.waitFor(sequence.task);
        const autosave = await s.waitFor(booted);
        expect(autosave).not.toBeNull();
        await s.waitFor(autosave!.flush());
        expect(withoutTime(parseSavedSession(storage.data.get(SESSION_KEY)))).toEqual(withoutTime(sessionOf(store.getState())));
        autosave!.stop();
      }),
    );
  });
});
