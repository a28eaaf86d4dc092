import { useEffect, useState } from 'react';
import { saveFileInBrowser } from '../../state/fileCommands.ts';
import { fromBase64 } from '../../proof/bytes.ts';
import { fileText } from '../../proof/formats.ts';
import { ed25519Supported, formatFingerprint, publicKeyFile } from '../../proof/keys.ts';
import { createSigningKey, loadSigningKey } from './keyStore.ts';
import { proofsStore, useProofsStore } from './proofsStore.ts';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Load the stored key once per page. */
async function loadKey(): Promise<void> {
  try {
    if (!(await ed25519Supported())) {
      proofsStore.getState().set({
        key: {
          status: 'error',
          message:
            'This browser’s WebCrypto has no Ed25519: proofs cannot be signed here (use a current Chrome, Edge, Firefox or Safari, or the CLI).',
        },
      });
      return;
    }
    const key = await loadSigningKey();
    proofsStore.getState().set({ key: key ? { status: 'ready', key } : { status: 'none' } });
  } catch (e) {
    proofsStore
      .getState()
      .set({ key: { status: 'error', message: `The signing key could not be read from this browser’s storage (${message(e)}).` } });
  }
}

/**
 * The signing key: created here with a non-extractable private key, kept in IndexedDB; its public key and
 * fingerprint are what a verifier needs.
 */
export function KeyCard() {
  const key = useProofsStore((s) => s.key);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (proofsStore.getState().key.status === 'loading') void loadKey();
  }, []);

  const create = async () => {
    setBusy(true);
    try {
      const k = await createSigningKey();
      proofsStore.getState().set({ key: { status: 'ready', key: k } });
      setConfirmReplace(false);
    } catch (e) {
      proofsStore.getState().set({ key: { status: 'error', message: `A key could not be created or kept (${message(e)}).` } });
    } finally {
      setBusy(false);
    }
  };

  const exportPublic = async () => {
    if (key.status !== 'ready') return;
    const file = await publicKeyFile(fromBase64(key.key.publicKeyBase64));
    saveFileInBrowser(`riskdeck-public-key-${key.key.fingerprint.slice(0, 8)}.json`, fileText(file), 'application/json');
  };

  return (
    <section className="an-section pf-key" data-testid="proof-key">
      <header className="an-section-head">
        <h3>Signing key</h3>
        <span className="an-note">Ed25519 · private key never leaves this browser</span>
      </header>
      <div className="an-section-body">
        {key.status === 'loading' ? <div className="an-note">Reading the key…</div> : null}
        {key.status === 'error' ? (
          <div className="an-error" data-testid="proof-key-error">
            {key.message}
          </div>
        ) : null}
        {key.status === 'none' ? (
          <>
            <p className="an-note pf-p">
              No key yet. The key pair is generated in this browser; its private half is marked non-extractable, so it can sign proofs but
              cannot be read out or copied. Give verifiers the public key.
            </p>
            <button type="button" className="btn btn-primary" data-testid="proof-key-create" disabled={busy} onClick={() => void create()}>
              Create signing key
            </button>
          </>
        ) : null}
        {key.status === 'ready' ? (
          <>
            <div className="pf-label">Fingerprint (SHA-256 of the public key)</div>
            <div className="mono pf-fingerprint" data-testid="proof-key-fingerprint" data-value={key.key.fingerprint}>
              {formatFingerprint(key.key.fingerprint)}
            </div>
            <div className="an-note pf-p">
              Created {key.key.createdAt.slice(0, 10)}. Read it out to whoever verifies, or send the public key file.
            </div>
            <div className="pf-actions">
              <button type="button" className="btn" data-testid="proof-key-export" onClick={() => void exportPublic()}>
                Export public key ↓
              </button>
              {confirmReplace ? (
                <span className="pf-confirm">
                  <span className="warn-text small">
                    Replace it? Proofs signed with this key still verify against its exported public key.
                  </span>
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid="proof-key-replace-confirm"
                    disabled={busy}
                    onClick={() => void create()}
                  >
                    Replace
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setConfirmReplace(false)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" className="btn" data-testid="proof-key-replace" onClick={() => setConfirmReplace(true)}>
                  New key…
                </button>
              )}
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}
