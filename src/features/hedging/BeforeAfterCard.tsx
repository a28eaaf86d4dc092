/** The book without and with the suggested trades: Greeks, heatmap worst cell, VaR/ES, margin per currency. */
import { Metric } from '../../components/Metric.tsx';
import type { HedgeBookMetrics } from '../../worker/api/hedgeApi.ts';
import { formatNumber } from '../../lib/format.ts';
import { beforeAfterRows, changeTone, formatFigure } from './suggestModel.ts';

interface Props {
  readonly before: HedgeBookMetrics;
  readonly after: HedgeBookMetrics;
  readonly underlyings: readonly string[];
  readonly varConfidence: number;
  readonly grid: { readonly spotMovesPct: readonly number[]; readonly volPts: readonly number[] };
}

const range = (xs: readonly number[]) =>
  `${formatNumber(xs[0], 0, { signed: true })} … ${formatNumber(xs[xs.length - 1], 0, { signed: true })}`;

export function BeforeAfterCard({ before, after, underlyings, varConfidence, grid }: Props) {
  const rows = beforeAfterRows(before, after, underlyings, varConfidence);
  return (
    <section className="hedge-card" aria-label="Before and after the hedge">
      <header className="hedge-card-head">
        <h3>Before / after</h3>
        <span
          className="hedge-sub"
          title="Greeks of every position (all venues); the targets’ own scope is in the checks above. Heatmap: every underlying moved together"
        >
          Greeks of the whole book · heatmap spot {range(grid.spotMovesPct)} % × vol {range(grid.volPts)} pts · VaR historical, spot-only
        </span>
      </header>
      <table className="hedge-table" data-testid="hedge-before-after">
        <thead>
          <tr>
            <th className="left">Measure</th>
            <th className="left">Unit</th>
            <th title="The book as it is">Before</th>
            <th title="The book with the suggested trades">After</th>
            <th title="After − before; green where a risk figure improves">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const fmt = (x: number) => formatFigure(r.kind, x);
            const tone = changeTone(r);
            const change = r.before !== null && r.after !== null ? r.after - r.before : null;
            return (
              <tr key={r.key} className={r.section ? 'section-row' : ''} title={r.hint} data-testid={`hedge-ba-${r.key}`}>
                <td className="measure">{r.label}</td>
                <td className="left unit">{r.unit}</td>
                <td className="num">
                  <Metric testId={`hedge-before-${r.key}`} value={r.before} format={fmt} />
                </td>
                <td className="num">
                  <Metric testId={`hedge-after-${r.key}`} value={r.after} format={fmt} />
                </td>
                <td className={`num tone-${tone}`}>{change === null ? '—' : formatFigure(r.kind, change, true)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
