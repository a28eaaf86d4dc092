import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BENCH_PAGE, E2E_MARKER_FILE, bundleProblems, cspOf, findTestHooks } from './bundleCheck.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";
const HTML = `<!doctype html><html><head>
    <meta
      http-equiv="Content-Security-Policy"
      content="${CSP}"
    />
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
  </head><body><div id="root"></div></body></html>`;

/** A map as Vite writes it: our sources and third-party ones, each with its full text. */
const sourceMap = (sources: Record<string, string>) =>
  JSON.stringify({ version: 3, sources: Object.keys(sources), sourcesContent: Object.values(sources), mappings: '' });

const PRODUCTION_FILES: Record<string, string> = {
  'index.html': HTML,
  'sw.js': 'self.addEventListener("fetch", () => {});',
  'assets/index-abc.js': 'console.log("app")',
  'assets/index-abc.js.map': sourceMap({
    '../../src/app/main.tsx': "if (import.meta.env.MODE === 'e2e') installTestHooks();",
    '../../node_modules/ag-grid-community/dist/main.esm.mjs': 'var _setStyleInjectionEnabledForTesting = () => {};',
  }),
  'data/default-market.json': '{"schemaVersion":1}',
};

const E2E_FILES: Record<string, string> = {
  ...PRODUCTION_FILES,
  [E2E_MARKER_FILE]: 'e2e build',
  'assets/index-abc.js': 'Object.defineProperty(window,"__riskdeck",{value:{crashWorker:()=>r("report","crashForTesting",[])}})',
  'assets/risk.worker-def.js': 'const t={crashForTesting(){setTimeout(()=>{throw Error("simulated worker crash")},0)}}',
};

const dirs: string[] = [];
function build(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'riskdeck-bundle-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('bundle check', () => {
  it('passes a clean production build and an e2e build that has every hook', () => {
    expect(bundleProblems(build(PRODUCTION_FILES), build(E2E_FILES))).toEqual([]);
    // Third-party test helpers in a source map are not ours: not reported.
    expect(findTestHooks(build(PRODUCTION_FILES))).toEqual([]);
  });

  it('reports a hook in a production script, worker, source or data file, by file and hook', () => {
    const dir = build({
      ...PRODUCTION_FILES,
      'assets/index-abc.js': 'window.__riskdeck={}',
      'assets/nested/risk.worker-x.js': 'throw new Error("simulated worker crash")',
      'assets/index-abc.js.map': sourceMap({ '../../src/worker/api/marginApi.ts': 'export function setAnalysisFetcherForTesting() {}' }),
    });
    expect(bundleProblems(dir, null)).toEqual([
      'production build: assets/index-abc.js contains window.__riskdeck',
      'production build: assets/index-abc.js.map#../../src/worker/api/marginApi.ts contains a *ForTesting function',
      'production build: assets/nested/risk.worker-x.js contains the simulated worker crash',
    ]);
  });

  it('reports an e2e build shipped as production, and an e2e build missing a hook (the names searched are stale)', () => {
    expect(bundleProblems(build(E2E_FILES), null)).toContain(`production build: ${E2E_MARKER_FILE} present (an e2e build?)`);
    const { 'assets/risk.worker-def.js': _worker, ...withoutWorker } = E2E_FILES;
    expect(bundleProblems(build(PRODUCTION_FILES), build(withoutWorker))).toEqual([
      'e2e build: no script contains the simulated worker crash (hook renamed? update TEST_HOOK_SIGNS)',
    ]);
    expect(bundleProblems(build({ ...PRODUCTION_FILES, [BENCH_PAGE]: HTML }), null)).toEqual([
      `production build: ${BENCH_PAGE} present (built with --mode bench or e2e?)`,
    ]);
    const { [E2E_MARKER_FILE]: _marker, ...unmarked } = E2E_FILES;
    expect(bundleProblems(build(PRODUCTION_FILES), build(unmarked))).toEqual([
      `e2e build: no ${E2E_MARKER_FILE} (not built with --mode e2e?)`,
    ]);
  });

  it('requires the CSP, no inline script and the service worker, the same in both builds', () => {
    const inline = build({ ...PRODUCTION_FILES, 'index.html': HTML.replace('</head>', '<script>alert(1)</script></head>'), 'sw.js': '' });
    expect(bundleProblems(inline, null)).toEqual(['production build: index.html has an inline script']);
    const noSw = build(PRODUCTION_FILES);
    rmSync(join(noSw, 'sw.js'));
    expect(bundleProblems(noSw, null)).toEqual(['production build: no sw.js (offline service worker)']);
    const unsafe = build({ ...PRODUCTION_FILES, 'index.html': HTML.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") });
    expect(bundleProblems(unsafe, null)[0]).toMatch(/^production build: the CSP's script-src is not exactly 'self'/);
    const other = build({ ...E2E_FILES, 'index.html': HTML.replace("default-src 'self'", "default-src 'self' https:") });
    expect(bundleProblems(build(PRODUCTION_FILES), other)[0]).toMatch(/^the two builds serve different CSPs/);
  });

  it('reads the CSP meta whatever its layout', () => {
    expect(cspOf(HTML)).toBe(CSP);
    expect(cspOf(`<meta content="${CSP}" http-equiv='Content-Security-Policy'>`)).toBe(CSP);
    expect(cspOf('<meta charset="utf-8">')).toBeNull();
  });
});
