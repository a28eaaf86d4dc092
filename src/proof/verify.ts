/**
 * Verifying a proof: one function for the page (run in a worker) and the CLI (`npm run verify`), taking the files'
 * texts. Every check is listed with what it established or, when it fails, exactly what failed:
 *
 * - signature: Ed25519 over the statement's canonical bytes, by the public key in the proof (and the fingerprint
 *   field belongs to that key); with an expected public key, that the proof is signed by it;
 * - claim: the claim and each currency's flag and ratio follow from the attested figures (no opening needed);
 * - market file: a market snapshot the verifier holds hashes to the statement's market hash;
 * - with the opening: it is the opening of this statement (root, tree size); its positions, salts and padding
 *   rebuild the signed root; its market and parameters hash to the signed hashes; and the engine, run on them,
 *   gives every attested figure (IM, MM, equity, margin ratio per currency: a difference is named with its size);
 * - with an inclusion proof: the one position, its salt and path lead to the signed root.
 *
 * Figures are equal when |attested − recomputed| ≤ 1e-9 · max(|attested|, |recomputed|): the same engine gives the
 * same doubles, and the tolerance only absorbs last-bit differences of Math functions between JavaScript engines.
 */
import { importMarketText } from '../io/importMarket.ts';
import { bytesEqual, fromBase64 } from './bytes.ts';
import { canonicalBytes } from './canonicalJson.ts';
import { buildTree, describePosition, paddedTreeSize } from './commitment.ts';
import { marginFigures, type CurrencyFigures } from './figures.ts';
import {
  parseInclusionFile,
  parseOpeningFile,
  parseProofFile,
  parsePublicKeyFile,
  type MarginStatement,
  type OpeningFile,
  type ProofFile,
} from './formats.ts';
import { checkInclusion } from './inclusion.ts';
import { fingerprintOf, formatFingerprint, verifyBytes } from './keys.ts';
import { marketHash, normaliseMarket, normaliseParams, parametersHash, treePositions } from './prove.ts';
import { ENGINE_VERSION } from './version.ts';

export interface VerifyInput {
  /** proof.json text. */
  readonly proof: string;
  readonly opening?: string | null;
  readonly inclusion?: string | null;
  /** A market snapshot (or Deribit book summary) the verifier holds. */
  readonly market?: { readonly text: string; readonly fileName: string } | null;
  /** The public key the proof must be signed with (a public-key or key file). */
  readonly publicKey?: string | null;
}

export interface VerifyCheck {
  /** `proof`, `signature`, `signer`, `claim`, `market-file`, `opening`, `root`, `market`, `parameters`, `margin <CCY>`, `inclusion`. */
  readonly id: string;
  readonly ok: boolean;
  readonly title: string;
  readonly detail: string;
}

export interface VerifyReport {
  /** Every check passed. */
  readonly ok: boolean;
  readonly checks: readonly VerifyCheck[];
  readonly statement: MarginStatement | null;
  /** Fingerprint of the key that signed (hex), when the proof could be read. */
  readonly fingerprint: string | null;
  /** What was covered: signature only, or also the opening / an inclusion. */
  readonly scope: { readonly opening: boolean; readonly inclusion: boolean; readonly marketFile: boolean; readonly signer: boolean };
  /** Remarks that are not failures (another engine version). */
  readonly notes: readonly string[];
}

/** Relative tolerance of the figure comparison. */
export const FIGURE_REL_TOL = 1e-9;

const close = (a: number, b: number): boolean => Math.abs(a - b) <= FIGURE_REL_TOL * Math.max(Math.abs(a), Math.abs(b));

/** A figure for messages: 10 significant digits, shortest form. */
export function fmtFigure(x: number): string {
  return String(Number(x.toPrecision(10)));
}

const fmtSigned = (x: number): string => `${x > 0 ? '+' : ''}${String(Number(x.toPrecision(3)))}`;

const FIELDS: readonly { key: 'initialMargin' | 'maintenanceMargin' | 'equity'; label: string }[] = [
  { key: 'initialMargin', label: 'IM' },
  { key: 'maintenanceMargin', label: 'MM' },
  { key: 'equity', label: 'equity' },
];

