/**
 * The Merkle tree of RFC 6962 §2.1 (Certificate Transparency; restated in RFC 9162 §2.1) over SHA-256:
 *   leaf hash  = SHA-256(0x00 || leaf data)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH of n > 1 leaves = node hash of MTH(first k) and MTH(rest), k the largest power of two < n.
 * The distinct 0x00 / 0x01 prefixes make a leaf impossible to pass off as an inner node (second-preimage attack).
 *
 * Built level by level: pairs are hashed left to right and a last node without a partner moves up unchanged,
 * which gives exactly the MTH above for any n (the book commitment always pads to a power of two, where every
 * node has a partner). Audit paths are RFC 6962's PATH(m, D[n]); they are checked with the verification algorithm
 * of RFC 9162 §2.1.3.2, which also rejects paths that are too long or too short for the tree size.
 *
 * Verified by: merkle.test.ts (the published RFC 6962 reference roots and every inner node of the 8-leaf reference
 * tree, transparency-dev/merkle testonly/constants.go; every path of every size up to 33 verifies, and fails for
 * a changed leaf, index, size, sibling or root; an independent recomputation with node:crypto).
 */
import { concatBytes } from './bytes.ts';
import { sha256 } from './hash.ts';

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

export type Hash = Uint8Array<ArrayBuffer>;

export function leafHash(data: Uint8Array): Promise<Hash> {
  return sha256(concatBytes(LEAF_PREFIX, data));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Hash> {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}

/** Every level of the tree, leaves first, root last (one element). */
async function levels(leaves: readonly Hash[]): Promise<Hash[][]> {
  if (leaves.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  const out: Hash[][] = [[...leaves]];
  let level = out[0]!;
  while (level.length > 1) {
    const pairs: Promise<Hash>[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) pairs.push(nodeHash(level[i]!, level[i + 1]!));
    const next = await Promise.all(pairs);
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    out.push(next);
    level = next;
  }
  return out;
}

/** MTH of the leaf hashes; the empty tree's root is SHA-256 of nothing (RFC 6962). */
export async function merkleRoot(leaves: readonly Hash[]): Promise<Hash> {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  const all = await levels(leaves);
  return all[all.length - 1]![0]!;
}

/** The audit path of leaf `index`: sibling hashes from the leaf up. */
export async function inclusionPath(leaves: readonly Hash[], index: number): Promise<Hash[]> {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length)
    throw new Error(`leaf ${index} is not in a tree of ${leaves.length}`);
  const all = await levels(leaves);
  const path: Hash[] = [];
  let i = index;
  for (const level of all.slice(0, -1)) {
    const sibling = i % 2 === 1 ? i - 1 : i + 1;
    if (sibling < level.length) path.push(level[sibling]!);
    i = Math.floor(i / 2);
  }
  return path;
}

/**
 * The root an audit path leads to (RFC 9162 §2.1.3.2), or null when the path cannot belong to a tree of `treeSize`
 * leaves (index out of range, too many or too few siblings).
 */
export async function rootFromInclusionPath(leaf: Hash, index: number, treeSize: number, path: readonly Hash[]): Promise<Hash | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return null;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
