import { formatCoin, formatNumber, formatPrice, formatUsd } from '../../lib/format.ts';
import { useAppStore } from '../../state/hooks.ts';
import { OptionalNumberField } from '../margin/OptionalNumberField.tsx';
import { formatCcy } from '../margin/marginModel.ts';
import { pnlTone } from '../summary/summaryModel.ts';
import { cumulativeUsd, type CarryRow, type SettlementRow } from './exposureModel.ts';

const signedUsd = (x: number) => formatUsd(x, { digits: 0, signed: true });

/** What each expiry pays (+) or costs (−) at today's forwards, in the settlement currency, coin and USD. */
export function SettlementTable({ rows, totalUsd }: { readonly rows: readonly SettlementRow[]; readonly totalUsd: number }) {
  const cum = cumulativeUsd(rows);
  return (
    <table className="an-table" data-testid="settlements">
      <thead>
        <tr>
          <th className="left" title="Expiry date (08:00 UTC) and days from the snapshot">
            Expiry
          </th>
          <th className="left">Book</th>
          <th title="Today’s forward of the expiry: the settlement price estimate">
            Forward <span className="unit">USD</span>
          </th>
          <th title="Options at intrinsic on the forward, futures against their entry price; + received, − paid">
            Settles <span className="unit">ccy</span>
          </th>
          <th title="The same amount in coin of the underlying">Coin</th>
          <th title="The same amount in USD at the forward">USD</th>
          <th title="Running total of the USD flows, earliest first">
            Cumulative <span className="unit">USD</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr
            key={r.key}
            data-testid="settlement-row"
            data-usd={r.usd}
            className={Math.abs(r.usd) < 0.5 ? 'settles-nothing' : undefined}
            title={
              Math.abs(r.usd) < 0.5 ? 'Nothing settles at today’s forward (options out of the money, futures at their entry)' : undefined
            }
          >
            <th>
              {r.date} <span className="muted small">{formatNumber(r.daysToExpiry, r.daysToExpiry < 1 ? 2 : 0)} d</span>
            </th>
            <td className="left">
              {r.underlying}{' '}
              <span className="muted small">
                {r.currency}-settled · {r.positions} pos.
              </span>
            </td>
            <td className="num">{formatPrice(r.forwardUsd)}</td>
            <td className={`num tone-${pnlTone(r.amount)}`}>{formatCcy(r.amount, r.currency, { signed: true })}</td>
            <td className="num">{formatCoin(r.coin, { signed: true })}</td>
            <td className={`num tone-${pnlTone(r.usd)}`}>{signedUsd(r.usd)}</td>
            <td className="num">{signedUsd(cum[i] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th colSpan={5}>All expiries</th>
          <td className="num">{signedUsd(totalUsd)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

const SOURCE: Readonly<Record<CarryRow['source'], string>> = { input: 'typed', market: 'market file', none: 'none: 0' };

/** Perpetual funding per day at an editable annual rate, beside the options' theta. */
export function CarryTable({
  rows,
  totals,
}: {
  readonly rows: readonly CarryRow[];
  readonly totals: { readonly funding: number; readonly theta: number; readonly net: number };
}) {
  const typed = useAppStore((s) => s.analysis.fundingRatePct);
  const setRate = useAppStore((s) => s.setFundingRate);
  return (
    <table className="an-table" data-testid="carry">
      <thead>
        <tr>
          <th className="left">Underlying</th>
          <th title="Annualised funding rate: longs pay shorts when positive. Type one to override the market file’s (blank = market’s, else 0)">
            Funding <span className="unit">% / yr</span>
          </th>
          <th title="Σ signed perpetual notionals (coins × perpetual mark)">
            Perp notional <span className="unit">USD</span>
          </th>
          <th title="−notional × rate / 365: + received, − paid">
            Funding <span className="unit">USD / day</span>
          </th>
          <th title="Options’ theta (Deribit rule), USD per day">
            Theta <span className="unit">USD / day</span>
          </th>
          <th title="Funding + theta">
            Net carry <span className="unit">USD / day</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.underlying}>
            <th>{r.underlying}</th>
            <td>
              <span className="carry-rate">
                <OptionalNumberField
                  value={typed[r.underlying] ?? null}
                  onCommit={(v) => setRate(r.underlying, v)}
                  ariaLabel={`${r.underlying} funding rate (% per year)`}
                  testId={`funding-input-${r.underlying}`}
                  placeholder={formatNumber(r.fundingRatePct, 2)}
                />
                <span className="muted small">{SOURCE[r.source]}</span>
              </span>
            </td>
            <td className="num">{formatUsd(r.perpetualNotionalUsd, { digits: 0, signed: true })}</td>
            <td
              className={`num tone-${pnlTone(r.fundingUsdPerDay)}`}
              data-testid={`carry-funding-${r.underlying}`}
              data-value={r.fundingUsdPerDay}
            >
              {signedUsd(r.fundingUsdPerDay)}
            </td>
            <td className={`num tone-${pnlTone(r.thetaUsdPerDay)}`}>{signedUsd(r.thetaUsdPerDay)}</td>
            <td className={`num tone-${pnlTone(r.netUsdPerDay)}`}>{signedUsd(r.netUsdPerDay)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th colSpan={3}>Book</th>
          <td className="num">{signedUsd(totals.funding)}</td>
          <td className="num">{signedUsd(totals.theta)}</td>
          <td className="num">{signedUsd(totals.net)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
