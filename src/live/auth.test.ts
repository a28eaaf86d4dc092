import { createHmac, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AccountAuth,
  authFailureMessage,
  hmacSha256Hex,
  signatureAuthParams,
  stringToSign,
  type AuthEvent,
  type HmacSubtle,
} from './auth.ts';
import { DeribitConnection, RpcError } from './connection.ts';
import { FakeNetwork, flush, ManualClock, until } from './testkit.ts';

const SECRET = 'W0H6FJW4IRPZ1MOQ8FP6KMC5RZDUUKXS'; // the docs' sample secret
const subtle = webcrypto.subtle as unknown as HmacSubtle;

describe('client_signature', () => {
  it('HMAC-SHA256 matches RFC 4231 test case 2', async () => {
    expect(await hmacSha256Hex('Jefe', 'what do ya want for nothing?', subtle)).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it("signs Deribit's documented string Timestamp\\nNonce\\nData, checked against an independent HMAC", async () => {
    const ts = 1582628593469;
    const nonce = 'abcd1234';
    expect(stringToSign(ts, nonce, '')).toBe('1582628593469\nabcd1234\n');
    const p = await signatureAuthParams('fo7WAPRm4P', SECRET, ts, nonce, '', subtle);
    const expected = createHmac('sha256', SECRET).update(`${ts}\n${nonce}\n`).digest('hex');
    expect(p).toEqual({ grant_type: 'client_signature', client_id: 'fo7WAPRm4P', timestamp: ts, signature: expected, nonce, data: '' });
    expect(JSON.stringify(p)).not.toContain(SECRET);
  });

  it('uses the global WebCrypto when none is passed (Node 20 and browsers have crypto.subtle)', async () => {
    expect(await hmacSha256Hex('k', 'm')).toBe(createHmac('sha256', 'k').update('m').digest('hex'));
  });
});

function linked(expiresIn = 900) {
  const clock = new ManualClock();
  const net = new FakeNetwork((req) => {
    if (req.method === 'public/set_heartbeat') return 'ok';
    if (req.method === 'public/auth') {
      return {
        access_token: `tok-${req.params.grant_type}`,
        refresh_token: `ref-${Math.random()}`,
        expires_in: expiresIn,
        scope: 'connection account:read trade:read',
        token_type: 'bearer',
      };
    }
    return undefined;
  });
  const conn = new DeribitConnection({
    url: 'wss://example.test',
    socketFactory: net.factory,
    clock,
    random: () => 0,
    silenceTimeoutMs: 1e9,
  });
  const events: AuthEvent[] = [];
  const auth = new AccountAuth({ clientId: 'client-1', clientSecret: SECRET }, (e) => events.push(e), clock, {
    subtle,
    nonce: () => 'n0nce',
  });
  conn.addSetupStep(auth.setupStep);
  return { clock, net, conn, events, auth };
}

describe('AccountAuth on a connection', () => {
  it('authenticates with a signature on every (re)connect; the secret never goes on the wire', async () => {
    const { clock, net, conn, events, auth } = linked();
    conn.connect();
    net.current.open();
    await until(() => events.length > 0, 'the auth');
    const req = net.current.last('public/auth')!;
    expect(req.params).toMatchObject({
      grant_type: 'client_signature',
      client_id: 'client-1',
      nonce: 'n0nce',
      data: '',
      timestamp: clock.now(),
    });
    expect(req.params.signature).toBe(createHmac('sha256', SECRET).update(`${clock.now()}\nn0nce\n`).digest('hex'));
    expect(events[0]).toMatchObject({
      type: 'linked',
      info: { clientId: 'client-1', readOnly: true, scope: 'connection account:read trade:read' },
    });
    expect(auth.linked).toBe(true);
    net.current.serverClose(1006, '');
    await clock.advance(2000);
    net.current.open();
    await until(() => events.length > 1, 'the second auth');
    expect(net.current.last('public/auth')!.params.grant_type).toBe('client_signature');
    for (const s of net.sockets) for (const raw of s.rawSent) expect(raw).not.toContain(SECRET);
  });

  it('refreshes the token with refresh_token at 80 % of its life', async () => {
    const { clock, net, conn, events } = linked(100);
    conn.connect();
    net.current.open();
    await until(() => events.length > 0, 'the auth');
    const firstRefresh = (events[0] as { info: { expiresAtMs: number } }).info.expiresAtMs;
    await clock.advance(79_000);
    expect(net.current.methods().filter((m) => m === 'public/auth')).toHaveLength(1);
    await clock.advance(1_000);
    await until(() => events.length > 1, 'the refresh');
    const last = net.current.last('public/auth')!;
    expect(last.params.grant_type).toBe('refresh_token');
    expect(typeof last.params.refresh_token).toBe('string');
    expect(events[1]).toMatchObject({ type: 'refreshed' });
    expect((events[1] as { info: { expiresAtMs: number } }).info.expiresAtMs).toBeGreaterThan(firstRefresh);
  });

  it('never serialises the secret: JSON, structured clone, events and failure messages', async () => {
    const { net, conn, events, auth } = linked();
    conn.connect();
    net.current.open();
    await until(() => events.length > 0, 'the auth');
    expect(JSON.stringify(auth)).not.toContain(SECRET);
    expect(JSON.stringify(structuredClone(auth.linkInfo))).not.toContain(SECRET);
    for (const key of Object.getOwnPropertyNames(auth))
      expect(JSON.stringify((auth as unknown as Record<string, unknown>)[key]) ?? '').not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(Object.values(auth)).not.toContain(SECRET);
    for (const e of [
      new RpcError('public/auth', 13004, 'invalid_credentials'),
      new RpcError('public/auth', 13009, 'unauthorized', 'invalid signature'),
      new RpcError('public/auth', 10028, 'too_many_requests'),
      new Error(`boom ${SECRET}`),
    ]) {
      expect(authFailureMessage(e)).not.toContain(SECRET);
    }
    auth.forget();
    expect(auth.linked).toBe(false);
    expect(auth.linkInfo).toBeNull();
  });

  it('a refused key is reported with Deribit’s reason and leaves the link unauthenticated', async () => {
    const clock = new ManualClock();
    const net = new FakeNetwork((req) => (req.method === 'public/set_heartbeat' ? 'ok' : undefined));
    const conn = new DeribitConnection({ url: 'wss://example.test', socketFactory: net.factory, clock });
    const events: AuthEvent[] = [];
    const auth = new AccountAuth({ clientId: 'c', clientSecret: SECRET }, (e) => events.push(e), clock, { subtle });
    conn.addSetupStep(auth.setupStep);
    conn.connect();
    net.current.open();
    await until(() => net.current.last('public/auth') !== undefined, 'the auth request');
    net.current.replyError(net.current.last('public/auth')!.id, 13004, 'invalid_credentials');
    await flush();
    expect(events).toEqual([
      { type: 'failed', message: 'Deribit refused the API key (invalid_credentials): check the client id and secret' },
    ]);
    expect(auth.linked).toBe(false);
    expect(conn.state).toBe('open'); // the market carries on without the account
  });
});
