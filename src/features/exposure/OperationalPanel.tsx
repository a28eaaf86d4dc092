import type { OperationalAddOnResult } from '../../engine/index.ts';
import { Metric } from '../../components/Metric.tsx';
import { NumberField } from '../../components/NumberField.tsx';
import { formatNumber, formatPercent, formatUsd, formatUsdWithSymbol } from '../../lib/format.ts';
import { useAppStore } from '../../state/hooks.ts';
import { OptionalNumberField } from '../margin/OptionalNumberField.tsx';
import { pnlTone } from '../summary/summaryModel.ts';
import type { OutageModel } from './exposureModel.ts';

/** Operational add-on per venue: a rate times the assets held there. */
export function AddOnTable({ addOn }: { readonly addOn: OperationalAddOnResult | null }) {
  const rate = useAppStore((s) => s.analysis.opRiskRatePct);
  const byVenue = useAppStore((s) => s.analysis.opRiskRatePctByVenue);
  const setRate = useAppStore((s) => s.setOpRiskRate);
  const setVenueRate = useAppStore((s) => s.setOpRiskVenueRate);
  return (
    <>
      <div className="an-field op-default">
        <span title="Charged on the assets held at every venue without its own rate">
          Default add-on <span className="unit">% of assets</span>
        </span>
        <NumberField value={rate} onCommit={setRate} ariaLabel="Default operational add-on (% of assets)" testId="oprisk-rate" min={0} />
      </div>
      <table className="an-table" data-testid="oprisk">
        <thead>
          <tr>
            <th className="left">Venue</th>
            <th title="Exposure held at the venue, max(equity, 0)">
              Assets <span className="unit">USD</span>
            </th>
            <th title="Share of all assets">
              Share <span className="unit">%</span>
            </th>
            <th title="This venue’s rate (blank = the default)">
              Rate <span className="unit">%</span>
            </th>
            <th title="Rate × assets: a capital cushion for operational failure (hack, outage, withdrawal freeze)">
              Add-on <span className="unit">USD</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(addOn?.venues ?? []).map((v) => (
            <tr key={v.venue}>
              <th>{v.venue}</th>
              <td className="num">{formatUsd(v.assetsUsd, { digits: 0 })}</td>
              <td className="num">{formatPercent(v.share, 1)}</td>
              <td>
                <OptionalNumberField
                  value={byVenue[v.venue] ?? null}
                  onCommit={(x) => setVenueRate(v.venue, x !== null && x >= 0 ? x : null)}
                  ariaLabel={`Operational add-on of ${v.venue} (%)`}
                  placeholder={formatNumber(rate, 2)}
                />
              </td>
              <td className="num" data-testid={`oprisk-addon-${v.venue}`} data-value={v.addOnUsd}>
                {formatUsd(v.addOnUsd, { digits: 0 })}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>Total</th>
            <td className="num" colSpan={3} />
            <td className="num">{formatUsd(addOn?.totalAddOnUsd, { digits: 0 })}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

/** Exchange outage: no hedging for N hours while every underlying moves k σ; the loss of the worse direction. */
export function OutagePanel({ outage, venues }: { readonly outage: OutageModel | null; readonly venues: readonly string[] }) {
  const inputs = useAppStore((s) => s.analysis.outage);
  const setOutage = useAppStore((s) => s.setOutage);
  return (
    <div className="outage">
      <div className="outage-inputs">
        <label className="an-field" title="Hours during which nothing can be hedged or closed">
          <span>
            Down for <span className="unit">hours</span>
          </span>
          <NumberField
            value={inputs.hours}
            onCommit={(v) => setOutage({ hours: v })}
            ariaLabel="Outage hours"
            testId="outage-hours"
            min={0}
          />
        </label>
        <label className="an-field" title="Size of the move in standard deviations over those hours (σ_N = σ_daily · √(N/24))">
          <span>
            Move <span className="unit">k σ</span>
          </span>
          <NumberField
            value={inputs.k}
            onCommit={(v) => setOutage({ k: v })}
            ariaLabel="Outage move (k standard deviations)"
            testId="outage-k"
            min={0}
            step={0.5}
          />
        </label>
        <label className="an-field" title="The exchange that is down: only its positions are stuck (all = market-wide)">
          <span>Venue</span>
          <select
            className="select"
            data-testid="outage-venue"
            value={inputs.venue ?? ''}
            onChange={(e) => setOutage({ venue: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">all venues</option>
            {venues.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      {outage ? (
        <>
          <table className="an-table">
            <thead>
              <tr>
                <th className="left">Underlying</th>
                <th title="Realised σ of the last 90 daily returns of the bundled history (zero mean); 4 % when there is none">
                  σ daily <span className="unit">%</span>
                </th>
                <th title="k · σ_daily · √(N/24), applied up and down">
                  Move <span className="unit">± %</span>
                </th>
                <th title="P&L of the underlying’s positions on the worse side (theta over the N hours included)">
                  P&amp;L worse side <span className="unit">USD</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {outage.moves.map((m) => (
                <tr key={m.underlying}>
                  <th>{m.underlying}</th>
                  <td className="num">
                    {formatNumber(m.dailyVolPct, 2)}
                    {m.source === 'default' ? <span className="an-tag an-tag-muted">default</span> : null}
                  </td>
                  <td className="num">{formatNumber(m.movePct, 2)}</td>
                  <td className={`num tone-${pnlTone(m.pnlUsd)}`}>{formatUsd(m.pnlUsd, { digits: 0, signed: true })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="an-kv outage-result">
            <dt>All up</dt>
            <dd className={`tone-${pnlTone(outage.upPnlUsd)}`}>{formatUsd(outage.upPnlUsd, { digits: 0, signed: true })}</dd>
            <dt>All down</dt>
            <dd className={`tone-${pnlTone(outage.downPnlUsd)}`}>{formatUsd(outage.downPnlUsd, { digits: 0, signed: true })}</dd>
            <dt title="The worse of the two, as a loss (0 if both gain)">Unhedged loss ({outage.worstSide})</dt>
            <dd>
              <Metric
                testId="metric-outage-loss-usd"
                value={outage.unhedgedLossUsd}
                format={(x) => formatUsdWithSymbol(x, { digits: 0 })}
                className="outage-loss"
              />
            </dd>
          </dl>
        </>
      ) : null}
    </div>
  );
}
