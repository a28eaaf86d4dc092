import { afterEach, describe, expect, it, vi } from 'vitest';
import { expose } from 'comlink';
import { GpuBackend } from './gpuBackend.ts';
import type { GpuApi, GpuBookInput } from './gpuWorkerApi.ts';
import type { GpuRunOutput } from './gpuMonteCarlo.ts';

const ADAPTER = { vendor: 'google', architecture: 'swiftshader', description: '', fallback: true, label: 'google swiftshader (software)' };

/** A worker stand-in: the API exposed over a MessageChannel, with terminate() and an 'error' event to fire. */
class FakeWorker extends EventTarget {
  readonly port: MessagePort;
  terminated = false;
  constructor(api: Partial<GpuApi>) {
    super();
    const channel = new MessageChannel();
    expose(api, channel.port2);
    this.port = channel.port1;
  }
  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.port.postMessage(message, transfer ?? []);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.port.addEventListener('message', listener as EventListener);
    else super.addEventListener(type, listener);
    this.port.start();
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.port.removeEventListener('message', listener as EventListener);
    else super.removeEventListener(type, listener);
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
  crash(message: string): void {
    const ev = new Event('error') as Event & { message: string };
    ev.message = message;
    this.dispatchEvent(ev);
  }
}

const out = (paths: number): GpuRunOutput => ({
  pnl: new Float32Array(paths).fill(1),
  flagged: new Uint32Array(0),
  flagOverflow: false,
  chunks: 1,
  gpuMs: 1,
  compileMs: 0,
});
const BOOK = { book: {}, plan: { paths: 8 } } as unknown as GpuBookInput;

/** A fake GPU API whose runs finish when the test says (or report cancellation like the real one). */
function fakeApi() {
  const cancelled: number[] = [];
  const pending = new Map<number, { resolve: () => void; progress?: (d: number, t: number) => void }>();
  const api = {
    probe: async () => ADAPTER,
    cancel: (taskId: number) => {
      cancelled.push(taskId);
    },
    run: (taskId: number, books: readonly GpuBookInput[], onProgress?: (d: number, t: number) => void) =>
      new Promise<GpuRunOutput[]>((resolve, reject) => {
        pending.set(taskId, {
          resolve: () => resolve(books.map((b) => out(b.plan.paths))),
          ...(onProgress ? { progress: onProgress } : {}),
        });
        const poll = setInterval(() => {
          if (cancelled.includes(taskId)) {
            clearInterval(poll);
            reject(Object.assign(new Error('GPU run cancelled'), { name: 'AbortError' }));
          }
        }, 1);
      }),
  };
  return { api, cancelled, pending };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('GpuBackend', () => {
  it('says there is no adapter without navigator.gpu, and starts no worker', async () => {
    vi.stubGlobal('navigator', {});
    const spawn = vi.fn();
    expect(await new GpuBackend(spawn).available()).toBeNull();
    expect(spawn).not.toHaveBeenCalled();
  });

  it('probes once in its worker, runs books with progress, and resolves with their paths', async () => {
    vi.stubGlobal('navigator', { gpu: {} });
    const { api, pending } = fakeApi();
    const workers: FakeWorker[] = [];
    const b = new GpuBackend(() => {
      const w = new FakeWorker(api);
      workers.push(w);
      return w as unknown as Worker;
    });
    expect(await b.available()).toEqual(ADAPTER);
    expect(await b.available()).toEqual(ADAPTER);
    const progress: number[] = [];
    const run = b.run([BOOK, BOOK], { onProgress: (d) => progress.push(d) });
    await tick();
    const [task] = [...pending.values()];
    task!.progress?.(4, 16);
    await tick();
    task!.resolve();
    const res = await run;
    expect(res.map((r) => r.pnl.length)).toEqual([8, 8]);
    expect(progress).toEqual([4]);
    expect(workers).toHaveLength(1);
    b.terminate();
    expect(workers[0]!.terminated).toBe(true);
  });

  it('an abort or a newer run stops the older one in the worker (at its next chunk) and rejects it', async () => {
    vi.stubGlobal('navigator', { gpu: {} });
    const { api, cancelled, pending } = fakeApi();
    const b = new GpuBackend(() => new FakeWorker(api) as unknown as Worker);
    const controller = new AbortController();
    const first = b.run([BOOK], { signal: controller.signal });
    await tick();
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await tick();
    expect(cancelled).toHaveLength(1);
    const second = b.run([BOOK]);
    await tick();
    const third = b.run([BOOK]);
    await expect(second).rejects.toMatchObject({ name: 'StaleRequestError' });
    await tick();
    expect(cancelled).toHaveLength(2);
    [...pending.values()].at(-1)!.resolve();
    expect((await third)[0]!.pnl.length).toBe(8);
  });

  it('a worker that dies fails the run in flight; the next call starts a new worker', async () => {
    vi.stubGlobal('navigator', { gpu: {} });
    const { api, pending } = fakeApi();
    const workers: FakeWorker[] = [];
    const b = new GpuBackend(() => {
      const w = new FakeWorker(api);
      workers.push(w);
      return w as unknown as Worker;
    });
    const run = b.run([BOOK]);
    await tick();
    workers[0]!.crash('GPU process gone');
    await expect(run).rejects.toMatchObject({ name: 'WorkerCrashedError', message: 'GPU process gone' });
    const again = b.run([BOOK]);
    await tick();
    expect(workers).toHaveLength(2);
    [...pending.values()].at(-1)!.resolve();
    expect((await again)[0]!.pnl.length).toBe(8);
  });
});
