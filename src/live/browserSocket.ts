/**
 * LiveSocketFactory on the platform's WebSocket (a Web Worker or a page). Typed against a minimal interface so this
 * module needs no DOM types.
 */
import type { LiveSocketFactory } from './transport.ts';

interface MinimalWebSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
}

type WebSocketCtor = new (url: string) => MinimalWebSocket;

export const browserSocketFactory: LiveSocketFactory = (url, handlers) => {
  const Ctor = (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
  if (!Ctor) throw new Error('this environment has no WebSocket');
  const ws = new Ctor(url);
  ws.onopen = () => handlers.open();
  ws.onmessage = (ev) => {
    if (typeof ev.data === 'string') handlers.message(ev.data);
  };
  ws.onerror = () => handlers.error('the WebSocket reported an error');
  ws.onclose = (ev) => handlers.close(ev.code, ev.reason);
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code !== undefined && code >= 4000 && code <= 4999 ? code : 1000, reason),
  };
};
