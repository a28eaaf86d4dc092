/**
 * Test helpers of the proof code (imported by *.test.ts only): the bundled default book, market and parameters read
 * the way the CLI reads them, a deterministic salt source and a signer built from RFC 8032's TEST 1 key.
 */
import { readFileSync } from 'node:fs';
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';
import { parsePmeParams, type PmeParams } from '../engine/index.ts';
import { importMarketText } from '../io/importMarket.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { fromHex } from './bytes.ts';
import type { Signer } from './keys.ts';

const root = new URL('../../', import.meta.url);
export const repoPath = (p: string): string => new URL(p, root).pathname;

export function readMarketFile(path: string): MarketSnapshot {
  const r = importMarketText(readFileSync(repoPath(path), 'utf8'), path);
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

export function readBookFile(path: string): Portfolio {
  const r = importPortfolioText(readFileSync(repoPath(path), 'utf8'), path);
  if (!r.ok) throw new Error(r.error);
  return r.result.portfolio;
}

export const defaultMarket = (): MarketSnapshot => readMarketFile('public/data/default-market.json');
export const defaultBook = (): Portfolio => readBookFile('public/data/default-portfolio.csv');

export function defaultParams(): PmeParams {
  const r = parsePmeParams(JSON.parse(readFileSync(repoPath('public/data/margin-params.json'), 'utf8')));
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

/** Deterministic "random" bytes (xorshift32): reproducible salts for tests. */
export function seededBytes(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

/** The RFC 8032 §7.1 TEST 1 key pair as a signer. */
export async function rfc8032Signer(): Promise<Signer> {
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    fromHex('302e020100300506032b6570042204209d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
    { name: 'Ed25519' },
    false,
    ['sign'],
  );
  return { privateKey, publicKey: fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a') };
}
