import type { ChangeEvent } from 'react';
import { fileCommands } from '../../state/commands.ts';

/** Run a file command for the chosen file, then clear the input so picking the same file again still fires. */
function pick(open: (f: File) => Promise<void>) {
  return (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (file) void open(file).finally(() => (input.value = ''));
  };
}

/** Header file actions: open a book or a market, load the sample, download the book. */
export function FileActions() {
  return (
    <div className="file-actions">
      <label
        className="btn btn-primary"
        title="Open a portfolio: CSV, portfolio JSON or a Deribit private/get_positions response (or drop it anywhere on the page). Replaces the book; Ctrl+Z brings the old one back."
      >
        Open portfolio
        <input
          type="file"
          className="visually-hidden"
          data-testid="portfolio-file-input"
          accept=".csv,.json,.txt,text/csv,application/json"
          onChange={pick(fileCommands.openPortfolioFile)}
        />
      </label>
      <label className="btn" title="Open a market snapshot JSON or a Deribit public/get_book_summary_by_currency response">
        Open market
        <input
          type="file"
          className="visually-hidden"
          data-testid="market-file-input"
          accept=".json,application/json"
          onChange={pick(fileCommands.openMarketFile)}
        />
      </label>
      <button
        type="button"
        className="btn"
        data-testid="load-sample"
        onClick={() => void fileCommands.loadSample()}
        title="The sample book on the embedded Deribit market (undo brings your book back)"
      >
        Load sample
      </button>
      <span className="sep" aria-hidden="true" />
      <button
        type="button"
        className="btn"
        data-testid="download-portfolio-csv"
        onClick={() => void fileCommands.downloadPortfolio('csv')}
        title="Download the book as portfolio CSV (re-imports identically)"
      >
        CSV ↓
      </button>
      <button
        type="button"
        className="btn"
        data-testid="download-portfolio-json"
        onClick={() => void fileCommands.downloadPortfolio('json')}
        title="Download the book as portfolio JSON (re-imports identically)"
      >
        JSON ↓
      </button>
    </div>
  );
}
