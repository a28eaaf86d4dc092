import { useMemo, useState, type FormEvent } from 'react';
import { parseInstrument } from '../../domain/instrument.ts';
import { useAppStore } from '../../state/hooks.ts';
import { formatCoin, formatUsdWithSymbol, parseUserNumber } from '../../lib/format.ts';
import {
  EMPTY_DRAFT,
  buildTradeTicket,
  checkDraft,
  marketContext,
  suggestInstruments,
  unitsFor,
  type AddPositionDraft,
  type EntryChoice,
} from './addPositionModel.ts';
import { useTradeQuote } from './useTradeQuote.ts';
import type { TradeQuote } from '../../engine/trade/quote.ts';
import './trade.css';

const SIDES: readonly { readonly value: EntryChoice; readonly label: string }[] = [
  { value: 'mark', label: 'mark' },
  { value: 'cross', label: 'cross' },
  { value: 'bid', label: 'bid' },
  { value: 'ask', label: 'ask' },
];

/** A price in the quote's currency: coin quotes with 4 decimals, USD with 2. */
function quotePrice(q: TradeQuote, x: number): string {
  return q.quoteCurrency === 'USD'
    ? `${x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })} USD`
    : `${formatCoin(x)} ${q.quoteCurrency}`;
}

/**
 * Add a position: instrument picker that autocompletes from the market's instruments (a datalist filtered as you
 * type), quantity, unit, entry price (typed, or the mark / a side of the quoted spread), and a cash row paying the
 * premium and taker fee in the settlement currency, so that a what-if trade is not free; added as a what-if trade
 * unless unticked.
 */
