import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createAppStore, replacePortfolioSilently, type AppStore } from './store.ts';
import { createFileCommands } from './fileCommands.ts';
import { InProcessClient } from './testing/inProcessClient.ts';
import { TEST_BOOK, TEST_MARKET } from './testing/fixtures.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { EMPTY_PORTFOLIO } from './slices/portfolioSlice.ts';
import { PORTFOLIO_CSV_TEMPLATE } from '../io/portfolioCsv.ts';

let store: AppStore;
let saved: { name: string; text: string }[];
let files: ReturnType<typeof createFileCommands>;

beforeEach(() => {
  store = createAppStore();
  replacePortfolioSilently(store, TEST_BOOK);
  saved = [];
  files = createFileCommands(store, new InProcessClient(), (name, text) => saved.push({ name, text }), { now: () => NOW });
});

const NOW = Date.UTC(2026, 11, 4, 17, 1, 30);

const file = (text: string, name: string) => new File([text], name);

describe('file commands', () => {
  it('a CSV with a bad row loads the good rows into an untouched book and reports the bad one with its line', async () => {
    replacePortfolioSilently(store, EMPTY_PORTFOLIO);
    await files.openPortfolioFile(file('instrument,quantity\nBTC-PERPETUAL,100\nBTC-32DEC26,1\n', 'b.csv'));
    const s = store.getState();
    expect(s.portfolio.positions.map((p) => p.instrument)).toEqual(['BTC-PERPETUAL']);
    expect(s.importReport).toMatchObject({ status: 'loaded', rowsLoaded: 1, fileName: 'b.csv' });
    expect(s.importReport?.rejected[0]?.line).toBe(3);
    expect(s.importPrompt).toBeNull(); // nothing of the trader's was replaced: no question
    store.temporal.getState().undo();
    expect(store.getState().portfolio).toBe(EMPTY_PORTFOLIO);
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
    expect(saved.map((f) => f.name)).toEqual(['default-portfolio 2026-12-04T1701Z.csv', 'default-portfolio 2026-12-04T1701Z.json']);
    // Re-opening the download keeps the book's name.
    await files.openPortfolioFile(file(saved[0]!.text, saved[0]!.name));
    expect(store.getState().portfolio.name).toBe('default-portfolio');
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

describe('opening a book over the trader’s book', () => {
  const clean = 'instrument,quantity\nETH-PERPETUAL,5\n';
  const withBad = 'instrument,quantity\nETH-PERPETUAL,5\nETH-PERPETUAL,x\nBTC-PERPETUAL,2\n';
  const history = () => store.temporal.getState();

  it('a clean file replaces it at once (one undo step) and offers to add it instead', async () => {
    await files.openPortfolioFile(file(clean, 'eth.csv'));
    const loaded = store.getState().portfolio;
    expect(loaded.positions.map((p) => p.instrument)).toEqual(['ETH-PERPETUAL']);
    expect(store.getState().importPrompt).toMatchObject({ kind: 'replaced', previous: TEST_BOOK, loaded });
    expect(store.getState().importReport).toMatchObject({ status: 'loaded', action: 'replaced' });
    files.answerPrompt('add-instead');
    const merged = store.getState().portfolio;
    expect(merged.positions.map((p) => p.instrument)).toEqual([...TEST_BOOK.positions.map((p) => p.instrument), 'ETH-PERPETUAL']);
    expect(merged.name).toBe(`${TEST_BOOK.name} + eth`);
    expect(store.getState().importReport).toMatchObject({ action: 'added' });
    expect(store.getState().importPrompt).toBeNull();
    history().undo(); // one step back is the book before the file
    expect(store.getState().portfolio).toBe(TEST_BOOK);
  });

  it('"add instead" does nothing once the book was edited after the file', async () => {
    await files.openPortfolioFile(file(clean, 'eth.csv'));
    store.getState().editQuantity(store.getState().portfolio.positions[0]!.id, 9);
    const edited = store.getState().portfolio;
    files.answerPrompt('add-instead');
    expect(store.getState().portfolio).toBe(edited);
  });

  it('a file with rejected rows asks first; the book is unchanged until the answer', async () => {
    await files.openPortfolioFile(file(withBad, 'b.csv'));
    expect(store.getState().portfolio).toBe(TEST_BOOK);
    expect(store.getState().importPrompt).toMatchObject({ kind: 'bad-rows', goodRows: 2, badRows: 1 });
    expect(store.getState().importReport).toMatchObject({ status: 'pending', rowsLoaded: 2 });
    files.answerPrompt('replace');
    expect(store.getState().portfolio.positions.map((p) => p.instrument)).toEqual(['ETH-PERPETUAL', 'BTC-PERPETUAL']);
    expect(store.getState().importReport).toMatchObject({ status: 'loaded', action: 'replaced' });
    history().undo();
    expect(store.getState().portfolio).toBe(TEST_BOOK);

    await files.openPortfolioFile(file(withBad, 'b.csv'));
    files.answerPrompt('add');
    expect(store.getState().portfolio.positions.length).toBe(TEST_BOOK.positions.length + 2);
    history().undo();

    await files.openPortfolioFile(file(withBad, 'b.csv'));
    files.answerPrompt('cancel');
    expect(store.getState().portfolio).toBe(TEST_BOOK);
    expect(store.getState().importReport).toMatchObject({ status: 'failed' });
  });

  it('the sample as fetched counts as untouched: a file with bad rows simply replaces it', async () => {
    const csv = readFileSync('public/data/default-portfolio.csv', 'utf8');
    vi.stubGlobal('fetch', async () => new Response(csv));
    const sample = await files.fetchDefaultPortfolio();
    vi.unstubAllGlobals();
    if (!sample) throw new Error('sample not read');
    replacePortfolioSilently(store, sample);
    await files.openPortfolioFile(file(withBad, 'b.csv'));
    expect(store.getState().portfolio.positions.length).toBe(2);
    expect(store.getState().importPrompt).toBeNull();
  });

  it('several files at once build one book', async () => {
    const btc = JSON.stringify({
      result: [
        { instrument_name: 'BTC-PERPETUAL', size: -1000, average_price: 80000 },
        { instrument_name: 'BTC-26JUN26', size: 0 },
      ],
    });
    const eth = JSON.stringify({ result: [{ instrument_name: 'ETH-PERPETUAL', size: 20 }] });
    await files.openPortfolioFiles([file(btc, 'btc-positions.json'), file(eth, 'eth-positions.json')]);
    const s = store.getState();
    expect(s.portfolio.name).toBe('btc-positions + eth-positions');
    expect(s.portfolio.positions.map((p) => [p.instrument, p.quantity, p.unit])).toEqual([
      ['BTC-PERPETUAL', -1000, 'usd'],
      ['ETH-PERPETUAL', 20, 'usd'],
    ]);
    expect(s.importReport).toMatchObject({ fileName: '2 files', status: 'loaded', rowsLoaded: 2 });
    expect(s.importReport?.skipped).toEqual([expect.objectContaining({ instrument: 'BTC-26JUN26', file: 'btc-positions.json' })]);
  });

  it('dropped files: the books make one book and the market files one market', async () => {
    const btcMarket = { ...TEST_MARKET, underlyings: { BTC: TEST_MARKET.underlyings.BTC! } };
    const ethMarket = { ...TEST_MARKET, underlyings: { ETH: TEST_MARKET.underlyings.ETH! } };
    await files.openDroppedFiles([
      file(JSON.stringify(btcMarket), 'btc-market.json'),
      file(clean, 'eth.csv'),
      file(JSON.stringify(ethMarket), 'eth-market.json'),
    ]);
    const s = store.getState();
    expect(Object.keys(s.market?.underlyings ?? {}).sort()).toEqual(['BTC', 'ETH']);
    expect(s.marketSource).toMatchObject({ fileName: 'btc-market.json + eth-market.json', format: 'merged' });
    expect(s.portfolio.positions.map((p) => p.instrument)).toEqual(['ETH-PERPETUAL']);
  });

  it('a header without our columns offers a mapping; the mapped file then loads', async () => {
    await files.openPortfolioFile(file('Ticker,Pos,Avg\nETH-PERPETUAL,5,2500\n', 'broker.csv'));
    expect(store.getState().portfolio).toBe(TEST_BOOK);
    expect(store.getState().importPrompt).toMatchObject({ kind: 'map-columns', header: { found: ['Ticker', 'Pos', 'Avg'] } });
    expect(store.getState().importReport).toMatchObject({ status: 'failed', header: { missing: ['instrument', 'quantity'] } });
    await files.importWithMapping({ Ticker: 'instrument', Pos: 'quantity', Avg: 'entry_price' });
    expect(store.getState().portfolio.positions.map((p) => [p.instrument, p.quantity, p.entryPrice])).toEqual([['ETH-PERPETUAL', 5, 2500]]);
    expect(store.getState().importReport).toMatchObject({ status: 'loaded', fileName: 'broker.csv' });
  });

  it('downloads a template that imports cleanly', () => {
    files.downloadTemplate();
    expect(saved.at(-1)).toMatchObject({ name: 'portfolio-template.csv', text: PORTFOLIO_CSV_TEMPLATE });
  });
});

describe('market files', () => {
  it('several market files are merged by underlying; conflicting ones are refused and the market kept', async () => {
    const btcMarket = { ...TEST_MARKET, underlyings: { BTC: TEST_MARKET.underlyings.BTC! } };
    const ethMarket = { ...TEST_MARKET, underlyings: { ETH: TEST_MARKET.underlyings.ETH! } };
    await files.openMarketFiles([file(JSON.stringify(btcMarket), 'btc.json'), file(JSON.stringify(ethMarket), 'eth.json')]);
    expect(Object.keys(store.getState().market?.underlyings ?? {}).sort()).toEqual(['BTC', 'ETH']);
    expect(store.getState().importReport).toMatchObject({ kind: 'market', status: 'loaded', fileName: 'btc.json + eth.json' });
    const before = store.getState().market;
    const clash = { ...btcMarket, underlyings: { BTC: { ...btcMarket.underlyings.BTC, index: 1 } } };
    await files.openMarketFiles([file(JSON.stringify(btcMarket), 'btc.json'), file(JSON.stringify(clash), 'btc-2.json')]);
    expect(store.getState().market).toBe(before);
    expect(store.getState().importReport?.message).toMatch(/BTC is in both btc\.json and btc-2\.json with different data/);
  });

  it('a market file lacking underlyings of the market in use offers to keep them', async () => {
    await files.openMarketFile(file(JSON.stringify(TEST_MARKET), 'both.json'));
    const btcMarket = { ...TEST_MARKET, underlyings: { BTC: { ...TEST_MARKET.underlyings.BTC!, index: 81000 } } };
    await files.openMarketFile(file(JSON.stringify(btcMarket), 'btc-new.json'));
    expect(store.getState().importPrompt).toMatchObject({ kind: 'market-replaced', missing: ['ETH'] });
    files.answerPrompt('keep-previous-market');
    const m = store.getState().market!;
    expect(m.underlyings.BTC?.index).toBe(81000);
    expect(m.underlyings.ETH).toEqual(TEST_MARKET.underlyings.ETH);
    expect(store.getState().marketSource?.fileName).toBe('both.json + btc-new.json');
  });
});
