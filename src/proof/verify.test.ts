import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './bytes.ts';
import { canonicalPosition } from './commitment.ts';
import { fileText, type OpeningFile, type ProofFile } from './formats.ts';
import { makeInclusionProof } from './inclusion.ts';
import { newKeyFile, publicKeyFile, signStatement, signerFromKeyFile } from './keys.ts';
import { draftProof } from './prove.ts';
import { defaultBook, defaultMarket, defaultParams, rfc8032Signer, repoPath, seededBytes } from './testData.ts';
import { verifyProof, type VerifyReport } from './verify.ts';

const failed = (r: VerifyReport) => r.checks.filter((c) => !c.ok).map((c) => c.id);
const detail = (r: VerifyReport, id: string) => r.checks.find((c) => c.id === id)?.detail ?? '';
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('proof verification', () => {
  let proof: ProofFile;
  let opening: OpeningFile;
  let proofText: string;
  let openingText: string;

  beforeAll(async () => {
    const draft = await draftProof({
      positions: defaultBook().positions,
      market: defaultMarket(),
      params: defaultParams(),
      now: new Date('2026-08-22T04:00:00Z'),
      random: seededBytes(42),
    });
    proof = await signStatement(draft.statement, await rfc8032Signer());
    opening = draft.opening;
    proofText = fileText(proof);
    openingText = fileText(opening);
  });

  it('a proof with its opening verifies: signature, claim, root, market, parameters and every currency’s margin', async () => {
    const r = await verifyProof({ proof: proofText, opening: openingText });
    expect(failed(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual([
      'signature',
      'claim',
      'root',
      'market',
      'parameters',
      'margin BTC',
      'margin ETH',
      'margin USDC',
    ]);
    expect(r.fingerprint).toBe(proof.signature.fingerprint);
    expect(proof.statement.treeSize).toBe(64);
    expect(proof.statement.claim).toEqual({ text: 'equity ≥ MM in every currency', holds: true });
  });

  it('the signature alone verifies without the opening', async () => {
    const r = await verifyProof({ proof: proofText });
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(['signature', 'claim']);
  });

  it('reordering the opening’s positions gives the same root: still verified', async () => {
    const o = clone(opening);
    const reordered = { ...o, positions: [...o.positions].reverse(), padding: [...o.padding].reverse() };
    const r = await verifyProof({ proof: proofText, opening: fileText(reordered) });
    expect(failed(r)).toEqual([]);
  });

  it('one changed position fails the root', async () => {
    const o = clone(opening);
    const p = o.positions[0]!;
    (p.position as { quantity: number }).quantity = p.position.quantity + 1;
    const r = await verifyProof({ proof: proofText, opening: fileText(o) });
    expect(failed(r)).toContain('root');
    expect(detail(r, 'root')).toContain('root mismatch');
  });

  it('one changed salt fails the root and nothing else', async () => {
    const o = clone(opening);
    const p = o.positions[3]! as { salt: string };
    p.salt = `${p.salt.slice(0, 10)}${p.salt[10] === 'a' ? 'b' : 'a'}${p.salt.slice(11)}`;
    const r = await verifyProof({ proof: proofText, opening: fileText(o) });
    expect(failed(r)).toEqual(['root']);
  });

  it('a changed market fails the market hash (and the recomputed margin)', async () => {
    const o = clone(opening) as unknown as { market: { underlyings: Record<string, { index: number }> } };
    o.market.underlyings['BTC']!.index *= 1.01;
    const r = await verifyProof({ proof: proofText, opening: fileText(o) });
    expect(failed(r)).toContain('market');
    expect(detail(r, 'market')).toContain('market hash differs');
    expect(failed(r)).toContain('margin BTC');
  });

  it('a market file the verifier holds must be the committed one', async () => {
    const same = await verifyProof({
      proof: proofText,
      market: { text: readFileSync(repoPath('public/data/default-market.json'), 'utf8'), fileName: 'default-market.json' },
    });
    expect(failed(same)).toEqual([]);
    const other = await verifyProof({
      proof: proofText,
      market: { text: readFileSync(repoPath('e2e/fixtures/market-btc.json'), 'utf8'), fileName: 'market-btc.json' },
    });
    expect(failed(other)).toEqual(['market-file']);
    expect(detail(other, 'market-file')).toContain('market hash differs: market-btc.json hashes to');
  });

  it('a changed parameter fails the parameters hash, and MM no longer recomputes', async () => {
    const o = clone(opening) as unknown as { marginParameters: { general: { mm_factor: number } } };
    o.marginParameters.general.mm_factor = 0.75;
    const r = await verifyProof({ proof: proofText, opening: fileText(o) });
    expect(failed(r)).toEqual(expect.arrayContaining(['parameters', 'margin BTC', 'margin ETH', 'margin USDC']));
    expect(detail(r, 'parameters')).toContain('parameters hash differs');
    expect(detail(r, 'margin BTC')).toMatch(/BTC MM differs by \+[0-9.e-]+ BTC: attested/);
  });

  it('a changed digit of IM fails the signature, and the recomputation names the currency and the difference', async () => {
    const im = proof.statement.currencies['BTC']!.initialMargin;
    const text = String(im);
    const digit = text.search(/[1-8]/);
    const changed = Number(`${text.slice(0, digit)}${Number(text[digit]) + 1}${text.slice(digit + 1)}`);
    const p = clone(proof) as unknown as { statement: { currencies: Record<string, { initialMargin: number }> } };
    p.statement.currencies['BTC']!.initialMargin = changed;
    const r = await verifyProof({ proof: fileText(p), opening: openingText });
    expect(failed(r)).toEqual(['signature', 'margin BTC']);
    expect(detail(r, 'signature')).toContain('does not match the statement');
    expect(detail(r, 'margin BTC')).toContain(`BTC IM differs by +${Number((changed - im).toPrecision(3))} BTC`);
  });

  it('a changed signature fails the signature only', async () => {
    const sig = fromBase64(proof.signature.value);
    sig[17] = sig[17]! ^ 0x20;
    const r = await verifyProof({
      proof: fileText({ ...proof, signature: { ...proof.signature, value: toBase64(sig) } }),
      opening: openingText,
    });
    expect(failed(r)).toEqual(['signature']);
  });

  it('a statement whose claim contradicts its figures fails the signature and the claim', async () => {
    const p = clone(proof);
    (p.statement.claim as { holds: boolean }).holds = false;
    const r = await verifyProof({ proof: fileText(p) });
    expect(failed(r)).toEqual(['signature', 'claim']);
    expect(detail(r, 'claim')).toContain('the claim says false, the figures say true');
  });

  it('a fingerprint that is not the key’s, or another signer than expected, is named', async () => {
    const other = await newKeyFile();
    const fp = await verifyProof({ proof: fileText({ ...proof, signature: { ...proof.signature, fingerprint: other.fingerprint } }) });
    expect(detail(fp, 'signature')).toContain('fingerprint field');
    const expected = await verifyProof({ proof: proofText, publicKey: fileText(await publicKeyFile(fromBase64(other.publicKey))) });
    expect(failed(expected)).toEqual(['signer']);
    expect(detail(expected, 'signer')).toContain('not by the expected key');
    const right = await verifyProof({ proof: proofText, publicKey: fileText(await publicKeyFile(fromBase64(proof.signature.publicKey))) });
    expect(failed(right)).toEqual([]);
  });

  it('an opening with a padding salt missing, or of another proof, is named', async () => {
    const o = clone(opening);
    const short = await verifyProof({ proof: proofText, opening: fileText({ ...o, padding: o.padding.slice(1) }) });
    expect(detail(short, 'root')).toContain('33 positions make a tree of 64 leaves (31 padding salts); the opening has 30');
    const again = await draftProof({ positions: defaultBook().positions, market: defaultMarket(), params: defaultParams() });
    const otherOpening = await verifyProof({ proof: proofText, opening: fileText(again.opening) });
    expect(failed(otherOpening)).toEqual(expect.arrayContaining(['opening', 'root']));
  });

  it('inclusion proofs of each position verify; a changed position, salt or path fails', async () => {
    for (const i of [0, 7, 20, 32]) {
      const inc = await makeInclusionProof(opening, i);
      const r = await verifyProof({ proof: proofText, inclusion: fileText(inc) });
      expect(failed(r)).toEqual([]);
      expect(detail(r, 'inclusion')).toContain(`is leaf ${inc.leafIndex} of the 64-leaf tree`);
    }
    const inc = await makeInclusionProof(opening, 5);
    const bad = [
      { ...inc, position: { ...inc.position, quantity: inc.position.quantity * 2 } },
      { ...inc, salt: `${inc.salt.slice(0, 63)}${inc.salt.endsWith('f') ? 'e' : 'f'}` },
      { ...inc, path: [...inc.path].reverse() },
      { ...inc, leafIndex: (inc.leafIndex + 1) % 64 },
      { ...inc, path: inc.path.slice(1) },
    ];
    for (const b of bad) {
      const r = await verifyProof({ proof: proofText, inclusion: fileText(b) });
      expect(failed(r)).toEqual(['inclusion']);
    }
  });

  it('an inclusion proof reveals one position and no other position’s fields', async () => {
    const inc = await makeInclusionProof(opening, 0);
    const text = fileText(inc);
    for (const other of opening.positions.slice(1)) expect(text).not.toContain(other.salt);
    const instruments = new Set(defaultBook().positions.map((p) => canonicalPosition(p).instrument));
    const named = [...instruments].filter((i) => text.includes(`"${i}"`));
    expect(named).toEqual([inc.position.instrument]);
  });

  it('a book that fails its margin is proven as failing, and verifies', async () => {
    const draft = await draftProof({
      positions: [{ id: 'x', instrument: 'BTC-25SEP26-90000-C', quantity: -50, entryPrice: null, venue: 'deribit', label: '' }],
      market: defaultMarket(),
      params: defaultParams(),
    });
    const file = await newKeyFile();
    const p = await signStatement(draft.statement, await signerFromKeyFile(file));
    expect(p.statement.claim.holds).toBe(false);
    const r = await verifyProof({ proof: fileText(p), opening: fileText(draft.opening) });
    expect(r.ok).toBe(true);
    expect(detail(r, 'claim')).toContain('is FALSE');
  });

  it('malformed files are refused with the field that is wrong', async () => {
    expect(detail(await verifyProof({ proof: 'not json' }), 'proof')).toContain('not JSON');
    const p = clone(proof) as unknown as { statement: { root: string } };
    p.statement.root = 'XYZ';
    expect(detail(await verifyProof({ proof: fileText(p) }), 'proof')).toContain('statement.root: must be 64 lower-case hex digits');
    const extra = clone(proof) as unknown as { statement: Record<string, unknown> };
    extra.statement['note'] = 'unchecked claim';
    expect(detail(await verifyProof({ proof: fileText(extra) }), 'proof')).toContain('unknown field note');
    expect(detail(await verifyProof({ proof: proofText, opening: '{"format":"x"}' }), 'opening')).toContain('not a margin-proof opening');
  });
});
