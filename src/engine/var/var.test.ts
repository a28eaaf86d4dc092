/**
 * runVar end to end on the bundled real histories and the unit-test market, against independent recomputations
 * written here from the raw CSV lines (plain loops and sorts, hand-written valuations), and the invariants of
 * METHODOLOGY.md §5.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { resolveBook, type ResolvedPosition } from '../resolve.ts';
import { compileBook, type CompiledBook } from '../risk/compiledBook.ts';
import { computeReport } from '../risk/report.ts';
import { normCdf } from '../math/normal.ts';
import type { Position } from '../../domain/position.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';
import {
  deltaGammaCornishFisher,
  incrementalVar,
  runVar,
  varReportJson,
  type VarHistory,
  type VarParams,
  type VarReport,
} from './index.ts';

// ---------------------------------------------------------------------------------------------------------------
// Data straight from the files.

function readSeries(file: string): { dates: string[]; values: number[] } {
  const text = readFileSync(new URL(`../../../public/data/history/${file}`, import.meta.url), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(','));
  return { dates: rows.map((r) => r[0]!), values: rows.map((r) => Number(r[1])) };
}
const RAW = {
  BTC: readSeries('btc-usd-daily.csv'),
  ETH: readSeries('eth-usd-daily.csv'),
  SOL: readSeries('sol-usd-daily.csv'),
};
const RAW_DVOL = { BTC: readSeries('dvol-btc-daily.csv'), ETH: readSeries('dvol-eth-daily.csv') };
const HISTORY: VarHistory = { prices: RAW, dvol: RAW_DVOL };

/** Last `window` h-day returns on the common dates of `names`, the independent way. */
function independentReturns(names: (keyof typeof RAW)[], window: number, h = 1): { dates: string[]; r: number[][] } {
  const maps = names.map((n) => new Map(RAW[n].dates.map((d, i) => [d, RAW[n].values[i]!])));
  const common = RAW[names[0]!].dates.filter((d) => maps.every((m) => m.has(d)));
  const tail = common.slice(common.length - window - h);
  // The bundled files are gap-free: consecutive entries are consecutive calendar days.
  for (let i = 1; i < tail.length; i++) expect(Date.parse(tail[i]!) - Date.parse(tail[i - 1]!)).toBe(86_400_000);
  const dates = tail.slice(h);
  return { dates, r: maps.map((m) => dates.map((d, i) => m.get(d)! / m.get(tail[i]!)! - 1)) };
}

/** k-th largest loss and mean of the k largest, by a plain sort. */
function plainVarEs(pnl: number[], c: number): { v: number; es: number } {
  const losses = pnl.map((x) => -x).sort((a, b) => b - a);
  const k = Math.max(1, Math.ceil(pnl.length * (1 - c) - 1e-9));
  return { v: losses[k - 1]!, es: losses.slice(0, k).reduce((s, x) => s + x, 0) / k };
}

/** Black-76 price, written out. */
function b76(F: number, K: number, vol: number, T: number, call: boolean): number {
  const sd = vol * Math.sqrt(T);
  const d1 = Math.log(F / K) / sd + sd / 2;
  const d2 = d1 - sd;
  return call ? F * normCdf(d1) - K * normCdf(d2) : K * normCdf(-d2) - F * normCdf(-d1);
}

// ---------------------------------------------------------------------------------------------------------------
// Books.

const market = buildMarketModel(TEST_MARKET);
function compiled(...positions: Position[]): { cb: CompiledBook; positions: readonly ResolvedPosition[] } {
  const rb = resolveBook(book(...positions), market);
  expect(rb.errors).toEqual([]);
  return { cb: compileBook(rb, market), positions: rb.positions };
}
const linearPositions = [
  pos('BTC', 2),
  pos('BTC-PERPETUAL', -0.5),
  pos('ETH_USDC-PERPETUAL', -30, { entryPrice: 2_900 }),
  pos('USDC', 10_000),
];
const optionPositions = [
  ...linearPositions,
  pos('BTC-31JAN26-65000-C', -5),
  pos('BTC-1APR26-55000-P', 3),
  pos('BTC_USDC-1APR26-70000-C', 2),
  pos('ETH-31JAN26-2600-P', 20),
];
const LINEAR = compiled(...linearPositions);
const OPTIONS = compiled(...optionPositions);

