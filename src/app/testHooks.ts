/**
 * Hooks for the end-to-end tests, installed only by the e2e build (`vite build --mode e2e`; main.tsx calls
 * `installTestHooks` under `import.meta.env.MODE === 'e2e'`, which Vite folds to `false` in every other build, so
 * the production bundle carries none of this: scripts/check-bundle.ts asserts it).
 */
import { getRiskClient, type Channel } from '../worker/riskClient.ts';
import type { TestHooksApi } from '../worker/testHooksApi.ts';

/** The worker method behind `crashWorker` (exposed by risk.worker.ts in the e2e build only). */
const CRASH: keyof TestHooksApi = 'crashForTesting';

/** `window.__riskdeck`: crash the compute worker to check that the page recovers. */
export function installTestHooks(): void {
  // The client is typed on the production API; the e2e worker adds the test methods.
  const request = getRiskClient().request.bind(getRiskClient()) as unknown as (
    channel: Channel,
    method: string,
    args: [],
  ) => Promise<unknown>;
  Object.defineProperty(window, '__riskdeck', {
    value: Object.freeze({ crashWorker: () => void request('report', CRASH, []).catch(() => undefined) }),
  });
}
