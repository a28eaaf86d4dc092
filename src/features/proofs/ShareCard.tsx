import { useState, type ChangeEvent } from 'react';
import { useAppStoreShallow } from '../../state/hooks.ts';
import { isZeroScenario } from '../../state/slices/scenarioSlice.ts';
import { hasMarketOverrides } from '../../state/slices/marketSlice.ts';
import { saveFileInBrowser } from '../../state/fileCommands.ts';
import { getRiskClient } from '../../worker/riskClient.ts';
import {
  keyText,
  MAX_LINK_CHARS,
  parseSharedFile,
  PBKDF2_ITERATIONS,
  seal,
  shareFragment,
  sharedFile,
  ShareError,
} from '../../proof/share.ts';
import { formatBytes } from '../../lib/format.ts';
import { describeWhatIf, proofFileName, sharedBook, sharedContent } from './proofsModel.ts';
import { readPickedFile } from './readFile.ts';

type Result =
  | { readonly kind: 'link'; readonly link: string }
  | { readonly kind: 'file'; readonly chars: number; readonly text: string; readonly fileName: string; readonly key: string | null };

const MIN_PASSPHRASE = 8;

/**
 * Share the book privately: a link whose fragment (never sent to any server) holds the compressed, AES-GCM encrypted
 * book, optionally with its market and what-if; or, when too large for a link, the same sealed content as a file.
 */
