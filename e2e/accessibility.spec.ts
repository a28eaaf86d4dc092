import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/test.ts';

/**
 * Automated accessibility check (axe-core, WCAG 2 A/AA rules) of every view with the default book: no serious or
 * critical violation. Plus keyboard reachability of the main controls.
 */
test('no serious or critical axe violations on any view', async ({ app, page }) => {
  // axe walks the whole DOM of every tab (the grid alone is thousands of nodes): give it time on a loaded machine.
  test.setTimeout(300_000);
  await app.goto();
  const tabs = await page.locator('[data-testid^="tab-"]').all();
  const report: string[] = [];
  for (const tab of tabs) {
    const name = (await tab.getAttribute('data-testid')) ?? '?';
    await tab.click();
    await expect(page.locator('.view-loading')).toHaveCount(0);
    await page.waitForTimeout(300); // let charts settle
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of results.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        report.push(
          `${name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.length}×: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')})`,
        );
      }
    }
  }
  expect(report, report.join('\n')).toEqual([]);
});

test('keyboard: tabs, what-if inputs and file buttons are reachable and operable without a mouse', async ({ app, page }) => {
  await app.goto();
  const firstTab = page.locator('[data-testid^="tab-"]').first();
  await firstTab.focus();
  await expect(firstTab).toBeFocused();
  // Arrow/Tab through the tab list and activate the second tab with the keyboard.
  await page.keyboard.press('Tab');
  const second = page.locator('[data-testid^="tab-"]').nth(1);
  await second.focus();
  await page.keyboard.press('Enter');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  // What-if inputs accept typed values.
  const vol = page.getByTestId('scenario-vol');
  await vol.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('5');
  await page.keyboard.press('Tab');
  await expect(vol).toHaveValue('5');
  await expect.poll(() => app.metricValue('scenario-pnl-usd')).not.toBe(0);
  // The download button works from the keyboard.
  const download = page.getByTestId('download-portfolio-csv');
  await download.focus();
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
});
