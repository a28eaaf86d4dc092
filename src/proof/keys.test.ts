import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex, utf8 } from './bytes.ts';
import { canonicalBytes } from './canonicalJson.ts';
import {
  fingerprintOf,
  formatFingerprint,
  generateKeyPair,
  newKeyFile,
  rawPublicKey,
  signBytes,
  signerFromKeyFile,
  verifyBytes,
} from './keys.ts';
import { parseKeyFile } from './formats.ts';
import { fileText } from './formats.ts';

/** RFC 8032 §7.1, Ed25519 TEST 1–3: secret key (seed), public key, message, signature. */
const RFC8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    pub: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    msg: '',
    sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    pub: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    msg: '72',
    sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    pub: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    msg: 'af82',
    sig: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

/** PKCS #8 of an Ed25519 seed (RFC 8410 §7: SEQUENCE { version 0, AlgorithmIdentifier 1.3.101.112, OCTET STRING { seed } }). */
const pkcs8 = (seedHex: string) => fromHex(`302e020100300506032b657004220420${seedHex}`);

describe('Ed25519 through WebCrypto', () => {
  it('signs and verifies the RFC 8032 test vectors', async () => {
    for (const v of RFC8032) {
      const key = await crypto.subtle.importKey('pkcs8', pkcs8(v.seed), { name: 'Ed25519' }, false, ['sign']);
      const sig = await signBytes(key, fromHex(v.msg));
      expect(toHex(sig)).toBe(v.sig);
      expect(await verifyBytes(fromHex(v.pub), fromHex(v.sig), fromHex(v.msg))).toBe(true);
    }
  });

  it('rejects a changed message, signature or key, and malformed input', async () => {
    const v = RFC8032[2]!;
    const flip = (hex: string, at: number) => {
      const b = fromHex(hex);
      b[at] = b[at]! ^ 1;
      return b;
    };
    expect(await verifyBytes(fromHex(v.pub), fromHex(v.sig), flip(v.msg, 1))).toBe(false);
    expect(await verifyBytes(fromHex(v.pub), flip(v.sig, 10), fromHex(v.msg))).toBe(false);
    expect(await verifyBytes(fromHex(v.pub), flip(v.sig, 63), fromHex(v.msg))).toBe(false);
    expect(await verifyBytes(flip(v.pub, 0), fromHex(v.sig), fromHex(v.msg))).toBe(false);
    expect(await verifyBytes(fromHex(v.pub).slice(0, 31), fromHex(v.sig), fromHex(v.msg))).toBe(false);
    expect(await verifyBytes(fromHex(v.pub), fromHex(v.sig).slice(0, 63), fromHex(v.msg))).toBe(false);
  });

  it('verifies a signature made by node:crypto (an independent Ed25519 implementation path)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    const msg = canonicalBytes({ claim: true, root: 'ab' });
    const sig = new Uint8Array(nodeSign(null, msg, privateKey));
    expect(await verifyBytes(raw, sig, msg)).toBe(true);
  });

  it('keeps the app key non-extractable and exports only the public key', async () => {
    const pair = await generateKeyPair(false);
    expect(pair.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
    const raw = await rawPublicKey(pair.publicKey);
    expect(raw.length).toBe(32);
    const msg = utf8('statement');
    expect(await verifyBytes(raw, await signBytes(pair.privateKey, msg), msg)).toBe(true);
  });

  it('fingerprints are SHA-256 of the raw key, shown in groups of four', async () => {
    const fp = await fingerprintOf(fromHex(RFC8032[0]!.pub));
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(formatFingerprint('0123456789abcdef')).toBe('0123 4567 89ab cdef');
  });

  it('a key file round-trips to a signer; a damaged or mixed-up file is refused', async () => {
    const file = await newKeyFile(new Date('2026-08-22T00:00:00Z'));
    const parsed = parseKeyFile(fileText(file));
    expect(parsed.ok).toBe(true);
    const signer = await signerFromKeyFile(file);
    expect(signer.privateKey.extractable).toBe(false);
    const msg = utf8('x');
    expect(await verifyBytes(signer.publicKey, await signBytes(signer.privateKey, msg), msg)).toBe(true);
    const other = await newKeyFile();
    await expect(signerFromKeyFile({ ...file, publicKey: other.publicKey, fingerprint: other.fingerprint })).rejects.toThrow(
      'does not belong to the public key',
    );
    await expect(signerFromKeyFile({ ...file, fingerprint: other.fingerprint })).rejects.toThrow('fingerprint does not belong');
    await expect(signerFromKeyFile({ ...file, privateKeyPkcs8: toBase64(utf8('not a key')) })).rejects.toThrow('cannot be read');
  });
});
