import { useMemo, useState } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { fileCommands } from '../../state/commands.ts';
import type { ImportPrompt } from '../../state/slices/uiSlice.ts';
import type { PortfolioColumn } from '../../io/portfolioCsv.ts';
import { MAPPABLE_COLUMNS, guessColumnMapping, toColumnMap } from './importReportModel.ts';
import './files.css';

/**
 * The question about the last opened file, inline above the page (never a blocking dialog): add instead of replace,
 * load the good rows of a file with rejected rows, map a foreign CSV header, keep underlyings of the previous market.
 * A prompt about a book or market that has changed since is not shown (its answer would no longer apply).
 */
export function ImportPromptBar() {
  const prompt = useAppStore((s) => s.importPrompt);
  const portfolio = useAppStore((s) => s.portfolio);
  const market = useAppStore((s) => s.market);
  const dismiss = useAppStore((s) => s.setImportPrompt);
  if (!prompt) return null;
  if (prompt.kind === 'replaced' && portfolio !== prompt.loaded) return null;
  if (prompt.kind === 'market-replaced' && market !== prompt.loaded) return null;
  return (
    <div
      className={`notice import-prompt ${prompt.kind === 'bad-rows' || prompt.kind === 'map-columns' ? 'notice-warning' : 'notice-info'}`}
      data-testid="import-prompt"
      data-kind={prompt.kind}
      role="group"
      aria-label="About the file you opened"
    >
      <PromptBody prompt={prompt} />
      {prompt.kind !== 'bad-rows' ? (
        <button type="button" className="icon-btn" onClick={() => dismiss(null)} aria-label="Dismiss" data-testid="import-prompt-dismiss">
          ✕
        </button>
      ) : null}
    </div>
  );
}

function PromptBody({ prompt }: { readonly prompt: ImportPrompt }) {
  switch (prompt.kind) {
    case 'replaced':
      return (
        <span className="prompt-text">
          <b>{prompt.fileName}</b> replaced the book “{prompt.previous.name}” ({prompt.previous.positions.length} positions; Ctrl+Z brings
          it back).{' '}
          <button
            type="button"
            className="btn btn-small"
            data-testid="import-prompt-add-instead"
            onClick={() => fileCommands.answerPrompt('add-instead')}
          >
            Add it to “{prompt.previous.name}” instead
          </button>
        </span>
      );
    case 'bad-rows':
      return (
        <span className="prompt-text">
          <b>{prompt.fileName}</b> has {prompt.badRows} rejected {prompt.badRows === 1 ? 'row' : 'rows'} (listed under Last import). Load
          the {prompt.goodRows} good {prompt.goodRows === 1 ? 'row' : 'rows'}?{' '}
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="import-prompt-replace"
            onClick={() => fileCommands.answerPrompt('replace')}
          >
            Replace the book
          </button>{' '}
          <button type="button" className="btn btn-small" data-testid="import-prompt-add" onClick={() => fileCommands.answerPrompt('add')}>
            Add to the book
          </button>{' '}
          <button
            type="button"
            className="btn btn-small"
            data-testid="import-prompt-cancel"
            onClick={() => fileCommands.answerPrompt('cancel')}
          >
            Keep my book
          </button>
        </span>
      );
    case 'map-columns':
      // Keyed by the file and its header: a new file starts from a new guess.
      return <MappingForm key={`${prompt.fileName}|${prompt.header.found.join('|')}`} prompt={prompt} />;
    case 'market-replaced':
      return (
        <span className="prompt-text">
          <b>{prompt.fileName}</b> has no {prompt.missing.join(', ')}: the figures of{' '}
          {prompt.missing.length === 1 ? 'that underlying' : 'those underlyings'} are unpriced now.{' '}
          <button
            type="button"
            className="btn btn-small"
            data-testid="import-prompt-keep-market"
            onClick={() => fileCommands.answerPrompt('keep-previous-market')}
          >
            Keep {prompt.missing.join(', ')} from{' '}
            {prompt.previous.source.isDefault ? 'the embedded market' : prompt.previous.source.fileName}
          </button>
        </span>
      );
  }
}

function MappingForm({ prompt }: { readonly prompt: Extract<ImportPrompt, { kind: 'map-columns' }> }) {
  const guess = useMemo(() => guessColumnMapping(prompt.header.found), [prompt.header.found]);
  const [mapping, setMapping] = useState<Partial<Record<PortfolioColumn, string>>>(guess);
  const ready = mapping.instrument !== undefined && mapping.quantity !== undefined;
  return (
    <form
      className="prompt-text mapping-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) void fileCommands.importWithMapping(toColumnMap(mapping));
      }}
    >
      <span>
        <b>{prompt.fileName}</b> has no {prompt.header.missing.join(' or ')} column. Match its columns to ours:
      </span>
      {MAPPABLE_COLUMNS.map((col) => (
        <label key={col} className="map-field">
          <span className={col === 'instrument' || col === 'quantity' ? 'map-required' : 'muted'}>{col}</span>
          <select
            className="select"
            value={mapping[col] ?? ''}
            data-testid={`import-map-${col}`}
            onChange={(e) => setMapping((m) => ({ ...m, [col]: e.target.value === '' ? undefined : e.target.value }))}
          >
            <option value="">—</option>
            {prompt.header.found.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button
        type="submit"
        className="btn btn-small btn-primary"
        disabled={!ready}
        data-testid="import-map-apply"
        title={ready ? 'Read the file again with this mapping' : 'Pick the columns holding the instrument and the quantity'}
      >
        Read again
      </button>
      <button type="button" className="btn btn-small" data-testid="import-map-template" onClick={() => fileCommands.downloadTemplate()}>
        Template CSV ↓
      </button>
    </form>
  );
}
