import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url, utf8 } from './bytes.ts';
import {
  isShareFragment,
  MAX_LINK_CHARS,
  parseKeyText,
  parseShareFragment,
  parseSharedFile,
  PBKDF2_ITERATIONS,
  seal,
  sealedHeader,
  shareFragment,
  sharedFile,
  keyText,
  unseal,
  ShareError,
  type SharedContent,
} from './share.ts';

const content: SharedContent = {
  format: 'riskdeck-shared-book',
  version: 1,
  createdAt: '2026-08-22T04:00:00.000Z',
  book: JSON.stringify({
    schemaVersion: 1,
    name: 'Fund A',
    positions: [
      { instrument: 'BTC-25SEP26-90000-C', quantity: -10, entryPrice: 0.013, venue: 'deribit', label: 'short strangle' },
      { instrument: 'BTC-PERPETUAL', quantity: -800000, unit: 'usd', entryPrice: 77674, venue: 'deribit', label: 'hedge', whatIf: true },
    ],
  }),
  whatIf: { spotPct: { BTC: -10 }, volPts: 5, days: 1 },
};

/** Cut `n` characters off the end, or change the character at `at`. */
const cut = (f: string, n: number) => f.slice(0, f.length - n);
const change = (f: string, at: number) => `${f.slice(0, at)}${f[at] === 'A' ? 'B' : 'A'}${f.slice(at + 1)}`;

async function expectShareError(p: Promise<unknown> | (() => unknown), code: ShareError['code'], text: RegExp): Promise<void> {
  let caught: unknown = null;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ShareError);
  expect((caught as ShareError).code).toBe(code);
  expect((caught as ShareError).message).toMatch(text);
}

