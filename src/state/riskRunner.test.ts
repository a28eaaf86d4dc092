import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, replacePortfolioSilently, type AppStore } from './store.ts';
import { startRiskRunner } from './riskRunner.ts';
import { InProcessClient, settle } from './testing/inProcessClient.ts';
import { TEST_BOOK, TEST_MARKET } from './testing/fixtures.ts';
import { computeReport } from '../engine/index.ts';

let store: AppStore;
let client: InProcessClient;

beforeEach(() => {
  store = createAppStore();
  client = new InProcessClient();
});

const loadTestMarket = () =>
  store.getState().loadMarket(TEST_MARKET, { fileName: 't.json', format: 'snapshot', isDefault: false, warnings: [] });

describe('risk runner', () => {
  it('does nothing without a market', async () => {
    startRiskRunner(store, client);
    replacePortfolioSilently(store, TEST_BOOK);
    await settle();
    expect(client.calls).toEqual([]);
  });

  it('batches a market and a book loaded in one tick into one report, and lists instruments', async () => {
    startRiskRunner(store, client);
    loadTestMarket();
    replacePortfolioSilently(store, TEST_BOOK);
    await settle();
    expect(client.calls.filter((c) => c.method === 'computeReport')).toHaveLength(1);
    expect(client.calls.filter((c) => c.method === 'listMarketInstruments')).toHaveLength(1);
    expect(store.getState().resultsStatus).toBe('ready');
    expect(store.getState().marketInstruments.length).toBeGreaterThan(0);
  });

  it('the report equals a direct engine call with the scenario in decimals', async () => {
    startRiskRunner(store, client);
    loadTestMarket();
    replacePortfolioSilently(store, TEST_BOOK);
    store.getState().setSpotShock('BTC', -10);
    store.getState().setVolShift(5);
    store.getState().setDaysForward(1);
    await settle();
    const direct = computeReport(TEST_BOOK, TEST_MARKET, { spot: { BTC: -0.1 }, vol: 0.05, days: 1 });
    expect(store.getState().report?.scenario?.pnlUsd).toBe(direct.scenario?.pnlUsd);
    expect(store.getState().report?.errors).toEqual(direct.errors);
  });

  it('ignores changes that are not inputs', async () => {
    startRiskRunner(store, client);
    loadTestMarket();
    await settle();
    const before = client.calls.length;
    store.getState().setActiveView('market');
    store.getState().pushNotice({ id: 'x', level: 'info', text: 'x' });
    await settle();
    expect(client.calls.length).toBe(before);
  });

  it('an engine error becomes a visible results error; a superseded request is silent', async () => {
    startRiskRunner(store, client);
    client.failWith = { method: 'computeReport', error: new Error('boom') };
    loadTestMarket();
    await settle();
    expect(store.getState().resultsError).toContain('boom');
    client.failWith = { method: 'computeReport', error: Object.assign(new Error('stale'), { name: 'StaleRequestError' }) };
    store.getState().setVolShift(1);
    await settle();
    expect(store.getState().resultsError).toContain('boom'); // unchanged, no new error for a stale result
  });

  it('a worker crash shows a banner and recomputes', async () => {
    startRiskRunner(store, client);
    loadTestMarket();
    await settle();
    const reports = () => client.calls.filter((c) => c.method === 'computeReport').length;
    const before = reports();
    client.emit({ type: 'crashed', worker: 'compute', message: 'out of memory' });
    await settle();
    expect(store.getState().notices.find((n) => n.id === 'worker-crash')?.text).toContain('restarted');
    expect(reports()).toBe(before + 1);
  });

  it('stops following the store when stopped', async () => {
    const stop = startRiskRunner(store, client);
    stop();
    loadTestMarket();
    await settle();
    expect(client.calls).toEqual([]);
  });
});
