/**
 * Page object of the risk views (issue 4): heatmaps, Greek ladder, spot ladder, payoff, vol surface. Built on the
 * app's page object; everything goes through `data-testid` hooks.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { RiskdeckPage } from './RiskdeckPage.ts';

export type RiskViewId = 'heatmap' | 'greeks' | 'spot-ladder' | 'payoff' | 'surface';

/** The element id prefix of each view (`<prefix>-view`, `<prefix>-status`). */
const PREFIX: Record<RiskViewId, string> = {
  heatmap: 'heatmap',
  greeks: 'ladder',
  'spot-ladder': 'spot-ladder',
  payoff: 'payoff',
  surface: 'surface',
};

/** The worker method behind each view (its `riskdeck:<method>` performance measure). */
export const VIEW_METHOD: Record<RiskViewId, string> = {
  heatmap: 'heatmapView',
  greeks: 'greekLadderView',
  'spot-ladder': 'spotLadderView',
  payoff: 'payoffView',
  surface: 'volSurfaceView',
};

export class ViewsPage {
  readonly page: Page;

  constructor(readonly app: RiskdeckPage) {
    this.page = app.page;
  }

  async open(view: RiskViewId): Promise<void> {
    await this.page.getByTestId(`tab-${view}`).click();
    await expect(this.page.getByTestId(`${PREFIX[view]}-view`)).toBeVisible();
    await this.waitFor(view);
  }

  /** The view's figures match the current inputs (no request in flight). */
  async waitFor(view: RiskViewId): Promise<void> {
    await expect(this.page.getByTestId(`${PREFIX[view]}-status`)).toHaveAttribute('data-status', 'done');
  }

  /** Worker compute time of the figures shown (ms). */
  async computeMs(view: RiskViewId): Promise<number> {
    return Number(await this.page.getByTestId(`${PREFIX[view]}-status`).getAttribute('data-compute-ms'));
  }

  // ---------- heatmaps ----------

  heatmapCells(): Locator {
    return this.page.getByTestId('heatmap-cell');
  }

  /** Spot × vol cell at a spot move (%) and vol shift (points). */
  heatmapCell(spotPct: number, volPts: number): Locator {
    return this.page.locator(`[data-testid="heatmap-cell"][data-spot="${spotPct}"][data-vol="${volPts}"]`);
  }

  daysCells(): Locator {
    return this.page.getByTestId('heatmap-days-cell');
  }

  /** Spot × days cell. */
  daysCell(spotPct: number, days: number): Locator {
    return this.page.locator(`[data-testid="heatmap-days-cell"][data-spot="${spotPct}"][data-days="${days}"]`);
  }

  async pnlOf(cell: Locator): Promise<number> {
    const v = await cell.getAttribute('data-pnl');
    if (v === null) throw new Error('cell without data-pnl');
    return Number(v);
  }

  /** data-pnl of every spot × vol cell, in DOM order. */
  async heatmapPnls(): Promise<number[]> {
    return (await this.heatmapCells().evaluateAll((els) => els.map((e) => e.getAttribute('data-pnl')))).map(Number);
  }

  async setHeatmapTarget(target: string): Promise<void> {
    await this.page.getByTestId('heatmap-target').selectOption(target);
  }

  async setAxis(prefix: 'heatmap-spot' | 'heatmap-vol' | 'spot-ladder-range', from: number, to: number, step: number): Promise<void> {
    for (const [part, v] of [
      ['from', from],
      ['to', to],
      ['step', step],
    ] as const) {
      const input = this.page.getByTestId(`${prefix}-${part}`);
      await input.fill(String(v));
      await input.blur();
    }
  }

  // ---------- Greek ladder ----------

  ladderCells(): Locator {
    return this.page.getByTestId('ladder-cell');
  }

  ladderTotal(): Locator {
    return this.page.getByTestId('ladder-total');
  }

  async setLadderMeasure(measure: string): Promise<void> {
    await this.page.getByTestId('ladder-measure').selectOption(measure);
  }

  async setLadderUnderlying(ul: string): Promise<void> {
    await this.page.getByTestId('ladder-underlying').selectOption(ul);
  }

  /** The positions grid's "filtered by …" chip. */
  filterChip(): Locator {
    return this.page.getByTestId('position-filter');
  }

  // ---------- spot ladder, payoff, surface ----------

  spotLadderRows(): Locator {
    return this.page.getByTestId('spot-ladder-row');
  }

  payoffCurveRows(): Locator {
    return this.page.getByTestId('payoff-curve');
  }

  smileCards(): Locator {
    return this.page.getByTestId('smile-card');
  }

  /** Durations (ms) of the page's own `riskdeck:<name>` performance measures. */
  async measures(name: string): Promise<number[]> {
    return await this.page.evaluate((n) => performance.getEntriesByName(`riskdeck:${n}`).map((e) => e.duration), name);
  }

  async clearMeasures(): Promise<void> {
    await this.page.evaluate(() => performance.clearMeasures());
  }
}
