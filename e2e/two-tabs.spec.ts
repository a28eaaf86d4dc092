import { test, expect } from './support/test.ts';
import { RiskdeckPage } from './pages/RiskdeckPage.ts';

/** Two tabs on the same book (issue 8): neither overwrites the other's autosave silently. */
test('a second tab that saves pauses the first tab’s autosave until the user chooses', async ({ app, page, context }) => {
  await app.goto();
  // Tab 1 has written its session (a first visit saves the sample book) before tab 2 opens and reads it.
  await app.waitForSaved();
  const other = new RiskdeckPage(await context.newPage());
  await other.goto();
  // Tab 2 edits (a what-if move is part of the saved session) and autosaves.
  await other.setSpot('BTC', -7);
  await expect(other.page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');
  // Tab 1 is told, and stops autosaving.
  await expect(page.getByTestId('notice-other-tab')).toBeVisible();
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'paused');
  // Keeping tab 1's version writes it; tab 2 is then told in turn.
  await page.getByTestId('notice-action-keep-this-tab').click();
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');
  await expect(other.page.getByTestId('notice-other-tab')).toBeVisible();
  // Loading the other version in tab 2 reloads it with tab 1's session (no BTC move).
  await other.page.getByTestId('notice-action-reload').click();
  await other.waitForBook();
  await expect(other.page.getByTestId('scenario-spot-BTC')).toHaveValue('0');
  expect(other.unexpectedConsoleErrors()).toEqual([]);
});