export function ShareCard() {
  const { portfolio, market, marketSource, overrides, scenario } = useAppStoreShallow((s) => ({
    portfolio: s.portfolio,
    market: s.market,
    marketSource: s.marketSource,
    overrides: s.marketOverrides,
    scenario: s.scenario,
  }));
  const [includeMarket, setIncludeMarket] = useState(false);
  const [includeWhatIf, setIncludeWhatIf] = useState(false);
  const [mode, setMode] = useState<'key' | 'passphrase'>('key');
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [copied, setCopied] = useState(false);
  const whatIfRows = portfolio.positions.filter((p) => p.whatIf).length;
  const realRows = portfolio.positions.length - whatIfRows;
  const passError =
    mode !== 'passphrase'
      ? null
      : pass.length < MIN_PASSPHRASE
        ? `at least ${MIN_PASSPHRASE} characters`
        : pass !== pass2
          ? 'the two entries differ'
          : null;

  const reset = () => {
    setResult(null);
    setCopied(false);
  };

  const create = async () => {
    setBusy(true);
    setError(null);
    reset();
    try {
      const book = sharedBook(portfolio, includeWhatIf);
      if (book.positions.length === 0) throw new Error('the book is empty: there is nothing to share');
      const bookJson = await getRiskClient().request('export', 'exportPortfolio', [book, 'json']);
      const content = sharedContent(
        {
          bookJson,
          market: includeMarket && market ? { fileName: marketSource?.fileName ?? 'market.json', snapshot: market, overrides } : null,
          whatIf: includeWhatIf ? scenario : null,
        },
        new Date(),
      );
      const { sealed, key } = await seal(content, mode === 'passphrase' ? { passphrase: pass } : {});
      const base = `${location.origin}${location.pathname}${location.search}`;
      const link = `${base}#${shareFragment(sealed, key)}`;
      if (link.length <= MAX_LINK_CHARS) setResult({ kind: 'link', link });
      else {
        setResult({
          kind: 'file',
          chars: link.length,
          text: `${JSON.stringify(sharedFile(sealed), null, 2)}\n`,
          fileName: proofFileName('shared-book', content.createdAt),
          key: key ? keyText(key) : null,
        });
      }
    } catch (e) {
      setError(`The share could not be made: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
      setError('The clipboard is not available here: select the text and copy it.');
    }
  };

  const openFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    try {
      const sealed = parseSharedFile(await readPickedFile(file));
      const { openSharedBook } = await import('./openSharedBook.ts');
      openSharedBook({ kind: 'file', sealed, fileName: file.name });
    } catch (err) {
      setError(err instanceof ShareError ? `${file.name}: ${err.message}` : err instanceof Error ? err.message : String(err));
    } finally {
      input.value = '';
    }
  };

  return (
    <section className="an-section pf-share" data-testid="share-card">
      <header className="an-section-head">
        <h3>Share privately</h3>
        <span className="an-note">Encrypted in this page; the link’s secret part is never sent to a server</span>
      </header>
      <div className="an-section-body">
        <div className="pf-options">
          <span className="pf-label">Content</span>
          <span className="pf-check pf-fixed">
            <input type="checkbox" checked disabled aria-label="The book (always shared)" />
            the book ({realRows} position{realRows === 1 ? '' : 's'})
          </span>
          <label className="pf-check">
            <input
              type="checkbox"
              data-testid="share-include-market"
              checked={includeMarket}
              disabled={!market}
              onChange={(e) => (setIncludeMarket(e.currentTarget.checked), reset())}
            />
            the market snapshot{hasMarketOverrides(overrides) ? ' and your overrides' : ''}
          </label>
          <label className="pf-check">
            <input
              type="checkbox"
              data-testid="share-include-whatif"
              checked={includeWhatIf}
              onChange={(e) => (setIncludeWhatIf(e.currentTarget.checked), reset())}
            />
            the what-if ({whatIfRows} hypothetical row{whatIfRows === 1 ? '' : 's'};{' '}
            {isZeroScenario(scenario) ? 'no shock' : describeWhatIf(scenario)})
          </label>
          <span className="pf-label">Protection</span>
          <label className="pf-check">
            <input
              type="radio"
              name="share-mode"
              data-testid="share-mode-key"
              checked={mode === 'key'}
              onChange={() => (setMode('key'), reset())}
            />
            key in the link: anyone with the link can open it
          </label>
          <label className="pf-check">
            <input
              type="radio"
              name="share-mode"
              data-testid="share-mode-passphrase"
              checked={mode === 'passphrase'}
              onChange={() => (setMode('passphrase'), reset())}
            />
            passphrase: the key is derived from it (PBKDF2-SHA-256, {PBKDF2_ITERATIONS.toLocaleString('en-US')} iterations) and is not in
            the link
          </label>
          {mode === 'passphrase' ? (
            <div className="pf-pass">
              <input
                type="password"
                className="text-input"
                aria-label="Passphrase"
                placeholder="Passphrase"
                autoComplete="new-password"
                data-testid="share-passphrase"
                value={pass}
                onChange={(e) => (setPass(e.currentTarget.value), reset())}
              />
              <input
                type="password"
                className="text-input"
                aria-label="Passphrase again"
                placeholder="Again"
                autoComplete="new-password"
                data-testid="share-passphrase-confirm"
                value={pass2}
                onChange={(e) => (setPass2(e.currentTarget.value), reset())}
              />
              {passError && pass !== '' ? <span className="warn-text small">Passphrase: {passError}</span> : null}
            </div>
          ) : null}
        </div>
        <div className="pf-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="share-create"
            disabled={busy || passError !== null || realRows + (includeWhatIf ? whatIfRows : 0) === 0}
            onClick={() => void create()}
          >
            {busy ? 'Encrypting…' : 'Create link'}
          </button>
          <label className="btn" title="Open an encrypted shared-book file (you need its key or passphrase)">
            Open shared file…
            <input
              type="file"
              className="visually-hidden"
              accept=".json,application/json"
              data-testid="share-open-input"
              onChange={(e) => void openFile(e)}
            />
          </label>
        </div>
        {error ? (
          <div className="an-error" data-testid="share-error">
            {error}
          </div>
        ) : null}
        {result?.kind === 'link' ? (
          <div className="pf-result" data-testid="share-result">
            <label className="pf-label" htmlFor="share-link">
              Link ({result.link.length.toLocaleString('en-US')} characters)
              {mode === 'passphrase' ? ' — send the passphrase another way' : ''}
            </label>
            <textarea
              id="share-link"
              className="pf-link mono"
              readOnly
              rows={3}
              data-testid="share-link"
              value={result.link}
              onFocus={(e) => e.currentTarget.select()}
            />
            <div className="pf-actions">
              <button type="button" className="btn" data-testid="share-copy" onClick={() => void copy(result.link)}>
                {copied ? 'Copied' : 'Copy link'}
              </button>
            </div>
          </div>
        ) : null}
        {result?.kind === 'file' ? (
          <div className="pf-result" data-testid="share-too-large">
            <div className="warn-text">
              Too large for a link: it would be {result.chars.toLocaleString('en-US')} characters, and links over{' '}
              {MAX_LINK_CHARS.toLocaleString('en-US')} are cut by mail and chat apps. The same encrypted content as a file (
              {formatBytes(result.text.length)}):
            </div>
            <div className="pf-actions">
              <button
                type="button"
                className="btn btn-primary"
                data-testid="share-download-file"
                onClick={() => saveFileInBrowser(result.fileName, result.text, 'application/json')}
              >
                Encrypted file ↓
              </button>
            </div>
            {result.key ? (
              <>
                <label className="pf-label" htmlFor="share-file-key">
                  Its key — send it separately from the file
                </label>
                <div className="pf-row">
                  <input
                    id="share-file-key"
                    className="text-input mono pf-grow"
                    readOnly
                    data-testid="share-file-key"
                    value={result.key}
                    onFocus={(e) => e.currentTarget.select()}
                  />
                  <button type="button" className="btn" onClick={() => void copy(result.key!)}>
                    {copied ? 'Copied' : 'Copy key'}
                  </button>
                </div>
              </>
            ) : (
              <div className="an-note">Opened with the passphrase; send it separately from the file.</div>
            )}
          </div>
        ) : null}
      </div>
    </section>
  );
}
