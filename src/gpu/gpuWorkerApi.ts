/**
 * The GPU worker's API (gpu.worker.ts exposes it): one WebGPU device per worker, opened on first use; Monte Carlo
 * runs of one or more books (each encoded here from its compiled book and plan), cancellable between chunks by task
 * id; and the generator check the browser tests use. A factory, so a test page can hold its own instance.
 */
import type { CompiledBook } from '../engine/risk/compiledBook.ts';
import type { MonteCarloPlan } from '../engine/var/monteCarlo.ts';
import { encodeGpuMonteCarlo, type GpuMonteCarloInput } from '../engine/var/gpuPlan.ts';
import { GpuCancelledError, GpuMonteCarloDevice, type GpuAdapterSummary, type GpuRunOutput } from './gpuMonteCarlo.ts';

export interface GpuBookInput {
  readonly book: CompiledBook;
  readonly plan: MonteCarloPlan;
}

/** Progress over every book of a run: paths done / total. */
export type GpuProgressFn = (done: number, total: number) => void;

export function createGpuApi(open: () => Promise<GpuMonteCarloDevice | null> = () => GpuMonteCarloDevice.open()) {
  let device: Promise<GpuMonteCarloDevice | null> | null = null;
  let cancelledUpTo = 0;
  const cancelled = new Set<number>();

  const getDevice = async (): Promise<GpuMonteCarloDevice | null> => {
    if (device) {
      const d = await device;
      if (d && !d.lost) return d;
    }
    device = open().catch(() => null);
    return device;
  };

  return {
    /** The adapter this worker would run on, or null when there is none. */
    async probe(): Promise<GpuAdapterSummary | null> {
      return (await getDevice())?.adapter ?? null;
    },

    /**
     * P&L of every path of each book, in order.
     * @throws GpuCancelledError (name AbortError) when `cancel(taskId)` arrives first; Error when no adapter exists
     */
    async run(taskId: number, books: readonly GpuBookInput[], onProgress?: GpuProgressFn): Promise<GpuRunOutput[]> {
      const d = await getDevice();
      if (!d) throw new Error('this browser offers no WebGPU adapter');
      const inputs: GpuMonteCarloInput[] = books.map((b) => encodeGpuMonteCarlo(b.book, b.plan));
      const total = inputs.reduce((s, x) => s + x.paths, 0);
      const out: GpuRunOutput[] = [];
      let before = 0;
      try {
        for (const input of inputs) {
          out.push(
            await d.run(input, {
              cancelled: () => cancelled.has(taskId) || taskId <= cancelledUpTo,
              onProgress: (done) => onProgress?.(before + done, total),
            }),
          );
          before += input.paths;
        }
      } finally {
        cancelled.delete(taskId);
      }
      return out;
    },

    /** Stop run `taskId` at its next chunk (and any older run). */
    cancel(taskId: number): void {
      cancelled.add(taskId);
      cancelledUpTo = Math.max(cancelledUpTo, taskId - 1);
    },

    /** The WGSL generator's streams for `paths` of the book's plan (gpuMonteCarlo.ts `checkStreams`). */
    async checkStreams(book: GpuBookInput, paths: readonly number[]): Promise<Uint32Array> {
      const d = await getDevice();
      if (!d) throw new Error('this browser offers no WebGPU adapter');
      return d.checkStreams(encodeGpuMonteCarlo(book.book, book.plan), paths);
    },
  };
}

export type GpuApi = ReturnType<typeof createGpuApi>;
export { GpuCancelledError };
