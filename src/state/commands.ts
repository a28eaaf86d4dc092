/**
 * The page's command objects, wired to the app store and the shared risk client. Components import commands from
 * here (or store actions through hooks); nothing in a component talks to the worker.
 */
import { appStore } from './store.ts';
import { createFileCommands, saveFileInBrowser } from './fileCommands.ts';
import { getRiskClient } from '../worker/riskClient.ts';

export const fileCommands = createFileCommands(appStore, getRiskClient(), saveFileInBrowser);

export const undoBook = (): void => appStore.temporal.getState().undo();
export const redoBook = (): void => appStore.temporal.getState().redo();
