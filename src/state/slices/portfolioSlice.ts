import type { CashLegTerms, Portfolio, Position, QuantityUnit } from '../../domain/position.ts';
import { cashLegLabel, cashLegQuantity } from '../../engine/trade/cashLeg.ts';
import type { SliceCreator } from '../appState.ts';

/** What the user asks for when adding a row from the instrument picker. */
export interface NewPositionInput {
  readonly instrument: string;
  readonly quantity: number;
  readonly unit?: QuantityUnit;
  readonly entryPrice?: number | null;
  readonly venue?: string;
  readonly label?: string;
  /** Hypothetical trade (default true: rows added by hand are what-ifs until committed). */
  readonly whatIf?: boolean;
}

export interface PortfolioSlice {
  /** The book. Every edit replaces this object, which is what undo/redo tracks (see store.ts). */
  portfolio: Portfolio;
  /** Replace the book with a freshly imported one (undoable). */
  importPortfolio: (portfolio: Portfolio) => void;
  editQuantity: (id: string, quantity: number) => void;
  editEntryPrice: (id: string, entryPrice: number | null) => void;
  editLabel: (id: string, label: string) => void;
  editVenue: (id: string, venue: string) => void;
  /** Adds a row and returns its id. */
  addPosition: (input: NewPositionInput) => string;
  /** Adds several rows as ONE undo step (e.g. a suggested hedge) and returns their ids; no-op for an empty list. */
  addPositions: (inputs: readonly NewPositionInput[]) => string[];
  /**
   * Adds a trade and the cash row that pays its premium and fee (same venue, what-if flag), as ONE undo step; the
   * cash row then follows the trade (quantity, entry, switch, commit, delete). Returns [trade id, cash row id].
   * `input.entryPrice` must be set for the premium to be paid (no entry: the fee only).
   */
  addTradeWithCashLeg: (input: NewPositionInput, terms: CashLegTerms) => [string, string];
  deletePosition: (id: string) => void;
  /** Include or exclude a row from every figure (one click on a what-if row). */
  setExcluded: (id: string, excluded: boolean) => void;
  /** Mark a row as hypothetical, or commit a hypothetical row into the real book. */
  setWhatIf: (id: string, whatIf: boolean) => void;
  /** Include or exclude every what-if row at once. */
  setAllWhatIfExcluded: (excluded: boolean) => void;
}

export const EMPTY_PORTFOLIO: Portfolio = { name: 'Empty book', positions: [] };

/** A session-unique id not already used in `positions` (ids are never written to files). */
export function newPositionId(positions: readonly Position[]): string {
  const taken = new Set(positions.map((p) => p.id));
  let n = positions.length + 1;
  while (taken.has(`new-${n}`)) n += 1;
  return `new-${n}`;
}

function mapPosition(portfolio: Portfolio, id: string, update: (p: Position) => Position): Portfolio {
  let changed = false;
  const positions = portfolio.positions.map((p) => {
    if (p.id !== id) return p;
    const next = update(p);
    if (next !== p) changed = true;
    return next;
  });
  // Unchanged edits keep the same object, so they do not create an undo step.
  return changed ? { ...portfolio, positions } : portfolio;
}

/**
 * Apply `fn` to the trade `id`, then bring its cash legs in line with the updated trade (quantity from its quantity
 * and entry; venue, what-if flag and switch copied). A cash leg edited on its own loses its link instead: the
 * trader's hand-typed amount wins.
 */
function updateWithLegs(portfolio: Portfolio, id: string, fn: (p: Position) => Position, handEdit: boolean): Portfolio {
  const trade = portfolio.positions.find((p) => p.id === id);
  if (trade === undefined) return portfolio;
  let next = mapPosition(portfolio, id, fn);
  if (next === portfolio) return portfolio;
  if (handEdit && trade.cashLeg !== undefined) {
    return mapPosition(next, id, (p) => {
      const { cashLeg: _unlinked, ...rest } = p;
      return rest;
    });
  }
  const updated = next.positions.find((p) => p.id === id)!;
  for (const leg of next.positions.filter((p) => p.cashLeg?.of === id)) next = mapPosition(next, leg.id, (l) => followTrade(l, updated));
  return next;
}

/** A cash leg brought in line with its trade. Unchanged legs keep their object. */
function followTrade(leg: Position, trade: Position): Position {
  if (!leg.cashLeg) return leg;
  const quantity = cashLegQuantity(leg.cashLeg, trade.quantity, trade.entryPrice);
  let next = leg;
  if (leg.quantity !== quantity) next = { ...next, quantity };
  if (leg.venue !== trade.venue) next = { ...next, venue: trade.venue };
  if (Boolean(leg.whatIf) !== Boolean(trade.whatIf)) next = withFlag(next, 'whatIf', Boolean(trade.whatIf));
  if (Boolean(leg.excluded) !== Boolean(trade.excluded)) next = withFlag(next, 'excluded', Boolean(trade.excluded));
  return next;
}