describe('share links', () => {
  it('round trip in key mode: the link carries everything, compressed', async () => {
    const { sealed, key } = await seal(content);
    const fragment = shareFragment(sealed, key);
    expect(isShareFragment(`#${fragment}`)).toBe(true);
    expect(fragment).toMatch(/^share=1\.k\.\d+\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(MAX_LINK_CHARS);
    const parsed = parseShareFragment(`#${fragment}`);
    expect(await unseal(parsed.sealed, { key: parsed.key })).toEqual(content);
    // Nothing of the book is readable in the link.
    expect(fragment).not.toContain('BTC');
  });

  it('decrypts and inflates identically with node:crypto and node:zlib (AES-256-GCM, header as AAD, raw DEFLATE)', async () => {
    const { sealed, key } = await seal(content);
    const parts = shareFragment(sealed, key).slice('share='.length).split('.');
    const [, , len, k, iv, data] = parts as [string, string, string, string, string, string];
    const ct = fromBase64Url(data);
    expect(ct.length).toBe(Number(len));
    const d = createDecipheriv('aes-256-gcm', fromBase64Url(k), fromBase64Url(iv));
    d.setAAD(Buffer.from(`riskdeck-share.1.k.${len}`));
    d.setAuthTag(ct.subarray(ct.length - 16));
    const plain = Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]);
    expect(JSON.parse(inflateRawSync(plain).toString('utf8'))).toEqual(content);
  });

  it('passphrase mode: PBKDF2-HMAC-SHA256 at 600,000 iterations, the key is not in the link', async () => {
    const { sealed, key } = await seal(content, { passphrase: 'correct horse battery staple' });
    expect(key).toBeNull();
    expect(sealed.iterations).toBe(PBKDF2_ITERATIONS);
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const fragment = shareFragment(sealed, null);
    expect(fragment.startsWith('share=1.p.600000.')).toBe(true);
    const parsed = parseShareFragment(fragment);
    expect(await unseal(parsed.sealed, { passphrase: 'correct horse battery staple' })).toEqual(content);
    // Independent derivation and decryption.
    const [, , , len, salt, iv, data] = fragment.slice('share='.length).split('.') as string[];
    const dk = pbkdf2Sync('correct horse battery staple', fromBase64Url(salt!), 600_000, 32, 'sha256');
    const ct = fromBase64Url(data!);
    const d = createDecipheriv('aes-256-gcm', dk, fromBase64Url(iv!));
    d.setAAD(Buffer.from(sealedHeader(parsed.sealed)));
    d.setAuthTag(ct.subarray(ct.length - 16));
    const plain = Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]);
    expect(JSON.parse(inflateRawSync(plain).toString('utf8'))).toEqual(content);
    expect(Number(len)).toBe(ct.length);
  });

  it('a wrong passphrase is a clear error', async () => {
    const { sealed } = await seal(content, { passphrase: 'right one', iterations: 100_000 });
    const parsed = parseShareFragment(shareFragment(sealed, null));
    await expectShareError(unseal(parsed.sealed, { passphrase: 'wrong one' }), 'wrong-passphrase', /Wrong passphrase.*Nothing was loaded/);
    await expectShareError(unseal(parsed.sealed, { passphrase: '' }), 'wrong-passphrase', /Enter the passphrase/);
  });

  it('a link cut short says it is incomplete, wherever it was cut', async () => {
    const { sealed, key } = await seal(content);
    const fragment = shareFragment(sealed, key);
    await expectShareError(() => parseShareFragment(cut(fragment, 1)), 'truncated', /incomplete/);
    await expectShareError(() => parseShareFragment(cut(fragment, 40)), 'truncated', /carries \d+ of its \d+ encrypted bytes/);
    const dataStart = fragment.lastIndexOf('.');
    await expectShareError(() => parseShareFragment(fragment.slice(0, dataStart + 1)), 'truncated', /incomplete/);
    await expectShareError(() => parseShareFragment(fragment.slice(0, dataStart - 5)), 'truncated', /incomplete/);
    await expectShareError(() => parseShareFragment(fragment.slice(0, 20)), 'truncated', /incomplete/);
    await expectShareError(() => parseShareFragment('share=1'), 'truncated', /incomplete/);
  });

  it('a changed character of the ciphertext, IV, length or key fails authentication', async () => {
    const { sealed, key } = await seal(content);
    const fragment = shareFragment(sealed, key);
    const parts = fragment.split('.');
    const dataAt = fragment.length - Math.floor(parts[5]!.length / 2);
    const ivAt = fragment.indexOf(parts[4]!) + 3;
    const keyAt = fragment.indexOf(parts[3]!) + 5;
    for (const at of [dataAt, ivAt, keyAt]) {
      const p = parseShareFragment(change(fragment, at));
      await expectShareError(unseal(p.sealed, { key: p.key }), 'damaged', /altered or damaged.*Nothing was loaded/);
    }
    // A forged length that matches a shortened ciphertext: the header is authenticated.
    const shorter = toBase64Url(sealed.ciphertext.subarray(0, sealed.ciphertext.length - 1));
    const forged = `share=1.k.${sealed.length - 1}.${parts[3]}.${parts[4]}.${shorter}`;
    const p = parseShareFragment(forged);
    await expectShareError(unseal(p.sealed, { key: p.key }), 'damaged', /altered/);
    await expectShareError(() => parseShareFragment(`${fragment}AAAA`), 'damaged', /more data than it announces/);
    await expectShareError(() => parseShareFragment(fragment.replace('share=1.', 'share=2.')), 'malformed', /version 2/);
    await expectShareError(
      () => parseShareFragment(fragment.replace(parts[3]!, `${parts[3]!.slice(0, 10)}!${parts[3]!.slice(11)}`)),
      'malformed',
      /key is not valid/,
    );
  });

  it('a passphrase link with a changed iteration count or salt does not open', async () => {
    const { sealed } = await seal(content, { passphrase: 'pw', iterations: 100_000 });
    const fragment = shareFragment(sealed, null);
    const p = parseShareFragment(fragment.replace('.100000.', '.100001.'));
    await expectShareError(unseal(p.sealed, { passphrase: 'pw' }), 'wrong-passphrase', /Wrong passphrase/);
    await expectShareError(() => parseShareFragment(fragment.replace('.100000.', '.99999999999.')), 'malformed', /iterations/);
  });

  it('file form: same sealed content, the key given apart as text', async () => {
    const { sealed, key } = await seal(content);
    const file = JSON.stringify(sharedFile(sealed));
    expect(file).not.toContain(toBase64Url(key!));
    const read = parseSharedFile(file);
    expect(await unseal(read, { key: parseKeyText(keyText(key!)) })).toEqual(content);
    await expectShareError(() => parseKeyText(keyText(key!).slice(0, 30)), 'truncated', /wrong length/);
    const pass = await seal(content, { passphrase: 'pw', iterations: 100_000 });
    expect(await unseal(parseSharedFile(JSON.stringify(sharedFile(pass.sealed))), { passphrase: 'pw' })).toEqual(content);
    await expectShareError(() => parseSharedFile('{"format":"other"}'), 'malformed', /not a Riskdeck shared book/);
    const o = JSON.parse(file) as { ciphertext: string };
    o.ciphertext = o.ciphertext.slice(0, 20);
    await expectShareError(() => parseSharedFile(JSON.stringify(o)), 'truncated', /incomplete/);
  });

  it('content that is not a shared book is refused after decryption', async () => {
    const bad = { ...content, book: 42 } as unknown as SharedContent;
    const { sealed, key } = await seal(bad);
    await expectShareError(unseal(sealed, { key }), 'content', /no book/);
    const junk = { ...content, whatIf: { spotPct: { BTC: 'x' }, volPts: 0, days: 0 } } as unknown as SharedContent;
    const s2 = await seal(junk);
    await expectShareError(unseal(s2.sealed, { key: s2.key }), 'content', /what-if/);
  });

  it('a large book compresses well but can outgrow a link', async () => {
    const many = {
      ...content,
      book: JSON.stringify({ positions: Array.from({ length: 3000 }, (_, i) => ({ instrument: `BTC-${i}`, quantity: i * 1.37 })) }),
    };
    const { sealed, key } = await seal(many);
    expect(sealed.ciphertext.length).toBeLessThan(utf8(many.book).length / 2);
    expect(shareFragment(sealed, key).length).toBeGreaterThan(MAX_LINK_CHARS);
  });
});
