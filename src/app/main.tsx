import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { appStore } from '../state/store.ts';
import { startRiskRunner } from '../state/riskRunner.ts';
import { bootstrap } from '../state/bootstrap.ts';
import { createIdbStorage } from '../state/persistence.ts';
import { fileCommands } from '../state/commands.ts';
import { getRiskClient } from '../worker/riskClient.ts';
import { watchShareLinks } from '../features/proofs/shareLinkWatcher.ts';
import { installTestHooks } from './testHooks.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Outside React: one runner and one bootstrap per page, immune to StrictMode's double effects.
startRiskRunner(appStore, getRiskClient());
const started = bootstrap(appStore, fileCommands, createIdbStorage());
// A share link opens its preview once the session is restored, so loading it is one undoable step over that book.
void started.then(watchShareLinks);
void started.then((autosave) => {
  if (!autosave) return;
  // Best effort: a write scheduled just before the tab closes still goes out.
  window.addEventListener('pagehide', () => void autosave.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void autosave.flush();
  });
});

// Offline: the built app registers its service worker (scripts/offlinePlugin.ts), which precaches every asset and
// the bundled data so a second visit works with the network off. Not in dev, where Vite serves modules live.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Offline support is an extra: the app works online without it.
    });
  });
}

// The end-to-end build's hooks (see testHooks.ts); Vite folds the condition, so no other build contains them.
if (import.meta.env.MODE === 'e2e') installTestHooks();
