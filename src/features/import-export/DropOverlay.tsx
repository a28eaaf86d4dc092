import { fileCommands } from '../../state/commands.ts';
import { useFileDrop } from './useFileDrop.ts';

/** Full-page drop target; each dropped file is read as a book, or else as market data (several: one book, one market). */
export function DropOverlay() {
  const dragging = useFileDrop(onDrop);
  if (!dragging) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-box">
        <div className="drop-title">Drop to open</div>
        <div className="muted">
          Portfolio CSV / JSON, Deribit get_positions JSON, or market data; several files at once make one book and one market
        </div>
      </div>
    </div>
  );
}

function onDrop(files: readonly File[]): void {
  void fileCommands.openDroppedFiles(files);
}
