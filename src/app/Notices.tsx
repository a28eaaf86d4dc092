import { useAppStore } from '../state/hooks.ts';
import { keepThisTabsSession } from '../state/persistence.ts';
import type { NoticeCommand } from '../state/slices/uiSlice.ts';
import { ImportPromptBar } from '../features/import-export/ImportPromptBar.tsx';
import { ExpiryBanner } from '../features/market/ExpiryBanner.tsx';

function run(command: NoticeCommand): void {
  if (command === 'reload') window.location.reload();
  else keepThisTabsSession();
}

/**
 * Banners: the question about the last opened file, expired instruments in the book, worker restarts, storage
 * problems, failed default data, engine errors. Dismissible.
 */
export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismissNotice);
  const resultsError = useAppStore((s) => s.resultsError);
  return (
    <div className="notices" role="status">
      <ImportPromptBar />
      <ExpiryBanner />
      {resultsError ? (
        <div className="notice notice-error" data-testid="notice-results">
          <span>{resultsError}</span>
        </div>
      ) : null}
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} data-testid={`notice-${n.id}`}>
          <span>{n.text}</span>
          {n.actions?.map((a) => (
            <button
              key={a.command}
              type="button"
              className="btn small"
              data-testid={`notice-action-${a.command}`}
              onClick={() => run(a.command)}
            >
              {a.label}
            </button>
          ))}
          <button type="button" className="icon-btn" onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