/** Differences between attested and recomputed figures of one currency, in words; empty when equal. */
export function figureDifferences(ccy: string, attested: CurrencyFigures, recomputed: CurrencyFigures): string[] {
  const out: string[] = [];
  for (const { key, label } of FIELDS) {
    const a = attested[key];
    const r = recomputed[key];
    if (!close(a, r))
      out.push(`${ccy} ${label} differs by ${fmtSigned(a - r)} ${ccy}: attested ${fmtFigure(a)}, recomputed ${fmtFigure(r)}`);
  }
  const ar = attested.marginRatio;
  const rr = recomputed.marginRatio;
  if ((ar === null) !== (rr === null) || (ar !== null && rr !== null && !close(ar, rr))) {
    out.push(`${ccy} margin ratio: attested ${ar === null ? 'none' : fmtFigure(ar)}, recomputed ${rr === null ? 'none' : fmtFigure(rr)}`);
  }
  if (attested.equityCoversMaintenance !== recomputed.equityCoversMaintenance) {
    out.push(
      `${ccy} equity ≥ MM: attested ${String(attested.equityCoversMaintenance)}, recomputed ${String(recomputed.equityCoversMaintenance)}`,
    );
  }
  return out;
}

/** The claim and per-currency flags as they follow from the attested figures. */
function claimCheck(s: MarginStatement): VerifyCheck {
  const problems: string[] = [];
  const currencies = Object.entries(s.currencies);
  if (currencies.length === 0) problems.push('the statement lists no currency');
  for (const [ccy, f] of currencies) {
    if (f.equityCoversMaintenance !== f.equity >= f.maintenanceMargin) {
      problems.push(
        `${ccy}: equity ${fmtFigure(f.equity)} vs MM ${fmtFigure(f.maintenanceMargin)} does not give equity ≥ MM = ${String(f.equityCoversMaintenance)}`,
      );
    }
    const ratio = f.equity > 0 ? f.maintenanceMargin / f.equity : null;
    if ((ratio === null) !== (f.marginRatio === null) || (ratio !== null && f.marginRatio !== null && !close(ratio, f.marginRatio))) {
      problems.push(`${ccy}: margin ratio ${f.marginRatio === null ? 'none' : fmtFigure(f.marginRatio)} is not MM / equity`);
    }
  }
  const holds = currencies.every(([, f]) => f.equity >= f.maintenanceMargin);
  if (s.claim.holds !== holds) problems.push(`the claim says ${String(s.claim.holds)}, the figures say ${String(holds)}`);
  return problems.length === 0
    ? {
        id: 'claim',
        ok: true,
        title: 'Claim',
        detail: `"${s.claim.text}" is ${s.claim.holds ? 'TRUE' : 'FALSE'}, as the attested figures give it`,
      }
    : { id: 'claim', ok: false, title: 'Claim', detail: `the statement contradicts itself: ${problems.join('; ')}` };
}

async function signatureCheck(proof: ProofFile): Promise<{ check: VerifyCheck; fingerprint: string | null }> {
  const fail = (detail: string, fingerprint: string | null = null) => ({
    check: { id: 'signature', ok: false, title: 'Signature', detail },
    fingerprint,
  });
  let key: Uint8Array<ArrayBuffer>;
  let sig: Uint8Array<ArrayBuffer>;
  try {
    key = fromBase64(proof.signature.publicKey);
    sig = fromBase64(proof.signature.value);
  } catch {
    return fail('the public key or the signature is not base64');
  }
  if (key.length !== 32) return fail(`the public key has ${key.length} bytes; an Ed25519 key has 32`);
  const fingerprint = await fingerprintOf(key);
  if (fingerprint !== proof.signature.fingerprint) {
    return fail(
      `the fingerprint field (${proof.signature.fingerprint.slice(0, 16)}…) does not belong to the public key (${fingerprint.slice(0, 16)}…)`,
      fingerprint,
    );
  }
  const valid = await verifyBytes(key, sig, canonicalBytes(proof.statement));
  return valid
    ? {
        check: {
          id: 'signature',
          ok: true,
          title: 'Signature',
          detail: `valid Ed25519 signature of the statement by key ${formatFingerprint(fingerprint)}`,
        },
        fingerprint,
      }
    : fail(
        `the Ed25519 signature does not match the statement: the statement or the signature was changed after signing (key ${formatFingerprint(fingerprint)})`,
        fingerprint,
      );
}

