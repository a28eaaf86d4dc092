import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from './run.ts';
import { parseShock } from './args.ts';
import { computeReport, normCdf } from '../engine/index.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { TEST_MARKET } from '../engine/testMarket.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files: Record<string, string> = {
  'book.csv':
    'instrument,quantity,unit,entry_price\nBTC-31JAN26-65000-C,-2,,0.01\nBTC-PERPETUAL,10000,usd,\nSOL-PERPETUAL,1,,\nNOPE,1,,\nUSDC,1000,,\n',
  'market.json': JSON.stringify(TEST_MARKET),
  'bad-market.json': '{"schemaVersion": 1}',
  'notes.txt': 'hello world',
  'expired.csv': 'instrument,quantity\nBTC-27DEC24-60000-C,2\nBTC-26SEP26-80000-C,-1\nBTC-25SEP26-80000-C,1\n',
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

  it('reports an expired row as settled (not valued as live) and flags an expiry the market does not list', () => {
    const r = runCli(['--portfolio', 'expired.csv', '--json'], io);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.positions.map((p: { instrument: string; expiryListed: boolean }) => [p.instrument, p.expiryListed])).toEqual([
      ['BTC-26SEP26-80000-C', false],
      ['BTC-25SEP26-80000-C', true],
    ]);
    expect(j.errors).toEqual([]);
    expect(j.settled).toEqual([
      {
        line: 2,
        instrument: 'BTC-27DEC24-60000-C',
        kind: 'option',
        settlement: 'inverse',
        underlying: 'BTC',
        quantity: 2,
        unit: 'coin',
        expiry: '2024-12-27T08:00:00.000Z',
        settlementPrice: null,
        payout: null,
        payoutCurrency: 'BTC',
        valueUsd: null,
        message: expect.stringMatching(/^expired on 27 Dec 2024 08:00 UTC, settled; settlement amount unknown/),
      },
    ]);
    // No delta from the expired call (it used to add +2 BTC and 37,235 USD).
    const live = JSON.parse(
      runCli(['--portfolio', 'live.csv', '--json'], {
        ...io,
        readText: (p) => (p === 'live.csv' ? 'instrument,quantity\nBTC-26SEP26-80000-C,-1\nBTC-25SEP26-80000-C,1\n' : io.readText(p)),
      }).stdout,
    );
    expect(j.byUnderlying.BTC).toEqual(live.byUnderlying.BTC);
    const table = runCli(['--portfolio', 'expired.csv'], io).stdout;
    expect(table).toMatch(/line 2 {2}BTC-27DEC24-60000-C: expired on 27 Dec 2024 08:00 UTC, settled/);
    expect(table).toMatch(/on an expiry not listed in this market; value interpolated:\n {2}line 3 {2}BTC-26SEP26-80000-C/);
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

describe('report CLI --margin: standard and SPAN-style beside the PME', () => {
  const withBook = (name: string, text: string): CliIo => ({ ...io, readText: (p) => (p === name ? text : io.readText(p)) });

  it('a calendar spread gets SPAN’s inter-month spread charge (the scan alone treats the months as one)', () => {
    const cal = 'instrument,quantity,unit\nBTC-25DEC26,1000000,usd\nBTC-PERPETUAL,-1000000,usd\n';
    const r = runCli(['--portfolio', 'cal.csv', '--json', '--margin'], withBook('cal.csv', cal));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(-3)).toEqual(['margin', 'marginStandard', 'marginSpan']);
    const span = j.marginSpan.currencies.BTC;
    const [fut, perp] = j.positions as { quantityCoin: number }[];
    const T = (Date.parse('2026-12-25T08:00:00Z') - Date.parse(j.valuationTime)) / (365 * 86_400_000);
    const rate = Math.max(0.01, Math.exp(0.075 * T) - 1);
    expect(span.calendarSpreadCharge).toBeCloseTo(Math.min(Math.abs(fut!.quantityCoin), Math.abs(perp!.quantityCoin)) * rate, 12);
    expect(span.initialMargin).toBeCloseTo(span.scanRisk + span.calendarSpreadCharge, 12);
    // The scan risk alone (0.026 BTC) was an order of magnitude below the PME's 0.48 BTC; with the charge it is 0.35.
    expect(span.scanRisk).toBeLessThan(0.03);
    expect(span.initialMargin).toBeGreaterThan(0.3);
    expect(j.margin.BTC.initialMargin).toBeGreaterThan(span.initialMargin);
    expect(j.marginSpan.underlyings[0].spreads).toHaveLength(1);
  });

  it('a short deep ITM put: standard MM = max(0.075, 0.075·mark) + mark per coin; SPAN parameters from the flags', () => {
    const put = 'instrument,quantity\nETH-25DEC26-6000-P,-10\n';
    const r = runCli(
      ['--portfolio', 'put.csv', '--json', '--margin', '--span-short-option-min', '0.5', '--span-extreme-cover', '0.3'],
      withBook('put.csv', put),
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const mark = j.positions[0].markPrice;
    expect(mark).toBeGreaterThan(1);
    const std = j.marginStandard.positions[0];
    expect(std.maintenanceMargin).toBeCloseTo(10 * (Math.max(0.075, 0.075 * mark) + mark), 12);
    expect(std.maintenanceMargin).toBeCloseTo(14.652, 3);
    expect(j.marginSpan.params).toMatchObject({ shortOptionMinimum: 0.5, extremeCover: 0.3, extremeMultiple: 2, lookAheadDays: 1 });
    expect(j.marginSpan.currencies.ETH.shortOptionMinimum).toBeCloseTo(10 * 0.5 * 0.18, 12);
    const table = runCli(['--portfolio', 'put.csv', '--margin'], withBook('put.csv', put)).stdout;
    expect(table).toMatch(/SPAN-style margin .* short option minimum 0\.1\)/);
    expect(table).toMatch(/Deribit standard margin/);
  });

  it('rejects SPAN parameters out of range', () => {
    expect(runCli(['--portfolio', 'book.csv', '--span-extreme-cover', '2'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/between 0 and 1/),
    });
    expect(runCli(['--portfolio', 'book.csv', '--span-short-option-min', '-1'], io)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/≥ 0/),
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
  it('a negative seed is its own seed; a seed beyond 2^53 is refused', () => {
    const run = (seed: string) =>
      runCli(
        ['--portfolio', 'book.csv', '--market', 'market.json', '--json', '--var', 'montecarlo', '--paths', '500', '--seed', seed],
        withHistory,
      );
    const neg = JSON.parse(run('-7').stdout).var;
    const pos = JSON.parse(run('7').stdout).var;
    expect(neg.seed).toBe(-7);
    expect(neg.varUsd).not.toBe(pos.varUsd);
    expect(run('1e20')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--seed 1e20: must be a whole number with \|seed\| ≤ 2\^53 − 1/),
    });
  });

  it('delta-gamma VaR of a long straddle is the exact quantile of δr + ½γr², and says so', () => {
    const straddle = 'instrument,quantity\nBTC-28AUG26-78000-C,100\nBTC-28AUG26-78000-P,100\n';
    const ioStraddle: CliIo = { ...withHistory, readText: (p) => (p === 'straddle.csv' ? straddle : withHistory.readText(p)) };
    const r = runCli(['--portfolio', 'straddle.csv', '--json', '--var', 'parametric', '--delta-gamma'], ioStraddle);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const v = j.var;
    expect(v.quantileMethod).toBe('fourier-inversion');
    expect(v.quantileMethodReason).toMatch(/not monotone/);
    // Independently: the 1 % quantile of δr + ½γr², r ~ N(0, σ²), σ² the zero-mean variance of the last 365 returns.
    const closes = readFileSync(`${root}public/data/history/btc-usd-daily.csv`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[1]));
    const rets = closes
      .slice(1)
      .map((c, i) => c / closes[i]! - 1)
      .slice(-365);
    const variance = rets.reduce((s, x) => s + x * x, 0) / rets.length;
    const delta = j.byUnderlying.BTC.deltaUsd;
    const lam = 0.5 * 100 * j.byUnderlying.BTC.gammaUsd1pct * variance;
    const b = delta * Math.sqrt(variance);
    const cdf = (x: number) => {
      const disc = b * b + 4 * lam * x;
      if (disc < 0) return 0;
      return normCdf((-b + Math.sqrt(disc)) / (2 * lam)) - normCdf((-b - Math.sqrt(disc)) / (2 * lam));
    };
    let lo = (-b * b) / (4 * lam);
    let hi = 0;
    for (let i = 0; i < 200; i++) {
      const mid = 0.5 * (lo + hi);
      if (cdf(mid) < 0.01) lo = mid;
      else hi = mid;
    }
    expect(v.varUsd).toBeGreaterThan(5_700);
    expect(v.varUsd / -lo).toBeCloseTo(1, 6);
    expect(v.esUsd).toBeGreaterThanOrEqual(v.varUsd);
    expect(v.warnings ?? []).toEqual([]);
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
