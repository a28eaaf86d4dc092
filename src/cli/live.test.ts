import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockDeribit, scenario20260428 } from '../../scripts/mockDeribit.ts';
import { nodeSocketFactory } from '../live/nodeSocket.ts';
import { runCliWithNetwork, runMarketCli, type NetIo } from './live.ts';
import type { CliIo } from './run.ts';

const SECRET = 'cli-secret-8Hq2LmZ0';
const fixture = (name: string) => fileURLToPath(new URL(`../live/__fixtures__/${name}`, import.meta.url));
const historyDir = fileURLToPath(new URL('../../public/data/history/', import.meta.url));

const io: CliIo = {
  readText: (p) => readFileSync(p, 'utf8'),
  defaultMarketPath: fileURLToPath(new URL('../../public/data/default-market.json', import.meta.url)),
  defaultMarginParamsPath: fileURLToPath(new URL('../../public/data/margin-params.json', import.meta.url)),
  readHistoryFiles: () =>
    readdirSync(historyDir)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((fileName) => ({ fileName, text: readFileSync(join(historyDir, fileName), 'utf8') })),
};

const positions = [
  { instrument_name: 'BTC-26JUN26-86000-C', size: -2.5, average_price: 0.021, direction: 'sell', kind: 'option' },
  { instrument_name: 'BTC-29MAY26-48000-P', size: 10, average_price: 0.0008, direction: 'buy', kind: 'option' },
  { instrument_name: 'BTC-30APR26-77500-P', size: -1, average_price: 0.02, direction: 'sell', kind: 'option' },
  { instrument_name: 'BTC-31JUL26-82000-P', size: 3, average_price: 0.12, direction: 'buy', kind: 'option' },
  { instrument_name: 'BTC-26JUN26', size: 20000, average_price: 76000, direction: 'buy', kind: 'future' },
  { instrument_name: 'BTC-25DEC26', size: -50000, average_price: 77500, direction: 'sell', kind: 'future' },
  { instrument_name: 'BTC-PERPETUAL', size: 0, average_price: 0, direction: 'zero', kind: 'future' },
];

let mock: MockDeribit;
let dir: string;
let net: NetIo;
const day = 86_400_000;

beforeAll(async () => {
  const today = Math.floor(Date.now() / day);
  mock = await MockDeribit.start({
    scenario: scenario20260428({
      credentials: { clientId: 'cli-client', clientSecret: SECRET },
      positions,
      tradingView: (p) => {
        const ticks: number[] = [];
        for (let d = Math.floor(Number(p.start_timestamp) / day); d <= Math.min(Math.floor(Number(p.end_timestamp) / day), today); d++)
          ticks.push(d * day);
        return {
          status: 'ok',
          ticks,
          close: ticks.map((t) => 90000 + 1000 * Math.sin(t / day)),
          open: [],
          high: [],
          low: [],
          volume: [],
          cost: [],
        };
      },
    }),
  });
  dir = mkdtempSync(join(tmpdir(), 'riskdeck-live-cli-'));
  writeFileSync(join(dir, 'book.json'), JSON.stringify({ jsonrpc: '2.0', result: positions }));
  net = {
    socketFactory: nodeSocketFactory,
    env: { DERIBIT_CLIENT_ID: 'cli-client', DERIBIT_CLIENT_SECRET: SECRET, XDG_CACHE_HOME: join(dir, 'xdg') },
  };
});

afterAll(async () => {
  await mock.stop();
});

const ANALYSES = ['--json', '--margin', '--stress', '--var', 'historical', '--backtest', '--hedge', '--shock', 'spot=-0.1,vol=0.05,days=1'];

describe('--live equals --market on the snapshot built from the same responses', () => {
  it('every number of the report (positions, byUnderlying, margin, stress, VaR, backtest, hedge) is the same', async () => {
    const book = join(dir, 'book.json');
    const live = await runCliWithNetwork(['--portfolio', book, '--live', '--deribit-url', mock.url, ...ANALYSES], io, net);
    expect(live.stderr).not.toMatch(/^error/m);
    expect(live.code).toBe(0);

    const snapPath = join(dir, 'snapshot.json');
    const saved = await runMarketCli(['--live', '--deribit-url', mock.url, '--out', snapPath], net, (p, t) => writeFileSync(p, t));
    expect(saved.code).toBe(0);
    const fromSnapshot = await runCliWithNetwork(['--portfolio', book, '--market', snapPath, ...ANALYSES], io, net);
    expect(fromSnapshot.code).toBe(0);
    expect(JSON.parse(live.stdout)).toEqual(JSON.parse(fromSnapshot.stdout));

    // and the same as the book-summary responses saved as one file and read by the file importer
    const summaries = join(dir, 'summaries.json');
    const rows = [
      fixture('book-summary-btc-option-2026-04-28.json'),
      fixture('book-summary-btc-future-2026-04-28.constructed.json'),
    ].flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { result: unknown[] }).result);
    writeFileSync(summaries, JSON.stringify({ jsonrpc: '2.0', result: rows }));
    const fromSummaries = await runCliWithNetwork(['--portfolio', book, '--market', summaries, ...ANALYSES], io, net);
    expect(JSON.parse(live.stdout)).toEqual(JSON.parse(fromSummaries.stdout));

    const report = JSON.parse(live.stdout) as { valuationTime: string; positions: unknown[]; margin: Record<string, unknown> };
    expect(report.valuationTime).toBe('2026-04-28T19:22:25.016Z'); // the latest creation_timestamp
    expect(report.positions).toHaveLength(6);
    expect(Object.keys(report.margin)).toEqual(['BTC']);
  });

  it('the table names the live source', async () => {
    const r = await runCliWithNetwork(['--portfolio', join(dir, 'book.json'), '--live', '--deribit-url', mock.url], io, net);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`market: Deribit live (${mock.url}) at 2026-04-28T19:22:25.016Z (BTC 908 options, 7 futures)`);
  });

  it('an unreachable endpoint is an input error, not a hang', async () => {
    const r = await runCliWithNetwork(
      ['--portfolio', join(dir, 'book.json'), '--live', '--deribit-url', 'ws://127.0.0.1:9/ws/api/v2'],
      io,
      net,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: could not connect to ws:\/\/127\.0\.0\.1:9\/ws\/api\/v2/);
  });

  it('npm run market writes our snapshot JSON and refuses to run without --live', async () => {
    const out = await runMarketCli(['--live', '--deribit-url', mock.url], net, () => undefined);
    const snap = JSON.parse(out.stdout) as { schemaVersion: number; valuationTime: string };
    expect(snap).toMatchObject({ schemaVersion: 1, valuationTime: '2026-04-28T19:22:25.016Z' });
    expect((await runMarketCli(['--out', 'x.json'], net, () => undefined)).code).toBe(2);
  });
});

