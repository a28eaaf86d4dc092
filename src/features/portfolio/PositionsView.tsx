import { lazy, Suspense, useMemo, useState } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { isZeroScenario } from '../../state/slices/scenarioSlice.ts';
import { AddPositionForm } from './AddPositionForm.tsx';
import { activeFilterIds, buildPositionRows, countRows } from './positionsModel.ts';
import './positions.css';

// AG Grid is the heaviest dependency of the page: it loads after first paint.
const PositionsGrid = lazy(() => import('./PositionsGrid.tsx'));

/** The book: toolbar (add, filter, what-if switches) over the grid. */
export function PositionsView() {
  const portfolio = useAppStore((s) => s.portfolio);
  const report = useAppStore((s) => s.report);
  const setAllWhatIfExcluded = useAppStore((s) => s.setAllWhatIfExcluded);
  const scenarioActive = useAppStore((s) => !isZeroScenario(s.scenario));
  const [quickFilter, setQuickFilter] = useState('');
  const positionFilter = useAppStore((s) => s.positionFilter);
  const setPositionFilter = useAppStore((s) => s.setPositionFilter);

  const rows = useMemo(() => buildPositionRows(portfolio, report), [portfolio, report]);
  const counts = useMemo(() => countRows(rows), [rows]);
  const idFilter = useMemo(
    () => (positionFilter ? activeFilterIds(positionFilter, portfolio.positions) : null),
    [positionFilter, portfolio],
  );
  const filteredCount = useMemo(() => (idFilter ? rows.filter((r) => idFilter.has(r.id)).length : 0), [idFilter, rows]);

  return (
    <div className="positions-view">
      <div className="toolbar">
        <AddPositionForm />
        <div className="toolbar-right">
          <span className="counts" data-testid="book-counts">
            <b>{counts.positions}</b> positions
            {counts.whatIf > 0 ? (
              <>
                {' '}
                ·{' '}
                <span className="wi-text">
                  {counts.whatIf} what-if{counts.whatIfExcluded > 0 ? ` (${counts.whatIfExcluded} off)` : ''}
                </span>
              </>
            ) : null}
            {counts.unpriced > 0 ? (
              <>
                {' '}
                ·{' '}
                <span className="warn-text" title="Positions without market data are shown with the reason and left out of every figure">
                  {counts.unpriced} unpriced
                </span>
              </>
            ) : null}
            {counts.settled > 0 ? (
              <>
                {' '}
                ·{' '}
                <span className="muted" title="Positions that expired before the valuation time: settled, with no Greeks and in no figure">
                  {counts.settled} expired
                </span>
              </>
            ) : null}
            {counts.interpolated > 0 ? (
              <>
                {' '}
                ·{' '}
                <span
                  className="accent-text"
                  title="Positions on an expiry the market does not list: forward and vol interpolated between listed expiries"
                >
                  {counts.interpolated} on {counts.interpolated === 1 ? 'an unlisted expiry' : 'unlisted expiries'}
                </span>
              </>
            ) : null}
          </span>
          {counts.whatIf > 0 ? (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setAllWhatIfExcluded(counts.whatIfExcluded < counts.whatIf)}
              title="Include or exclude every hypothetical trade at once"
            >
              {counts.whatIfExcluded < counts.whatIf ? 'Exclude what-ifs' : 'Include what-ifs'}
            </button>
          ) : null}
          <input
            className="text-input filter-input"
            type="search"
            placeholder="Filter rows…"
            value={quickFilter}
            onChange={(e) => setQuickFilter(e.target.value)}
            aria-label="Filter positions"
          />
        </div>
      </div>
      {positionFilter ? (
        <div className="filter-bar">
          <span
            className="filter-chip"
            data-testid="position-filter"
            data-count={filteredCount}
            title="Rows narrowed from another view; clear to show the whole book"
          >
            <span className="filter-chip-label">
              Filtered by {positionFilter.label}{' '}
              <b>
                ({filteredCount} {filteredCount === 1 ? 'position' : 'positions'})
              </b>
            </span>
            <button
              type="button"
              className="icon-btn"
              onClick={() => setPositionFilter(null)}
              aria-label="Clear the filter"
              data-testid="position-filter-clear"
              title="Show the whole book"
            >
              ✕
            </button>
          </span>
        </div>
      ) : null}
      <Suspense fallback={<div className="grid-loading">Loading the grid…</div>}>
        <PositionsGrid rows={rows} quickFilter={quickFilter} scenarioActive={scenarioActive} idFilter={idFilter} />
      </Suspense>
    </div>
  );
}
