import { test, expect } from './support/test.ts';
import { cspOf } from '../scripts/bundleCheck.ts';

test('the built page carries the CSP, runs no inline script and requests nothing outside its origin', async ({ app, page, baseURL }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['http:', 'https:'].includes(url.protocol)) return; // data:, blob: stay in the page
    if (url.origin !== new URL(baseURL!).origin) foreign.push(r.url());
  });
  const response = await page.request.get('/');
  const html = await response.text();
  // The meta tag may span lines (the source index.html is formatted): read it with the bundle check's parser.
  const csp = cspOf(html) ?? '';
  expect(csp).toContain("default-src 'self'");
  // Connections: the page's origin and Deribit's WebSocket origins (used only once Live is switched on).
  expect(csp).toMatch(/connect-src 'self' wss:\/\/www\.deribit\.com wss:\/\/test\.deribit\.com( ws:\/\/127\.0\.0\.1:(\d+|\*))*;/);
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // Every <script> element has a src: nothing inline.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\bsrc=/);
    expect(body!.trim()).toBe('');
  }
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await app.goto();
  // Open every tab so lazily loaded views also show their requests.
  for (const tab of await page.locator('[data-testid^="tab-"]').all()) await tab.click();
  expect(foreign).toEqual([]);
  expect(sockets).toEqual([]); // Live is off: no connection at all
});

test('a second load works with the network off (service worker precache)', async ({ app, page, context }) => {
  await app.goto();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The worker installs with every asset precached; wait until it controls the page.
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  try {
    await page.reload();
    await app.waitForBook();
    expect(await app.rowCount()).toBeGreaterThan(0);
    expect(await app.metricValue('value-usd')).toBeGreaterThan(0);
    // A lazily loaded view that was never opened online still loads from the precache.
    const tabs = await page.locator('[data-testid^="tab-"]').all();
    await tabs[tabs.length - 1]!.click();
    await expect(page.locator('.view')).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});
