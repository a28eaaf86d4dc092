/**
 * Page object of the Hedging tab, composed with the app's page object: suggestions (targets, candidates, trades,
 * before / after) and the delta-hedge simulation, through the tab's `data-testid` hooks.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { RiskdeckPage } from './RiskdeckPage.ts';

export class HedgePage {
  readonly page: Page;

  constructor(readonly app: RiskdeckPage) {
    this.page = app.page;
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-hedging').click();
    await expect(this.page.getByTestId('hedge-view')).toBeVisible();
  }

  async openPositions(): Promise<void> {
    await this.page.getByTestId('tab-positions').click();
    await expect(this.page.getByTestId('positions-grid')).toBeVisible();
  }

  // ---------- suggestions ----------

  /** The suggestion for the current inputs has arrived (not an older one still on screen). */
  async waitForSuggestion(): Promise<void> {
    await expect(this.page.getByTestId('hedge-suggestions')).toHaveAttribute('data-status', 'done');
  }

  async figure(side: 'before' | 'after', key: string): Promise<number> {
    const v = await this.page.getByTestId(`hedge-${side}-${key}`).getAttribute('data-value');
    if (v === null) throw new Error(`hedge-${side}-${key} has no value`);
    return Number(v);
  }

  tradeRows(): Locator {
    return this.page.getByTestId('hedge-trade-row');
  }

  async setKind(kind: 'perpetual' | 'future' | 'option', on: boolean): Promise<void> {
    await this.page.getByTestId(`hedge-kind-${kind}`).setChecked(on);
  }

  async targetVega(underlying: string, target: number, tolerance: number): Promise<void> {
    await this.page.getByTestId(`hedge-target-vega-on-${underlying}`).check();
    await this.fillNumber(`hedge-target-vega-${underlying}`, target);
    await this.fillNumber(`hedge-target-vega-tol-${underlying}`, tolerance);
  }

  async targetGamma(underlying: string, target: number, tolerance: number): Promise<void> {
    await this.page.getByTestId(`hedge-target-gamma-on-${underlying}`).check();
    await this.fillNumber(`hedge-target-gamma-${underlying}`, target);
    await this.fillNumber(`hedge-target-gamma-tol-${underlying}`, tolerance);
  }

  async setGammaTolerance(underlying: string, tolerance: number): Promise<void> {
    await this.fillNumber(`hedge-target-gamma-tol-${underlying}`, tolerance);
  }

  /** USD delta (the default) or coin delta as one underlying's delta target. */
  async setDeltaMeasure(underlying: string, measure: 'usd' | 'coin'): Promise<void> {
    await this.page.getByTestId(`hedge-target-delta-measure-${underlying}`).selectOption(measure);
    await expect(this.page.getByTestId(`hedge-target-delta-row-${underlying}`)).toHaveAttribute('data-measure', measure);
  }

  /** Whose Greeks the targets apply to. */
  async setScope(scope: 'book' | 'deribit' | 'deribit-derivatives'): Promise<void> {
    await this.page.getByTestId('hedge-target-scope').selectOption(scope);
  }

  /** The "Now" figure of an underlying's delta target (in the unit of its measure, for the scope). */
  async deltaNow(underlying: string): Promise<number> {
    const v = await this.page.getByTestId(`hedge-target-delta-now-${underlying}`).getAttribute('data-value');
    if (v === null) throw new Error(`no delta now for ${underlying}`);
    return Number(v);
  }

  /** A target's row after the trades: `BTC-deltaUsd`, `ETH-gammaUsd1pct`, … */
  checkRow(key: string): Locator {
    return this.page.locator(`[data-testid="hedge-check-row"][data-key="${key}"]`);
  }

  async checkAfter(key: string): Promise<number> {
    const v = await this.checkRow(key).getAttribute('data-after');
    if (v === null) throw new Error(`no check row ${key}`);
    return Number(v);
  }

  infeasibleReason(): Locator {
    return this.page.getByTestId('hedge-infeasible-reason');
  }

  async applyAsWhatIf(): Promise<void> {
    await this.page.getByTestId('hedge-apply-whatif').click();
  }

  async commit(): Promise<void> {
    await this.page.getByTestId('hedge-commit').click();
  }

  // ---------- simulation ----------

  async openSimulation(): Promise<void> {
    await this.page.getByTestId('hedge-section-simulate').click();
    await expect(this.page.getByTestId('hedge-simulation')).toBeVisible();
  }

  async waitForSimulation(): Promise<void> {
    await expect(this.page.getByTestId('hedge-simulation')).toHaveAttribute('data-status', 'done');
    await expect(this.page.getByTestId('hedge-sim-table')).toBeVisible();
  }

  simRows(): Locator {
    return this.page.getByTestId('hedge-sim-row');
  }

  /** A figure of the comparison table (`mean`, `std`, `cost`, `trades`) for the policy at `index`. */
  async simFigure(what: 'mean' | 'std' | 'cost' | 'trades', index: number): Promise<number> {
    const v = await this.page.getByTestId(`hedge-sim-${what}-${index}`).getAttribute('data-value');
    if (v === null) throw new Error(`hedge-sim-${what}-${index} has no value`);
    return Number(v);
  }

  async setPolicyBand(index: number, coins: number): Promise<void> {
    await this.fillNumber(`hedge-policy-band-${index}`, coins);
  }

  private async fillNumber(testId: string, value: number): Promise<void> {
    const input = this.page.getByTestId(testId);
    await input.fill(String(value));
    await input.blur();
  }
}
