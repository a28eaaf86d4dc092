/**
 * The page's WebGPU Monte Carlo backend: one dedicated worker (gpu.worker.ts) holding the device, started on first
 * use. `available()` says whether an adapter exists (asked once, in the worker that would run); `run` simulates the
 * books' paths there with progress, and an abort (or a newer run) cancels the worker's run at its next chunk, so
 * the compiled pipelines survive a cancel. A worker that dies is dropped; the next call starts a new one.
 *
 * Main-thread module beside worker/varPool.ts (the CPU backend); features/var/varRunner.ts chooses between them.
 */
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { GpuApi, GpuBookInput } from './gpuWorkerApi.ts';
import type { GpuAdapterSummary, GpuRunOutput } from './gpuMonteCarlo.ts';
import { RequestAbortedError, StaleRequestError, WorkerCrashedError } from '../worker/riskClient.ts';

export type { GpuAdapterSummary, GpuRunOutput };

export interface GpuRunOptions {
  readonly signal?: AbortSignal;
  /** Paths done / total over every book of the run. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the runner needs of a GPU backend (a fake in unit tests). */
export interface GpuRunner {
  available(): Promise<GpuAdapterSummary | null>;
  run(books: readonly GpuBookInput[], opts?: GpuRunOptions): Promise<GpuRunOutput[]>;
  terminate(): void;
}

interface Live {
  readonly worker: Worker;
  readonly remote: Remote<GpuApi>;
  /** Rejects when the worker dies or is stopped, failing every call in flight. */
  readonly death: Promise<never>;
  readonly die: (e: Error) => void;
}

let nextTaskId = 1;

export class GpuBackend implements GpuRunner {
  private live: Live | null = null;
  private probe: Promise<GpuAdapterSummary | null> | null = null;
  private current: { readonly taskId: number; readonly reject: (e: Error) => void } | null = null;

  constructor(
    private readonly spawn: () => Worker = () =>
      new Worker(new URL('../worker/gpu.worker.ts', import.meta.url), { type: 'module', name: 'riskdeck-gpu' }),
  ) {}

  /** The adapter the worker would run on; null where the browser has no WebGPU (or the worker cannot start). */
  available(): Promise<GpuAdapterSummary | null> {
    if (!(globalThis.navigator as Navigator | undefined)?.gpu) return Promise.resolve(null);
    this.probe ??= this.call((r) => r.probe()).catch(() => {
      this.probe = null;
      return null;
    });
    return this.probe;
  }

  run(books: readonly GpuBookInput[], opts: GpuRunOptions = {}): Promise<GpuRunOutput[]> {
    this.cancelCurrent(new StaleRequestError());
    const taskId = nextTaskId++;
    return new Promise<GpuRunOutput[]>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new RequestAbortedError());
        return;
      }
      const fail = (e: Error) => {
        if (this.current?.taskId !== taskId) return;
        this.current = null;
        // The worker stops at its next chunk; its answer is then dropped.
        void this.live?.remote.cancel(taskId);
        reject(e);
      };
      this.current = { taskId, reject: fail };
      const onAbort = () => fail(new RequestAbortedError());
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const progress = opts.onProgress ? proxy((done: number, total: number) => opts.onProgress?.(done, total)) : undefined;
      this.call((r) => r.run(taskId, books, progress)).then(
        (out) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (this.current?.taskId !== taskId) return;
          this.current = null;
          resolve(out);
        },
        (e: unknown) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (this.current?.taskId !== taskId) return;
          this.current = null;
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  /** The WGSL generator check (test pages). */
  checkStreams(book: GpuBookInput, paths: readonly number[]): Promise<Uint32Array> {
    return this.call((r) => r.checkStreams(book, paths));
  }

  /** Stop the worker (the panel's unmount, page unload); the next call starts a new one. */
  terminate(): void {
    this.cancelCurrent(new RequestAbortedError());
    this.kill();
    this.probe = null;
  }

  private cancelCurrent(reason: Error): void {
    this.current?.reject(reason);
    this.current = null;
  }

  private call<T>(fn: (r: Remote<GpuApi>) => Promise<T>): Promise<T> {
    const live = this.ensure();
    return Promise.race([fn(live.remote), live.death]);
  }

  private ensure(): Live {
    if (this.live) return this.live;
    const worker = this.spawn();
    const remote = wrap<GpuApi>(worker);
    let die: (e: Error) => void = () => undefined;
    const death = new Promise<never>((_, reject) => {
      die = reject;
    });
    death.catch(() => undefined);
    const live: Live = { worker, remote, death, die };
    const crash = (message: string) => {
      if (this.live === live) {
        this.live = null;
        this.probe = null;
      }
      die(new WorkerCrashedError(message));
      worker.terminate();
    };
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      crash(ev.message || 'the GPU worker failed to start or stopped');
    });
    worker.addEventListener('messageerror', () => crash('a message from the GPU worker could not be read'));
    this.live = live;
    return live;
  }

  private kill(): void {
    const live = this.live;
    if (!live) return;
    this.live = null;
    live.die(new RequestAbortedError());
    live.remote[releaseProxy]();
    live.worker.terminate();
  }
}

let shared: GpuBackend | null = null;

/** The page's GPU backend (created on first use; no worker starts until asked). */
export function getGpuBackend(): GpuBackend {
  shared ??= new GpuBackend();
  return shared;
}
