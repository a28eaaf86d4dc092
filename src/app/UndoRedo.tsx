import { useEffect } from 'react';
import { useUndoRedo } from '../state/hooks.ts';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Undo/redo of book edits (buttons and Ctrl/Cmd+Z, Ctrl+Shift+Z / Ctrl+Y outside text fields). */
export function UndoRedo() {
  const { canUndo, canRedo, undo, redo } = useUndoRedo();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isEditable(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  return (
    <div className="undo-redo">
      <button
        type="button"
        className="btn btn-icon"
        data-testid="undo"
        onClick={undo}
        disabled={!canUndo}
        title="Undo the last book change (Ctrl+Z)"
        aria-label="Undo"
      >
        ↶
      </button>
      <button
        type="button"
        className="btn btn-icon"
        data-testid="redo"
        onClick={redo}
        disabled={!canRedo}
        title="Redo (Ctrl+Shift+Z)"
        aria-label="Redo"
      >
        ↷
      </button>
    </div>
  );
}
