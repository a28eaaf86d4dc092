/** SHA-256 through WebCrypto (`crypto.subtle.digest`), the same primitive in Node 20, browsers and workers. */
import { toHex } from './bytes.ts';

export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data));
}

export async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await sha256(data));
}
