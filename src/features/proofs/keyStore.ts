/**
 * The page's signing key: an Ed25519 key pair generated in this browser with a non-extractable private key, kept
 * as CryptoKey objects (structured-cloneable) in its own IndexedDB database. The private key can sign but can never
 * be exported, copied out of the browser profile or sent anywhere; the public key and its fingerprint can.
 * Clearing the site's data deletes the key; proofs it signed still verify against its exported public key.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { toBase64 } from '../../proof/bytes.ts';
import { fingerprintOf, generateKeyPair, rawPublicKey, type Signer } from '../../proof/keys.ts';

export interface StoredSigningKey {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** Raw public key, base64. */
  readonly publicKeyBase64: string;
  readonly fingerprint: string;
  readonly createdAt: string;
}

const KEY = 'signing-key';
let store: UseStore | null = null;
const db = (): UseStore => (store ??= createStore('riskdeck-signing', 'keys'));

function isStoredKey(x: unknown): x is StoredSigningKey {
  const o = x as Partial<StoredSigningKey> | undefined;
  return !!o && o.privateKey instanceof CryptoKey && o.publicKey instanceof CryptoKey && typeof o.fingerprint === 'string';
}

/** The stored key, or null when there is none. */
export async function loadSigningKey(): Promise<StoredSigningKey | null> {
  const value: unknown = await get(KEY, db());
  return isStoredKey(value) ? value : null;
}

/** Generate a new key pair (private key non-extractable) and keep it, replacing any previous one. */
export async function createSigningKey(now: Date = new Date()): Promise<StoredSigningKey> {
  const pair = await generateKeyPair(false);
  const raw = await rawPublicKey(pair.publicKey);
  const key: StoredSigningKey = {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicKeyBase64: toBase64(raw),
    fingerprint: await fingerprintOf(raw),
    createdAt: now.toISOString(),
  };
  await set(KEY, key, db());
  return key;
}

export async function deleteSigningKey(): Promise<void> {
  await del(KEY, db());
}

export async function signerOf(key: StoredSigningKey): Promise<Signer> {
  return { privateKey: key.privateKey, publicKey: await rawPublicKey(key.publicKey) };
}
