import { formatNumber, formatPercent, formatUsd } from '../../lib/format.ts';
import { useAppStore } from '../../state/hooks.ts';
import { OptionalNumberField } from '../margin/OptionalNumberField.tsx';
import { useLimitMarks } from '../limits/useLimitChecks.ts';
import { pnlTone } from '../summary/summaryModel.ts';
import type { CounterpartyTable as Table } from './exposureModel.ts';

const usd = (x: number) => formatUsd(x, { digits: 0 });

/**
 * Exposure per venue: what is held there (collateral + derivatives at their value = equity), the derivatives'
 * unrealised P&L against entry (information: spot gains are already in the collateral at market value, so it is not
 * added to anything), the margin posted, the share of the total, the venue-default loss, and the expected loss from
 * the PD/LGD typed in.
 */
export function CounterpartyTable({ table }: { readonly table: Table }) {
  const setPd = useAppStore((s) => s.setVenuePd);
  const setLgd = useAppStore((s) => s.setVenueLgd);
  const { mark } = useLimitMarks();
  const t = table.totals;
  return (
    <table className="an-table cp-table" data-testid="counterparty">
      <thead>
        <tr>
          <th className="left">Venue</th>
          <th title="Spot holdings (at the index: their gain against cost is inside) and cash held at the venue">
            Collateral <span className="unit">USD</span>
          </th>
          <th title="Options at mark, futures and perpetuals at their P&L against entry">
            + Derivatives <span className="unit">USD</span>
          </th>
          <th title="Collateral + derivatives value: what the account is worth">
            = Equity <span className="unit">USD</span>
          </th>
          <th title="Σ P&L against entry price of the derivatives that have one (options against the premium, futures and perpetuals against entry). Spot gains are left out: they are already in the collateral at market value. Information only, not added to equity">
            Unrealised P&amp;L <span className="unit">derivatives, USD</span>
          </th>
          <th title="The venue’s Deribit portfolio margin (initial margin), locked in the account">
            Margin posted <span className="unit">USD</span>
          </th>
          <th title="Share of the total exposure held at the venue">
            Share <span className="unit">%</span>
          </th>
          <th title="Venue-default scenario: everything at the venue lost, max(equity, 0)">
            If it defaults <span className="unit">USD loss</span>
          </th>
          <th className="sep-left" title="Annual probability of default you assign to the venue (blank = none)">
            PD <span className="unit">% / yr</span>
          </th>
          <th title="Loss given default (blank = 100 %)">
            LGD <span className="unit">%</span>
          </th>
          <th title="PD × LGD × exposure, one year">
            Expected loss <span className="unit">USD / yr</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => {
          const m = mark(`venueConcentration:${r.venue}`);
          return (
            <tr key={r.venue} data-testid="counterparty-row" data-venue={r.venue}>
              <th>{r.venue}</th>
              <td
                className="num"
                data-testid={`collateral-${r.venue}`}
                data-value={r.collateralUsd}
                title={
                  r.spotPnlUsd !== 0
                    ? `of which spot gain against cost: ${formatUsd(r.spotPnlUsd, { digits: 0, signed: true })} USD`
                    : undefined
                }
              >
                {usd(r.collateralUsd)}
              </td>
              <td className="num" data-testid={`derivatives-${r.venue}`} data-value={r.derivativesValueUsd}>
                {usd(r.derivativesValueUsd)}
              </td>
              <td className="num" data-testid={`equity-${r.venue}`} data-value={r.equityUsd}>
                {usd(r.equityUsd)}
              </td>
              <td
                className={`num tone-${pnlTone(r.unrealisedPnlUsd)}`}
                data-testid={`unrealised-${r.venue}`}
                data-value={r.unrealisedPnlUsd}
              >
                {formatUsd(r.unrealisedPnlUsd, { digits: 0, signed: true })}
              </td>
              <td className="num">{usd(r.marginPostedUsd)}</td>
              <td
                className={`num${m ? ` limit-${m.status}` : ''}`}
                title={m?.title}
                data-testid={`venue-share-${r.venue}`}
                data-value={r.share}
                data-limit-status={m?.status}
              >
                <span className="share-cell">
                  <span className="share-bar" style={{ width: `${Math.min(100, r.share * 100)}%` }} />
                  {formatPercent(r.share, 1)}
                </span>
              </td>
              <td className="num tone-neg" data-testid={`default-loss-${r.venue}`} data-value={r.exposureUsd}>
                {r.exposureUsd > 0 ? formatUsd(-r.exposureUsd, { digits: 0 }) : '0'}
              </td>
              <td className="sep-left">
                <OptionalNumberField
                  value={r.pdPct}
                  onCommit={(v) => setPd(r.venue, v !== null && v >= 0 ? v : null)}
                  ariaLabel={`PD of ${r.venue} (% per year)`}
                  testId={`pd-input-${r.venue}`}
                  placeholder="none"
                />
              </td>
              <td>
                <OptionalNumberField
                  value={r.lgdPct === 100 ? null : r.lgdPct}
                  onCommit={(v) => setLgd(r.venue, v !== null && v >= 0 ? v : null)}
                  ariaLabel={`LGD of ${r.venue} (%)`}
                  testId={`lgd-input-${r.venue}`}
                  placeholder="100"
                />
              </td>
              <td className="num" data-testid={`expected-loss-${r.venue}`} data-value={r.expectedLossUsd ?? undefined}>
                {r.expectedLossUsd === null ? <span className="muted">—</span> : formatUsd(-r.expectedLossUsd, { digits: 0 })}
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th>Total</th>
          <td className="num">{usd(t.collateralUsd)}</td>
          <td className="num">{usd(t.derivativesValueUsd)}</td>
          <td className="num">{usd(t.equityUsd)}</td>
          <td className="num">{formatUsd(t.unrealisedPnlUsd, { digits: 0, signed: true })}</td>
          <td className="num">{usd(t.marginPostedUsd)}</td>
          <td className="num">{table.largest ? `max ${formatNumber(table.largest.share * 100, 1)}` : '—'}</td>
          <td className="num">{usd(t.exposureUsd)}</td>
          <td className="sep-left" colSpan={2} />
          <td className="num">{t.expectedLossUsd === null ? '—' : formatUsd(-t.expectedLossUsd, { digits: 0 })}</td>
        </tr>
      </tfoot>
    </table>
  );
}
