import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import vectors from './__fixtures__/rfc6962-vectors.json';
import { fromHex, toHex, utf8 } from './bytes.ts';
import { sha256Hex } from './hash.ts';
import { inclusionPath, leafHash, merkleRoot, nodeHash, rootFromInclusionPath, type Hash } from './merkle.ts';

const leafInputs = vectors.leafInputsHex.map((h) => fromHex(h));
const nodeSha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

describe('SHA-256 (WebCrypto)', () => {
  it('gives the FIPS 180-2 known answers', async () => {
    expect(await sha256Hex(utf8(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
  it('equals node:crypto on random inputs', async () => {
    for (let n = 0; n < 300; n += 37) {
      const data = new Uint8Array(n).map((_, i) => (i * 131 + n) & 0xff);
      expect(await sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});

describe('RFC 6962 Merkle tree', () => {
  it('reproduces the reference roots of every size 0…8', async () => {
    const leaves = await Promise.all(leafInputs.map((d) => leafHash(d)));
    for (let n = 0; n <= 8; n++) expect(toHex(await merkleRoot(leaves.slice(0, n)))).toBe(vectors.rootHashesBySize[n]);
  });

  it('reproduces every inner node of the 8-leaf reference tree', async () => {
    const level0 = await Promise.all(leafInputs.map((d) => leafHash(d)));
    expect(level0.map(toHex)).toEqual(vectors.nodeHashesByLevel[0]);
    let level: Hash[] = level0;
    for (let l = 1; l < vectors.nodeHashesByLevel.length; l++) {
      const next: Hash[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(await nodeHash(level[i]!, level[i + 1]!));
      expect(next.map(toHex)).toEqual(vectors.nodeHashesByLevel[l]);
      level = next;
    }
  });

  it('uses the 0x00 leaf and 0x01 node prefixes (independent node:crypto recomputation)', async () => {
    const a = utf8('left');
    const b = utf8('right');
    const la = await leafHash(a);
    const lb = await leafHash(b);
    expect(toHex(la)).toBe(toHex(nodeSha(new Uint8Array([0]), a)));
    expect(toHex(await merkleRoot([la, lb]))).toBe(
      toHex(nodeSha(new Uint8Array([1]), nodeSha(new Uint8Array([0]), a), nodeSha(new Uint8Array([0]), b))),
    );
  });

  it('the audit paths of the 8-leaf reference tree are its sibling nodes', async () => {
    const leaves = await Promise.all(leafInputs.map((d) => leafHash(d)));
    const nodes = vectors.nodeHashesByLevel;
    for (let m = 0; m < 8; m++) {
      const expected = [nodes[0]![m ^ 1], nodes[1]![(m >> 1) ^ 1], nodes[2]![(m >> 2) ^ 1]];
      expect((await inclusionPath(leaves, m)).map(toHex)).toEqual(expected);
    }
  });

  it('every path of every tree size up to 33 verifies, and any change fails', async () => {
    const all = await Promise.all(Array.from({ length: 33 }, (_, i) => leafHash(utf8(`leaf ${i}`))));
    for (let n = 1; n <= 33; n++) {
      const leaves = all.slice(0, n);
      const root = toHex(await merkleRoot(leaves));
      for (let m = 0; m < n; m++) {
        const path = await inclusionPath(leaves, m);
        expect(toHex((await rootFromInclusionPath(leaves[m]!, m, n, path))!)).toBe(root);
        // Another leaf, another index, a changed sibling, a shorter or longer path, a wrong size: never the root.
        const other = leaves[(m + 1) % n]!;
        if (n > 1) expect(toHex((await rootFromInclusionPath(other, m, n, path)) ?? new Uint8Array(0))).not.toBe(root);
        if (n > 1) expect(toHex((await rootFromInclusionPath(leaves[m]!, (m + 1) % n, n, path)) ?? new Uint8Array(0))).not.toBe(root);
        if (path.length > 0) {
          const changed = path.map((p, i) => (i === 0 ? p.map((b, j) => (j === 0 ? b ^ 1 : b)) : p)) as Hash[];
          expect(toHex((await rootFromInclusionPath(leaves[m]!, m, n, changed)) ?? new Uint8Array(0))).not.toBe(root);
          expect(await rootFromInclusionPath(leaves[m]!, m, n, [...path, path[0]!])).toBeNull();
          expect(await rootFromInclusionPath(leaves[m]!, m, n, path.slice(1)).then((r) => (r ? toHex(r) : null))).not.toBe(root);
        }
      }
      expect(await rootFromInclusionPath(leaves[0]!, n, n, [])).toBeNull();
    }
  });
});
