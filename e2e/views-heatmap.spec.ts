import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report } from './support/engine.ts';
import { ViewsPage } from './pages/ViewsPage.ts';

test('the exposure heatmaps render for the default book and each cell is the engine’s scenario P&L', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('heatmap');

  // Default grid: spot −30 … +30 % by 5 (13 columns) × vol −20 … +20 pts by 5 (9 rows); days 0 1 3 7 14 30.
  await expect(views.heatmapCells()).toHaveCount(13 * 9);
  await expect(views.daysCells()).toHaveCount(13 * 6);
  await expect(page.locator('[data-testid="heatmap-cell"][data-worst="true"]')).toHaveCount(1);
  await expect(views.heatmapCell(0, 0)).toHaveAttribute('data-current', 'true');

  // A cell equals computeReport's scenario P&L for that shock (BTC moved, other underlyings at the what-if: 0).
  const market = defaultMarket();
  const book = defaultBook();
  for (const [spot, vol] of [
    [-20, 10],
    [15, -5],
    [0, 0],
    [30, 20],
  ] as const) {
    const expected = report(book, market, { spot: { BTC: spot / 100 }, vol: vol / 100 }).scenario!.pnlUsd;
    expect(await views.pnlOf(views.heatmapCell(spot, vol))).toBeCloseTo(expected, 4);
  }
  const days7 = report(book, market, { spot: { BTC: -0.1 }, days: 7 }).scenario!.pnlUsd;
  expect(await views.pnlOf(views.daysCell(-10, 7))).toBeCloseTo(days7, 4);

  // The worst cell is the minimum of the grid.
  const pnls = await views.heatmapPnls();
  const worst = await views.pnlOf(page.locator('[data-testid="heatmap-cell"][data-worst="true"]'));
  expect(worst).toBe(Math.min(...pnls));

  // Tooltip with the Greeks at that point.
  await views.heatmapCell(-10, 5).hover();
  const tip = page.getByTestId('heatmap-tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('Delta');
  await expect(tip).toContainText('Gamma');
  await expect(tip).toContainText('Vega');
  await expect(tip).toContainText('Theta');
  await app.screenshot('views-heatmap');
  await page.mouse.move(5, 5);
});