export const createPortfolioSlice: SliceCreator<PortfolioSlice> = (set, get) => {
  const update = (id: string, fn: (p: Position) => Position, handEdit = false) =>
    set((s) => ({ portfolio: updateWithLegs(s.portfolio, id, fn, handEdit) }));

  return {
    portfolio: EMPTY_PORTFOLIO,

    importPortfolio: (portfolio) => set({ portfolio }),

    editQuantity: (id, quantity) => {
      if (!Number.isFinite(quantity)) return;
      update(id, (p) => (p.quantity === quantity ? p : { ...p, quantity }), true);
    },

    editEntryPrice: (id, entryPrice) => {
      if (entryPrice !== null && !Number.isFinite(entryPrice)) return;
      update(id, (p) => (p.entryPrice === entryPrice ? p : { ...p, entryPrice }));
    },

    editLabel: (id, label) => update(id, (p) => (p.label === label ? p : { ...p, label })),

    editVenue: (id, venue) => {
      const v = venue.trim() || 'deribit';
      update(id, (p) => (p.venue === v ? p : { ...p, venue: v }));
    },

    addPosition: (input) => {
      const { portfolio } = get();
      const position = newPosition(input, newPositionId(portfolio.positions));
      set({ portfolio: { ...portfolio, positions: [...portfolio.positions, position] } });
      return position.id;
    },

    addPositions: (inputs) => {
      if (inputs.length === 0) return [];
      const { portfolio } = get();
      const positions = [...portfolio.positions];
      for (const input of inputs) positions.push(newPosition(input, newPositionId(positions)));
      // One `set`, so zundo records a single undo step for the whole batch.
      set({ portfolio: { ...portfolio, positions } });
      return positions.slice(portfolio.positions.length).map((p) => p.id);
    },

    addTradeWithCashLeg: (input, terms) => {
      const { portfolio } = get();
      const trade = newPosition(input, newPositionId(portfolio.positions));
      const legId = newPositionId([...portfolio.positions, trade]);
      const leg: Position = {
        id: legId,
        instrument: terms.instrument,
        quantity: cashLegQuantity(terms, trade.quantity, trade.entryPrice),
        entryPrice: null,
        venue: trade.venue,
        label: cashLegLabel(terms, trade.instrument),
        ...(trade.whatIf ? { whatIf: true } : {}),
        cashLeg: { ...terms, of: trade.id },
      };
      set({ portfolio: { ...portfolio, positions: [...portfolio.positions, trade, leg] } });
      return [trade.id, legId];
    },

    deletePosition: (id) =>
      set((s) => {
        // A trade's cash legs go with it (the premium was never paid).
        const positions = s.portfolio.positions.filter((p) => p.id !== id && p.cashLeg?.of !== id);
        return positions.length === s.portfolio.positions.length ? s : { portfolio: { ...s.portfolio, positions } };
      }),

    setExcluded: (id, excluded) => update(id, (p) => (Boolean(p.excluded) === excluded ? p : withFlag(p, 'excluded', excluded))),

    setWhatIf: (id, whatIf) =>
      update(id, (p) => {
        if (Boolean(p.whatIf) === whatIf) return p;
        // Committing a hypothetical trade also switches it back on: an excluded real row would be a trap.
        const next = withFlag(p, 'whatIf', whatIf);
        return whatIf ? next : withFlag(next, 'excluded', false);
      }),

    setAllWhatIfExcluded: (excluded) =>
      set((s) => {
        let changed = false;
        const positions = s.portfolio.positions.map((p) => {
          if (!p.whatIf || Boolean(p.excluded) === excluded) return p;
          changed = true;
          return withFlag(p, 'excluded', excluded);
        });
        return changed ? { portfolio: { ...s.portfolio, positions } } : s;
      }),
  };
};

function newPosition(input: NewPositionInput, id: string): Position {
  return {
    id,
    instrument: input.instrument.trim(),
    quantity: input.quantity,
    ...(input.unit ? { unit: input.unit } : {}),
    entryPrice: input.entryPrice ?? null,
    venue: input.venue?.trim() || 'deribit',
    label: input.label?.trim() ?? '',
    whatIf: input.whatIf ?? true,
  };
}

/** Set or drop an optional boolean flag, keeping positions free of `false` noise (exports stay identical). */
function withFlag(p: Position, key: 'whatIf' | 'excluded', value: boolean): Position {
  if (value) return { ...p, [key]: true };
  const { [key]: _dropped, ...rest } = p;
  return rest;
}
