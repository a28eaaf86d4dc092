/**
 * Book commitment: one salted leaf per position in an RFC 6962 Merkle tree padded to a power of two.
 *
 * - Canonical position (docs/FORMATS.md): the RFC 8785 JSON of exactly the fields that determine the margin
 *   figures, `{"entryPrice","instrument","quantity","unit","venue"}` (the keys' sorted order is the fixed field
 *   order): instrument as written (trimmed), quantity as the shortest round-trip decimal, unit as given (`coin`
 *   when the file had none), entry price or null, venue as given. Labels, ids, file lines and unknown columns are
 *   not committed (they do not move a figure, and an inclusion proof must not leak free text).
 * - Leaf data of a position: its 32-byte random salt followed by the canonical bytes; leaf hash
 *   SHA-256(0x00 || salt || canonical). The salt (256 bits from crypto.getRandomValues) makes the leaf hash
 *   unguessable, so a sibling hash in an inclusion proof reveals nothing about the position behind it.
 * - Padding: the tree has T = the smallest power of two ≥ n leaves; the T − n padding leaves are
 *   SHA-256(0x00 || salt) with a fresh 32-byte random salt and no position bytes. Every leaf hash is then SHA-256 of
 *   a message holding 256 fresh random bits, so padding and real leaves cannot be told apart without the opening.
 * - Canonical order: all T leaf hashes sorted ascending (bytewise). Reordering the positions gives the same root,
 *   and a leaf's index says nothing about its position in the book.
 *
 * Verified by: commitment.test.ts (leaf hash recomputed with node:crypto; reordering keeps the root; every salt and
 * field change moves it; padding sizes; inclusion paths of every leaf).
 */
import type { Position, QuantityUnit } from '../domain/position.ts';
import { QUANTITY_UNITS } from '../domain/position.ts';
import { bytesEqual, concatBytes, fromHex, randomBytes, toHex } from './bytes.ts';
import { canonicalBytes } from './canonicalJson.ts';
import { inclusionPath, leafHash, merkleRoot, type Hash } from './merkle.ts';

/** Bytes of every salt. */
export const SALT_BYTES = 32;

/** The committed fields of a position. */
export interface CanonicalPosition {
  readonly instrument: string;
  readonly quantity: number;
  readonly unit: QuantityUnit;
  readonly entryPrice: number | null;
  readonly venue: string;
}

/** A committed position and its salt (lower-case hex, 64 characters). */
export interface SaltedPosition {
  readonly position: CanonicalPosition;
  readonly salt: string;
}

/** Positions the proofs cover: what-if (hypothetical) and excluded rows are not part of the real book. */
export function provablePositions(positions: readonly Position[]): Position[] {
  return positions.filter((p) => !p.whatIf && !p.excluded);
}

export function canonicalPosition(p: Position): CanonicalPosition {
  return {
    instrument: p.instrument.trim(),
    quantity: p.quantity === 0 ? 0 : p.quantity,
    unit: p.unit ?? 'coin',
    entryPrice: p.entryPrice,
    venue: p.venue,
  };
}

/** The engine's Position for a committed one (`id` for messages only). */
export function positionFromCanonical(c: CanonicalPosition, id: string): Position {
  return { id, instrument: c.instrument, quantity: c.quantity, unit: c.unit, entryPrice: c.entryPrice, venue: c.venue, label: '' };
}

/** Short readable form: `BTC-PERPETUAL −800000 usd @ 77674 (deribit)`. */
export function describePosition(c: CanonicalPosition): string {
  const price = c.entryPrice === null ? '' : ` @ ${c.entryPrice}`;
  return `${c.instrument} ${c.quantity} ${c.unit}${price} (${c.venue})`;
}

/**
 * Check a value read from a file is a canonical position.
 * @returns the reason it is not, or null
 */
