/**
 * Opening files as a trader does: per-currency Deribit files into one book, a second file over the trader's book
 * (replace, or add instead), a file with rejected rows (asked first), a foreign CSV header (expected / found,
 * mapping, template), aliases and ignored columns, several market files merged by underlying, downloads named by
 * book and time.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './support/test.ts';
import { defaultMarket, fixture, readBook, readMarket, report } from './support/engine.ts';
import { mergePortfolios } from '../src/io/mergePortfolios.ts';
import { importMarketFiles } from '../src/io/mergeMarket.ts';

const prompt = (app: { page: import('@playwright/test').Page }) => app.page.getByTestId('import-prompt');

test.describe('one book from several files', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('the BTC and the ETH get_positions files picked together make one book; the closed position is listed as skipped', async ({
    app,
  }) => {
    await app.page
      .getByTestId('portfolio-file-input')
      .setInputFiles([fixture('deribit-positions-btc.json'), fixture('deribit-positions-eth.json')]);
    await expect(app.importReport()).toContainText('2 files: 4 positions loaded');
    await expect(app.page.getByTestId('portfolio-name')).toHaveText('deribit-positions-btc + deribit-positions-eth');
    await expect(app.page.getByTestId('import-rows-skipped')).toHaveText('1');
    await expect(app.page.getByTestId('import-skipped-row')).toContainText('BTC-26JUN26');
    await expect(app.page.getByTestId('import-skipped-row')).toContainText('size 0');
    await expect.poll(() => app.rowCount()).toBe(4);
    const merged = mergePortfolios([readBook(fixture('deribit-positions-btc.json')), readBook(fixture('deribit-positions-eth.json'))]);
    const expected = report(merged, defaultMarket(), {});
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
    await expect(app.page.getByTestId('import-prompt')).toHaveCount(0); // the untouched sample was simply replaced
    await app.screenshot('files-two-deribit-1600');
  });

  test('files dropped together make one book as well', async ({ app }) => {
    await app.page.evaluate(
      ({ a, b }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([a], 'deribit-positions-btc.json'));
        dt.items.add(new File([b], 'deribit-positions-eth.json'));
        for (const type of ['dragenter', 'dragover', 'drop']) {
          document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
        }
      },
      { a: readFileSync(fixture('deribit-positions-btc.json'), 'utf8'), b: readFileSync(fixture('deribit-positions-eth.json'), 'utf8') },
    );
    await expect(app.importReport()).toContainText('2 files: 4 positions loaded');
    await expect.poll(() => app.rowCount()).toBe(4);
  });

  test('a second file replaces the trader’s book in one undo step, and one click adds it instead', async ({ app }) => {
    await app.uploadPortfolio(fixture('deribit-positions-btc.json'));
    await expect(app.importReport()).toContainText('2 positions loaded');
    await app.uploadPortfolio(fixture('deribit-positions-eth.json'));
    await expect(app.importReport()).toContainText('deribit-positions-eth.json: 2 positions loaded');
    await expect.poll(() => app.rowCount()).toBe(2);
    await expect(prompt(app)).toHaveAttribute('data-kind', 'replaced');
    await expect(prompt(app)).toContainText('replaced the book “deribit-positions-btc”');
    await app.screenshot('files-add-instead-1600');
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('files-add-instead-1280');
    await app.page.setViewportSize({ width: 1600, height: 1000 });
    await app.page.getByTestId('import-prompt-add-instead').click();
    await expect.poll(() => app.rowCount()).toBe(4);
    await expect(app.page.getByTestId('portfolio-name')).toHaveText('deribit-positions-btc + deribit-positions-eth');
    await expect(app.importReport()).toContainText('2 positions added to the book');
    await expect(prompt(app)).toHaveCount(0);
    await app.undo();
    await expect.poll(() => app.rowCount()).toBe(2);
    await expect(app.page.getByTestId('portfolio-name')).toHaveText('deribit-positions-btc');
  });

  test('a file with rejected rows asks before it replaces the trader’s book', async ({ app }) => {
    await app.uploadPortfolio(fixture('book.csv'));
    await expect(app.importReport()).toContainText('6 positions loaded');
    await app.uploadPortfolio(fixture('bad-rows.csv'));
    await expect(prompt(app)).toHaveAttribute('data-kind', 'bad-rows');
    await expect(prompt(app)).toContainText('has 3 rejected rows');
    await expect(prompt(app)).toContainText('Load the 2 good rows?');
    await expect(app.importReport()).toHaveAttribute('data-status', 'pending');
    await expect(app.page.getByTestId('import-rejected-row')).toHaveCount(3);
    expect(await app.rowCount()).toBe(6); // unchanged until answered
    await app.screenshot('files-bad-rows-ask-1600');
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('files-bad-rows-ask-1280');
    await app.page.setViewportSize({ width: 1600, height: 1000 });
    await app.page.getByTestId('import-prompt-add').click();
    await expect.poll(() => app.rowCount()).toBe(8);
    await expect(app.importReport()).toHaveAttribute('data-status', 'loaded');
    await app.undo();
    await expect.poll(() => app.rowCount()).toBe(6);
    await app.uploadPortfolio(fixture('bad-rows.csv'));
    await app.page.getByTestId('import-prompt-replace').click();
    await expect.poll(() => app.rowCount()).toBe(2);
  });
});

test.describe('import help', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('a foreign header says what was expected and found, offers a mapping, and the mapped file loads', async ({ app }) => {
    await app.uploadPortfolio(fixture('broker.csv'));
    await expect(app.importReport()).toHaveAttribute('data-status', 'failed');
    await expect(app.page.getByTestId('import-header-help')).toContainText(
      'Expected columns instrument, quantity (required) and unit, entry_price, venue, label (optional); found "Ticker", "Pos", "Avg Price", "Book"',
    );
    await expect(prompt(app)).toHaveAttribute('data-kind', 'map-columns');
    await expect(app.page.getByTestId('import-map-instrument')).toHaveValue('Ticker');
    await expect(app.page.getByTestId('import-map-quantity')).toHaveValue('Pos');
    await expect(app.page.getByTestId('import-map-entry_price')).toHaveValue('Avg Price');
    await expect(app.page.getByTestId('import-map-label')).toHaveValue('Book');
    await app.screenshot('files-mapping-1600');
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('files-mapping-1280');
    await app.page.setViewportSize({ width: 1600, height: 1000 });
    const [template] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('import-map-template').click()]);
    expect(template.suggestedFilename()).toBe('portfolio-template.csv');
    expect(readFileSync(await template.path(), 'utf8').split('\r\n')[0]).toBe('instrument,quantity,unit,entry_price,venue,label');
    await app.page.getByTestId('import-map-apply').click();
    await expect(app.importReport()).toContainText('broker.csv: 2 positions loaded');
    await expect.poll(() => app.rowCount()).toBe(2);
    await expect(app.rowFor('BTC-PERPETUAL').locator('[col-id="label"]')).toHaveText('hedge');
  });

  test('aliases are read and an unused column is named', async ({ app }) => {
    await app.uploadPortfolio(fixture('aliased.csv'));
    await expect(app.importReport()).toContainText('aliased.csv: 2 positions loaded');
    await expect(app.page.getByTestId('import-ignored-columns')).toContainText('Column not used: “desk”');
    const expected = report(readBook(fixture('aliased.csv')), defaultMarket(), {});
    expect(expected.positions[0]!.valueUsd).not.toBe(0); // the entry column was read (an unread entry values the perpetual at 0)
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
  });
});

test.describe('market files', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('several market files picked together are merged by underlying', async ({ app }) => {
    await app.page.getByTestId('market-file-input').setInputFiles([fixture('market-btc.json'), fixture('market-eth.json')]);
    await expect(app.importReport()).toContainText('market-btc.json + market-eth.json: market loaded');
    await expect(app.importReport()).toContainText('h apart');
    await expect(app.page.getByTestId('market-time')).toHaveText('2026-08-22 05:00 UTC'); // the later of the two
    const merged = importMarketFiles(
      ['market-btc.json', 'market-eth.json'].map((f) => ({ fileName: f, text: readFileSync(fixture(f), 'utf8') })),
    );
    if (!merged.ok) throw new Error(merged.error);
    const expected = report(readBook(fixture('../../public/data/default-portfolio.csv')), merged.snapshot, {});
    expect(expected.errors).toEqual([]);
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
    await expect(app.metric('delta-ETH')).toBeVisible();
  });

  test('a market file without an underlying of the market in use offers to keep it', async ({ app }) => {
    await app.uploadMarket(fixture('market-btc.json'));
    await expect(prompt(app)).toHaveAttribute('data-kind', 'market-replaced');
    await expect(prompt(app)).toContainText('market-btc.json has no ETH');
    await expect(app.metric('delta-ETH')).toHaveCount(0);
    await app.page.getByTestId('import-prompt-keep-market').click();
    await expect(app.metric('delta-ETH')).toBeVisible();
    const btc = readMarket(fixture('market-btc.json'));
    await expect
      .poll(() => app.metricValue('delta-usd-BTC'))
      .toBeCloseTo(report(readBook(fixture('../../public/data/default-portfolio.csv')), btc, {}).byUnderlying.BTC!.deltaUsd, 6);
  });
});

test('downloads carry the book name and the time; re-opening the download keeps the name', async ({ app, page }) => {
  await page.clock.setFixedTime(new Date('2026-12-04T17:01:30Z'));
  await app.goto();
  for (const format of ['csv', 'json'] as const) {
    const { download, text } = await app.download(format);
    expect(download.suggestedFilename()).toBe(`default-portfolio 2026-12-04T1701Z.${format}`);
    await page
      .getByTestId('portfolio-file-input')
      .setInputFiles({ name: download.suggestedFilename(), mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect(app.importReport()).toContainText(`default-portfolio 2026-12-04T1701Z.${format}: 33 positions loaded`);
    await expect(page.getByTestId('portfolio-name')).toHaveText('default-portfolio');
  }
});
