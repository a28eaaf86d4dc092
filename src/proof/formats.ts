/**
 * The files of a portfolio-margin proof (docs/FORMATS.md "Portfolio-margin proofs"): the signed statement
 * (proof.json), the opening kept by the prover (opening.json), an inclusion proof of one position (inc.json), and the
 * key files. Each reader checks every field and names the first one that is wrong.
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { PmeParams } from '../engine/index.ts';
import { canonicalPositionError, SALT_BYTES, type CanonicalPosition, type SaltedPosition } from './commitment.ts';
import type { CurrencyFigures } from './figures.ts';

export const PROOF_FORMAT = 'riskdeck-margin-proof';
export const OPENING_FORMAT = 'riskdeck-margin-opening';
export const INCLUSION_FORMAT = 'riskdeck-margin-inclusion';
export const KEY_FILE_FORMAT = 'riskdeck-signing-key';
export const PUBLIC_KEY_FORMAT = 'riskdeck-public-key';
export const STATEMENT_TYPE = 'riskdeck-portfolio-margin-statement';
/** Leaf and node hashing of the book tree (commitment.ts, merkle.ts). */
export const COMMITMENT_SCHEME = 'rfc6962-sha256-salted-sorted';
export const MARGIN_MODEL = 'deribit-pme';
export const CLAIM_TEXT = 'equity ≥ MM in every currency';

/** What the prover signs. Amounts per currency in that currency. */
export interface MarginStatement {
  readonly type: typeof STATEMENT_TYPE;
  readonly version: 1;
  readonly commitmentScheme: typeof COMMITMENT_SCHEME;
  /** Merkle root of the book, lower-case hex. */
  readonly root: string;
  /** Leaves of the padded tree (a power of two ≥ the number of positions). */
  readonly treeSize: number;
  /** SHA-256 of the canonical market snapshot, hex. */
  readonly marketHash: string;
  /** SHA-256 of the canonical PME parameters, hex. */
  readonly parametersHash: string;
  readonly marginModel: typeof MARGIN_MODEL;
  /** The market's valuation instant (ISO-8601). */
  readonly valuationTime: string;
  readonly engineVersion: string;
  /** When the statement was signed (ISO-8601). */
  readonly issuedAt: string;
  readonly currencies: Readonly<Record<string, CurrencyFigures>>;
  readonly claim: { readonly text: typeof CLAIM_TEXT; readonly holds: boolean };
}

export interface ProofSignature {
  readonly algorithm: 'Ed25519';
  /** Raw 32-byte public key, base64. */
  readonly publicKey: string;
  /** SHA-256 of the raw public key, hex. */
  readonly fingerprint: string;
  /** Ed25519 signature of the statement's canonical JSON bytes, base64 (64 bytes). */
  readonly value: string;
}

export interface ProofFile {
  readonly format: typeof PROOF_FORMAT;
  readonly version: 1;
  readonly statement: MarginStatement;
  readonly signature: ProofSignature;
}

export interface OpeningFile {
  readonly format: typeof OPENING_FORMAT;
  readonly version: 1;
  readonly root: string;
  readonly treeSize: number;
  /** Every committed position with its salt. */
  readonly positions: readonly SaltedPosition[];
  /** Salts of the padding leaves. */
  readonly padding: readonly string[];
  readonly market: MarketSnapshot;
  readonly marginParameters: PmeParams;
}

export interface InclusionFile {
  readonly format: typeof INCLUSION_FORMAT;
  readonly version: 1;
  readonly root: string;
  readonly treeSize: number;
  readonly leafIndex: number;
  readonly position: CanonicalPosition;
  readonly salt: string;
  /** Audit path, leaf to root, hex. */
  readonly path: readonly string[];
}

export interface PublicKeyFile {
  readonly format: typeof PUBLIC_KEY_FORMAT;
  readonly version: 1;
  readonly algorithm: 'Ed25519';
  readonly publicKey: string;
  readonly fingerprint: string;
}

