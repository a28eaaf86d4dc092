import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.ts';
import { canonicalJson } from './canonicalJson.ts';
import {
  buildTree,
  canonicalPosition,
  canonicalPositionError,
  commitPositions,
  paddedTreeSize,
  paddingLeafHash,
  positionLeafHash,
  provablePositions,
  treePath,
  type CanonicalPosition,
} from './commitment.ts';
import { rootFromInclusionPath } from './merkle.ts';
import { defaultBook, seededBytes } from './testData.ts';

const PERP: CanonicalPosition = { instrument: 'BTC-PERPETUAL', quantity: -800000, unit: 'usd', entryPrice: 77674, venue: 'deribit' };
const SALT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join('');

describe('book commitment', () => {
  it('writes the canonical position with a fixed field order', () => {
    expect(canonicalJson(PERP)).toBe('{"entryPrice":77674,"instrument":"BTC-PERPETUAL","quantity":-800000,"unit":"usd","venue":"deribit"}');
    const fromBook = canonicalPosition({
      id: 'p1',
      instrument: ' BTC-PERPETUAL ',
      quantity: -800000,
      unit: 'usd',
      entryPrice: 77674,
      venue: 'deribit',
      label: 'hedge',
    });
    expect(fromBook).toEqual(PERP);
    // A file without a unit means coin; no entry price is null; labels are not committed.
    expect(
      canonicalPosition({ id: 'p2', instrument: 'BTC', quantity: 1e-7, entryPrice: null, venue: 'okx', label: 'secret note' }),
    ).toEqual({
      instrument: 'BTC',
      quantity: 1e-7,
      unit: 'coin',
      entryPrice: null,
      venue: 'okx',
    });
    expect(
      canonicalJson(canonicalPosition({ id: 'p', instrument: 'BTC', quantity: 0.1 + 0.2, entryPrice: null, venue: 'x', label: '' })),
    ).toContain('"quantity":0.30000000000000004');
  });

  it('leaf hash = SHA-256(0x00 || salt || canonical bytes), recomputed with node:crypto', async () => {
    const expected = createHash('sha256')
      .update(Buffer.from([0]))
      .update(fromHex(SALT))
      .update(Buffer.from(canonicalJson(PERP), 'utf8'))
      .digest('hex');
    expect(toHex(await positionLeafHash({ position: PERP, salt: SALT }))).toBe(expected);
    // The known-answer vector quoted in docs/FORMATS.md.
    expect(expected).toBe('51252fe4738ed7f5b3983007efa7dcabebe41393550f2c29946326e4cbac24bf');
    // A padding leaf with the same salt: SHA-256(0x00 || salt).
    expect(toHex(await paddingLeafHash(SALT))).toBe('699cacdb4c39d8e0bb1223352765a7f7acdc51dec6694f7b54c3d0a47f0cc409');
  });

  it('pads to the next power of two and sorts leaves, so reordering the book keeps the root', async () => {
    const book = defaultBook().positions.map(canonicalPosition);
    const tree = await commitPositions(book, seededBytes(7));
    expect(tree.treeSize).toBe(64);
    expect(tree.padding).toHaveLength(64 - book.length);
    expect(tree.entries).toHaveLength(book.length);
    for (let i = 1; i < tree.leafHashes.length; i++) expect(toHex(tree.leafHashes[i - 1]!) < toHex(tree.leafHashes[i]!)).toBe(true);
    const shuffled = [...tree.entries].reverse();
    shuffled.push(shuffled.shift()!);
    const again = await buildTree(shuffled, [...tree.padding].reverse());
    expect(again.root).toBe(tree.root);
    for (const n of [1, 2, 3, 4, 5, 8, 9, 33, 64, 65]) expect(paddedTreeSize(n)).toBe(2 ** Math.ceil(Math.log2(n)));
  });

  it('any change of a position field or a salt moves the root', async () => {
    const book = defaultBook().positions.map(canonicalPosition);
    const tree = await commitPositions(book, seededBytes(11));
    const entries = tree.entries;
    const changed = async (i: number, edit: (c: CanonicalPosition) => CanonicalPosition) =>
      (
        await buildTree(
          entries.map((e, j) => (j === i ? { ...e, position: edit(e.position) } : e)),
          tree.padding,
        )
      ).root;
    expect(await changed(0, (c) => ({ ...c, quantity: c.quantity * 1.0000001 }))).not.toBe(tree.root);
    expect(await changed(1, (c) => ({ ...c, venue: 'okx' }))).not.toBe(tree.root);
    expect(await changed(2, (c) => ({ ...c, unit: c.unit === 'coin' ? 'contracts' : 'coin' }))).not.toBe(tree.root);
    expect(await changed(3, (c) => ({ ...c, entryPrice: null }))).not.toBe(tree.root);
    expect(await changed(4, (c) => ({ ...c, instrument: `${c.instrument}X` }))).not.toBe(tree.root);
    const salted = entries.map((e, j) => (j === 5 ? { ...e, salt: `${e.salt.slice(0, 63)}${e.salt.endsWith('0') ? '1' : '0'}` } : e));
    expect((await buildTree(salted, tree.padding)).root).not.toBe(tree.root);
    const padded = [`${tree.padding[0]!.slice(0, 63)}${tree.padding[0]!.endsWith('0') ? '1' : '0'}`, ...tree.padding.slice(1)];
    expect((await buildTree(entries, padded)).root).not.toBe(tree.root);
  });

  it('fresh salts give a fresh root for the same book (nothing to guess from the root)', async () => {
    const book = defaultBook().positions.map(canonicalPosition);
    const a = await commitPositions(book);
    const b = await commitPositions(book);
    expect(a.root).not.toBe(b.root);
    expect(a.entries.every((e) => /^[0-9a-f]{64}$/.test(e.salt))).toBe(true);
  });

  it('every leaf has an audit path to the root', async () => {
    const book = defaultBook().positions.map(canonicalPosition);
    const tree = await commitPositions(book, seededBytes(3));
    for (let k = 0; k < tree.entries.length; k++) {
      const index = tree.entryIndex[k]!;
      const path = (await treePath(tree, index)).map((h) => fromHex(h));
      expect(path).toHaveLength(6);
      const reached = await rootFromInclusionPath(await positionLeafHash(tree.entries[k]!), index, tree.treeSize, path);
      expect(toHex(reached!)).toBe(tree.root);
    }
  });

  it('leaves out what-if and excluded rows, and rejects malformed committed positions', () => {
    const base = { id: 'a', instrument: 'BTC', quantity: 1, entryPrice: null, venue: 'deribit', label: '' };
    expect(provablePositions([base, { ...base, id: 'b', whatIf: true }, { ...base, id: 'c', excluded: true }]).map((p) => p.id)).toEqual([
      'a',
    ]);
    expect(canonicalPositionError(PERP)).toBeNull();
    expect(canonicalPositionError({ ...PERP, quantity: Number.NaN })).toContain('quantity');
    expect(canonicalPositionError({ ...PERP, unit: 'lots' })).toContain('unit');
    expect(canonicalPositionError({ ...PERP, label: 'x' })).toContain('unexpected field "label"');
    expect(canonicalPositionError({ ...PERP, instrument: ' BTC' })).toContain('trimmed');
  });
});
