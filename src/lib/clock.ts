/**
 * The wall clock: the one place the app reads "now" for ages and "today" (market age, expired instruments, download
 * stamps). Pure view-models take `nowMs` as an argument so unit tests pass a fixed time; end-to-end tests fix the
 * page's clock with Playwright's `page.clock`, which this reads through `Date.now()`.
 */
export function nowMs(): number {
  return Date.now();
}

/** `2026-12-04`: the UTC calendar day of an instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
