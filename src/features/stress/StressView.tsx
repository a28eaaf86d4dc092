import { useMemo, useState } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { useAnalysisQuery } from '../margin/analysisQuery.ts';
import { AnalysisStatus } from '../margin/AnalysisStatus.tsx';
import {
  blankForm,
  formErrors,
  formFromScenario,
  newCustomId,
  scenarioFromForm,
  stressRows,
  tableUnderlyings,
  type StressForm,
} from './stressModel.ts';
import { formatUsd, formatUsdWithSymbol } from '../../lib/format.ts';
import { pnlTone } from '../summary/summaryModel.ts';
import { StressTable } from './StressTable.tsx';
import { StressDetail } from './StressDetail.tsx';
import { StressBuilder } from './StressBuilder.tsx';
import '../margin/analysis.css';
import './stress.css';

/**
 * Stress tab: the library of historical crypto events and the user's scenarios, each fully revalued on the book
 * (worker: `analysisStress`), with a waterfall of the selected one and a builder. Custom scenarios live in the
 * analysis slice, so they are saved with the session.
 */
export function StressView() {
  const custom = useAppStore((s) => s.analysis.customStress);
  const saveCustomStress = useAppStore((s) => s.saveCustomStress);
  const deleteCustomStress = useAppStore((s) => s.deleteCustomStress);
  const query = useAnalysisQuery('stress', 'analysisStress', { custom });
  const run = query.data;
  const underlyings = useMemo(() => tableUnderlyings(run), [run]);
  const rows = useMemo(() => stressRows(run, underlyings), [run, underlyings]);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ form: StressForm; isNew: boolean } | null>(null);
  const result = run?.results.find((r) => r.id === selected) ?? run?.results[0] ?? null;
  // The builder's draft, priced as it is typed (its own slot, so the table keeps its figures).
  const [draft, setDraft] = useState<StressForm | null>(null);
  const draftOk = editing !== null && draft !== null && formErrors(draft).length === 0;
  const preview = useAnalysisQuery('stress-preview', 'analysisStress', draftOk && draft ? { custom: [scenarioFromForm(draft)] } : null);
  const previewResult = draftOk && preview.status === 'done' ? (preview.data?.results.find((r) => r.id === draft?.id) ?? null) : null;

  const scenarioOf = (id: string) => run?.results.find((r) => r.id === id)?.scenario ?? custom.find((c) => c.id === id) ?? null;
  const edit = (form: StressForm, isNew: boolean) => {
    setEditing({ form, isNew });
    setDraft(form);
  };
  const startNew = () => edit(blankForm(newCustomId(custom)), true);
  const startEdit = (id: string) => {
    const s = scenarioOf(id);
    if (s) edit(formFromScenario(s, underlyings), false);
  };
  const startCopy = (id: string) => {
    const s = scenarioOf(id);
    if (s) edit(formFromScenario(s, underlyings, newCustomId(custom)), true);
  };
  const save = (form: StressForm) => {
    saveCustomStress(scenarioFromForm(form));
    setSelected(form.id);
    setEditing(null);
  };
  const invalid = Object.entries(run?.invalid ?? {});

  return (
    <div className="an-view stress-view" data-testid="stress-view">
      <div className="an-head">
        <div>
          <div className="an-title">Stress tests</div>
          <div className="an-sub">
            Historical crypto events and your own scenarios, each a full revaluation of the book at today’s marks: spot moves per
            underlying, a front-end vol shock decaying with (30/DTE)^p, futures basis collapse and a venue default. What-if trades are
            included; the what-if sliders are not (a scenario is its own shock).
          </div>
        </div>
        <AnalysisStatus name="stress" query={query} what="Stress" />
      </div>
      <div className="an-split">
        <section className="an-section">
          <header className="an-section-head">
            <h3>Scenarios</h3>
            <button
              type="button"
              className="btn btn-small"
              data-testid="stress-new"
              onClick={startNew}
              title="Build a scenario of your own (saved with the session)"
            >
              + New scenario
            </button>
          </header>
          <div className="an-section-body flush">
            {rows.length > 0 ? (
              <StressTable
                rows={rows}
                underlyings={underlyings}
                selected={result?.id ?? null}
                onSelect={(id) => {
                  setSelected(id);
                  setEditing(null);
                }}
                onEdit={startEdit}
                onCopy={startCopy}
                onDelete={(id) => {
                  deleteCustomStress(id);
                  if (editing?.form.id === id) setEditing(null);
                }}
              />
            ) : (
              <div className="empty-state">{query.status === 'error' ? query.error : 'Running the scenarios…'}</div>
            )}
            {invalid.length > 0 ? (
              <div className="an-section-body an-error">
                {invalid.map(([id, errs]) => (
                  <div key={id}>
                    {custom.find((c) => c.id === id)?.name ?? id} was not run: {errs.join('; ')}
                  </div>
                ))}
              </div>
            ) : null}
          </div>
        </section>
        <section className="an-section">
          <header className="an-section-head">
            <h3>{editing ? (editing.isNew ? 'New scenario' : 'Edit scenario') : 'Breakdown'}</h3>
            {!editing && result?.scenario.venueDefault === null && result.id === 'ftx-2022' ? (
              <span className="an-note">Copy it (⧉) and pick a venue to add the counterparty loss</span>
            ) : null}
          </header>
          {editing ? (
            <StressBuilder
              key={editing.form.id}
              initial={editing.form}
              isNew={editing.isNew}
              underlyings={underlyings.length > 0 ? underlyings : ['BTC']}
              venues={run?.venues ?? []}
              onSave={save}
              onCancel={() => setEditing(null)}
              onDraft={setDraft}
              preview={
                previewResult ? (
                  <span data-testid="stress-preview" data-pnl={previewResult.pnlUsd}>
                    P&amp;L on the book now:{' '}
                    <b className={`tone-${pnlTone(previewResult.pnlUsd)}`}>
                      {formatUsdWithSymbol(previewResult.pnlUsd, { signed: true, digits: 0 })}
                    </b>
                    <span className="an-note">
                      {' '}
                      (market {formatUsd(previewResult.components.marketUsd, { digits: 0, signed: true })}, basis{' '}
                      {formatUsd(previewResult.components.basisUsd, { digits: 0, signed: true })}, venue default{' '}
                      {formatUsd(previewResult.components.venueDefaultUsd, { digits: 0, signed: true })})
                    </span>
                  </span>
                ) : (
                  <span className="an-note">{draftOk ? 'Pricing the draft…' : 'Fix the fields above to price the draft.'}</span>
                )
              }
            />
          ) : result ? (
            <StressDetail result={result} underlyings={underlyings} />
          ) : (
            <div className="empty-state">No scenario computed yet.</div>
          )}
        </section>
      </div>
    </div>
  );
}