async function signerCheck(proof: ProofFile, text: string): Promise<VerifyCheck> {
  const title = 'Expected signer';
  const pk = parsePublicKeyFile(text);
  if (!pk.ok) return { id: 'signer', ok: false, title, detail: pk.error };
  let expected: Uint8Array<ArrayBuffer>;
  try {
    expected = fromBase64(pk.value.publicKey);
  } catch {
    return { id: 'signer', ok: false, title, detail: 'the expected public key is not base64' };
  }
  const actual = fromBase64(proof.signature.publicKey);
  const expectedFp = await fingerprintOf(expected);
  return bytesEqual(expected, actual)
    ? { id: 'signer', ok: true, title, detail: `signed by the expected key ${formatFingerprint(expectedFp)}` }
    : {
        id: 'signer',
        ok: false,
        title,
        detail: `signed by key ${formatFingerprint(await fingerprintOf(actual))}, not by the expected key ${formatFingerprint(expectedFp)}`,
      };
}

async function marketFileCheck(s: MarginStatement, file: { text: string; fileName: string }): Promise<VerifyCheck> {
  const title = 'Market file';
  const r = importMarketText(file.text, file.fileName);
  if (!r.ok) return { id: 'market-file', ok: false, title, detail: r.error };
  let hash: string;
  let valuationTime: string;
  try {
    const m = normaliseMarket(r.snapshot);
    hash = await marketHash(m);
    valuationTime = m.valuationTime;
  } catch (e) {
    return { id: 'market-file', ok: false, title, detail: e instanceof Error ? e.message : String(e) };
  }
  return hash === s.marketHash
    ? { id: 'market-file', ok: true, title, detail: `${file.fileName} is the market the proof was made on (hash ${hash.slice(0, 16)}…)` }
    : {
        id: 'market-file',
        ok: false,
        title,
        detail: `market hash differs: ${file.fileName} hashes to ${hash.slice(0, 16)}…, the statement commits to ${s.marketHash.slice(0, 16)}…${
          valuationTime !== s.valuationTime ? ` (valuation time ${valuationTime} vs ${s.valuationTime})` : ''
        }`,
      };
}

