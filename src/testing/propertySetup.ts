/** Vitest setup file: fast-check's run count, seed and seed printing for every property (see properties.ts). */
import fc from 'fast-check';
import { expect } from 'vitest';
import { numRunsFrom, seedFrom, seedPrinter } from './properties.ts';

const seed = seedFrom(process.env);
fc.configureGlobal({ numRuns: numRunsFrom(process.env), ...(seed !== undefined ? { seed } : {}) });

// Setup files run once per test file; install the printer once per fast-check instance.
const installed = ((globalThis as { __riskdeckSeedPrinter?: WeakSet<object> }).__riskdeckSeedPrinter ??= new WeakSet<object>());
if (!installed.has(fc.installGlobalPlugin)) {
  installed.add(fc.installGlobalPlugin);
  fc.installGlobalPlugin(
    seedPrinter(
      () => expect.getState().currentTestName ?? '(outside a test)',
      (line) => console.info(line),
    ),
  );
}
