/**
 * The Deribit JSON-RPC 2.0 connection over WebSocket: the one place that talks to the exchange.
 *
 * - Framing: one request per text frame `{"jsonrpc":"2.0","id":N,"method":…,"params":{…}}`; responses are matched
 *   by `id`; notifications (`method: "subscription"`) go to the `notification` listener with their channel.
 * - Heartbeat: after each open, `public/set_heartbeat {interval}`; every `test_request` is answered with
 *   `public/test` at once (outside the request queue). Any message proves the link alive; a link silent for
 *   `silenceTimeoutMs` is closed and reconnected (reason `silent`).
 * - Setup on every open, in order: set_heartbeat, the registered setup steps (authentication, the market's
 *   bootstrap), then one `public/subscribe` per ≤ 500 desired channels. Only then is the state `open`.
 * - Reconnect: exponential backoff with jitter (backoff.ts). 10028 too_many_requests ends Deribit's session: the
 *   socket is closed and the next attempt waits at least `rateLimitWaitMs`. 11051 system_maintenance: the same with
 *   `maintenanceWaitMs`. `connection_too_slow` (a close reason or an error message): reconnect with backoff.
 * - Pacing: requests wait in a queue for tokens (pacer.ts), so a burst of start-up calls never spends the credits.
 * - Malformed messages (not JSON, unknown shape, a response to no request) are reported through `problem`, never
 *   thrown; the connection carries on.
 * Errors and problems carry Deribit's code and message and the method name, never request parameters, so a
 * credential passed to `public/auth` cannot end up in one.
 */
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { DERIBIT_LIMITS, RequestPacer, type PacerLimits } from './pacer.ts';
import { systemClock, type LiveClock, type LiveSocket, type LiveSocketFactory, type RandomSource } from './transport.ts';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';

/** Why the link went down (or could not be set up). */
export type DisconnectReason =
  'dropped' | 'silent' | 'heartbeat' | 'rate-limited' | 'maintenance' | 'too-slow' | 'setup-failed' | 'unreachable';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  readonly url: string;
  /** Set while reconnecting: why the last link ended. */
  readonly reason?: DisconnectReason;
  /** Human-readable detail (close code and reason, Deribit's error message). */
  readonly detail?: string;
  /** Failed attempts since the last complete setup. */
  readonly attempt: number;
  /** Set while reconnecting: delay until the next attempt. */
  readonly retryInMs?: number;
  /** Epoch ms of this status. */
  readonly atMs: number;
}

export type ProblemKind = 'malformed' | 'unexpected-response' | 'server-error' | 'subscription-refused';

export interface ConnectionProblem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly atMs: number;
}

/** A JSON-RPC error answer. `message` is Deribit's (e.g. `too_many_requests`), with the method and code. */
export class RpcError extends Error {
  override name = 'RpcError';
  constructor(
    readonly method: string,
    readonly code: number,
    readonly serverMessage: string,
    readonly reason?: string,
  ) {
    super(`${method}: ${serverMessage} (Deribit error ${code}${reason ? `, ${reason}` : ''})`);
  }
}

/** The request could not complete because the link ended (or was closed) first. */
export class ConnectionLostError extends Error {
  override name = 'ConnectionLostError';
}

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

/** Deribit error codes the connection acts on. */
export const DERIBIT_ERRORS = {
  tooManyRequests: 10028,
  systemMaintenance: 11051,
  badRequest: 11050,
  unauthorized: 13009,
  invalidCredentials: 13004,
} as const;

export type RpcCall = <T = unknown>(method: string, params?: Record<string, unknown>) => Promise<T>;

/** A step run after each (re)connect, before the channels are re-subscribed (authentication, bootstrap). */
export type SetupStep = (call: RpcCall) => Promise<void>;

export interface ConnectionOptions {
  readonly url: string;
  readonly socketFactory: LiveSocketFactory;
  readonly clock?: LiveClock;
  readonly random?: RandomSource;
  /** Heartbeat interval asked of the server, seconds (Deribit minimum 10). Default 10. */
  readonly heartbeatIntervalS?: number;
  /** Close and reconnect after this long without any message. Default 3 heartbeat intervals. */
  readonly silenceTimeoutMs?: number;
  /** A request unanswered this long rejects with RequestTimeoutError. Default 30 s. */
  readonly requestTimeoutMs?: number;
  readonly backoff?: Partial<BackoffOptions>;
  /** Minimum wait after 10028 (the session is gone and credits must refill). Default 10 s. */
  readonly rateLimitWaitMs?: number;
  /** Minimum wait after 11051 system_maintenance. Default 60 s. */
  readonly maintenanceWaitMs?: number;
  /** Channels per public/subscribe call (Deribit allows 500). */
  readonly maxChannelsPerSubscribe?: number;
  readonly limits?: PacerLimits;
  /** Give up (state `failed`, queued calls rejected) after this many failed attempts in a row. Default: never. */
  readonly maxAttempts?: number;
}

