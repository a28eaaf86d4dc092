import { expect, test } from './support/test.ts';
import { applyMarketOverrides } from '../src/worker/marketOverrides.ts';
import { defaultBook, defaultMarket, report } from './support/engine.ts';

test('the Market tab shows the snapshot and a hand spot override revalues the book', async ({ app, page }) => {
  await app.goto();
  await page.getByTestId('tab-market').click();
  await expect(page.locator('.market-ul')).toHaveCount(2);
  await app.screenshot('market-tab');

  await page.getByLabel('BTC spot override (USD)').fill('80000');
  await page.getByLabel('BTC spot override (USD)').blur();
  const expected = report(defaultBook(), applyMarketOverrides(defaultMarket(), { spot: { BTC: 80000 }, volPts: {} }), {});
  await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
  await expect(page.getByTestId('market-info')).toContainText('overrides');

  await page.getByRole('button', { name: 'Clear overrides' }).click();
  await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(report(defaultBook(), defaultMarket(), {}).totalValueUsd, 6);
});