/** Independent scenario P&L of the option book: closed forms per position. */
function independentOptionPnl(
  rb: readonly ResolvedPosition[],
  rBtc: number,
  rEth: number,
  volRatio: { BTC: number; ETH: number } = { BTC: 1, ETH: 1 },
): number {
  let pnl = 0;
  for (const rp of rb) {
    const ul = rp.instrument.underlying;
    const r = ul === 'BTC' ? rBtc : rEth;
    const g = 1 + r;
    const q = rp.quantityCoin;
    switch (rp.path) {
      case 'spot':
        pnl += q * rp.index0 * r;
        break;
      case 'inverseDelta1': // N(1/E − 1/(F0 g))·S0 g − N(1/E − 1/F0)·S0, no entry price: E = F0
        pnl +=
          rp.notionalUsd * (1 / rp.entryUsd - 1 / (rp.forward0 * g)) * rp.index0 * g -
          rp.notionalUsd * (1 / rp.entryUsd - 1 / rp.forward0) * rp.index0;
        break;
      case 'linearDelta1':
        pnl += q * rp.forward0 * r;
        break;
      case 'inverseOption':
      case 'linearOption': {
        const rho = ul === 'BTC' ? volRatio.BTC : volRatio.ETH;
        const call = rp.isCall;
        const after = b76(rp.forward0 * g, rp.strike, rp.vol0 * rho, rp.tteYears0, call);
        const before = b76(rp.forward0, rp.strike, rp.vol0, rp.tteYears0, call);
        // Inverse: q·price/F·S, and S/F = S0/F0 under a spot move.
        pnl += q * (after - before) * (rp.path === 'inverseOption' ? rp.index0 / rp.forward0 : 1);
        break;
      }
      case 'cash':
        break;
    }
  }
  return pnl;
}

