/**
 * Page object of the browser bench page (bench.html, in the e2e and bench builds only): `window.riskdeckBench`
 * (src/bench/benchPage.ts) runs Monte Carlo on WebGPU and on the CPU worker pool, and exposes the WGSL generator
 * check. Used by the WebGPU spec and by `npm run bench:gpu`.
 */
import type { Page } from '@playwright/test';
import type { BenchBackendResult, BenchRunOptions, RiskdeckBench } from '../../src/bench/benchPage.ts';
import type { GpuAdapterSummary } from '../../src/gpu/gpuBackend.ts';

type WithBench = { riskdeckBench: RiskdeckBench };

export class BenchPage {
  constructor(readonly page: Page) {}

  /** @param url the page (relative to the test's baseURL by default) */
  async open(url = './bench.html'): Promise<void> {
    await this.page.goto(url);
    await this.page.waitForFunction(() => 'riskdeckBench' in window);
    await this.page.evaluate(() => (window as unknown as WithBench).riskdeckBench.ready);
  }

  adapter(): Promise<GpuAdapterSummary | null> {
    return this.page.evaluate(() => (window as unknown as WithBench).riskdeckBench.adapter());
  }

  monteCarlo(o: BenchRunOptions): Promise<BenchBackendResult[]> {
    return this.page.evaluate((opts) => (window as unknown as WithBench).riskdeckBench.monteCarlo(opts), o);
  }

  checkStreams(o: BenchRunOptions & { readonly check: readonly number[] }): Promise<{ words: number[]; stride: number; nUl: number }> {
    return this.page.evaluate((opts) => (window as unknown as WithBench).riskdeckBench.checkStreams(opts), o);
  }

  comparePaths(
    o: BenchRunOptions,
  ): Promise<{ paths: number; flaggedPaths: number; maxAbsErrorUsd: number; maxAbsPnlUsd: number; options: number }> {
    return this.page.evaluate((opts) => (window as unknown as WithBench).riskdeckBench.comparePaths(opts), o);
  }
}
