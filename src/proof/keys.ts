/**
 * Ed25519 keys and signatures through WebCrypto (`crypto.subtle`, RFC 8032 Ed25519 as in Node 20 and Chromium ≥ 137).
 *
 * - The app's key pair is generated in the browser with a non-extractable private key (it can sign, it can never
 *   be read out) and kept as a CryptoKey in IndexedDB (features/proofs/keyStore.ts).
 * - The CLI's key is a file (`npm run prove -- --new-key KEY_FILE`): an extractable PKCS #8 private key, written
 *   with owner-only permissions. Both sign the same bytes and verify the same way.
 * - Fingerprint = SHA-256 of the raw 32-byte public key, hex; shown in groups of four to compare by eye.
 * - What is signed: the UTF-8 bytes of the statement's RFC 8785 canonical JSON (canonicalJson.ts).
 *
 * Verified by: keys.test.ts (RFC 8032 §7.1 test vectors 1–3 sign and verify through these functions; a changed
 * byte of message, signature or key fails; the app key is not extractable; key file round trip).
 */
import { fromBase64, toBase64, utf8 } from './bytes.ts';
import { canonicalBytes } from './canonicalJson.ts';
import { sha256Hex } from './hash.ts';
import {
  KEY_FILE_FORMAT,
  PUBLIC_KEY_FORMAT,
  PROOF_FORMAT,
  type KeyFile,
  type MarginStatement,
  type ProofFile,
  type PublicKeyFile,
} from './formats.ts';

const ED25519 = { name: 'Ed25519' } as const;

/** A signer: the private key (any extractability) and the raw public key. */
export interface Signer {
  readonly privateKey: CryptoKey;
  /** Raw 32-byte public key. */
  readonly publicKey: Uint8Array<ArrayBuffer>;
}

/** Whether this runtime's WebCrypto has Ed25519 (browsers before 2025 may not). */
export async function ed25519Supported(): Promise<boolean> {
  try {
    await globalThis.crypto.subtle.generateKey(ED25519, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

/** A new Ed25519 key pair; `extractable` applies to the private key (the public key is always exportable). */
export async function generateKeyPair(extractable: boolean): Promise<CryptoKeyPair> {
  return (await globalThis.crypto.subtle.generateKey(ED25519, extractable, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function rawPublicKey(publicKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', publicKey));
}

/** SHA-256 of the raw public key, hex. */
export function fingerprintOf(publicKeyRaw: Uint8Array<ArrayBuffer>): Promise<string> {
  return sha256Hex(publicKeyRaw);
}

/** `ab12 cd34 …`: the fingerprint in groups of four. */
export function formatFingerprint(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

export async function signBytes(privateKey: CryptoKey, message: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.sign(ED25519, privateKey, message));
}

/** True when `signature` is a valid Ed25519 signature of `message` by `publicKeyRaw`; false for any malformed input. */
export async function verifyBytes(
  publicKeyRaw: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
  message: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  if (publicKeyRaw.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await globalThis.crypto.subtle.importKey('raw', publicKeyRaw, ED25519, false, ['verify']);
    return await globalThis.crypto.subtle.verify(ED25519, key, signature, message);
  } catch {
    return false;
  }
}

/** Sign a statement: the proof file. */
export async function signStatement(statement: MarginStatement, signer: Signer): Promise<ProofFile> {
  const value = await signBytes(signer.privateKey, canonicalBytes(statement));
  return {
    format: PROOF_FORMAT,
    version: 1,
    statement,
    signature: {
      algorithm: 'Ed25519',
      publicKey: toBase64(signer.publicKey),
      fingerprint: await fingerprintOf(signer.publicKey),
      value: toBase64(value),
    },
  };
}

export async function publicKeyFile(publicKeyRaw: Uint8Array<ArrayBuffer>): Promise<PublicKeyFile> {
  return {
    format: PUBLIC_KEY_FORMAT,
    version: 1,
    algorithm: 'Ed25519',
    publicKey: toBase64(publicKeyRaw),
    fingerprint: await fingerprintOf(publicKeyRaw),
  };
}

/** A new key file for the CLI (extractable private key in PKCS #8). */
export async function newKeyFile(now: Date = new Date()): Promise<KeyFile> {
  const pair = await generateKeyPair(true);
  const raw = await rawPublicKey(pair.publicKey);
  const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return {
    format: KEY_FILE_FORMAT,
    version: 1,
    algorithm: 'Ed25519',
    publicKey: toBase64(raw),
    fingerprint: await fingerprintOf(raw),
    privateKeyPkcs8: toBase64(pkcs8),
    createdAt: now.toISOString(),
  };
}

/**
 * The signer of a key file. The private key is imported non-extractable, and it must belong to the public key the
 * file names (a test signature is checked), so a damaged or mixed-up file is an error, not a wrong proof.
 */
export async function signerFromKeyFile(file: KeyFile): Promise<Signer> {
  let privateKey: CryptoKey;
  try {
    privateKey = await globalThis.crypto.subtle.importKey('pkcs8', fromBase64(file.privateKeyPkcs8), ED25519, false, ['sign']);
  } catch (e) {
    throw new Error(`the private key cannot be read as an Ed25519 PKCS #8 key (${e instanceof Error ? e.message : String(e)})`, {
      cause: e,
    });
  }
  const publicKey = fromBase64(file.publicKey);
  if ((await fingerprintOf(publicKey)) !== file.fingerprint) throw new Error('the fingerprint does not belong to the public key');
  const probe = utf8('riskdeck key check');
  if (!(await verifyBytes(publicKey, await signBytes(privateKey, probe), probe))) {
    throw new Error('the private key does not belong to the public key of the file');
  }
  return { privateKey, publicKey };
}