function ok(book: CompiledBook, params: VarParams): VarReport {
  const r = runVar(book, HISTORY, params);
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

// ---------------------------------------------------------------------------------------------------------------

describe('historical VaR: independent recomputation from the closes', () => {
  it('option book, 365 daily returns, 99 %', () => {
    const { dates, r } = independentReturns(['BTC', 'ETH'], 365);
    const pnl = dates.map((_, t) => independentOptionPnl(OPTIONS.positions, r[0]![t]!, r[1]![t]!));
    const ref = plainVarEs(pnl, 0.99);
    const got = ok(OPTIONS.cb, { method: 'historical' });
    expect(got.observations).toBe(365);
    expect(got.tailCount).toBe(4);
    expect(got.windowEnd).toBe('2024-12-31');
    expect(got.windowStart).toBe(dates[0]);
    expect(got.scenarioDates).toEqual(dates);
    expect(rel(got.varUsd, ref.v)).toBeLessThan(1e-9);
    expect(rel(got.esUsd, ref.es)).toBeLessThan(1e-9);
    expect(got.volModel).toBe('spot-only');
    expect(got.varUsd).toBeGreaterThan(0);
    got.pnlUsd!.forEach((x, t) => expect(Math.abs(x - pnl[t]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(pnl[t]!))));
  });

  it('ES at 97.5 % (FRTB) beside the report figures', () => {
    const { dates, r } = independentReturns(['BTC', 'ETH'], 365);
    const pnl = dates.map((_, t) => independentOptionPnl(OPTIONS.positions, r[0]![t]!, r[1]![t]!));
    const got = ok(OPTIONS.cb, { method: 'historical' });
    expect(rel(got.es975Usd, plainVarEs(pnl, 0.975).es)).toBeLessThan(1e-9);
    const dn = ok(OPTIONS.cb, { method: 'parametric' });
    // φ(Φ⁻¹(0.975))/0.025 = 2.3378027922… × σ_P
    expect(dn.es975Usd / (dn.parametric!.sdUsd * 2.337802792201415)).toBeCloseTo(1, 10);
  });

  it('other confidences and windows', () => {
    for (const [c, window] of [
      [0.95, 365],
      [0.975, 500],
      [0.999, 1000],
      [0.9, 30],
    ] as const) {
      const { dates, r } = independentReturns(['BTC', 'ETH'], window);
      const pnl = dates.map((_, t) => independentOptionPnl(OPTIONS.positions, r[0]![t]!, r[1]![t]!));
      const ref = plainVarEs(pnl, c);
      const got = ok(OPTIONS.cb, { method: 'historical', confidence: c, window });
      expect(rel(got.varUsd, ref.v)).toBeLessThan(1e-9);
      expect(rel(got.esUsd, ref.es)).toBeLessThan(1e-9);
    }
  });

  it('horizon 10 days: √10 × the 1-day figures, or overlapping 10-day returns unscaled', () => {
    const one = ok(OPTIONS.cb, { method: 'historical' });
    const scaled = ok(OPTIONS.cb, { method: 'historical', horizonDays: 10 });
    expect(scaled.horizonRule).toBe('sqrt-h');
    expect(scaled.varUsd).toBeCloseTo(one.varUsd * Math.sqrt(10), 6);
    expect(scaled.esUsd).toBeCloseTo(one.esUsd * Math.sqrt(10), 6);
    const { dates, r } = independentReturns(['BTC', 'ETH'], 365, 10);
    const pnl = dates.map((_, t) => independentOptionPnl(OPTIONS.positions, r[0]![t]!, r[1]![t]!));
    const ref = plainVarEs(pnl, 0.99);
    const over = ok(OPTIONS.cb, { method: 'historical', horizonDays: 10, overlapping: true });
    expect(over.horizonRule).toBe('overlapping');
    expect(over.observations).toBe(365);
    expect(rel(over.varUsd, ref.v)).toBeLessThan(1e-9);
    expect(rel(over.esUsd, ref.es)).toBeLessThan(1e-9);
  });

  it('a three-underlying linear book (SOL history starts in 2020: common dates only)', () => {
    const solMarket = buildMarketModel({
      ...TEST_MARKET,
      underlyings: { ...TEST_MARKET.underlyings, SOL: { index: 150, forwards: [], smiles: [] } },
    });
    const rb = resolveBook(book(pos('BTC', 1), pos('ETH', -10), pos('SOL', 400)), solMarket);
    const cb = compileBook(rb, solMarket);
    const { dates, r } = independentReturns(['BTC', 'ETH', 'SOL'], 365);
    const pnl = dates.map((_, t) => 60_000 * r[0]![t]! - 10 * 3_000 * r[1]![t]! + 400 * 150 * r[2]![t]!);
    const ref = plainVarEs(pnl, 0.99);
    const got = runVar(cb, HISTORY, { method: 'historical' });
    expect(got.ok && rel(got.report.varUsd, ref.v)).toBeLessThan(1e-9);
  });

  it('an underlying without history is an error naming it', () => {
    const solMarket = buildMarketModel({
      ...TEST_MARKET,
      underlyings: { ...TEST_MARKET.underlyings, SOL: { index: 150, forwards: [], smiles: [] } },
    });
    const cb = compileBook(resolveBook(book(pos('BTC', 1), pos('SOL', 1)), solMarket), solMarket);
    const r = runVar(cb, { prices: { BTC: RAW.BTC, ETH: RAW.ETH } }, { method: 'historical' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/no price history for SOL/);
  });
});

describe('filtered historical simulation', () => {
  it('linear book: P&L = δ·r̃ with the EWMA rescaling recomputed by hand', () => {
    const { r } = independentReturns(['BTC', 'ETH'], 365);
    const filt = r.map((x) => {
      const n = x.length;
      const m = x.reduce((s, v) => s + v, 0) / n;
      let v = x.reduce((s, y) => s + (y - m) ** 2, 0) / (n - 1);
      const sig: number[] = [];
      for (const y of x) {
        sig.push(Math.sqrt(v));
        v = 0.94 * v + 0.06 * y * y;
      }
      const today = Math.sqrt(v);
      return x.map((y, t) => (y * today) / sig[t]!);
    });
    // δ of the linear book: BTC 2·S0 − 0.5·S0 (inverse perp sized in coin), ETH −30·F0.
    const pnl = filt[0]!.map((x, t) => 1.5 * 60_000 * x - 30 * 3_000 * filt[1]![t]!);
    const ref = plainVarEs(pnl, 0.99);
    const got = ok(LINEAR.cb, { method: 'historical', filtered: true });
    expect(got.filtered).toBe(true);
    expect(rel(got.varUsd, ref.v)).toBeLessThan(1e-9);
    expect(rel(got.esUsd, ref.es)).toBeLessThan(1e-9);
  });

  it('filtered with overlapping returns is refused', () => {
    const r = runVar(LINEAR.cb, HISTORY, { method: 'historical', filtered: true, horizonDays: 5, overlapping: true });
    expect(r.ok).toBe(false);
  });
});

describe('historical VaR with DVOL', () => {
  it('applies DVOL_t/DVOL_{t−1} to every option vol on every day of 2024', () => {
    const got = ok(OPTIONS.cb, { method: 'historical', volFromDvol: true, positions: OPTIONS.positions });
    expect(got.volModel).toBe('dvol');
    expect(got.dvolDays).toBe(365);
    expect(got.dvolDaysByUnderlying).toEqual({ BTC: 365, ETH: 365 });
    const spot = ok(OPTIONS.cb, { method: 'historical' });
    expect(got.varUsd).not.toBeCloseTo(spot.varUsd, 0);
    // Independent check of every scenario with the DVOL files read here.
    const dv = (u: 'BTC' | 'ETH') => new Map(RAW_DVOL[u].dates.map((d, i) => [d, RAW_DVOL[u].values[i]!]));
    const dvb = dv('BTC');
    const dve = dv('ETH');
    const { dates, r } = independentReturns(['BTC', 'ETH'], 365);
    const prev = (d: string) => new Date(Date.parse(d) - 86_400_000).toISOString().slice(0, 10);
    const pnl = dates.map((d, t) =>
      independentOptionPnl(OPTIONS.positions, r[0]![t]!, r[1]![t]!, {
        BTC: dvb.get(d)! / dvb.get(prev(d))!,
        ETH: dve.get(d)! / dve.get(prev(d))!,
      }),
    );
    const ref = plainVarEs(pnl, 0.99);
    expect(rel(got.varUsd, ref.v)).toBeLessThan(1e-9);
    expect(rel(got.esUsd, ref.es)).toBeLessThan(1e-9);
  });

  it('is spot-only where no DVOL history overlaps, and says so', () => {
    const got = ok(OPTIONS.cb, { method: 'historical', volFromDvol: true, window: 365 });
    expect(got.volModel).toBe('dvol');
    const noDvol = runVar(OPTIONS.cb, { prices: HISTORY.prices }, { method: 'historical', volFromDvol: true });
    expect(noDvol.ok && noDvol.report.volModel).toBe('spot-only');
    expect(noDvol.ok && noDvol.report.warnings.join()).toMatch(/no DVOL history/);
  });

  it('leaves a linear book unchanged', () => {
    expect(ok(LINEAR.cb, { method: 'historical', volFromDvol: true }).varUsd).toBeCloseTo(
      ok(LINEAR.cb, { method: 'historical' }).varUsd,
      6,
    );
  });
});

describe('delta-normal: independent recomputation', () => {
  it('VaR = z√(δᵀΣδ), δ = the report deltaUsd, Σ zero-mean ÷ N', () => {
    const { r } = independentReturns(['BTC', 'ETH'], 365);
    const n = r[0]!.length;
    const cov = [0, 1].map((i) => [0, 1].map((j) => r[i]!.reduce((s, x, t) => s + x * r[j]![t]!, 0) / n));
    // δ by hand: spot q·S0, inverse perp (coin) q·S0, linear perp q·F0, inverse option qN(d1)S0, linear qN(d1)F0.
    const delta = [0, 0];
    for (const rp of OPTIONS.positions) {
      const u = rp.instrument.underlying === 'BTC' ? 0 : 1;
      const q = rp.quantityCoin;
      if (rp.path === 'spot' || rp.path === 'inverseDelta1') delta[u]! += q * rp.index0;
      else if (rp.path === 'linearDelta1') delta[u]! += q * rp.forward0;
      else if (rp.path === 'inverseOption' || rp.path === 'linearOption') {
        const sd = rp.vol0 * Math.sqrt(rp.tteYears0);
        const d1 = Math.log(rp.forward0 / rp.strike) / sd + sd / 2;
        const nd1 = rp.isCall ? normCdf(d1) : normCdf(d1) - 1;
        delta[u]! += q * nd1 * (rp.path === 'inverseOption' ? rp.index0 : rp.forward0);
      }
    }
    const report = computeReport(book(...optionPositions), market);
    expect(delta[0]).toBeCloseTo(report.byUnderlying.BTC!.deltaUsd, 6);
    expect(delta[1]).toBeCloseTo(report.byUnderlying.ETH!.deltaUsd, 6);
    const sigma = Math.sqrt(delta[0]! ** 2 * cov[0]![0]! + 2 * delta[0]! * delta[1]! * cov[0]![1]! + delta[1]! ** 2 * cov[1]![1]!);
    const z = 2.3263478740408408;
    const got = ok(OPTIONS.cb, { method: 'parametric' });
    expect(got.observations).toBe(365);
    expect(rel(got.varUsd, z * sigma)).toBeLessThan(1e-10);
    expect(rel(got.esUsd, (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI) / 0.01) * sigma)).toBeLessThan(1e-10);
    const h10 = ok(OPTIONS.cb, { method: 'parametric', horizonDays: 10 });
    expect(rel(h10.varUsd, Math.sqrt(10) * z * sigma)).toBeLessThan(1e-10);
  });
});

describe('invariants', () => {
  const methods: VarParams[] = [
    { method: 'historical' },
    { method: 'historical', filtered: true },
    { method: 'historical', volFromDvol: true },
    { method: 'parametric' },
    { method: 'parametric', deltaGamma: true },
    { method: 'montecarlo', paths: 4_000, seed: 5 },
    { method: 'montecarlo', paths: 4_000, seed: 5, distribution: 'student-t', dof: 5 },
  ];

  it('ES ≥ VaR, and both rise with confidence, for every method', () => {
    for (const p of methods) {
      let prevVar = -Infinity;
      let prevEs = -Infinity;
      for (const c of [0.9, 0.95, 0.975, 0.99, 0.995, 0.999]) {
        const r = ok(OPTIONS.cb, { ...p, confidence: c });
        expect(r.esUsd, `${JSON.stringify(p)} at ${c}`).toBeGreaterThanOrEqual(r.varUsd - 1e-9 * Math.abs(r.varUsd));
        expect(r.varUsd).toBeGreaterThanOrEqual(prevVar);
        expect(r.esUsd).toBeGreaterThanOrEqual(prevEs - 1e-9 * Math.abs(prevEs));
        prevVar = r.varUsd;
        prevEs = r.esUsd;
      }
    }
  });

  it('scaling a linear book by k scales VaR and ES by k', () => {
    const k = 3.5;
    const scaled = compiled(...linearPositions.map((p) => ({ ...p, quantity: p.quantity * k })));
    for (const p of methods) {
      const a = ok(LINEAR.cb, p);
      const b = ok(scaled.cb, p);
      expect(rel(b.varUsd, k * a.varUsd), JSON.stringify(p)).toBeLessThan(1e-9);
      expect(rel(b.esUsd, k * a.esUsd)).toBeLessThan(1e-9);
    }
  });

  it('component VaR and ES sum to the totals, per underlying and per position', () => {
    for (const p of methods) {
      const r = ok(OPTIONS.cb, { ...p, positions: OPTIONS.positions });
      const byUl = r.components.byUnderlying;
      expect(byUl.map((c) => c.underlying)).toEqual(['BTC', 'ETH']);
      const sum = (xs: { varUsd: number; esUsd: number }[], f: 'varUsd' | 'esUsd') => xs.reduce((s, c) => s + c[f], 0);
      expect(rel(sum(byUl, 'varUsd'), r.varUsd), JSON.stringify(p)).toBeLessThan(1e-9);
      expect(rel(sum(byUl, 'esUsd'), r.esUsd)).toBeLessThan(1e-9);
      const byPos = r.components.byPosition!;
      expect(byPos).toHaveLength(OPTIONS.positions.length);
      expect(rel(sum(byPos, 'varUsd'), r.varUsd), JSON.stringify(p)).toBeLessThan(1e-9);
      expect(rel(sum(byPos, 'esUsd'), r.esUsd)).toBeLessThan(1e-9);
      expect(Math.abs(r.components.positionResidualVarUsd!)).toBeLessThan(1e-9 * Math.abs(r.varUsd));
      // Cash contributes nothing; positions of one underlying add up to that underlying.
      expect(byPos.find((c) => c.instrument === 'USDC')!.varUsd).toBe(0);
      const btc = byPos.filter((c) => c.underlying === 'BTC').reduce((s, c) => s + c.varUsd, 0);
      expect(rel(btc, byUl[0]!.varUsd)).toBeLessThan(1e-8);
    }
  });

  it('historical component VaR is the P&L of the VaR scenario', () => {
    const r = ok(OPTIONS.cb, { method: 'historical', positions: OPTIONS.positions });
    const t = r.varScenario!.index;
    expect(r.varScenario!.date).toBe(r.scenarioDates![t]);
    expect(-r.pnlUsd![t]!).toBeCloseTo(r.varUsd, 9);
  });
});

describe('what-if trades and edge cases', () => {
  it('incremental VaR = VaR(with) − VaR(without); a delta hedge reduces risk', () => {
    const agg = computeReport(book(...optionPositions), market).byUnderlying;
    expect(Math.abs(agg.ETH!.delta)).toBeGreaterThan(20);
    const withHedge = compiled(
      ...optionPositions,
      pos('BTC', -agg.BTC!.delta, { whatIf: true }),
      pos('ETH', -agg.ETH!.delta, { whatIf: true }),
    );
    for (const p of [{ method: 'historical' }, { method: 'parametric' }, { method: 'montecarlo', paths: 2_000 }] as VarParams[]) {
      const inc = incrementalVar(withHedge.cb, OPTIONS.cb, HISTORY, p);
      expect(inc.ok).toBe(true);
      if (!inc.ok) continue;
      expect(inc.value.varWithUsd).toBeCloseTo(ok(withHedge.cb, p).varUsd, 9);
      expect(inc.value.varWithoutUsd).toBeCloseTo(ok(OPTIONS.cb, p).varUsd, 9);
      expect(inc.value.incrementalVarUsd).toBeCloseTo(inc.value.varWithUsd - inc.value.varWithoutUsd, 9);
      expect(inc.value.incrementalVarUsd).toBeLessThan(0);
    }
  });

  it('a cash-only book has zero VaR', () => {
    const r = ok(compiled(pos('USDC', 1000)).cb, { method: 'historical' });
    expect(r.varUsd).toBe(0);
    expect(r.esUsd).toBe(0);
  });

  it('bad parameters are errors, not exceptions', () => {
    for (const p of [
      { method: 'historical', confidence: 1 },
      { method: 'historical', confidence: 0 },
      { method: 'historical', horizonDays: 0.5 },
      { method: 'historical', window: 1 },
      { method: 'historical', window: 100_000 },
      { method: 'montecarlo', paths: 0 },
      { method: 'montecarlo', distribution: 'student-t', dof: 2 },
      { method: 'bogus' },
    ] as unknown as VarParams[]) {
      const r = runVar(OPTIONS.cb, HISTORY, p);
      expect(r.ok, JSON.stringify(p)).toBe(false);
    }
  });

  it('report JSON has the PRODUCT.md fields first', () => {
    const j = varReportJson(ok(OPTIONS.cb, { method: 'historical', positions: OPTIONS.positions }));
    expect(Object.keys(j).slice(0, 6)).toEqual(['method', 'confidence', 'horizonDays', 'varUsd', 'esUsd', 'observations']);
    expect(j.method).toBe('historical');
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    const mc = varReportJson(ok(OPTIONS.cb, { method: 'montecarlo', paths: 500, seed: 9 }));
    expect(mc).toMatchObject({ method: 'montecarlo', paths: 500, seed: 9, distribution: 'normal', observations: 500 });
  });

  it('delta-gamma of a long straddle: the exact quantile of δr + ½γr², not a negative Cornish-Fisher figure', () => {
    const straddle = compiled(pos('BTC-31JAN26-60000-C', 100), pos('BTC-31JAN26-60000-P', 100));
    const agg = computeReport(book(pos('BTC-31JAN26-60000-C', 100), pos('BTC-31JAN26-60000-P', 100)), market).byUnderlying.BTC!;
    const delta = agg.deltaUsd;
    const gamma = 100 * agg.gammaUsd1pct;
    // The window's zero-mean variance, and the 1 % quantile of δr + ½γr² from the roots of the quadratic.
    const { r } = independentReturns(['BTC'], 365);
    const variance = r[0]!.reduce((s, x) => s + x * x, 0) / r[0]!.length;
    const s = Math.sqrt(variance);
    const lam = 0.5 * gamma * variance;
    const b = delta * s;
    const cdf = (x: number) => {
      const disc = b * b + 4 * lam * x;
      if (disc < 0) return 0;
      return normCdf((-b + Math.sqrt(disc)) / (2 * lam)) - normCdf((-b - Math.sqrt(disc)) / (2 * lam));
    };
    let lo = (-b * b) / (4 * lam);
    let hi = 10 * s * Math.abs(delta);
    for (let i = 0; i < 200; i++) {
      const mid = 0.5 * (lo + hi);
      if (cdf(mid) < 0.01) lo = mid;
      else hi = mid;
    }
    const exactVar = -0.5 * (lo + hi);
    expect(exactVar).toBeGreaterThan(0);
    // Cornish-Fisher is not monotone here and reports a gain as the 1 % loss.
    const cf = deltaGammaCornishFisher([delta], [gamma], Float64Array.of(variance), 1, 0.99);
    expect(cf.monotone).toBe(false);
    expect(cf.varUsd).toBeLessThan(0);
    const dg = ok(straddle.cb, { method: 'parametric', deltaGamma: true, positions: straddle.positions });
    expect(dg.quantileMethod).toBe('fourier-inversion');
    expect(rel(dg.varUsd, exactVar)).toBeLessThan(1e-8);
    // The loss cannot exceed the quadratic's minimum b²/(4λ): ES lies between VaR and it.
    expect(dg.esUsd).toBeGreaterThanOrEqual(dg.varUsd);
    expect(dg.esUsd).toBeLessThanOrEqual((b * b) / (4 * lam));
    expect(dg.warnings.join(' ')).not.toMatch(/unreliable/);
    const sumPos = dg.components.byPosition!.reduce((t, c) => t + c.varUsd, 0);
    expect(rel(sumPos, dg.varUsd)).toBeLessThan(1e-9);
    // Full revaluation (Monte Carlo, same Σ) agrees within the delta-gamma approximation.
    const full = ok(straddle.cb, { method: 'montecarlo', paths: 40_000, seed: 3 }).varUsd;
    expect(Math.abs(dg.varUsd / full - 1)).toBeLessThan(0.1);
    const j = varReportJson(dg);
    expect(j.quantileMethod).toBe('fourier-inversion');
    expect(String(j.quantileMethodReason)).toMatch(/not monotone/);
    // Appended after every existing field.
    expect(Object.keys(j).slice(-2)).toEqual(['quantileMethod', 'quantileMethodReason']);
  });

  it('delta-gamma keeps Cornish-Fisher where it is valid, and says so', () => {
    const shortGamma = compiled(pos('BTC-31JAN26-60000-C', -20), pos('BTC-31JAN26-60000-P', -20), pos('BTC-PERPETUAL', 5));
    const dg = ok(shortGamma.cb, { method: 'parametric', deltaGamma: true });
    expect(dg.quantileMethod).toBe('cornish-fisher');
    expect(varReportJson(dg).quantileMethod).toBe('cornish-fisher');
    expect(ok(shortGamma.cb, { method: 'parametric' }).quantileMethod).toBe('normal');
    expect(ok(shortGamma.cb, { method: 'historical' }).quantileMethod).toBeNull();
  });

  it('delta-gamma is closer than delta-normal to full revaluation for a short-gamma book', () => {
    const shortGamma = compiled(pos('BTC-31JAN26-60000-C', -20), pos('BTC-31JAN26-60000-P', -20));
    const full = ok(shortGamma.cb, { method: 'montecarlo', paths: 40_000, seed: 3 }).varUsd;
    const dn = ok(shortGamma.cb, { method: 'parametric' }).varUsd;
    const dg = ok(shortGamma.cb, { method: 'parametric', deltaGamma: true }).varUsd;
    expect(Math.abs(dg - full)).toBeLessThan(Math.abs(dn - full));
  });
});
