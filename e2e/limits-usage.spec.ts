import { expect, test } from './support/test.ts';
import { AnalysisPage } from './pages/AnalysisPage.ts';

/** Usage next to 100 %: a breach and a warning must never read the same. */
test('limits: a breach at 100.14 % reads "100.1 %" and a warning at 99.99 % reads "99.99 %"', async ({ app, page }) => {
  const an = new AnalysisPage(app);
  await app.goto();
  await an.open('limits');
  await an.waitFor('limits');
  const vega = Math.abs(await app.metricValue('vega-usd'));
  const varUsd = Number(await an.testId('limits-var-usd').getAttribute('data-value'));
  // Limits that put the figures at 100.14 % and 99.99 % of them (6 decimals keep the ratios to ~1e-9).
  await an.setLimit('limit-input-vegaUsd', Number((vega / 1.0014).toFixed(6)));
  await an.setLimit('limit-input-varUsd', Number((varUsd / 0.9999).toFixed(6)));
  await an.waitFor('limits');
  const check = (key: string) => page.locator(`[data-testid="limit-check"][data-key="${key}"]`);
  await expect(check('vegaUsd')).toHaveAttribute('data-status', 'breach');
  await expect(check('vegaUsd').getByTestId('limit-used')).toHaveText('100.1 %');
  await expect(check('varUsd')).toHaveAttribute('data-status', 'warn');
  await expect(check('varUsd').getByTestId('limit-used')).toHaveText('99.99 %');
  // The tooltip on the summary card says the same.
  await expect(page.getByTestId('summary-card-vega')).toHaveAttribute('title', /LIMIT BREACHED: .*, 100\.1 % used/);
  await app.screenshot('limits-usage-near-100');
});
