import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from './run.ts';
import { parseShock } from './args.ts';
import { computeReport } from '../engine/index.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { TEST_MARKET } from '../engine/testMarket.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files: Record<string, string> = {
  'book.csv':
    'instrument,quantity,unit,entry_price\nBTC-31JAN26-65000-C,-2,,0.01\nBTC-PERPETUAL,10000,usd,\nSOL-PERPETUAL,1,,\nNOPE,1,,\nUSDC,1000,,\n',
  'market.json': JSON.stringify(TEST_MARKET),
  'bad-market.json': '{"schemaVersion": 1}',
  'notes.txt': 'hello world',
  'short-perp.csv': 'instrument,quantity,unit,entry_price\nBTC-PERPETUAL,-10000000,usd,60000\n',
};
const io: CliIo = {
  readText(path) {
    if (path in files) return files[path]!;
    return readFileSync(path, 'utf8');
  },
  defaultMarketPath: `${root}public/data/default-market.json`,
};

describe('report CLI', () => {
  it('prints the report JSON with PRODUCT.md field names', () => {
    const r = runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--json', '--shock', 'spot=-0.1,vol=0.05,days=1'], io);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['valuationTime', 'positions', 'byUnderlying', 'errors', 'scenario']);
    expect(Object.keys(j.positions[0]).slice(0, 16)).toEqual([
      'instrument',
      'kind',
      'settlement',
      'underlying',
      'quantity',
      'unit',
      'quantityCoin',
      'markPrice',
      'iv',
      'forward',
      'valueUsd',
      'delta',
      'gamma',
      'vega',
      'theta',
      'rho',
    ]);
    expect(Object.keys(j.byUnderlying.BTC)).toEqual([
      'delta',
      'deltaUsd',
      'gamma',
      'gammaUsd1pct',
      'vega',
      'vegaStd',
      'theta',
      'rho',
      'deltaTotal',
    ]);
    expect(j.errors).toEqual([
      { line: 4, instrument: 'SOL-PERPETUAL', message: 'no market data for SOL in the snapshot' },
      { line: 5, instrument: 'NOPE', message: expect.stringMatching(/not a Deribit instrument name|NOPE/) },
    ]);
    expect(j.positions.map((p: { instrument: string }) => p.instrument)).toEqual(['BTC-31JAN26-65000-C', 'BTC-PERPETUAL', 'USDC']);
    // The numbers are the engine's: same book, same market, same scenario.
    const imported = importPortfolioText(files['book.csv']!, 'book.csv');
    if (!imported.ok) throw new Error(imported.error);
    const direct = computeReport(imported.result.portfolio, TEST_MARKET, { spotAll: -0.1, vol: 0.05, days: 1 });
    expect(j.scenario).toEqual({ spot: -0.1, vol: 0.05, days: 1, pnlUsd: direct.scenario!.pnlUsd });
    expect(j.positions[1].quantity).toBe(10000);
    expect(j.positions[1].unit).toBe('usd');
    expect(j.positions[2].iv).toBeNull();
  });

  it('prints an aligned table without --json', () => {
    const r = runCli(['--portfolio', 'book.csv', '--market', 'market.json'], io);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/instrument\s+kind\s+settle/);
    expect(r.stdout).toMatch(/line 4 {2}SOL-PERPETUAL: no market data for SOL/);
  });

  it('uses the embedded default market without --market', () => {
    const r = runCli(['--portfolio', `${root}public/data/default-portfolio.csv`, '--json'], io);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.valuationTime).toBe('2026-08-22T03:50:45.199Z');
    expect(j.errors).toEqual([]);
    expect(Object.keys(j.byUnderlying).sort()).toEqual(['BTC', 'ETH']);
  });

  it('fails clearly on unreadable input', () => {
    expect(runCli(['--portfolio', 'missing.csv', '--market', 'market.json'], io)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot read portfolio file "missing.csv"/),
    });
    expect(runCli(['--portfolio', 'notes.txt', '--market', 'market.json'], io)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/notes.txt/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--market', 'bad-market.json'], io)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/market file "bad-market.json"/),
    });
    expect(runCli([], io)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--portfolio FILE is required/) });
    expect(runCli(['--portfolio', 'book.csv', '--bogus'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown argument "--bogus"/),
    });
  });
});

