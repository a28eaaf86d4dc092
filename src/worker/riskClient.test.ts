import { describe, expect, it } from 'vitest';
import { RiskClient, isSupersededError, type RiskEndpoint } from './riskClient.ts';

/** A controllable engine: every call waits until the test resolves it, crashes on demand. */
class FakeEndpoint implements RiskEndpoint {
  calls: {
    method: string;
    args: readonly unknown[];
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
    onProgress?: (f: number) => void;
  }[] = [];
  terminated = false;
  private crash: ((e: Error) => void) | null = null;

  call(method: string, args: readonly unknown[], onProgress?: (f: number) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.calls.push({ method, args, resolve, reject, ...(onProgress ? { onProgress } : {}) });
    });
  }
  terminate(): void {
    this.terminated = true;
    for (const c of this.calls) c.reject(Object.assign(new Error('terminated'), { name: 'WorkerCrashedError' }));
  }
  onCrash(listener: (e: Error) => void): void {
    this.crash = listener;
  }
  /** Simulate the worker dying with calls in flight. */
  die(message = 'boom'): void {
    const err = Object.assign(new Error(message), { name: 'WorkerCrashedError' });
    for (const c of this.calls) c.reject(err);
    this.crash?.(err);
  }
  last() {
    const c = this.calls[this.calls.length - 1];
    if (!c) throw new Error('no call');
    return c;
  }
}

function setup() {
  const spawned: FakeEndpoint[] = [];
  const fallbacks: FakeEndpoint[] = [];
  const client = new RiskClient(
    () => {
      const e = new FakeEndpoint();
      spawned.push(e);
      return e;
    },
    () => {
      const e = new FakeEndpoint();
      fallbacks.push(e);
      return e;
    },
  );
  const events: string[] = [];
  client.subscribe((e) => events.push(`${e.type}:${e.worker}`));
  return { client, spawned, fallbacks, events };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const args = ['p', 'm', null, {}] as never;

describe('RiskClient', () => {
  it('starts no worker until the first request', () => {
    const { spawned } = setup();
    expect(spawned).toHaveLength(0);
  });

  it('latest channel: one in flight, newest pending wins, older pending rejects as stale', async () => {
    const { client, spawned } = setup();
    const r1 = client.request('report', 'computeReport', args);
    const r2 = client.request('report', 'computeReport', args);
    const r3 = client.request('report', 'computeReport', args);
    const w = spawned[0]!;
    expect(w.calls).toHaveLength(1);
    await expect(r2).rejects.toSatisfy(isSupersededError);
    w.last().resolve('first');
    await expect(r1).resolves.toBe('first'); // newer than anything on screen: delivered
    await tick();
    expect(w.calls).toHaveLength(2); // r3 sent only now
    w.last().resolve('third');
    await expect(r3).resolves.toBe('third');
    expect(spawned).toHaveLength(1);
  });

  it('abort of an in-flight cheap request drops its result without killing the worker', async () => {
    const { client, spawned } = setup();
    const ac = new AbortController();
    const r = client.request('report', 'computeReport', args, { signal: ac.signal });
    ac.abort();
    await expect(r).rejects.toSatisfy(isSupersededError);
    expect(spawned[0]!.terminated).toBe(false);
  });

  it('cancel channel: a newer request terminates the busy worker and respawns', async () => {
    const { client, spawned } = setup();
    const r1 = client.request('portfolioFiles', 'readPortfolioFile', ['a', 'a.csv']);
    const r2 = client.request('portfolioFiles', 'readPortfolioFile', ['b', 'b.csv']);
    await expect(r1).rejects.toSatisfy(isSupersededError);
    expect(spawned[0]!.terminated).toBe(true);
    expect(spawned).toHaveLength(2);
    spawned[1]!.last().resolve('b');
    await expect(r2).resolves.toBe('b');
  });

  it('cancel channel: abort terminates the worker', async () => {
    const { client, spawned } = setup();
    const ac = new AbortController();
    const r = client.request('portfolioFiles', 'readPortfolioFile', ['a', 'a.csv'], { signal: ac.signal });
    ac.abort();
    await expect(r).rejects.toSatisfy(isSupersededError);
    expect(spawned[0]!.terminated).toBe(true);
  });

  it('a pre-aborted signal never reaches the worker', async () => {
    const { client, spawned } = setup();
    const ac = new AbortController();
    ac.abort();
    await expect(client.request('report', 'computeReport', args, { signal: ac.signal })).rejects.toSatisfy(isSupersededError);
    expect(spawned).toHaveLength(0);
  });

  it('a crash mid-job restarts the worker, retries the job once and tells listeners', async () => {
    const { client, spawned, events } = setup();
    const first = client.request('report', 'computeReport', args);
    spawned[0]!.last().resolve('ok'); // the worker worked once: a later death is a crash, not a start failure
    await first;
    const r = client.request('report', 'computeReport', args);
    spawned[0]!.die('out of memory');
    await tick();
    expect(events).toEqual(['crashed:compute']);
    expect(spawned).toHaveLength(2);
    spawned[1]!.last().resolve('recovered');
    await expect(r).resolves.toBe('recovered');
  });

  it('workers that never start fall back to the in-process engine', async () => {
    const { client, spawned, fallbacks, events } = setup();
    const r = client.request('report', 'computeReport', args);
    spawned[0]!.die('CSP blocked the worker');
    await tick();
    spawned[1]!.die('CSP blocked the worker');
    await expect(r).rejects.toThrow('CSP blocked');
    expect(events).toEqual(['crashed:compute', 'fallback:compute']);
    const again = client.request('report', 'computeReport', args);
    expect(fallbacks).toHaveLength(1);
    fallbacks[0]!.last().resolve('main thread');
    await expect(again).resolves.toBe('main thread');
  });

  it('passes progress callbacks through', async () => {
    const { client, spawned } = setup();
    const seen: number[] = [];
    const r = client.request('portfolioFiles', 'readPortfolioFile', ['a', 'a.csv'], { onProgress: (f) => seen.push(f) });
    const call = spawned[0]!.last();
    call.onProgress?.(0.5);
    call.resolve('done');
    await r;
    expect(seen).toEqual([0.5]);
  });

  it('channels on different workers do not wait for each other', () => {
    const { client, spawned } = setup();
    void client.request('portfolioFiles', 'readPortfolioFile', ['a', 'a.csv']).catch(() => undefined);
    void client.request('report', 'computeReport', args).catch(() => undefined);
    expect(spawned).toHaveLength(2);
    expect(spawned.every((w) => w.calls.length === 1)).toBe(true);
    client.dispose();
  });
});
