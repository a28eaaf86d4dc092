/**
 * fast-check settings for every property test (installed by `src/testing/propertySetup.ts`, a Vitest setup file):
 *
 * - `FC_NUM_RUNS` (default 100, fast-check's own default): runs per property. A property that sets its own count
 *   writes `numRuns: propertyRuns(n)`, which scales n by FC_NUM_RUNS / 100, so `FC_NUM_RUNS=1000 npx vitest run`
 *   runs every property ten times longer and none is left out.
 * - `FC_SEED`: replay a run (the seed printed for the property), with `-t` to pick the test.
 * - Each property prints one line with its test, seed and run count; a failure adds the path and how to keep the
 *   counterexample as a fixed regression case (`examples`, see docs/EXTENDING.md "Property tests").
 */
import type fc from 'fast-check';

export const DEFAULT_NUM_RUNS = 100;

type Env = Readonly<Record<string, string | undefined>>;

function positiveInteger(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

/** Runs per property (FC_NUM_RUNS, default 100). */
export function numRunsFrom(env: Env): number {
  return positiveInteger(env, 'FC_NUM_RUNS') ?? DEFAULT_NUM_RUNS;
}

/** The seed to replay (FC_SEED, any 32-bit integer), or undefined for a fresh random seed per property. */
export function seedFrom(env: Env): number | undefined {
  const raw = env.FC_SEED;
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) throw new Error(`FC_SEED must be a 32-bit integer (got "${raw}")`);
  return n;
}

/** A property's own run count scaled like the default one: n × FC_NUM_RUNS / 100, at least 1. */
export function propertyRuns(n: number, env: Env = process.env): number {
  return Math.max(1, Math.round((n * numRunsFrom(env)) / DEFAULT_NUM_RUNS));
}

/** The line printed after a property ran. */
export function seedLine(
  testName: string,
  details: Pick<fc.RunDetails<unknown>, 'seed' | 'numRuns' | 'failed' | 'counterexamplePath'>,
): string {
  const head = `fast-check: ${testName}: seed ${details.seed}, ${details.numRuns} run${details.numRuns === 1 ? '' : 's'}`;
  if (!details.failed) return head;
  return (
    `${head}, FAILED (path ${details.counterexamplePath ?? '?'}). Replay: FC_SEED=${details.seed} npx vitest run -t "<test>". ` +
    "Once fixed, keep the counterexample in the property's `examples` (docs/EXTENDING.md, Property tests)."
  );
}

/** A fast-check plugin that prints `seedLine` for every property, pass or fail (fast-check still reports failures). */
export function seedPrinter(testName: () => string, print: (line: string) => void): fc.Plugin<unknown> {
  return () => ({
    onAllRunsComplete: (details) => {
      print(seedLine(testName(), details));
    },
  });
}
