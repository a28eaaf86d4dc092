/**
 * Worker methods that exist only in the end-to-end build (`vite build --mode e2e`): risk.worker.ts exposes them
 * when `import.meta.env.MODE === 'e2e'`, a constant Vite folds, so the production bundle contains none of this
 * (scripts/check-bundle.ts asserts it).
 */
export const testHooksApi = {
  /** An uncaught error inside the worker, as a real crash would raise (exercises riskClient's crash recovery). */
  crashForTesting(): void {
    setTimeout(() => {
      throw new Error('simulated worker crash');
    }, 0);
  },
};

export type TestHooksApi = typeof testHooksApi;
