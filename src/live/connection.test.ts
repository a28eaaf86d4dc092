import { describe, expect, it } from 'vitest';
import { backoffDelayMs, backoffSchedule, DEFAULT_BACKOFF } from './backoff.ts';
import {
  ConnectionLostError,
  DeribitConnection,
  RpcError,
  type ConnectionOptions,
  type ConnectionProblem,
  type ConnectionStatus,
} from './connection.ts';
import { FakeNetwork, flush, ManualClock } from './testkit.ts';
import { deribitUrl, DERIBIT_PRODUCTION_URL, DERIBIT_TESTNET_URL } from './transport.ts';

function setup(opts: Partial<ConnectionOptions> = {}, randoms: number[] = []) {
  const clock = new ManualClock();
  const net = new FakeNetwork();
  let r = 0;
  const conn = new DeribitConnection({
    url: 'wss://example.test/ws/api/v2',
    socketFactory: net.factory,
    clock,
    random: () => randoms[r++ % Math.max(1, randoms.length)] ?? 0.5,
    ...opts,
  });
  const statuses: ConnectionStatus[] = [];
  const problems: ConnectionProblem[] = [];
  const notes: [string, unknown][] = [];
  conn.listen({ status: (s) => statuses.push(s), problem: (p) => problems.push(p), notification: (c, d) => notes.push([c, d]) });
  return { clock, net, conn, statuses, problems, notes };
}

describe('endpoints', () => {
  it('production by default, testnet selectable, any URL injectable', () => {
    expect(deribitUrl({})).toBe(DERIBIT_PRODUCTION_URL);
    expect(DERIBIT_PRODUCTION_URL).toBe('wss://www.deribit.com/ws/api/v2');
    expect(deribitUrl({ testnet: true })).toBe(DERIBIT_TESTNET_URL);
    expect(DERIBIT_TESTNET_URL).toBe('wss://test.deribit.com/ws/api/v2');
    expect(deribitUrl({ url: 'ws://127.0.0.1:9/ws/api/v2', testnet: true })).toBe('ws://127.0.0.1:9/ws/api/v2');
  });
});

describe('backoff', () => {
  it('doubles from 1 s to a 60 s cap with equal jitter (half fixed, half random)', () => {
    expect(backoffSchedule([0, 0, 0, 0, 0, 0, 0, 0])).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffSchedule([0.999999, 0.999999, 0.999999])).toEqual([1000, 2000, 4000]);
    expect(backoffDelayMs(2, 0.5)).toBe(3000); // step 4000: 2000 + 0.5·2000
    expect(backoffDelayMs(20, 0.25, DEFAULT_BACKOFF)).toBe(37500); // capped step 60000: 30000 + 7500
  });
});

