import { useAppStore } from '../state/hooks.ts';
import { FileActions } from '../features/import-export/FileActions.tsx';
import { MarketBadge } from '../features/market/MarketBadge.tsx';
import { UndoRedo } from './UndoRedo.tsx';

const SAVE_TEXT = { unknown: '', pending: 'Saving…', saved: 'Saved', unavailable: 'Autosave off', paused: 'Autosave paused' } as const;

export function Header() {
  const name = useAppStore((s) => s.portfolio.name);
  const count = useAppStore((s) => s.portfolio.positions.length);
  const busy = useAppStore((s) => s.busyMessage);
  const progress = useAppStore((s) => s.busyProgress);
  const status = useAppStore((s) => s.resultsStatus);
  const storage = useAppStore((s) => s.storageStatus);

  return (
    <header className="topbar">
      <div className="brand" title="Riskdeck: aggregate risk of a crypto-derivatives book, computed in your browser">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Riskdeck
      </div>
      <div className="book-name" title="Portfolio name (from the file)">
        <span className="book-title" data-testid="portfolio-name">
          {name}
        </span>
        <span className="muted small">{count} pos.</span>
      </div>
      <FileActions />
      <UndoRedo />
      <div className="topbar-spacer" />
      <span
        className={`status-dot status-${status}`}
        data-testid="results-status"
        data-status={status}
        title={status === 'running' ? 'Computing…' : status === 'error' ? 'The last computation failed' : 'Figures are up to date'}
      />
      {busy ? (
        <span className="busy muted small" data-testid="busy" aria-live="polite">
          {busy}
          {progress !== null ? (
            <>
              {' '}
              {Math.round(progress * 100)} %
              <progress className="busy-progress" value={progress} max={1} data-testid="import-progress" aria-label="Import progress" />
            </>
          ) : null}
        </span>
      ) : null}
      <span
        className={`save-state small save-${storage}`}
        data-testid="autosave-status"
        data-state={storage}
        title="The book, an imported market, overrides and what-if inputs are saved in this browser (IndexedDB)"
      >
        {SAVE_TEXT[storage]}
      </span>
      <MarketBadge />
    </header>
  );
}
