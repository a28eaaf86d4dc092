/**
 * The e2e `test` with an `app` fixture (the page object): every test fails if the page logged a console error that
 * the test did not explicitly expect.
 */
import { test as base, expect } from '@playwright/test';
import { RiskdeckPage } from '../pages/RiskdeckPage.ts';

export const test = base.extend<{ app: RiskdeckPage }>({
  app: async ({ page }, use) => {
    const app = new RiskdeckPage(page);
    await use(app);
    expect(app.unexpectedConsoleErrors(), 'console errors').toEqual([]);
  },
});

export { expect };