export interface ConnectionListeners {
  status?(status: ConnectionStatus): void;
  notification?(channel: string, data: unknown): void;
  problem?(problem: ConnectionProblem): void;
  /** After every complete setup (first connect and each reconnect). */
  ready?(): void;
}

interface Pending {
  readonly method: string;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  timer: unknown;
}

interface Queued {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  /** Setup calls may go before `open`; others wait for the setup to finish. */
  readonly setup: boolean;
  readonly generation: number;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short, safe rendering of a server frame for problem messages. */
function preview(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}

export class DeribitConnection {
  private readonly clock: LiveClock;
  private readonly random: RandomSource;
  private readonly backoff: BackoffOptions;
  private readonly pacer: RequestPacer;
  private readonly heartbeatIntervalS: number;
  private readonly silenceTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly rateLimitWaitMs: number;
  private readonly maintenanceWaitMs: number;
  private readonly maxChannels: number;

  private socket: LiveSocket | null = null;
  /** Incremented per socket: callbacks of an old socket are ignored. */
  private generation = 0;
  private socketOpen = false;
  private ready = false;
  private wanted = false;
  private stateValue: ConnectionState = 'idle';
  private attempt = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Queued[] = [];
  private queueTimer: unknown = null;
  private reconnectTimer: unknown = null;
  private silenceTimer: unknown = null;
  private lastMessageMs = 0;
  /** Set by a server error or close that decides the next wait (rate limit, maintenance). */
  private downReason: { reason: DisconnectReason; detail: string; minWaitMs: number } | null = null;
  private lastDown: { reason: DisconnectReason; detail: string } | null = null;
  private readonly desired = new Set<string>();
  private readonly subscribed = new Set<string>();
  private readonly steps: SetupStep[] = [];
  private readonly listeners = new Set<ConnectionListeners>();

  constructor(readonly options: ConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.pacer = new RequestPacer(options.limits ?? DERIBIT_LIMITS, this.clock);
    this.heartbeatIntervalS = Math.max(10, options.heartbeatIntervalS ?? 10);
    this.silenceTimeoutMs = options.silenceTimeoutMs ?? this.heartbeatIntervalS * 3_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.rateLimitWaitMs = options.rateLimitWaitMs ?? 10_000;
    this.maintenanceWaitMs = options.maintenanceWaitMs ?? 60_000;
    this.maxChannels = Math.min(500, Math.max(1, options.maxChannelsPerSubscribe ?? 500));
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get url(): string {
    return this.options.url;
  }

  /** True once a setup completed on the current socket. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Channels the server confirmed on the current link. */
  get subscribedChannels(): readonly string[] {
    return [...this.subscribed];
  }

  listen(l: ConnectionListeners): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Register a setup step (run on every open, in registration order). Returns its removal. */
  addSetupStep(step: SetupStep): () => void {
    this.steps.push(step);
    return () => {
      const i = this.steps.indexOf(step);
      if (i >= 0) this.steps.splice(i, 1);
    };
  }

  /** Open the link (and keep it open: reconnect until `close`). No-op when already wanted. */
  connect(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    this.open();
  }

  /** Close for good: pending and queued requests reject with ConnectionLostError; no reconnect. */
  close(): void {
    this.wanted = false;
    this.clearTimer('reconnectTimer');
    this.teardown(1000, 'closed by the client');
    this.failQueue(new ConnectionLostError('the connection was closed'), () => true);
    this.setState({ state: 'closed' });
  }

  /**
   * Call a method. Waits for the link's setup to finish (and for pacing tokens); rejects with RpcError on an error
   * answer, ConnectionLostError when the link ends first, RequestTimeoutError when unanswered.
   */
  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.enqueue(method, params, false) as Promise<T>;
  }

  /** Add channels to the desired set; when the link is ready, subscribe them now (batches of ≤ 500). */
  async subscribe(channels: readonly string[]): Promise<string[]> {
    const fresh = channels.filter((c) => !this.desired.has(c));
    for (const c of fresh) this.desired.add(c);
    if (!this.ready || fresh.length === 0) return [];
    return await this.sendSubscribe(fresh, false);
  }

