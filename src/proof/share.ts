/**
 * Private share links: the book (optionally its market and what-if) compressed, encrypted and carried in the URL
 * fragment, which browsers never send to a server. No server is involved at all: the recipient's page decrypts.
 *
 * - Plaintext: the JSON of `SharedContent`, compressed with raw DEFLATE (CompressionStream('deflate-raw'), RFC 1951).
 * - Cipher: AES-256-GCM (WebCrypto), 96-bit random IV, 128-bit tag; the header (version, mode, length, KDF
 *   parameters) is the additional authenticated data, so none of it can be changed either.
 * - Key mode: a random 256-bit key, carried in the fragment next to the ciphertext (whoever has the link can read).
 * - Passphrase mode: the key is PBKDF2-HMAC-SHA256(passphrase, 128-bit random salt, 600,000 iterations) — OWASP
 *   Password Storage Cheat Sheet (2023) recommendation for PBKDF2-HMAC-SHA256 — and is not in the link.
 * - Fragment: `share=1.k.<length>.<key>.<iv>.<ciphertext>` or `share=1.p.<iterations>.<length>.<salt>.<iv>.<ciphertext>`,
 *   binary parts base64url; `length` (ciphertext bytes) tells a cut-off link from a tampered one.
 * - Too large for a link (over 8,000 characters, the minimum URI length RFC 9110 §4.1 asks every implementation
 *   to support): the same sealed content as an encrypted file, `SharedFile`; in key mode the key is given
 *   separately as text and is not in the file.
 *
 * Every failure is a ShareError with a sentence a trader can act on; nothing is loaded unless decryption and the
 * content checks all pass (the page then still asks before replacing the book).
 *
 * Verified by: share.test.ts (round trips in both modes; wrong passphrase; cut-off link; a changed character of
 * ciphertext, IV, header or key; decryption and inflation re-done with node:crypto and node:zlib; file form).
 */
import { fromBase64, fromBase64Url, fromUtf8, randomBytes, toBase64, toBase64Url, utf8 } from './bytes.ts';

export const SHARE_PARAM = 'share';
export const SHARE_VERSION = 1;
/** OWASP Password Storage Cheat Sheet (2023): PBKDF2-HMAC-SHA256 with at least 600,000 iterations. */
export const PBKDF2_ITERATIONS = 600_000;
/** Iteration counts a link may ask for (a huge count in a forged link would freeze the page). */
const MIN_ITERATIONS = 100_000;
const MAX_ITERATIONS = 10_000_000;
/** RFC 9110 §4.1: senders and recipients should support URIs of at least 8,000 octets. */
export const MAX_LINK_CHARS = 8000;
/** Largest inflated content accepted (a forged link must not exhaust memory). */
export const MAX_CONTENT_BYTES = 64 * 1024 * 1024;
export const SHARE_FILE_FORMAT = 'riskdeck-share';
export const SHARED_CONTENT_FORMAT = 'riskdeck-shared-book';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const SALT_BYTES = 16;

/** What a link carries. Units as in the app's state: overrides in USD and vol points, what-if in %, vol points, days. */
export interface SharedContent {
  readonly format: typeof SHARED_CONTENT_FORMAT;
  readonly version: 1;
  readonly createdAt: string;
  /** The book as portfolio JSON (docs/FORMATS.md); what-if rows only when `whatIf` is shared. */
  readonly book: string;
  readonly market?: {
    readonly fileName: string;
    readonly snapshot: unknown;
    readonly overrides: { readonly spot: Readonly<Record<string, number>>; readonly volPts: Readonly<Record<string, number>> };
  };
  readonly whatIf?: {
    readonly spotPct: Readonly<Record<string, number>>;
    readonly volPts: number;
    readonly days: number;
  };
}

export type ShareMode = 'key' | 'passphrase';

/** Encrypted content and everything needed to open it except the secret. */
export interface Sealed {
  readonly mode: ShareMode;
  readonly iterations: number | null;
  readonly salt: Uint8Array<ArrayBuffer> | null;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ciphertext: Uint8Array<ArrayBuffer>;
  /** Ciphertext bytes announced by the header. */
  readonly length: number;
}

/** A share in file form (too large for a link). */
export interface SharedFile {
  readonly format: typeof SHARE_FILE_FORMAT;
  readonly version: 1;
  readonly mode: ShareMode;
  readonly kdf: { readonly name: 'PBKDF2'; readonly hash: 'SHA-256'; readonly iterations: number; readonly salt: string } | null;
  readonly iv: string;
  readonly length: number;
  readonly ciphertext: string;
}

export type ShareErrorCode = 'malformed' | 'truncated' | 'wrong-passphrase' | 'damaged' | 'content';

