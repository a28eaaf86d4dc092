import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_MARKER_FILE } from './scripts/bundleCheck.ts';

// Overridable so several builds can be tested side by side: E2E_PORT, E2E_DIST (vite build --mode e2e --outDir), E2E_OUT.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist-e2e';

// The suite needs the e2e build (the production build plus its test hooks); a production build would fail in
// confusing ways, so say what to run instead.
if (!existsSync(join(DIST, E2E_MARKER_FILE))) {
  throw new Error(
    `${DIST} is not an e2e build (no ${E2E_MARKER_FILE}). Build it first: npx vite build --mode e2e --emptyOutDir --outDir ${DIST}`,
  );
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// WebGPU specs run in their own project: Chromium on Linux exposes a WebGPU adapter only with
// --enable-unsafe-webgpu (without a GPU, its software adapter, SwiftShader; --disable-gpu does not remove it), and
// the other specs must keep seeing no adapter so the VaR panel's Monte Carlo stays on the CPU workers there.
const GPU_SPECS = /var-gpu\.spec\.ts$/;

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: process.env.E2E_OUT ?? 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    acceptDownloads: true,
    trace: 'off',
    viewport: { width: 1600, height: 1000 },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: GPU_SPECS,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1600, height: 1000 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: CHROMIUM_ARGS,
        },
      },
    },
    {
      name: 'webgpu',
      testMatch: GPU_SPECS,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1600, height: 1000 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