  /** Remove channels from the desired set and unsubscribe them on a ready link. */
  async unsubscribe(channels: readonly string[]): Promise<void> {
    const gone = channels.filter((c) => this.desired.delete(c));
    if (!this.ready || gone.length === 0) return;
    for (let i = 0; i < gone.length; i += this.maxChannels) {
      const batch = gone.slice(i, i + this.maxChannels);
      const removed = await this.call<unknown>('public/unsubscribe', { channels: batch });
      if (Array.isArray(removed)) for (const c of removed) if (typeof c === 'string') this.subscribed.delete(c);
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  private emitStatus(status: ConnectionStatus): void {
    for (const l of this.listeners) l.status?.(status);
  }

  private problem(kind: ProblemKind, message: string): void {
    const p = { kind, message, atMs: this.clock.now() };
    for (const l of this.listeners) l.problem?.(p);
  }

  private setState(s: Omit<ConnectionStatus, 'url' | 'attempt' | 'atMs'> & { attempt?: number }): void {
    this.stateValue = s.state;
    this.emitStatus({ url: this.options.url, attempt: this.attempt, atMs: this.clock.now(), ...s });
  }

  private clearTimer(name: 'reconnectTimer' | 'silenceTimer' | 'queueTimer'): void {
    if (this[name] !== null) this.clock.clearTimeout(this[name]);
    this[name] = null;
  }

  private open(): void {
    this.generation += 1;
    const gen = this.generation;
    this.socketOpen = false;
    this.ready = false;
    this.downReason = null;
    this.subscribed.clear();
    this.setState(
      this.attempt === 0
        ? { state: 'connecting' }
        : { state: 'reconnecting', reason: this.lastDown?.reason, detail: this.lastDown?.detail },
    );
    let socket: LiveSocket;
    try {
      socket = this.options.socketFactory(this.options.url, {
        open: () => {
          if (gen === this.generation) this.onOpen();
        },
        message: (text) => {
          if (gen === this.generation) this.onMessage(text);
        },
        close: (code, reason) => {
          if (gen === this.generation) this.onClose(code, reason);
        },
        error: (message) => {
          if (gen === this.generation && !this.downReason) {
            this.downReason = { reason: this.socketOpen ? 'dropped' : 'unreachable', detail: message, minWaitMs: 0 };
          }
        },
      });
    } catch (e) {
      this.downReason = { reason: 'unreachable', detail: e instanceof Error ? e.message : String(e), minWaitMs: 0 };
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
  }

  private onOpen(): void {
    this.socketOpen = true;
    this.lastMessageMs = this.clock.now();
    this.armSilenceWatch();
    const gen = this.generation;
    void this.runSetup(gen);
  }

  private async runSetup(gen: number): Promise<void> {
    const setupCall: RpcCall = (method, params = {}) => this.enqueue(method, params, true) as never;
    try {
      await setupCall('public/set_heartbeat', { interval: this.heartbeatIntervalS });
      for (const step of [...this.steps]) {
        if (gen !== this.generation) return;
        await step(setupCall);
      }
      if (gen !== this.generation) return;
      if (this.desired.size > 0) await this.sendSubscribe([...this.desired], true);
      if (gen !== this.generation) return;
    } catch (e) {
      if (gen !== this.generation) return;
      if (!this.downReason) {
        this.downReason = { reason: 'setup-failed', detail: e instanceof Error ? e.message : String(e), minWaitMs: 0 };
      }
      this.teardown(4001, 'setup failed');
      this.scheduleReconnect();
      return;
    }
    this.ready = true;
    this.attempt = 0;
    this.setState({ state: 'open' });
    this.pumpQueue();
    for (const l of this.listeners) l.ready?.();
  }

  private async sendSubscribe(channels: readonly string[], setup: boolean): Promise<string[]> {
    const confirmed: string[] = [];
    for (let i = 0; i < channels.length; i += this.maxChannels) {
      const batch = channels.slice(i, i + this.maxChannels);
      const result = await this.enqueue('public/subscribe', { channels: batch }, setup);
      const got = Array.isArray(result) ? result.filter((c): c is string => typeof c === 'string') : [];
      for (const c of got) {
        this.subscribed.add(c);
        confirmed.push(c);
      }
      const refused = batch.filter((c) => !got.includes(c));
      if (refused.length > 0) {
        const shown = refused.slice(0, 5).join(', ');
        this.problem(
          'subscription-refused',
          `Deribit did not subscribe ${refused.length} channel(s): ${shown}${refused.length > 5 ? ` and ${refused.length - 5} more` : ''}`,
        );
      }
    }
    return confirmed;
  }

  private enqueue(method: string, params: Record<string, unknown>, setup: boolean): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!this.wanted) {
        reject(new ConnectionLostError(`${method}: the connection is not open`));
        return;
      }
      this.queue.push({ method, params, resolve, reject, setup, generation: setup ? this.generation : -1 });
      this.pumpQueue();
    });
  }

