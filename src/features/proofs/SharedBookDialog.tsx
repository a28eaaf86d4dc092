/**
 * Opening a shared book (a link's fragment or an encrypted file): decrypt, check, show what it holds, and load it
 * only when the trader confirms — as one undo step of the book (the market and what-if, when shared and ticked, are
 * applied with it; like every market change they are not part of undo). Nothing is loaded on any error, and the
 * current book is never replaced silently.
 *
 * Mounted in its own React root (openSharedBook.ts), so a link opens its preview whichever tab is showing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MarketSnapshot } from '../../domain/market.ts';
import type { Portfolio, RowError } from '../../domain/position.ts';
import { appStore } from '../../state/store.ts';
import { getRiskClient } from '../../worker/riskClient.ts';
import { parseKeyText, parseShareFragment, ShareError, unseal, type Sealed, type SharedContent } from '../../proof/share.ts';
import { formatNumber, formatUtc } from '../../lib/format.ts';
import { describeSharedMarket, describeWhatIf, underlyingCounts } from './proofsModel.ts';
import '../margin/analysis.css';
import './proofs.css';

export type ShareSource =
  { readonly kind: 'link'; readonly fragment: string } | { readonly kind: 'file'; readonly sealed: Sealed; readonly fileName: string };

interface Opened {
  readonly content: SharedContent;
  readonly book: Portfolio;
  readonly rejected: readonly RowError[];
  readonly market: { readonly snapshot: MarketSnapshot; readonly format: string; readonly warnings: readonly string[] } | null;
}

type Phase =
  | { readonly step: 'auto'; readonly sealed: Sealed; readonly key: Uint8Array<ArrayBuffer> | null }
  | { readonly step: 'secret'; readonly sealed: Sealed; readonly error: string | null }
  | { readonly step: 'working' }
  | { readonly step: 'error'; readonly message: string }
  | { readonly step: 'preview'; readonly opened: Opened };

const PREVIEW_ROWS = 12;

/** Drop the share fragment from the address bar (it holds the key): a reload or a bookmark must not carry it. */
function forgetFragment(): void {
  if (location.hash.startsWith('#share=')) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}

async function openContent(content: SharedContent): Promise<Opened> {
  const client = getRiskClient();
  const r = await client.request('portfolioFiles', 'readPortfolioFile', [content.book, 'shared book.json']);
  if (!r.ok) throw new ShareError('content', `The shared book cannot be read: ${r.error} Nothing was loaded.`);
  if (r.result.portfolio.positions.length === 0) throw new ShareError('content', 'The shared book holds no position. Nothing was loaded.');
  let market: Opened['market'] = null;
  if (content.market) {
    const m = await client.request('marketFiles', 'readMarketFile', [JSON.stringify(content.market.snapshot), content.market.fileName]);
    if (!m.ok) throw new ShareError('content', `The shared market cannot be read: ${m.error} Nothing was loaded.`);
    market = { snapshot: m.snapshot, format: m.format, warnings: m.warnings };
  }
  return { content, book: r.result.portfolio, rejected: r.result.errors, market };
}

