import type { ChangeEvent } from 'react';
import { fileCommands } from '../../state/commands.ts';

/** Run a file command for the chosen files, then clear the input so picking the same file again still fires. */
function pick(open: (files: readonly File[]) => Promise<void>) {
  return (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const files = Array.from(input.files ?? []);
    if (files.length > 0) void open(files).finally(() => (input.value = ''));
  };
}

/** Header file actions: open a book or a market, load the sample, download the book. */
export function FileActions() {
  return (
    <div className="file-actions">
      <label
        className="btn btn-primary"
        title="Open a portfolio: CSV, portfolio JSON or Deribit private/get_positions responses (or drop them anywhere on the page). Several files at once make one book (e.g. the BTC and the ETH get_positions). Replaces the book (Ctrl+Z brings it back; the bar above then offers to add the file to it instead)."
      >
        Open portfolio
        <input
          type="file"
          className="visually-hidden"
          data-testid="portfolio-file-input"
          accept=".csv,.json,.txt,text/csv,application/json"
          multiple
          onChange={pick(fileCommands.openPortfolioFiles)}
        />
      </label>
      <label
        className="btn"
        title="Open a market snapshot JSON or Deribit public/get_book_summary_by_currency responses. Several files at once (e.g. BTC options, BTC futures, ETH options, ETH futures) are merged by underlying; conflicting duplicates are refused."
      >
        Open market
        <input
          type="file"
          className="visually-hidden"
          data-testid="market-file-input"
          accept=".json,application/json"
          multiple
          onChange={pick(fileCommands.openMarketFiles)}
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
