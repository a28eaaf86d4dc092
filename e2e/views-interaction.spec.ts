import { expect, test } from './support/test.ts';
import { defaultBook, defaultMarket, report } from './support/engine.ts';
import { VIEW_METHOD, ViewsPage, type RiskViewId } from './pages/ViewsPage.ts';

test('dragging a what-if slider changes the heatmap, and cells stay the engine’s numbers', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('heatmap');
  const before = await views.heatmapPnls();

  // The BTC heatmap takes ETH's move from the what-if: drag the ETH slider four steps (+2 %).
  const slider = page.getByLabel('ETH spot slider (%)');
  await slider.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('scenario-spot-ETH')).toHaveValue('2');
  await views.waitFor('heatmap');
  await expect.poll(async () => (await views.heatmapPnls()).some((p, i) => Math.abs(p - before[i]!) > 1)).toBe(true);
  const expected = report(defaultBook(), defaultMarket(), { spot: { BTC: -0.1, ETH: 0.02 }, vol: 0.05 }).scenario!.pnlUsd;
  await expect.poll(() => views.pnlOf(views.heatmapCell(-10, 5))).toBeCloseTo(expected, 4);

  // The days slider moves the spot × vol grid too (days come from the what-if there).
  const beforeDays = await views.pnlOf(views.heatmapCell(0, 0));
  const days = page.getByLabel('Days forward slider (days)');
  await days.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('scenario-days')).toHaveValue('3');
  await views.waitFor('heatmap');
  await expect.poll(() => views.pnlOf(views.heatmapCell(0, 0))).not.toBeCloseTo(beforeDays, 0);
  const withDays = report(defaultBook(), defaultMarket(), { spot: { BTC: 0, ETH: 0.02 }, vol: 0, days: 3 }).scenario!.pnlUsd;
  expect(await views.pnlOf(views.heatmapCell(0, 0))).toBeCloseTo(withDays, 4);
  await app.screenshot('views-heatmap-after-drag');
});

test('clicking a heatmap cell makes it the what-if: inputs show its values and the scenario P&L equals the cell', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('heatmap');

  const cell = views.heatmapCell(-15, 10);
  const pnl = await views.pnlOf(cell);
  await cell.click();
  await expect(page.getByTestId('scenario-spot-BTC')).toHaveValue('-15');
  await expect(page.getByTestId('scenario-vol')).toHaveValue('10');
  await app.waitForFigures();
  await expect.poll(() => app.metricValue('scenario-pnl-usd')).toBeCloseTo(pnl, 4);
  await views.waitFor('heatmap');
  await expect(views.heatmapCell(-15, 10)).toHaveAttribute('data-current', 'true');
  expect(await views.pnlOf(views.heatmapCell(-15, 10))).toBeCloseTo(pnl, 6);
  await app.screenshot('views-heatmap-clicked');

  // A spot × days cell sets the spot and the days (vol stays at 10).
  const dcell = views.daysCell(10, 7);
  const dpnl = await views.pnlOf(dcell);
  await dcell.click();
  await expect(page.getByTestId('scenario-spot-BTC')).toHaveValue('10');
  await expect(page.getByTestId('scenario-days')).toHaveValue('7');
  await expect(page.getByTestId('scenario-vol')).toHaveValue('10');
  await expect.poll(() => app.metricValue('scenario-pnl-usd')).toBeCloseTo(dpnl, 4);
  const direct = report(defaultBook(), defaultMarket(), { spot: { BTC: 0.1 }, vol: 0.1, days: 7 }).scenario!.pnlUsd;
  expect(dpnl).toBeCloseTo(direct, 4);

  // All underlyings together: a click moves every underlying.
  await views.setHeatmapTarget('ALL');
  await views.waitFor('heatmap');
  const all = views.heatmapCell(-20, -5);
  const allPnl = await views.pnlOf(all);
  expect(allPnl).toBeCloseTo(
    report(defaultBook(), defaultMarket(), { spot: { BTC: -0.2, ETH: -0.2 }, vol: -0.05, days: 7 }).scenario!.pnlUsd,
    4,
  );
  await all.click();
  await expect(page.getByTestId('scenario-spot-BTC')).toHaveValue('-20');
  await expect(page.getByTestId('scenario-spot-ETH')).toHaveValue('-20');
  await expect(page.getByTestId('scenario-vol')).toHaveValue('-5');
  await expect.poll(() => app.metricValue('scenario-pnl-usd')).toBeCloseTo(allPnl, 4);
  await app.screenshot('views-heatmap-all');
});

test('heatmap ranges are configurable', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  await views.open('heatmap');
  await views.setAxis('heatmap-spot', -10, 10, 2.5);
  await views.setAxis('heatmap-vol', -10, 10, 10);
  await page.getByTestId('heatmap-days').fill('0, 2, 60');
  await page.getByTestId('heatmap-days').press('Enter');
  await views.waitFor('heatmap');
  await expect(views.heatmapCells()).toHaveCount(9 * 3);
  await expect(views.daysCells()).toHaveCount(9 * 3);
  const pnl = report(defaultBook(), defaultMarket(), { spot: { BTC: 0.075 }, vol: -0.1 }).scenario!.pnlUsd;
  expect(await views.pnlOf(views.heatmapCell(7.5, -10))).toBeCloseTo(pnl, 4);
  const d60 = report(defaultBook(), defaultMarket(), { spot: { BTC: -0.025 }, days: 60 }).scenario!.pnlUsd;
  expect(await views.pnlOf(views.daysCell(-2.5, 60))).toBeCloseTo(d60, 4);
  // A step that would make hundreds of columns is refused with a message; the last valid grid stays
  // (−50 … +50 by 2.5: the inputs apply one by one).
  await views.setAxis('heatmap-spot', -50, 50, 0.1);
  await expect(page.locator('.view-errors')).toContainText('at most');
  await expect(views.heatmapCells()).toHaveCount(41 * 3);
});

test('performance: the page’s own marks per view for a slider drag (reported, not asserted)', async ({ app, page }) => {
  await app.goto();
  const views = new ViewsPage(app);
  const lines: string[] = [];
  for (const view of ['heatmap', 'greeks', 'spot-ladder', 'payoff', 'surface'] as RiskViewId[]) {
    await views.open(view);
    await views.clearMeasures();
    const slider = page.getByLabel('BTC spot slider (%)');
    await slider.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    await app.waitForFigures();
    await views.waitFor(view);
    const method = VIEW_METHOD[view];
    const ms = await views.measures(method);
    const report = await views.measures('report');
    const worker = await views.computeMs(view);
    const fmt = (xs: number[]) =>
      xs.length === 0 ? '—' : `${xs.length} results, median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
    const line = `${view}: riskdeck:${method} ${fmt(ms)}; last worker compute ${worker.toFixed(1)} ms; riskdeck:report ${fmt(report)}`;
    lines.push(line);
    test.info().annotations.push({ type: `${view} (10-step drag)`, description: line });
    await page.getByRole('button', { name: 'Reset' }).click();
    await app.waitForFigures();
  }
  console.log(`views performance marks (slider drag):\n  ${lines.join('\n  ')}`);
});

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
