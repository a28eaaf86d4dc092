/**
 * A local mock of Deribit's JSON-RPC WebSocket API (the subset Riskdeck uses), answering from recorded payloads.
 *
 * Start/stop API (unit tests, Playwright):
 *   const mock = await MockDeribit.start({ scenario: scenario20260428() });   // 127.0.0.1, a free port
 *   mock.url  → ws://127.0.0.1:PORT/ws/api/v2       (pass as --deribit-url, or to LiveConfig.url)
 *   mock.push('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: 76500, timestamp: … });
 *   mock.drop(); mock.setSilent(true); mock.failNext('public/get_book_summary_by_currency', 10028);
 *   mock.maintenance(); mock.testRequest(); mock.sendRaw('not json'); await mock.stop();
 * Standalone: `npx tsx scripts/mockDeribit.ts [--port N] [--client-id ID --client-secret S]` prints the URL and reads
 * commands from stdin: `push CHANNEL JSON`, `drop`, `silent on|off`, `ratelimit METHOD`, `maintenance`,
 * `test_request`, `raw TEXT`, `quit`.
 *
 * Methods: public/set_heartbeat, public/test, public/subscribe, public/unsubscribe, public/get_instruments,
 * public/get_book_summary_by_currency, public/get_index_price, public/get_tradingview_chart_data,
 * public/get_volatility_index_data, public/auth (client_signature, checked against the scenario's key; and
 * refresh_token), private/get_positions, private/get_account_summaries. Private methods need an authenticated
 * connection (13009 otherwise). 10028 answers are followed by closing the socket, as Deribit ends the session.
 * On subscribe, a `markprice.options.*` channel first gets the whole chain (from the book summary), like Deribit.
 * Binds 127.0.0.1 only.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseInstrument } from '../src/domain/instrument.ts';
import { median } from '../src/io/marketSnapshot.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface MockDeribitScenario {
  /** currency → kind → book summary rows (`result` arrays). */
  readonly bookSummaries: Readonly<Record<string, Partial<Record<'option' | 'future', readonly unknown[]>>>>;
  /** currency → get_instruments rows; default derived from the book summaries. */
  readonly instruments?: Readonly<Record<string, readonly unknown[]>>;
  /** index name → price; default the median estimated_delivery_price of the currency's rows. */
  readonly indexPrices?: Readonly<Record<string, number>>;
  readonly tradingView?: (params: Obj) => unknown;
  readonly volatilityIndex?: (params: Obj) => unknown;
  /** private/get_positions result. */
  readonly positions?: readonly unknown[];
  /** private/get_account_summaries result. */
  readonly accountSummaries?: unknown;
  /** The API key the mock accepts. */
  readonly credentials?: { readonly clientId: string; readonly clientSecret: string };
  /** Access-token lifetime, s (default 900). */
  readonly expiresInS?: number;
  /** Send the whole option chain as the first markprice event after a subscribe (default true). */
  readonly fullChainOnSubscribe?: boolean;
}

const FIXTURES = fileURLToPath(new URL('../src/live/__fixtures__/', import.meta.url));

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The recorded 2026-04-28 BTC option book summary, the futures constructed from it, no ETH/USDC data. */
export function scenario20260428(extra: Partial<MockDeribitScenario> = {}): MockDeribitScenario {
  const options = (readJson(`${FIXTURES}book-summary-btc-option-2026-04-28.json`) as { result: unknown[] }).result;
  const futures = (readJson(`${FIXTURES}book-summary-btc-future-2026-04-28.constructed.json`) as { result: unknown[] }).result;
  return {
    bookSummaries: { BTC: { option: options, future: futures }, ETH: { option: [], future: [] }, USDC: { option: [], future: [] } },
    ...extra,
  };
}

/** get_instruments rows for book-summary rows (name, kind, currencies, price index, expiry, strike). */
export function instrumentsFromSummaries(rows: readonly unknown[]): Obj[] {
  const out: Obj[] = [];
  for (const r of rows) {
    if (!isObject(r) || typeof r.instrument_name !== 'string') continue;
    const p = parseInstrument(r.instrument_name);
    if (!p.ok || p.value.kind === 'spot' || p.value.kind === 'cash') continue;
    const inst = p.value;
    const linear = inst.settlement === 'linear';
    const base = inst.underlying;
    out.push({
      instrument_name: r.instrument_name,
      kind: inst.kind === 'option' ? 'option' : 'future',
      base_currency: base,
      quote_currency: linear ? 'USDC' : inst.kind === 'option' ? base : 'USD',
      settlement_currency: linear ? 'USDC' : base,
      price_index: `${base.toLowerCase()}_${linear ? 'usdc' : 'usd'}`,
      instrument_type: linear ? 'linear' : 'reversed',
      expiration_timestamp: 'expiryMs' in inst ? inst.expiryMs : 32503708800000,
      ...(inst.kind === 'option' ? { strike: inst.strike, option_type: inst.putCall } : {}),
      is_active: true,
    });
  }
  return out;
}

