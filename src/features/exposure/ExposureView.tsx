import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { dataUrl, useAnalysisQuery } from '../margin/analysisQuery.ts';
import { AnalysisStatus } from '../margin/AnalysisStatus.tsx';
import { PFE_HORIZONS_DAYS, carryRows, counterpartyTable, outageModel, pfeTable, settlementRows } from './exposureModel.ts';
import { CounterpartyTable } from './CounterpartyTable.tsx';
import { PfeTable } from './PfeTable.tsx';
import { AddOnTable, OutagePanel } from './OperationalPanel.tsx';
import { CarryTable, SettlementTable } from './ObligationsPanel.tsx';
import '../margin/analysis.css';
import '../limits/limits.css';
import './exposure.css';

/**
 * Exposure tab: counterparty exposure per venue (venue default, PD/LGD, PFE from historical moves), operational
 * risk (add-on, exchange outage) and future obligations (settlements by expiry, funding carry beside theta).
 */
export function ExposureView() {
  const a = useAppStore((s) => s.analysis);
  const market = useAppStore((s) => s.market);
  const query = useAnalysisQuery('exposure', 'analysisExposure', {
    dataUrl: dataUrl(),
    pmeOverride: a.pmeParamsOverride,
    pdPct: a.pdPct,
    lgdPct: a.lgdPct,
    horizonsDays: PFE_HORIZONS_DAYS,
    opRiskRatePct: a.opRiskRatePct,
    opRiskRatePctByVenue: a.opRiskRatePctByVenue,
    outage: a.outage,
    fundingRatePct: a.fundingRatePct,
  });
  const view = query.data;
  const cp = useMemo(() => counterpartyTable(view), [view]);
  const pfe = useMemo(() => pfeTable(view), [view]);
  const outage = useMemo(() => outageModel(view), [view]);
  const settlements = useMemo(() => settlementRows(view, market?.valuationTime ?? null), [view, market]);
  const carry = useMemo(() => carryRows(view), [view]);
  const w = view?.pfeWindow;

  return (
    <div className="an-view exposure-view" data-testid="exposure-view">
      <div className="an-head">
        <div>
          <div className="an-title">Counterparty, operational risk and obligations</div>
          <div className="an-sub">
            What is held at each venue and what its failure would cost; how that exposure can grow over the coming days; what an exchange
            outage costs while nothing can be hedged; and the cash the book pays or receives at each expiry and from perpetual funding.
          </div>
        </div>
        <AnalysisStatus name="exposure" query={query} what="Exposure" />
      </div>
      {view && view.warnings.length > 0 ? <div className="an-warn">{view.warnings.join(' · ')}</div> : null}
      {query.status === 'error' && !view ? <div className="an-error">{query.error}</div> : null}
      <section className="an-section">
        <header className="an-section-head">
          <h3>Counterparty exposure per venue</h3>
          <span className="an-note">
            Venue default: everything held there is lost. PD and LGD are yours to set; saved with the session.
          </span>
        </header>
        <div className="an-section-body flush">
          <CounterpartyTable table={cp} />
        </div>
      </section>
      <section className="an-section">
        <header className="an-section-head">
          <h3>Potential future exposure</h3>
          <span className="an-note">
            {w
              ? `Each venue’s exposure revalued under every overlapping h-day move of the last ${w.returns} daily returns (${w.start} … ${w.end}); vols and time unchanged`
              : 'No price history for the book’s underlyings: PFE = today’s exposure'}
          </span>
        </header>
        <div className="an-section-body flush">
          <PfeTable rows={pfe} />
        </div>
      </section>
      <div className="an-grid-2">
        <section className="an-section">
          <header className="an-section-head">
            <h3>Operational add-on</h3>
          </header>
          <div className="an-section-body flush">
            <AddOnTable addOn={view?.operational ?? null} />
          </div>
        </section>
        <section className="an-section">
          <header className="an-section-head">
            <h3>Exchange outage</h3>
            <span className="an-note">Full revaluation at ± k σ, clock moved N hours</span>
          </header>
          <div className="an-section-body">
            <OutagePanel outage={outage} venues={view?.venues ?? []} />
          </div>
        </section>
      </div>
      <div className="an-grid-2 obligations">
        <section className="an-section">
          <header className="an-section-head">
            <h3>Settlement by expiry</h3>
            <span className="an-note">At today’s forwards</span>
          </header>
          <div className="an-section-body flush">
            <SettlementTable rows={settlements.rows} totalUsd={settlements.totalUsd} />
          </div>
        </section>
        <section className="an-section">
          <header className="an-section-head">
            <h3>Funding carry and theta</h3>
            <span className="an-note">Per day</span>
          </header>
          <div className="an-section-body flush">
            <CarryTable rows={carry.rows} totals={carry.totals} />
          </div>
        </section>
      </div>
    </div>
  );
}