describe('DeribitConnection on an in-memory socket', () => {
  it('frames JSON-RPC 2.0 requests, sets the heartbeat first and matches answers by id', async () => {
    const { net, conn, clock } = setup();
    conn.connect();
    net.current.open();
    await flush();
    expect(net.current.sent[0]).toEqual({ jsonrpc: '2.0', id: 1, method: 'public/set_heartbeat', params: { interval: 10 } });
    expect(conn.state).toBe('open');
    const a = conn.call('public/get_index_price', { index_name: 'btc_usd' });
    const b = conn.call('public/get_index_price', { index_name: 'eth_usd' });
    await flush();
    const [fa, fb] = net.current.sent.filter((f) => f.method === 'public/get_index_price');
    expect(fa!.params).toEqual({ index_name: 'btc_usd' });
    // answers out of order still reach their callers
    net.current.reply(fb!.id, { index_price: 2500 });
    net.current.reply(fa!.id, { index_price: 76000 });
    await expect(a).resolves.toEqual({ index_price: 76000 });
    await expect(b).resolves.toEqual({ index_price: 2500 });
    for (const raw of net.current.rawSent) expect(JSON.parse(raw)).toMatchObject({ jsonrpc: '2.0' });
    void clock;
  });

  it('answers every heartbeat test_request with public/test, ahead of queued requests', async () => {
    const { net, conn } = setup();
    conn.connect();
    net.current.open();
    await flush();
    net.current.receive({ params: { type: 'test_request' }, method: 'heartbeat', jsonrpc: '2.0' });
    net.current.receive({ params: { type: 'heartbeat' }, method: 'heartbeat', jsonrpc: '2.0' });
    net.current.receive({ params: { type: 'test_request' }, method: 'heartbeat', jsonrpc: '2.0' });
    expect(net.current.methods().filter((m) => m === 'public/test')).toHaveLength(2);
  });

  it('rejects error answers with Deribit code and message, never the parameters', async () => {
    const { net, conn } = setup();
    conn.connect();
    net.current.open();
    await flush();
    const p = conn.call('public/auth', { grant_type: 'client_signature', client_id: 'x', signature: 'SECRET-LOOKING-VALUE' });
    await flush();
    net.current.replyError(net.current.last('public/auth')!.id, 13004, 'invalid_credentials');
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(13004);
    expect((err as Error).message).toBe('public/auth: invalid_credentials (Deribit error 13004)');
    expect((err as Error).message).not.toContain('SECRET-LOOKING-VALUE');
  });

  it('reports malformed messages and carries on', async () => {
    const { net, conn, problems, notes } = setup();
    conn.connect();
    net.current.open();
    await flush();
    net.current.receive('this is not json');
    net.current.receive('[1,2,3]');
    net.current.receive({ jsonrpc: '2.0', method: 'subscription', params: { data: [] } });
    net.current.receive({ jsonrpc: '2.0', id: 999, result: 'nobody asked' });
    net.current.receive({ jsonrpc: '2.0', error: { code: 11050, data: 'invalid json', message: 'bad_request' } });
    net.current.receive({ jsonrpc: '2.0', something: 'else' });
    expect(problems.map((p) => p.kind)).toEqual([
      'malformed',
      'malformed',
      'malformed',
      'unexpected-response',
      'server-error',
      'malformed',
    ]);
    expect(problems[0]!.message).toContain('this is not json');
    net.current.receive({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'deribit_price_index.btc_usd', data: { price: 1 } } });
    expect(notes).toEqual([['deribit_price_index.btc_usd', { price: 1 }]]);
    expect(conn.state).toBe('open');
  });

  it('reconnects after drops with the jittered exponential schedule and re-subscribes every channel', async () => {
    const { net, conn, clock, statuses } = setup({}, [0, 0.5, 1 - 1e-12]);
    const channels = Array.from({ length: 1200 }, (_, i) => `ticker.X-${i}.agg2`);
    await conn.subscribe(channels);
    conn.connect();
    net.current.open();
    await flush();
    const subs = net.current.sent.filter((f) => f.method === 'public/subscribe');
    expect(subs.map((s) => (s.params.channels as string[]).length)).toEqual([500, 500, 200]);
    expect(conn.subscribedChannels).toHaveLength(1200);

    const delays: number[] = [];
    net.current.serverClose(1006, ''); // the open link drops
    for (let k = 0; k < 5; k++) {
      const st = statuses[statuses.length - 1]!;
      expect(st.state).toBe('reconnecting');
      expect(st.reason).toBe(k === 0 ? 'dropped' : 'unreachable');
      delays.push(st.retryInMs!);
      const before = net.sockets.length;
      await clock.advance(st.retryInMs! - 1);
      expect(net.sockets.length).toBe(before); // not a millisecond early
      await clock.advance(1);
      expect(net.sockets.length).toBe(before + 1);
      if (k < 4) net.current.serverClose(1006, ''); // this attempt fails too
    }
    // attempts 0,1,2,3,4 with draws 0, 0.5, ~1, 0, 0.5
    expect(delays).toEqual([500, 1500, 4000, 4000, 12000]);
    net.current.open();
    await flush();
    expect(conn.state).toBe('open');
    const resub = net.current.sent.filter((f) => f.method === 'public/subscribe').flatMap((f) => f.params.channels as string[]);
    expect(new Set(resub)).toEqual(new Set(channels));
    expect(net.current.sent[0]!.method).toBe('public/set_heartbeat');
    // after a complete setup the schedule starts again
    net.current.serverClose(1006, '');
    expect(statuses[statuses.length - 1]!.attempt).toBe(1);
  });

  it('on 10028 the session is gone: the socket is closed and the retry waits at least the rate-limit wait', async () => {
    const { net, conn, clock, statuses } = setup({ rateLimitWaitMs: 10_000 }, [0]);
    conn.connect();
    net.current.open();
    await flush();
    const p = conn.call('public/get_book_summary_by_currency', { currency: 'BTC', kind: 'option' });
    await flush();
    const first = net.current;
    first.replyError(first.last('public/get_book_summary_by_currency')!.id, 10028, 'too_many_requests');
    await expect(p).rejects.toMatchObject({ code: 10028 });
    expect(first.closedByClient).not.toBeNull();
    const st = statuses[statuses.length - 1]!;
    expect(st).toMatchObject({ state: 'reconnecting', reason: 'rate-limited' });
    expect(st.retryInMs).toBeGreaterThanOrEqual(10_000);
    await clock.advance(9_999);
    expect(net.sockets).toHaveLength(1);
    await clock.advance(st.retryInMs! - 9_999);
    expect(net.sockets).toHaveLength(2);
  });

  it('11051 system_maintenance (no id) closes and waits the maintenance delay', async () => {
    const { net, conn, statuses } = setup({ maintenanceWaitMs: 60_000 }, [0]);
    conn.connect();
    net.current.open();
    await flush();
    net.current.receive({ jsonrpc: '2.0', error: { message: 'system_maintenance', code: 11051 } });
    const st = statuses[statuses.length - 1]!;
    expect(st).toMatchObject({ state: 'reconnecting', reason: 'maintenance' });
    expect(st.retryInMs).toBeGreaterThanOrEqual(60_000);
  });

  it('connection_too_slow and heartbeat closes are told apart', async () => {
    const { net, conn, clock, statuses } = setup({}, [0]);
    conn.connect();
    net.current.open();
    await flush();
    net.current.serverClose(1000, 'connection_too_slow');
    expect(statuses[statuses.length - 1]).toMatchObject({ state: 'reconnecting', reason: 'too-slow' });
    await clock.advance(statuses[statuses.length - 1]!.retryInMs!);
    net.current.open();
    await flush();
    net.current.serverClose(4000, 'heartbeat close');
    expect(statuses[statuses.length - 1]).toMatchObject({ state: 'reconnecting', reason: 'heartbeat' });
  });

  it('a silent link is closed after the silence timeout and reconnected', async () => {
    const { net, conn, clock, statuses } = setup({ silenceTimeoutMs: 30_000 }, [0]);
    conn.connect();
    net.current.open();
    await flush();
    await clock.advance(20_000);
    net.current.receive({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'heartbeat' } });
    await clock.advance(29_000);
    expect(conn.state).toBe('open'); // the heartbeat at 20 s reset the watch
    await clock.advance(1_000);
    expect(statuses[statuses.length - 1]).toMatchObject({ state: 'reconnecting', reason: 'silent' });
    expect(net.sockets[0]!.closedByClient).not.toBeNull();
  });

  it('requests made while down wait for the next link; in-flight ones fail with ConnectionLostError', async () => {
    const { net, conn, clock, statuses } = setup({}, [0]);
    conn.connect();
    net.current.open();
    await flush();
    const inflight = conn.call('public/get_instruments', { currency: 'BTC' });
    await flush();
    net.current.serverClose(1006, '');
    await expect(inflight).rejects.toBeInstanceOf(ConnectionLostError);
    const later = conn.call('public/get_index_price', { index_name: 'btc_usd' });
    await clock.advance(statuses[statuses.length - 1]!.retryInMs!);
    expect(net.current.methods()).toEqual([]);
    net.current.open();
    await flush();
    const f = net.current.last('public/get_index_price')!;
    net.current.reply(f.id, { index_price: 1 });
    await expect(later).resolves.toEqual({ index_price: 1 });
  });

  it('paces get_instruments to its own bucket (burst 5, then one per 10 s)', async () => {
    const { net, conn, clock } = setup();
    conn.connect();
    net.current.open();
    await flush();
    for (let i = 0; i < 7; i++) void conn.call('public/get_instruments', { currency: `C${i}` }).catch(() => undefined);
    await flush();
    const count = () => net.current.methods().filter((m) => m === 'public/get_instruments').length;
    expect(count()).toBe(5);
    await clock.advance(9_999);
    expect(count()).toBe(5);
    await clock.advance(1);
    expect(count()).toBe(6);
    await clock.advance(10_000);
    expect(count()).toBe(7);
  });

  it('setup steps run on every open before the re-subscription; a failing step retries the link', async () => {
    const { net, conn, clock, statuses } = setup({}, [0]);
    let runs = 0;
    conn.addSetupStep(async (call) => {
      runs += 1;
      await call('public/get_time');
    });
    await conn.subscribe(['deribit_price_index.btc_usd']);
    conn.connect();
    net.current.open();
    await flush();
    expect(net.current.methods()).toEqual(['public/set_heartbeat', 'public/get_time']);
    net.current.replyError(net.current.last('public/get_time')!.id, 13028, 'temporarily_unavailable');
    await flush();
    expect(statuses[statuses.length - 1]).toMatchObject({ state: 'reconnecting', reason: 'setup-failed' });
    await clock.advance(statuses[statuses.length - 1]!.retryInMs!);
    net.current.open();
    await flush();
    net.current.reply(net.current.last('public/get_time')!.id, 1);
    await flush();
    expect(runs).toBe(2);
    expect(net.current.methods()).toEqual(['public/set_heartbeat', 'public/get_time', 'public/subscribe']);
    expect(conn.state).toBe('open');
  });

  it('gives up after maxAttempts and rejects what waits', async () => {
    const { net, conn, clock, statuses } = setup({ maxAttempts: 2 }, [0]);
    conn.connect();
    const waiting = conn.call('public/test');
    net.current.serverClose(1006, 'refused');
    await clock.advance(statuses[statuses.length - 1]!.retryInMs!);
    net.current.serverClose(1006, 'refused');
    await expect(waiting).rejects.toBeInstanceOf(ConnectionLostError);
    expect(statuses[statuses.length - 1]).toMatchObject({ state: 'failed', reason: 'unreachable' });
  });

  it('close() stops for good', async () => {
    const { net, conn, clock } = setup();
    conn.connect();
    net.current.open();
    await flush();
    conn.close();
    expect(conn.state).toBe('closed');
    await clock.advance(120_000);
    expect(net.sockets).toHaveLength(1);
  });
});
