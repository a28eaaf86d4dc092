import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyConnectExtra, CONNECT_SRC, parseConnectExtra } from './cspPlugin.ts';

const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';

describe('Content-Security-Policy connect-src', () => {
  it("allows 'self' and Deribit's production and test WebSocket origins, nothing else", () => {
    const connect = csp
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.startsWith('connect-src'));
    expect(connect).toEqual([CONNECT_SRC]);
    expect(CONNECT_SRC.split(/\s+/).slice(1)).toEqual(["'self'", 'wss://www.deribit.com', 'wss://test.deribit.com']);
    expect(csp).toContain("default-src 'self'");
  });

  it('an e2e build may add the local mock only', () => {
    expect(applyConnectExtra(html, [])).toBe(html);
    const e2e = applyConnectExtra(html, parseConnectExtra('ws://127.0.0.1:* ws://127.0.0.1:4185'));
    expect(e2e).toContain(`${CONNECT_SRC} ws://127.0.0.1:* ws://127.0.0.1:4185;`);
    expect(parseConnectExtra(undefined)).toEqual([]);
    for (const bad of ['wss://evil.example', 'ws://localhost:1', '*', 'https://127.0.0.1:1', "'unsafe-inline'"]) {
      expect(() => parseConnectExtra(bad)).toThrow(/only the local mock/);
    }
  });
});
