import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './support/test.ts';
import { defaultBook, defaultMarket, fixture } from './support/engine.ts';
import { ProofsPage } from './pages/ProofsPage.ts';
import { runProveCli, runVerifyCli, type ProofCliIo } from '../src/cli/proofCli.ts';
import { marginFigures, marketHash, normaliseMarket, normaliseParams } from '../src/proof/index.ts';

/** The CLI's file access on a temporary directory (the same runner `npm run prove` / `npm run verify` use). */
function cliIo(): ProofCliIo & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'riskdeck-proofs-'));
  return {
    dir,
    readText: (p) => readFileSync(p, 'utf8'),
    writeText: (p, text) => writeFileSync(p, text, 'utf8'),
    defaultMarketPath: 'public/data/default-market.json',
    defaultMarginParamsPath: 'public/data/margin-params.json',
  };
}

const params = () => normaliseParams(JSON.parse(readFileSync('public/data/margin-params.json', 'utf8')));

test('a proof made in the page verifies with the CLI’s verifier, and so does an inclusion proof', async ({ app, page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  await app.goto();
  const proofs = new ProofsPage(app);
  await proofs.open();
  const fingerprint = await proofs.ensureKey();
  await proofs.waitForPreview();

  // The figures shown are the engine's for the default book (what the CLI computes in Node). Chromium's and Node's
  // JavaScript engines may differ in the last bits of Math functions: equal to 1e-12 relative.
  const expected = marginFigures(defaultBook().positions, defaultMarket(), params());
  const close = async (cell: ReturnType<typeof proofs.previewCell>, want: number) => {
    const got = Number(await cell.getAttribute('data-value'));
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
  };
  for (const [ccy, f] of Object.entries(expected.currencies)) {
    await close(proofs.previewCell(ccy, 0), f.initialMargin);
    await close(proofs.previewCell(ccy, 1), f.maintenanceMargin);
    await close(proofs.previewCell(ccy, 2), f.equity);
  }
  await expect(page.getByTestId('proof-preview-claim')).toHaveAttribute('data-value', 'true');

  // The key stays in this browser, non-extractable.
  const extractable = await page.evaluate(
    () =>
      new Promise<boolean | null>((resolve) => {
        const req = indexedDB.open('riskdeck-signing');
        req.onsuccess = () => {
          const get = req.result.transaction('keys').objectStore('keys').get('signing-key');
          get.onsuccess = () => resolve((get.result as { privateKey?: CryptoKey } | undefined)?.privateKey?.extractable ?? null);
        };
      }),
  );
  expect(extractable).toBe(false);

  const before = requests.length;
  await proofs.signProof();
  const proof = await proofs.downloadText('proof-download');
  const opening = await proofs.downloadText('proof-download-opening');
  expect(proof.name).toMatch(/^riskdeck-margin-proof-\d{8}-\d{4}\.json$/);
  await page.getByTestId('proof-inclusion-select').selectOption({ label: 'BTC-PERPETUAL -800000 usd @ 77674 (deribit)' });
  const inclusion = await proofs.downloadText('proof-inclusion-make');

  // Nothing left the page: every request after signing is a same-origin GET of the app's own files.
  const origin = new URL(baseURL!).origin;
  for (const r of requests.slice(before)) expect(r).toMatch(new RegExp(`^GET ${origin.replace(/[.]/g, '\\.')}/`));

  const io = cliIo();
  const files = { proof: join(io.dir, 'proof.json'), opening: join(io.dir, 'opening.json'), inc: join(io.dir, 'inc.json') };
  writeFileSync(files.proof, proof.text);
  writeFileSync(files.opening, opening.text);
  writeFileSync(files.inc, inclusion.text);
  const r = await runVerifyCli(
    [files.proof, '--opening', files.opening, '--inclusion', files.inc, '--market', 'public/data/default-market.json'],
    io,
  );
  expect(r.stdout).toContain(
    'VERIFIED (signature, market file, full opening: root, market, parameters and margin recomputed, inclusion of one position)',
  );
  expect(r.code).toBe(0);
  const statement = JSON.parse(proof.text) as { statement: { marketHash: string }; signature: { fingerprint: string } };
  expect(statement.statement.marketHash).toBe(await marketHash(normaliseMarket(defaultMarket())));
  expect(statement.signature.fingerprint).toBe(fingerprint);
  expect(r.stdout).toContain('BTC-PERPETUAL -800000 usd @ 77674 (deribit) is leaf');

  // The exported public key pins the signer in the CLI too.
  const pub = await proofs.downloadText('proof-key-export');
  writeFileSync(join(io.dir, 'pub.json'), pub.text);
  expect((await runVerifyCli([files.proof, '--public-key', join(io.dir, 'pub.json')], io)).code).toBe(0);
});

test('a CLI-made proof verifies in the page’s Verify panel; a tampered opening fails with the reason', async ({ app, page }) => {
  const io = cliIo();
  const key = join(io.dir, 'key.json');
  const proof = join(io.dir, 'proof.json');
  const opening = join(io.dir, 'opening.json');
  expect((await runProveCli(['--new-key', key], io)).code).toBe(0);
  const made = await runProveCli(['--portfolio', fixture('book.csv'), '--key', key, '--out', proof, '--opening', opening], io);
  expect(made.stderr).toBe('');
  const inc = join(io.dir, 'inc.json');
  expect((await runProveCli(['--opening', opening, '--include', 'BTC-PERPETUAL', '--out', inc], io)).code).toBe(0);

  await app.goto();
  const proofs = new ProofsPage(app);
  await proofs.open();
  const result = await proofs.verify({ proof, opening, inclusion: inc, market: 'public/data/default-market.json' });
  await expect(result).toHaveAttribute('data-ok', 'true');
  for (const id of ['signature', 'claim', 'market-file', 'root', 'market', 'parameters', 'inclusion'])
    await expect(proofs.check(id)).toHaveAttribute('data-ok', 'true');
  await expect(page.locator('[data-testid^="verify-check-margin-"]')).not.toHaveCount(0);
  await expect(page.getByTestId('verify-claim')).toBeVisible();

  const tampered = JSON.parse(readFileSync(opening, 'utf8')) as { marginParameters: { general: { mm_factor: number } } };
  tampered.marginParameters.general.mm_factor = 0.75;
  const bad = join(io.dir, 'tampered-opening.json');
  writeFileSync(bad, JSON.stringify(tampered));
  await proofs.verify({ opening: bad });
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(proofs.check('parameters')).toHaveAttribute('data-ok', 'false');
  await expect(proofs.check('parameters')).toContainText('parameters hash differs');
  await expect(proofs.check('margin-BTC')).toContainText(/BTC MM differs by/);
});

test('a share link round-trips a book: preview first, load on confirmation as one undo step', async ({ app, page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await app.goto();
  await app.uploadPortfolio(fixture('book.csv'));
  await expect.poll(() => app.rowCount()).toBe(6);
  // One what-if trade and a what-if shock travel with the what-if option.
  await app.setVol(5);
  const proofs = new ProofsPage(app);
  await proofs.open();
  const link = await proofs.createLink({ whatIf: true });
  expect(new URL(link).hash).toMatch(/^#share=1\.k\./);
  // The link never reached a server: no request carried it (fragments are not sent) nor its key.
  const key = link.split('.')[3]!;
  expect(requests.filter((u) => u.includes('share=') || u.includes(key))).toEqual([]);

  // Another book is open when the link arrives.
  await page.getByTestId('load-sample').click();
  await page.getByTestId('tab-positions').click();
  await expect.poll(() => app.rowCount()).toBe(33);
  await app.setVol(0);
  await page.goto(link);
  await app.waitForBook();
  const dialog = proofs.dialog();
  await expect(dialog).toHaveAttribute('data-step', 'preview');
  await expect(page.getByTestId('shared-preview')).toHaveAttribute('data-positions', '6');
  await expect(dialog).toContainText('BTC-PERPETUAL');
  await expect(dialog).toContainText('also apply its what-if: vol +5 pts');
  // Nothing is loaded before the confirmation; cancelling keeps the book and drops the key from the address bar.
  await page.getByTestId('shared-cancel').click();
  await expect(dialog).toHaveCount(0);
  expect(await app.rowCount()).toBe(33);
  expect(new URL(page.url()).hash).toBe('');

  await page.goto(link);
  await expect(dialog).toHaveAttribute('data-step', 'preview');
  await page.getByTestId('shared-load').click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => app.rowCount()).toBe(6);
  await expect(page.getByTestId('scenario-vol')).toHaveValue('5');
  expect(new URL(page.url()).hash).toBe('');
  await app.undo();
  await expect.poll(() => app.rowCount()).toBe(33);
});

test('share links: wrong passphrase, cut-off link and changed ciphertext are clear errors and load nothing', async ({ app, page }) => {
  await app.goto();
  await app.uploadPortfolio(fixture('book.csv'));
  await expect.poll(() => app.rowCount()).toBe(6);
  const proofs = new ProofsPage(app);
  await proofs.open();
  const link = await proofs.createLink({ passphrase: 'correct horse battery' });
  expect(link).toContain('#share=1.p.600000.');
  const keyLink = await (async () => {
    await page.getByTestId('share-mode-key').check();
    return await proofs.createLink();
  })();
  await page.getByTestId('load-sample').click();
  await page.getByTestId('tab-positions').click();
  await expect.poll(() => app.rowCount()).toBe(33);
  const dialog = proofs.dialog();

  // Passphrase link: the key is not in it; a wrong passphrase is refused and may be retried.
  await page.goto(link);
  await expect(dialog).toHaveAttribute('data-step', 'secret');
  await page.getByTestId('shared-secret-input').fill('wrong horse battery');
  await page.getByTestId('shared-unlock').click();
  await expect(page.getByTestId('shared-error')).toContainText('Wrong passphrase');
  expect(await app.rowCount()).toBe(33);
  await page.getByTestId('shared-secret-input').fill('correct horse battery');
  await page.getByTestId('shared-unlock').click();
  await expect(page.getByTestId('shared-preview')).toHaveAttribute('data-positions', '6');
  await page.getByTestId('shared-cancel').click();

  // Cut off when copied.
  await page.goto(keyLink.slice(0, keyLink.length - 25));
  await expect(dialog).toHaveAttribute('data-step', 'error');
  await expect(page.getByTestId('shared-error')).toContainText('incomplete');
  await page.getByTestId('shared-cancel').click();
  expect(await app.rowCount()).toBe(33);

  // One character of the ciphertext changed.
  const at = keyLink.length - 30;
  const tampered = `${keyLink.slice(0, at)}${keyLink[at] === 'A' ? 'B' : 'A'}${keyLink.slice(at + 1)}`;
  await page.goto(tampered);
  await expect(dialog).toHaveAttribute('data-step', 'error');
  await expect(page.getByTestId('shared-error')).toContainText('altered');
  await page.getByTestId('shared-cancel').click();
  expect(await app.rowCount()).toBe(33);
});

test('a book too large for a link becomes an encrypted file that opens with its key', async ({ app, page }) => {
  await app.goto();
  const proofs = new ProofsPage(app);
  await proofs.open();
  await page.getByTestId('share-include-market').check();
  await page.getByTestId('share-create').click();
  await expect(page.getByTestId('share-too-large')).toContainText('Too large for a link');
  const key = await page.getByTestId('share-file-key').inputValue();
  expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const file = await proofs.downloadText('share-download-file');
  expect(file.text).not.toContain(key);
  const dir = mkdtempSync(join(tmpdir(), 'riskdeck-share-'));
  const path = join(dir, file.name);
  writeFileSync(path, file.text);

  await page.getByTestId('tab-positions').click();
  await app.uploadPortfolio(fixture('book.csv'));
  await expect.poll(() => app.rowCount()).toBe(6);
  await proofs.open();
  await page.getByTestId('share-open-input').setInputFiles(path);
  const dialog = proofs.dialog();
  await expect(dialog).toHaveAttribute('data-step', 'secret');
  await page.getByTestId('shared-secret-input').fill(key.slice(0, 30));
  await page.getByTestId('shared-unlock').click();
  await expect(page.getByTestId('shared-error')).toContainText('wrong length');
  await page.getByTestId('shared-secret-input').fill(key);
  await page.getByTestId('shared-unlock').click();
  await expect(page.getByTestId('shared-preview')).toHaveAttribute('data-positions', '33');
  await expect(dialog).toContainText('also use its market: Market of 2026-08-22 03:50 UTC (default-market.json)');
  await page.getByTestId('shared-load').click();
  await page.getByTestId('tab-positions').click();
  await expect.poll(() => app.rowCount()).toBe(33);
  await expect(page.getByTestId('market-info')).toContainText('(shared)');
});
