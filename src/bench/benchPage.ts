import { buildMarketModel, compileBook, prepareMonteCarlo, resolveBook, runMonteCarloChunk, type CompiledBook, type MonteCarloPlan } from '../engine/index.ts';
import { importMarketText } from '../io/importMarket.ts';
import { loadBundledHistory } from '../worker/historyLoader.ts';
import { GpuBackend } from '../gpu/gpuBackend.ts';
import { monteCarloBenchBook } from './benchBook.ts';

const log = document.getElementById('log')!;
const gpu = new GpuBackend();

async function setup() {
  const text = await (await fetch('./data/default-market.json')).text();
  const m = importMarketText(text, 'default-market.json');
  if (!m.ok) throw new Error(m.error);
  const { history } = await loadBundledHistory(new URL('./data/history/', document.baseURI).href);
  return { market: m.snapshot, model: buildMarketModel(m.snapshot), history };
}
const ready = setup();

async function bookAndPlan(positions: number, paths: number, distribution: 'normal' | 'student-t', seed: number): Promise<{ book: CompiledBook; plan: MonteCarloPlan }> {
  const { market, model, history } = await ready;
  const book = compileBook(resolveBook(monteCarloBenchBook(market, positions), model), model);
  const s = prepareMonteCarlo(book, history, { paths, seed, distribution });
  if (!s.ok) throw new Error(s.error);
  return { book, plan: s.setup.plan };
}

(window as unknown as { riskdeckBench: unknown }).riskdeckBench = {
  ready: ready.then(() => true),
  adapter: () => gpu.available(),
  async compare(positions: number, paths: number, distribution: 'normal' | 'student-t', seed: number) {
    const bp = await bookAndPlan(positions, paths, distribution, seed);
    const t0 = performance.now();
    const [out] = await gpu.run([bp]);
    const gpuMs = performance.now() - t0;
    const t1 = performance.now();
    const cpu = runMonteCarloChunk(bp.book, bp.plan, 0, paths);
    const cpuMs = performance.now() - t1;
    let maxAbs = 0;
    let worst = -1;
    for (let i = 0; i < paths; i++) {
      const e = Math.abs(out!.pnl[i]! - cpu[i]!);
      if (e > maxAbs) { maxAbs = e; worst = i; }
    }
    let sumAbs = 0;
    for (let i = 0; i < paths; i++) sumAbs += Math.abs(cpu[i]!);
    return { gpuMs, cpuMs, chunks: out!.chunks, gpuInnerMs: out!.gpuMs, maxAbs, worst, worstCpu: cpu[worst], worstGpu: out!.pnl[worst], meanAbs: sumAbs / paths, flagged: Array.from(out!.flagged), nOpt: bp.book.nOptions };
  },
};
log.textContent = 'ready';
