/**
 * The Monte Carlo pool on Node `worker_threads` (for `npm run bench`): the page's VarPool (src/worker/varPool.ts)
 * with endpoints that are worker threads running the same chunk API (`createVarChunkApi`, src/worker/api/varApi.ts)
 * through Comlink, as var.worker.ts does in the browser. This module is both sides: imported, it spawns threads;
 * loaded as a thread (workerData.role), it exposes the chunk API. Threads load TypeScript through tsx's API.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { expose, releaseProxy, transfer, wrap, type Endpoint } from 'comlink';
import { createVarChunkApi, type VarChunkApi } from '../src/worker/api/varApi.ts';
import { WorkerCrashedError } from '../src/worker/riskClient.ts';
import type { PoolEndpoint } from '../src/worker/varPool.ts';

const ROLE = 'riskdeck-var-pool';

/** What a Node MessagePort and a Worker share: posting, and 'message' listeners. */
interface NodePort {
  postMessage(value: unknown, transferList?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
}

/** Comlink's Endpoint over a Node MessagePort / Worker (what comlink's node-adapter does, typed). */
export function nodeEndpoint(port: NodePort): Endpoint {
  const listeners = new WeakMap<object, (data: unknown) => void>();
  return {
    postMessage: (message: unknown, transferList?: Transferable[]) => port.postMessage(message, transferList as ArrayBuffer[] | undefined),
    addEventListener: (_type: string, handler: EventListenerOrEventListenerObject) => {
      const l = (data: unknown) => {
        const ev = { data } as MessageEvent;
        if ('handleEvent' in handler) handler.handleEvent(ev);
        else handler(ev);
      };
      port.on('message', l);
      listeners.set(handler, l);
    },
    removeEventListener: (_type: string, handler: EventListenerOrEventListenerObject) => {
      const l = listeners.get(handler);
      if (!l) return;
      port.off('message', l);
      listeners.delete(handler);
    },
  };
}

/** A worker thread running this module as a pool worker. */
export function spawnThreadEndpoint(): PoolEndpoint {
  const url = new URL(import.meta.url).href;
  // An eval bootstrap registers tsx in the thread, then loads this file (Node 20 threads do not inherit tsx's hooks).
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: { role: ROLE } });
  const remote = wrap<VarChunkApi>(nodeEndpoint(worker));
  let alive = true;
  let crashListener: ((e: Error) => void) | null = null;
  let failDeath: (e: Error) => void = () => undefined;
  const death = new Promise<never>((_, reject) => {
    failDeath = reject;
  });
  death.catch(() => undefined);
  const die = (e: Error) => {
    if (!alive) return;
    alive = false;
    failDeath(e);
    crashListener?.(e);
  };
  worker.on('error', (e) => die(new WorkerCrashedError(e.message)));
  worker.on('exit', (code) => die(new WorkerCrashedError(`a Monte Carlo thread exited (code ${code})`)));
  const guard = <T>(p: Promise<T>): Promise<T> =>
    alive ? Promise.race([p, death]) : Promise.reject(new WorkerCrashedError('not running'));
  return {
    load: (taskId, book, plan) => guard(remote.load(taskId, book, plan)),
    runChunk: (taskId, start, count) => guard(remote.runChunk(taskId, start, count)),
    terminate() {
      alive = false;
      failDeath(new WorkerCrashedError('terminated'));
      remote[releaseProxy]();
      void worker.terminate();
    },
    onCrash(listener) {
      crashListener = listener;
    },
  };
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const api = createVarChunkApi();
  expose(
    {
      load: api.load,
      runChunk(taskId: number, start: number, count: number): Float64Array {
        const pnl = api.runChunk(taskId, start, count);
        return transfer(pnl, [pnl.buffer]);
      },
    },
    nodeEndpoint(parentPort),
  );
}
