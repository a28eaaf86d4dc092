/** Candidate instruments from the snapshot: kinds on/off, one checkbox per instrument, Greeks and cost per coin. */
import type { CandidateKind, HedgeCandidate } from '../../engine/index.ts';
import { formatCoin, formatNumber, formatUsd } from '../../lib/format.ts';
import { hedgeStore } from './hedgeStore.ts';
import { ALL_KINDS, KIND_LABELS, candidateGroups, toggleExcluded } from './suggestModel.ts';

interface Props {
  readonly candidates: readonly HedgeCandidate[] | null;
  readonly kinds: Readonly<Record<CandidateKind, boolean>>;
  readonly excluded: readonly string[];
}

const KIND_TIPS: Readonly<Record<CandidateKind, string>> = {
  perpetual: 'The inverse perpetual of each underlying',
  future: 'The inverse future of every quoted expiry',
  option: 'Per smile expiry more than 2 days out: the call and the put at the quoted strike nearest the forward',
};

export function CandidatesCard({ candidates, kinds, excluded }: Props) {
  const groups = candidates ? candidateGroups(candidates, kinds, excluded) : [];
  const setKind = (k: CandidateKind, on: boolean) => hedgeStore.getState().set({ kinds: { ...hedgeStore.getState().kinds, [k]: on } });
  const setTicked = (instrument: string, on: boolean) =>
    hedgeStore.getState().set({ excluded: toggleExcluded(hedgeStore.getState().excluded, instrument, on) });
  return (
    <section className="hedge-card" aria-label="Hedge candidates">
      <header className="hedge-card-head">
        <h3>Candidate instruments</h3>
        <div className="hedge-kinds">
          {ALL_KINDS.map((k) => (
            <label key={k} title={KIND_TIPS[k]}>
              <input type="checkbox" checked={kinds[k]} data-testid={`hedge-kind-${k}`} onChange={(e) => setKind(k, e.target.checked)} />
              {KIND_LABELS[k]}
            </label>
          ))}
        </div>
      </header>
      {candidates === null ? (
        <div className="hedge-empty">Listing the snapshot’s instruments…</div>
      ) : groups.length === 0 ? (
        <div className="hedge-empty">No candidate: set a target for an underlying that has market data.</div>
      ) : (
        <div className="hedge-cands-scroll">
          <table className="hedge-table" data-testid="hedge-candidates">
            <thead>
              <tr>
                <th className="left" title="Tick the instruments the solver may trade">
                  Use
                </th>
                <th className="left">Instrument</th>
                <th className="left">Type</th>
                <th title="Delta of 1 coin long">
                  Delta<span className="unit">coin</span>
                </th>
                <th title="Gamma of 1 coin long: change of USD delta for a +1 % move">
                  Gamma<span className="unit">USD / 1 %</span>
                </th>
                <th title="Vega of 1 coin long">
                  Vega<span className="unit">USD / vol pt</span>
                </th>
                <th title="Cost of trading 1 coin: half the bid-ask spread (snapshot, else a default) plus Deribit’s taker fee">
                  Cost<span className="unit">USD / coin</span>
                </th>
                <th title="The same cost in basis points of the forward">
                  Cost<span className="unit">bp</span>
                </th>
              </tr>
            </thead>
            {groups.map((g) => (
              <tbody key={g.underlying}>
                <tr className="group-row">
                  <th colSpan={8}>
                    {g.underlying}
                    <span className="muted">
                      {g.usableCount} of {g.rows.length} usable
                    </span>
                  </th>
                </tr>
                {g.rows.map((r) => (
                  <tr
                    key={r.instrument}
                    className={r.usable ? '' : 'is-off'}
                    data-testid="hedge-candidate-row"
                    data-instrument={r.instrument}
                  >
                    <td className="left">
                      <input
                        type="checkbox"
                        checked={r.ticked}
                        disabled={!r.kindEnabled}
                        aria-label={`Use ${r.instrument}`}
                        data-testid={`hedge-candidate-${r.instrument}`}
                        onChange={(e) => setTicked(r.instrument, e.target.checked)}
                      />
                    </td>
                    <td className="inst">{r.instrument}</td>
                    <td className="type">{r.type}</td>
                    <td className="num">{formatCoin(r.delta)}</td>
                    <td className="num">{r.kind === 'option' ? formatUsd(r.gammaUsd1pct) : '—'}</td>
                    <td className="num">{r.kind === 'option' ? formatUsd(r.vega) : '—'}</td>
                    <td className="num">{formatUsd(r.costPerCoinUsd)}</td>
                    <td className="num">{formatNumber(r.costBp, 1)}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}