export function AddPositionForm() {
  const instruments = useAppStore((s) => s.marketInstruments);
  const addPosition = useAppStore((s) => s.addPosition);
  const addTradeWithCashLeg = useAppStore((s) => s.addTradeWithCashLeg);
  const [draft, setDraft] = useState<AddPositionDraft>(EMPTY_DRAFT);
  const [side, setSide] = useState<EntryChoice>('mark');
  const [payPremium, setPayPremium] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const valuationTime = useAppStore((s) => s.market?.valuationTime ?? null);
  const context = useMemo(() => marketContext(instruments, valuationTime), [instruments, valuationTime]);
  const suggestions = useMemo(() => suggestInstruments(instruments, draft.instrument), [instruments, draft.instrument]);
  const units = useMemo(() => unitsFor(draft.instrument), [draft.instrument]);
  const canonical = useMemo(() => {
    const p = parseInstrument(draft.instrument.trim());
    return p.ok ? p.value.name : null;
  }, [draft.instrument]);
  const q = useTradeQuote(canonical, draft.unit);
  const quantity = parseUserNumber(draft.quantity);
  const typedEntry = draft.entryPrice.trim() === '' ? null : parseUserNumber(draft.entryPrice);
  const ticket = useMemo(
    () => buildTradeTicket(q.quote, quantity, side, typedEntry, payPremium),
    [q.quote, quantity, side, typedEntry, payPremium],
  );

  const update = (patch: Partial<AddPositionDraft>) => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      // A unit that no longer applies to the new instrument falls back to coin.
      return unitsFor(next.instrument).includes(next.unit) ? next : { ...next, unit: 'coin' };
    });
    setError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const check = checkDraft(draft, context);
    if (!check.ok) {
      setError(check.error);
      return;
    }
    const quote = q.quote;
    const input = { ...check.input, entryPrice: check.input.entryPrice ?? (quote ? ticket.entryPrice : null) };
    const legTerms = payPremium && quote?.cashLeg && input.entryPrice !== null ? quote.cashLeg : null;
    if (legTerms) addTradeWithCashLeg(input, legTerms);
    else addPosition(input);
    const what = `Added ${input.instrument}${input.whatIf ? ' as a what-if' : ''}`;
    const paid =
      legTerms && ticket.legQuantity !== null
        ? ` with ${formatCoin(ticket.legQuantity, { signed: true })} ${legTerms.instrument} (premium and fee)`
        : quote?.cashLeg?.paysPremium && !payPremium
          ? ' without paying its premium'
          : '';
    setNote(check.warning ?? `${what}${paid}`);
    setDraft({ ...EMPTY_DRAFT, whatIf: draft.whatIf });
  };

  return (
    <form className="add-form" onSubmit={submit} aria-label="Add a position">
      <input
        className="text-input inst-input"
        data-testid="add-instrument"
        list="market-instruments"
        placeholder={instruments.length > 0 ? `Instrument (${instruments.length} in market)` : 'Instrument, e.g. BTC-25SEP26-90000-C'}
        value={draft.instrument}
        onChange={(e) => update({ instrument: e.target.value })}
        aria-label="Instrument"
        autoComplete="off"
        spellCheck={false}
      />
      <datalist id="market-instruments">
        {suggestions.map((i) => (
          <option key={i.name} value={i.name} label={i.kind} />
        ))}
      </datalist>
      <input
        className="text-input num qty-input"
        data-testid="add-quantity"
        placeholder="Qty (− short)"
        value={draft.quantity}
        onChange={(e) => update({ quantity: e.target.value })}
        aria-label="Quantity"
        inputMode="decimal"
      />
      <select
        className="select"
        value={draft.unit}
        onChange={(e) => update({ unit: e.target.value as AddPositionDraft['unit'] })}
        aria-label="Unit"
        title="Unit of the quantity"
      >
        {units.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
      <input
        className="text-input num price-input"
        data-testid="add-entry"
        placeholder={q.quote && ticket.entryPrice !== null ? String(Number(ticket.entryPrice.toPrecision(6))) : 'Entry (opt.)'}
        value={draft.entryPrice}
        onChange={(e) => update({ entryPrice: e.target.value })}
        aria-label="Entry price"
        inputMode="decimal"
        title="Entry price in the quote currency (coin for inverse options, USD otherwise); empty: the side chosen next to it"
      />
      <select
        className="select side-select"
        value={side}
        onChange={(e) => setSide(e.target.value as EntryChoice)}
        aria-label="Entry at"
        data-testid="add-entry-side"
        title="Price of the trade when no entry is typed: the mark, or a side of the spread the snapshot quotes (cross: a buy pays the ask, a sale receives the bid)"
      >
        {SIDES.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      <label
        className="check"
        title="Book the premium and the taker fee as a cash row in the settlement currency (coin for inverse products, USDC for linear and spot)"
      >
        <input type="checkbox" checked={payPremium} onChange={(e) => setPayPremium(e.target.checked)} data-testid="add-pay-premium" />{' '}
        premium
      </label>
      <label className="check" title="Hypothetical trade: marked in the grid and excludable with one click">
        <input type="checkbox" checked={draft.whatIf} onChange={(e) => update({ whatIf: e.target.checked })} /> what-if
      </label>
      <button type="submit" className="btn btn-primary" data-testid="add-position">
        Add
      </button>
      {error ? (
        <span className="form-msg error-text" role="alert" title={error}>
          {error}
        </span>
      ) : note ? (
        <span className="form-msg muted" title={note} data-testid="add-note">
          {note}
        </span>
      ) : null}
      {q.quote || q.error ? (
        <div className="trade-ticket" data-testid="add-quote" aria-live="polite">
          {q.quote ? <TicketText quote={q.quote} ticket={ticket} payPremium={payPremium} /> : <span className="warn-text">{q.error}</span>}
        </div>
      ) : null}
    </form>
  );
}

function TicketText({
  quote,
  ticket,
  payPremium,
}: {
  readonly quote: TradeQuote;
  readonly ticket: ReturnType<typeof buildTradeTicket>;
  readonly payPremium: boolean;
}) {
  return (
    <>
      <span>
        <b>{quote.instrument}</b> mark {quotePrice(quote, quote.markPrice)}
      </span>
      <span className="muted">
        {quote.halfSpread !== null ? `spread ± ${quotePrice(quote, quote.halfSpread)}` : 'no bid/ask in the snapshot'}
      </span>
      {ticket.entryPrice !== null ? (
        <span>
          entry {quotePrice(quote, ticket.entryPrice)} <span className="muted">({ticket.entryText})</span>
        </span>
      ) : null}
      {ticket.legQuantity !== null ? (
        <span data-testid="add-quote-leg" data-quantity={String(ticket.legQuantity)}>
          pays {formatCoin(ticket.legQuantity, { signed: true })} {ticket.legInstrument}
        </span>
      ) : quote.cashLeg && !payPremium ? (
        <span className="warn-text">premium not paid: the book gains the option’s value</span>
      ) : null}
      {ticket.valueChangeUsd !== null ? (
        <span
          title="Change of the book value at today’s marks: the spread and the fee when the premium is paid"
          data-testid="add-quote-change"
          data-value={String(ticket.valueChangeUsd)}
        >
          book value {formatUsdWithSymbol(ticket.valueChangeUsd, { signed: true })}
        </span>
      ) : null}
    </>
  );
}
