import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createAppStore, replacePortfolioSilently, type AppStore } from './store.ts';
import { createFileCommands } from './fileCommands.ts';
import { InProcessClient } from './testing/inProcessClient.ts';
import { TEST_BOOK, TEST_MARKET } from './testing/fixtures.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';

let store: AppStore;
let saved: { name: string; text: string }[];
let files: ReturnType<typeof createFileCommands>;

beforeEach(() => {
  store = createAppStore();
  replacePortfolioSilently(store, TEST_BOOK);
  saved = [];
  files = createFileCommands(store, new InProcessClient(), (name, text) => saved.push({ name, text }));
});

const file = (text: string, name: string) => new File([text], name);

describe('file commands', () => {
  it('a CSV with a bad row loads the good rows and reports the bad one with its line', async () => {
    await files.openPortfolioFile(file('instrument,quantity\nBTC-PERPETUAL,100\nBTC-32DEC26,1\n', 'b.csv'));
    const s = store.getState();
    expect(s.portfolio.positions.map((p) => p.instrument)).toEqual(['BTC-PERPETUAL']);
    expect(s.importReport).toMatchObject({ status: 'loaded', rowsLoaded: 1, fileName: 'b.csv' });
    expect(s.importReport?.rejected[0]?.line).toBe(3);
    store.temporal.getState().undo();
    expect(store.getState().portfolio).toBe(TEST_BOOK);
  });

  it('a non-portfolio file never replaces the book', async () => {
    await files.openPortfolioFile(file('{"hello": 1}', 'x.json'));
    expect(store.getState().portfolio).toBe(TEST_BOOK);
    expect(store.getState().importReport?.status).toBe('failed');
  });

  it('a market file loads the market with its report', async () => {
    await files.openMarketFile(file(JSON.stringify(TEST_MARKET), 'm.json'));
    expect(store.getState().market?.underlyings.BTC?.index).toBe(80000);
    expect(store.getState().importReport).toMatchObject({ kind: 'market', status: 'loaded' });
  });

  it('a dropped market snapshot is recognised as a market', async () => {
    await files.openDroppedFile(file(JSON.stringify(TEST_MARKET), 'm.json'));
    expect(store.getState().market).not.toBeNull();
    expect(store.getState().portfolio).toBe(TEST_BOOK);
  });

  it('files over 20 MB are refused without reading', async () => {
    const big = { name: 'big.csv', size: 25 * 1024 * 1024 } as File;
    await files.openPortfolioFile(big);
    expect(store.getState().importReport?.message).toContain('over 20 MB');
  });

  it('downloads re-import to the identical book (CSV and JSON)', async () => {
    const csv = readFileSync('public/data/default-portfolio.csv', 'utf8');
    const imported = importPortfolioText(csv, 'default-portfolio.csv');
    if (!imported.ok) throw new Error(imported.error);
    store.getState().importPortfolio(imported.result.portfolio);
    await files.downloadPortfolio('csv');
    await files.downloadPortfolio('json');
    expect(saved.map((f) => f.name)).toEqual(['default-portfolio.csv', 'default-portfolio.json']);
    const strip = (t: string, n: string) => {
      const r = importPortfolioText(t, n);
      if (!r.ok) throw new Error(r.error);
      return r.result.portfolio.positions.map(({ id: _id, line: _line, ...rest }) => rest);
    };
    const original = strip(csv, 'a.csv');
    expect(strip(saved[0]!.text, 'b.csv')).toEqual(original);
    expect(strip(saved[1]!.text, 'c.json')).toEqual(original);
  });
});

describe('import report ordering', () => {
  it('shows the file opened last even when an earlier-opened file finishes reading later', async () => {
    const inner = new InProcessClient();
    let releaseMarket: () => void = () => undefined;
    const marketGate = new Promise<void>((r) => (releaseMarket = r));
    // The market (opened first) takes longer than the book (opened second), as on separate workers.
    const slowMarketClient = {
      request: (async (channel: string, method: string, args: unknown[], opts?: unknown) => {
        if (method === 'readMarketFile') await marketGate;
        return (inner.request as (...a: unknown[]) => Promise<unknown>)(channel, method, args, opts);
      }) as InProcessClient['request'],
    };
    const cmds = createFileCommands(store, slowMarketClient, () => undefined);
    const market = cmds.openMarketFile(file(JSON.stringify(TEST_MARKET), 'm.json'));
    await cmds.openPortfolioFile(file('instrument,quantity\nBTC-PERPETUAL,100\n', 'b.csv'));
    releaseMarket();
    await market;
    const s = store.getState();
    expect(s.market?.underlyings.BTC?.index).toBe(80000); // both files still apply…
    expect(s.portfolio.positions.map((p) => p.instrument)).toEqual(['BTC-PERPETUAL']);
    expect(s.importReport).toMatchObject({ kind: 'portfolio', fileName: 'b.csv' }); // …and the panel shows the book
  });
});
