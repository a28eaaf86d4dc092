/**
 * Where the bundled daily histories live, as an absolute URL the worker can fetch: resolved against the page's base
 * URL (the app is built with base './', so it also works under a sub-path), never hard-coded to a host.
 */
export function historyBaseUrl(): string {
  return new URL('./data/history/', document.baseURI).href;
}
