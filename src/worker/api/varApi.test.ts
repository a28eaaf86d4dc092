import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildMarketModel, compileBook, incrementalVar, resolveBook, runBacktest, runVar, type VarHistory } from '../../engine/index.ts';
import { buildVarHistory } from '../../io/history.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import type { Portfolio } from '../../domain/position.ts';
import { HISTORY_FILES, createVarChunkApi, loadHistory, varApi, type VarPanelParams } from './varApi.ts';
import { setHistoryTextFetcher } from '../historyLoader.ts';

const HISTORY_URL = pathToFileURL('public/data/history/').href;
const NONE = { spot: {}, volPts: {} };

function defaults() {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'default-portfolio.csv');
  if (!m.ok || !p.ok) throw new Error('default data unreadable');
  return { market: m.snapshot, book: p.result.portfolio };
}

function engineHistory(): VarHistory {
  const dir = 'public/data/history/';
  const h = buildVarHistory(readdirSync(dir).map((fileName) => ({ fileName, text: readFileSync(dir + fileName, 'utf8') })));
  if (!h.ok) throw new Error(h.error);
  return h.history;
}

describe('varApi (the VaR worker surface, run in-process)', () => {
  const { market, book } = defaults();
  const model = buildMarketModel(market);
  const history = engineHistory();
  const inputs = { portfolio: book, market, overrides: NONE, marketKey: 'm1', bookKey: 'b1' };
  const compiled = compileBook(resolveBook(book, model), model);
  const resolved = resolveBook(book, model);
  const params = (p: Omit<VarPanelParams, 'historyUrl'>): VarPanelParams => ({ historyUrl: HISTORY_URL, ...p });

  beforeAll(() => setHistoryTextFetcher(async (url) => readFileSync(fileURLToPath(url), 'utf8')));
  afterAll(() => setHistoryTextFetcher(null));

  it('loads every bundled history file once and caches it', async () => {
    const a = await loadHistory(HISTORY_URL);
    const b = await loadHistory(HISTORY_URL.slice(0, -1)); // same folder without the trailing slash
    expect(a).toBe(b);
    expect(Object.keys(a.history.prices).sort()).toEqual(['BTC', 'ETH', 'SOL']);
    expect(Object.keys(a.history.dvol ?? {}).sort()).toEqual(['BTC', 'ETH']);
    expect(HISTORY_FILES).toHaveLength(5);
  });

  it.each([
    { method: 'historical' },
    { method: 'historical', filtered: true },
    { method: 'historical', volFromDvol: true, horizonDays: 5 },
    { method: 'parametric', confidence: 0.95 },
    { method: 'parametric', deltaGamma: true, horizonDays: 3, overlapping: true },
    { method: 'montecarlo', paths: 2000, seed: 7 },
  ] as const)('computeVar equals runVar: %o', async (p) => {
    const out = await varApi.computeVar(inputs, { spot: { BTC: -0.3 } }, params(p));
    const direct = runVar(compiled, history, { ...p, positions: resolved.positions });
    expect(out.ok && direct.ok).toBe(true);
    if (!out.ok || !direct.ok) return;
    const { pnlUsd: _a, ...mine } = out.value.report;
    const { pnlUsd: _b, ...theirs } = direct.report;
    expect(mine).toEqual(theirs); // the what-if shock is ignored: VaR at the base market
    expect(out.value.report.pnlUsd).toBeNull();
    expect(out.value.incremental).toBeNull();
    expect(out.value.unpricedCount).toBe(0);
  });

  it('incremental VaR of the active what-if rows equals the engine’s, excluded rows left out', async () => {
    const whatIf: Portfolio = {
      ...book,
      positions: [
        ...book.positions,
        { id: 'w1', instrument: 'BTC-PERPETUAL', quantity: 3, entryPrice: null, venue: 'deribit', label: '', whatIf: true },
        {
          id: 'w2',
          instrument: 'ETH-PERPETUAL',
          quantity: 500,
          entryPrice: null,
          venue: 'deribit',
          label: '',
          whatIf: true,
          excluded: true,
        },
      ],
    };
    const p = { method: 'historical' } as const;
    const out = await varApi.computeVar({ ...inputs, portfolio: whatIf, bookKey: 'b2' }, {}, params(p));
    const withBook = compileBook(resolveBook(whatIf, model), model);
    const direct = incrementalVar(withBook, compiled, history, p);
    expect(out.ok && direct.ok).toBe(true);
    if (!out.ok || !direct.ok) return;
    expect(out.value.whatIfCount).toBe(1);
    expect(out.value.incremental).toEqual(direct.value);
    expect(out.value.report.varUsd).toBe(direct.value.varWithUsd);
  });

  it('prepare → chunks → finish equals runVar for Monte Carlo, with incremental VaR', async () => {
    const whatIf: Portfolio = {
      ...book,
      positions: [
        ...book.positions,
        { id: 'w1', instrument: 'ETH-PERPETUAL', quantity: -40, entryPrice: null, venue: 'deribit', label: '', whatIf: true },
      ],
    };
    const p = { method: 'montecarlo', paths: 3001, seed: 11, distribution: 'student-t', dof: 5 } as const;
    const inp = { ...inputs, portfolio: whatIf, bookKey: 'b3' };
    const plan = await varApi.prepareMonteCarloRun(inp, {}, params(p));
    expect(plan.kind).toBe('pooled');
    if (plan.kind !== 'pooled') return;
    expect(plan.withoutWhatIf).not.toBeNull();
    const run = (b: { book: typeof compiled; plan: typeof plan.main.plan }) => {
      const api = createVarChunkApi();
      api.load(1, structuredClone(b.book), structuredClone(b.plan));
      const out = new Float64Array(b.plan.paths);
      for (let s = 0; s < b.plan.paths; s += 700) out.set(api.runChunk(1, s, Math.min(700, b.plan.paths - s)), s);
      return out;
    };
    const out = await varApi.finishMonteCarloRun(inp, {}, params(p), run(plan.main), run(plan.withoutWhatIf!));
    const withBook = compileBook(resolveBook(whatIf, model), model);
    const direct = runVar(withBook, history, { ...p, positions: resolveBook(whatIf, model).positions });
    const inc = incrementalVar(withBook, compiled, history, p);
    expect(out.ok && direct.ok && inc.ok).toBe(true);
    if (!out.ok || !direct.ok || !inc.ok) return;
    const { pnlUsd: _a, ...mine } = out.value.report;
    const { pnlUsd: _b, ...theirs } = direct.report;
    expect(mine).toEqual(theirs);
    expect(out.value.incremental).toEqual(inc.value);
  });

  it('the GPU finishing step gives the same report and incremental VaR from f32 paths, with its accuracy and progress', async () => {
    const whatIf: Portfolio = {
      ...book,
      positions: [
        ...book.positions,
        { id: 'w1', instrument: 'BTC-PERPETUAL', quantity: 25_000, entryPrice: null, venue: 'deribit', label: '', whatIf: true },
      ],
    };
    const p = { method: 'montecarlo', paths: 4000, seed: 5, distribution: 'normal' } as const;
    const inp = { ...inputs, portfolio: whatIf, bookKey: 'b-gpu' };
    const plan = await varApi.prepareMonteCarloRun(inp, {}, params(p));
    if (plan.kind !== 'pooled') throw new Error('expected a pooled plan');
    const paths = (b: typeof plan.main) => {
      const api = createVarChunkApi();
      api.load(1, b.book, b.plan);
      return api.runChunk(1, 0, b.plan.paths);
    };
    const pnl = paths(plan.main);
    const pnlWithout = paths(plan.withoutWhatIf!);
    const gpu = (x: Float64Array) => ({ pnl: Float32Array.from(x), flagged: new Uint32Array(0), flagOverflow: false });
    const fractions: number[] = [];
    const cpu = await varApi.finishMonteCarloRun(inp, {}, params(p), pnl, pnlWithout);
    const out = await varApi.finishMonteCarloGpuRun(inp, {}, params(p), gpu(pnl), gpu(pnlWithout), (f) => void fractions.push(f));
    if (!out.ok || !cpu.ok) throw new Error('finishing failed');
    expect(out.value.report.varUsd).toBe(cpu.value.report.varUsd);
    expect(out.value.report.esUsd).toBe(cpu.value.report.esUsd);
    expect(out.value.report.components).toEqual(cpu.value.report.components);
    expect(out.value.incremental).toEqual(cpu.value.incremental);
    expect(cpu.value.gpu).toBeUndefined();
    const acc = out.value.gpu!;
    expect(acc.flaggedPaths).toBe(0);
    expect(Math.abs(acc.f32VarUsd - cpu.value.report.varUsd)).toBeLessThanOrEqual(acc.maxAbsErrorUsd);
    expect(acc.maxAbsErrorUsd).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
  });

  it('a cash-only book needs no pool: prepare answers directly with zero VaR', async () => {
    const cash: Portfolio = {
      name: 'cash',
      positions: [{ id: 'c', instrument: 'USDC', quantity: 1000, entryPrice: null, venue: 'deribit', label: '' }],
    };
    const plan = await varApi.prepareMonteCarloRun(
      { ...inputs, portfolio: cash, bookKey: 'b4' },
      {},
      params({ method: 'montecarlo', paths: 500 }),
    );
    expect(plan.kind).toBe('direct');
    if (plan.kind === 'direct') expect(plan.outcome.ok && plan.outcome.value.report.varUsd).toBe(0);
  });

  it('errors come back as values: an underlying without history, bad parameters', async () => {
    const xrp: Portfolio = {
      name: 'x',
      positions: [{ id: 'x', instrument: 'XRP_USDC-PERPETUAL', quantity: 1000, entryPrice: null, venue: 'deribit', label: '' }],
    };
    const bad = await varApi.computeVar(inputs, {}, params({ method: 'historical', confidence: 1.5 }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/confidence/);
    const unknown = await varApi.computeVar({ ...inputs, portfolio: xrp, bookKey: 'b5' }, {}, params({ method: 'historical' }));
    expect(unknown.ok).toBe(true); // unpriced on this market: left out, like every figure, and counted
    if (unknown.ok) expect(unknown.value.unpricedCount).toBe(1);
  });

  it('a history folder that cannot be read is an error naming the files, retried next time', async () => {
    const out = await varApi.computeVar(inputs, {}, { historyUrl: 'file:///nonexistent/', method: 'historical' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/BTC/);
  });

  it('computeBacktest equals runBacktest', async () => {
    for (const p of [{ method: 'historical' }, { method: 'parametric', deltaGamma: true, confidence: 0.975, days: 300 }] as const) {
      const out = await varApi.computeBacktest(inputs, {}, { historyUrl: HISTORY_URL, ...p });
      const direct = runBacktest(compiled, history, p);
      expect(out.ok && direct.ok).toBe(true);
      if (out.ok && direct.ok) expect(out.value.report).toEqual(direct.report);
    }
  });
});
