/**
 * Checks of a built app directory (`vite build` output), run by scripts/check-bundle.ts after both builds:
 *
 * - the production build contains no test hook: no file (scripts, workers, source maps, data) mentions
 *   `window.__riskdeck`, a `*ForTesting` name, the simulated worker crash or the e2e marker file, and it has no
 *   bench page (bench.html);
 * - the e2e build (`vite build --mode e2e`) does carry them, which proves the names searched for are the ones the
 *   hooks really use (a renamed hook would otherwise make the first check pass vacuously);
 * - both builds serve the same Content-Security-Policy, run no inline script and have the offline service worker, so
 *   what the e2e suite checks about CSP and offline use on its build holds for the production build.
 *
 * Pure Node (fs), no Vite: the unit tests run it on hand-made directories.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** File the e2e build writes at its root; playwright.config.ts refuses a build without it. */
export const E2E_MARKER_FILE = 'e2e-build.txt';

/** The browser bench page, built only in the bench and e2e modes (vite.config.ts). */
export const BENCH_PAGE = 'bench.html';

/** What only the test hooks contain (searched in every file of a build), with a readable name. */
export const TEST_HOOK_SIGNS: readonly { readonly name: string; readonly text: string }[] = [
  { name: 'window.__riskdeck', text: '__riskdeck' },
  { name: 'the crashWorker hook', text: 'crashWorker' },
  { name: 'the worker crash method (crashForTesting)', text: 'crashForTesting' },
  { name: 'the simulated worker crash', text: 'simulated worker crash' },
];

/**
 * Searched in the project's own sources as the source maps record them (not in third-party code, which has test
 * helpers of its own, e.g. AG Grid's): every module that ships code is there whole, comments included.
 */
export const OWN_SOURCE_SIGNS: readonly { readonly name: string; readonly text: string }[] = [
  ...TEST_HOOK_SIGNS,
  { name: 'a *ForTesting function', text: 'ForTesting' },
];

export interface HookHit {
  /** Path relative to the build directory, with forward slashes (plus `#source` inside a source map). */
  readonly file: string;
  readonly hook: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The project's own sources recorded in a source map (third-party modules under node_modules left out). */
function ownSources(mapText: string): { source: string; content: string }[] {
  let map: { sources?: unknown; sourcesContent?: unknown };
  try {
    map = JSON.parse(mapText) as typeof map;
  } catch {
    return [{ source: '(unreadable source map)', content: mapText }];
  }
  const sources = Array.isArray(map.sources) ? map.sources : [];
  const contents = Array.isArray(map.sourcesContent) ? map.sourcesContent : [];
  return sources
    .map((source, i) => ({ source: String(source), content: typeof contents[i] === 'string' ? (contents[i] as string) : '' }))
    .filter((s) => !/(^|[\\/])node_modules[\\/]/.test(s.source));
}

/**
 * Every file of `dir` that mentions a test hook: any file (binary ones searched as Latin-1 text) for
 * TEST_HOOK_SIGNS, and the project's own sources inside source maps for OWN_SOURCE_SIGNS.
 */
export function findTestHooks(dir: string): HookHit[] {
  const hits: HookHit[] = [];
  for (const path of walk(dir).sort()) {
    const file = relative(dir, path).split('\\').join('/');
    const text = readFileSync(path, 'latin1');
    if (file.endsWith('.map')) {
      for (const { source, content } of ownSources(readFileSync(path, 'utf8'))) {
        for (const sign of OWN_SOURCE_SIGNS) if (content.includes(sign.text)) hits.push({ file: `${file}#${source}`, hook: sign.name });
      }
    } else {
      for (const sign of TEST_HOOK_SIGNS) if (text.includes(sign.text)) hits.push({ file, hook: sign.name });
    }
  }
  return hits;
}

/** The page's Content-Security-Policy meta (attributes in any order and layout); null when there is none. */
export function cspOf(html: string): string | null {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/http-equiv\s*=\s*["']Content-Security-Policy["']/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? /\bcontent\s*=\s*'([^']*)'/i.exec(tag)?.[1];
    return content?.replace(/\s+/g, ' ').trim() ?? null;
  }
  return null;
}

/** Problems of the page shell every build must be free of (CSP present, no inline script, service worker). */
function shellProblems(dir: string, label: string): { problems: string[]; csp: string | null } {
  const problems: string[] = [];
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) return { problems: [`${label}: no index.html in ${dir}`], csp: null };
  const html = readFileSync(indexPath, 'utf8');
  const csp = cspOf(html);
  if (!csp) problems.push(`${label}: index.html has no Content-Security-Policy meta`);
  else if (!/(^|;)\s*script-src 'self'\s*(;|$)/.test(csp)) problems.push(`${label}: the CSP's script-src is not exactly 'self' (${csp})`);
  for (const [, attrs = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/.test(attrs) || body.trim() !== '') problems.push(`${label}: index.html has an inline script`);
  }
  if (!existsSync(join(dir, 'sw.js'))) problems.push(`${label}: no sw.js (offline service worker)`);
  return { problems, csp };
}

/**
 * All problems of a production build, and of the e2e build when given. Empty when both are as they must be.
 * @param productionDir output of `vite build`
 * @param e2eDir output of `vite build --mode e2e`, or null to check the production build alone
 */
export function bundleProblems(productionDir: string, e2eDir: string | null): string[] {
  const problems: string[] = [];
  const prod = shellProblems(productionDir, 'production build');
  problems.push(...prod.problems);
  for (const hit of findTestHooks(productionDir)) problems.push(`production build: ${hit.file} contains ${hit.hook}`);
  if (existsSync(join(productionDir, E2E_MARKER_FILE))) problems.push(`production build: ${E2E_MARKER_FILE} present (an e2e build?)`);
  if (existsSync(join(productionDir, BENCH_PAGE)))
    problems.push(`production build: ${BENCH_PAGE} present (built with --mode bench or e2e?)`);
  if (e2eDir === null) return problems;

  const e2e = shellProblems(e2eDir, 'e2e build');
  problems.push(...e2e.problems);
  if (!existsSync(join(e2eDir, E2E_MARKER_FILE))) problems.push(`e2e build: no ${E2E_MARKER_FILE} (not built with --mode e2e?)`);
  const scripts = findTestHooks(e2eDir).filter((h) => h.file.endsWith('.js') && !h.file.endsWith('sw.js'));
  for (const sign of TEST_HOOK_SIGNS) {
    if (!scripts.some((h) => h.hook === sign.name))
      problems.push(`e2e build: no script contains ${sign.name} (hook renamed? update TEST_HOOK_SIGNS)`);
  }
  if (prod.csp !== null && e2e.csp !== null && prod.csp !== e2e.csp) {
    problems.push(`the two builds serve different CSPs:\n  production: ${prod.csp}\n  e2e:        ${e2e.csp}`);
  }
  return problems;
}