describe('report CLI: several market files and what the import did not use', () => {
  const defaultMarket = JSON.parse(readFileSync(`${root}public/data/default-market.json`, 'utf8')) as {
    underlyings: Record<string, unknown>;
  };
  const only = (ul: string) => JSON.stringify({ ...defaultMarket, underlyings: { [ul]: defaultMarket.underlyings[ul] } });
  const withParts: CliIo = {
    ...io,
    readText: (path) => (path === 'btc.json' ? only('BTC') : path === 'eth.json' ? only('ETH') : io.readText(path)),
  };
  const book = `${root}public/data/default-portfolio.csv`;

  it('merges per-underlying market files (after one --market or with --market repeated) into the same figures as the whole snapshot', () => {
    const whole = JSON.parse(runCli(['--portfolio', book, '--json'], withParts).stdout);
    for (const args of [
      ['--market', 'btc.json', 'eth.json'],
      ['--market', 'btc.json', '--market', 'eth.json'],
    ]) {
      const r = runCli(['--portfolio', book, ...args, '--json'], withParts);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.errors).toEqual([]);
      expect(j.byUnderlying).toEqual(whole.byUnderlying);
      expect(j.positions.map((p: { valueUsd: number }) => p.valueUsd)).toEqual(
        whole.positions.map((p: { valueUsd: number }) => p.valueUsd),
      );
    }
    const oneOnly = JSON.parse(runCli(['--portfolio', book, '--market', 'btc.json', '--json'], withParts).stdout);
    expect(oneOnly.errors.length).toBeGreaterThan(0); // the ETH rows have no market: the merge is what fixes them
  });

  it('refuses conflicting market files with a message naming them', () => {
    const r = runCli(['--portfolio', book, '--market', 'btc.json', 'market.json'], withParts);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: market files: BTC is in both btc\.json and market\.json with different data/);
  });

  it('names ignored columns and skipped rows on stderr, and reads the aliases', () => {
    const texts: Record<string, string> = {
      'aliased.csv': 'instrument,qty,entry,desk\nBTC-PERPETUAL,-1000,80000,A\n',
      'deribit.json': JSON.stringify({
        result: [
          { instrument_name: 'BTC-PERPETUAL', size: 0 },
          { instrument_name: 'ETH-PERPETUAL', size: 10 },
        ],
      }),
    };
    const withBooks: CliIo = { ...io, readText: (p) => texts[p] ?? io.readText(p) };
    const r = runCli(['--portfolio', 'aliased.csv', '--json'], withBooks);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: aliased.csv: column "desk" not used (kept on download; known columns: instrument, quantity, unit, entry_price, venue, label)',
    );
    const p = JSON.parse(r.stdout).positions[0];
    expect([p.quantity, p.quantityCoin < 0]).toEqual([-1000, true]);
    const d = runCli(['--portfolio', 'deribit.json', '--json'], withBooks);
    expect(d.stderr).toBe('note: deribit.json: line 1 BTC-PERPETUAL: size 0: a closed position (Deribit keeps listing it), skipped');
  });
});

describe('parseShock', () => {
  it('parses spot for every underlying, per-underlying spot, vol and days', () => {
    expect(parseShock('spot=-0.1,vol=0.05,days=1')).toEqual({ spotAll: -0.1, vol: 0.05, days: 1 });
    expect(parseShock('spot.btc=-0.2, spot.ETH=0.1')).toEqual({ spot: { BTC: -0.2, ETH: 0.1 } });
  });
  it('rejects malformed shocks', () => {
    expect(() => parseShock('spot=abc')).toThrow(/not a number/);
    expect(() => parseShock('foo=1')).toThrow(/unknown key "foo"/);
    expect(() => parseShock('spot')).toThrow(/key=value/);
    expect(() => parseShock('spot=-1')).toThrow(/non-positive/);
    expect(() => parseShock('days=-2')).toThrow(/days must be/);
  });
});

