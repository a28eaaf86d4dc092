import { formatUsd } from '../../lib/format.ts';
import { PFE_CONFIDENCES, PFE_HORIZONS_DAYS, type pfeTable } from './exposureModel.ts';

/** Potential future exposure per venue: the 95 % / 99 % exposure over 1 to 30 days of historical moves. */
export function PfeTable({ rows }: { readonly rows: ReturnType<typeof pfeTable> }) {
  return (
    <table className="an-table" data-testid="pfe">
      <thead>
        <tr className="group">
          <th />
          <th />
          {PFE_HORIZONS_DAYS.map((h) => (
            <th key={h} colSpan={PFE_CONFIDENCES.length} className="sep-left" title={`Exposure after ${h} day(s) of historical moves`}>
              {h} day{h > 1 ? 's' : ''}
            </th>
          ))}
        </tr>
        <tr>
          <th className="left">Venue</th>
          <th title="max(equity, 0) today">
            Today <span className="unit">USD</span>
          </th>
          {PFE_HORIZONS_DAYS.flatMap((h) =>
            PFE_CONFIDENCES.map((c, i) => (
              <th
                key={`${h}-${c}`}
                className={i === 0 ? 'sep-left' : ''}
                title={`${Math.round(c * 100)} % of the overlapping ${h}-day historical moves leave the exposure at or below this`}
              >
                PFE {Math.round(c * 100)} % <span className="unit">USD</span>
              </th>
            )),
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.venue}>
            <th>{r.venue}</th>
            <td className="num">{formatUsd(r.exposureUsd, { digits: 0 })}</td>
            {r.cells.map((c, i) => (
              <td
                key={`${c.horizonDays}-${c.confidence}`}
                className={`num${i % PFE_CONFIDENCES.length === 0 ? ' sep-left' : ''}`}
                data-testid="pfe-cell"
                data-venue={r.venue}
                data-h={c.horizonDays}
                data-c={c.confidence}
                data-value={c.pfeUsd ?? undefined}
                title={c.eeUsd !== null ? `Expected exposure (mean) ${formatUsd(c.eeUsd, { digits: 0 })} USD` : undefined}
              >
                {formatUsd(c.pfeUsd, { digits: 0 })}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
