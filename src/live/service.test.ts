import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importDeribitBookSummary } from '../io/deribitBookSummary.ts';
import { MockDeribit, scenario20260428, type MockDeribitScenario } from '../../scripts/mockDeribit.ts';
import { nodeSocketFactory } from './nodeSocket.ts';
import { LiveService, type LiveConfig, type LiveEvent, type LiveStatus } from './service.ts';
import { FakeNetwork, ManualClock, type SentFrame } from './testkit.ts';
import type { LiveSnapshot } from './marketSession.ts';

const SECRET = 'mock-secret-Zq81xV0pL2';
const KEY = { clientId: 'mock-client', clientSecret: SECRET };

const fx = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const options = fx('book-summary-btc-option-2026-04-28.json').result as Record<string, unknown>[];
const futures = fx('book-summary-btc-future-2026-04-28.constructed.json').result as Record<string, unknown>[];
const accountItems = new Map(
  (fx('deribit-live/rest_auth_account_positions.json').items as { id: string; frame: unknown }[]).map((i) => [i.id, i.frame]),
);

async function waitFor<T>(get: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let mock: MockDeribit | null = null;
let service: LiveService | null = null;
afterEach(async () => {
  service?.disconnect();
  service = null;
  await mock?.stop();
  mock = null;
});

async function start(config: Partial<LiveConfig> = {}, scenario?: MockDeribitScenario) {
  mock = await MockDeribit.start({ scenario: scenario ?? scenario20260428({ credentials: KEY }) });
  const events: LiveEvent[] = [];
  service = new LiveService({ socketFactory: nodeSocketFactory }, (e) => events.push(e));
  service.connect({ url: mock.url, throttleMs: 50, backoff: { initialMs: 50, maxMs: 200 }, ...config });
  const statuses = () => events.filter((e): e is Extract<LiveEvent, { type: 'status' }> => e.type === 'status').map((e) => e.status);
  const snapshots = () => events.filter((e): e is Extract<LiveEvent, { type: 'snapshot' }> => e.type === 'snapshot').map((e) => e.snapshot);
  return { mock, service, events, statuses, snapshots };
}

describe('LiveService against the mock Deribit server', () => {
  it('connects, bootstraps, subscribes in one call and publishes the importer’s snapshot', async () => {
    const { mock, statuses, snapshots } = await start();
    const first = await waitFor(() => snapshots()[0], 'the first snapshot');
    const file = importDeribitBookSummary({ result: [...options, ...futures] });
    if (!file.ok) throw new Error(file.error);
    expect(first.snapshot.underlyings).toEqual(file.snapshot.underlyings);
    expect(first.snapshot.valuationTime).toBe(file.snapshot.valuationTime);
    await waitFor(() => statuses().some((s) => s.state === 'open'), 'open');
    expect(statuses()[0]!.state).toBe('connecting');
    expect(mock.calls('public/subscribe')).toHaveLength(1);
    expect(mock.subscribedChannels()).toContain('markprice.options.btc_usd');
    expect(mock.calls('public/set_heartbeat')[0]!.params).toEqual({ interval: 10 });
    expect(
      mock
        .calls('public/get_book_summary_by_currency')
        .map((r) => `${String(r.params.currency)} ${String(r.params.kind)}`)
        .sort(),
    ).toEqual(['BTC future', 'BTC option', 'ETH future', 'ETH option']);
  });

  it('a scripted markprice event moves the published market', async () => {
    const { mock, snapshots } = await start();
    await waitFor(() => mock.subscribedChannels().length > 0 && snapshots().length > 0, 'subscribed');
    const n = snapshots().length;
    mock.push('markprice.options.btc_usd', [
      { timestamp: 1777404150000, iv: 0.45, instrument_name: 'BTC-26JUN26-86000-C', mark_price: 0.03 },
    ]);
    const moved = await waitFor(
      () =>
        snapshots()
          .slice(n)
          .find((s) => s.snapshot.valuationTime === '2026-04-28T19:22:30.000Z'),
      'the moved snapshot',
    );
    const jun = moved.snapshot.underlyings.BTC!.smiles.find((x) => x.expiry === '2026-06-26T08:00:00.000Z')!;
    expect(jun.points.find((p) => p.strike === 86000)!.iv).toBe(0.45);
  });

  it('answers a heartbeat test_request', async () => {
    const { mock, statuses } = await start();
    await waitFor(() => statuses().some((s) => s.state === 'open'), 'open');
    mock.testRequest();
    await waitFor(() => mock.testRequestsAnswered === 1, 'the public/test answer');
  });

  it('a dropped link reconnects, re-subscribes and the stream resumes', async () => {
    const { mock, statuses, snapshots } = await start();
    await waitFor(() => statuses().some((s) => s.state === 'open'), 'open');
    mock.drop();
    await waitFor(() => statuses().some((s) => s.state === 'reconnecting' && s.reason === 'dropped'), 'reconnecting');
    await waitFor(
      () => mock.calls('public/subscribe').length === 2 && statuses()[statuses().length - 1]!.state === 'open',
      'the second subscribe',
    );
    expect(mock.calls('public/get_book_summary_by_currency')).toHaveLength(4); // no second bootstrap
    const n = snapshots().length;
    mock.push('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: 76543.21, timestamp: 1777404160000 });
    await waitFor(
      () =>
        snapshots()
          .slice(n)
          .some((s) => s.snapshot.underlyings.BTC!.index === 76543.21),
      'the resumed stream',
    );
  });

  it('silence: the underlying turns stale within the threshold, then the silent link is replaced', async () => {
    const { mock, statuses } = await start({ staleAfterMs: 300, silenceTimeoutMs: 1_500 });
    await waitFor(() => statuses().some((s) => s.state === 'open'), 'open');
    mock.setSilent(true);
    const stale = await waitFor(() => statuses().find((s) => s.state === 'stale'), 'stale');
    expect(stale.staleUnderlyings).toEqual(['BTC']);
    await waitFor(() => statuses().some((s) => s.state === 'reconnecting' && s.reason === 'silent'), 'the silent link closed');
    mock.setSilent(false);
    await waitFor(() => mock.calls('public/subscribe').length >= 2, 'the new link');
    mock.push('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: 76000, timestamp: 1777404170000 });
    await waitFor(() => statuses()[statuses().length - 1]!.state === 'open', 'fresh again');
  });

  it('10028 ends the session: the client waits, reconnects and carries on', async () => {
    const { mock, statuses } = await start({ rateLimitWaitMs: 100 });
    mock.failNext('public/subscribe', 10028);
    await waitFor(() => statuses().some((s) => s.state === 'reconnecting' && s.reason === 'rate-limited'), 'rate-limited');
    await waitFor(() => statuses()[statuses().length - 1]!.state === 'open', 'open after the wait');
    expect(mock.subscribedChannels()).toContain('markprice.options.btc_usd');
  });

  it('11051 maintenance is reported and retried', async () => {
    const { mock, statuses } = await start({ maintenanceWaitMs: 100 });
    await waitFor(() => statuses().some((s) => s.state === 'open'), 'open');
    mock.maintenance();
    await waitFor(() => statuses().some((s) => s.state === 'reconnecting' && s.reason === 'maintenance'), 'maintenance');
    await waitFor(() => statuses()[statuses().length - 1]!.state === 'open', 'open again');
  });

  it('malformed frames are reported as connection problems, not thrown', async () => {
    const { mock, events, statuses } = await start();
    await waitFor(() => statuses().some((s) => s.state === 'open'), 'open');
    mock.sendRaw('{"jsonrpc":"2.0","method":"subscription","params":');
    mock.sendRaw('{"jsonrpc":"2.0","method":"subscription","params":{"channel":"markprice.options.btc_usd","data":{"not":"an array"}}}');
    await waitFor(() => events.some((e) => e.type === 'connection-problem' && e.problem.kind === 'malformed'), 'the problem');
    await waitFor(() => events.some((e) => e.type === 'problems' && e.problems.some((p) => p.kind === 'bad-message')), 'the bad message');
    expect(statuses()[statuses().length - 1]!.state).toBe('open');
  });

  it('links a read-only key, reads positions and summaries; the secret is nowhere but the worker', async () => {
    const positions = [
      accountItems.get('get_positions_option_entry_BTC-25JUN21-28000-P'),
      { instrument_name: 'BTC-26JUN26', size: -5000, average_price: 76500, direction: 'sell', kind: 'future' },
    ];
    const scenario = scenario20260428({
      credentials: KEY,
      positions,
      accountSummaries: (accountItems.get('account_summaries_docs') as { result: unknown }).result,
    });
    const { mock, events, service } = await start({}, scenario);
    const info = await service.linkAccount(KEY);
    expect(info).toMatchObject({ clientId: 'mock-client', readOnly: true });
    const book = await service.fetchPositions();
    if (!book.ok) throw new Error(book.error);
    expect(book.portfolio.positions.map((p) => [p.instrument, p.quantity, p.unit])).toEqual([
      ['BTC-25JUN21-28000-P', 0.1, 'coin'],
      ['BTC-26JUN26', -5000, 'usd'],
    ]);
    const sums = await service.fetchAccountSummaries();
    if (!sums.ok) throw new Error(sums.error);
    expect(sums.summaries.map((s) => [s.currency, s.marginModel, s.initialMargin])).toEqual([
      ['BTC', 'segregated_sm', 1.24669592],
      ['ETH', 'segregated_sm', 0.000402],
    ]);
    expect(mock.calls('public/auth')[0]!.params.grant_type).toBe('client_signature');
    for (const f of mock.frames) expect(f).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(service.status())).not.toContain(SECRET);
    service.unlinkAccount();
    await expect(service.fetchPositions()).rejects.toThrow('no account is linked');
  });

  it('a wrong key is refused with a message that does not contain it', async () => {
    const { service, events } = await start();
    const err = await service.linkAccount({ clientId: 'mock-client', clientSecret: 'WRONG-secret-123' }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('unauthorized');
    expect((err as Error).message).not.toContain('WRONG-secret-123');
    expect(JSON.stringify(events)).not.toContain('WRONG-secret-123');
    expect(service.status().accountLinked).toBe(false);
  });

  it('nothing is logged with the secret through a whole linked session (failures, drops, re-auth)', async () => {
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ''}` : String(a))).join(' '));
      }),
    );
    try {
      const { mock, service, events, statuses } = await start();
      await service.linkAccount({ clientId: 'mock-client', clientSecret: `${SECRET}-wrong` }).catch(() => undefined);
      await service.linkAccount(KEY);
      mock.drop();
      await waitFor(
        () => mock.calls('public/auth').length >= 3 && statuses()[statuses().length - 1]!.state === 'open',
        're-auth after the drop',
      );
      mock.failNext('private/get_positions', 13009, 'unauthorized');
      await service.fetchPositions().catch((e: unknown) => logged.push(String(e)));
      const everything = [...logged, JSON.stringify(events), ...mock.frames].join('\n');
      expect(everything).not.toContain(SECRET);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  it('fetches histories through the link (chart data, DVOL following continuation)', async () => {
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day);
    const scenario = scenario20260428({
      tradingView: (p) => {
        const from = Math.floor(Number(p.start_timestamp) / day);
        const to = Math.floor(Number(p.end_timestamp) / day);
        const ticks = [];
        for (let d = from; d <= Math.min(to, today); d++) ticks.push(d * day);
        return { status: 'ok', ticks, close: ticks.map((t) => 100 + t / day / 1000), open: [], high: [], low: [], volume: [], cost: [] };
      },
      volatilityIndex: (p) => {
        // two pages: the newest 10 days, then the rest
        const end = Math.floor(Number(p.end_timestamp) / day);
        const start = Math.floor(Number(p.start_timestamp) / day);
        const first = Math.max(start, end - 9);
        const data = [];
        for (let d = first; d <= end; d++) data.push([d * day, 50, 51, 49, 50 + (d % 7)]);
        return { data, continuation: first > start ? (first - 1) * day + day - 1 : null };
      },
    });
    const { service } = await start({ market: false }, scenario);
    const got = await service.fetchHistories([
      { kind: 'price', underlying: 'BTC', bundledLast: new Date((today - 40) * day).toISOString().slice(0, 10) },
      { kind: 'dvol', underlying: 'ETH', bundledLast: new Date((today - 40) * day).toISOString().slice(0, 10) },
      { kind: 'dvol', underlying: 'BTC', cachedFetchedAtMs: Date.now() },
    ]);
    expect(got.map((s) => `${s.kind} ${s.underlying} ${s.dates.length}`)).toEqual(['price BTC 70', 'dvol ETH 70']);
    expect(got[0]!.source).toBe('Deribit public/get_tradingview_chart_data BTC-PERPETUAL 1D close');
    expect(got[1]!.dates[got[1]!.dates.length - 1]).toBe(new Date((today - 1) * day).toISOString().slice(0, 10)); // today's partial candle left out
    expect(mock!.calls('public/get_volatility_index_data').length).toBeGreaterThan(1);
  });
});

describe('LiveService on a manual clock (throttle, freeze)', () => {
  function fakeDeribit(req: SentFrame): unknown {
    switch (req.method) {
      case 'public/set_heartbeat':
        return 'ok';
      case 'public/subscribe':
        return req.params.channels;
      case 'public/get_instruments':
        return [];
      case 'public/get_book_summary_by_currency':
        return req.params.currency === 'BTC' ? (req.params.kind === 'option' ? options : futures) : [];
      case 'public/get_index_price':
        return { index_price: 76090.54 };
      default:
        return undefined;
    }
  }

  async function run() {
    const clock = new ManualClock(1_800_000_000_000);
    const net = new FakeNetwork(fakeDeribit);
    const events: LiveEvent[] = [];
    const svc = new LiveService({ socketFactory: net.factory, clock }, (e) => events.push(e));
    svc.connect({ throttleMs: 1000, staleAfterMs: 5000, silenceTimeoutMs: 1e9 });
    net.current.open();
    await clock.advance(10);
    const snaps = (): LiveSnapshot[] =>
      events.filter((e): e is Extract<LiveEvent, { type: 'snapshot' }> => e.type === 'snapshot').map((e) => e.snapshot);
    const statuses = (): LiveStatus[] =>
      events.filter((e): e is Extract<LiveEvent, { type: 'status' }> => e.type === 'status').map((e) => e.status);
    const index = (price: number, ts: number) =>
      net.current.receive({
        jsonrpc: '2.0',
        method: 'subscription',
        params: { channel: 'deribit_price_index.btc_usd', data: { index_name: 'btc_usd', price, timestamp: ts } },
      });
    return { clock, net, svc, snaps, statuses, index };
  }

  it('publishes at most once per throttle period, the latest state each time', async () => {
    const { clock, snaps, index } = await run();
    expect(snaps()).toHaveLength(1);
    for (let i = 0; i < 20; i++) {
      index(76000 + i, 1777404146000 + i);
      await clock.advance(100);
    }
    // 2 s of updates every 100 ms: at most one snapshot per second after the bootstrap one
    expect(snaps().length).toBeLessThanOrEqual(3);
    expect(snaps().length).toBeGreaterThanOrEqual(2);
    await clock.advance(1000);
    expect(snaps()[snaps().length - 1]!.snapshot.underlyings.BTC!.index).toBe(76019);
    const times = snaps().map((s) => s.builtAtMs);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it('freeze stops publishing while the stream is still applied; unfreeze publishes the current market at once', async () => {
    const { clock, svc, snaps, index, statuses } = await run();
    svc.setFrozen(true);
    expect(statuses()[statuses().length - 1]!.frozen).toBe(true);
    const n = snaps().length;
    index(80000, 1777404146000);
    await clock.advance(3000);
    expect(snaps()).toHaveLength(n);
    svc.setFrozen(false);
    expect(snaps()).toHaveLength(n + 1);
    expect(snaps()[n]!.snapshot.underlyings.BTC!.index).toBe(80000);
  });

  it('stale after staleAfterMs without updates, fresh again on the next one', async () => {
    const { clock, statuses, index } = await run();
    await clock.advance(5000);
    expect(statuses()[statuses().length - 1]!.state).toBe('open');
    await clock.advance(300);
    expect(statuses()[statuses().length - 1]).toMatchObject({ state: 'stale', staleUnderlyings: ['BTC'] });
    index(76000, 1777404146000);
    await clock.advance(300);
    expect(statuses()[statuses().length - 1]!.state).toBe('open');
  });
});
