/**
 * `npm run bench [-- --json] [--quick]`: engine throughput against simple baselines measured in the same run.
 * Targets (PRODUCT.md "Non-functional targets"). Nothing here asserts a time: the numbers are reported.
 *
 * Option revaluation (price, delta, gamma, vega, theta from resolved inputs, one core):
 *   engine      black76Batch (the engine's kernel, with Deribit's theta rule and expiry handling)
 *   plain loop  a hand-written Float64Array Black-76 loop computing the same five outputs (the practical limit)
 *   npm peer    the `black-scholes` package's blackScholes() (price only: it has no Greeks), what a JS developer
 *               would pick
 * Target: engine ≥ 0.8 × plain loop and ≥ 5 M options/s.
 * Also: the full report (resolve + price + aggregate) of a 1,000-position book; issue 4's heatmap and what-if step;
 * issue 5's Monte Carlo VaR (10,000 paths × 1,000 positions) on a pool of worker_threads (the page's VarPool and
 * chunk function; target < 1.5 s) with the one-thread run as its baseline, and historical VaR of 10,000 positions.
 */
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { allocGreekBatch, black76Batch, type OptionBatch } from '../src/engine/models/black76Batch.ts';
import { INV_SQRT_2PI, normCdf } from '../src/engine/math/normal.ts';
import { computeReport } from '../src/engine/index.ts';
import { importMarketText } from '../src/io/importMarket.ts';
import type { Portfolio, Position } from '../src/domain/position.ts';
import {
  buildMarketModel,
  compileBook,
  computeGreekLadder,
  computeHeatmap,
  computePayoff,
  computeReportResolved,
  computeSpotLadder,
  computeVolSurface,
  listMarketInstruments,
  range,
  resolveBook,
  runVar,
  prepareMonteCarlo,
  finishMonteCarlo,
  type VarReport,
} from '../src/engine/index.ts';
import { buildVarHistory } from '../src/io/history.ts';
import { VarPool } from '../src/worker/varPool.ts';
import { spawnThreadEndpoint } from './varPoolThreads.ts';
import { formatImportBench, runImportBench } from './benchImport.ts';

const require = createRequire(import.meta.url);
const bsPackage = require('black-scholes') as { blackScholes(s: number, k: number, t: number, v: number, r: number, cp: string): number };

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const quick = args.has('--quick');

/** Seeded generator so every run prices the same inputs (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeBatch(n: number): OptionBatch {
  const r = rng(42);
  const forward = new Float64Array(n);
  const strike = new Float64Array(n);
  const vol = new Float64Array(n);
  const tteYears = new Float64Array(n);
  const isCall = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    forward[i] = 60_000 + 20_000 * r();
    strike[i] = forward[i]! * (0.5 + r());
    vol[i] = 0.3 + 0.8 * r();
    tteYears[i] = 1 / 365 + r();
    isCall[i] = r() < 0.5 ? 1 : 0;
  }
  return { n, forward, strike, vol, tteYears, isCall };
}

/** The baseline: the same five outputs in the plainest loop (textbook theta/365, no Deribit rule). */
function plainLoop(
  inp: OptionBatch,
  price: Float64Array,
  delta: Float64Array,
  gamma: Float64Array,
  vega: Float64Array,
  theta: Float64Array,
) {
  const { n, forward, strike, vol, tteYears, isCall } = inp;
  for (let i = 0; i < n; i++) {
    const F = forward[i]!;
    const K = strike[i]!;
    const s = vol[i]!;
    const sqrtT = Math.sqrt(tteYears[i]!);
    const sd = s * sqrtT;
    const d1 = Math.log(F / K) / sd + 0.5 * sd;
    const pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d1 - sd);
    const c = F * nd1 - K * nd2;
    price[i] = isCall[i] === 1 ? c : c - F + K;
    delta[i] = isCall[i] === 1 ? nd1 : nd1 - 1;
    gamma[i] = pdf / (F * sd);
    vega[i] = (F * pdf * sqrtT) / 100;
    theta[i] = (-F * pdf * s) / (2 * sqrtT) / 365;
  }
}

