/**
 * Building one book from several portfolio files (Deribit answers `private/get_positions` per currency, so a trader
 * has a BTC and an ETH file), and adding a file to the book in use. Pure: no DOM, no Node APIs.
 *
 * Rules: positions keep their order (the first book's, then each added book's); the first book's positions keep
 * their ids, added positions get fresh `p<n>` ids unused in the result; `line` stays the line in its own file;
 * the name is the books' names joined with " + " (a name already in the list is not repeated); unknown top-level
 * fields are kept, the first book's value winning when two books carry the same key.
 */
import type { Portfolio, Position } from '../domain/position.ts';

/** Join the names of books, without repeating one: `btc-positions + eth-positions`. */
export function joinedBookName(names: readonly string[]): string {
  const unique: string[] = [];
  for (const n of names) {
    const t = n.trim();
    if (t !== '' && !unique.includes(t)) unique.push(t);
  }
  return unique.length === 0 ? 'Portfolio' : unique.join(' + ');
}

/**
 * One book holding every position of `books`, in order.
 * @param books at least one book
 * @param name the merged book's name (default: the names joined with " + ")
 */
export function mergePortfolios(books: readonly Portfolio[], name?: string): Portfolio {
  const first = books[0];
  if (first === undefined) return { name: name ?? 'Portfolio', positions: [] };
  const positions: Position[] = [...first.positions];
  const taken = new Set(positions.map((p) => p.id));
  let next = 1;
  const freshId = (): string => {
    while (taken.has(`p${next}`)) next += 1;
    const id = `p${next}`;
    taken.add(id);
    return id;
  };
  for (const book of books.slice(1)) for (const p of book.positions) positions.push({ ...p, id: freshId() });
  let extra: Record<string, unknown> | undefined;
  for (const book of books) {
    for (const [key, value] of Object.entries(book.extra ?? {})) {
      extra ??= {};
      if (!Object.hasOwn(extra, key)) Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return {
    name: name ?? joinedBookName(books.map((b) => b.name)),
    positions,
    ...(extra !== undefined ? { extra } : {}),
  };
}
