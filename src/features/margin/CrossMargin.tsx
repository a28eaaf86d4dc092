import type { VenueAccountView } from '../../worker/api/marginApi.ts';
import { formatNumber, formatPercent, formatUsd } from '../../lib/format.ts';
import { useLimitMarks } from '../limits/useLimitChecks.ts';
import type { LiquidationRow } from './marginModel.ts';

const usd = (x: number) => formatUsd(x, { digits: 0 });
const pctOrDash = (x: number | null) => (x === null ? 'under water' : formatPercent(x, 1));
/** A venue holding only spot and cash has no margin: a 0 % usage there is not information. */
const usageText = (a: VenueAccountView, x: number | null) =>
  a.initialMarginUsd === 0 && a.derivativesValueUsd === 0 ? 'no margin' : pctOrDash(x);

/** One cross-margined account per venue: collateral, equity, PME margins, usage and ratio. */
export function AccountsTable({ accounts }: { readonly accounts: readonly VenueAccountView[] }) {
  const { mark } = useLimitMarks();
  return (
    <table className="an-table" data-testid="cross-margin">
      <thead>
        <tr>
          <th className="left">Venue</th>
          <th title="Spot holdings and cash at the venue, USD">
            Collateral <span className="unit">USD</span>
          </th>
          <th title="Options at mark, futures and perpetuals at their P&L vs entry, USD">
            Derivatives <span className="unit">USD</span>
          </th>
          <th title="Collateral + derivatives value">
            Equity <span className="unit">USD</span>
          </th>
          <th title="The venue’s Deribit portfolio margin, all currencies at their index">
            IM <span className="unit">USD</span>
          </th>
          <th title="Maintenance margin: liquidation starts when equity falls to it">
            MM <span className="unit">USD</span>
          </th>
          <th title="Equity − IM: room for new positions">
            Available <span className="unit">USD</span>
          </th>
          <th title="IM / equity">
            Margin usage <span className="unit">%</span>
          </th>
          <th title="MM / equity: liquidation at 100 %">
            Margin ratio <span className="unit">%</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => {
          const m = mark(`marginUsage:${a.venue}`);
          return (
            <tr key={a.venue} data-testid="account-row" data-venue={a.venue}>
              <th>{a.venue}</th>
              <td className="num">{usd(a.collateralUsd)}</td>
              <td className="num">{usd(a.derivativesValueUsd)}</td>
              <td className="num">{usd(a.equityUsd)}</td>
              <td className="num">{usd(a.initialMarginUsd)}</td>
              <td className="num">{usd(a.maintenanceMarginUsd)}</td>
              <td className={`num${a.availableUsd < 0 ? ' tone-neg' : ''}`}>{usd(a.availableUsd)}</td>
              <td
                className={`num${m ? ` limit-${m.status}` : ''}`}
                title={m?.title}
                data-testid={`margin-usage-${a.venue}`}
                data-value={a.marginUsage ?? undefined}
                data-limit-status={m?.status}
              >
                {usageText(a, a.marginUsage)}
              </td>
              <td className="num">{usageText(a, a.marginRatio)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const movePct = (x: number) => `${formatNumber(x, 1, { signed: true })} %`;

/** Spot moves at which a venue's equity falls to its maintenance margin, as prices and % moves. */
export function LiquidationTable({ rows }: { readonly rows: readonly LiquidationRow[] }) {
  return (
    <table className="an-table liq-table" data-testid="liquidation">
      <thead>
        <tr>
          <th className="left">Venue</th>
          <th className="left" title="One underlying moved alone (the others still), or all of them by the same %">
            Move
          </th>
          <th title="Equity − MM now: what a move may cost before liquidation">
            Cushion <span className="unit">USD</span>
          </th>
          <th title="Nearest fall of spot at which equity = MM (full revaluation and PME at the moved price)">
            Liquidation below <span className="unit">price USD (move)</span>
          </th>
          <th title="Nearest rise of spot at which equity = MM">
            Liquidation above <span className="unit">price USD (move)</span>
          </th>
          <th title="The nearer of the two">
            Nearest <span className="unit">%</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={`${r.venue}-${r.target}`}
            data-testid="liquidation-row"
            data-venue={r.venue}
            data-target={r.target}
            data-nearest={r.nearestPct ?? undefined}
            data-down={r.down?.movePct}
            data-up={r.up?.movePct}
          >
            <th>{r.venue}</th>
            <td className="left">{r.label}</td>
            <td className={`num${r.cushionUsd < 0 ? ' tone-neg' : ''}`}>{usd(r.cushionUsd)}</td>
            {r.alreadyBelow ? (
              <td className="num tone-neg" colSpan={3}>
                equity is already below MM: liquidation due now
              </td>
            ) : (
              <>
                <td className="num">
                  {r.down ? `${r.down.pricesText} (${movePct(r.down.movePct)})` : <span className="muted">none within −95 %</span>}
                </td>
                <td className="num">
                  {r.up ? `${r.up.pricesText} (${movePct(r.up.movePct)})` : <span className="muted">none within +95 %</span>}
                </td>
                <td className={`num${r.nearestPct !== null && Math.abs(r.nearestPct) < 20 ? ' tone-neg' : ''}`}>
                  {r.nearestPct === null ? '—' : movePct(r.nearestPct)}
                </td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
