/**
 * Vite plugin: the page's Content-Security-Policy `connect-src` as built.
 *
 * index.html allows `'self'` and Deribit's production and test WebSocket origins (wss://www.deribit.com,
 * wss://test.deribit.com) and nothing else. An e2e build may add the local mock server: set
 * `RISKDECK_CSP_CONNECT_EXTRA` at build time (in the environment, or in `.env.<mode>` for `vite build --mode e2e`)
 * to space-separated `ws://127.0.0.1:<port>` sources (`*` as the port allowed). Anything else fails the build, so a
 * production build can never widen the policy by accident.
 */
import type { Plugin } from 'vite';
import { loadEnv } from 'vite';

export const CONNECT_SRC = "connect-src 'self' wss://www.deribit.com wss://test.deribit.com";
const LOCAL_SOURCE = /^wss?:\/\/127\.0\.0\.1:(\d{1,5}|\*)$/;

/** The extra sources of `RISKDECK_CSP_CONNECT_EXTRA`, validated (throws on anything but 127.0.0.1 WebSockets). */
export function parseConnectExtra(value: string | undefined): string[] {
  const items = (value ?? '').split(/\s+/).filter(Boolean);
  for (const s of items) {
    if (!LOCAL_SOURCE.test(s))
      throw new Error(`RISKDECK_CSP_CONNECT_EXTRA: "${s}" is not ws://127.0.0.1:<port> (only the local mock may be added)`);
  }
  return items;
}

/** index.html with the extra sources appended to its connect-src (unchanged without extras). */
export function applyConnectExtra(html: string, extra: readonly string[]): string {
  if (!html.includes(CONNECT_SRC)) throw new Error(`index.html must carry exactly "${CONNECT_SRC}" in its CSP`);
  return extra.length === 0 ? html : html.replace(CONNECT_SRC, `${CONNECT_SRC} ${extra.join(' ')}`);
}

export function cspPlugin(): Plugin {
  let extra: string[] = [];
  return {
    name: 'riskdeck-csp',
    configResolved(config) {
      const env = loadEnv(config.mode, config.envDir || config.root, 'RISKDECK_');
      extra = parseConnectExtra(env.RISKDECK_CSP_CONNECT_EXTRA ?? process.env.RISKDECK_CSP_CONNECT_EXTRA);
    },
    transformIndexHtml(html) {
      return applyConnectExtra(html, extra);
    },
  };
}
