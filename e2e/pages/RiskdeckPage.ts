/**
 * Page object of the Riskdeck app: every interaction goes through the stable `data-testid` hooks of PRODUCT.md
 * (plus a few app-internal ones), so specs read like a trader's actions.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

export class RiskdeckPage {
  readonly consoleErrors: string[] = [];
  private readonly expectedErrors: RegExp[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.consoleErrors.push(`pageerror: ${err.message}`));
  }

  /** Console errors a test provokes on purpose (e.g. a simulated worker crash). */
  expectConsoleError(pattern: RegExp): void {
    this.expectedErrors.push(pattern);
  }

  unexpectedConsoleErrors(): string[] {
    return this.consoleErrors.filter((e) => !this.expectedErrors.some((p) => p.test(e)));
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await this.waitForBook();
  }

  /** The default book (or a restored one) is valued and the grid shows it. */
  async waitForBook(): Promise<void> {
    await expect(this.metric('value-usd')).toHaveAttribute('data-value', /.+/);
    await expect(this.gridRows().first()).toBeVisible();
    await this.waitForFigures();
  }

  /** Figures match the current inputs (no report in flight). */
  async waitForFigures(): Promise<void> {
    await expect(this.page.getByTestId('results-status')).toHaveAttribute('data-status', 'ready');
  }

  metric(name: string): Locator {
    return this.page.getByTestId(`metric-${name}`);
  }

  async metricValue(name: string): Promise<number> {
    const v = await this.metric(name).getAttribute('data-value');
    if (v === null) throw new Error(`metric-${name} has no data-value`);
    return Number(v);
  }

  /** Rows of the positions grid: one `.ag-row` per position (AG Grid 36 keeps pinned cells inside the row). */
  gridRows(): Locator {
    return this.page.getByTestId('positions-grid').locator('.ag-grid-scrolling-container .ag-row');
  }

  /** The row displayed at `index` (AG Grid keeps DOM order stable and positions rows, so DOM order ≠ display order). */
  rowAt(index: number): Locator {
    return this.page.getByTestId('positions-grid').locator(`.ag-grid-scrolling-container .ag-row[row-index="${index}"]`);
  }

  /** The grid row of `instrument` (first match). */
  rowFor(instrument: string): Locator {
    return this.gridRows()
      .filter({ has: this.page.locator('[col-id="instrument"]', { hasText: instrument }) })
      .first();
  }

  /** A cell of the totals row (the aligned footer grid under the positions grid). */
  totalsCell(colId: string): Locator {
    return this.page.locator(`.grid-footer .ag-row [col-id="${colId}"]`);
  }

  /**
   * Rows the grid displays (after its filters), rendered or not: AG Grid renders only the rows in view plus a
   * buffer, so counting DOM rows depends on the page's height. `aria-rowcount` counts every displayed row plus the
   * header rows.
   */
  async rowCount(): Promise<number> {
    const grid = this.page.getByTestId('positions-grid');
    const total = Number(await grid.locator('[role="grid"][aria-rowcount]').first().getAttribute('aria-rowcount'));
    // Header rows repeat in each pinned section: count distinct header row indices.
    const headerIndices = await grid
      .locator('.ag-header-row[aria-rowindex]')
      .evaluateAll((rows) => new Set(rows.map((r) => r.getAttribute('aria-rowindex'))).size);
    return total - headerIndices;
  }

  async uploadPortfolio(path: string): Promise<void> {
    await this.page.getByTestId('portfolio-file-input').setInputFiles(path);
  }

  async uploadMarket(path: string): Promise<void> {
    await this.page.getByTestId('market-file-input').setInputFiles(path);
  }

  /** Drag a file from the desktop and drop it on the page (a DataTransfer with a File, as the browser builds it). */
  async dropFile(path: string, name: string): Promise<void> {
    const text = await readFile(path, 'utf8');
    await this.page.evaluate(
      ({ text, name }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name));
        for (const type of ['dragenter', 'dragover', 'drop']) {
          document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
        }
      },
      { text, name },
    );
  }

  importReport(): Locator {
    return this.page.getByTestId('import-report');
  }

  /** Edit the quantity cell of the row with `instrument` through the grid's editor. */
  async editQuantity(instrument: string, quantity: number): Promise<void> {
    const cell = this.rowFor(instrument).locator('[col-id="quantity"]');
    await cell.dblclick();
    const editor = cell.locator('input');
    await editor.fill(String(quantity));
    await editor.press('Enter');
  }

  async setSpot(underlying: string, pct: number): Promise<void> {
    const input = this.page.getByTestId(`scenario-spot-${underlying}`);
    await input.fill(String(pct));
    await input.blur();
  }

  async setVol(points: number): Promise<void> {
    const input = this.page.getByTestId('scenario-vol');
    await input.fill(String(points));
    await input.blur();
  }

  async setDays(days: number): Promise<void> {
    const input = this.page.getByTestId('scenario-days');
    await input.fill(String(days));
    await input.blur();
  }

  async download(format: 'csv' | 'json'): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId(`download-portfolio-${format}`).click(),
    ]);
    const path = await download.path();
    return { download, text: await readFile(path, 'utf8') };
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('undo').click();
  }

  async redo(): Promise<void> {
    await this.page.getByTestId('redo').click();
  }

  /** Autosave has written everything (so a reload sees the latest state). */
  async waitForSaved(): Promise<void> {
    await expect(this.page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `screenshots/${name}.png`, fullPage: false });
  }
}
