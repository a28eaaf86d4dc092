import { useState, type ChangeEvent } from 'react';
import { saveFileInBrowser } from '../../state/fileCommands.ts';
import { describePosition } from '../../proof/commitment.ts';
import { fileText, parseOpeningFile } from '../../proof/formats.ts';
import { makeInclusionProof } from '../../proof/inclusion.ts';
import { proofFileName } from './proofsModel.ts';
import { proofsStore, useProofsStore } from './proofsStore.ts';
import { readPickedFile } from './readFile.ts';

/**
 * An inclusion proof of one position: from the opening of the proof just made, or of an opening file. The file a
 * counterparty receives shows that position, its salt and the sibling hashes up to the signed root — nothing else.
 */
export function InclusionCard() {
  const lastProof = useProofsStore((s) => s.lastProof);
  const opened = useProofsStore((s) => s.openedOpening);
  const source = opened ?? (lastProof ? { fileName: 'the proof just signed', opening: lastProof.opening } : null);
  const [picked, setPicked] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const positions = source?.opening.positions ?? [];
  const order = positions.map((e, i) => ({ i, text: describePosition(e.position) })).sort((a, b) => a.text.localeCompare(b.text));
  const choice = picked !== null && picked < positions.length ? picked : (order[0]?.i ?? 0);

  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setDone(null);
    try {
      const parsed = parseOpeningFile(await readPickedFile(file));
      if (!parsed.ok) setError(`${file.name}: ${parsed.error}`);
      else {
        proofsStore.getState().set({ openedOpening: { fileName: file.name, opening: parsed.value } });
        setPicked(null);
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      input.value = '';
    }
  };

  const make = async () => {
    if (!source) return;
    setError(null);
    try {
      const inc = await makeInclusionProof(source.opening, choice);
      saveFileInBrowser(proofFileName('inclusion', source.opening.market.valuationTime), fileText(inc), 'application/json');
      setDone(`Inclusion proof of ${describePosition(inc.position)} (leaf ${inc.leafIndex} of ${inc.treeSize}) downloaded.`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="an-section pf-inclusion" data-testid="proof-inclusion-card">
      <header className="an-section-head">
        <h3>Inclusion proof</h3>
        <span className="an-note">One position, nothing about the others</span>
      </header>
      <div className="an-section-body">
        <div className="pf-row">
          <span className="an-note" data-testid="proof-inclusion-source">
            {source ? `From ${source.fileName} (${positions.length} positions)` : 'Sign a proof above, or open an opening file.'}
          </span>
          <label className="btn btn-small">
            Open opening…
            <input
              type="file"
              className="visually-hidden"
              accept=".json,application/json"
              data-testid="proof-inclusion-opening-input"
              onChange={(e) => void open(e)}
            />
          </label>
        </div>
        {source ? (
          <div className="pf-row">
            <label className="pf-field pf-grow">
              <span className="pf-label">Position</span>
              <select
                className="select"
                data-testid="proof-inclusion-select"
                value={choice}
                onChange={(e) => setPicked(Number(e.currentTarget.value))}
              >
                {order.map(({ i, text }) => (
                  <option key={i} value={i}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="btn btn-primary" data-testid="proof-inclusion-make" onClick={() => void make()}>
              Inclusion proof ↓
            </button>
          </div>
        ) : null}
        {done ? (
          <div className="an-note tone-pos" data-testid="proof-inclusion-done">
            {done}
          </div>
        ) : null}
        {error ? (
          <div className="an-error" data-testid="proof-inclusion-error">
            {error}
          </div>
        ) : null}
      </div>
    </section>
  );
}
