/**
 * What the live connection needs from its environment, injected so that the same code runs in a Web Worker (the
 * browser's WebSocket), in Node for the CLI (the `ws` package) and in unit tests (an in-memory socket and a manual
 * clock). Nothing here touches the DOM or Node.
 */

/** Deribit's JSON-RPC WebSocket endpoints. */
export const DERIBIT_PRODUCTION_URL = 'wss://www.deribit.com/ws/api/v2';
export const DERIBIT_TESTNET_URL = 'wss://test.deribit.com/ws/api/v2';

/** The endpoint for a configuration: an explicit URL wins, then testnet, else production. */
export function deribitUrl(options: { readonly url?: string | null; readonly testnet?: boolean }): string {
  if (options.url) return options.url;
  return options.testnet ? DERIBIT_TESTNET_URL : DERIBIT_PRODUCTION_URL;
}

/** An open (or opening) text WebSocket. */
export interface LiveSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** Callbacks a socket factory wires to its socket. Each is called at most as the socket's own events occur. */
export interface LiveSocketHandlers {
  open(): void;
  message(text: string): void;
  /** The socket is gone (after an error too); `code` 1006 when no close frame arrived. */
  close(code: number, reason: string): void;
  error(message: string): void;
}

/** Opens a socket to `url`; must not throw synchronously for an unreachable host (report it through `close`). */
export type LiveSocketFactory = (url: string, handlers: LiveSocketHandlers) => LiveSocket;

/** Time source and timers (injectable so reconnect and heartbeat logic is tested without waiting). */
export interface LiveClock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: LiveClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

/** Uniform random number in [0, 1) (injectable for jitter tests). */
export type RandomSource = () => number;