describe('report CLI --hedge', () => {
  it('suggests a perpetual trade that flattens delta, in the JSON and the table', () => {
    const r = runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--json', '--hedge'], io);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.hedge.ok).toBe(true);
    expect(j.hedge.trades.map((t: { instrument: string }) => t.instrument)).toEqual(['BTC-PERPETUAL']);
    expect(Math.abs(j.hedge.after.BTC.deltaUsd)).toBeLessThanOrEqual(5);
    expect(j.hedge).toMatchObject({ deltaMeasure: 'usd', scope: 'book', misses: [] });
    expect(Object.keys(j.hedge)).toEqual([
      'ok',
      'trades',
      'totalCostUsd',
      'before',
      'after',
      'deltaMeasure',
      'scope',
      'scopeLabel',
      'scopeBefore',
      'scopeAfter',
      'targets',
      'misses',
    ]);
    const coin = JSON.parse(
      runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--json', '--hedge', '--hedge-delta', 'coin'], io).stdout,
    );
    expect(Math.abs(coin.hedge.after.BTC.delta)).toBeLessThan(10 / 60_030);
    expect(coin.hedge.targets[0]).toMatchObject({ underlying: 'BTC', greek: 'delta', label: 'BTC coin delta', met: true });
    const table = runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--hedge', 'delta,vega'], io);
    expect(table.stdout).toMatch(/Suggested hedge \(least cost\), targets of the whole book \(every venue, spot included\):/);
    expect(table.stdout).toMatch(/BTC \(whole book\): delta .* → .* USD delta .* → /);
    expect(table.stdout).toMatch(/met +BTC USD delta/);
  });

  it('makes a short inverse perpetual entered below the forward USD-neutral (bundled market)', () => {
    const r = runCli(['--portfolio', 'short-perp.csv', '--json', '--hedge', 'delta'], io);
    expect(r.code).toBe(0);
    const h = JSON.parse(r.stdout).hedge;
    const S = 78_617.31;
    expect(h.before.BTC.deltaUsd).toBeCloseTo((-10_000_000 * S) / 60_000, 4);
    expect(Math.abs(h.after.BTC.deltaUsd)).toBeLessThanOrEqual(0.005 * Math.abs(h.before.BTC.deltaUsd));
    expect(Math.abs(h.after.BTC.deltaUsd)).toBeLessThanOrEqual(5);
    expect(h.trades).toHaveLength(1);
    expect(h.trades[0]).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'buy', unit: 'usd' });
    // The coin target is still available and leaves 10M − 10M·S/E of USD delta.
    const coin = JSON.parse(
      runCli(['--portfolio', 'short-perp.csv', '--json', '--hedge', 'delta', '--hedge-delta', 'coin'], io).stdout,
    ).hedge;
    expect(coin.after.BTC.deltaUsd).toBeCloseTo(10_000_000 - (10_000_000 * S) / 60_000, -1);
  });

  it('keeps every ticked target of the default book within tolerance, and names a target it misses', () => {
    const r = runCli(['--portfolio', `${root}public/data/default-portfolio.csv`, '--json', '--hedge', 'delta,gamma,vega'], io);
    const h = JSON.parse(r.stdout).hedge;
    expect(h.misses).toEqual([]);
    const eth = h.targets.find((t: { label: string }) => t.label === 'ETH gamma');
    expect(eth.hi).toBeCloseTo(313.53, 2);
    expect(Math.abs(eth.after)).toBeLessThanOrEqual(eth.hi);
    expect(Math.abs(h.after.ETH.gammaUsd1pct)).toBeLessThanOrEqual(eth.hi);
    expect(h.targets.every((t: { met: boolean }) => t.met)).toBe(true);

    // Only Deribit's derivatives: the spot collateral is out of the target.
    const d = JSON.parse(
      runCli(['--portfolio', `${root}public/data/default-portfolio.csv`, '--json', '--hedge', '--hedge-scope', 'deribit-derivatives'], io)
        .stdout,
    ).hedge;
    expect(d.scopeLabel).toBe('Deribit derivatives (what its margin sees)');
    expect(Math.abs(d.scopeAfter.BTC.deltaUsd)).toBeLessThanOrEqual(5);
    expect(d.before.BTC.deltaUsd - d.scopeBefore.BTC.deltaUsd).toBeCloseTo(18 * 78_617.31, 4);
  });
  it('rejects unknown hedge greeks and kinds', () => {
    expect(runCli(['--portfolio', 'book.csv', '--hedge', 'rho'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown "rho"/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--hedge-instruments', 'option'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/needs --hedge/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--hedge', '--hedge-delta', 'eur'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--hedge-delta: unknown "eur" \(use usd or coin\)/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--hedge-delta', 'coin'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/needs --hedge/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--hedge', '--hedge-scope', 'okx'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--hedge-scope: unknown "okx"/),
    });
  });
});

