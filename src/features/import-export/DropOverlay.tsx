import { fileCommands } from '../../state/commands.ts';
import { useFileDrop } from './useFileDrop.ts';

/** Full-page drop target; a dropped file is read as a book, or else as a market snapshot. */
export function DropOverlay() {
  const dragging = useFileDrop(onDrop);
  if (!dragging) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-box">
        <div className="drop-title">Drop to open</div>
        <div className="muted">Portfolio CSV / JSON, Deribit get_positions JSON, or a market snapshot</div>
      </div>
    </div>
  );
}

function onDrop(file: File): void {
  void fileCommands.openDroppedFile(file);
}
