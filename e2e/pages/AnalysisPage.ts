/**
 * Page object of the analysis tabs (Stress, Margin, Exposure, Limits), composed on the app's RiskdeckPage: every
 * interaction goes through `data-testid` hooks.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { RiskdeckPage } from './RiskdeckPage.ts';

export type AnalysisTab = 'stress' | 'margin' | 'exposure' | 'limits';

export class AnalysisPage {
  readonly page: Page;

  constructor(readonly app: RiskdeckPage) {
    this.page = app.page;
  }

  async open(tab: AnalysisTab): Promise<void> {
    await this.page.getByTestId(`tab-${tab}`).click();
    await expect(this.page.getByTestId(`${tab}-view`)).toBeVisible();
  }

  /** An analysis query (`stress`, `margin`, `liquidation`, `exposure`, `limits`) has answered for the current inputs. */
  async waitFor(name: string): Promise<void> {
    await expect(this.page.getByTestId(`analysis-status-${name}`).first()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  }

  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** A number held in a `data-*` attribute. */
  async numberAttr(locator: Locator, attr: string): Promise<number> {
    const v = await locator.getAttribute(attr);
    if (v === null) throw new Error(`no ${attr}`);
    return Number(v);
  }

  // ----- stress -----
  stressRow(id: string): Locator {
    return this.page.locator(`[data-testid="stress-row"][data-id="${id}"]`);
  }

  async fillNumber(testId: string, value: number): Promise<void> {
    const input = this.page.getByTestId(testId);
    await input.fill(String(value));
    await input.blur();
  }

  waterfallRows(): Locator {
    return this.page.getByTestId('stress-waterfall').getByTestId('waterfall-row');
  }

  // ----- margin -----
  matrixCells(ccy: string): Locator {
    return this.page.getByTestId(`risk-matrix-${ccy}`).locator('[data-testid="pme-cell"]');
  }

  // ----- limits -----
  async setLimit(testId: string, value: number | null): Promise<void> {
    const input = this.page.getByTestId(testId);
    await input.fill(value === null ? '' : String(value));
    await input.blur();
  }
}