interface Measure {
  readonly name: string;
  readonly unit: string;
  readonly perSecond: number;
  readonly medianMs: number;
  readonly note?: string;
}

function timeIt(reps: number, fn: () => void): number {
  fn(); // warm-up (JIT)
  fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const N = quick ? 200_000 : 1_000_000;
const REPS = quick ? 3 : 9;
const batch = makeBatch(N);
const out = allocGreekBatch(N);
const base = allocGreekBatch(N);
const measures: Measure[] = [];

const engineMs = timeIt(REPS, () => black76Batch(batch, out));
measures.push({
  name: 'engine black76Batch (price+delta+gamma+vega+theta)',
  unit: 'options/s',
  perSecond: N / (engineMs / 1000),
  medianMs: engineMs,
});
const plainMs = timeIt(REPS, () => plainLoop(batch, base.price, base.delta, base.gamma, base.vega, base.theta));
measures.push({
  name: 'baseline plain Float64Array loop (same five outputs)',
  unit: 'options/s',
  perSecond: N / (plainMs / 1000),
  medianMs: plainMs,
});
const nPeer = Math.floor(N / 4);
let sink = 0;
const peerMs = timeIt(REPS, () => {
  for (let i = 0; i < nPeer; i++) {
    sink += bsPackage.blackScholes(
      batch.forward[i]!,
      batch.strike[i]!,
      batch.tteYears[i]!,
      batch.vol[i]!,
      0,
      batch.isCall[i] ? 'call' : 'put',
    );
  }
});
measures.push({
  name: 'npm black-scholes 1.1.0 blackScholes() (price only)',
  unit: 'options/s',
  perSecond: nPeer / (peerMs / 1000),
  medianMs: peerMs,
  note: 'computes 1 of the 5 outputs',
});

// Cross-check so the benchmark cannot silently compare different maths.
let maxDiff = 0;
for (let i = 0; i < N; i += 997) maxDiff = Math.max(maxDiff, Math.abs(out.price[i]! - base.price[i]!) / Math.max(1, base.price[i]!));

// Full report of a 1,000-position book on the default market.
const root = fileURLToPath(new URL('../', import.meta.url));
const market = importMarketText(readFileSync(`${root}public/data/default-market.json`, 'utf8'), 'default-market.json');
if (!market.ok) throw new Error(market.error);
const instruments = listMarketInstruments(market.snapshot).filter((i) => i.kind !== 'cash');
const r = rng(7);
const positions: Position[] = Array.from({ length: 1000 }, (_, i) => ({
  id: `b${i}`,
  instrument: instruments[Math.floor(r() * instruments.length)]!.name,
  quantity: Math.round((r() - 0.5) * 40) || 1,
  entryPrice: null,
  venue: 'deribit',
  label: '',
}));
const book1k: Portfolio = { name: 'bench', positions };
const reportMs = timeIt(quick ? 3 : 7, () => {
  computeReport(book1k, market.snapshot, { spotAll: -0.05, vol: 0.02, days: 1 });
});
measures.push({
  name: 'computeReport, 1,000 positions, base + one scenario',
  unit: 'positions/s',
  perSecond: 1000 / (reportMs / 1000),
  medianMs: reportMs,
});

// Issue 4: a 21 × 11 heatmap of a 10,000-position book, every option a distinct contract (off-grid strikes), so
// netting identical contracts does not help: 231 full revaluations × 10,000 positions.
const model = buildMarketModel(market.snapshot);
const optionInstruments = instruments.filter((i) => i.kind === 'option');
const r10 = rng(11);
const book10k: Portfolio = {
  name: 'bench-10k',
  positions: Array.from({ length: 10_000 }, (_, i) => {
    const base = optionInstruments[Math.floor(r10() * optionInstruments.length)]!;
    const strike = Math.round(base.strike! * (0.9 + 0.2 * r10()) * 100) / 100;
    const name = base.name.replace(/-[0-9d]+-([CP])$/, `-${String(strike).replace('.', 'd')}-$1`);
    return {
      id: `h${i}`,
      instrument: i % 10 === 0 ? `${base.underlying}-PERPETUAL` : name,
      quantity: Math.round((r10() - 0.5) * 20) || 1,
      entryPrice: null,
      venue: 'deribit',
      label: '',
    };
  }),
};
let compiled10k = compileBook(resolveBook(book10k, model), model);
const compileMs = timeIt(3, () => {
  compiled10k = compileBook(resolveBook(book10k, model), model);
});
const heatReq = { target: 'BTC', spotMovesPct: range(-50, 50, 5), axis: 'vol' as const, rowValues: range(-25, 25, 5), base: {} };
const heatMs = timeIt(quick ? 3 : 5, () => {
  computeHeatmap(compiled10k, heatReq);
});
measures.push({
  name: `heatmap 21×11, 10,000 positions (${compiled10k.nOptions} distinct options)`,
  unit: 'heatmaps/s',
  perSecond: 1000 / heatMs,
  medianMs: heatMs,
  note: `target < 250 ms; resolve+compile ${compileMs.toFixed(0)} ms once per book/market change`,
});
const heatGreeksMs = timeIt(3, () => {
  computeHeatmap(compiled10k, { ...heatReq, withGreeks: true });
});
measures.push({
  name: 'heatmap 21×11 with Greeks in every cell, 10,000 positions',
  unit: 'heatmaps/s',
  perSecond: 1000 / heatGreeksMs,
  medianMs: heatGreeksMs,
});

// Issue 4: the worker's compute for one what-if step of every view at 1,000 positions (the book is already
// resolved and compiled; a what-if step changes only the scenario).
const resolved1k = resolveBook(book1k, model);
const compiled1k = compileBook(resolved1k, model);
const whatIf = { spotAll: -0.03, vol: 0.02, days: 1 };
const stepMs = timeIt(quick ? 3 : 7, () => {
  computeReportResolved(resolved1k, model, whatIf);
  computeHeatmap(compiled1k, {
    target: 'BTC',
    spotMovesPct: range(-30, 30, 5),
    axis: 'vol',
    rowValues: range(-20, 20, 5),
    base: whatIf,
    withGreeks: true,
  });
  computeHeatmap(compiled1k, {
    target: 'BTC',
    spotMovesPct: range(-30, 30, 5),
    axis: 'days',
    rowValues: [0, 1, 3, 7, 14, 30],
    base: whatIf,
  });
  computeSpotLadder(compiled1k, whatIf, 'BTC');
  computePayoff(compiled1k, { underlying: 'BTC', base: whatIf });
  computeGreekLadder(resolved1k, whatIf, 'BTC');
  computeVolSurface(model, resolved1k, 'BTC');
});
measures.push({
  name: 'one what-if step of every view, 1,000 positions',
  unit: 'steps/s',
  perSecond: 1000 / stepMs,
  medianMs: stepMs,
  note: 'target ≤ 50 ms',
});

// Issue 5: Monte Carlo VaR, 10,000 paths × 1,000 positions (every option a distinct contract, so netting does not
// help), full revaluation: on a pool of worker_threads running the page's chunk function through the page's VarPool,
// against the same run in one call on this thread. And historical VaR (365 scenarios, components per underlying and
// per position) of the 10,000-position book.
const historyDir = `${root}public/data/history/`;
const varHistory = buildVarHistory(
  readdirSync(historyDir).map((fileName) => ({ fileName, text: readFileSync(historyDir + fileName, 'utf8') })),
);
if (!varHistory.ok) throw new Error(varHistory.error);
const r1k = rng(13);
const bookMc: Portfolio = {
  name: 'bench-mc-1k',
  positions: Array.from({ length: 1000 }, (_, i) => {
    const base = optionInstruments[Math.floor(r1k() * optionInstruments.length)]!;
    const strike = Math.round(base.strike! * (0.9 + 0.2 * r1k()) * 100) / 100;
    const name = base.name.replace(/-[0-9d]+-([CP])$/, `-${String(strike).replace('.', 'd')}-$1`);
    return {
      id: `m${i}`,
      instrument: i % 10 === 0 ? `${base.underlying}-PERPETUAL` : name,
      quantity: Math.round((r1k() - 0.5) * 20) || 1,
      entryPrice: null,
      venue: 'deribit',
      label: '',
    };
  }),
};
const resolvedMc = resolveBook(bookMc, model);
const compiledMc = compileBook(resolvedMc, model);
const MC_PATHS = 10_000;
const mcParams = { paths: MC_PATHS, seed: 1, positions: resolvedMc.positions };
let singleReport: VarReport | null = null;
const singleRun = (): number => {
  const t0 = performance.now();
  const out = runVar(compiledMc, varHistory.history, { method: 'montecarlo', ...mcParams });
  if (!out.ok) throw new Error(out.error);
  singleReport = out.report;
  return performance.now() - t0;
};
const poolSize = Math.max(1, Math.min(2, availableParallelism()));
const pool = new VarPool(spawnThreadEndpoint, poolSize);
let pooledReport: VarReport | null = null;
const pooledRun = async (): Promise<number> => {
  const t0 = performance.now();
  const setup = prepareMonteCarlo(compiledMc, varHistory.history, mcParams);
  if (!setup.ok) throw new Error(setup.error);
  const [pnl] = await pool.run([{ book: compiledMc, plan: setup.setup.plan }]);
  const out = finishMonteCarlo(compiledMc, setup.setup, pnl!, mcParams);
  if (!out.ok) throw new Error(out.error);
  pooledReport = out.report;
  return performance.now() - t0;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mcColdMs = await pooledRun(); // includes starting the threads (and tsx compiling the engine in each)
singleRun(); // warm-up (JIT)
await pooledRun();
// Interleaved, so a burst of load from elsewhere on the machine hits both sides alike.
const mcWarm: number[] = [];
const mcSingle: number[] = [];
for (let i = 0; i < (quick ? 3 : 7); i++) {
  mcSingle.push(singleRun());
  mcWarm.push(await pooledRun());
}
const mcPoolMs = median(mcWarm);
const mcSingleMs = median(mcSingle);
pool.terminate();
const sameBits = (a: VarReport | null, b: VarReport | null) =>
  a !== null && b !== null && a.varUsd === b.varUsd && a.esUsd === b.esUsd && a.pnlUsd!.every((x, i) => Object.is(x, b.pnlUsd![i]));
const mcIdentical = sameBits(pooledReport, singleReport);
const mcEvals = MC_PATHS * compiledMc.nOptions;
measures.push({
  name: `Monte Carlo VaR ${MC_PATHS.toLocaleString('en-US')} paths × 1,000 positions, pool of ${poolSize} worker_threads`,
  unit: 'paths/s',
  perSecond: MC_PATHS / (mcPoolMs / 1000),
  medianMs: mcPoolMs,
  note: `target < 1,500 ms; ${compiledMc.nOptions} distinct options = ${(mcEvals / 1e6).toFixed(1)} M revaluations; prepare + pool + finish; first run ${mcColdMs.toFixed(0)} ms with thread start and tsx compiling; P&L ${mcIdentical ? 'bit-identical to' : 'DIFFERENT from'} one call`,
});
measures.push({
  name: `baseline: the same Monte Carlo VaR in one call on one thread`,
  unit: 'paths/s',
  perSecond: MC_PATHS / (mcSingleMs / 1000),
  medianMs: mcSingleMs,
  note: `pool speed-up ${(mcSingleMs / mcPoolMs).toFixed(2)}×`,
});
const positions10k = resolveBook(book10k, model).positions;
const histMs = timeIt(quick ? 3 : 5, () => {
  const out = runVar(compiled10k, varHistory.history, { method: 'historical', positions: positions10k });
  if (!out.ok) throw new Error(out.error);
});
measures.push({
  name: 'historical VaR (365 scenarios, components) of 10,000 positions',
  unit: 'VaRs/s',
  perSecond: 1000 / histMs,
  medianMs: histMs,
  note: `${compiled10k.nOptions} distinct options, full revaluation of 365 scenarios, tail components per underlying and per position`,
});

const ratio = measures[0]!.perSecond / measures[1]!.perSecond;
const summary = {
  node: process.version,
  optionsPerRun: N,
  measures,
  engineVsPlainLoop: ratio,
  engineVsNpmPeer: measures[0]!.perSecond / measures[2]!.perSecond,
  targets: {
    engineAtLeast08xPlainLoop: ratio >= 0.8,
    engineAtLeast5MPerSecond: measures[0]!.perSecond >= 5e6,
    heatmap10kUnder250ms: heatMs < 250,
    whatIfStep1kAtMost50ms: stepMs <= 50,
    monteCarlo10kPaths1kPositionsPoolUnder1500ms: mcPoolMs < 1500,
  },
  monteCarlo: {
    paths: MC_PATHS,
    positions: 1000,
    distinctOptions: compiledMc.nOptions,
    poolWorkers: poolSize,
    poolMs: mcPoolMs,
    poolColdMs: mcColdMs,
    singleThreadMs: mcSingleMs,
    speedUp: mcSingleMs / mcPoolMs,
    pooledEqualsOneCall: mcIdentical,
  },
  historicalVar10kMs: histMs,
  // Issue 8: import time and peak memory of 10k and 50k-position CSVs (each in its own process).
  importBench: runImportBench(quick ? [10_000] : [10_000, 50_000]),
  priceCrossCheckMaxRelDiff: maxDiff,
  sink,
};

if (asJson) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const w = Math.max(...measures.map((m) => m.name.length));
  console.log(`Riskdeck bench — Node ${process.version}, ${N.toLocaleString('en-US')} options per run, median of ${REPS}\n`);
  for (const m of measures) {
    console.log(
      `${m.name.padEnd(w)}  ${(m.perSecond / 1e6).toFixed(2).padStart(8)} M ${m.unit.padEnd(12)} ${m.medianMs.toFixed(1).padStart(9)} ms${m.note ? `  (${m.note})` : ''}`,
    );
  }
  console.log(`\nengine / plain loop = ${ratio.toFixed(3)}  (target ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'})`);
  console.log(`engine ≥ 5 M options/s: ${measures[0]!.perSecond >= 5e6 ? 'met' : 'NOT met'}`);
  console.log(`heatmap 21×11 of 10,000 positions < 250 ms: ${heatMs < 250 ? 'met' : 'NOT met'} (${heatMs.toFixed(0)} ms)`);
  console.log(`what-if step of every view at 1,000 positions ≤ 50 ms: ${stepMs <= 50 ? 'met' : 'NOT met'} (${stepMs.toFixed(1)} ms)`);
  console.log(
    `Monte Carlo VaR 10,000 paths × 1,000 positions on ${poolSize} workers < 1,500 ms: ${mcPoolMs < 1500 ? 'met' : 'NOT met'} (${mcPoolMs.toFixed(0)} ms; one thread ${mcSingleMs.toFixed(0)} ms; pooled P&L ${mcIdentical ? 'bit-identical to' : 'DIFFERENT from'} one call)`,
  );
  console.log(`historical VaR of 10,000 positions: ${histMs.toFixed(0)} ms`);
  console.log(`engine / npm black-scholes = ${summary.engineVsNpmPeer.toFixed(1)}×`);
  console.log(`price cross-check engine vs plain loop: max rel diff ${maxDiff.toExponential(2)}`);
  console.log(`\n${formatImportBench(summary.importBench)}`);
}