export class ShareError extends Error {
  override name = 'ShareError';
  constructor(
    readonly code: ShareErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Compression.

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new ShareError('content', `the shared content inflates to more than ${limit / 1024 / 1024} MB; it was not opened`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const deflateRaw = (bytes: Uint8Array<ArrayBuffer>) => pipe(bytes, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER);

export async function inflateRaw(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_CONTENT_BYTES);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('content', 'the decrypted content is not valid compressed data');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Keys and sealing.

async function aesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** AES-256 key from a passphrase: PBKDF2-HMAC-SHA256. */
export async function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await globalThis.crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return globalThis.crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The authenticated header: everything of the link but the key, the IV and the ciphertext. */
export function sealedHeader(s: Pick<Sealed, 'mode' | 'iterations' | 'salt' | 'length'>): string {
  return s.mode === 'key'
    ? `riskdeck-share.${SHARE_VERSION}.k.${s.length}`
    : `riskdeck-share.${SHARE_VERSION}.p.${s.iterations ?? 0}.${s.length}.${toBase64Url(s.salt ?? new Uint8Array(0))}`;
}

export interface SealOptions {
  /** Passphrase mode when given (non-empty). */
  readonly passphrase?: string | null;
  readonly iterations?: number;
}

/** Compress and encrypt content. In key mode the random key is returned beside the sealed bytes. */
export async function seal(
  content: SharedContent,
  opts: SealOptions = {},
): Promise<{ sealed: Sealed; key: Uint8Array<ArrayBuffer> | null }> {
  const plain = await deflateRaw(utf8(JSON.stringify(content)));
  const iv = randomBytes(IV_BYTES);
  const length = plain.length + 16;
  if (opts.passphrase) {
    const iterations = opts.iterations ?? PBKDF2_ITERATIONS;
    const salt = randomBytes(SALT_BYTES);
    const key = await passphraseKey(opts.passphrase, salt, iterations);
    const header = sealedHeader({ mode: 'passphrase', iterations, salt, length });
    const ciphertext = new Uint8Array(
      await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(header) }, key, plain),
    );
    return { sealed: { mode: 'passphrase', iterations, salt, iv, ciphertext, length }, key: null };
  }
  const raw = randomBytes(KEY_BYTES);
  const header = sealedHeader({ mode: 'key', iterations: null, salt: null, length });
  const ciphertext = new Uint8Array(
    await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(header) }, await aesKey(raw), plain),
  );
  return { sealed: { mode: 'key', iterations: null, salt: null, iv, ciphertext, length }, key: raw };
}

// ---------------------------------------------------------------------------------------------------------------
// Link and file forms.

/** The fragment (without `#`). `key` is required in key mode. */
export function shareFragment(s: Sealed, key: Uint8Array | null): string {
  const data = `${toBase64Url(s.iv)}.${toBase64Url(s.ciphertext)}`;
  if (s.mode === 'key') {
    if (!key) throw new Error('key mode needs the key');
    return `${SHARE_PARAM}=${SHARE_VERSION}.k.${s.length}.${toBase64Url(key)}.${data}`;
  }
  return `${SHARE_PARAM}=${SHARE_VERSION}.p.${s.iterations ?? PBKDF2_ITERATIONS}.${s.length}.${toBase64Url(s.salt ?? new Uint8Array(0))}.${data}`;
}

