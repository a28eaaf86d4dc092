/**
 * Test support for the live connection (used by unit tests only): a manual clock whose timers run when the test
 * advances time, and in-memory sockets that record what the client sent and let the test play the server.
 */
import type { LiveClock, LiveSocket, LiveSocketFactory, LiveSocketHandlers } from './transport.ts';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Let pending promise callbacks run (several rounds, since chains resolve one link per round). */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

export class ManualClock implements LiveClock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(startMs = 1_800_000_000_000) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Delays of the pending timers, from now (ms), sorted. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.t).sort((a, b) => a - b);
  }

  /** Move time forward, running every timer that falls due (in order), flushing promises after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await flush();
  }
}

export interface SentFrame {
  readonly id: number;
  readonly method: string;
  readonly params: Record<string, unknown>;
}

/** One in-memory socket: the test plays the server. */
export class FakeSocket implements LiveSocket {
  readonly sent: SentFrame[] = [];
  readonly rawSent: string[] = [];
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null;

  constructor(
    readonly url: string,
    private readonly handlers: LiveSocketHandlers,
    private readonly auto: ((req: SentFrame, socket: FakeSocket) => unknown) | null,
  ) {}

  send(text: string): void {
    this.rawSent.push(text);
    const f = JSON.parse(text) as SentFrame;
    this.sent.push(f);
    if (this.auto) {
      const result = this.auto(f, this);
      if (result !== undefined) queueMicrotask(() => this.reply(f.id, result));
    }
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
  }

  open(): void {
    this.handlers.open();
  }

  receive(msg: unknown): void {
    this.handlers.message(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  reply(id: number, result: unknown): void {
    this.receive({ jsonrpc: '2.0', id, result });
  }

  replyError(id: number, code: number, message: string): void {
    this.receive({ jsonrpc: '2.0', id, error: { code, message } });
  }

  serverClose(code = 1006, reason = ''): void {
    this.handlers.close(code, reason);
  }

  methods(): string[] {
    return this.sent.map((f) => f.method);
  }

  last(method: string): SentFrame | undefined {
    return [...this.sent].reverse().find((f) => f.method === method);
  }
}

/** A socket factory that records every socket; `auto` answers requests (return undefined to leave one open). */
export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];
  constructor(private readonly auto: ((req: SentFrame, socket: FakeSocket) => unknown) | null = defaultAuto) {}

  readonly factory: LiveSocketFactory = (url, handlers) => {
    const s = new FakeSocket(url, handlers, this.auto);
    this.sockets.push(s);
    return s;
  };

  get current(): FakeSocket {
    const s = this.sockets[this.sockets.length - 1];
    if (!s) throw new Error('no socket yet');
    return s;
  }
}

/** Answers set_heartbeat, test and subscribe (all channels) like Deribit; leaves the rest to the test. */
export function defaultAuto(req: SentFrame): unknown {
  if (req.method === 'public/set_heartbeat') return 'ok';
  if (req.method === 'public/test') return { version: '1.2.26' };
  if (req.method === 'public/subscribe' || req.method === 'public/unsubscribe') return req.params.channels;
  return undefined;
}

/** Wait (in real time, a few ms per round) until `cond` holds: for work that leaves the microtask queue (WebCrypto). */
export async function until(cond: () => boolean, what = 'condition', rounds = 500): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (cond()) return;
    await new Promise<void>((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}
