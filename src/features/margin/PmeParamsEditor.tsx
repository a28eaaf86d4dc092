import { useState } from 'react';
import type { PmeParamsInUse } from '../../worker/api/marginApi.ts';
import { useAppStore } from '../../state/hooks.ts';

const SOURCE_TEXT: Readonly<Record<PmeParamsInUse['source'], string>> = {
  edited: 'your edited set (saved with the session)',
  file: 'public/data/margin-params.json',
  'built-in': 'the built-in copy of margin-params.json (the file could not be used)',
};

/**
 * The PME parameter set in use, editable as JSON in Deribit's `model_params` shape (paste a current set from the
 * exchange; `general.extended_moves` is ours). The worker validates it (parsePmeParams) and falls back to the
 * file when it does not validate, saying why.
 */
export function PmeParamsEditor({ inUse }: { readonly inUse: PmeParamsInUse | null }) {
  const override = useAppStore((s) => s.analysis.pmeParamsOverride);
  const setOverride = useAppStore((s) => s.setPmeParamsOverride);
  const [draft, setDraft] = useState<string | null>(null);
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const shown = draft ?? JSON.stringify(override ?? inUse?.params ?? {}, null, 2);

  const apply = () => {
    try {
      setOverride(JSON.parse(shown) as unknown);
      setSyntaxError(null);
      setDraft(null);
    } catch (e) {
      setSyntaxError(`Not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="pme-params" data-testid="pme-params">
      <div className="an-note">
        In use:{' '}
        <b data-testid="pme-params-source" data-source={inUse?.source}>
          {inUse ? SOURCE_TEXT[inUse.source] : '…'}
        </b>
        {inUse?.params.source ? <> · {inUse.params.source}</> : null}
      </div>
      {inUse && inUse.errors.length > 0 ? (
        <ul className="an-list an-error" data-testid="pme-params-errors">
          {inUse.errors.slice(0, 8).map((e) => (
            <li key={e}>{e}</li>
          ))}
          {inUse.errors.length > 8 ? <li>… and {inUse.errors.length - 8} more</li> : null}
        </ul>
      ) : null}
      <textarea
        className="pme-json mono"
        spellCheck={false}
        aria-label="PME parameters (JSON)"
        data-testid="pme-params-json"
        value={shown}
        onChange={(e) => setDraft(e.target.value)}
      />
      {syntaxError ? <div className="an-error">{syntaxError}</div> : null}
      <div className="an-actions">
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={apply}
          disabled={draft === null}
          data-testid="pme-params-apply"
        >
          Apply
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setOverride(null);
            setDraft(null);
            setSyntaxError(null);
          }}
          disabled={override === null && draft === null}
          data-testid="pme-params-reset"
          title="Use public/data/margin-params.json again"
        >
          Reset to file
        </button>
        <span className="an-note">Moves and ranges are decimals (0.16 = 16 %); dampener, offsets cap and threshold in USD.</span>
      </div>
    </div>
  );
}