  private pumpQueue(): void {
    this.clearTimer('queueTimer');
    if (!this.socketOpen) return;
    while (this.queue.length > 0) {
      const idx = this.queue.findIndex((q) => (q.setup ? q.generation === this.generation : this.ready));
      if (idx < 0) return;
      const item = this.queue[idx]!;
      const wait = this.pacer.waitMs(item.method);
      if (wait > 0) {
        this.queueTimer = this.clock.setTimeout(() => {
          this.queueTimer = null;
          this.pumpQueue();
        }, wait);
        return;
      }
      this.queue.splice(idx, 1);
      this.pacer.take(item.method);
      this.send(item);
    }
  }

  private send(item: Queued): void {
    const id = this.nextId++;
    const pending: Pending = { method: item.method, resolve: item.resolve, reject: item.reject, timer: null };
    pending.timer = this.clock.setTimeout(() => {
      if (this.pending.delete(id)) {
        item.reject(new RequestTimeoutError(`${item.method}: no answer within ${Math.round(this.requestTimeoutMs / 1000)} s`));
      }
    }, this.requestTimeoutMs);
    this.pending.set(id, pending);
    try {
      this.socket?.send(JSON.stringify({ jsonrpc: '2.0', id, method: item.method, params: item.params }));
    } catch (e) {
      this.pending.delete(id);
      this.clock.clearTimeout(pending.timer);
      item.reject(new ConnectionLostError(`${item.method}: could not send (${e instanceof Error ? e.message : String(e)})`));
    }
  }

  /** Heartbeat answers skip the queue: the server closes the link if they are late. */
  private sendDirect(method: string, params: Record<string, unknown>): void {
    const id = this.nextId++;
    this.pending.set(id, { method, resolve: () => undefined, reject: () => undefined, timer: null });
    this.pacer.take(method);
    try {
      this.socket?.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    } catch {
      this.pending.delete(id);
    }
  }

  private armSilenceWatch(): void {
    this.clearTimer('silenceTimer');
    const check = () => {
      this.silenceTimer = null;
      if (!this.socketOpen) return;
      const quietMs = this.clock.now() - this.lastMessageMs;
      if (quietMs >= this.silenceTimeoutMs) {
        this.downReason = { reason: 'silent', detail: `no message for ${Math.round(quietMs / 1000)} s`, minWaitMs: 0 };
        this.teardown(4002, 'silent');
        this.scheduleReconnect();
        return;
      }
      this.silenceTimer = this.clock.setTimeout(check, Math.max(50, this.silenceTimeoutMs - quietMs));
    };
    this.silenceTimer = this.clock.setTimeout(check, this.silenceTimeoutMs);
  }