async function openingChecks(s: MarginStatement, opening: OpeningFile): Promise<VerifyCheck[]> {
  const checks: VerifyCheck[] = [];
  const n = opening.positions.length;
  if (opening.root !== s.root || opening.treeSize !== s.treeSize) {
    checks.push({
      id: 'opening',
      ok: false,
      title: 'Opening',
      detail: `this opening names root ${opening.root.slice(0, 16)}… (${opening.treeSize} leaves); the statement signs ${s.root.slice(0, 16)}… (${s.treeSize} leaves)`,
    });
  }

  // Root: rebuilt from the positions, salts and padding.
  const expectedSize = paddedTreeSize(n);
  let tree: Awaited<ReturnType<typeof buildTree>> | null = null;
  if (n + opening.padding.length !== expectedSize) {
    checks.push({
      id: 'root',
      ok: false,
      title: 'Root',
      detail: `${n} positions make a tree of ${expectedSize} leaves (${expectedSize - n} padding salts); the opening has ${opening.padding.length} padding salts`,
    });
  } else {
    try {
      tree = await buildTree(opening.positions, opening.padding);
      checks.push(
        tree.root === s.root && tree.treeSize === s.treeSize
          ? {
              id: 'root',
              ok: true,
              title: 'Root',
              detail: `the ${n} salted positions and ${opening.padding.length} padding leaves rebuild the signed root`,
            }
          : {
              id: 'root',
              ok: false,
              title: 'Root',
              detail: `root mismatch: the opening's positions and salts give ${tree.root.slice(0, 16)}…, the statement signs ${s.root.slice(0, 16)}… (a position or a salt differs from what was committed)`,
            },
      );
    } catch (e) {
      checks.push({ id: 'root', ok: false, title: 'Root', detail: e instanceof Error ? e.message : String(e) });
    }
  }

  // Market and parameters.
  let market = null;
  try {
    market = normaliseMarket(opening.market);
    const h = await marketHash(market);
    const timeNote =
      market.valuationTime !== s.valuationTime
        ? `; its valuation time ${market.valuationTime} is not the statement's ${s.valuationTime}`
        : '';
    checks.push(
      h === s.marketHash && timeNote === ''
        ? {
            id: 'market',
            ok: true,
            title: 'Market',
            detail: `the opening's market snapshot hashes to the signed market hash (valuation ${market.valuationTime})`,
          }
        : {
            id: 'market',
            ok: false,
            title: 'Market',
            detail: `market hash differs: the opening's snapshot hashes to ${h.slice(0, 16)}…, the statement commits to ${s.marketHash.slice(0, 16)}…${timeNote}`,
          },
    );
  } catch (e) {
    checks.push({ id: 'market', ok: false, title: 'Market', detail: e instanceof Error ? e.message : String(e) });
  }
  let params = null;
  try {
    params = normaliseParams(opening.marginParameters);
    const h = await parametersHash(params);
    checks.push(
      h === s.parametersHash
        ? { id: 'parameters', ok: true, title: 'Parameters', detail: 'the opening’s PME parameters hash to the signed parameters hash' }
        : {
            id: 'parameters',
            ok: false,
            title: 'Parameters',
            detail: `parameters hash differs: the opening's parameters hash to ${h.slice(0, 16)}…, the statement commits to ${s.parametersHash.slice(0, 16)}…`,
          },
    );
  } catch (e) {
    checks.push({ id: 'parameters', ok: false, title: 'Parameters', detail: e instanceof Error ? e.message : String(e) });
  }

  // Margin: the engine on the opened book, market and parameters.
  if (market && params) {
    const ordered = tree ?? (await buildTree(opening.positions, opening.padding).catch(() => null));
    if (!ordered) {
      checks.push({ id: 'margin', ok: false, title: 'Margin', detail: 'the opened book cannot be ordered (a salt is reused)' });
      return checks;
    }
    const figures = marginFigures(treePositions(ordered), market, params);
    if (figures.errors.length > 0) {
      checks.push({
        id: 'margin',
        ok: false,
        title: 'Margin',
        detail: `${figures.errors.length} opened position(s) cannot be valued on the committed market: ${figures.errors
          .map((e) => `${e.instrument}: ${e.message}`)
          .join('; ')}`,
      });
    }
    const names = [...new Set([...Object.keys(s.currencies), ...Object.keys(figures.currencies)])].sort();
    for (const ccy of names) {
      const a = s.currencies[ccy];
      const r = figures.currencies[ccy];
      const id = `margin ${ccy}`;
      const title = `Margin ${ccy}`;
      if (!a) checks.push({ id, ok: false, title, detail: `the opened book has ${ccy} figures the statement leaves out` });
      else if (!r) checks.push({ id, ok: false, title, detail: `the statement lists ${ccy}, which the opened book does not hold` });
      else {
        const diffs = figureDifferences(ccy, a, r);
        checks.push(
          diffs.length === 0
            ? {
                id,
                ok: true,
                title,
                detail: `recomputed IM ${fmtFigure(r.initialMargin)}, MM ${fmtFigure(r.maintenanceMargin)}, equity ${fmtFigure(r.equity)} ${ccy}: as attested`,
              }
            : { id, ok: false, title, detail: diffs.join('; ') },
        );
      }
    }
  }
  return checks;
}

