/**
 * Making a proof: commit to the book, compute the attested figures with the engine, and write the statement and
 * the opening. Signing is separate (keys.ts `signStatement`), so the page can sign with its non-extractable key on
 * the main thread while this runs in a worker, and the CLI with its key file.
 *
 * The market snapshot and the parameters are first read back through their own validators (parseMarketSnapshot,
 * parsePmeParams), which is exactly what a verifier does with the opening; the hashes, the figures and the opening
 * all use that normalised form, so a verifier recomputes the same bytes.
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { Position } from '../domain/position.ts';
import { parsePmeParams, type PmeParams } from '../engine/index.ts';
import { parseMarketSnapshot } from '../io/marketSnapshot.ts';
import { canonicalBytes } from './canonicalJson.ts';
import {
  canonicalPosition,
  canonicalPositionError,
  commitPositions,
  describePosition,
  positionFromCanonical,
  provablePositions,
  type CommittedTree,
} from './commitment.ts';
import { marginFigures, type MarginFigures } from './figures.ts';
import {
  CLAIM_TEXT,
  COMMITMENT_SCHEME,
  MARGIN_MODEL,
  OPENING_FORMAT,
  STATEMENT_TYPE,
  type MarginStatement,
  type OpeningFile,
} from './formats.ts';
import { sha256Hex } from './hash.ts';
import { ENGINE_VERSION } from './version.ts';

/** A book, market or parameter set that cannot be proven, with the reason. */
export class ProofInputError extends Error {
  override name = 'ProofInputError';
}

export interface ProofDraft {
  readonly statement: MarginStatement;
  readonly opening: OpeningFile;
  readonly figures: MarginFigures;
  /** Rows left out of the proof: what-if and excluded rows. */
  readonly leftOut: number;
}

/** The snapshot as a verifier reads it from the opening. */
export function normaliseMarket(market: MarketSnapshot): MarketSnapshot {
  const r = parseMarketSnapshot(JSON.parse(JSON.stringify(market)));
  if (!r.ok) throw new ProofInputError(`the market snapshot is not valid: ${r.error}`);
  return r.snapshot;
}

/** The parameters as a verifier reads them from the opening. */
export function normaliseParams(params: unknown): PmeParams {
  const r = parsePmeParams(JSON.parse(JSON.stringify(params)));
  if (!r.ok) throw new ProofInputError(`the margin parameters are not valid: ${r.errors.join('; ')}`);
  return r.value;
}

export const marketHash = (market: MarketSnapshot): Promise<string> => sha256Hex(canonicalBytes(market));
export const parametersHash = (params: PmeParams): Promise<string> => sha256Hex(canonicalBytes(params));

/** Engine positions of a committed tree, in its canonical order (ids name the leaf). */
export function treePositions(tree: Pick<CommittedTree, 'entries' | 'entryIndex'>): Position[] {
  return tree.entries.map((e, i) => positionFromCanonical(e.position, `leaf ${tree.entryIndex[i]!}`));
}

export interface DraftInput {
  /** The book; what-if and excluded rows are left out. */
  readonly positions: readonly Position[];
  readonly market: MarketSnapshot;
  readonly params: PmeParams;
  readonly now?: Date;
  /** Source of salts (tests); default crypto.getRandomValues. */
  readonly random?: (n: number) => Uint8Array;
}

/**
 * The unsigned statement and the opening of a book.
 * @throws ProofInputError when the book is empty, a position cannot be valued, or the market or parameters are invalid
 */
export async function draftProof(input: DraftInput): Promise<ProofDraft> {
  const real = provablePositions(input.positions);
  if (real.length === 0) throw new ProofInputError('the book has no position to prove (what-if and excluded rows are not part of a proof)');
  const canonical = real.map(canonicalPosition);
  canonical.forEach((c, i) => {
    const err = canonicalPositionError(c);
    if (err) throw new ProofInputError(`position ${i + 1} (${c.instrument}): ${err}`);
  });
  const market = normaliseMarket(input.market);
  const params = normaliseParams(input.params);
  const tree = await commitPositions(canonical, input.random);
  const figures = marginFigures(treePositions(tree), market, params);
  if (figures.errors.length > 0) {
    const list = figures.errors.map((e) => {
      const leaf = Number(e.positionId?.replace('leaf ', ''));
      const entry = tree.entries[tree.entryIndex.indexOf(leaf)];
      return `${entry ? describePosition(entry.position) : e.instrument}: ${e.message}`;
    });
    throw new ProofInputError(`${list.length} position(s) cannot be valued, so no margin can be attested: ${list.join('; ')}`);
  }
  const statement: MarginStatement = {
    type: STATEMENT_TYPE,
    version: 1,
    commitmentScheme: COMMITMENT_SCHEME,
    root: tree.root,
    treeSize: tree.treeSize,
    marketHash: await marketHash(market),
    parametersHash: await parametersHash(params),
    marginModel: MARGIN_MODEL,
    valuationTime: market.valuationTime,
    engineVersion: ENGINE_VERSION,
    issuedAt: (input.now ?? new Date()).toISOString(),
    currencies: figures.currencies,
    claim: { text: CLAIM_TEXT, holds: figures.claimHolds },
  };
  const opening: OpeningFile = {
    format: OPENING_FORMAT,
    version: 1,
    root: tree.root,
    treeSize: tree.treeSize,
    positions: tree.entries,
    padding: tree.padding,
    market,
    marginParameters: params,
  };
  return { statement, opening, figures, leftOut: input.positions.length - real.length };
}
