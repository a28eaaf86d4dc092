import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket } from './support/engine.ts';
import { VarPage } from './pages/VarPage.ts';
import { buildMarketModel, compileBook, resolveBook, runVar, type VarParams } from '../src/engine/index.ts';
import { buildVarHistory } from '../src/io/history.ts';

/** runVar in the test process on the same book, market and history files: one call, one thread. */
function engineVar(p: VarParams) {
  const dir = fileURLToPath(new URL('../public/data/history/', import.meta.url));
  const h = buildVarHistory(readdirSync(dir).map((fileName) => ({ fileName, text: readFileSync(dir + fileName, 'utf8') })));
  if (!h.ok) throw new Error(h.error);
  const model = buildMarketModel(defaultMarket());
  const r = runVar(compileBook(resolveBook(defaultBook(), model), model), h.history, p);
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

function expectClose(actual: number, expected: number, rel = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

test('Monte Carlo on the worker pool equals the one-call engine, shows progress, and can be cancelled', async ({ app }) => {
  const v = new VarPage(app);
  await v.open();
  await v.waitForVar();

  // 10,000 paths, seed 1, split across 2 workers: the engine's single-call figures.
  await v.setMethod('mc-normal');
  await v.waitForVar();
  const mc = engineVar({ method: 'montecarlo', paths: 10_000, seed: 1 });
  expectClose(await v.varUsd(), mc.varUsd);
  expectClose(await v.esUsd(), mc.esUsd);
  await expect(v.page.getByTestId('var-pool-info')).toContainText('2 workers');
  // No WebGPU adapter in this project's browser: auto runs on the CPU workers, and the panel says so with paths/s.
  await expect(v.page.getByTestId('var-backend')).toHaveAttribute('data-gpu', 'none');
  await expect(v.page.getByTestId('var-backend').locator('option[value="auto"]')).toHaveText('Auto (CPU)');
  await expect(v.page.getByTestId('var-pool-info')).toHaveAttribute('data-backend', 'cpu');
  await expect(v.page.getByTestId('var-pool-info')).toContainText('paths/s');
  await expect(v.page.getByTestId('var-histogram-clipped')).toHaveCount(0); // normal paths: nothing far out

  // Student-t, another seed and size.
  await v.setMethod('mc-student-t');
  await v.setSeed(7);
  await v.setPaths(20_000);
  await v.waitForVar();
  const t = engineVar({ method: 'montecarlo', paths: 20_000, seed: 7, distribution: 'student-t', dof: 4 });
  expectClose(await v.varUsd(), t.varUsd);
  expectClose(await v.esUsd(), t.esUsd);
  // Student-t's far paths do not squeeze the histogram: they are counted beside it, as the engine counts them.
  const clipped = v.page.getByTestId('var-histogram-clipped');
  expect(t.histogram!.clippedBelow).toBeGreaterThan(0);
  await expect(clipped).toHaveAttribute('data-below', String(t.histogram!.clippedBelow));
  await expect(clipped).toHaveAttribute('data-above', String(t.histogram!.clippedAbove));
  await expect(clipped).toContainText(`${t.histogram!.clippedBelow} paths below`);
  await v.screenshot('var-montecarlo');
  const shown = await v.varUsd();

  // A long run (2,000,000 paths on one worker, several seconds): the progress bar moves, Cancel stops it and the
  // previous figures stay.
  await v.setWorkers(1);
  await v.setPaths(2_000_000);
  await expect(v.progress()).toBeVisible();
  await expect.poll(async () => Number(await v.progress().getAttribute('data-done')), { timeout: 20_000 }).toBeGreaterThan(0);
  const done = Number(await v.progress().getAttribute('data-done'));
  expect(done).toBeLessThan(2_000_000);
  await expect(v.progress()).toHaveAttribute('data-total', '2000000');
  await v.screenshot('var-montecarlo-progress');
  await v.cancel();
  await expect(v.status()).toHaveAttribute('data-status', 'cancelled');
  await expect(v.progress()).toHaveCount(0);
  expect(await v.varUsd()).toBe(shown);
  await v.screenshot('var-montecarlo-cancelled');

  // A smaller run afterwards works on freshly started workers; its finishing step shows its progress.
  await v.page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __phases: string[] }).__phases = seen;
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid="var-progress"]');
      const entry = `${p?.getAttribute('data-phase') ?? 'none'}|${p?.parentElement?.textContent ?? ''}`;
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await v.setWorkers(2);
  await v.setPaths(5000);
  await v.waitForVar();
  const phases = await v.page.evaluate(() => (window as unknown as { __phases: string[] }).__phases);
  expect(phases.some((p) => p.startsWith('finishing|') && p.includes('Finishing:'))).toBe(true);
  const small = engineVar({ method: 'montecarlo', paths: 5000, seed: 7, distribution: 'student-t', dof: 4 });
  expectClose(await v.varUsd(), small.varUsd);
  await expect(v.page.getByTestId('var-pool-info')).toContainText('2 workers');
});