/** Verify a proof and whatever else is given (opening, inclusion proof, market file, expected key). */
export async function verifyProof(input: VerifyInput): Promise<VerifyReport> {
  const scope = { opening: !!input.opening, inclusion: !!input.inclusion, marketFile: !!input.market, signer: !!input.publicKey };
  const parsed = parseProofFile(input.proof);
  if (!parsed.ok) {
    return {
      ok: false,
      checks: [{ id: 'proof', ok: false, title: 'Proof file', detail: parsed.error }],
      statement: null,
      fingerprint: null,
      scope,
      notes: [],
    };
  }
  const proof = parsed.value;
  const s = proof.statement;
  const checks: VerifyCheck[] = [];
  const notes: string[] = [];
  const sig = await signatureCheck(proof);
  checks.push(sig.check);
  if (input.publicKey) checks.push(await signerCheck(proof, input.publicKey));
  checks.push(claimCheck(s));
  if (input.market) checks.push(await marketFileCheck(s, input.market));
  if (input.opening) {
    const opening = parseOpeningFile(input.opening);
    if (!opening.ok) checks.push({ id: 'opening', ok: false, title: 'Opening', detail: opening.error });
    else checks.push(...(await openingChecks(s, opening.value)));
    if (s.engineVersion !== ENGINE_VERSION) {
      notes.push(
        `the proof was made by ${s.engineVersion}; this verifier is ${ENGINE_VERSION}: a figure that differs may come from the engine change`,
      );
    }
  }
  if (input.inclusion) {
    const inc = parseInclusionFile(input.inclusion);
    if (!inc.ok) checks.push({ id: 'inclusion', ok: false, title: 'Inclusion', detail: inc.error });
    else {
      const r = await checkInclusion(inc.value, s.root, s.treeSize);
      checks.push(
        r.ok
          ? {
              id: 'inclusion',
              ok: true,
              title: 'Inclusion',
              detail: `${describePosition(r.position)} is leaf ${inc.value.leafIndex} of the ${s.treeSize}-leaf tree under the signed root`,
            }
          : { id: 'inclusion', ok: false, title: 'Inclusion', detail: `the inclusion proof fails: ${r.reason}` },
      );
    }
  }
  return { ok: checks.every((c) => c.ok), checks, statement: s, fingerprint: sig.fingerprint, scope, notes };
}

/** The report as text lines (the CLI's output; the page shows the same checks). */
export function reportLines(r: VerifyReport): string[] {
  const lines: string[] = [];
  const s = r.statement;
  if (s) {
    lines.push(
      `Statement: root ${s.root}, ${s.treeSize}-leaf tree, valuation ${s.valuationTime}, ${s.engineVersion}, signed ${s.issuedAt}`,
    );
    if (r.fingerprint) lines.push(`Signed by key ${formatFingerprint(r.fingerprint)}`);
    for (const [ccy, f] of Object.entries(s.currencies)) {
      lines.push(
        `  ${ccy.padEnd(5)} IM ${fmtFigure(f.initialMargin)}  MM ${fmtFigure(f.maintenanceMargin)}  equity ${fmtFigure(f.equity)}  ` +
          `ratio ${f.marginRatio === null ? '—' : `${(f.marginRatio * 100).toFixed(2)} %`}  equity ≥ MM: ${f.equityCoversMaintenance ? 'yes' : 'NO'}`,
      );
    }
    lines.push(`Claim "${s.claim.text}": ${s.claim.holds ? 'TRUE' : 'FALSE'}`);
  }
  for (const c of r.checks) lines.push(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.title}: ${c.detail}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push(
    r.ok
      ? `VERIFIED (${scopeText(r)})`
      : `NOT VERIFIED: ${r.checks
          .filter((c) => !c.ok)
          .map((c) => c.title)
          .join(', ')} failed`,
  );
  return lines;
}

/** What a passing report establishes, in a few words. */
export function scopeText(r: VerifyReport): string {
  const parts = ['signature'];
  if (r.scope.signer) parts.push('expected signer');
  if (r.scope.marketFile) parts.push('market file');
  if (r.scope.opening) parts.push('full opening: root, market, parameters and margin recomputed');
  if (r.scope.inclusion) parts.push('inclusion of one position');
  return parts.join(', ');
}
