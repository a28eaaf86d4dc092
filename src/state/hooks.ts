import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from './appState.ts';
import { appStore } from './store.ts';

/** Atomic selector hook on the app store. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Selector returning an object/tuple, compared shallowly so unrelated updates do not re-render. */
export function useAppStoreShallow<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, useShallow(selector));
}

/** Undo/redo availability and commands for the book. */
export function useUndoRedo(): { canUndo: boolean; canRedo: boolean; undo: () => void; redo: () => void } {
  const canUndo = useStore(appStore.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(appStore.temporal, (t) => t.futureStates.length > 0);
  const { undo, redo } = appStore.temporal.getState();
  return { canUndo, canRedo, undo: () => undo(), redo: () => redo() };
}
