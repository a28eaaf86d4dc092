import { expect, test } from './support/test.ts';
import { writeFile } from 'node:fs/promises';
import { bookFromText, comparable, fixture, readBook } from './support/engine.ts';

for (const format of ['csv', 'json'] as const) {
  test(`download ${format.toUpperCase()} equals upload, and re-imports to the identical book`, async ({ app }, info) => {
    await app.goto();
    await app.uploadPortfolio(fixture('book.csv'));
    await expect(app.importReport()).toContainText('6 positions loaded');

    const first = await app.download(format);
    expect(first.download.suggestedFilename()).toMatch(new RegExp(`^book \\d{4}-\\d{2}-\\d{2}T\\d{4}Z\\.${format}$`));
    expect(comparable(bookFromText(first.text, `book.${format}`))).toEqual(comparable(readBook(fixture('book.csv'))));
    if (format === 'csv') expect(first.text).toContain(`'=HYPERLINK`); // formula injection guard

    // Re-upload what was downloaded: the same book, and downloading again gives the same bytes.
    const path = info.outputPath(`again.${format}`);
    await writeFile(path, first.text);
    await app.uploadPortfolio(path);
    await expect(app.importReport()).toContainText('6 positions loaded');
    const second = await app.download(format);
    expect(second.text).toBe(first.text);
  });
}