export interface KeyFile {
  readonly format: typeof KEY_FILE_FORMAT;
  readonly version: 1;
  readonly algorithm: 'Ed25519';
  readonly publicKey: string;
  readonly fingerprint: string;
  /** PKCS #8 private key, base64. Whoever holds this file can sign as you. */
  readonly privateKeyPkcs8: string;
  readonly createdAt: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

class FormatError extends Error {}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function need(cond: boolean, where: string, what: string): void {
  if (!cond) throw new FormatError(`${where}: ${what}`);
}

function obj(x: unknown, where: string): Record<string, unknown> {
  need(isRecord(x), where, 'not a JSON object');
  return x as Record<string, unknown>;
}

const hex32 = (o: Record<string, unknown>, k: string, where: string): string => {
  const v = o[k];
  need(typeof v === 'string' && HEX64.test(v), `${where}.${k}`, 'must be 64 lower-case hex digits');
  return v as string;
};
const str = (o: Record<string, unknown>, k: string, where: string): string => {
  const v = o[k];
  need(typeof v === 'string' && v !== '', `${where}.${k}`, 'must be a non-empty string');
  return v as string;
};
const b64 = (o: Record<string, unknown>, k: string, where: string): string => {
  const v = o[k];
  need(typeof v === 'string' && BASE64.test(v), `${where}.${k}`, 'must be base64');
  return v as string;
};
const num = (o: Record<string, unknown>, k: string, where: string): number => {
  const v = o[k];
  need(typeof v === 'number' && Number.isFinite(v), `${where}.${k}`, 'must be a finite number');
  return v as number;
};
const treeSize = (o: Record<string, unknown>, where: string): number => {
  const n = num(o, 'treeSize', where);
  need(Number.isSafeInteger(n) && n >= 1 && (n & (n - 1)) === 0, `${where}.treeSize`, 'must be a power of two ≥ 1');
  return n;
};

function header(o: Record<string, unknown>, format: string, what: string): void {
  need(o['format'] === format, 'format', `this is not ${what} (format "${String(o['format'])}", expected "${format}")`);
  need(o['version'] === 1, 'version', `version ${String(o['version'])} is not supported (this reader knows version 1)`);
}

function parseJson<T>(text: string, what: string, read: (x: unknown) => T): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, error: `${what} is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  try {
    return { ok: true, value: read(json) };
  } catch (e) {
    if (e instanceof FormatError) return { ok: false, error: `${what}: ${e.message}` };
    throw e;
  }
}

function readFigures(x: unknown, where: string): CurrencyFigures {
  const o = obj(x, where);
  const ratio = o['marginRatio'];
  need(ratio === null || (typeof ratio === 'number' && Number.isFinite(ratio)), `${where}.marginRatio`, 'must be a number or null');
  need(typeof o['equityCoversMaintenance'] === 'boolean', `${where}.equityCoversMaintenance`, 'must be true or false');
  return {
    initialMargin: num(o, 'initialMargin', where),
    maintenanceMargin: num(o, 'maintenanceMargin', where),
    equity: num(o, 'equity', where),
    marginRatio: ratio as number | null,
    equityCoversMaintenance: o['equityCoversMaintenance'] as boolean,
  };
}

function readStatement(x: unknown): MarginStatement {
  const w = 'statement';
  const o = obj(x, w);
  need(o['type'] === STATEMENT_TYPE, `${w}.type`, `must be "${STATEMENT_TYPE}"`);
  need(o['version'] === 1, `${w}.version`, 'must be 1');
  need(o['commitmentScheme'] === COMMITMENT_SCHEME, `${w}.commitmentScheme`, `must be "${COMMITMENT_SCHEME}"`);
  need(o['marginModel'] === MARGIN_MODEL, `${w}.marginModel`, `must be "${MARGIN_MODEL}"`);
  const cur = obj(o['currencies'], `${w}.currencies`);
  const currencies: Record<string, CurrencyFigures> = {};
  for (const [k, v] of Object.entries(cur)) currencies[k] = readFigures(v, `${w}.currencies.${k}`);
  const claim = obj(o['claim'], `${w}.claim`);
  need(claim['text'] === CLAIM_TEXT, `${w}.claim.text`, `must be "${CLAIM_TEXT}"`);
  need(typeof claim['holds'] === 'boolean', `${w}.claim.holds`, 'must be true or false');
  const known = [
    'type',
    'version',
    'commitmentScheme',
    'root',
    'treeSize',
    'marketHash',
    'parametersHash',
    'marginModel',
    'valuationTime',
    'engineVersion',
    'issuedAt',
    'currencies',
    'claim',
  ];
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  need(extra.length === 0, w, `unknown field ${extra.join(', ')} (it would not be covered by what this reader checks)`);
  return {
    type: STATEMENT_TYPE,
    version: 1,
    commitmentScheme: COMMITMENT_SCHEME,
    root: hex32(o, 'root', w),
    treeSize: treeSize(o, w),
    marketHash: hex32(o, 'marketHash', w),
    parametersHash: hex32(o, 'parametersHash', w),
    marginModel: MARGIN_MODEL,
    valuationTime: str(o, 'valuationTime', w),
    engineVersion: str(o, 'engineVersion', w),
    issuedAt: str(o, 'issuedAt', w),
    currencies,
    claim: { text: CLAIM_TEXT, holds: claim['holds'] as boolean },
  };
}

export function parseProofFile(text: string): Parsed<ProofFile> {
  return parseJson(text, 'proof file', (json) => {
    const o = obj(json, 'proof');
    header(o, PROOF_FORMAT, 'a margin proof');
    const s = obj(o['signature'], 'signature');
    need(s['algorithm'] === 'Ed25519', 'signature.algorithm', 'must be "Ed25519"');
    return {
      format: PROOF_FORMAT,
      version: 1,
      statement: readStatement(o['statement']),
      signature: {
        algorithm: 'Ed25519',
        publicKey: b64(s, 'publicKey', 'signature'),
        fingerprint: hex32(s, 'fingerprint', 'signature'),
        value: b64(s, 'value', 'signature'),
      },
    };
  });
}

function readSalted(x: unknown, where: string): SaltedPosition {
  const o = obj(x, where);
  const err = canonicalPositionError(o['position']);
  need(err === null, `${where}.position`, err ?? '');
  return { position: o['position'] as CanonicalPosition, salt: hex32(o, 'salt', where) };
}

export function parseOpeningFile(text: string): Parsed<OpeningFile> {
  return parseJson(text, 'opening file', (json) => {
    const o = obj(json, 'opening');
    header(o, OPENING_FORMAT, 'a margin-proof opening');
    need(Array.isArray(o['positions']) && o['positions'].length > 0, 'positions', 'must be a non-empty array');
    need(Array.isArray(o['padding']), 'padding', 'must be an array');
    const padding = (o['padding'] as unknown[]).map((s, i) => {
      need(typeof s === 'string' && HEX64.test(s), `padding[${i}]`, `must be a ${SALT_BYTES}-byte salt in hex`);
      return s as string;
    });
    return {
      format: OPENING_FORMAT,
      version: 1,
      root: hex32(o, 'root', 'opening'),
      treeSize: treeSize(o, 'opening'),
      positions: (o['positions'] as unknown[]).map((p, i) => readSalted(p, `positions[${i}]`)),
      padding,
      market: obj(o['market'], 'market') as unknown as MarketSnapshot,
      marginParameters: obj(o['marginParameters'], 'marginParameters') as unknown as PmeParams,
    };
  });
}

export function parseInclusionFile(text: string): Parsed<InclusionFile> {
  return parseJson(text, 'inclusion proof', (json) => {
    const o = obj(json, 'inclusion');
    header(o, INCLUSION_FORMAT, 'an inclusion proof');
    const leafIndex = num(o, 'leafIndex', 'inclusion');
    need(Number.isSafeInteger(leafIndex) && leafIndex >= 0, 'inclusion.leafIndex', 'must be a whole number ≥ 0');
    need(Array.isArray(o['path']), 'inclusion.path', 'must be an array');
    const path = (o['path'] as unknown[]).map((h, i) => {
      need(typeof h === 'string' && HEX64.test(h), `inclusion.path[${i}]`, 'must be 64 lower-case hex digits');
      return h as string;
    });
    const err = canonicalPositionError(o['position']);
    need(err === null, 'inclusion.position', err ?? '');
    return {
      format: INCLUSION_FORMAT,
      version: 1,
      root: hex32(o, 'root', 'inclusion'),
      treeSize: treeSize(o, 'inclusion'),
      leafIndex,
      position: o['position'] as CanonicalPosition,
      salt: hex32(o, 'salt', 'inclusion'),
      path,
    };
  });
}

export function parsePublicKeyFile(text: string): Parsed<PublicKeyFile> {
  return parseJson(text, 'public key file', (json) => {
    const o = obj(json, 'public key');
    // A signing-key file also carries the public key: accept it, read only the public half.
    need(
      o['format'] === PUBLIC_KEY_FORMAT || o['format'] === KEY_FILE_FORMAT,
      'format',
      `this is not a public key (format "${String(o['format'])}")`,
    );
    need(o['version'] === 1, 'version', 'must be 1');
    need(o['algorithm'] === 'Ed25519', 'algorithm', 'must be "Ed25519"');
    return {
      format: PUBLIC_KEY_FORMAT,
      version: 1,
      algorithm: 'Ed25519',
      publicKey: b64(o, 'publicKey', 'public key'),
      fingerprint: hex32(o, 'fingerprint', 'public key'),
    };
  });
}

export function parseKeyFile(text: string): Parsed<KeyFile> {
  return parseJson(text, 'key file', (json) => {
    const o = obj(json, 'key');
    header(o, KEY_FILE_FORMAT, 'a signing key');
    need(o['algorithm'] === 'Ed25519', 'algorithm', 'must be "Ed25519"');
    return {
      format: KEY_FILE_FORMAT,
      version: 1,
      algorithm: 'Ed25519',
      publicKey: b64(o, 'publicKey', 'key'),
      fingerprint: hex32(o, 'fingerprint', 'key'),
      privateKeyPkcs8: b64(o, 'privateKeyPkcs8', 'key'),
      createdAt: str(o, 'createdAt', 'key'),
    };
  });
}

/** Pretty JSON for a file download (2-space indentation, trailing newline). */
export function fileText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
