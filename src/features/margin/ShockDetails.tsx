import { formatCoin, formatNumber, formatUsd } from '../../lib/format.ts';
import { formatCcy, type DeltaShockRow, type RollRow } from './marginModel.ts';

/** What the roll shock and the delta shock of one currency are made of. */
export function ShockDetails({
  ccy,
  roll,
  delta,
}: {
  readonly ccy: string;
  readonly roll: readonly RollRow[];
  readonly delta: readonly DeltaShockRow[];
}) {
  const multi = new Set(roll.map((r) => r.underlying)).size > 1;
  return (
    <div className="pme-shocks">
      <table className="an-table" data-testid={`roll-shock-${ccy}`}>
        <thead>
          <tr>
            <th className="left" title="One bucket per expiry; the perpetual is its own bucket">
              Roll bucket
            </th>
            <th title="Options’ Black delta plus futures’ coin quantity in the bucket">
              Net delta <span className="unit">coin</span>
            </th>
            <th title="max(min_annualised_move, exp(annualised_move_risk · T) − 1)">
              Move <span className="unit">%</span>
            </th>
            <th title="Move × |net delta|, in the settlement currency">
              Shock <span className="unit">{ccy}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {roll.map((r) => (
            <tr key={`${r.underlying}-${r.expiry}`}>
              <th>
                {multi ? `${r.underlying} ` : ''}
                {r.expiry}
              </th>
              <td className="num">{formatCoin(r.deltaCoin, { signed: true })}</td>
              <td className="num">{formatNumber(r.movePct, 2)}</td>
              <td className="num">{formatCcy(r.shock, ccy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="an-table" data-testid={`delta-shock-${ccy}`}>
        <thead>
          <tr>
            <th className="left">Delta shock</th>
            <th title="Deribit Delta Total of the underlying (options premium-adjusted, futures their coins)">
              Delta Total <span className="unit">coin</span>
            </th>
            <th title="|Delta Total| × index">
              Notional <span className="unit">USD</span>
            </th>
            <th title="delta_total_liq_shock_threshold: no add-on below it">
              Threshold <span className="unit">USD</span>
            </th>
            <th title="min(notional − threshold, max_delta_shock × notional), in the currency">
              Shock <span className="unit">{ccy}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {delta.map((d) => (
            <tr key={d.underlying}>
              <th>{d.underlying}</th>
              <td className="num">{formatCoin(d.deltaTotalCoin, { signed: true })}</td>
              <td className="num">{formatUsd(d.deltaTotalUsd, { digits: 0 })}</td>
              <td className="num">{formatUsd(d.thresholdUsd, { digits: 0 })}</td>
              <td className="num">{formatCcy(d.shock, ccy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