/** True when a URL fragment (with or without `#`) carries a share. */
export function isShareFragment(hash: string): boolean {
  return hash.replace(/^#/, '').startsWith(`${SHARE_PARAM}=`);
}

const INCOMPLETE = 'The link is incomplete (it was probably cut when copied): ask for it again. Nothing was loaded.';

function b64url(part: string | undefined, what: string, bytes?: number): Uint8Array<ArrayBuffer> {
  if (part === undefined || part === '') throw new ShareError('truncated', INCOMPLETE);
  if (!/^[A-Za-z0-9_-]+$/.test(part)) {
    throw new ShareError('malformed', `The link's ${what} is not valid (a character was changed?). Nothing was loaded.`);
  }
  // A base64url text of 4k + 1 characters cannot be whole: the link was cut inside it.
  if (part.length % 4 === 1) throw new ShareError('truncated', INCOMPLETE);
  const out = fromBase64Url(part);
  if (bytes !== undefined && out.length !== bytes) {
    throw new ShareError(
      out.length < bytes ? 'truncated' : 'malformed',
      out.length < bytes ? INCOMPLETE : `The link's ${what} has the wrong length. Nothing was loaded.`,
    );
  }
  return out;
}

function checkLength(declared: number, ciphertext: Uint8Array): void {
  if (ciphertext.length < declared) {
    throw new ShareError(
      'truncated',
      `The link is incomplete: it carries ${ciphertext.length} of its ${declared} encrypted bytes (it was probably cut when copied). Nothing was loaded.`,
    );
  }
  if (ciphertext.length > declared)
    throw new ShareError('damaged', 'The link was altered: it carries more data than it announces. Nothing was loaded.');
}

/** Read a share fragment: the sealed content and, in key mode, the key. */
export function parseShareFragment(hash: string): { sealed: Sealed; key: Uint8Array<ArrayBuffer> | null } {
  const body = hash.replace(/^#/, '');
  if (!body.startsWith(`${SHARE_PARAM}=`)) throw new ShareError('malformed', 'This is not a Riskdeck share link.');
  let value = body.slice(SHARE_PARAM.length + 1);
  try {
    value = decodeURIComponent(value);
  } catch {
    // keep as is: base64url needs no decoding
  }
  const parts = value.split('.');
  if (parts[0] !== String(SHARE_VERSION)) {
    throw new ShareError('malformed', `This share link has version ${parts[0] ?? '?'}; this page reads version ${SHARE_VERSION}.`);
  }
  const int = (p: string | undefined): number => {
    if (p === undefined || !/^\d+$/.test(p)) throw new ShareError('truncated', INCOMPLETE);
    return Number(p);
  };
  if (parts[1] === 'k') {
    const length = int(parts[2]);
    const key = b64url(parts[3], 'key', KEY_BYTES);
    const iv = b64url(parts[4], 'IV', IV_BYTES);
    const ciphertext = b64url(parts[5], 'data');
    if (parts.length > 6) throw new ShareError('malformed', 'The link has extra parts. Nothing was loaded.');
    checkLength(length, ciphertext);
    return { sealed: { mode: 'key', iterations: null, salt: null, iv, ciphertext, length }, key };
  }
  if (parts[1] === 'p') {
    const iterations = int(parts[2]);
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new ShareError(
        'malformed',
        `The link asks for ${iterations} PBKDF2 iterations, outside ${MIN_ITERATIONS}…${MAX_ITERATIONS}. Nothing was loaded.`,
      );
    }
    const length = int(parts[3]);
    const salt = b64url(parts[4], 'salt', SALT_BYTES);
    const iv = b64url(parts[5], 'IV', IV_BYTES);
    const ciphertext = b64url(parts[6], 'data');
    if (parts.length > 7) throw new ShareError('malformed', 'The link has extra parts. Nothing was loaded.');
    checkLength(length, ciphertext);
    return { sealed: { mode: 'passphrase', iterations, salt, iv, ciphertext, length }, key: null };
  }
  throw new ShareError(
    parts[1] === undefined ? 'truncated' : 'malformed',
    parts[1] === undefined ? INCOMPLETE : 'The link names an unknown mode. Nothing was loaded.',
  );
}

export function sharedFile(s: Sealed): SharedFile {
  return {
    format: SHARE_FILE_FORMAT,
    version: 1,
    mode: s.mode,
    kdf:
      s.mode === 'passphrase'
        ? { name: 'PBKDF2', hash: 'SHA-256', iterations: s.iterations ?? PBKDF2_ITERATIONS, salt: toBase64(s.salt!) }
        : null,
    iv: toBase64(s.iv),
    length: s.length,
    ciphertext: toBase64(s.ciphertext),
  };
}

/** Read an encrypted share file. */
export function parseSharedFile(text: string): Sealed {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ShareError('malformed', 'This file is not a Riskdeck shared book (not JSON).');
  }
  if (typeof o !== 'object' || o === null || o['format'] !== SHARE_FILE_FORMAT) {
    throw new ShareError('malformed', 'This file is not a Riskdeck shared book.');
  }
  if (o['version'] !== 1)
    throw new ShareError('malformed', `This shared book has version ${String(o['version'])}; this page reads version 1.`);
  const bytes = (k: string, n?: number): Uint8Array<ArrayBuffer> => {
    const v = o[k];
    let out: Uint8Array<ArrayBuffer>;
    try {
      out = fromBase64(String(v));
    } catch {
      throw new ShareError('malformed', `The file's ${k} is not base64. Nothing was loaded.`);
    }
    if (n !== undefined && out.length !== n) throw new ShareError('malformed', `The file's ${k} has the wrong length. Nothing was loaded.`);
    return out;
  };
  const length = o['length'];
  if (typeof length !== 'number' || !Number.isSafeInteger(length)) throw new ShareError('malformed', 'The file does not say its length.');
  const ciphertext = bytes('ciphertext');
  checkLength(length, ciphertext);
  if (o['mode'] === 'key') return { mode: 'key', iterations: null, salt: null, iv: bytes('iv', IV_BYTES), ciphertext, length };
  if (o['mode'] !== 'passphrase') throw new ShareError('malformed', 'The file names an unknown mode.');
  const kdf = o['kdf'] as Record<string, unknown> | null;
  const iterations = kdf?.['iterations'];
  if (
    !kdf ||
    kdf['name'] !== 'PBKDF2' ||
    kdf['hash'] !== 'SHA-256' ||
    typeof iterations !== 'number' ||
    iterations < MIN_ITERATIONS ||
    iterations > MAX_ITERATIONS
  ) {
    throw new ShareError('malformed', 'The file’s key derivation is not PBKDF2-HMAC-SHA256 with a sane iteration count.');
  }
  let salt: Uint8Array<ArrayBuffer>;
  try {
    salt = fromBase64(String(kdf['salt']));
  } catch {
    throw new ShareError('malformed', 'The file’s salt is not base64.');
  }
  if (salt.length !== SALT_BYTES) throw new ShareError('malformed', 'The file’s salt has the wrong length.');
  return { mode: 'passphrase', iterations, salt, iv: bytes('iv', IV_BYTES), ciphertext, length };
}

