import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report } from './support/engine.ts';

test('first load shows the default book on the embedded market, with no console errors and no foreign requests', async ({
  app,
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(`${origin}/`) && !req.url().startsWith('blob:') && !req.url().startsWith('data:')) foreign.push(req.url());
  });
  await app.goto();

  const book = defaultBook();
  const expected = report(book, defaultMarket(), {});
  await expect.poll(() => app.rowCount()).toBe(book.positions.length);
  expect(await app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
  for (const ul of ['BTC', 'ETH']) {
    const agg = expected.byUnderlying[ul]!;
    expect(await app.metricValue(`delta-${ul}`)).toBeCloseTo(agg.delta, 9);
    expect(await app.metricValue(`delta-usd-${ul}`)).toBeCloseTo(agg.deltaUsd, 6);
    expect(await app.metricValue(`gamma-${ul}`)).toBeCloseTo(agg.gamma, 12);
  }
  const vega = Object.values(expected.byUnderlying).reduce((s, a) => s + a.vega, 0);
  expect(await app.metricValue('vega-usd')).toBeCloseTo(vega, 6);
  expect(await app.metricValue('scenario-pnl-usd')).toBe(0);
  await expect(page.getByTestId('market-time')).toHaveText('2026-08-22 03:50 UTC');
  await expect(app.importReport()).toBeVisible();

  await app.screenshot('first-load');
  expect(foreign).toEqual([]);
});