describe('report CLI --margin and --stress', () => {
  const withParams: CliIo = { ...io, defaultMarginParamsPath: `${root}public/data/margin-params.json` };
  it('fills margin{} per settlement currency with PRODUCT.md names, and stress[]', () => {
    const r = runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--json', '--margin', '--stress'], withParams);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.margin)).toEqual(['BTC']);
    expect(Object.keys(j.margin.BTC).slice(0, 6)).toEqual([
      'worstCase',
      'rollShock',
      'deltaShock',
      'riskMatrixMargin',
      'initialMargin',
      'maintenanceMargin',
    ]);
    expect(j.margin.BTC.maintenanceMargin).toBeCloseTo(0.8 * j.margin.BTC.riskMatrixMargin, 12);
    expect(j.margin.BTC.riskMatrixMargin).toBeCloseTo(j.margin.BTC.worstCase + j.margin.BTC.rollShock + j.margin.BTC.deltaShock, 12);
    expect(j.stress.length).toBeGreaterThanOrEqual(5);
    expect(j.stress[0]).toMatchObject({ name: expect.any(String), pnlUsd: expect.any(Number), byUnderlying: expect.any(Object) });
  });
  it('rejects a broken margin parameter file', () => {
    const broken: CliIo = { ...withParams, readText: (p) => (p === 'params.json' ? '{"BTC": 1' : io.readText(p)) };
    expect(runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--margin-params', 'params.json'], broken)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/margin parameter file "params.json" is not JSON/),
    });
  });
});

describe('report CLI --var and --backtest', () => {
  const withHistory: CliIo = {
    ...io,
    readHistoryFiles: () =>
      ['btc-usd-daily.csv', 'eth-usd-daily.csv', 'dvol-btc-daily.csv', 'dvol-eth-daily.csv'].map((fileName) => ({
        fileName,
        text: readFileSync(`${root}public/data/history/${fileName}`, 'utf8'),
      })),
  };
  it('fills var{} with PRODUCT.md names for each method, ES ≥ VaR, and VaR rises with confidence', () => {
    const run = (...extra: string[]) => {
      const r = runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--json', ...extra], withHistory);
      expect(r.stderr).not.toMatch(/error/);
      return JSON.parse(r.stdout).var;
    };
    for (const method of ['historical', 'parametric', 'montecarlo']) {
      const v = run('--var', method, '--paths', '2000', '--seed', '7');
      expect(Object.keys(v).slice(0, 6)).toEqual(['method', 'confidence', 'horizonDays', 'varUsd', 'esUsd', 'observations']);
      expect(v.method).toBe(method);
      expect(v.esUsd).toBeGreaterThanOrEqual(v.varUsd);
    }
    const v95 = run('--var', 'historical', '--confidence', '0.95');
    const v99 = run('--var', 'historical', '--confidence', '0.99');
    expect(v99.varUsd).toBeGreaterThanOrEqual(v95.varUsd);
    const h10 = run('--var', 'historical', '--horizon', '10');
    expect(h10.varUsd).toBeCloseTo(v99.varUsd * Math.sqrt(10), 6);
    expect(run('--var', 'montecarlo', '--paths', '500', '--seed', '3')).toEqual(
      run('--var', 'montecarlo', '--paths', '500', '--seed', '3'),
    );
  });
  it('fills backtest{} with exceptions, traffic light and test statistics', () => {
    const r = runCli(['--portfolio', 'book.csv', '--market', 'market.json', '--json', '--backtest'], withHistory);
    const b = JSON.parse(r.stdout).backtest;
    expect(b.observations).toBe(250);
    expect(['green', 'yellow', 'red']).toContain(b.trafficLight.zone);
    expect(b.kupiec.pValue).toBeGreaterThanOrEqual(0);
    expect(b.days).toHaveLength(250);
  });
  it('rejects VaR options without a method and bad values', () => {
    expect(runCli(['--portfolio', 'book.csv', '--confidence', '0.99'], withHistory)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/need --var/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--var', 'garch'], withHistory)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown method "garch"/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--var', 'historical', '--confidence', '99'], withHistory)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/between 0 and 1/),
    });
  });
});
