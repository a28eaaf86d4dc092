/**
 * Page object of the Proofs & share tab and the shared-book dialog.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { RiskdeckPage } from './RiskdeckPage.ts';

export class ProofsPage {
  readonly page: Page;

  constructor(readonly app: RiskdeckPage) {
    this.page = app.page;
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-proofs').click();
    await expect(this.page.getByTestId('proofs-view')).toBeVisible();
  }

  /** The signing key exists (created here when there is none); its fingerprint. */
  async ensureKey(): Promise<string> {
    const fp = this.page.getByTestId('proof-key-fingerprint');
    const create = this.page.getByTestId('proof-key-create');
    await expect(fp.or(create)).toBeVisible();
    if (await create.isVisible()) await create.click();
    await expect(fp).toHaveAttribute('data-value', /^[0-9a-f]{64}$/);
    return (await fp.getAttribute('data-value'))!;
  }

  async waitForPreview(): Promise<void> {
    await expect(this.page.getByTestId('analysis-status-proof-preview')).toHaveAttribute('data-status', 'done');
  }

  previewCell(ccy: string, column: number): Locator {
    return this.page.getByTestId(`proof-preview-${ccy}`).locator('td').nth(column);
  }

  /** Click and read a download. */
  async downloadText(testId: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }

  async signProof(): Promise<void> {
    await this.page.getByTestId('proof-make').click();
    await expect(this.page.getByTestId('proof-result')).toBeVisible();
  }

  async verify(files: Partial<Record<'proof' | 'opening' | 'inclusion' | 'market' | 'key', string>>): Promise<Locator> {
    for (const [slot, path] of Object.entries(files)) await this.page.getByTestId(`verify-${slot}-input`).setInputFiles(path);
    await this.page.getByTestId('verify-run').click();
    const result = this.page.getByTestId('verify-result');
    await expect(result).toBeVisible();
    await expect(this.page.getByTestId('verify-run')).toHaveText('Verify');
    return result;
  }

  check(id: string): Locator {
    return this.page.getByTestId(`verify-check-${id}`);
  }

  /** Create a share link with the given options; its text. */
  async createLink(opts: { passphrase?: string; market?: boolean; whatIf?: boolean } = {}): Promise<string> {
    if (opts.market) await this.page.getByTestId('share-include-market').check();
    if (opts.whatIf) await this.page.getByTestId('share-include-whatif').check();
    if (opts.passphrase) {
      await this.page.getByTestId('share-mode-passphrase').check();
      await this.page.getByTestId('share-passphrase').fill(opts.passphrase);
      await this.page.getByTestId('share-passphrase-confirm').fill(opts.passphrase);
    }
    await this.page.getByTestId('share-create').click();
    const link = this.page.getByTestId('share-link');
    await expect(link).toBeVisible();
    return await link.inputValue();
  }

  dialog(): Locator {
    return this.page.getByTestId('shared-dialog');
  }
}
