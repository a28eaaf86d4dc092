/**
 * Monte Carlo on WebGPU (the `webgpu` Playwright project: Chromium with --enable-unsafe-webgpu, whose adapter here
 * is the software SwiftShader one). Each test is skipped, with the reason, where the browser offers no adapter.
 *
 * - The WGSL generator against rng.ts, stream for stream: raw xoshiro128** outputs, polar normals, Student-t scale
 *   and the number of outputs used, for seeds and paths from 0 to 2^32 − 1.
 * - Per-path P&L of the 1,000-position bench book on the GPU (f32) against the CPU engine (f64).
 * - The VaR panel: auto runs on WebGPU and says so with paths/s; VaR, ES and components are the CPU engine's; the
 *   GPU's own f32 VaR and ES within 1e-3 of them (the measured figures are attached to the report); the CPU
 *   backend gives the same figures; progress, the finishing step and Cancel; the Student-t histogram's clipped paths.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket } from './support/engine.ts';
import { VarPage } from './pages/VarPage.ts';
import { BenchPage } from './pages/BenchPage.ts';
import {
  buildMarketModel,
  compileBook,
  pathDrawCount,
  resolveBook,
  runVar,
  type MonteCarloPlan,
  type VarParams,
} from '../src/engine/index.ts';
import { pathStream } from '../src/engine/math/rng.ts';
import { buildVarHistory } from '../src/io/history.ts';

const NO_ADAPTER = 'this browser offers no WebGPU adapter (Chromium needs --enable-unsafe-webgpu on Linux): the GPU path cannot run here';

function engineVar(p: VarParams) {
  const dir = fileURLToPath(new URL('../public/data/history/', import.meta.url));
  const h = buildVarHistory(readdirSync(dir).map((fileName) => ({ fileName, text: readFileSync(dir + fileName, 'utf8') })));
  if (!h.ok) throw new Error(h.error);
  const model = buildMarketModel(defaultMarket());
  const resolved = resolveBook(defaultBook(), model);
  const r = runVar(compileBook(resolved, model), h.history, { ...p, positions: resolved.positions });
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

function expectClose(actual: number, expected: number, rel = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

async function hasAdapter(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  });
}

const f32 = (word: number) => new Float32Array(Uint32Array.of(word).buffer)[0]!;

test('the WGSL generator draws rng.ts’s streams: raw outputs, normals, Student-t scale and outputs used', async ({ app }) => {
  const bench = new BenchPage(app.page);
  await bench.open();
  test.skip(!(await bench.adapter()), NO_ADAPTER);
  const paths = [0, 1, 2, 3, 63, 64, 65, 1000, 99_999, 2 ** 31 - 1, 2 ** 31 + 5, 2 ** 32 - 1];
  let worstNormal = 0;
  let worstScale = 0;
  let compared = 0;
  for (const seed of [1, 7, 123_456_789_012, 2 ** 53 - 1, -5]) {
    for (const [distribution, dof] of [
      ['normal', undefined],
      ['student-t', 4],
      ['student-t', 5.5],
    ] as const) {
      // The default book has two underlyings, the bench book three: an odd count leaves a spare normal for χ².
      for (const book of ['default', { positions: 1000 }] as const) {
        const { words, stride, nUl } = await bench.checkStreams({
          book,
          paths: 10,
          seed,
          distribution,
          ...(dof ? { dof } : {}),
          check: paths,
        });
        const plan = { seed, underlyings: Array.from({ length: nUl }, (_, i) => `U${i}`), dof: dof ?? null } as unknown as MonteCarloPlan;
        paths.forEach((path, i) => {
          const w = words.slice(i * stride, (i + 1) * stride);
          expect(w[0]).toBe(path >>> 0);
          const raw = pathStream(seed, path);
          expect(w.slice(1, 9), `raw outputs of seed ${seed} path ${path}`).toEqual(Array.from({ length: 8 }, () => raw.nextUint32()));
          const flagged = w[stride - 1] === 1;
          const draws = w[stride - 2];
          if (flagged) return; // a near-boundary decision: the finishing step recomputes such a path on the CPU
          expect(draws, `outputs used by seed ${seed} path ${path} (${distribution})`).toBe(pathDrawCount(plan, path));
          const r = pathStream(seed, path);
          for (let j = 0; j < nUl; j++) {
            const z = r.nextNormal();
            const err = Math.abs(f32(w[9 + j]!) - z) / Math.max(1, Math.abs(z));
            worstNormal = Math.max(worstNormal, err);
          }
          const scale = dof ? Math.sqrt((dof - 2) / r.nextChiSquare(dof)) : 1;
          worstScale = Math.max(worstScale, Math.abs(f32(w[9 + nUl]!) / scale - 1));
          compared += 1;
        });
      }
    }
  }
  test.info().annotations.push({
    type: 'generator',
    description: `${compared} paths compared: largest normal error ${worstNormal.toExponential(2)}, largest Student-t scale error ${worstScale.toExponential(2)} (relative)`,
  });
  expect(compared).toBeGreaterThan(150);
  expect(worstNormal).toBeLessThan(1e-6);
  expect(worstScale).toBeLessThan(1e-5);
});

test('per-path P&L of the 1,000-position bench book on the GPU (f32) agrees with the CPU engine (f64)', async ({ app }) => {
  test.setTimeout(180_000);
  const bench = new BenchPage(app.page);
  await bench.open();
  test.skip(!(await bench.adapter()), NO_ADAPTER);
  for (const distribution of ['normal', 'student-t'] as const) {
    const r = await bench.comparePaths({ book: { positions: 1000 }, paths: 4000, seed: 3, distribution });
    test.info().annotations.push({
      type: `per-path ${distribution}`,
      description: `${r.paths} paths × ${r.options} options: largest |f32 − f64| ${r.maxAbsErrorUsd.toFixed(3)} USD of P&Ls up to ${r.maxAbsPnlUsd.toFixed(0)} USD (${(r.maxAbsErrorUsd / r.maxAbsPnlUsd).toExponential(2)}); ${r.flaggedPaths} flagged`,
    });
    expect(r.options).toBeGreaterThan(800);
    expect(r.maxAbsErrorUsd / r.maxAbsPnlUsd).toBeLessThan(1e-4);
  }
});

test('the VaR panel runs Monte Carlo on WebGPU: the CPU engine’s figures, the GPU’s f32 ones within 1e-3, progress and Cancel', async ({
  app,
}) => {
  test.setTimeout(180_000);
  const v = new VarPage(app);
  await v.open();
  test.skip(!(await hasAdapter(app.page)), NO_ADAPTER);
  await v.waitForVar();
  const page = app.page;

  // Auto picks WebGPU; the panel says so, with paths/s.
  await v.setMethod('mc-normal');
  await expect(page.getByTestId('var-backend')).toHaveAttribute('data-gpu', 'available');
  await v.waitForVar(60_000);
  const info = page.getByTestId('var-pool-info');
  await expect(info).toHaveAttribute('data-backend', 'webgpu');
  await expect(info).toContainText('WebGPU');
  await expect(info).toContainText('paths/s');
  const normal = engineVar({ method: 'montecarlo', paths: 10_000, seed: 1 });
  expectClose(await v.varUsd(), normal.varUsd);
  expectClose(await v.esUsd(), normal.esUsd);
  expectClose(await v.es975Usd(), normal.es975Usd, 1e-5);
  await expect(v.componentCheck()).toBeVisible();
  const acc = page.getByTestId('var-gpu-accuracy');
  const f32Gap = async (ref: { varUsd: number; esUsd: number }) => ({
    var: Math.abs(Number(await acc.getAttribute('data-f32-var')) / ref.varUsd - 1),
    es: Math.abs(Number(await acc.getAttribute('data-f32-es')) / ref.esUsd - 1),
  });
  const gapNormal = await f32Gap(normal);
  expect(gapNormal.var).toBeLessThan(1e-3);
  expect(gapNormal.es).toBeLessThan(1e-3);

  // Student-t, another seed and size: the same, and the histogram counts the far paths it leaves out.
  await v.setMethod('mc-student-t');
  await v.setSeed(7);
  await v.setPaths(20_000);
  await v.waitForVar(60_000);
  const t = engineVar({ method: 'montecarlo', paths: 20_000, seed: 7, distribution: 'student-t', dof: 4 });
  expectClose(await v.varUsd(), t.varUsd);
  expectClose(await v.esUsd(), t.esUsd);
  const gapT = await f32Gap(t);
  expect(gapT.var).toBeLessThan(1e-3);
  expect(gapT.es).toBeLessThan(1e-3);
  test.info().annotations.push({
    type: 'f32 VaR/ES',
    description: `GPU f32 against the CPU engine (f64): normal 10,000 paths VaR ${gapNormal.var.toExponential(2)}, ES ${gapNormal.es.toExponential(2)}; Student-t 20,000 paths VaR ${gapT.var.toExponential(2)}, ES ${gapT.es.toExponential(2)} (relative); flagged ${await acc.getAttribute('data-flagged')}, diverged ${await acc.getAttribute('data-diverged')}`,
  });
  const clipped = page.getByTestId('var-histogram-clipped');
  await expect(clipped).toHaveAttribute('data-below', String(t.histogram!.clippedBelow));
  await expect(clipped).toHaveAttribute('data-above', String(t.histogram!.clippedAbove));
  expect(t.histogram!.clippedBelow).toBeGreaterThan(0);
  await expect(clipped).toContainText('paths below');
  await v.screenshot('var-gpu');
  const shown = await v.varUsd();

  // The CPU workers give the same figures.
  await page.getByTestId('var-backend').selectOption('cpu');
  await v.waitForVar(60_000);
  await expect(info).toHaveAttribute('data-backend', 'cpu');
  expect(await v.varUsd()).toBe(shown);
  await page.getByTestId('var-backend').selectOption('auto');
  await v.waitForVar(60_000);
  await expect(info).toHaveAttribute('data-backend', 'webgpu');

  // A long run on the GPU: progress moves, the finishing phase is shown, Cancel stops it and the figures stay.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __phases: string[] }).__phases = seen;
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid="var-progress"]');
      const text = p?.parentElement?.textContent ?? '';
      const entry = `${p?.getAttribute('data-phase') ?? 'none'}|${text}`;
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await v.setPaths(2_000_000);
  await expect(v.progress()).toBeVisible();
  await expect.poll(async () => Number(await v.progress().getAttribute('data-done')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(v.progress()).toHaveAttribute('data-total', '2000000');
  await expect(page.locator('.var-progress-text')).toContainText('on WebGPU');
  await v.screenshot('var-gpu-progress');
  await v.cancel();
  await expect(v.status()).toHaveAttribute('data-status', 'cancelled');
  expect(await v.varUsd()).toBe(shown);

  // A run to the end afterwards: the kernels survived the cancel; the finishing step showed its progress.
  await v.setPaths(200_000);
  await v.waitForVar(120_000);
  await expect(info).toHaveAttribute('data-backend', 'webgpu');
  const big = engineVar({ method: 'montecarlo', paths: 200_000, seed: 7, distribution: 'student-t', dof: 4 });
  expectClose(await v.varUsd(), big.varUsd);
  expectClose(await v.esUsd(), big.esUsd);
  const phases = await page.evaluate(() => (window as unknown as { __phases: string[] }).__phases);
  expect(phases.some((p) => p.startsWith('simulating|') && p.includes('on WebGPU'))).toBe(true);
  expect(phases.some((p) => p.startsWith('finishing|') && p.includes('Finishing:'))).toBe(true);
});