export function canonicalPositionError(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'not an object';
  const o = x as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['instrument', 'quantity', 'unit', 'entryPrice', 'venue'].includes(k));
  if (extra.length > 0) return `unexpected field ${extra.map((k) => `"${k}"`).join(', ')}`;
  if (typeof o['instrument'] !== 'string' || o['instrument'].trim() === '' || o['instrument'] !== o['instrument'].trim())
    return 'instrument must be a non-empty trimmed string';
  if (typeof o['quantity'] !== 'number' || !Number.isFinite(o['quantity'])) return 'quantity must be a finite number';
  if (typeof o['unit'] !== 'string' || !(QUANTITY_UNITS as readonly string[]).includes(o['unit']))
    return 'unit must be coin, usd or contracts';
  if (o['entryPrice'] !== null && (typeof o['entryPrice'] !== 'number' || !Number.isFinite(o['entryPrice'])))
    return 'entryPrice must be a finite number or null';
  if (typeof o['venue'] !== 'string' || o['venue'] === '') return 'venue must be a non-empty string';
  return null;
}

/** Leaf data: salt || canonical position bytes. */
export function positionLeafData(entry: SaltedPosition): Uint8Array {
  return concatBytes(fromHex(entry.salt, SALT_BYTES), canonicalBytes(entry.position));
}

export function positionLeafHash(entry: SaltedPosition): Promise<Hash> {
  return leafHash(positionLeafData(entry));
}

export function paddingLeafHash(salt: string): Promise<Hash> {
  return leafHash(fromHex(salt, SALT_BYTES));
}

/** Smallest power of two ≥ n (n ≥ 1). */
export function paddedTreeSize(n: number): number {
  let t = 1;
  while (t < n) t *= 2;
  return t;
}

type Leaf = { readonly hash: Hash; readonly entry: SaltedPosition | null };

const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/** A committed book: the tree's leaves in canonical order, with the root. */
export interface CommittedTree {
  readonly root: string;
  readonly treeSize: number;
  /** Leaf hashes in canonical (sorted) order. */
  readonly leafHashes: readonly Hash[];
  /** Positions with their salts, in canonical (leaf) order. */
  readonly entries: readonly SaltedPosition[];
  /** Leaf index of each entry, same order as `entries`. */
  readonly entryIndex: readonly number[];
  readonly padding: readonly string[];
}

/** Rebuild the tree of committed positions and padding salts (any order in, canonical order out). */
export async function buildTree(entries: readonly SaltedPosition[], padding: readonly string[]): Promise<CommittedTree> {
  if (entries.length === 0) throw new Error('a commitment needs at least one position');
  const leaves: Leaf[] = [
    ...(await Promise.all(entries.map(async (entry) => ({ hash: await positionLeafHash(entry), entry })))),
    ...(await Promise.all(padding.map(async (salt) => ({ hash: await paddingLeafHash(salt), entry: null })))),
  ];
  leaves.sort((a, b) => compareBytes(a.hash, b.hash));
  for (let i = 1; i < leaves.length; i++) {
    if (bytesEqual(leaves[i - 1]!.hash, leaves[i]!.hash)) throw new Error('two leaves have the same hash (a salt is reused)');
  }
  const leafHashes = leaves.map((l) => l.hash);
  const ordered: SaltedPosition[] = [];
  const entryIndex: number[] = [];
  leaves.forEach((l, i) => {
    if (l.entry) {
      ordered.push(l.entry);
      entryIndex.push(i);
    }
  });
  return {
    root: toHex(await merkleRoot(leafHashes)),
    treeSize: leaves.length,
    leafHashes,
    entries: ordered,
    entryIndex,
    padding: [...padding],
  };
}

/** Commit to a book: a fresh salt per position, padding to a power of two, the canonical tree. */
export async function commitPositions(
  positions: readonly CanonicalPosition[],
  random: (n: number) => Uint8Array = randomBytes,
): Promise<CommittedTree> {
  if (positions.length === 0) throw new Error('the book has no position to commit to');
  const salt = () => toHex(random(SALT_BYTES));
  const entries = positions.map((position) => ({ position, salt: salt() }));
  const padding = Array.from({ length: paddedTreeSize(positions.length) - positions.length }, salt);
  return buildTree(entries, padding);
}

/** The audit path (hex) of the leaf at `leafIndex`. */
export async function treePath(tree: CommittedTree, leafIndex: number): Promise<string[]> {
  return (await inclusionPath(tree.leafHashes, leafIndex)).map(toHex);
}
