/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { offlinePlugin } from './scripts/offlinePlugin.ts';
import { E2E_MARKER_FILE } from './scripts/bundleCheck.ts';
import { cspPlugin } from './scripts/cspPlugin.ts';

// The browser bench page (bench.html: GPU and CPU Monte Carlo side by side) is built only in the bench and e2e
// modes (`vite build --mode bench|e2e`), never into the production bundle.
const BENCH_MODES = new Set(['bench', 'e2e']);

/**
 * `vite build --mode e2e` is the end-to-end tests' build: the production build plus the test hooks that main.tsx and
 * risk.worker.ts add under `import.meta.env.MODE === 'e2e'`, and a marker file that playwright.config.ts requires.
 */
function e2eMarker(): Plugin {
  return {
    name: 'riskdeck-e2e-marker',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: E2E_MARKER_FILE,
        source: 'Built with `vite build --mode e2e`: carries test hooks. For the end-to-end tests only; never deploy.\n',
      });
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [react(), offlinePlugin(), cspPlugin(), ...(mode === 'e2e' ? [e2eMarker()] : [])],
  base: './',
  worker: { format: 'es' as const },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    ...(BENCH_MODES.has(mode) ? { rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } } } : {}),
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    setupFiles: ['src/testing/propertySetup.ts'],
  },
}));
