/**
 * Page object of the VaR tab (features/var): settings, figures, Monte Carlo progress and cancel, backtest. Built on
 * RiskdeckPage (console-error collection, metric helpers) and the panel's `data-testid` hooks.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { RiskdeckPage } from './RiskdeckPage.ts';

export type VarMethodChoice = 'historical' | 'filtered' | 'delta-normal' | 'delta-gamma' | 'mc-normal' | 'mc-student-t';

export class VarPage {
  readonly page: Page;

  constructor(readonly app: RiskdeckPage) {
    this.page = app.page;
  }

  /** Open the app on the default book and switch to the VaR tab. */
  async open(): Promise<void> {
    await this.app.goto();
    await this.page.getByTestId('tab-var').click();
    await expect(this.page.getByTestId('var-view')).toBeVisible();
  }

  status(): Locator {
    return this.page.getByTestId('var-status');
  }

  /** The figures on screen are those of the current settings. */
  async waitForVar(timeout = 30_000): Promise<void> {
    await expect(this.status()).toHaveAttribute('data-status', 'done', { timeout });
  }

  async waitForBacktest(timeout = 30_000): Promise<void> {
    await expect(this.page.getByTestId('var-backtest')).toHaveAttribute('data-status', 'done', { timeout });
  }

  async setMethod(method: VarMethodChoice): Promise<void> {
    await this.page.getByTestId('var-method').selectOption(method);
  }

  private async fill(testId: string, value: number): Promise<void> {
    const input = this.page.getByTestId(testId);
    await input.fill(String(value));
    await input.blur();
  }

  setConfidence(pct: number): Promise<void> {
    return this.fill('var-confidence', pct);
  }

  setHorizon(days: number): Promise<void> {
    return this.fill('var-horizon', days);
  }

  setWindow(returns: number): Promise<void> {
    return this.fill('var-window', returns);
  }

  setPaths(paths: number): Promise<void> {
    return this.fill('var-paths', paths);
  }

  setSeed(seed: number): Promise<void> {
    return this.fill('var-seed', seed);
  }

  async setHorizonRule(rule: 'sqrt' | 'overlapping'): Promise<void> {
    await this.page.getByTestId('var-horizon-rule').selectOption(rule);
  }

  async setDvol(on: boolean): Promise<void> {
    await this.page.getByTestId('var-dvol').setChecked(on);
  }

  async setWorkers(n: number): Promise<void> {
    await this.page.getByTestId('var-workers').selectOption(String(n));
  }

  varUsd(): Promise<number> {
    return this.app.metricValue('var-usd');
  }

  esUsd(): Promise<number> {
    return this.app.metricValue('es-usd');
  }

  es975Usd(): Promise<number> {
    return this.app.metricValue('es975-usd');
  }

  progress(): Locator {
    return this.page.getByTestId('var-progress');
  }

  async cancel(): Promise<void> {
    await this.page.getByTestId('var-cancel').click();
  }

  model(): Locator {
    return this.page.getByTestId('var-model');
  }

  volModel(): Locator {
    return this.page.getByTestId('var-vol-model');
  }

  trafficLight(): Locator {
    return this.page.getByTestId('var-traffic-light');
  }

  backtestTest(key: 'kupiec' | 'independence' | 'conditional-coverage'): Locator {
    return this.page.getByTestId(`backtest-test-${key}`);
  }

  componentCheck(): Locator {
    return this.page.getByTestId('var-component-check');
  }

  async screenshot(name: string, fullPage = false): Promise<void> {
    await this.page.screenshot({ path: `screenshots/${name}.png`, fullPage });
  }
}