/** The first step: a file or a passphrase link asks for its secret; a key link decrypts at once. */
function initialPhase(source: ShareSource): Phase {
  if (source.kind === 'file') return { step: 'secret', sealed: source.sealed, error: null };
  try {
    const { sealed, key } = parseShareFragment(source.fragment);
    return sealed.mode === 'key' ? { step: 'auto', sealed, key } : { step: 'secret', sealed, error: null };
  } catch (e) {
    return { step: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

export function SharedBookDialog({ source, onClose }: { readonly source: ShareSource; readonly onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>(() => initialPhase(source));
  const [secret, setSecret] = useState('');
  const [loadMarket, setLoadMarket] = useState(true);
  const [applyWhatIf, setApplyWhatIf] = useState(true);
  const started = useRef(false);
  const currentRows = appStore.getState().portfolio.positions.length;

  /** Decrypt and open; every outcome is set after the awaits, never synchronously. */
  const decrypt = useCallback(async (sealed: Sealed, s: { key?: Uint8Array<ArrayBuffer> | null; passphrase?: string | null }) => {
    try {
      const content = await unseal(sealed, s);
      const opened = await openContent(content);
      setPhase({ step: 'preview', opened });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof ShareError && e.code === 'wrong-passphrase') setPhase({ step: 'secret', sealed, error: message });
      else setPhase({ step: 'error', message });
    }
  }, []);

  const close = useCallback(() => {
    if (source.kind === 'link') forgetFragment();
    onClose();
  }, [source, onClose]);

  useEffect(() => {
    if (phase.step !== 'auto' || started.current) return;
    started.current = true;
    void decrypt(phase.sealed, { key: phase.key });
  }, [phase, decrypt]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  const unlock = () => {
    if (phase.step !== 'secret') return;
    let key: Uint8Array<ArrayBuffer> | null = null;
    if (phase.sealed.mode === 'key') {
      try {
        key = parseKeyText(secret);
      } catch (e) {
        setPhase({ ...phase, error: e instanceof Error ? e.message : String(e) });
        return;
      }
    }
    const sealed = phase.sealed;
    setPhase({ step: 'working' });
    void decrypt(sealed, sealed.mode === 'key' ? { key } : { passphrase: secret });
  };

  const load = () => {
    if (phase.step !== 'preview') return;
    const { opened } = phase;
    const s = appStore.getState();
    // One `set` of the book: one undo step back to the book the trader had.
    s.importPortfolio(opened.book);
    if (opened.market && opened.content.market && loadMarket) {
      s.loadMarket(opened.market.snapshot, {
        fileName: `${opened.content.market.fileName} (shared)`,
        format: opened.market.format,
        isDefault: false,
        warnings: opened.market.warnings,
      });
      s.setMarketOverrides(opened.content.market.overrides);
    }
    if (opened.content.whatIf && applyWhatIf) s.applyScenario(opened.content.whatIf);
    s.pushNotice({
      id: 'shared-book',
      level: 'info',
      text: `Shared book loaded: ${opened.book.positions.length} positions. Undo (Ctrl+Z) brings your previous book back.`,
    });
    close();
  };

  const from = source.kind === 'link' ? 'a share link' : source.fileName;
  return (
    <div className="pf-overlay" role="presentation">
      <div
        className="pf-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shared-title"
        data-testid="shared-dialog"
        data-step={phase.step}
      >
        <header className="pf-dialog-head">
          <h2 id="shared-title">Shared book from {from}</h2>
        </header>
        <div className="pf-dialog-body">
          {phase.step === 'working' || phase.step === 'auto' ? <div className="an-note">Decrypting…</div> : null}
          {phase.step === 'secret' ? (
            <form
              className="pf-secret"
              onSubmit={(e) => {
                e.preventDefault();
                unlock();
              }}
            >
              <label className="pf-label" htmlFor="shared-secret">
                {phase.sealed.mode === 'passphrase' ? 'Passphrase' : 'Key (43 characters, sent to you apart from the file)'}
              </label>
              <div className="pf-row">
                <input
                  id="shared-secret"
                  className="text-input pf-grow"
                  type={phase.sealed.mode === 'passphrase' ? 'password' : 'text'}
                  autoComplete="off"
                  autoFocus
                  data-testid="shared-secret-input"
                  value={secret}
                  onChange={(e) => setSecret(e.currentTarget.value)}
                />
                <button type="submit" className="btn btn-primary" data-testid="shared-unlock" disabled={secret === ''}>
                  Open
                </button>
              </div>
              {phase.error ? (
                <div className="an-error" data-testid="shared-error">
                  {phase.error}
                </div>
              ) : null}
            </form>
          ) : null}
          {phase.step === 'error' ? (
            <div className="an-error" data-testid="shared-error">
              {phase.message}
            </div>
          ) : null}
          {phase.step === 'preview' ? (
            <Preview
              opened={phase.opened}
              loadMarket={loadMarket}
              setLoadMarket={setLoadMarket}
              applyWhatIf={applyWhatIf}
              setApplyWhatIf={setApplyWhatIf}
            />
          ) : null}
        </div>
        <footer className="pf-dialog-foot">
          {phase.step === 'preview' ? (
            <span className="warn-text small">
              Loading replaces your current book ({currentRows} position{currentRows === 1 ? '' : 's'}); Undo brings it back.
            </span>
          ) : (
            <span className="an-note">Nothing is loaded until you confirm.</span>
          )}
          <div className="pf-actions">
            <button type="button" className="btn" data-testid="shared-cancel" onClick={close}>
              {phase.step === 'error' ? 'Close' : 'Cancel'}
            </button>
            {phase.step === 'preview' ? (
              <button type="button" className="btn btn-primary" data-testid="shared-load" autoFocus onClick={load}>
                Load shared book
              </button>
            ) : null}
          </div>
        </footer>
      </div>
    </div>
  );
}

function Preview(props: {
  readonly opened: Opened;
  readonly loadMarket: boolean;
  readonly setLoadMarket: (v: boolean) => void;
  readonly applyWhatIf: boolean;
  readonly setApplyWhatIf: (v: boolean) => void;
}) {
  const { opened } = props;
  const { book, content } = opened;
  const whatIfRows = book.positions.filter((p) => p.whatIf).length;
  return (
    <div data-testid="shared-preview" data-positions={book.positions.length}>
      <div className="pf-preview-head">
        <strong>{book.name}</strong>
        <span className="an-note">
          {book.positions.length} positions{whatIfRows > 0 ? ` (${whatIfRows} what-if)` : ''} · {underlyingCounts(book)} · shared{' '}
          {formatUtc(content.createdAt)}
        </span>
      </div>
      {opened.rejected.length > 0 ? (
        <div className="an-warn">
          {opened.rejected.length} row{opened.rejected.length === 1 ? '' : 's'} of the shared book cannot be read and would not be loaded:{' '}
          {opened.rejected.map((e) => `${e.instrument}: ${e.message}`).join('; ')}
        </div>
      ) : null}
      <table className="an-table pf-preview-table">
        <thead>
          <tr>
            <th className="left">Instrument</th>
            <th>Quantity</th>
            <th className="left">Unit</th>
            <th className="left">Venue</th>
            <th className="left">Label</th>
          </tr>
        </thead>
        <tbody>
          {book.positions.slice(0, PREVIEW_ROWS).map((p) => (
            <tr key={p.id}>
              <th scope="row" className={p.whatIf ? 'wi-text' : undefined}>
                {p.instrument}
                {p.whatIf ? ' (what-if)' : ''}
              </th>
              <td>{formatNumber(p.quantity, Number.isInteger(p.quantity) ? 0 : 4)}</td>
              <td className="left">{p.unit ?? 'coin'}</td>
              <td className="left">{p.venue}</td>
              <td className="left muted">{p.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {book.positions.length > PREVIEW_ROWS ? <div className="an-note">… and {book.positions.length - PREVIEW_ROWS} more</div> : null}
      {content.market && opened.market ? (
        <label className="pf-check">
          <input
            type="checkbox"
            data-testid="shared-load-market"
            checked={props.loadMarket}
            onChange={(e) => props.setLoadMarket(e.currentTarget.checked)}
          />
          also use its market: {describeSharedMarket(content.market, opened.market.snapshot.valuationTime)}
        </label>
      ) : null}
      {content.whatIf ? (
        <label className="pf-check">
          <input
            type="checkbox"
            data-testid="shared-apply-whatif"
            checked={props.applyWhatIf}
            onChange={(e) => props.setApplyWhatIf(e.currentTarget.checked)}
          />
          also apply its what-if: {describeWhatIf(content.whatIf)}
        </label>
      ) : null}
    </div>
  );
}
