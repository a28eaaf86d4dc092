import { expect, test } from './support/test.ts';
import { defaultMarket, fixture, readBook, readMarket, report } from './support/engine.ts';

test.describe('opening files', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  for (const [file, rows, format] of [
    ['book.csv', 6, 'portfolio CSV'],
    ['book.json', 4, 'portfolio JSON'],
    ['deribit-positions.json', 3, 'Deribit get_positions JSON'],
  ] as const) {
    test(`upload ${file} replaces the book and the figures follow`, async ({ app }) => {
      await app.uploadPortfolio(fixture(file));
      await expect(app.importReport()).toContainText(`${file}: ${rows} positions loaded`);
      await expect(app.importReport()).toContainText(format);
      await expect(app.page.getByTestId('import-rows-rejected')).toHaveText('0');
      await expect.poll(() => app.rowCount()).toBe(rows);
      const expected = report(readBook(fixture(file)), defaultMarket(), {});
      await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
    });
  }

  test('a file with bad rows loads the good rows and lists the bad ones with line and reason', async ({ app }) => {
    await app.uploadPortfolio(fixture('bad-rows.csv'));
    const r = app.importReport();
    await expect(r).toContainText('bad-rows.csv: 2 positions loaded');
    await expect(app.page.getByTestId('import-rows-rejected')).toHaveText('3');
    const rejected = r.getByTestId('import-rejected-row');
    await expect(rejected).toHaveCount(3);
    await expect(rejected.nth(0)).toContainText('3');
    await expect(rejected.nth(0)).toContainText('option type must be C or P');
    await expect(rejected.nth(1)).toContainText('4');
    await expect(rejected.nth(1)).toContainText('quantity "lots" is not a number');
    await expect(rejected.nth(2)).toContainText('5');
    await expect(rejected.nth(2)).toContainText('unit "usd"');
    await expect.poll(() => app.rowCount()).toBe(2);
    await app.screenshot('bad-rows');
  });

  test('a non-portfolio file never replaces the book', async ({ app }) => {
    const before = await app.metricValue('value-usd');
    const rows = await app.rowCount();
    await app.uploadPortfolio(fixture('not-a-portfolio.png'));
    await expect(app.importReport()).toHaveAttribute('data-status', 'failed');
    await expect(app.importReport()).toContainText('not-a-portfolio.png');
    await expect(app.importReport()).toContainText('unchanged');
    expect(await app.rowCount()).toBe(rows);
    expect(await app.metricValue('value-usd')).toBe(before);
    await expect(app.page.getByTestId('undo')).toBeDisabled();
  });

  test('a market snapshot file replaces the market; positions it cannot price show their reason', async ({ app }) => {
    await app.uploadMarket(fixture('market-btc.json'));
    await expect(app.importReport()).toContainText('market-btc.json: market loaded');
    await expect(app.page.getByTestId('market-time')).toHaveText('2026-08-22 05:00 UTC');
    const reasons = app.page.getByTestId('positions-grid').getByTestId('unpriced-reason');
    await expect(reasons.first()).toContainText('ETH');
    const book = readBook(fixture('../../public/data/default-portfolio.csv'));
    const expected = report(book, readMarket(fixture('market-btc.json')), {});
    await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
    await expect(reasons).toHaveCount(expected.errors.length);
    await expect(app.page.getByTestId('metric-delta-ETH')).toHaveCount(0);
    await app.screenshot('market-btc-only');
  });
});

test('a file over 20 MB is refused with a message and the book is kept', async ({ app }) => {
  await app.goto();
  const rows = await app.rowCount();
  const line = 'BTC-PERPETUAL,1,,,deribit,padding padding padding padding padding padding padding\n';
  const big = Buffer.from(`instrument,quantity,unit,entry_price,venue,label\n${line.repeat(Math.ceil((21 * 1024 * 1024) / line.length))}`);
  await app.page.getByTestId('portfolio-file-input').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: big });
  await expect(app.importReport()).toHaveAttribute('data-status', 'failed');
  await expect(app.importReport()).toContainText('over 20 MB');
  expect(await app.rowCount()).toBe(rows);
});

test('a file dropped anywhere on the page is opened', async ({ app }) => {
  await app.goto();
  await app.dropFile(fixture('book.json'), 'book.json');
  await expect(app.importReport()).toContainText('book.json: 4 positions loaded');
  await expect.poll(() => app.rowCount()).toBe(4);
});

test('a market and a book opened straight after the page loads both stick', async ({ app, page }) => {
  await page.goto('/');
  await app.uploadMarket(fixture('market-btc.json'));
  await app.uploadPortfolio(fixture('book.json'));
  await expect(app.importReport()).toContainText('book.json: 4 positions loaded');
  await expect(page.getByTestId('market-time')).toHaveText('2026-08-22 05:00 UTC');
  await app.waitForFigures();
  const expected = report(readBook(fixture('book.json')), readMarket(fixture('market-btc.json')), {});
  await expect.poll(() => app.metricValue('value-usd')).toBeCloseTo(expected.totalValueUsd, 6);
  await page.waitForTimeout(500); // the embedded defaults finish loading meanwhile and must not replace the files
  expect(await app.rowCount()).toBe(4);
  await expect(page.getByTestId('market-time')).toHaveText('2026-08-22 05:00 UTC');
});
