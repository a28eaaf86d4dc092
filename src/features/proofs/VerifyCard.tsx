import { useState, type ChangeEvent } from 'react';
import { getRiskClient } from '../../worker/riskClient.ts';
import { formatFingerprint } from '../../proof/keys.ts';
import { scopeText } from '../../proof/verify.ts';
import { formatUtc } from '../../lib/format.ts';
import { FiguresTable } from './FiguresTable.tsx';
import { proofsStore, useProofsStore } from './proofsStore.ts';
import { readPickedFile } from './readFile.ts';

type Slot = 'proof' | 'opening' | 'inclusion' | 'market' | 'key';

const SLOTS: readonly { slot: Slot; label: string; hint: string }[] = [
  { slot: 'proof', label: 'Proof', hint: 'proof.json: the signed statement (required)' },
  { slot: 'opening', label: 'Opening', hint: 'the full opening: root rebuilt, market and parameters hashed, margin recomputed' },
  { slot: 'inclusion', label: 'Inclusion proof', hint: 'one position: it must lead to the signed root' },
  { slot: 'market', label: 'Market file', hint: 'a market snapshot you hold: it must be the one the proof commits to' },
  { slot: 'key', label: 'Expected public key', hint: 'the prover’s public key file: the proof must be signed with it' },
];

interface Picked {
  readonly name: string;
  readonly text: string;
}

/**
 * Verify proof files: the same verification as `npm run verify`, run in a worker. Every check is listed with what it
 * established or exactly what failed.
 */
export function VerifyCard() {
  const [files, setFiles] = useState<Partial<Record<Slot, Picked>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const report = useProofsStore((s) => s.verifyReport);

  const pick = (slot: Slot) => async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const text = await readPickedFile(file);
      setFiles((f) => ({ ...f, [slot]: { name: file.name, text } }));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      input.value = '';
    }
  };

  const verify = async () => {
    if (!files.proof) return;
    setBusy(true);
    setError(null);
    try {
      const r = await getRiskClient().request('proofs', 'verifyProofFiles', [
        {
          proof: files.proof.text,
          opening: files.opening?.text ?? null,
          inclusion: files.inclusion?.text ?? null,
          market: files.market ? { text: files.market.text, fileName: files.market.name } : null,
          publicKey: files.key?.text ?? null,
        },
      ]);
      proofsStore.getState().set({ verifyReport: r });
    } catch (err) {
      setError(`Verification could not run: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const s = report?.statement ?? null;
  return (
    <section className="an-section pf-verify" data-testid="proof-verify-card">
      <header className="an-section-head">
        <h3>Verify</h3>
        <span className="an-note">Same checks as npm run verify</span>
      </header>
      <div className="an-section-body">
        <div className="pf-slots">
          {SLOTS.map(({ slot, label, hint }) => (
            <div key={slot} className="pf-slot" title={hint}>
              <span className="pf-label">{label}</span>
              <label className="btn btn-small">
                Choose…
                <input
                  type="file"
                  className="visually-hidden"
                  accept=".json,application/json"
                  aria-label={`${label} file`}
                  data-testid={`verify-${slot}-input`}
                  onChange={(e) => void pick(slot)(e)}
                />
              </label>
              <span className={`pf-file ${files[slot] ? '' : 'muted'}`} data-testid={`verify-${slot}-name`}>
                {files[slot]?.name ?? (slot === 'proof' ? 'required' : 'optional')}
              </span>
              {files[slot] && slot !== 'proof' ? (
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Remove the ${label.toLowerCase()}`}
                  onClick={() => setFiles(({ [slot]: _gone, ...rest }) => rest)}
                >
                  ✕
                </button>
              ) : (
                <span />
              )}
            </div>
          ))}
        </div>
        <div className="pf-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="verify-run"
            disabled={!files.proof || busy}
            onClick={() => void verify()}
          >
            {busy ? 'Verifying…' : 'Verify'}
          </button>
        </div>
        {error ? <div className="an-error">{error}</div> : null}
        {report ? (
          <div className="pf-report" data-testid="verify-result" data-ok={String(report.ok)}>
            <div className={`pf-verdict ${report.ok ? 'is-true' : 'is-false'}`}>
              {report.ok
                ? `Verified: ${scopeText(report)}`
                : `Not verified: ${report.checks
                    .filter((c) => !c.ok)
                    .map((c) => c.title)
                    .join(', ')} failed`}
            </div>
            {s ? (
              <>
                <div className="an-note pf-p">
                  Valuation {formatUtc(s.valuationTime)} · signed {formatUtc(s.issuedAt)} · {s.engineVersion}
                  {report.fingerprint ? (
                    <>
                      {' '}
                      · key <span className="mono">{formatFingerprint(report.fingerprint).slice(0, 19)}…</span>
                    </>
                  ) : null}
                </div>
                <FiguresTable currencies={s.currencies} testId="verify-figures" />
                <div
                  className={`pf-claim ${s.claim.holds ? 'is-true' : 'is-false'}`}
                  data-testid="verify-claim"
                  data-value={String(s.claim.holds)}
                >
                  Attested claim “{s.claim.text}”: <strong>{s.claim.holds ? 'true' : 'false'}</strong>
                </div>
              </>
            ) : null}
            <ul className="pf-checks">
              {report.checks.map((c) => (
                <li
                  key={c.id}
                  className={c.ok ? 'is-ok' : 'is-fail'}
                  data-testid={`verify-check-${c.id.replace(/\s+/g, '-')}`}
                  data-ok={String(c.ok)}
                >
                  <span className="pf-mark" aria-hidden="true">
                    {c.ok ? '✓' : '✗'}
                  </span>
                  <span>
                    <strong>{c.title}</strong>
                    <span className="visually-hidden">{c.ok ? ' passed' : ' failed'}</span>: {c.detail}
                  </span>
                </li>
              ))}
            </ul>
            {report.notes.map((n) => (
              <div key={n} className="an-warn">
                {n}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </section>
  );
}