/** The key of a key-mode file, as the text given to the recipient (base64url, 43 characters). */
export const keyText = (key: Uint8Array): string => toBase64Url(key);

export function parseKeyText(text: string): Uint8Array<ArrayBuffer> {
  let key: Uint8Array<ArrayBuffer>;
  try {
    key = fromBase64Url(text.trim());
  } catch {
    throw new ShareError('malformed', 'The key is not valid: paste the 43 characters you were given.');
  }
  if (key.length !== KEY_BYTES)
    throw new ShareError(key.length < KEY_BYTES ? 'truncated' : 'malformed', 'The key has the wrong length: paste all 43 characters.');
  return key;
}

// ---------------------------------------------------------------------------------------------------------------
// Opening.

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumberRecord = (x: unknown): boolean => isRecord(x) && Object.values(x).every((v) => typeof v === 'number' && Number.isFinite(v));

function readContent(json: unknown): SharedContent {
  const bad = (what: string) => new ShareError('content', `The shared content is not valid (${what}). Nothing was loaded.`);
  if (!isRecord(json) || json['format'] !== SHARED_CONTENT_FORMAT) throw bad('not a shared book');
  if (json['version'] !== 1) throw bad(`version ${String(json['version'])}`);
  if (typeof json['book'] !== 'string') throw bad('no book');
  if (typeof json['createdAt'] !== 'string') throw bad('no creation time');
  const market = json['market'];
  if (market !== undefined) {
    if (!isRecord(market) || typeof market['fileName'] !== 'string' || !isRecord(market['snapshot']) || !isRecord(market['overrides']))
      throw bad('market');
    const o = market['overrides'];
    if (!isNumberRecord(o['spot']) || !isNumberRecord(o['volPts'])) throw bad('market overrides');
  }
  const w = json['whatIf'];
  if (w !== undefined) {
    if (!isRecord(w) || !isNumberRecord(w['spotPct']) || typeof w['volPts'] !== 'number' || typeof w['days'] !== 'number')
      throw bad('what-if');
    if (!Number.isFinite(w['volPts']) || !Number.isFinite(w['days'])) throw bad('what-if');
  }
  return json as unknown as SharedContent;
}

/**
 * Decrypt, inflate and check shared content.
 * @param secret the key (key mode) or the passphrase (passphrase mode)
 */
export async function unseal(
  s: Sealed,
  secret: { key?: Uint8Array<ArrayBuffer> | null; passphrase?: string | null },
): Promise<SharedContent> {
  let cryptoKey: CryptoKey;
  if (s.mode === 'key') {
    if (!secret.key || secret.key.length !== KEY_BYTES) throw new ShareError('malformed', 'The key is missing.');
    cryptoKey = await aesKey(secret.key);
  } else {
    if (!secret.passphrase) throw new ShareError('wrong-passphrase', 'Enter the passphrase you were given.');
    cryptoKey = await passphraseKey(secret.passphrase, s.salt!, s.iterations!);
  }
  let plain: Uint8Array<ArrayBuffer>;
  try {
    plain = new Uint8Array(
      await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.iv, additionalData: utf8(sealedHeader(s)) }, cryptoKey, s.ciphertext),
    );
  } catch {
    throw s.mode === 'passphrase'
      ? new ShareError('wrong-passphrase', 'Wrong passphrase, or the link was altered: the content does not decrypt. Nothing was loaded.')
      : new ShareError('damaged', 'The link was altered or damaged: its content does not authenticate. Nothing was loaded.');
  }
  const inflated = await inflateRaw(plain);
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(inflated));
  } catch {
    throw new ShareError('content', 'The shared content is not valid JSON. Nothing was loaded.');
  }
  return readContent(json);
}
