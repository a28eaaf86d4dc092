import { Suspense } from 'react';
import { useAppStore } from '../state/hooks.ts';
import { Header } from './Header.tsx';
import { Notices } from './Notices.tsx';
import { VIEWS } from './views.ts';
import { SummaryView } from '../features/summary/SummaryView.tsx';
import { ScenarioView } from '../features/scenario/ScenarioView.tsx';
import { ScenarioResultView } from '../features/scenario/ScenarioResultView.tsx';
import { ImportReportView } from '../features/import-export/ImportReportView.tsx';
import { DropOverlay } from '../features/import-export/DropOverlay.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';

/** Layout only: header, banners, summary strip, tabbed main area, right rail. */
export function App() {
  const active = useAppStore((s) => s.activeView);
  const setActive = useAppStore((s) => s.setActiveView);
  const entry = VIEWS.find((v) => v.id === active) ?? VIEWS[0]!;
  return (
    <div className="app">
      <Header />
      <Notices />
      <ErrorBoundary area="The summary">
        <SummaryView />
      </ErrorBoundary>
      <div className="workspace">
        <main className="main">
          <nav className="tabs" role="tablist" aria-label="Views">
            {VIEWS.map((v) => (
              <button
                key={v.id}
                type="button"
                role="tab"
                aria-selected={v.id === active}
                className={`tab${v.id === active ? ' is-active' : ''}`}
                onClick={() => setActive(v.id)}
                title={v.hint}
                data-testid={`tab-${v.id}`}
              >
                {v.label}
              </button>
            ))}
          </nav>
          <div className="view">
            <ErrorBoundary key={entry.id} area={entry.area}>
              <Suspense fallback={<div className="view-loading">Loading {entry.label.toLowerCase()}…</div>}>
                <entry.component />
              </Suspense>
            </ErrorBoundary>
          </div>
        </main>
        <aside className="rail">
          <ErrorBoundary area="The what-if panel">
            <ScenarioView />
            <ScenarioResultView />
          </ErrorBoundary>
          <ErrorBoundary area="The import report">
            <ImportReportView />
          </ErrorBoundary>
        </aside>
      </div>
      <DropOverlay />
    </div>
  );
}
