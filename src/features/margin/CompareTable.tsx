import { formatUsd } from '../../lib/format.ts';
import { formatCcy, type CompareRow } from './marginModel.ts';

interface Props {
  readonly rows: readonly CompareRow[];
  readonly totalsUsd: { readonly pme: number; readonly standard: number; readonly span: number };
}

/** Deribit portfolio margin beside Deribit standard (per-position) margin and a SPAN-style 16-scenario margin. */
export function CompareTable({ rows, totalsUsd }: Props) {
  const pair = (x: { im: number; mm: number } | null, ccy: string, model: string) => [
    <td key={`${model}-im`} className="num sep-left" data-testid={`compare-${model}-im-${ccy}`} data-value={x?.im}>
      {x ? formatCcy(x.im, ccy) : '—'}
    </td>,
    <td key={`${model}-mm`} className="num">
      {x ? formatCcy(x.mm, ccy) : '—'}
    </td>,
  ];
  return (
    <table className="an-table" data-testid="margin-compare">
      <thead>
        <tr className="group">
          <th />
          <th colSpan={2} className="sep-left" title="Deribit portfolio margin: the risk matrix of the whole currency, netted">
            Portfolio (PME)
          </th>
          <th
            colSpan={2}
            className="sep-left"
            title="Short options: IM max(0.15 − OTM/S, 0.1) + mark, MM 0.075 + mark per coin; futures 2 % / 1 % + size add-on; longs 0"
          >
            Standard
          </th>
          <th
            colSpan={2}
            className="sep-left"
            title="16 scenarios: 0, ±⅓, ±⅔, ±1 scan range × vol ±10 pts, and ±2 ranges at 35 % cover; per underlying, no offsets between them"
          >
            SPAN-style
          </th>
        </tr>
        <tr>
          <th className="left">Currency</th>
          <th className="sep-left">IM</th>
          <th>MM</th>
          <th className="sep-left">IM</th>
          <th>MM</th>
          <th className="sep-left">IM</th>
          <th>MM</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.ccy}>
            <th>
              {r.ccy} <span className="unit">{r.ccy === 'USDC' ? 'USDC' : 'coin'}</span>
            </th>
            {pair(r.pme, r.ccy, 'pme')}
            {pair(r.standard, r.ccy, 'standard')}
            {pair(r.span, r.ccy, 'span')}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>
            Total IM <span className="unit">USD</span>
          </th>
          <td className="num sep-left" colSpan={2}>
            {formatUsd(totalsUsd.pme, { digits: 0 })}
          </td>
          <td className="num sep-left" colSpan={2}>
            {formatUsd(totalsUsd.standard, { digits: 0 })}
          </td>
          <td className="num sep-left" colSpan={2}>
            {formatUsd(totalsUsd.span, { digits: 0 })}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
