import { useMemo, useState } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { dataUrl, useAnalysisQuery } from './analysisQuery.ts';
import { AnalysisStatus } from './AnalysisStatus.tsx';
import {
  compareRows,
  currencyCards,
  deltaShockRows,
  liquidationRows,
  riskMatrix,
  rollRows,
  standardRateRows,
  toSpanParams,
  toStandardParams,
} from './marginModel.ts';
import { CurrencyCards } from './CurrencyCards.tsx';
import { RiskMatrix } from './RiskMatrix.tsx';
import { ShockDetails } from './ShockDetails.tsx';
import { AccountsTable, LiquidationTable } from './CrossMargin.tsx';
import { CompareTable, SpanPartsTable } from './CompareTable.tsx';
import { MarginModelParams } from './MarginModelParams.tsx';
import { PmeParamsEditor } from './PmeParamsEditor.tsx';
import './analysis.css';
import './margin.css';
import '../limits/limits.css';

/**
 * Margin tab: Deribit portfolio margin per settlement currency (cards, risk-matrix heatmap, roll and delta shock),
 * the same book under standard and SPAN-style margin, and the cross-margin account of each venue with its
 * distance to liquidation. At today's marks (what-if trades included, what-if shocks not applied).
 */
export function MarginView() {
  const pmeOverride = useAppStore((s) => s.analysis.pmeParamsOverride);
  const spanSettings = useAppStore((s) => s.analysis.span);
  const rateEdits = useAppStore((s) => s.analysis.standardRates);
  const params = { dataUrl: dataUrl(), pmeOverride };
  const marginParams = useMemo(
    () => ({ dataUrl: dataUrl(), pmeOverride, span: toSpanParams(spanSettings), standard: toStandardParams(rateEdits) }),
    [pmeOverride, spanSettings, rateEdits],
  );
  const margin = useAnalysisQuery('margin', 'analysisMargin', marginParams);
  const liquidation = useAnalysisQuery('liquidation', 'analysisLiquidation', params);
  const view = margin.data;
  const cards = useMemo(() => currencyCards(view), [view]);
  const [picked, setPicked] = useState<string | null>(null);
  const ccy = picked !== null && view?.currencies[picked] ? picked : (cards[0]?.ccy ?? null);
  const current = ccy !== null ? view?.currencies[ccy] : undefined;
  const matrix = useMemo(() => (current ? riskMatrix(current) : null), [current]);
  const compare = useMemo(() => compareRows(view), [view]);
  const rates = useMemo(() => standardRateRows(view, rateEdits), [view, rateEdits]);
  const liqRows = useMemo(() => liquidationRows(liquidation.data), [liquidation.data]);

  return (
    <div className="an-view margin-view" data-testid="margin-view">
      <div className="an-head">
        <div>
          <div className="an-title">Portfolio margin</div>
          <div className="an-sub">
            Deribit portfolio margin per settlement currency (METHODOLOGY §4): every position repriced on 9 price points × vol up / same /
            down and the extended moves; IM = worst case + roll shock + delta shock, MM = mm_factor × IM. Cross-margin: each venue is one
            account.
          </div>
        </div>
        <div className="margin-statuses">
          <AnalysisStatus name="margin" query={margin} what="Margin" />
          <AnalysisStatus name="liquidation" query={liquidation} what="Liquidation search" />
        </div>
      </div>
      {view && view.warnings.length > 0 ? <div className="an-warn">{view.warnings.join(' · ')}</div> : null}
      {margin.status === 'error' && !view ? <div className="an-error">{margin.error}</div> : null}
      {cards.length === 0 && view ? (
        <div className="empty-state">No derivatives in the book: nothing is margined (spot and cash are collateral).</div>
      ) : null}
      <CurrencyCards cards={cards} selected={ccy} onSelect={setPicked} />
      {matrix && current ? (
        <div className="margin-matrix-row">
          <section className="an-section">
            <header className="an-section-head">
              <h3>{current.currency} risk matrix</h3>
              <span className="an-note">Aggregated P&amp;L in {current.currency}; hover a cell for its make-up</span>
            </header>
            <div className="an-section-body">
              <RiskMatrix m={matrix} />
            </div>
          </section>
          <section className="an-section">
            <header className="an-section-head">
              <h3>Roll and delta shock</h3>
            </header>
            <div className="an-section-body flush">
              <ShockDetails ccy={current.currency} roll={rollRows(current)} delta={deltaShockRows(current)} />
            </div>
          </section>
        </div>
      ) : null}
      <section className="an-section">
        <header className="an-section-head">
          <h3>Cross-margin per venue</h3>
          <span className="an-note">
            Spot and cash are collateral; liquidation when equity falls to MM, found by root-finding on full revaluation
          </span>
        </header>
        <div className="an-section-body flush">
          {view ? <AccountsTable accounts={view.accounts} /> : null}
          <div className="liq-wrap">
            {liqRows.length > 0 ? (
              <LiquidationTable rows={liqRows} />
            ) : (
              <div className="an-note liq-empty">
                {liquidation.status === 'running'
                  ? 'Searching the liquidation prices…'
                  : 'No venue holds derivatives: nothing can be liquidated.'}
              </div>
            )}
          </div>
        </div>
      </section>
      <div className="an-split">
        <section className="an-section">
          <header className="an-section-head">
            <h3>PME vs standard vs SPAN-style</h3>
            <span className="an-note">Same book, in each currency</span>
          </header>
          <div className="an-section-body flush">
            <CompareTable rows={compare.rows} totalsUsd={compare.totalsUsd} />
            <SpanPartsTable rows={compare.rows} />
          </div>
        </section>
        <section className="an-section">
          <header className="an-section-head">
            <h3>PME parameters</h3>
          </header>
          <div className="an-section-body">
            <PmeParamsEditor inUse={view?.params ?? null} />
          </div>
        </section>
      </div>
      <section className="an-section">
        <header className="an-section-head">
          <h3>SPAN-style and standard margin parameters</h3>
          <span className="an-note">Saved with the session; the comparison above uses them</span>
        </header>
        <div className="an-section-body">
          <MarginModelParams rates={rates} spanErrors={view?.spanErrors ?? []} />
        </div>
      </section>
    </div>
  );
}
