/**
 * LiveSocketFactory for Node (CLI, tests), on the `ws` package. Node-only: never imported by browser code.
 */
import WebSocket from 'ws';
import type { LiveSocketFactory } from './transport.ts';

export const nodeSocketFactory: LiveSocketFactory = (url, handlers) => {
  const ws = new WebSocket(url, { handshakeTimeout: 15_000 });
  let closed = false;
  ws.on('open', () => handlers.open());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    handlers.message(
      Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data).toString('utf8'),
    );
  });
  ws.on('error', (e) => handlers.error(e.message));
  ws.on('close', (code, reason) => {
    if (closed) return;
    closed = true;
    handlers.close(code, reason.toString('utf8'));
  });
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(code !== undefined && code >= 4000 ? code : 1000, reason);
    },
  };
};