describe('--account', () => {
  it('loads the book from the account: the same report as the saved get_positions response', async () => {
    const fromAccount = await runCliWithNetwork(['--account', '--live', '--deribit-url', mock.url, '--json', '--margin'], io, net);
    expect(fromAccount.code).toBe(0);
    const fromFile = await runCliWithNetwork(
      ['--portfolio', join(dir, 'book.json'), '--live', '--deribit-url', mock.url, '--json', '--margin'],
      io,
      net,
    );
    const a = JSON.parse(fromAccount.stdout) as { positions: { line?: number }[] };
    const b = JSON.parse(fromFile.stdout) as { positions: { line?: number }[] };
    expect(a.positions.map(({ line: _l, ...rest }) => rest)).toEqual(b.positions.map(({ line: _l, ...rest }) => rest));
    expect(fromAccount.stderr).toContain('book: 6 open positions of Deribit account cli-client');
    for (const f of mock.frames) expect(f).not.toContain(SECRET);
    expect(fromAccount.stdout + fromAccount.stderr).not.toContain(SECRET);
  });

  it('the key comes from the environment only, and a wrong one fails without echoing it', async () => {
    const noEnv = await runCliWithNetwork(['--account', '--deribit-url', mock.url], io, { ...net, env: {} });
    expect(noEnv).toMatchObject({ code: 1 });
    expect(noEnv.stderr).toContain('DERIBIT_CLIENT_ID and DERIBIT_CLIENT_SECRET');
    const arg = await runCliWithNetwork(['--account', `--client-secret=${SECRET}`], io, net);
    expect(arg.code).toBe(2);
    expect(arg.stderr).not.toContain(SECRET);
    const wrong = await runCliWithNetwork(['--account', '--deribit-url', mock.url], io, {
      ...net,
      env: { DERIBIT_CLIENT_ID: 'cli-client', DERIBIT_CLIENT_SECRET: 'not-the-secret-77' },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('unauthorized');
    expect(wrong.stderr).not.toContain('not-the-secret-77');
  });
});

describe('--refresh-history and --history-dir', () => {
  it('fills the cache once a day, and VaR then runs on the bundled series extended to yesterday', async () => {
    const cache = join(dir, 'cache');
    const before = mock.calls('public/get_tradingview_chart_data').length;
    const r = await runCliWithNetwork(['--refresh-history', '--history-dir', cache, '--deribit-url', mock.url], io, net);
    expect(r.code).toBe(0);
    expect(readdirSync(cache).sort()).toEqual(['dvol-btc.json', 'dvol-eth.json', 'price-btc.json', 'price-eth.json', 'price-sol.json']);
    const calls = mock.calls('public/get_tradingview_chart_data').length - before;
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(r.stderr).toMatch(
      /history price BTC: 2014-09-17…2024-12-31 bundled \(btc-usd-daily\.csv\), 2025-01-01…\d{4}-\d{2}-\d{2} fetched \(Deribit public\/get_tradingview_chart_data BTC-PERPETUAL 1D close\)/,
    );
    expect(r.stderr).toMatch(/basis vs bundled on 31 days/);

    const again = await runCliWithNetwork(['--refresh-history', '--history-dir', cache, '--deribit-url', mock.url], io, net);
    expect(again.stderr).toContain('0 series fetched, 5 already fetched today');
    expect(mock.calls('public/get_tradingview_chart_data').length - before).toBe(calls);

    const book = join(dir, 'book.json');
    const withCache = JSON.parse(
      (
        await runCliWithNetwork(
          ['--portfolio', book, '--market', join(dir, 'snapshot.json'), '--json', '--var', 'historical', '--history-dir', cache],
          io,
          net,
        )
      ).stdout,
    ) as { var: { varUsd: number } };
    const bundledOnly = JSON.parse(
      (await runCliWithNetwork(['--portfolio', book, '--market', join(dir, 'snapshot.json'), '--json', '--var', 'historical'], io, net))
        .stdout,
    ) as { var: { varUsd: number } };
    expect(withCache.var.varUsd).not.toBe(bundledOnly.var.varUsd);
  });

  it('the default cache is under $XDG_CACHE_HOME/riskdeck/history', async () => {
    const r = await runCliWithNetwork(['--refresh-history', '--deribit-url', mock.url], io, net);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'xdg', 'riskdeck', 'history'))).toContain('price-btc.json');
  });
});
