/**
 * Read-only account link: `public/auth` with `grant_type: "client_signature"`, so the client secret never goes on
 * the wire, then `refresh_token` renewal before the access token expires, and a fresh signature after a reconnect
 * (connection-scoped tokens die with the connection).
 *
 * Deribit's string to sign (docs "authentication"):
 *   StringToSign = Timestamp + "\n" + Nonce + "\n" + Data,   Signature = HEX(HMAC-SHA256(ClientSecret, StringToSign))
 * with Timestamp in ms and Data empty here. HMAC-SHA256 comes from WebCrypto (`crypto.subtle`, in browsers, workers
 * and Node ≥ 20).
 *
 * The secret lives in one private class field of the `AccountAuth` that holds it (not enumerable, not cloned, not
 * serialised by JSON.stringify) and nowhere else: it is never logged, persisted, exported or put in an error.
 * `forget()` drops it and the tokens.
 */
import type { RpcCall, SetupStep } from './connection.ts';
import { ConnectionLostError, RequestTimeoutError, RpcError } from './connection.ts';
import { systemClock, type LiveClock } from './transport.ts';

/** A Deribit API key: client id and secret (the secret only ever reaches `AccountAuth`). */
export interface DeribitCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Minimal WebCrypto surface used (so tests can pass Node's `crypto.webcrypto.subtle`). */
export interface HmacSubtle {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: false,
    usages: ['sign'],
  ): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

function defaultSubtle(): HmacSubtle {
  const subtle = (globalThis as { crypto?: { subtle?: unknown } }).crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available here, so the request cannot be signed');
  return subtle as HmacSubtle;
}

/** Deribit's string to sign for `client_signature`. */
export function stringToSign(timestampMs: number, nonce: string, data: string): string {
  return `${timestampMs}\n${nonce}\n${data}`;
}

/** Lower-case hex HMAC-SHA256 of `message` under `key` (both UTF-8). */
export async function hmacSha256Hex(key: string, message: string, subtle: HmacSubtle = defaultSubtle()): Promise<string> {
  const enc = new TextEncoder();
  const k = await subtle.importKey('raw', enc.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await subtle.sign('HMAC', k, enc.encode(message)));
  let hex = '';
  for (const b of sig) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** A random nonce (16 hex characters) from WebCrypto's random source. */
export function randomNonce(): string {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  const bytes = new Uint8Array(8);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parameters of a `client_signature` `public/auth` request (the secret is not among them). */
export interface SignatureAuthParams {
  readonly grant_type: 'client_signature';
  readonly client_id: string;
  readonly timestamp: number;
  readonly signature: string;
  readonly nonce: string;
  readonly data: string;
}

/** Build the `public/auth` parameters for `client_signature` at `timestampMs` with `nonce`. */
export async function signatureAuthParams(
  clientId: string,
  clientSecret: string,
  timestampMs: number,
  nonce: string,
  data = '',
  subtle?: HmacSubtle,
): Promise<SignatureAuthParams> {
  const signature = await hmacSha256Hex(clientSecret, stringToSign(timestampMs, nonce, data), subtle ?? defaultSubtle());
  return { grant_type: 'client_signature', client_id: clientId, timestamp: timestampMs, signature, nonce, data };
}

/** Scopes that permit more than reading. A key with any of them is not read-only. */
const WRITE_SCOPE = /(^|\s)(trade|wallet|account|block_trade|block_rfq|custody):read_write(\s|$)/;

/** What the UI shows after linking: never the secret or a token. */
export interface AccountLinkInfo {
  readonly clientId: string;
  /** The scope Deribit granted (it may narrow what was asked for). */
  readonly scope: string;
  /** True when the granted scope has no `:read_write` part. */
  readonly readOnly: boolean;
  /** Epoch ms when the current access token expires. */
  readonly expiresAtMs: number;
  /** Set when the key can do more than read. */
  readonly warning?: string;
}

export type AuthEvent =
  | { readonly type: 'linked'; readonly info: AccountLinkInfo }
  | { readonly type: 'refreshed'; readonly info: AccountLinkInfo }
  | { readonly type: 'failed'; readonly message: string };

interface AuthResult {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/**
 * Holds one API key for one connection owner and authenticates the connection on every (re)connect.
 * Register `setupStep` on the connection; call `forget()` to unlink.
 */
export class AccountAuth {
  readonly #secret: { value: string | null };
  readonly clientId: string;
  private accessToken: string | null = null;
  private refreshToken: string | null = null;
  private refreshTimer: unknown = null;
  private info: AccountLinkInfo | null = null;
  private call: RpcCall | null = null;

  constructor(
    credentials: DeribitCredentials,
    private readonly onEvent: (e: AuthEvent) => void,
    private readonly clock: LiveClock = systemClock,
    private readonly deps: { readonly subtle?: HmacSubtle; readonly nonce?: () => string } = {},
  ) {
    this.clientId = credentials.clientId.trim();
    this.#secret = { value: credentials.clientSecret };
  }

  /** The link's public facts (JSON-safe); null before the first successful auth. */
  get linkInfo(): AccountLinkInfo | null {
    return this.info;
  }

  get linked(): boolean {
    return this.accessToken !== null;
  }

  /** Serialising an AccountAuth never includes the secret or a token. */
  toJSON(): { clientId: string; linked: boolean } {
    return { clientId: this.clientId, linked: this.linked };
  }

  /** Drop the secret and the tokens; later setups do nothing. */
  forget(): void {
    this.#secret.value = null;
    this.accessToken = null;
    this.refreshToken = null;
    this.info = null;
    if (this.refreshTimer !== null) this.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  /** Connection setup step: a signed `public/auth` on every new link. Failures are reported, not thrown. */
  readonly setupStep: SetupStep = async (call) => {
    const secret = this.#secret.value;
    if (secret === null) return;
    this.call = call;
    try {
      const timestamp = this.clock.now();
      const nonce = (this.deps.nonce ?? randomNonce)();
      const params = await signatureAuthParams(this.clientId, secret, timestamp, nonce, '', this.deps.subtle);
      const result = await call<AuthResult>('public/auth', { ...params });
      this.accept(result, 'linked');
    } catch (e) {
      this.accessToken = null;
      this.onEvent({ type: 'failed', message: authFailureMessage(e) });
    }
  };

  private accept(result: AuthResult, type: 'linked' | 'refreshed'): void {
    if (typeof result?.access_token !== 'string') throw new Error('public/auth answered without an access token');
    this.accessToken = result.access_token;
    this.refreshToken = typeof result.refresh_token === 'string' ? result.refresh_token : null;
    const expiresInS = typeof result.expires_in === 'number' && result.expires_in > 0 ? result.expires_in : 900;
    const scope = typeof result.scope === 'string' ? result.scope : '';
    const readOnly = !WRITE_SCOPE.test(scope);
    this.info = {
      clientId: this.clientId,
      scope,
      readOnly,
      expiresAtMs: this.clock.now() + expiresInS * 1000,
      ...(readOnly
        ? {}
        : { warning: 'this API key can trade or move funds (a :read_write scope); Riskdeck only reads, so a read-only key is safer' }),
    };
    this.scheduleRefresh(expiresInS);
    this.onEvent({ type, info: this.info });
  }

  /** Renew at 80 % of the token's life (setTimeout cannot wait longer than ~24.8 days; it re-arms). */
  private scheduleRefresh(expiresInS: number): void {
    if (this.refreshTimer !== null) this.clock.clearTimeout(this.refreshTimer);
    const delay = Math.min(Math.max(1_000, expiresInS * 800), 2_000_000_000);
    this.refreshTimer = this.clock.setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, delay);
  }

  /** `public/auth` with the refresh token; on failure a fresh signed auth. */
  async refresh(): Promise<void> {
    const call = this.call;
    if (!call || this.#secret.value === null) return;
    try {
      if (!this.refreshToken) throw new Error('no refresh token');
      const result = await call<AuthResult>('public/auth', { grant_type: 'refresh_token', refresh_token: this.refreshToken });
      this.accept(result, 'refreshed');
    } catch {
      await this.setupStep(call);
    }
  }
}

/** A failure message that names Deribit's reason and never any request parameter. */
export function authFailureMessage(e: unknown): string {
  if (e instanceof RpcError) {
    if (e.code === 13004) return 'Deribit refused the API key (invalid_credentials): check the client id and secret';
    if (e.code === 13009) return 'Deribit refused the signature (unauthorized): check the key and the computer clock';
    return `authentication failed: ${e.serverMessage} (Deribit error ${e.code})`;
  }
  if (e instanceof ConnectionLostError || e instanceof RequestTimeoutError) return `authentication failed: ${e.message}`;
  return `authentication failed: ${e instanceof Error ? e.name : 'error'}`;
}
