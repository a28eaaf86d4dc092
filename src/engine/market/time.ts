/**
 * Time conventions: ACT/365 in milliseconds (METHODOLOGY.md §2): T = Δms / (365 · 86 400 000).
 * Crypto trades every calendar day, so a "day" is always a calendar day of 86 400 000 ms.
 */

export const MS_PER_DAY = 86_400_000;
export const MS_PER_YEAR = 365 * MS_PER_DAY;
export const DAYS_PER_YEAR = 365;

/** ACT/365 year fraction from `fromMs` to `toMs` (negative when `toMs` is earlier). */
export function yearFraction(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / MS_PER_YEAR;
}

/**
 * Parse an ISO-8601 instant to epoch ms.
 * @throws Error naming the text when it is not a valid date.
 */
export function parseIsoMs(text: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`"${text}" is not an ISO-8601 date-time`);
  return ms;
}
