import { useState } from 'react';
import { useAppStore, useAppStoreShallow } from '../../state/hooks.ts';
import { saveFileInBrowser } from '../../state/fileCommands.ts';
import { getRiskClient } from '../../worker/riskClient.ts';
import { fileText } from '../../proof/formats.ts';
import { formatFingerprint, signStatement } from '../../proof/keys.ts';
import { formatUtc } from '../../lib/format.ts';
import { AnalysisStatus } from '../margin/AnalysisStatus.tsx';
import { dataUrl, useAnalysisQuery } from '../margin/analysisQuery.ts';
import { FiguresTable } from './FiguresTable.tsx';
import { signerOf } from './keyStore.ts';
import { proofFileName } from './proofsModel.ts';
import { proofsStore, useProofsStore } from './proofsStore.ts';

const PARAMS_SOURCE = {
  edited: 'your edited PME parameters',
  file: 'margin-params.json',
  'built-in': 'the built-in PME parameters',
} as const;

/**
 * Make a proof: what it would attest (the figures of the real book at today's marks), then commit, sign and offer the
 * proof and its opening as downloads.
 */
export function MakeProofCard() {
  const pmeOverride = useAppStore((s) => s.analysis.pmeParamsOverride);
  const { portfolio, market, overrides } = useAppStoreShallow((s) => ({
    portfolio: s.portfolio,
    market: s.market,
    overrides: s.marketOverrides,
  }));
  const preview = useAnalysisQuery('proof-preview', 'proofPreview', { dataUrl: dataUrl(), pmeOverride });
  const key = useProofsStore((s) => s.key);
  const lastProof = useProofsStore((s) => s.lastProof);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = preview.data;

  const make = async () => {
    if (key.status !== 'ready' || !market) return;
    setBusy(true);
    setError(null);
    try {
      const draft = await getRiskClient().request('proofs', 'proofDraft', [
        { portfolio, market, overrides },
        { dataUrl: dataUrl(), pmeOverride },
      ]);
      if (!draft.ok) {
        setError(draft.error);
        return;
      }
      const proof = await signStatement(draft.statement, await signerOf(key.key));
      proofsStore
        .getState()
        .set({ lastProof: { proof, opening: draft.opening, leftOut: draft.leftOut, warnings: draft.warnings }, openedOpening: null });
    } catch (e) {
      setError(`The proof could not be made: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const download = (which: 'proof' | 'opening') => {
    if (!lastProof) return;
    const s = lastProof.proof.statement;
    saveFileInBrowser(
      proofFileName(which, s.valuationTime),
      fileText(which === 'proof' ? lastProof.proof : lastProof.opening),
      'application/json',
    );
  };

  return (
    <section className="an-section pf-make" data-testid="proof-make-card">
      <header className="an-section-head">
        <h3>Make a proof</h3>
        <AnalysisStatus name="proof-preview" query={preview} what="Figures" />
      </header>
      <div className="an-section-body">
        <p className="an-note pf-p">
          Commits to every real position of the book (what-if and excluded rows are left out) with a random salt each, and signs the Deribit
          portfolio margin per currency, the equity and the claim <em>equity ≥ MM in every currency</em> — true or false, as it is.
        </p>
        {p ? (
          <>
            <FiguresTable currencies={p.figures.currencies} testId="proof-preview" />
            <div
              className={`pf-claim ${p.figures.claimHolds ? 'is-true' : 'is-false'}`}
              data-testid="proof-preview-claim"
              data-value={String(p.figures.claimHolds)}
            >
              Claim “equity ≥ MM in every currency”: <strong>{p.figures.claimHolds ? 'true' : 'false'}</strong>
            </div>
            <ul className="an-note pf-facts">
              <li>
                {p.positions} position{p.positions === 1 ? '' : 's'} committed
                {p.leftOut > 0 ? `; ${p.leftOut} what-if/excluded row${p.leftOut === 1 ? '' : 's'} left out` : ''}
              </li>
              <li>
                Market of {formatUtc(p.valuationTime)}
                {p.overridesApplied ? (
                  <span className="warn-text"> with your hand overrides (the committed market includes them)</span>
                ) : null}
              </li>
              <li>Parameters: {PARAMS_SOURCE[p.paramsSource]}</li>
            </ul>
            {p.figures.errors.length > 0 ? (
              <div className="an-error" data-testid="proof-preview-errors">
                {p.figures.errors.length} position{p.figures.errors.length === 1 ? '' : 's'} cannot be valued, so no proof can be made:{' '}
                {p.figures.errors.map((e) => `${e.instrument} (${e.message})`).join('; ')}
              </div>
            ) : null}
          </>
        ) : preview.status === 'error' ? (
          <div className="an-error">{preview.error}</div>
        ) : null}
        <div className="pf-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="proof-make"
            disabled={busy || key.status !== 'ready' || !market || !p || p.positions === 0 || p.figures.errors.length > 0}
            onClick={() => void make()}
            title={key.status !== 'ready' ? 'Create a signing key first' : 'Commit to the book, compute the figures and sign the statement'}
          >
            {busy ? 'Signing…' : 'Sign proof'}
          </button>
          {key.status !== 'ready' ? <span className="an-note">Create a signing key first.</span> : null}
        </div>
        {error ? (
          <div className="an-error" data-testid="proof-make-error">
            {error}
          </div>
        ) : null}
        {lastProof ? (
          <div className="pf-result" data-testid="proof-result" data-root={lastProof.proof.statement.root}>
            <div>
              Signed {formatUtc(lastProof.proof.statement.issuedAt)} by key{' '}
              <span className="mono">{formatFingerprint(lastProof.proof.signature.fingerprint).slice(0, 19)}…</span>
            </div>
            <div className="an-note">
              Root <span className="mono">{lastProof.proof.statement.root.slice(0, 24)}…</span> · {lastProof.opening.positions.length}{' '}
              positions in a {lastProof.proof.statement.treeSize}-leaf tree
            </div>
            <div className="pf-actions">
              <button type="button" className="btn btn-primary" data-testid="proof-download" onClick={() => download('proof')}>
                Proof ↓
              </button>
              <button type="button" className="btn" data-testid="proof-download-opening" onClick={() => download('opening')}>
                Opening ↓
              </button>
              <span className="an-note">Share the proof. Keep the opening private: it is the whole book with its salts.</span>
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}
