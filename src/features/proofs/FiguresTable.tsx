import type { CurrencyFigures } from '../../proof/figures.ts';
import { figureRows } from './proofsModel.ts';

/** IM, MM, equity and margin ratio per currency, as a statement attests them (`proof-figure-<CCY>` rows). */
export function FiguresTable({
  currencies,
  testId,
}: {
  readonly currencies: Readonly<Record<string, CurrencyFigures>>;
  readonly testId: string;
}) {
  const rows = figureRows(currencies);
  return (
    <table className="an-table pf-figures" data-testid={testId}>
      <thead>
        <tr>
          <th className="left" title="Settlement currency; amounts in that currency">
            Currency
          </th>
          <th title="Initial margin: Deribit portfolio margin of the whole book">IM</th>
          <th title="Maintenance margin = mm_factor × IM">MM</th>
          <th title="Collateral held in the currency + value of the derivatives settled in it">Equity</th>
          <th title="MM / equity">MM / equity</th>
          <th title="Equity ≥ maintenance margin">Equity ≥ MM</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.ccy} data-testid={`${testId}-${r.ccy}`}>
            <th scope="row">{r.ccy}</th>
            <td data-value={String(r.raw.initialMargin)}>{r.im}</td>
            <td data-value={String(r.raw.maintenanceMargin)}>{r.mm}</td>
            <td data-value={String(r.raw.equity)}>{r.equity}</td>
            <td>{r.ratio}</td>
            <td className={r.covers ? 'tone-pos' : 'tone-neg'}>{r.covers ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
