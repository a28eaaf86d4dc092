import type { ReactNode } from 'react';
import { formatUsd } from '../../lib/format.ts';
import { formatCcy, type CompareRow } from './marginModel.ts';

interface Props {
  readonly rows: readonly CompareRow[];
  readonly totalsUsd: { readonly pme: number; readonly standard: number; readonly span: number };
}

/**
 * Deribit portfolio margin beside Deribit standard (per-position) margin and a SPAN-style margin, then the SPAN
 * requirement's parts (scan risk, inter-month spread charge, short option minimum) per currency.
 */
export function CompareTable({ rows, totalsUsd }: Props) {
  const pair = (x: { im: number; mm: number } | null, ccy: string, model: string, tag: ReactNode = null) => [
    <td key={`${model}-im`} className="num sep-left" data-testid={`compare-${model}-im-${ccy}`} data-value={x?.im}>
      {x ? formatCcy(x.im, ccy) : '—'}
      {tag}
    </td>,
    <td key={`${model}-mm`} className="num" data-testid={`compare-${model}-mm-${ccy}`} data-value={x?.mm}>
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
            title="Short options: IM max(0.15 − OTM/F, 0.1) + mark, MM 0.075 + mark (puts: max(0.075, 0.075·mark) + mark) per coin; futures and perpetuals at the product line's published rates (or assumed ones, marked); longs 0"
          >
            Standard
          </th>
          <th
            colSpan={2}
            className="sep-left"
            title="Scan risk over 16 scenarios one day ahead (0, ±⅓, ±⅔, ±1 scan range × vol up/down, extreme moves at a partial cover) + the inter-month spread charge, at least the short option minimum; per underlying, no offsets between them"
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
            {pair(
              r.standard,
              r.ccy,
              'standard',
              r.standardAssumed > 0 ? (
                <span
                  className="an-tag an-tag-muted"
                  data-testid={`compare-standard-assumed-${r.ccy}`}
                  title={`${r.standardAssumed} position(s) at assumed rates: no published Deribit rate was found for their product line (see the rates below)`}
                >
                  assumed
                </span>
              ) : null,
            )}
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

/** The SPAN-style requirement per currency: scan risk + inter-month spread charge, at least the short option minimum. */
export function SpanPartsTable({ rows }: { readonly rows: readonly CompareRow[] }) {
  const withSpan = rows.filter((r) => r.spanParts && r.span);
  if (withSpan.length === 0) return null;
  return (
    <table className="an-table" data-testid="span-parts">
      <thead>
        <tr>
          <th className="left">SPAN-style</th>
          <th title="The largest covered loss over the 16 scenarios (every expiry moved by the same percentage)">Scan risk</th>
          <th title="Inter-month spread charge: spreads between expiries of opposite delta, nearest first, × max(minimum, e^{rate·ΔT} − 1) per coin">
            + calendar spread
          </th>
          <th title="Short option minimum: the requirement is at least this">≥ short option min</th>
          <th>IM</th>
        </tr>
      </thead>
      <tbody>
        {withSpan.map((r) => {
          const p = r.spanParts!;
          const bound = p.shortOptionMinimum > p.scanRisk + p.calendarSpreadCharge;
          return (
            <tr key={r.ccy}>
              <th>
                {r.ccy} <span className="unit">{r.ccy === 'USDC' ? 'USDC' : 'coin'}</span>
              </th>
              <td className="num" data-testid={`span-scan-${r.ccy}`} data-value={p.scanRisk}>
                {formatCcy(p.scanRisk, r.ccy)}
              </td>
              <td className="num" data-testid={`span-calendar-${r.ccy}`} data-value={p.calendarSpreadCharge}>
                {formatCcy(p.calendarSpreadCharge, r.ccy)}
              </td>
              <td className={`num${bound ? ' span-binding' : ''}`} data-testid={`span-som-${r.ccy}`} data-value={p.shortOptionMinimum}>
                {formatCcy(p.shortOptionMinimum, r.ccy)}
                {bound ? <span className="an-tag an-tag-muted">binds</span> : null}
              </td>
              <td className="num" data-value={r.span!.im}>
                {formatCcy(r.span!.im, r.ccy)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
