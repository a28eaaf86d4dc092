import { afterEach, describe, expect, it } from 'vitest';
import { MockDeribit, scenario20260428 } from '../../scripts/mockDeribit.ts';
import { nodeSocketFactory } from '../live/nodeSocket.ts';
import { LiveClient, type LiveEndpoint, type LiveEvent } from './liveClient.ts';
import { createLiveWorkerApi } from './liveWorkerApi.ts';

const SECRET = 'client-test-secret-5p1';

/** The worker API in this process; every value crosses a structured clone, as postMessage would do. */
function inProcessEndpoint(spawned: { terminated: number }): LiveEndpoint {
  const api = createLiveWorkerApi({ socketFactory: nodeSocketFactory });
  const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
  const wrap =
    (fn: (...a: never[]) => unknown) =>
    async (...args: unknown[]) =>
      clone(await fn(...(args.map(clone) as never[])));
  return {
    setListener: async (l) => api.setListener(l ? (e) => l(clone(e)) : null),
    connect: wrap(api.connect),
    disconnect: wrap(api.disconnect),
    setFrozen: wrap(api.setFrozen),
    setThrottleMs: wrap(api.setThrottleMs),
    setStaleAfterMs: wrap(api.setStaleAfterMs),
    status: wrap(api.status),
    latestSnapshot: wrap(api.latestSnapshot),
    linkAccount: wrap(api.linkAccount),
    unlinkAccount: wrap(api.unlinkAccount),
    fetchPositions: wrap(api.fetchPositions),
    fetchAccountSummaries: wrap(api.fetchAccountSummaries),
    fetchHistories: wrap(api.fetchHistories),
    terminate() {
      spawned.terminated += 1;
      api.disconnect();
    },
  } as LiveEndpoint;
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let mock: MockDeribit | null = null;
afterEach(async () => {
  await mock?.stop();
  mock = null;
});

describe('LiveClient (main thread)', () => {
  it('spawns nothing until connect; status, snapshots, freeze and disconnect', async () => {
    mock = await MockDeribit.start({ scenario: scenario20260428({ credentials: { clientId: 'c', clientSecret: SECRET } }) });
    const spawned = { count: 0, terminated: 0 };
    const client = new LiveClient(() => {
      spawned.count += 1;
      return inProcessEndpoint(spawned);
    });
    const events: LiveEvent[] = [];
    client.subscribe((e) => events.push(e));
    expect(client.status.state).toBe('idle');
    expect(spawned.count).toBe(0);
    await expect(client.freeze()).rejects.toThrow('Live is off');

    await client.connect({ url: mock.url, throttleMs: 50 });
    expect(spawned.count).toBe(1);
    await waitFor(() => client.latestSnapshot !== null && client.status.state === 'open', 'the first snapshot');
    expect(client.freshness.BTC!.stale).toBe(false);
    expect(Object.keys(client.latestSnapshot!.snapshot.underlyings)).toEqual(['BTC']);

    await client.freeze();
    expect(client.frozen).toBe(true);
    const n = events.filter((e) => e.type === 'snapshot').length;
    mock.push('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: 79999, timestamp: 1777404190000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(n);
    await client.unfreeze();
    await waitFor(() => client.latestSnapshot!.snapshot.underlyings.BTC!.index === 79999, 'the market after unfreeze');

    const info = await client.linkAccount('c', SECRET);
    expect(info.readOnly).toBe(true);
    await waitFor(() => client.status.accountLinked, 'the linked status');
    expect(JSON.stringify(events)).not.toContain(SECRET);

    await client.disconnect();
    expect(spawned.terminated).toBe(1);
    expect(client.running).toBe(false);
    expect(client.latestSnapshot).toBeNull();
    expect(client.status.state).toBe('closed');
    await expect(client.fetchPositions()).rejects.toThrow('Live is off');
  });
});
