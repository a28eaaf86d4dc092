/**
 * Inclusion proofs: one committed position, its salt and its audit path, which lead to the signed root and reveal
 * nothing about the other positions (their leaves appear only as salted hashes, and the leaf index is the
 * position's rank among random-looking hashes).
 */
import { fromHex } from './bytes.ts';
import { buildTree, describePosition, positionLeafHash, treePath, type CanonicalPosition } from './commitment.ts';
import { INCLUSION_FORMAT, type InclusionFile, type OpeningFile } from './formats.ts';
import { rootFromInclusionPath } from './merkle.ts';
import { toHex } from './bytes.ts';

/**
 * Indices (into `opening.positions`) of the positions of `instrument` (case-insensitive), optionally at `venue`.
 */
export function findPositions(opening: OpeningFile, instrument: string, venue?: string | null): number[] {
  const want = instrument.trim().toUpperCase();
  const out: number[] = [];
  opening.positions.forEach((e, i) => {
    if (e.position.instrument.toUpperCase() !== want) return;
    if (venue && e.position.venue.toLowerCase() !== venue.trim().toLowerCase()) return;
    out.push(i);
  });
  return out;
}

/**
 * The inclusion proof of `opening.positions[index]`.
 * @throws Error when the opening's positions and padding do not give its own root
 */
export async function makeInclusionProof(opening: OpeningFile, index: number): Promise<InclusionFile> {
  const entry = opening.positions[index];
  if (!entry) throw new Error(`the opening has no position ${index + 1}`);
  const tree = await buildTree(opening.positions, opening.padding);
  if (tree.root !== opening.root || tree.treeSize !== opening.treeSize) {
    throw new Error('the opening is inconsistent: its positions and padding do not give its root');
  }
  const leafIndex = tree.entryIndex[tree.entries.findIndex((e) => e.salt === entry.salt)]!;
  return {
    format: INCLUSION_FORMAT,
    version: 1,
    root: tree.root,
    treeSize: tree.treeSize,
    leafIndex,
    position: entry.position,
    salt: entry.salt,
    path: await treePath(tree, leafIndex),
  };
}

export type InclusionCheck = { readonly ok: true; readonly position: CanonicalPosition } | { readonly ok: false; readonly reason: string };

/** Whether an inclusion proof leads to `root` in a tree of `treeSize` leaves. */
export async function checkInclusion(inc: InclusionFile, root: string, treeSize: number): Promise<InclusionCheck> {
  if (inc.root !== root)
    return { ok: false, reason: `it is for root ${inc.root.slice(0, 16)}…, the statement signs ${root.slice(0, 16)}…` };
  if (inc.treeSize !== treeSize)
    return { ok: false, reason: `it is for a tree of ${inc.treeSize} leaves, the statement's has ${treeSize}` };
  const leaf = await positionLeafHash({ position: inc.position, salt: inc.salt });
  const reached = await rootFromInclusionPath(
    leaf,
    inc.leafIndex,
    treeSize,
    inc.path.map((h) => fromHex(h, 32)),
  );
  if (reached === null) {
    return {
      ok: false,
      reason: `a path of ${inc.path.length} hashes cannot lead from leaf ${inc.leafIndex} to the root of a ${treeSize}-leaf tree`,
    };
  }
  if (toHex(reached) !== root) {
    return {
      ok: false,
      reason: `${describePosition(inc.position)} with this salt and path leads to ${toHex(reached).slice(0, 16)}…, not to the signed root`,
    };
  }
  return { ok: true, position: inc.position };
}
