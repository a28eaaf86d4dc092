/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { offlinePlugin } from './scripts/offlinePlugin.ts';

// The browser bench page (bench.html: GPU and CPU Monte Carlo side by side) is built only in the bench and e2e
// modes (`vite build --mode bench|e2e`), never into the production bundle.
const BENCH_MODES = new Set(['bench', 'e2e']);

export default defineConfig(({ mode }) => ({
  plugins: [react(), offlinePlugin()],
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
  },
}));
