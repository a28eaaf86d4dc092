/**
 * Reconnect delays: exponential backoff with "equal jitter" (half of each step fixed, half random), so that many
 * clients dropped at once do not reconnect in lockstep, yet no retry comes sooner than half its step.
 *
 *   step(n) = min(maxMs, initialMs · factor^n),  delay(n) = step(n)/2 + u · step(n)/2,  u ~ U[0, 1)
 *
 * n counts failed attempts since the last connection that completed its setup. After a rate-limit error (10028,
 * which ends the session) or a maintenance notice (11051) the delay is at least the configured wait for that case.
 */

export interface BackoffOptions {
  /** First step, ms. */
  readonly initialMs: number;
  /** Largest step, ms. */
  readonly maxMs: number;
  readonly factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000, factor: 2 };

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry).
 * @param random a draw in [0, 1)
 */
export function backoffDelayMs(attempt: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const n = Math.max(0, Math.floor(attempt));
  const step = Math.min(options.maxMs, options.initialMs * options.factor ** n);
  const u = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (u * step) / 2);
}

/** The whole schedule for `attempts` retries with the given draws (for docs and tests). */
export function backoffSchedule(randoms: readonly number[], options: BackoffOptions = DEFAULT_BACKOFF): number[] {
  return randoms.map((u, i) => backoffDelayMs(i, u, options));
}
