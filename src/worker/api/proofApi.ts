/**
 * Worker API of the portfolio-margin proofs (src/proof): the figures a proof would attest, the unsigned statement
 * and opening of the current book, and verification of proof files. Merged into riskApi. The page signs on the main
 * thread with its non-extractable key (features/proofs/keyStore.ts); the CLI runs the same src/proof functions.
 *
 * The book is the real book (what-if and excluded rows left out), the market is the snapshot with the hand
 * overrides applied (what the page values at), the parameters are the margin view's (edited set, else
 * margin-params.json, else the built-in copy: `pmeParamsInUse`).
 */
import type { Scenario } from '../../domain/scenario.ts';
import {
  draftProof,
  marginFigures,
  provablePositions,
  ProofInputError,
  verifyProof,
  type MarginFigures,
  type OpeningFile,
  type MarginStatement,
} from '../../proof/index.ts';
import type { VerifyInput, VerifyReport } from '../../proof/verify.ts';
import { bookContext, type BookInputs } from '../bookCache.ts';
import { applyMarketOverrides, hasOverrides } from '../marketOverrides.ts';
import { pmeParamsInUse, type AnalysisDataParams, type PmeParamsSource } from './marginApi.ts';

export interface ProofPreview {
  /** The figures of the real book at today's marks (book order; the signed statement adds them in tree order). */
  readonly figures: MarginFigures;
  /** Real positions the proof would commit to. */
  readonly positions: number;
  /** What-if and excluded rows a proof leaves out. */
  readonly leftOut: number;
  readonly paramsSource: PmeParamsSource;
  readonly paramsErrors: readonly string[];
  readonly overridesApplied: boolean;
  readonly valuationTime: string;
}

export type ProofDraftResult =
  | {
      readonly ok: true;
      readonly statement: MarginStatement;
      readonly opening: OpeningFile;
      readonly leftOut: number;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly error: string };

export const proofApi = {
  /** What a proof of the current book would attest (no commitment, nothing random). */
  async proofPreview(inputs: BookInputs, _scenario: Scenario, params: AnalysisDataParams): Promise<ProofPreview> {
    const ctx = bookContext(inputs);
    const inUse = await pmeParamsInUse(params.dataUrl, params.pmeOverride);
    const real = provablePositions(inputs.portfolio.positions);
    return {
      figures: marginFigures(real, ctx.model.snapshot, inUse.params),
      positions: real.length,
      leftOut: inputs.portfolio.positions.length - real.length,
      paramsSource: inUse.source,
      paramsErrors: inUse.errors,
      overridesApplied: hasOverrides(inputs.overrides),
      valuationTime: ctx.model.valuationTime,
    };
  },

  /** The unsigned statement and the opening of the current book (fresh salts). */
  async proofDraft(inputs: BookInputs, params: AnalysisDataParams): Promise<ProofDraftResult> {
    const inUse = await pmeParamsInUse(params.dataUrl, params.pmeOverride);
    try {
      const draft = await draftProof({
        positions: inputs.portfolio.positions,
        market: applyMarketOverrides(inputs.market, inputs.overrides),
        params: inUse.params,
      });
      return { ok: true, statement: draft.statement, opening: draft.opening, leftOut: draft.leftOut, warnings: draft.figures.warnings };
    } catch (e) {
      if (e instanceof ProofInputError) return { ok: false, error: e.message };
      throw e;
    }
  },

  /** Verify proof files (the texts the user picked): the same function as `npm run verify`. */
  verifyProofFiles(input: VerifyInput): Promise<VerifyReport> {
    return verifyProof(input);
  },
};