export interface MockRequest {
  readonly connection: number;
  readonly id: unknown;
  readonly method: string;
  readonly params: Obj;
  readonly atMs: number;
}

interface Client {
  readonly id: number;
  readonly ws: WebSocket;
  readonly channels: Set<string>;
  authenticated: boolean;
  heartbeatS: number | null;
  testRequestsAnswered: number;
}

interface Failure {
  readonly code: number;
  readonly message: string;
}

export class MockDeribit {
  readonly requests: MockRequest[] = [];
  /** Every text frame received, as sent (for "the secret never went on the wire" checks). */
  readonly frames: string[] = [];
  private readonly clients = new Set<Client>();
  private nextClient = 1;
  private silent = false;
  private readonly failures = new Map<string, Failure[]>();
  private tokens = new Set<string>();
  private tokenSeq = 0;
  indexPrices: Record<string, number>;

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
    readonly scenario: MockDeribitScenario,
  ) {
    this.indexPrices = { ...this.defaultIndexPrices(), ...(scenario.indexPrices ?? {}) };
    server.on('connection', (ws) => this.onConnection(ws));
  }

  /** Start on 127.0.0.1 (port 0 = a free one). */
  static start(opts: { readonly port?: number; readonly scenario?: MockDeribitScenario } = {}): Promise<MockDeribit> {
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({ host: '127.0.0.1', port: opts.port ?? 0, path: '/ws/api/v2' });
      server.once('error', reject);
      server.once('listening', () => {
        const addr = server.address();
        const port = typeof addr === 'object' && addr ? addr.port : 0;
        resolve(new MockDeribit(server, `ws://127.0.0.1:${port}/ws/api/v2`, opts.scenario ?? scenario20260428()));
      });
    });
  }

  stop(): Promise<void> {
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.clients.size;
  }

  /** Channels subscribed on any open connection. */
  subscribedChannels(): string[] {
    return [...new Set([...this.clients].flatMap((c) => [...c.channels]))].sort();
  }

  /** Number of `public/test` answers to test_request frames. */
  get testRequestsAnswered(): number {
    return [...this.clients].reduce((s, c) => s + c.testRequestsAnswered, 0) + this.answeredOnClosed;
  }

  private answeredOnClosed = 0;

  /** Send a subscription event to every connection subscribed to `channel`; returns how many got it. */
  push(channel: string, data: unknown): number {
    let n = 0;
    for (const c of this.clients) {
      if (!c.channels.has(channel)) continue;
      this.send(c, { jsonrpc: '2.0', method: 'subscription', params: { channel, data } });
      n += 1;
    }
    return n;
  }

  /** Send a text frame as is to every connection. */
  sendRaw(text: string): void {
    for (const c of this.clients) c.ws.send(text);
  }

  /** Cut every connection without a close frame (the client sees 1006). */
  drop(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  /** While silent the mock answers nothing and sends nothing. */
  setSilent(on: boolean): void {
    this.silent = on;
  }

  /** The next call of `method` answers this error (10028 then ends the session). */
  failNext(method: string, code: number, message = code === 10028 ? 'too_many_requests' : 'error'): void {
    const list = this.failures.get(method) ?? [];
    list.push({ code, message });
    this.failures.set(method, list);
  }

  /** 11051 system_maintenance (no id) to every connection, then close them. */
  maintenance(): void {
    for (const c of this.clients) {
      c.ws.send(JSON.stringify({ jsonrpc: '2.0', error: { message: 'system_maintenance', code: 11051 } }));
      c.ws.close(1000, 'system_maintenance');
    }
  }

  /** A heartbeat test_request to every connection (the client must answer with public/test). */
  testRequest(): void {
    for (const c of this.clients) c.ws.send(JSON.stringify({ params: { type: 'test_request' }, method: 'heartbeat', jsonrpc: '2.0' }));
  }

  /** Requests received so far for `method`. */
  calls(method: string): MockRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  private defaultIndexPrices(): Record<string, number> {
    const out: Record<string, number> = {};
    const byIndex = new Map<string, number[]>();
    for (const kinds of Object.values(this.scenario.bookSummaries)) {
      for (const rows of Object.values(kinds ?? {})) {
        for (const i of instrumentsFromSummaries(rows ?? [])) {
          const row = (rows ?? []).find((r) => isObject(r) && r.instrument_name === i.instrument_name) as Obj | undefined;
          const p = row?.estimated_delivery_price;
          if (typeof p === 'number' && p > 0) {
            const list = byIndex.get(String(i.price_index)) ?? [];
            list.push(p);
            byIndex.set(String(i.price_index), list);
          }
        }
      }
    }
    for (const [k, v] of byIndex) out[k] = median(v);
    return out;
  }

  private send(c: Client, msg: unknown): void {
    if (this.silent) return;
    c.ws.send(JSON.stringify(msg));
  }

  private onConnection(ws: WebSocket): void {
    const client: Client = {
      id: this.nextClient++,
      ws,
      channels: new Set(),
      authenticated: false,
      heartbeatS: null,
      testRequestsAnswered: 0,
    };
    this.clients.add(client);
    ws.on('close', () => {
      this.answeredOnClosed += client.testRequestsAnswered;
      this.clients.delete(client);
    });
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      if (this.silent) return;
      let msg: unknown;
      try {
        msg = JSON.parse(text);
      } catch {
        this.send(client, { jsonrpc: '2.0', error: { code: 11050, data: 'invalid json', message: 'bad_request' } });
        return;
      }
      if (!isObject(msg) || typeof msg.method !== 'string') {
        this.send(client, { jsonrpc: '2.0', id: isObject(msg) ? msg.id : null, error: { code: 11050, message: 'bad_request' } });
        return;
      }
      const params = isObject(msg.params) ? msg.params : {};
      this.requests.push({ connection: client.id, id: msg.id, method: msg.method, params, atMs: Date.now() });
      this.handle(client, msg.id, msg.method, params);
    });
  }

  private reply(c: Client, id: unknown, result: unknown): void {
    this.send(c, { jsonrpc: '2.0', id, result, usIn: Date.now() * 1000, usOut: Date.now() * 1000, usDiff: 0, testnet: false });
  }

  private error(c: Client, id: unknown, code: number, message: string, data?: unknown): void {
    this.send(c, { jsonrpc: '2.0', id, error: { code, message, ...(data !== undefined ? { data } : {}) } });
  }

  private handle(c: Client, id: unknown, method: string, params: Obj): void {
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      this.error(c, id, failure.code, failure.message);
      if (failure.code === 10028) c.ws.close(1000, 'too_many_requests');
      return;
    }
    const s = this.scenario;
    switch (method) {
      case 'public/set_heartbeat':
        c.heartbeatS = typeof params.interval === 'number' ? params.interval : null;
        return this.reply(c, id, 'ok');
      case 'public/test':
        c.testRequestsAnswered += 1;
        return this.reply(c, id, { version: '1.2.26' });
      case 'public/subscribe':
      case 'private/subscribe': {
        const channels = Array.isArray(params.channels) ? params.channels.filter((x): x is string => typeof x === 'string') : [];
        const known = channels.filter((ch) => this.channelExists(ch));
        for (const ch of known) c.channels.add(ch);
        this.reply(c, id, known);
        if (s.fullChainOnSubscribe !== false) for (const ch of known) this.sendInitial(c, ch);
        return;
      }
      case 'public/unsubscribe': {
        const channels = Array.isArray(params.channels) ? params.channels.filter((x): x is string => typeof x === 'string') : [];
        const removed = channels.filter((ch) => c.channels.delete(ch));
        return this.reply(c, id, removed);
      }
      case 'public/get_instruments': {
        const cur = String(params.currency ?? '').toUpperCase();
        const rows = s.instruments?.[cur] ?? instrumentsFromSummaries(Object.values(s.bookSummaries[cur] ?? {}).flat());
        return this.reply(c, id, rows);
      }
      case 'public/get_book_summary_by_currency': {
        const cur = String(params.currency ?? '').toUpperCase();
        const kind = params.kind === 'option' || params.kind === 'future' ? params.kind : null;
        if (!(cur in s.bookSummaries)) return this.error(c, id, -32602, 'Invalid params', { param: 'currency', reason: 'wrong format' });
        const kinds = s.bookSummaries[cur] ?? {};
        return this.reply(c, id, kind ? (kinds[kind] ?? []) : [...(kinds.option ?? []), ...(kinds.future ?? [])]);
      }
      case 'public/get_index_price': {
        const name = String(params.index_name ?? '');
        const p = this.indexPrices[name];
        if (p === undefined) return this.error(c, id, -32602, 'Invalid params', { param: 'index_name', reason: 'wrong format' });
        return this.reply(c, id, { estimated_delivery_price: p, index_price: p });
      }
      case 'public/get_tradingview_chart_data':
        return this.reply(
          c,
          id,
          s.tradingView?.(params) ?? { status: 'no_data', ticks: [], open: [], high: [], low: [], close: [], volume: [], cost: [] },
        );
      case 'public/get_volatility_index_data':
        return this.reply(c, id, s.volatilityIndex?.(params) ?? { data: [], continuation: null });
      case 'public/auth':
        return this.auth(c, id, params);
      case 'private/get_positions':
        if (!this.authorised(c, id)) return;
        return this.reply(c, id, s.positions ?? []);
      case 'private/get_account_summaries':
        if (!this.authorised(c, id)) return;
        return this.reply(c, id, s.accountSummaries ?? { summaries: [] });
      default:
        return this.error(c, id, -32601, 'Method not found');
    }
  }

  private authorised(c: Client, id: unknown): boolean {
    if (c.authenticated) return true;
    this.error(c, id, 13009, 'unauthorized');
    return false;
  }

  private auth(c: Client, id: unknown, p: Obj): void {
    const key = this.scenario.credentials;
    const issue = () => {
      this.tokenSeq += 1;
      const access = `mock-access-${this.tokenSeq}`;
      const refresh = `mock-refresh-${this.tokenSeq}`;
      this.tokens.add(refresh);
      c.authenticated = true;
      this.reply(c, id, {
        access_token: access,
        expires_in: this.scenario.expiresInS ?? 900,
        refresh_token: refresh,
        scope: 'connection account:read trade:read',
        enabled_features: [],
        token_type: 'bearer',
      });
    };
    if (p.grant_type === 'client_signature') {
      if (!key || p.client_id !== key.clientId) return this.error(c, id, 13004, 'invalid_credentials');
      const expected = createHmac('sha256', key.clientSecret)
        .update(`${String(p.timestamp)}\n${String(p.nonce)}\n${String(p.data ?? '')}`)
        .digest('hex');
      if (p.signature !== expected) return this.error(c, id, 13009, 'unauthorized', { reason: 'invalid signature' });
      return issue();
    }
    if (p.grant_type === 'refresh_token') {
      if (typeof p.refresh_token !== 'string' || !this.tokens.delete(p.refresh_token)) return this.error(c, id, 13009, 'unauthorized');
      return issue();
    }
    return this.error(c, id, 13004, 'invalid_credentials');
  }

  private allRows(): Obj[] {
    return Object.values(this.scenario.bookSummaries)
      .flatMap((k) => Object.values(k ?? {}).flat())
      .filter(isObject);
  }

  private channelExists(ch: string): boolean {
    if (ch.startsWith('markprice.options.') || ch.startsWith('deribit_price_index.')) {
      const idx = ch.split('.').pop() ?? '';
      return instrumentsFromSummaries(this.allRows()).some((i) => i.price_index === idx);
    }
    if (ch.startsWith('ticker.')) {
      const name = ch.split('.')[1];
      return this.allRows().some((r) => r.instrument_name === name);
    }
    return ch.startsWith('user.') || ch.startsWith('instrument.state.') || ch === 'platform_state';
  }

  private sendInitial(c: Client, ch: string): void {
    if (!ch.startsWith('markprice.options.')) return;
    const idx = ch.split('.').pop() ?? '';
    const names = new Set(
      instrumentsFromSummaries(this.allRows())
        .filter((i) => i.kind === 'option' && i.price_index === idx)
        .map((i) => i.instrument_name),
    );
    const data = this.allRows()
      .filter((r) => names.has(r.instrument_name))
      .map((r) => ({
        timestamp: r.creation_timestamp,
        iv: typeof r.mark_iv === 'number' ? Number((r.mark_iv / 100).toFixed(4)) : null,
        instrument_name: r.instrument_name,
        mark_price: r.mark_price,
      }));
    this.send(c, { jsonrpc: '2.0', method: 'subscription', params: { channel: ch, data } });
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const id = arg('--client-id');
  const secret = arg('--client-secret');
  const mock = await MockDeribit.start({
    port: Number(arg('--port') ?? 0),
    scenario: scenario20260428(id && secret ? { credentials: { clientId: id, clientSecret: secret } } : {}),
  });
  process.stdout.write(`${mock.url}\n`);
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd = '', ...rest] = line.trim().split(' ');
    const tail = rest.join(' ');
    try {
      if (cmd === 'push') process.stdout.write(`pushed to ${mock.push(rest[0] ?? '', JSON.parse(rest.slice(1).join(' ')))}\n`);
      else if (cmd === 'drop') mock.drop();
      else if (cmd === 'silent') mock.setSilent(rest[0] !== 'off');
      else if (cmd === 'ratelimit') mock.failNext(rest[0] ?? 'public/test', 10028);
      else if (cmd === 'maintenance') mock.maintenance();
      else if (cmd === 'test_request') mock.testRequest();
      else if (cmd === 'raw') mock.sendRaw(tail);
      else if (cmd === 'quit') void mock.stop().then(() => process.exit(0));
      else if (cmd) process.stdout.write(`unknown command ${cmd}\n`);
    } catch (e) {
      process.stdout.write(`error: ${(e as Error).message}\n`);
    }
  });
  process.on('SIGTERM', () => void mock.stop().then(() => process.exit(0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main(process.argv.slice(2));