  private onMessage(text: string): void {
    this.lastMessageMs = this.clock.now();
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.problem('malformed', `a message that is not JSON was ignored: ${preview(text)}`);
      return;
    }
    if (!isObject(msg)) {
      this.problem('malformed', `a message that is not a JSON object was ignored: ${preview(text)}`);
      return;
    }
    if (msg.method === 'subscription') {
      const params = msg.params;
      if (!isObject(params) || typeof params.channel !== 'string' || !('data' in params)) {
        this.problem('malformed', `a subscription message without channel or data was ignored: ${preview(text)}`);
        return;
      }
      for (const l of this.listeners) l.notification?.(params.channel, params.data);
      return;
    }
    if (msg.method === 'heartbeat') {
      if (isObject(msg.params) && msg.params.type === 'test_request') this.sendDirect('public/test', {});
      return;
    }
    const error = isObject(msg.error) ? msg.error : null;
    const code = error && typeof error.code === 'number' ? error.code : null;
    const serverMessage = error ? (typeof error.message === 'string' ? error.message : 'error') : '';
    if (code === DERIBIT_ERRORS.tooManyRequests) {
      this.downReason = { reason: 'rate-limited', detail: `${serverMessage} (10028)`, minWaitMs: this.rateLimitWaitMs };
    } else if (code === DERIBIT_ERRORS.systemMaintenance) {
      this.downReason = { reason: 'maintenance', detail: `${serverMessage} (11051)`, minWaitMs: this.maintenanceWaitMs };
    } else if (serverMessage.includes('connection_too_slow')) {
      this.downReason = { reason: 'too-slow', detail: serverMessage, minWaitMs: 0 };
    }
    const id = typeof msg.id === 'number' ? msg.id : null;
    if (id !== null) {
      const p = this.pending.get(id);
      if (!p) {
        this.problem('unexpected-response', `an answer to no pending request (id ${id}) was ignored`);
      } else {
        this.pending.delete(id);
        if (p.timer !== null) this.clock.clearTimeout(p.timer);
        if (error) {
          const data = error.data;
          const reason = isObject(data) && typeof data.reason === 'string' ? data.reason : typeof data === 'string' ? data : undefined;
          p.reject(new RpcError(p.method, code ?? 0, serverMessage, reason));
        } else if (!('result' in msg)) {
          p.reject(new RpcError(p.method, 0, 'answer without result or error'));
        } else p.resolve(msg.result);
      }
    } else if (error) {
      if (code !== DERIBIT_ERRORS.tooManyRequests && code !== DERIBIT_ERRORS.systemMaintenance) {
        this.problem('server-error', `Deribit reported ${serverMessage}${code !== null ? ` (${code})` : ''}`);
      }
    } else if (!('result' in msg)) {
      this.problem('malformed', `a message of unknown shape was ignored: ${preview(text)}`);
    }
    // Deribit ends the session after 10028 and during maintenance: do not wait for it to close the socket.
    if (this.downReason && (this.downReason.reason === 'rate-limited' || this.downReason.reason === 'maintenance')) {
      this.teardown(4003, this.downReason.reason);
      this.scheduleReconnect();
    }
  }

  private onClose(code: number, reason: string): void {
    if (!this.downReason) {
      const detail = `closed (${code}${reason ? ` ${reason}` : ''})`;
      if (reason.includes('connection_too_slow')) this.downReason = { reason: 'too-slow', detail, minWaitMs: 0 };
      else if (code === 4000 || /heartbeat/i.test(reason)) this.downReason = { reason: 'heartbeat', detail, minWaitMs: 0 };
      else this.downReason = { reason: this.socketOpen ? 'dropped' : 'unreachable', detail, minWaitMs: 0 };
    }
    this.teardown(null, '');
    if (this.wanted) this.scheduleReconnect();
  }

  /** Drop the current socket (closing it when `code` is given) and fail what was in flight on it. */
  private teardown(code: number | null, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.socketOpen = false;
    this.ready = false;
    this.generation += 1;
    this.clearTimer('silenceTimer');
    this.clearTimer('queueTimer');
    if (socket && code !== null) {
      try {
        socket.close(code, reason);
      } catch {
        // already closed
      }
    }
    const lost = new ConnectionLostError(`the connection ended (${this.downReason?.reason ?? 'closed'})`);
    for (const [, p] of this.pending) {
      if (p.timer !== null) this.clock.clearTimeout(p.timer);
      p.reject(lost);
    }
    this.pending.clear();
    // Setup calls belong to the socket that ended; ordinary calls wait for the next link.
    this.failQueue(lost, (q) => q.setup);
  }

  private failQueue(error: Error, which: (q: Queued) => boolean): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const q = this.queue[i]!;
      if (which(q)) {
        this.queue.splice(i, 1);
        q.reject(error);
      }
    }
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.reconnectTimer !== null) return;
    const down = this.downReason ?? { reason: 'dropped' as const, detail: '', minWaitMs: 0 };
    if (this.attempt + 1 >= (this.options.maxAttempts ?? Number.POSITIVE_INFINITY)) {
      this.wanted = false;
      this.attempt += 1;
      const failure = `${down.reason}${down.detail ? `: ${down.detail}` : ''}`;
      this.failQueue(new ConnectionLostError(`could not connect to ${this.options.url} (${failure})`), () => true);
      this.setState({ state: 'failed', reason: down.reason, detail: down.detail });
      return;
    }
    const jittered = backoffDelayMs(this.attempt, this.random(), this.backoff);
    const delay = down.minWaitMs > 0 ? Math.max(jittered, down.minWaitMs + Math.round(this.random() * 1000)) : jittered;
    this.attempt += 1;
    this.lastDown = { reason: down.reason, detail: down.detail };
    this.setState({ state: 'reconnecting', reason: down.reason, detail: down.detail, retryInMs: delay });
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      if (this.wanted) this.open();
    }, delay);
  }
}
